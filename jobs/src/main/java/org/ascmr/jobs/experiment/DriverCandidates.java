package org.ascmr.jobs.experiment;

import org.ascmr.select.FusedFeatures;
import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ascmr.data.EmbeddingColumns;
import org.ascmr.data.SeededSplit;
import org.ascmr.jobs.io.RowArrays;

/**
 * Embeddings brought to the driver for the baselines that compare every candidate with every pick
 * (core-set, BADGE). At scale they work on a seeded sample of at most experiment.candidateCap
 * candidates, drawn by id hash, in id order, so the result does not depend on partitioning.
 */
final class DriverCandidates {
  final List<String> ids = new ArrayList<>();
  final List<float[]> fv = new ArrayList<>();
  final List<float[]> ft = new ArrayList<>();
  final List<float[]> logitsV = new ArrayList<>();
  final List<float[]> logitsT = new ArrayList<>();

  private DriverCandidates() {}

  static DriverCandidates collect(Dataset<Row> embeddings, int cap, long seed) {
    Dataset<Row> rows = embeddings;
    if (cap > 0) {
      long n = rows.count();
      if (n > cap) {
        double rate = Math.min(1.0, 1.2 * cap / n);
        rows = rows.filter((org.apache.spark.api.java.function.FilterFunction<Row>) r ->
            SeededSplit.unit(seed, 29, r.getString(r.fieldIndex(EmbeddingColumns.ID))) < rate);
        rows = rows.orderBy(col(EmbeddingColumns.ID)).limit(cap);
      }
    }
    DriverCandidates c = new DriverCandidates();
    for (Row r : rows.orderBy(col(EmbeddingColumns.ID)).collectAsList()) {
      c.ids.add(r.getString(r.fieldIndex(EmbeddingColumns.ID)));
      c.fv.add(RowArrays.floats(r, EmbeddingColumns.FV));
      c.ft.add(RowArrays.floats(r, EmbeddingColumns.FT));
      c.logitsV.add(RowArrays.floats(r, EmbeddingColumns.LOGITS_V));
      c.logitsT.add(RowArrays.floats(r, EmbeddingColumns.LOGITS_T));
    }
    return c;
  }

  int size() {
    return ids.size();
  }

  /** Joint embedding of item i: the unit image and text features side by side. */
  float[] joint(int i) {
    return FusedFeatures.joint(fv.get(i), ft.get(i));
  }
}
