package org.ascmr.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * What a data-parallel worker needs to continue training, as one blob: the model's spec, every
 * array (weights and constants) and Adam's state. The driver broadcasts one per epoch; a
 * checkpoint stores one.
 */
public record TrainingSnapshot(ModelSpec spec, ParameterSet arrays, Adam.State adam) {
  private static final int MAGIC = 0x41535453; // "ASTS"

  public static TrainingSnapshot of(RetrievalModel model, Adam adam) {
    return new TrainingSnapshot(model.spec(), model.arrays(), adam.state(model));
  }

  /** A fresh float32 model holding these arrays. */
  public RetrievalModel newModel() {
    return RetrievalModel.create(spec, arrays);
  }

  /** Loads the arrays and Adam state into {@code model} (same spec) and returns a ready optimiser. */
  public Adam restoreInto(RetrievalModel model, TrainConfig config) {
    model.setArrays(arrays);
    Adam a = Adam.of(config);
    a.restore(adam, model);
    return a;
  }

  public byte[] toBytes() {
    try {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(buf);
      out.writeInt(MAGIC);
      writeBlock(out, org.ascmr.io.Json.compact(spec).getBytes(StandardCharsets.UTF_8));
      writeBlock(out, arrays.toBytes());
      writeBlock(out, adam.firstMoment().toBytes());
      writeBlock(out, adam.secondMoment().toBytes());
      out.writeLong(adam.step());
      out.flush();
      return buf.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise a training snapshot", e);
    }
  }

  public static TrainingSnapshot fromBytes(byte[] bytes, String source) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      if (in.readInt() != MAGIC) throw new IllegalArgumentException(source + ": not a training snapshot");
      ModelSpec spec = RetrievalModel.parseSpec(new String(readBlock(in), StandardCharsets.UTF_8), source);
      ParameterSet arrays = ParameterSet.fromBytes(readBlock(in));
      ParameterSet m = ParameterSet.fromBytes(readBlock(in));
      ParameterSet v = ParameterSet.fromBytes(readBlock(in));
      return new TrainingSnapshot(spec, arrays, new Adam.State(m, v, in.readLong()));
    } catch (IOException e) {
      throw new IllegalArgumentException(source + ": truncated training snapshot", e);
    }
  }

  private static void writeBlock(DataOutputStream out, byte[] b) throws IOException {
    out.writeInt(b.length);
    out.write(b);
  }

  private static byte[] readBlock(DataInputStream in) throws IOException {
    int n = in.readInt();
    byte[] b = in.readNBytes(n);
    if (b.length != n) throw new IOException("expected " + n + " bytes, found " + b.length);
    return b;
  }
}
