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

  /** One pair as the files give it; {@code row} is its 1-based row in the matrices and list. */
  public record Item(Split split, int row, String textId, String imageId, int category, float[] image,
      float[] text) {}

  /** The whole benchmark: items of both splits in file order, and the category names. */
  public record Data(List<Item> train, List<Item> test, List<String> categories, int imageDim, int textDim) {}

  private WikipediaBenchmark() {}

  /** Reads {@code mat} and the list files in {@code listDir}. */
  public static Data read(Path mat, Path listDir) {
    List<String> categories = readLines(listDir.resolve(CATEGORIES)).stream().filter(s -> !s.isBlank()).toList();
    try (Mat5File file = Mat5.readFromFile(mat.toFile())) {
      float[][] iTr = matrix(file, mat, "I_tr");
      float[][] tTr = matrix(file, mat, "T_tr");
      float[][] iTe = matrix(file, mat, "I_te");
      float[][] tTe = matrix(file, mat, "T_te");
      List<Item> train = items(Split.TRAIN, listDir.resolve(TRAIN_LIST), iTr, tTr, categories.size(), mat);
      List<Item> test = items(Split.TEST, listDir.resolve(TEST_LIST), iTe, tTe, categories.size(), mat);
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
      Path mat) {
    List<String> lines = readLines(list);
    if (lines.size() != image.length || lines.size() != text.length) {
      throw new BadInputException(list.toString(), null, null, "has " + lines.size() + " lines but " + mat.getFileName()
          + " has " + image.length + " image and " + text.length + " text rows for the " + split.id() + " split");
    }
    List<Item> out = new ArrayList<>(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      String[] f = lines.get(i).split("\t");
      String where = "line " + (i + 1);
      if (f.length != 3) {
        throw new BadInputException(list.toString(), where, null,
            "expected 3 tab-separated fields (text_id, image_id, category), found " + f.length);
      }
      int cat;
      try {
        cat = Integer.parseInt(f[2].trim());
      } catch (NumberFormatException e) {
        throw new BadInputException(list.toString(), where, "category", "expected an integer, found '" + f[2] + "'");
      }
      if (cat < 1 || cat > numCategories) {
        throw new BadInputException(list.toString(), where, "category",
            "expected 1.." + numCategories + " (lines of " + CATEGORIES + "), found " + cat);
      }
      out.add(new Item(split, i + 1, f[0].trim(), f[1].trim(), cat - 1, image[i], text[i]));
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
      return new BadInputException(mat.toString(), "row " + row, variable, "expected " + dim + " values, found " + v.length);
    }
    for (int c = 0; c < v.length; c++) {
      if (!Float.isFinite(v[c])) {
        return new BadInputException(mat.toString(), "row " + row, variable + "[" + (c + 1) + "]",
            "expected a finite number, found " + v[c]);
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
