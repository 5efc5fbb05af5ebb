package org.ascmr.features.encode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes one-node ONNX models (ModelProto protobuf bytes) for tests, so the image encoder is
 * tested against real ONNX Runtime sessions without Python or a committed binary. Only the few
 * protobuf fields such a model needs (field numbers from onnx.proto); FLOAT tensors only.
 */
public final class TinyOnnx {

  private TinyOnnx() {}

  /**
   * A model computing {@code output = opType(input)}, opset 13.
   *
   * @param inShape  declared input shape; -1 is a dynamic axis
   * @param outShape declared output shape; -1 is a dynamic axis
   */
  public static byte[] model(String opType, String input, long[] inShape, String output, long[] outShape) {
    Proto node = new Proto().string(1, input).string(2, output).string(3, "n0").string(4, opType);
    Proto graph = new Proto()
        .message(1, node)
        .string(2, "tiny")
        .message(11, valueInfo(input, inShape))
        .message(12, valueInfo(output, outShape));
    return new Proto()
        .varint(1, 8) // ir_version
        .string(2, "ascmr-test")
        .message(7, graph)
        .message(8, new Proto().string(1, "").varint(2, 13)) // opset_import: default domain, 13
        .bytes();
  }

  private static Proto valueInfo(String name, long[] shape) {
    Proto dims = new Proto();
    for (int i = 0; i < shape.length; i++) {
      dims.message(1, shape[i] < 0 ? new Proto().string(2, "d" + i) : new Proto().varint(1, shape[i]));
    }
    Proto tensor = new Proto().varint(1, 1).message(2, dims); // elem_type FLOAT, shape
    return new Proto().string(1, name).message(2, new Proto().message(1, tensor));
  }

  /** A protobuf message under construction: varint and length-delimited fields only. */
  private static final class Proto {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Proto varint(int field, long value) {
      raw((long) field << 3);
      raw(value);
      return this;
    }

    Proto string(int field, String s) {
      return lengthDelimited(field, s.getBytes(StandardCharsets.UTF_8));
    }

    Proto message(int field, Proto m) {
      return lengthDelimited(field, m.bytes());
    }

    private Proto lengthDelimited(int field, byte[] b) {
      raw(((long) field << 3) | 2);
      raw(b.length);
      out.writeBytes(b);
      return this;
    }

    private void raw(long v) {
      while ((v & ~0x7FL) != 0) {
        out.write((int) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      out.write((int) v);
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }
}
