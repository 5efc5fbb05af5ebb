package org.ascmr.features.encode;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * How to drive a user's ONNX image model: one float RGB input of {@code size x size} pixels in
 * the given layout, normalised per channel as {@code (pixel * scale - mean[c]) / std[c]} (pixel
 * in 0..255), and how its output becomes one vector.
 *
 * @param input     name of the image input ({@code [batch, 3, size, size]} or {@code [batch, size, size, 3]})
 * @param output    name of the output to use
 * @param size      width and height the image is resized to
 * @param layout    {@link Layout#NCHW} (PyTorch exports) or {@link Layout#NHWC} (TensorFlow exports)
 * @param mean      per-channel mean, R G B, after scaling (e.g. 0.485, 0.456, 0.406)
 * @param std       per-channel standard deviation, R G B, after scaling (e.g. 0.229, 0.224, 0.225)
 * @param scale     factor applied to 0..255 pixels first (1/255 for the ImageNet convention)
 * @param reduction what to do with an output of more than two dimensions
 */
public record ImageModelContract(
    String input,
    String output,
    int size,
    Layout layout,
    List<Double> mean,
    List<Double> std,
    double scale,
    Reduction reduction)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** RGB only: grey and alpha are converted before the model sees them. */
  public static final int CHANNELS = 3;

  /** Where the channel axis is, in the input and (for pooling) in the output. */
  public enum Layout {
    NCHW,
    NHWC
  }

  /** How an output of rank > 2 becomes one vector per image. */
  public enum Reduction {
    /**
     * Average over every axis except the batch axis and the channel axis (axis 1 for NCHW, the
     * last for NHWC), e.g. a {@code [n, 1280, 7, 7]} feature map to 1280 floats.
     */
    GLOBAL_AVERAGE_POOL,
    /** All values after the batch axis, in memory order (a {@code [n, d]} output as is). */
    AS_IS
  }

  public ImageModelContract {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(layout, "layout");
    Objects.requireNonNull(reduction, "reduction");
    if (size < 1) {
      throw new IllegalArgumentException("size must be >= 1, was " + size);
    }
    mean = List.copyOf(mean);
    std = List.copyOf(std);
    if (mean.size() != CHANNELS || std.size() != CHANNELS) {
      throw new IllegalArgumentException("mean and std need " + CHANNELS + " values (R G B), were "
          + mean + " and " + std);
    }
    for (double s : std) {
      if (!(s > 0)) {
        throw new IllegalArgumentException("std values must be > 0, were " + std);
      }
    }
    if (!(scale > 0) || Double.isInfinite(scale)) {
      throw new IllegalArgumentException("scale must be > 0, was " + scale);
    }
  }

  /** The model's input shape this contract feeds, batch axis dynamic (-1). */
  long[] inputShape() {
    return layout == Layout.NCHW
        ? new long[] {-1, CHANNELS, size, size}
        : new long[] {-1, size, size, CHANNELS};
  }

  /** Floats per preprocessed image. */
  int inputLength() {
    return CHANNELS * size * size;
  }
}
