package org.ascmr.jobs.extract;

import org.apache.hadoop.conf.Configuration;
import org.ascmr.features.ExtractConfig;
import org.ascmr.features.encode.EncoderInfo;
import org.ascmr.features.encode.ImageEncoder;
import org.ascmr.features.encode.TextEncoder;

/**
 * The driver's view of the encoders an extract uses: what made the image vectors and, where a
 * pretrained text encoder is used, the text vectors (null text = TF-IDF fitted on train).
 */
record Encoding(EncoderInfo image, EncoderInfo text, boolean descriptor) {

  static Encoding load(ExtractConfig config, Configuration hadoop) {
    ImageEncoder image = ExecutorEncoders.image(config, hadoop);
    TextEncoder text = ExecutorEncoders.text(config, hadoop);
    return new Encoding(image.info(), text == null ? null : text.info(), !config.encoders().pretrainedImage());
  }

  /** PoolInfo.imageFeatures: the descriptor keeps its documented spec line, a model its identity. */
  String imageSpec(ExtractConfig config) {
    return descriptor ? config.imageDescriptor().spec() : image.describe();
  }

  /**
   * The image encoder recorded in PoolInfo: null for the descriptor, so pools and models made
   * before encoders were recorded (all descriptor pools) stay compatible with today's.
   */
  EncoderInfo recordedImage() {
    return descriptor ? null : image;
  }

  String describe() {
    return image.name() + " (" + image.dim() + "-d) + " + (text == null ? "tfidf" : text.name() + " (" + text.dim()
        + "-d)");
  }
}
