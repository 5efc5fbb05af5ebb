package org.ascmr.features.encode;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.ascmr.features.ImageDescriptor;
import org.ascmr.io.Fingerprint;

/**
 * The hand-made descriptor seen as an {@link ImageEncoder}: all the work happens per image in
 * {@link #preprocess}, and the "forward pass" hands the vectors back. It lets extract treat every
 * image encoder alike.
 */
public final class DescriptorEncoder implements ImageEncoder {
  private final ImageDescriptor descriptor;
  private final EncoderInfo info;

  public DescriptorEncoder(ImageDescriptor descriptor) {
    this.descriptor = descriptor;
    // No weights: the spec (name, version and geometry) is what identifies the vectors.
    this.info = new EncoderInfo("descriptor", ImageDescriptor.NAME, new Fingerprint().add(descriptor.spec().getBytes(StandardCharsets.UTF_8)).hex(), "-",
        descriptor.dim());
  }

  @Override
  public EncoderInfo info() {
    return info;
  }

  @Override
  public int inputLength() {
    return descriptor.dim();
  }

  @Override
  public float[] preprocess(BufferedImage image) {
    return descriptor.describe(image);
  }

  @Override
  public float[][] encode(List<float[]> inputs) {
    return inputs.toArray(new float[0][]);
  }
}
