package org.ascmr.model;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.ascmr.error.BadInputException;

/**
 * Label vectors from a word-vector text file (GloVe / word2vec text format: one "word v1 ... vD"
 * line per word, an optional "count dim" header). A label gets the vector of its name, or else the
 * mean of the vectors of its words (split at anything but letters and digits, so "animals/birds"
 * and "traffic_light" work); matching ignores case. Only the words the labels need are kept, so a
 * multi-GB file streams through in constant memory.
 */
public final class WordVectors {
  /** Fixed part of the error for a label no vector covers. */
  public static final String NO_VECTOR = "no vector for the label or any of its words";

  private WordVectors() {}

  /** Reads vectors for {@code labelNames} from {@code reader} (the file {@code file}); returns C x dim. */
  public static float[][] forLabels(BufferedReader reader, String file, List<String> labelNames, int dim) {
    Set<String> wanted = new HashSet<>();
    for (String name : labelNames) {
      wanted.add(key(name));
      wanted.addAll(words(name));
    }
    Map<String, float[]> found = new HashMap<>();
    try {
      String line;
      int lineNo = 0;
      while ((line = reader.readLine()) != null) {
        lineNo++;
        String trimmed = line.strip();
        if (trimmed.isEmpty()) continue;
        String[] f = trimmed.split("\\s+");
        if (lineNo == 1 && f.length == 2 && isInteger(f[0]) && isInteger(f[1])) continue;
        String word = key(f[0]);
        if (!wanted.contains(word) || found.containsKey(word)) continue;
        if (f.length - 1 != dim) {
          throw new BadInputException(file, "line " + lineNo, "vector of '" + f[0] + "'",
              "expected " + dim + " values (train.labelDim), found " + (f.length - 1));
        }
        float[] v = new float[dim];
        for (int i = 0; i < dim; i++) {
          try {
            v[i] = Float.parseFloat(f[i + 1]);
          } catch (NumberFormatException e) {
            throw new BadInputException(file, "line " + lineNo, "value " + (i + 1) + " of '" + f[0] + "'",
                "expected a number, found '" + f[i + 1] + "'");
          }
          if (!Float.isFinite(v[i])) {
            throw new BadInputException(file, "line " + lineNo, "value " + (i + 1) + " of '" + f[0] + "'",
                "expected a finite number, found " + f[i + 1]);
          }
        }
        found.put(word, v);
      }
    } catch (IOException e) {
      throw new BadInputException(file, null, null, "cannot read: " + e.getMessage(), e);
    }
    float[][] out = new float[labelNames.size()][];
    for (int c = 0; c < out.length; c++) {
      String name = labelNames.get(c);
      float[] v = found.get(key(name));
      if (v == null) v = mean(words(name), found, dim);
      if (v == null) throw new BadInputException(file, null, "label '" + name + "'", NO_VECTOR);
      out[c] = v;
    }
    return out;
  }

  private static float[] mean(List<String> words, Map<String, float[]> found, int dim) {
    float[] sum = new float[dim];
    int n = 0;
    for (String w : words) {
      float[] v = found.get(w);
      if (v == null) continue;
      for (int i = 0; i < dim; i++) sum[i] += v[i];
      n++;
    }
    if (n == 0) return null;
    for (int i = 0; i < dim; i++) sum[i] /= n;
    return sum;
  }

  private static String key(String s) {
    return s.strip().toLowerCase(Locale.ROOT);
  }

  static List<String> words(String name) {
    return java.util.Arrays.stream(key(name).split("[^\\p{L}\\p{N}]+")).filter(w -> !w.isEmpty()).toList();
  }

  private static boolean isInteger(String s) {
    return s.chars().allMatch(Character::isDigit) && !s.isEmpty();
  }
}
