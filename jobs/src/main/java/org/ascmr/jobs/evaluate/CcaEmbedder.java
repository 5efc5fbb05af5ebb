package org.ascmr.jobs.evaluate;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.ascmr.jobs.io.RowArrays;
import org.ascmr.cca.CcaSelection;
import org.ascmr.cca.LinearCca;
import org.ascmr.data.PoolColumns;

/** A fitted {@link LinearCca} at the chosen dimension count, applied to pool rows on the executors. */
public final class CcaEmbedder implements PairEmbedder {
  private final CcaSelection.Choice choice;

  public CcaEmbedder(CcaSelection.Choice choice) {
    this.choice = choice;
  }

  public CcaSelection.Choice choice() {
    return choice;
  }

  @Override
  public String method() {
    return "cca";
  }

  @Override
  public Dataset<Row> embed(Dataset<Row> poolRows) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(poolRows.sparkSession().sparkContext());
    Broadcast<LinearCca> model = jsc.broadcast(choice.model());
    return poolRows.select(PoolColumns.ID, PoolColumns.SPLIT, PoolColumns.LABELS, PoolColumns.IMAGE, PoolColumns.TEXT)
        .mapPartitions(new Project(model, choice.dims()), Encoders.row(SCHEMA));
  }

  @Override
  public Map<String, Object> describe() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("dims", choice.dims());
    d.put("ridge", choice.ridge());
    d.put("trainPairs", choice.model().trainPairs());
    double[] rho = choice.model().correlations();
    List<Double> top = new ArrayList<>();
    for (int i = 0; i < choice.dims(); i++) top.add(rho[i]);
    d.put("correlations", top);
    List<Map<String, Object>> candidates = new ArrayList<>();
    for (CcaSelection.Candidate c : choice.candidates()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("dims", c.dims());
      m.put("ridge", c.ridge());
      m.put("valMean", c.val() == null ? null : c.val().mean());
      candidates.add(m);
    }
    d.put("candidates", candidates);
    return d;
  }

  /** Projects each row's image and text; id, split and labels pass through. */
  private static final class Project implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<LinearCca> model;
    private final int dims;

    Project(Broadcast<LinearCca> model, int dims) {
      this.model = model;
      this.dims = dims;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      LinearCca cca = model.value();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return rows.hasNext();
        }

        @Override
        public Row next() {
          Row r = rows.next();
          float[] labels = r.isNullAt(2) ? null : RowArrays.floats(r, 2);
          return RowFactory.create(r.getString(0), r.getString(1), labels,
              cca.projectImage(RowArrays.floats(r, 3), dims), cca.projectText(RowArrays.floats(r, 4), dims));
        }
      };
    }
  }
}
