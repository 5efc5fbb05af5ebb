package org.ascmr.jobs.score;

import java.util.Map;
import org.ascmr.error.StateException;
import org.ascmr.io.ArtifactKind;
import org.ascmr.io.Metadata;
import org.ascmr.jobs.io.ArtifactStore;
import org.ascmr.pmie.PmieDims;
import org.ascmr.pmie.PmieModel;

/**
 * The INFORMATIVENESS_MODEL artefact: a directory with metadata.json (how it was trained) and
 * the estimator's weights ({@link PmieModel#FILE_NAME}). {@code ascmr score} writes one inside
 * its output as {@code model/} (and the other members of an ensemble as {@code model-member-<m>/});
 * {@code --model} reads one back.
 */
final class EstimatorStore {
  static final String DIR = "model";

  private EstimatorStore() {}

  /** Where member m > 0 of an ensemble ({@code score.ensemble}) is written, beside member 0's {@link #DIR}. */
  static String memberDir(int m) {
    return DIR + "-member-" + m;
  }

  /** Writes the model files into {@code dir} (inside an artefact being committed). */
  static void write(ArtifactStore store, String dir, PmieModel model, Metadata metadata) {
    store.writeBytes(dir + "/" + PmieModel.FILE_NAME, model.toBytes());
    store.writeString(dir + "/" + Metadata.FILE_NAME, metadata.toJson());
  }

  /** A loaded estimator with the metadata it was saved with. */
  record Loaded(PmieModel model, Metadata metadata) {}

  static Loaded read(ArtifactStore store, String dir) {
    Metadata md = store.readMetadata(dir, ArtifactKind.INFORMATIVENESS_MODEL);
    String file = dir + "/" + PmieModel.FILE_NAME;
    if (!store.exists(file)) throw new StateException(dir, "has no " + PmieModel.FILE_NAME);
    return new Loaded(PmieModel.fromBytes(store.readBytes(file), file), md);
  }

  /** Refuses a model whose input dimensions are not those of the features to score. */
  static void checkDims(String dir, PmieDims dims, int imageDim, int textDim) {
    if (dims.imageDim() != imageDim || dims.textDim() != textDim) {
      throw new StateException(dir, "the estimator takes " + dims.imageDim() + "-d image and " + dims.textDim()
          + "-d text features, but the features to score are " + imageDim + "-d and " + textDim + "-d");
    }
  }

  static Map<String, Object> dimsDetail(PmieDims dims) {
    return Map.of("imageDim", dims.imageDim(), "textDim", dims.textDim(), "embedDim", dims.embedDim(),
        "hidden", dims.hidden());
  }
}
