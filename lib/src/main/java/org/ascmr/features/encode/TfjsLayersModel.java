package org.ascmr.features.encode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ascmr.io.Fingerprint;

/**
 * A TF.js layers model read from the classpath: the Keras layer list of {@code model.json} and
 * its weights, dequantised to float32. TF.js stores each tensor as uint8 q with a per-tensor
 * min and scale (value = min + scale * q; the manifest's dtype names the dequantised type); the
 * values here are computed as TF.js does (in double, then rounded to float) so they match its
 * weights exactly. The weight file's SHA-256 identifies the weights in {@link EncoderInfo}.
 *
 * @param layers        {@code modelTopology.model_config.config.layers}, in topology order
 * @param weights       tensor name (e.g. {@code Conv1/kernel}) to its values
 * @param weightsSha256 SHA-256 of the weight file, lower-case hex
 */
record TfjsLayersModel(List<Layer> layers, Map<String, Tensor> weights, String weightsSha256) {

  /** One Keras layer: its class, its config and the names of the layers it reads. */
  record Layer(String name, String className, JsonNode config, List<String> inputs) {}

  /** A dense float tensor in the TF layout the manifest gives (row-major). */
  record Tensor(long[] shape, float[] data) {}

  /** Reads {@code dir/model.json} and the weight file it names (one group, one path). */
  static TfjsLayersModel readResource(String dir) {
    try {
      JsonNode json;
      try (InputStream in = open(dir + "/model.json")) {
        json = new ObjectMapper().readTree(in);
      }
      JsonNode groups = json.path("weightsManifest");
      if (groups.size() != 1 || groups.get(0).path("paths").size() != 1) {
        throw new IllegalStateException(dir + "/model.json: expected one weight group, one path");
      }
      byte[] bin;
      try (InputStream in = open(dir + "/" + groups.get(0).path("paths").get(0).asText())) {
        bin = in.readAllBytes();
      }
      return new TfjsLayersModel(
          layers(json.path("modelTopology").path("model_config").path("config").path("layers")),
          dequantise(groups.get(0).path("weights"), bin),
          new Fingerprint().add(bin).hex());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read model resources " + dir, e);
    }
  }

  private static InputStream open(String resource) {
    InputStream in = TfjsLayersModel.class.getResourceAsStream(resource);
    if (in == null) throw new IllegalStateException("missing classpath resource " + resource);
    return in;
  }

  private static List<Layer> layers(JsonNode array) {
    List<Layer> out = new ArrayList<>();
    for (JsonNode l : array) {
      List<String> inputs = new ArrayList<>();
      JsonNode nodes = l.path("inbound_nodes");
      if (nodes.size() > 1) {
        throw new IllegalStateException(l.path("name").asText() + ": shared layers unsupported");
      }
      // inbound_nodes[0] lists [layerName, nodeIndex, tensorIndex, kwargs] per input
      for (JsonNode in : nodes.path(0)) inputs.add(in.get(0).asText());
      out.add(new Layer(l.path("name").asText(), l.path("class_name").asText(),
          l.path("config"), List.copyOf(inputs)));
    }
    return List.copyOf(out);
  }

  private static Map<String, Tensor> dequantise(JsonNode specs, byte[] bin) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    int offset = 0;
    for (JsonNode s : specs) {
      String name = s.path("name").asText();
      long[] shape = new long[s.path("shape").size()];
      long n = 1;
      for (int i = 0; i < shape.length; i++) {
        shape[i] = s.path("shape").get(i).asLong();
        n *= shape[i];
      }
      JsonNode q = s.path("quantization");
      if (!"float32".equals(s.path("dtype").asText()) || !"uint8".equals(q.path("dtype").asText())) {
        throw new IllegalStateException(name + ": only uint8-quantised float32 weights supported");
      }
      if (offset + n > bin.length) {
        throw new IllegalStateException(name + ": weight file too short");
      }
      double min = q.path("min").asDouble();
      double scale = q.path("scale").asDouble();
      float[] v = new float[(int) n];
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) ((bin[offset + i] & 0xff) * scale + min);
      }
      offset += (int) n;
      out.put(name, new Tensor(shape, v));
    }
    if (offset != bin.length) {
      throw new IllegalStateException("weight file has " + (bin.length - offset) + " extra bytes");
    }
    return out;
  }

  /** The named tensor, or a clear error if the manifest lacks it. */
  Tensor weight(String name) {
    Tensor t = weights.get(name);
    if (t == null) throw new IllegalStateException("model has no weight " + name);
    return t;
  }
}
