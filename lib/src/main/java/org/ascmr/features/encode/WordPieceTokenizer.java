package org.ascmr.features.encode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * BERT WordPiece tokenisation as a Hugging Face {@code tokenizer.json} describes it (the
 * BertNormalizer, BertPreTokenizer and WordPiece model of the Rust {@code tokenizers} library),
 * in plain Java: a second native library on every executor (DJL's tokenizers) would buy nothing
 * for this one, fully specified algorithm. Only this shape of tokenizer.json is accepted; any
 * other normaliser, pre-tokeniser or model is rejected at load rather than tokenised wrongly.
 *
 * <p>One difference from the Rust library: special-token strings inside the text (a literal
 * "[CLS]") are tokenised as ordinary text, not matched as added tokens. Captions do not contain
 * them on purpose.
 *
 * <p>Immutable, so one instance serves every thread.
 */
public final class WordPieceTokenizer {

  private final Map<String, Integer> vocab;
  private final int unkId;
  private final int clsId;
  private final int sepId;
  private final String continuationPrefix;
  private final int maxInputCharsPerWord;
  private final boolean cleanText;
  private final boolean handleChineseChars;
  private final boolean stripAccents;
  private final boolean lowercase;

  private WordPieceTokenizer(JsonNode root) {
    JsonNode model = root.path("model");
    require("WordPiece".equals(model.path("type").asText()), "model.type must be WordPiece, was " + model.path("type"));
    JsonNode normalizer = root.path("normalizer");
    require("BertNormalizer".equals(normalizer.path("type").asText()),
        "normalizer.type must be BertNormalizer, was " + normalizer.path("type"));
    JsonNode preTokenizer = root.path("pre_tokenizer");
    require("BertPreTokenizer".equals(preTokenizer.path("type").asText()),
        "pre_tokenizer.type must be BertPreTokenizer, was " + preTokenizer.path("type"));

    JsonNode vocabNode = model.path("vocab");
    require(vocabNode.isObject() && vocabNode.size() > 0, "model.vocab is missing or empty");
    Map<String, Integer> v = new HashMap<>(vocabNode.size() * 2);
    for (Iterator<Map.Entry<String, JsonNode>> it = vocabNode.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      v.put(e.getKey(), e.getValue().asInt());
    }
    this.vocab = Map.copyOf(v);
    this.unkId = idOf(model.path("unk_token").asText("[UNK]"));
    this.continuationPrefix = model.path("continuing_subword_prefix").asText("##");
    this.maxInputCharsPerWord = model.path("max_input_chars_per_word").asInt(100);

    this.cleanText = normalizer.path("clean_text").asBoolean(true);
    this.handleChineseChars = normalizer.path("handle_chinese_chars").asBoolean(true);
    this.lowercase = normalizer.path("lowercase").asBoolean(true);
    // null means "do what lowercase does" (the uncased BERT convention).
    JsonNode strip = normalizer.path("strip_accents");
    this.stripAccents = strip.isBoolean() ? strip.asBoolean() : lowercase;

    this.clsId = specialId(root, "[CLS]");
    this.sepId = specialId(root, "[SEP]");
  }

  /**
   * Reads a tokenizer.json.
   *
   * @param source shown in error messages (a file path or resource name)
   * @throws IllegalArgumentException when the bytes are not JSON or not a BERT WordPiece tokenizer
   */
  public static WordPieceTokenizer fromJson(String source, byte[] tokenizerJson) {
    if (tokenizerJson == null || tokenizerJson.length == 0) {
      throw new IllegalArgumentException("tokenizer " + source + " is empty");
    }
    try {
      return new WordPieceTokenizer(new ObjectMapper().readTree(tokenizerJson));
    } catch (IOException e) {
      throw new IllegalArgumentException("tokenizer " + source + " is not valid JSON: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("tokenizer " + source + ": " + e.getMessage(), e);
    }
  }

  /**
   * Token ids of one text: {@code [CLS]} word pieces {@code [SEP]}, the word pieces cut so that the
   * whole is at most {@code maxLength} ids (cut at the end, [SEP] kept, as the Rust library does).
   */
  public long[] encode(String text, int maxLength) {
    if (maxLength < 3) {
      throw new IllegalArgumentException("maxLength must be >= 3 ([CLS] piece [SEP]), was " + maxLength);
    }
    List<Integer> pieces = wordPieces(text, maxLength - 2);
    long[] ids = new long[pieces.size() + 2];
    ids[0] = clsId;
    for (int i = 0; i < pieces.size(); i++) {
      ids[i + 1] = pieces.get(i);
    }
    ids[ids.length - 1] = sepId;
    return ids;
  }

  /** The vocabulary entry of an id's token, for tests and debugging. */
  public String token(long id) {
    for (Map.Entry<String, Integer> e : vocab.entrySet()) {
      if (e.getValue() == id) {
        return e.getKey();
      }
    }
    return null;
  }

  private List<Integer> wordPieces(String text, int limit) {
    List<Integer> out = new ArrayList<>();
    for (String word : preTokenize(normalize(text))) {
      for (int id : wordPiece(word)) {
        if (out.size() == limit) {
          return out;
        }
        out.add(id);
      }
    }
    return out;
  }

  /** BertNormalizer: clean text, space out CJK ideographs, strip accents, lowercase (in that order). */
  String normalize(String text) {
    StringBuilder sb = new StringBuilder(text.length() + 8);
    text.codePoints().forEach(c -> {
      if (cleanText) {
        if (c == 0 || c == 0xFFFD || isControl(c)) {
          return;
        }
        if (isWhitespace(c)) {
          sb.append(' ');
          return;
        }
      }
      if (handleChineseChars && isChinese(c)) {
        sb.append(' ').appendCodePoint(c).append(' ');
      } else {
        sb.appendCodePoint(c);
      }
    });
    String s = sb.toString();
    if (stripAccents) {
      String nfd = Normalizer.normalize(s, Normalizer.Form.NFD);
      StringBuilder kept = new StringBuilder(nfd.length());
      nfd.codePoints().filter(c -> Character.getType(c) != Character.NON_SPACING_MARK)
          .forEach(kept::appendCodePoint);
      s = kept.toString();
    }
    return lowercase ? s.toLowerCase(Locale.ROOT) : s;
  }

  /** BertPreTokenizer: split on whitespace (dropped) and around each punctuation character (kept). */
  static List<String> preTokenize(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    text.codePoints().forEach(c -> {
      if (isWhitespace(c)) {
        flush(cur, words);
      } else if (isPunctuation(c)) {
        flush(cur, words);
        words.add(new String(Character.toChars(c)));
      } else {
        cur.appendCodePoint(c);
      }
    });
    flush(cur, words);
    return words;
  }

  /** Greedy longest-match-first; a word with any unmatched rest is one [UNK]. */
  private List<Integer> wordPiece(String word) {
    int[] cps = word.codePoints().toArray();
    if (cps.length > maxInputCharsPerWord) {
      return List.of(unkId);
    }
    List<Integer> ids = new ArrayList<>();
    int start = 0;
    while (start < cps.length) {
      Integer found = null;
      int end = cps.length;
      while (end > start) {
        String sub = new String(cps, start, end - start);
        Integer id = vocab.get(start > 0 ? continuationPrefix + sub : sub);
        if (id != null) {
          found = id;
          break;
        }
        end--;
      }
      if (found == null) {
        return List.of(unkId);
      }
      ids.add(found);
      start = end;
    }
    return ids;
  }

  private static void flush(StringBuilder cur, List<String> words) {
    if (cur.length() > 0) {
      words.add(cur.toString());
      cur.setLength(0);
    }
  }

  // Character classes as the Rust tokenizers crate defines them for BERT.

  private static boolean isWhitespace(int c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || Character.isWhitespace(c)
        || Character.isSpaceChar(c);
  }

  private static boolean isControl(int c) {
    if (c == '\t' || c == '\n' || c == '\r') {
      return false;
    }
    int t = Character.getType(c);
    return t == Character.CONTROL || t == Character.FORMAT || t == Character.SURROGATE
        || t == Character.PRIVATE_USE || t == Character.UNASSIGNED;
  }

  private static boolean isPunctuation(int c) {
    if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)) {
      return true;
    }
    int t = Character.getType(c);
    return t == Character.CONNECTOR_PUNCTUATION || t == Character.DASH_PUNCTUATION
        || t == Character.START_PUNCTUATION || t == Character.END_PUNCTUATION
        || t == Character.INITIAL_QUOTE_PUNCTUATION || t == Character.FINAL_QUOTE_PUNCTUATION
        || t == Character.OTHER_PUNCTUATION;
  }

  /** The CJK Unified Ideograph blocks BERT spaces out (not Hangul, Hiragana or Katakana). */
  private static boolean isChinese(int c) {
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF)
        || (c >= 0x20000 && c <= 0x2A6DF) || (c >= 0x2A700 && c <= 0x2B73F)
        || (c >= 0x2B740 && c <= 0x2B81F) || (c >= 0x2B920 && c <= 0x2CEAF)
        || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
  }

  private int idOf(String token) {
    Integer id = vocab.get(token);
    require(id != null, "token " + token + " is not in the vocabulary");
    return id;
  }

  /** [CLS]/[SEP] ids from the TemplateProcessing post-processor where present, else the vocabulary. */
  private int specialId(JsonNode root, String token) {
    JsonNode ids = root.path("post_processor").path("special_tokens").path(token).path("ids");
    if (ids.isArray() && ids.size() == 1) {
      return ids.get(0).asInt();
    }
    return idOf(token);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
