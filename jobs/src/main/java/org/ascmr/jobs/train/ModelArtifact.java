package org.ascmr.jobs.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.ascmr.error.StateException;
import org.ascmr.io.ArtifactKind;
import org.ascmr.io.Metadata;
import org.ascmr.jobs.io.ArtifactStore;
import org.ascmr.model.ModelSpec;
import org.ascmr.model.RetrievalModel;

/**
 * The retrieval-model artefact directory written by {@code ascmr train}:
 * <pre>
 *   metadata.json   kind retrieval-model, settings, inputs; details.model = dims, labels, best epoch
 *   model.json      the ModelSpec: input sizes, label names (logit order), architecture
 *   model.sd        the SameDiff file: graph and weights (org.nd4j SameDiff.load reads it)
 *   summary.json    how training went (TrainSummary)
 * </pre>
 */
public final class ModelArtifact {
  public static final String SPEC_FILE = "model.json";
  public static final String SAMEDIFF_FILE = "model.sd";
  public static final String SUMMARY_FILE = "summary.json";
  public static final String DETAIL_KEY = "model";

  /** A model read back with its metadata; {@code bytes} is the model as one blob for broadcasting. */
  public record Loaded(String path, Metadata metadata, RetrievalModel model, byte[] bytes) {
    public ModelSpec spec() {
      return model.spec();
    }
  }

  private ModelArtifact() {}

  /** Writes the model files into {@code dir} (a temporary directory of ArtifactStore.commit). */
  static void writeFiles(ArtifactStore store, String dir, RetrievalModel model, String summaryJson) {
    store.writeString(dir + "/" + SPEC_FILE, model.specJson());
    store.writeBytes(dir + "/" + SAMEDIFF_FILE, model.sameDiffBytes());
    store.writeString(dir + "/" + SUMMARY_FILE, summaryJson);
  }

  /** metadata details.model: what a reader checks before using the model. */
  static Map<String, Object> details(ModelSpec spec) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("imageDim", spec.imageDim());
    d.put("textDim", spec.textDim());
    d.put("embedDim", spec.config().embedDim());
    d.put("numLabels", spec.numLabels());
    d.put("labelNames", spec.labelNames());
    d.put("learnedLabelVectors", spec.learnedLabelVectors());
    return d;
  }

  /** Reads the model at {@code dir}, checking its kind; a missing or incomplete directory is named. */
  public static Loaded read(ArtifactStore store, String dir) {
    Metadata md = store.readMetadata(dir, ArtifactKind.RETRIEVAL_MODEL);
    String specPath = dir + "/" + SPEC_FILE;
    String sdPath = dir + "/" + SAMEDIFF_FILE;
    if (!store.exists(specPath) || !store.exists(sdPath)) {
      throw new StateException(dir, "retrieval-model artefact lacks " + SPEC_FILE + " or " + SAMEDIFF_FILE);
    }
    ModelSpec spec = RetrievalModel.parseSpec(store.readString(specPath), specPath);
    RetrievalModel model = RetrievalModel.fromSameDiff(spec, store.readBytes(sdPath), sdPath);
    return new Loaded(dir, md, model, model.toBytes());
  }
}
