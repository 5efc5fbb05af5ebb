package org.ascmr.pmie;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ascmr.error.StateException;

/**
 * A trained estimator: its weights and input standardisation. Saved as one binary file
 * ({@link #FILE_NAME}: magic, format version, dimensions, then every named tensor with its shape)
 * inside an INFORMATIVENESS_MODEL artefact whose metadata.json says how it was trained.
 */
public final class PmieModel implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final String FILE_NAME = "estimator.bin";
  private static final int MAGIC = 0x504D4945; // "PMIE"
  public static final int FORMAT_VERSION = 1;

  private final PmieParams params;

  public PmieModel(PmieParams params) {
    this.params = params;
  }

  public PmieParams params() {
    return params;
  }

  public PmieDims dims() {
    return params.dims();
  }

  public void write(OutputStream out) throws IOException {
    DataOutputStream d = new DataOutputStream(out);
    d.writeInt(MAGIC);
    d.writeInt(FORMAT_VERSION);
    PmieDims dims = params.dims();
    d.writeInt(dims.imageDim());
    d.writeInt(dims.textDim());
    d.writeInt(dims.embedDim());
    d.writeInt(dims.hidden());
    d.writeInt(params.tensors().size());
    for (Map.Entry<String, Tensor> e : params.tensors().entrySet()) {
      d.writeUTF(e.getKey());
      Tensor t = e.getValue();
      d.writeInt(t.shape().length);
      for (int s : t.shape()) d.writeInt(s);
      for (float v : t.data()) d.writeFloat(v);
    }
    d.flush();
  }

  public byte[] toBytes() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try {
      write(buf);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return buf.toByteArray();
  }

  /** Reads a model written by {@link #write}; {@code source} names the file in errors. */
  public static PmieModel read(InputStream in, String source) {
    try {
      DataInputStream d = new DataInputStream(in);
      int magic = d.readInt();
      if (magic != MAGIC) throw new StateException(source, "not an estimator file (bad magic number)");
      int version = d.readInt();
      if (version > FORMAT_VERSION) {
        throw new StateException(source, "estimator format " + version + " is newer than this build reads ("
            + FORMAT_VERSION + "); upgrade ascmr");
      }
      PmieDims dims = new PmieDims(d.readInt(), d.readInt(), d.readInt(), d.readInt());
      int count = d.readInt();
      Map<String, Tensor> tensors = new LinkedHashMap<>();
      for (int i = 0; i < count; i++) {
        String name = d.readUTF();
        int[] shape = new int[d.readInt()];
        int n = 1;
        for (int j = 0; j < shape.length; j++) {
          shape[j] = d.readInt();
          n *= shape[j];
        }
        float[] data = new float[n];
        for (int j = 0; j < n; j++) data[j] = d.readFloat();
        tensors.put(name, new Tensor(shape, data));
      }
      return new PmieModel(new PmieParams(dims, tensors));
    } catch (IOException | IllegalArgumentException e) {
      throw new StateException(source, "cannot read the estimator: " + e.getMessage(), e);
    }
  }

  public static PmieModel fromBytes(byte[] bytes, String source) {
    return read(new ByteArrayInputStream(bytes), source);
  }
}
