package org.ascmr.features.encode;

import java.io.Serializable;
import java.util.Objects;

/**
 * What produced a feature vector, as recorded in pool metadata: a model trained on one encoder's
 * features refuses a pool made by another (name, version, weights or layer differ).
 *
 * @param name          encoder name as the config spells it, e.g. {@code mobilenet-v2}, {@code minilm}
 * @param version       version of the weights/model (e.g. the artefact version they came from)
 * @param weightsSha256 SHA-256 of the weight bytes, lower-case hex
 * @param layer         which output is used (layer name plus pooling), or {@code -} where there is one
 * @param dim           floats per vector
 */
public record EncoderInfo(String name, String version, String weightsSha256, String layer, int dim)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public EncoderInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(weightsSha256, "weightsSha256");
    Objects.requireNonNull(layer, "layer");
    if (dim < 1) {
      throw new IllegalArgumentException("dim must be >= 1, was " + dim);
    }
  }

  /** One line for logs and PoolInfo: {@code name version layer dim sha256:abcd...}. */
  public String describe() {
    return name + " " + version + " layer " + layer + " dim " + dim + " sha256:" + weightsSha256;
  }
}
