package org.ascmr.features.encode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MiniLmEncoderTest {

  private static MiniLmEncoder encoder;
  private static JsonNode reference;

  @BeforeAll
  static void load() throws IOException {
    encoder = MiniLmEncoder.load(1);
    try (InputStream in = MiniLmEncoderTest.class.getResourceAsStream("minilm-reference.json")) {
      reference = new ObjectMapper().readTree(in);
    }
  }

  @AfterAll
  static void close() {
    encoder.close();
  }

  @Test
  void infoDescribesTheBundledModel() {
    EncoderInfo info = encoder.info();
    assertEquals("minilm", info.name());
    assertEquals("all-MiniLM-L6-v2-q (langchain4j-embeddings 1.19.0-beta29)", info.version());
    assertEquals("mean-pooled last_hidden_state", info.layer());
    assertEquals(384, info.dim());
    assertEquals(OnnxSessions.sha256(MiniLmEncoder.resource(MiniLmEncoder.MODEL_RESOURCE)), info.weightsSha256());
    assertEquals(64, info.weightsSha256().length());
  }

  /** Ids from Hugging Face's own tokenizer (transformers.js, deploy/models/minilm/reference.mjs). */
  @Test
  void tokenizerMatchesTheReferenceTokenizer() {
    for (JsonNode c : reference.get("tokens")) {
      long[] expected = new long[c.get("ids").size()];
      for (int i = 0; i < expected.length; i++) {
        expected[i] = c.get("ids").get(i).asLong();
      }
      String text = c.get("text").asText();
      assertArrayEquals(expected, encoder.tokenizer().encode(text, 256), () -> "ids of '" + text + "'");
    }
  }

  @Test
  void tokenizerSpotChecks() {
    // Accents stripped and lowercased; punctuation split off; unknown words split into pieces.
    assertEquals(List.of("[CLS]", "cafe", "cr", "##eme", ",", "naive", "facade", "!", "[SEP]"),
        tokens("Café Crème, naïve façade!"));
    assertEquals(List.of("[CLS]", "una", "##ffa", "##ble", "[SEP]"), tokens("Unaffable"));
    // A symbol with no piece in the vocabulary is one [UNK]; CJK ideographs are separate words.
    assertEquals(List.of("[CLS]", "東", "京", "[UNK]", "[SEP]"), tokens("東京☃"));
    // Control characters vanish, odd whitespace separates.
    assertEquals(List.of("[CLS]", "a", "b", "c", "[SEP]"), tokens("a\u0000\u200b\tb\u3000c"));
    // A word of more than 100 characters is [UNK] (the tokenizer.json's max_input_chars_per_word).
    assertEquals(List.of("[CLS]", "[UNK]", "[SEP]"), tokens("a".repeat(101)));
  }

  @Test
  void longTextsAreCutTo256IdsKeepingSep() {
    // As the Rust tokenizers library (sentence-transformers) truncates: 254 pieces between [CLS] and [SEP].
    long[] ids = encoder.tokenizer().encode("apple ".repeat(300), MiniLmEncoder.MAX_LENGTH);
    assertEquals(256, ids.length);
    assertEquals(101, ids[0]);
    assertEquals(102, ids[255]);
    assertEquals(6207, ids[254]);
  }

  /** Vectors from transformers.js on the same .onnx (independent tokeniser, runtime and pooling). */
  @Test
  void vectorsMatchTheIndependentReference() {
    for (JsonNode c : reference.get("vectors")) {
      float[] expected = new float[c.get("vector").size()];
      for (int i = 0; i < expected.length; i++) {
        expected[i] = (float) c.get("vector").get(i).asDouble();
      }
      float[] actual = encoder.encode(List.of(c.get("text").asText()))[0];
      assertEquals(384, actual.length);
      double maxDiff = 0;
      for (int i = 0; i < expected.length; i++) {
        maxDiff = Math.max(maxDiff, Math.abs(expected[i] - actual[i]));
      }
      // Same model and runtime family; the difference is float summation order (pooling, ORT kernels).
      assertTrue(maxDiff < 1e-5, "max |diff| " + maxDiff + " for '" + c.get("text").asText() + "'");
      assertTrue(cosine(expected, actual) > 0.99999);
    }
  }

  @Test
  void vectorsAreUnitLength() {
    for (float[] v : encoder.encode(List.of("a cat", "", "!!!"))) {
      assertEquals(1.0, Math.sqrt(dot(v, v)), 1e-5);
    }
  }

  @Test
  void paraphrasesAreCloserThanUnrelatedSentences() {
    String[][] triples = {
      {"A man is playing a guitar.", "Someone plays the guitar.", "The stock market fell sharply today."},
      {"A red apple on a table.", "An apple, red, lying on a table.", "A cartoon rocket flying to the moon."},
      {"Black and white cat icon", "Icon of a cat in black and white", "Green arrow pointing left"},
      {"Christmas tree with presents", "A decorated Xmas tree and gifts", "A map of the world"},
    };
    for (String[] t : triples) {
      float[][] v = encoder.encode(List.of(t));
      double para = cosine(v[0], v[1]);
      double other = cosine(v[0], v[2]);
      assertTrue(para > other + 0.2, t[0] + ": paraphrase " + para + " vs unrelated " + other);
    }
  }

  @Test
  void aBatchGivesTheSameBitsAsOneTextAtATime() {
    List<String> texts = List.of("A red apple.", "Two dead frogs in a swamp, skeleton, green",
        "Café", "A much longer caption about a lighthouse on a rocky coast at night with stars",
        "x", "Black cat icon", "arrow", "Christmas tree with presents and lights");
    float[][] batch = encoder.encode(texts);
    for (int i = 0; i < texts.size(); i++) {
      assertArrayEquals(encoder.encode(List.of(texts.get(i)))[0], batch[i], 0f, texts.get(i));
    }
  }

  /**
   * Why {@link OnnxTextEncoder#encode} runs one text at a time: in one padded run the dynamic
   * quantisation scale is shared by the whole batch (padding included), so vectors move with their
   * neighbours: measured cosine 0.990 for the short text here, against 1 - 1e-7 between two runs
   * of the same text alone.
   */
  @Test
  void aPaddedRunIsCloseButDependsOnTheNeighbours() {
    List<String> texts = List.of("A red apple.", "A much longer caption about a lighthouse on a rocky coast");
    float[][] alone = encoder.encode(texts);
    float[][] padded = encoder.encodePadded(texts);
    for (int i = 0; i < texts.size(); i++) {
      assertTrue(cosine(alone[i], padded[i]) > 0.95, "cosine " + cosine(alone[i], padded[i]));
    }
    assertTrue(cosine(alone[0], padded[0]) < 0.9999, "padding no longer changes the vector: "
        + "encode could batch its forward passes");
  }

  @Test
  void corruptModelBytesGiveAClearError() {
    byte[] tokenizer = MiniLmEncoder.resource(MiniLmEncoder.TOKENIZER_RESOURCE);
    byte[] model = Arrays.copyOf(MiniLmEncoder.resource(MiniLmEncoder.MODEL_RESOURCE), 4096);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new OnnxTextEncoder(
        "/models/broken.onnx", model, tokenizer, MiniLmEncoder.CONTRACT, "x", "1", 1));
    assertTrue(e.getMessage().contains("/models/broken.onnx"), e.getMessage());
    IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> new OnnxTextEncoder(
        "/models/empty.onnx", new byte[0], tokenizer, MiniLmEncoder.CONTRACT, "x", "1", 1));
    assertTrue(empty.getMessage().contains("/models/empty.onnx is empty"), empty.getMessage());
    IllegalArgumentException badJson = assertThrows(IllegalArgumentException.class,
        () -> WordPieceTokenizer.fromJson("/models/tokenizer.json", "{\"model\":{}}".getBytes()));
    assertTrue(badJson.getMessage().contains("/models/tokenizer.json"), badJson.getMessage());
  }

  @Test
  void wrongTensorNamesListTheModelsNames() {
    byte[] tokenizer = MiniLmEncoder.resource(MiniLmEncoder.TOKENIZER_RESOURCE);
    byte[] model = MiniLmEncoder.resource(MiniLmEncoder.MODEL_RESOURCE);
    TextModelContract badOutput = new TextModelContract("input_ids", "attention_mask", "token_type_ids",
        "sentence_embedding", TextModelContract.Pooling.MEAN, 128, true);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new OnnxTextEncoder("user.onnx", model, tokenizer, badOutput, "x", "1", 1));
    assertTrue(e.getMessage().contains("user.onnx has no output named 'sentence_embedding'"), e.getMessage());
    assertTrue(e.getMessage().contains("[last_hidden_state]"), e.getMessage());

    TextModelContract noTypeIds = new TextModelContract("input_ids", "attention_mask", null,
        "last_hidden_state", TextModelContract.Pooling.MEAN, 128, true);
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> new OnnxTextEncoder("user.onnx", model, tokenizer, noTypeIds, "x", "1", 1));
    assertTrue(missing.getMessage().contains("'token_type_ids' that the contract does not name"),
        missing.getMessage());

    TextModelContract badInput = new TextModelContract("ids", "attention_mask", "token_type_ids",
        "last_hidden_state", TextModelContract.Pooling.MEAN, 128, true);
    IllegalArgumentException in = assertThrows(IllegalArgumentException.class,
        () -> new OnnxTextEncoder("user.onnx", model, tokenizer, badInput, "x", "1", 1));
    assertTrue(in.getMessage().contains("no input named 'ids'"), in.getMessage());
    assertTrue(in.getMessage().contains("input_ids"), in.getMessage());
  }

  private static List<String> tokens(String text) {
    List<String> out = new ArrayList<>();
    for (long id : encoder.tokenizer().encode(text, 256)) {
      out.add(encoder.tokenizer().token(id));
    }
    return out;
  }

  static double cosine(float[] a, float[] b) {
    return dot(a, b) / Math.sqrt(dot(a, a) * dot(b, b));
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return s;
  }
}
