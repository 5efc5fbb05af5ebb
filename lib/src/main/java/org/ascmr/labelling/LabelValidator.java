package org.ascmr.labelling;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.ascmr.error.ClosestName;

/**
 * The rules a labels file must pass before it is appended to a workspace (README "Label round
 * trip"), on plain maps so they are tested without Spark:
 * <ol>
 *   <li>the id is in the pool, in the train or the val split: train labels are what the learner
 *       trains on; val labels let a pool without labelled val rows do early stopping and model
 *       selection ({@code export-selection --split val}). Test ids are refused: test labels are
 *       ground truth that must come with the pool, never from the annotators of a workspace;</li>
 *   <li>at least one label, each in the pool's vocabulary (exact spelling);</li>
 *   <li>one id, one label set within a file: if rows for an id disagree, every row of it is bad;</li>
 *   <li>labels are append-only: an id labelled before keeps its labels; the same labels again
 *       are a harmless repeat, different ones are a conflict, or with {@code relabel} (ingest-labels
 *       --relabel) a correction that a later ingestion records without changing the earlier one.</li>
 * </ol>
 */
public final class LabelValidator {
  private final List<String> vocabulary;
  private final Map<String, Integer> order = new HashMap<>();

  public LabelValidator(List<String> vocabulary) {
    this.vocabulary = List.copyOf(vocabulary);
    for (int i = 0; i < vocabulary.size(); i++) order.put(vocabulary.get(i), i);
  }

  /**
   * @param parsed  the file as read
   * @param splits  pool split ("train", "val", "test") of each id of the file found in the pool
   * @param earlier labels already ingested for ids of the file (vocabulary order)
   */
  public ValidatedLabels validate(ParsedLabels parsed, Map<String, String> splits, Map<String, List<String>> earlier) {
    return validate(parsed, splits, earlier, false);
  }

  /**
   * As {@link #validate(ParsedLabels, Map, Map)}; with {@code relabel} an id whose earlier labels
   * differ is accepted as a correction (counted in {@link ValidatedLabels#relabelled()}) instead of
   * refused as a conflict. {@code earlier} must then hold each id's latest labels.
   */
  public ValidatedLabels validate(ParsedLabels parsed, Map<String, String> splits, Map<String, List<String>> earlier,
      boolean relabel) {
    List<BadRow> bad = new ArrayList<>(parsed.bad());
    Map<String, List<LabelRow>> goodById = new LinkedHashMap<>();
    Map<LabelRow, List<String>> normalised = new HashMap<>();
    for (LabelRow r : parsed.rows()) {
      BadRow problem = check(r, splits);
      if (problem != null) {
        bad.add(problem);
        continue;
      }
      normalised.put(r, normalise(r.labels()));
      goodById.computeIfAbsent(r.id(), k -> new ArrayList<>()).add(r);
    }
    TreeMap<String, List<String>> accepted = new TreeMap<>();
    long unchanged = 0;
    long relabelled = 0;
    for (Map.Entry<String, List<LabelRow>> e : goodById.entrySet()) {
      List<LabelRow> rows = e.getValue();
      Set<List<String>> distinct = new LinkedHashSet<>();
      for (LabelRow r : rows) distinct.add(normalised.get(r));
      if (distinct.size() > 1) {
        StringBuilder said = new StringBuilder();
        for (LabelRow r : rows) said.append(said.length() == 0 ? "" : ", ").append(r.ref()).append(" says ")
            .append(normalised.get(r));
        for (LabelRow r : rows) {
          bad.add(new BadRow(r.ref(), r.id(), LabelFileParser.LABELS, LabelProblems.CONFLICT_IN_FILE + ": " + said));
        }
        continue;
      }
      List<String> labels = distinct.iterator().next();
      List<String> before = earlier.get(e.getKey());
      if (before != null && !normalise(before).equals(labels)) {
        if (relabel) {
          accepted.put(e.getKey(), labels);
          relabelled++;
          unchanged += rows.size() - 1;
          continue;
        }
        for (LabelRow r : rows) {
          bad.add(new BadRow(r.ref(), r.id(), LabelFileParser.LABELS, LabelProblems.CONFLICT_EARLIER + ": the workspace"
              + " already has " + normalise(before) + " for this id, this row says " + labels
              + " (labels are append-only; fix the row or skip it, or ingest the file with --relabel to correct the"
              + " earlier labels)"));
        }
        continue;
      }
      if (before != null) {
        unchanged += rows.size();
      } else {
        accepted.put(e.getKey(), labels);
        unchanged += rows.size() - 1;
      }
    }
    bad.sort(Comparator.comparingInt(b -> position(b.ref())));
    return new ValidatedLabels(accepted, unchanged, bad, parsed.rows().size() + parsed.bad().size(), relabelled);
  }

  private BadRow check(LabelRow r, Map<String, String> splits) {
    String split = splits.get(r.id());
    if (split == null) {
      return new BadRow(r.ref(), r.id(), LabelFileParser.ID, LabelProblems.NOT_IN_POOL + ": '" + r.id()
          + "' is not an id of this workspace's pool");
    }
    if (!"train".equals(split) && !"val".equals(split)) {
      return new BadRow(r.ref(), r.id(), LabelFileParser.ID, LabelProblems.NOT_TRAIN + ": '" + r.id() + "' is in the '"
          + split + "' split; only train and val pairs are labelled in a workspace, test labels come with the pool");
    }
    if (r.labels().isEmpty()) {
      return new BadRow(r.ref(), r.id(), LabelFileParser.LABELS, LabelProblems.EMPTY_LABELS
          + ": a labelled pair needs at least one label name, found none");
    }
    for (String l : r.labels()) {
      if (!order.containsKey(l)) {
        String hint = ClosestName.of(l, vocabulary);
        return new BadRow(r.ref(), r.id(), LabelFileParser.LABELS, LabelProblems.UNKNOWN_LABEL + ": '" + l + "'"
            + (hint == null ? "" : " (did you mean '" + hint + "'?)") + "; the pool has " + vocabulary.size()
            + " labels: " + abbreviate(vocabulary));
      }
    }
    return null;
  }

  /** Distinct label names in vocabulary (multi-hot) order, so equal sets compare equal. */
  public List<String> normalise(List<String> labels) {
    return labels.stream().distinct().sorted(Comparator.comparingInt(l -> order.getOrDefault(l, Integer.MAX_VALUE)))
        .toList();
  }

  /** Multi-hot vector of {@code labels} over the vocabulary. */
  public float[] multiHot(List<String> labels) {
    float[] y = new float[vocabulary.size()];
    for (String l : labels) y[order.get(l)] = 1f;
    return y;
  }

  private static int position(String ref) {
    String digits = ref.replaceAll("^[a-z]+ (\\d+).*$", "$1");
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      return Integer.MAX_VALUE;
    }
  }


  private static String abbreviate(List<String> names) {
    return names.size() <= 12 ? names.toString()
        : names.subList(0, 12).toString().replace("]", ", ... (" + (names.size() - 12) + " more)]");
  }

}
