package org.ascmr.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.List;
import org.ascmr.error.BadInputException;
import org.junit.jupiter.api.Test;

class WordVectorsTest {
  private static final String FILE = "3 2\nbird 1 2\nsky 3 4\nTraffic 5 6\nlight 7 8\n";

  private static float[][] read(String text, List<String> labels, int dim) {
    return WordVectors.forLabels(new BufferedReader(new StringReader(text)), "vec.txt", labels, dim);
  }

  @Test
  void exactNameThenMeanOfWords() {
    float[][] v = read(FILE, List.of("Bird", "traffic_light", "animals/sky"), 2);
    assertArrayEquals(new float[] {1, 2}, v[0]);
    assertArrayEquals(new float[] {6, 7}, v[1]); // mean of traffic (5,6) and light (7,8)
    assertArrayEquals(new float[] {3, 4}, v[2]); // "animals" missing, "sky" found
  }

  @Test
  void missingLabelIsNamed() {
    BadInputException e = assertThrows(BadInputException.class, () -> read(FILE, List.of("bird", "ocean"), 2));
    assertTrue(e.getMessage().contains("label 'ocean'") && e.getMessage().contains(WordVectors.NO_VECTOR),
        e.getMessage());
  }

  @Test
  void wrongDimensionNamesLine() {
    BadInputException e = assertThrows(BadInputException.class, () -> read(FILE, List.of("sky"), 3));
    assertTrue(e.getMessage().contains("vec.txt, line 3") && e.getMessage().contains("expected 3 values"),
        e.getMessage());
  }
}
