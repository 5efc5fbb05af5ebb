package org.ascmr.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.ascmr.data.WikipediaBenchmark;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.format.Mat5File;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.Matrix;

/**
 * A writable copy of the real Wikipedia benchmark files in a test's temporary directory, for
 * breaking one thing at a time (bad-input tests). Shared with the jobs module's tests.
 */
public final class WikipediaCopy {
  public static final String MAT = "raw_features.mat";
  private static final List<String> VARIABLES = List.of("I_tr", "T_tr", "I_te", "T_te");

  private final Path dir;
  private final Map<String, double[][]> matrices = new LinkedHashMap<>();

  private WikipediaCopy(Path dir) {
    this.dir = dir;
  }

  /** Copies the list files into {@code dir} and loads the matrices for editing. */
  public static WikipediaCopy of(Path dir) throws IOException {
    Path src = TestData.wikipedia();
    for (String f : List.of(WikipediaBenchmark.TRAIN_LIST, WikipediaBenchmark.TEST_LIST, WikipediaBenchmark.CATEGORIES)) {
      Files.copy(src.resolve(f), dir.resolve(f));
    }
    WikipediaCopy copy = new WikipediaCopy(dir);
    try (Mat5File f = Mat5.readFromFile(src.resolve(MAT).toFile())) {
      for (String v : VARIABLES) {
        Matrix m = f.getMatrix(v);
        double[][] a = new double[m.getNumRows()][m.getNumCols()];
        for (int r = 0; r < a.length; r++) for (int c = 0; c < a[r].length; c++) a[r][c] = m.getDouble(r, c);
        copy.matrices.put(v, a);
      }
    }
    return copy;
  }

  public Path dir() {
    return dir;
  }

  public Path mat() {
    return dir.resolve(MAT);
  }

  /** Sets {@code variable[row][col]} (1-based, as error messages count). */
  public WikipediaCopy set(String variable, int row, int col, double value) {
    matrices.get(variable)[row - 1][col - 1] = value;
    return this;
  }

  /** Drops the last column of {@code variable}. */
  public WikipediaCopy dropLastColumn(String variable) {
    double[][] a = matrices.get(variable);
    for (int r = 0; r < a.length; r++) a[r] = java.util.Arrays.copyOf(a[r], a[r].length - 1);
    return this;
  }

  /** Rewrites the lines of one list file. */
  public WikipediaCopy editList(String list, UnaryOperator<List<String>> edit) throws IOException {
    Path p = dir.resolve(list);
    Files.write(p, edit.apply(new ArrayList<>(Files.readAllLines(p))));
    return this;
  }

  /** Writes the (edited) matrices as a MAT v5 file and returns its path. */
  public Path write() throws IOException {
    MatFile out = Mat5.newMatFile();
    for (Map.Entry<String, double[][]> e : matrices.entrySet()) {
      double[][] a = e.getValue();
      Matrix m = Mat5.newMatrix(a.length, a.length == 0 ? 0 : a[0].length);
      for (int r = 0; r < a.length; r++) for (int c = 0; c < a[r].length; c++) m.setDouble(r, c, a[r][c]);
      out.addArray(e.getKey(), m);
    }
    Files.deleteIfExists(mat());
    Mat5.writeToFile(out, mat().toFile());
    return mat();
  }
}
