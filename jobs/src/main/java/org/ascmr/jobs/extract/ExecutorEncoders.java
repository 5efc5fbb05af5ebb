package org.ascmr.jobs.extract;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.ascmr.error.BadInputException;
import org.ascmr.features.ExtractConfig;
import org.ascmr.features.encode.EncoderConfig;
import org.ascmr.features.encode.Encoders;
import org.ascmr.features.encode.ImageEncoder;
import org.ascmr.features.encode.TextEncoder;
import org.ascmr.model.Nd4jThreads;

/**
 * The encoders of one JVM: loaded on first use and shared by every task (and the driver, in local
 * mode) that asks for the same settings, so a 23 MB text model or a MobileNet graph is read once
 * per executor, not once per partition. User models are read through the Hadoop FileSystem API,
 * so they can live on HDFS, S3 or a local path.
 */
final class ExecutorEncoders {
  private static final Map<ExtractConfig, ImageEncoder> IMAGE = new ConcurrentHashMap<>();
  /** Empty where the text vectors are TF-IDF (ConcurrentHashMap holds no nulls). */
  private static final Map<ExtractConfig, Optional<TextEncoder>> TEXT = new ConcurrentHashMap<>();

  private ExecutorEncoders() {}

  static ImageEncoder image(ExtractConfig config, Configuration hadoop) {
    if (config.encoders().image() == EncoderConfig.ImageEncoderName.MOBILENET_V2) {
      // Each task runs its own graph (MobileNetV2Encoder keeps a pool), so ND4J's native threads
      // are capped to extract.encoder.threads in this JVM: tasks x threads <= cores.
      Nd4jThreads.limit(config.encoders().threads());
    }
    return IMAGE.computeIfAbsent(config, c -> Encoders.image(c, path -> read(path, hadoop)));
  }

  /** The text encoder, or null where the text vectors are TF-IDF (fitted on train by the driver). */
  static TextEncoder text(ExtractConfig config, Configuration hadoop) {
    return TEXT.computeIfAbsent(config,
        c -> Optional.ofNullable(Encoders.text(c.encoders(), path -> read(path, hadoop)))).orElse(null);
  }

  /** A model file's bytes through the Hadoop FileSystem API; errors name the path. */
  static byte[] read(String path, Configuration hadoop) {
    Path p = new Path(path);
    try (InputStream in = p.getFileSystem(hadoop).open(p)) {
      return in.readAllBytes();
    } catch (FileNotFoundException e) {
      throw new BadInputException(path, null, null, "model file not found");
    } catch (IOException e) {
      throw new BadInputException(path, null, null, "cannot read model file: " + e.getMessage(), e);
    }
  }
}
