package org.ascmr.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.ascmr.error.BadInputException;

/**
 * Turns the Wikipedia benchmark files into pool rows: ids {@code wiki/<text_id>}, features as
 * given (no normalisation), one-hot labels from the category, the given train/test split with a
 * seeded val split carved out of train ({@link SeededSplit}). Every row problem is collected with
 * its file, row and field; the caller applies the bad-row policy (the first problem is the
 * lowest row of train, then of test).
 */
public final class WikipediaImport {
  public static final String ID_PREFIX = "wiki/";
  public static final String DUPLICATE_ID = "duplicate text_id";
  public static final String WRONG_WIDTH = "the whole matrix has the wrong width";
  public static final String IMAGE_FEATURES = "wikipedia-sift-bow-128 (Rasiwasia et al. 2010, as given)";
  public static final String TEXT_FEATURES = "wikipedia-lda-10 (Rasiwasia et al. 2010, as given)";

  /** One pool row (labels one-hot, never null here). */
  public record PoolRow(String id, Split split, float[] image, float[] text, float[] labels) {}

  /** A bad row: where it is (for ordering), the reject record, and the error fail reports. */
  public record Problem(Split split, int row, Reject reject, BadInputException error) {}

  /**
   * The import: rows sorted by id, problems in (split, row) order, dimensions, label names and
   * notes on how the split was made.
   */
  public record Result(List<PoolRow> rows, List<Problem> problems, int imageDim, int textDim, List<String> labelNames,
      Map<String, Long> splitCounts, List<String> notes) {}

  private WikipediaImport() {}

  public static Result build(Path mat, Path lists, ImportMatConfig config) {
    List<Problem> problems = new ArrayList<>();
    WikipediaBenchmark.Data data = WikipediaBenchmark.read(mat, lists, (split, row, textId, e) ->
        problems.add(new Problem(split, row, Reject.of(e, row, textId == null ? null : ID_PREFIX + textId), e)));
    int imageDim = data.imageDim();
    int textDim = data.textDim();
    // A matrix of the wrong width is not a bad row but a bad file: fail under any policy.
    checkWidth(data.test(), mat, imageDim, textDim);

    Map<String, String> firstSeen = new HashMap<>();
    List<WikipediaBenchmark.Item> good = new ArrayList<>();
    for (List<WikipediaBenchmark.Item> items : List.of(data.train(), data.test())) {
      for (WikipediaBenchmark.Item item : items) {
        String id = ID_PREFIX + item.textId();
        BadInputException e = WikipediaBenchmark.check(item, mat, imageDim, textDim);
        String listName = item.split() == Split.TRAIN ? WikipediaBenchmark.TRAIN_LIST : WikipediaBenchmark.TEST_LIST;
        if (e == null) {
          String first = firstSeen.putIfAbsent(id, "line " + item.row() + " of " + listName);
          if (first != null) {
            e = new BadInputException(lists.resolve(listName).toString(), "line " + item.row(), "text_id",
                DUPLICATE_ID + " '" + item.textId() + "', first on " + first);
          }
        }
        if (e != null) {
          problems.add(new Problem(item.split(), item.row(), Reject.of(e, item.row(), id), e));
        } else {
          good.add(item);
        }
      }
    }
    problems.sort(Comparator.comparing(Problem::split).thenComparingInt(Problem::row));

    List<String> trainIds = good.stream().filter(i -> i.split() == Split.TRAIN).map(i -> ID_PREFIX + i.textId()).toList();
    Set<String> val = SeededSplit.pick(trainIds, config.valFraction(), config.seed());
    int numLabels = data.categories().size();
    List<PoolRow> rows = new ArrayList<>(good.size());
    Map<String, Long> counts = new TreeMap<>();
    for (WikipediaBenchmark.Item item : good) {
      String id = ID_PREFIX + item.textId();
      Split split = item.split() == Split.TRAIN && val.contains(id) ? Split.VAL : item.split();
      rows.add(new PoolRow(id, split, item.image(), item.text(), Labels.multiHot(numLabels, item.category())));
      counts.merge(split.id(), 1L, Long::sum);
    }
    rows.sort(Comparator.comparing(PoolRow::id));
    List<String> notes = List.of(
        "train/test as given by " + WikipediaBenchmark.TRAIN_LIST + " / " + WikipediaBenchmark.TEST_LIST
            + "; ids are " + ID_PREFIX + "<text_id>",
        "val: " + val.size() + " of the " + trainIds.size() + " given train rows, picked as "
            + SeededSplit.describe(config.valFraction(), config.seed()),
        "features as given in " + mat.getFileName() + " (I_tr/I_te image, T_tr/T_te text), not normalised");
    return new Result(rows, problems, imageDim, textDim, data.categories(), counts, notes);
  }

  private static void checkWidth(List<WikipediaBenchmark.Item> test, Path mat, int imageDim, int textDim) {
    if (test.isEmpty()) return;
    WikipediaBenchmark.Item first = test.get(0);
    if (first.image().length != imageDim) {
      throw new BadInputException(mat.toString(), "row " + first.row(), "I_te", WikipediaBenchmark.WRONG_DIM
          + ": expected " + imageDim + " (the width of I_tr), found " + first.image().length + "; " + WRONG_WIDTH);
    }
    if (first.text().length != textDim) {
      throw new BadInputException(mat.toString(), "row " + first.row(), "T_te", WikipediaBenchmark.WRONG_DIM
          + ": expected " + textDim + " (the width of T_tr), found " + first.text().length + "; " + WRONG_WIDTH);
    }
  }
}
