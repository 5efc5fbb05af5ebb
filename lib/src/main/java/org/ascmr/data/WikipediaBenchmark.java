package org.ascmr.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ascmr.error.BadInputException;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.Array;
import us.hebi.matlab.mat.format.Mat5File;
import us.hebi.matlab.mat.types.Matrix;

/**
 * Reader of the classic Wikipedia cross-modal benchmark (Rasiwasia et al. 2010): a MAT v5 file
 * with I_tr/T_tr/I_te/T_te (rows = pairs) and list files with one "text_id TAB image_id TAB
 * category" line per row, categories 1-based into categories.list. Values are returned as read;
 * {@link #check} reports the first non-finite value or dimension mismatch with file, row, field.
 */
public final class WikipediaBenchmark {
  public static final String TRAIN_LIST = "trainset_txt_img_cat.list";
  public static final String TEST_LIST = "testset_txt_img_cat.list";
  public static final String CATEGORIES = "categories.list";

  // Fixed parts of messages that tests assert.
  public static final String ROW_COUNT_MISMATCH = "list and matrix row counts differ";
  public static final String BAD_CATEGORY = "expected a category in";
  public static final String NOT_FINITE = "expected a finite number";
  public static final String WRONG_DIM = "wrong number of values";

  /** One pair as the files give it; {@code row} is its 1-based row in the matrices and list. */
  public record Item(Split split, int row, String textId, String imageId, int category, float[] image,
      float[] text) {}

  /** The whole benchmark: items of both splits in file order, and the category names. */
  public record Data(List<Item> train, List<Item> test, List<String> categories, int imageDim, int textDim) {}

  private WikipediaBenchmark() {}

  /**
   * A list line that cannot be used (wrong field count, bad category), reported with its split
   * and 1-based row; the reader leaves such rows out of {@link Data}.
   */
  @FunctionalInterface
  public interface RowProblems {
    void report(Split split, int row, String textId, BadInputException problem);
  }

  /** Reads {@code mat} and the list files in {@code listDir}; the first bad list line throws. */
  public static Data read(Path mat, Path listDir) {
    return read(mat, listDir, (split, row, textId, problem) -> {
      throw problem;
    });
  }

  /**
   * Reads {@code mat} and the list files in {@code listDir}, handing every bad list line to
   * {@code problems} and leaving it out. File-level problems (unreadable file, missing variable,
   * list and matrix row counts that differ) always throw.
   */
  public static Data read(Path mat, Path listDir, RowProblems problems) {
    List<String> categories = readLines(listDir.resolve(CATEGORIES)).stream().filter(s -> !s.isBlank()).toList();
    try (Mat5File file = Mat5.readFromFile(mat.toFile())) {
      float[][] iTr = matrix(file, mat, "I_tr");
      float[][] tTr = matrix(file, mat, "T_tr");
      float[][] iTe = matrix(file, mat, "I_te");
      float[][] tTe = matrix(file, mat, "T_te");
      List<Item> train = items(Split.TRAIN, listDir.resolve(TRAIN_LIST), iTr, tTr, categories.size(), mat, problems);
      List<Item> test = items(Split.TEST, listDir.resolve(TEST_LIST), iTe, tTe, categories.size(), mat, problems);
      return new Data(train, test, categories, iTr.length == 0 ? 0 : iTr[0].length, tTr.length == 0 ? 0 : tTr[0].length);
    } catch (IOException e) {
      throw new BadInputException(mat.toString(), null, null, "cannot read as a MAT v5 file: " + e.getMessage(), e);
    }
  }

  private static float[][] matrix(Mat5File file, Path mat, String name) {
    Array a;
    try {
      a = file.getArray(name);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(mat.toString(), null, name, "variable missing (expected I_tr, T_tr, I_te, T_te)", e);
    }
    if (!(a instanceof Matrix m)) {
      throw new BadInputException(mat.toString(), null, name, "expected a numeric matrix, found " + a.getType());
    }
    float[][] out = new float[m.getNumRows()][m.getNumCols()];
    for (int r = 0; r < out.length; r++) for (int c = 0; c < out[r].length; c++) out[r][c] = (float) m.getDouble(r, c);
    return out;
  }

  private static List<Item> items(Split split, Path list, float[][] image, float[][] text, int numCategories,
      Path mat, RowProblems problems) {
    List<String> lines = readLines(list);
    String suffix = split == Split.TRAIN ? "_tr" : "_te";
    for (String variable : new String[] {"I" + suffix, "T" + suffix}) {
      int rows = variable.startsWith("I") ? image.length : text.length;
      if (rows != lines.size()) {
        throw new BadInputException(list.toString(), "line " + (Math.min(rows, lines.size()) + 1), variable,
            ROW_COUNT_MISMATCH + ": " + lines.size() + " lines, but " + variable + " in " + mat.getFileName() + " has "
                + rows + " rows (row i of the matrix belongs to line i of the list)");
      }
    }
    List<Item> out = new ArrayList<>(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      String[] f = lines.get(i).split("\t");
      String where = "line " + (i + 1);
      String textId = f.length > 0 ? f[0].trim() : null;
      if (f.length != 3) {
        problems.report(split, i + 1, textId, new BadInputException(list.toString(), where, null,
            "expected 3 tab-separated fields (text_id, image_id, category), found " + f.length));
        continue;
      }
      int cat;
      try {
        cat = Integer.parseInt(f[2].trim());
      } catch (NumberFormatException e) {
        problems.report(split, i + 1, textId,
            new BadInputException(list.toString(), where, "category", "expected an integer, found '" + f[2] + "'"));
        continue;
      }
      if (cat < 1 || cat > numCategories) {
        problems.report(split, i + 1, textId, new BadInputException(list.toString(), where, "category",
            BAD_CATEGORY + " 1.." + numCategories + " (lines of " + CATEGORIES + "), found " + cat));
        continue;
      }
      out.add(new Item(split, i + 1, textId, f[1].trim(), cat - 1, image[i], text[i]));
    }
    return out;
  }

  /**
   * The first problem of an item's feature vectors, or null: non-finite values or a length other
   * than the expected dimension. The message names the MAT variable, row and column.
   */
  public static BadInputException check(Item item, Path mat, int imageDim, int textDim) {
    String suffix = item.split() == Split.TRAIN ? "_tr" : "_te";
    BadInputException e = checkVector(item.image(), imageDim, mat, "I" + suffix, item.row());
    return e != null ? e : checkVector(item.text(), textDim, mat, "T" + suffix, item.row());
  }

  private static BadInputException checkVector(float[] v, int dim, Path mat, String variable, int row) {
    if (v.length != dim) {
      return new BadInputException(mat.toString(), "row " + row, variable, WRONG_DIM + ": expected " + dim + ", found " + v.length);
    }
    for (int c = 0; c < v.length; c++) {
      if (!Float.isFinite(v[c])) {
        return new BadInputException(mat.toString(), "row " + row, variable + "[" + (c + 1) + "]",
            NOT_FINITE + ", found " + v[c]);
      }
    }
    return null;
  }

  private static List<String> readLines(Path p) {
    try {
      return Files.readAllLines(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new BadInputException(p.toString(), null, null, "cannot read: " + e, e);
    }
  }
}
