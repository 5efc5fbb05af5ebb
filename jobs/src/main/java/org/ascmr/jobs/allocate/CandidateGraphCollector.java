package org.ascmr.jobs.allocate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.ascmr.allocate.CandidateGraph;
import org.ascmr.allocate.RecentredWeights;
import org.ascmr.data.DensityColumns;
import org.ascmr.data.ScoreColumns;
import org.ascmr.error.BadInputException;
import org.ascmr.error.StateException;

/**
 * Brings the greedy solver's problem to the driver as primitive arrays. Rows of strings were the
 * cost (1M candidates with about 20 kNN entries each: 40 of the 57 s of the job): now the
 * driver collects the candidate ids once, in id order, and broadcasts them as the dictionary;
 * each partition maps its ids and neighbour ids to dictionary indices, sums the weights of its
 * labelled (non-candidate) neighbours itself, and ships one {@link Chunk} of int, double and
 * float arrays. The graph is the same, entry for entry and in the same order, as a row-by-row
 * collection gives (AllocateJobTest compares them).
 */
final class CandidateGraphCollector {
  private CandidateGraphCollector() {}

  /**
   * The candidates in the solver's order (id order): their ids and, when collected on the driver,
   * their informativeness ({@code null}: each row carries its own).
   */
  record Candidates(String[] ids, double[] informativeness) {}

  /**
   * The candidates' (id, informativeness), sorted by id on the driver: a null or repeated id or a
   * non-finite I is bad input naming the id.
   */
  static Candidates sortedCandidates(Dataset<Row> candidates, String densityDir) {
    List<Row> rows = candidates.select(col("id"), col("informativeness")).collectAsList();
    Row[] sorted = rows.toArray(new Row[0]);
    rows = null;
    for (Row r : sorted) {
      if (r.isNullAt(0)) throw new BadInputException("scores data/", null, ScoreColumns.ID, "expected an id, found null");
      if (r.isNullAt(1) || !Double.isFinite(r.getDouble(1))) {
        throw new BadInputException("scores data/", "id " + r.getString(0), ScoreColumns.INFORMATIVENESS,
            "expected a finite number, found " + (r.isNullAt(1) ? "null" : Double.toString(r.getDouble(1))));
      }
    }
    Arrays.parallelSort(sorted, (a, b) -> a.getString(0).compareTo(b.getString(0)));
    String[] ids = new String[sorted.length];
    double[] inf = new double[sorted.length];
    for (int i = 0; i < sorted.length; i++) {
      ids[i] = sorted[i].getString(0);
      inf[i] = sorted[i].getDouble(1);
      if (i > 0 && ids[i].equals(ids[i - 1])) {
        throw new BadInputException("scores data/", "id " + ids[i], ScoreColumns.ID, "appears more than once among the"
            + " unlabelled candidates; rerun 'ascmr score'");
      }
    }
    return new Candidates(ids, inf);
  }

  /**
   * {@code rows}: one row per candidate with id, informativeness, rho, cluster, neighbours and
   * similarities ({@link #columns}); {@code candidates} their ids in order (the dictionary: a
   * candidate's index is its position) and, when not null, their informativeness, which then
   * replaces the rows' (a placeholder there). With a finite {@code recentreAt} every weight w
   * (candidate edges and labelled neighbours alike) becomes {@link RecentredWeights#apply}(w,
   * recentreAt); NaN keeps the raw weights. With {@code rankToCandidate} (indexed by the density
   * table's rank: the candidate's index, or -1 for a labelled row) the neighbours are read from
   * {@link DensityColumns#NEIGHBOR_RANKS} and the rows also hold their {@link DensityColumns#RANK};
   * null reads the neighbour ids and looks each one up. Every candidate must come once.
   */
  static CandidateGraph collect(Dataset<Row> rows, Candidates candidates, double recentreAt, int[] rankToCandidate,
      String densityDir) {
    String[] ids = candidates.ids();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(rows.sparkSession().sparkContext());
    Broadcast<IdDictionary> dictionary = jsc.broadcast(new IdDictionary(ids));
    Broadcast<int[]> ranks = jsc.broadcast(rankToCandidate);
    try {
      // Spark's internal rows, not Rows: a Row hands array columns over as lists of boxed values, one
      // object per neighbour and similarity (about 20 of each per candidate), built and dropped.
      List<Chunk> chunks = rows.select(columns(rankToCandidate != null)).queryExecution().toRdd().toJavaRDD()
          .mapPartitions(it -> List.of(Chunk.of(it, dictionary.value(), ranks.value(), recentreAt)).iterator())
          .collect();
      return assemble(candidates, chunks, densityDir);
    } finally {
      dictionary.destroy();
      ranks.destroy();
    }
  }

  /**
   * The columns a chunk reads, in its field order: id, informativeness, rho, cluster, the
   * neighbours (ranks or ids), their similarities, and with ranks the row's own rank.
   */
  static org.apache.spark.sql.Column[] columns(boolean ranked) {
    // by rank the rows are the density table's own: I is the driver's, a placeholder here
    org.apache.spark.sql.Column inf = ranked ? lit(0.0).as("informativeness") : col("informativeness");
    List<org.apache.spark.sql.Column> c = new java.util.ArrayList<>(List.of(col("id"), inf,
        col(DensityColumns.RHO), col(DensityColumns.CLUSTER),
        col(ranked ? DensityColumns.NEIGHBOR_RANKS : DensityColumns.NEIGHBORS), col(DensityColumns.SIMILARITIES)));
    if (ranked) c.add(col(DensityColumns.RANK));
    return c.toArray(new org.apache.spark.sql.Column[0]);
  }

  /**
   * The candidate index of every rank of a density table of {@code rows} rows whose labelled rows
   * have the ranks {@code labelledRanks}: candidates are the unlabelled rows, and both ranks and
   * the candidate dictionary follow id order, so a candidate's index is its rank minus the
   * labelled rows ranked before it.
   */
  static int[] rankToCandidate(long rows, int[] labelledRanks, String densityDir) {
    if (rows > Integer.MAX_VALUE) throw new StateException("density", densityDir + ": too many rows for int ranks");
    int[] lab = labelledRanks.clone();
    Arrays.sort(lab);
    int[] out = new int[(int) rows];
    int next = 0;
    int candidate = 0;
    for (int r = 0; r < out.length; r++) {
      if (next < lab.length && lab[next] == r) {
        out[r] = -1;
        next++;
      } else {
        out[r] = candidate++;
      }
    }
    if (next != lab.length) {
      throw new StateException("density", densityDir + ": labelled rank " + lab[next] + " outside 0.." + (rows - 1)
          + " or repeated; rerun 'ascmr density'");
    }
    return out;
  }

  private static CandidateGraph assemble(Candidates candidates, List<Chunk> chunks, String densityDir) {
    String[] ids = candidates.ids();
    int n = ids.length;
    boolean[] seen = new boolean[n];
    double[] inf = new double[n];
    double[] rho = new double[n];
    int[] cluster = new int[n];
    double[] labelledSim = new double[n];
    int[] offsets = new int[n + 1];
    for (Chunk c : chunks) {
      if (c.badRankId != null) {
        throw new StateException("density", "id " + c.badRankId + ": the density table's " + DensityColumns.RANK
            + " and " + DensityColumns.NEIGHBOR_RANKS + " do not match its ids' order; rerun 'ascmr density'");
      }
      if (c.badId != null) {
        throw new BadInputException("scores data/", "id " + c.badId, ScoreColumns.INFORMATIVENESS,
            "expected a finite number, found " + c.badValue);
      }
      for (int r = 0; r < c.index.length; r++) {
        int a = c.index[r];
        if (seen[a]) {
          throw new BadInputException(densityDir + "/data", "id " + ids[a], DensityColumns.ID,
              AllocateJob.DENSITY_MISMATCH + ": more than one unlabelled row has this id; rerun 'ascmr density'");
        }
        seen[a] = true;
        inf[a] = candidates.informativeness() == null ? c.informativeness[r] : candidates.informativeness()[a];
        rho[a] = c.rho[r];
        cluster[a] = c.cluster[r];
        labelledSim[a] = c.labelledSimilarity[r];
        offsets[a + 1] = c.start[r + 1] - c.start[r];
      }
    }
    for (int v = 0; v < n; v++) {
      if (!seen[v]) {
        throw new BadInputException(densityDir + "/data", "id " + ids[v], DensityColumns.ID,
            AllocateJob.DENSITY_MISMATCH + ": this unlabelled candidate has no unlabelled row; rerun 'ascmr density' on"
                + " these scores");
      }
      offsets[v + 1] += offsets[v];
    }
    int[] nbs = new int[offsets[n]];
    float[] wts = new float[offsets[n]];
    for (Chunk c : chunks) {
      for (int r = 0; r < c.index.length; r++) {
        int len = c.start[r + 1] - c.start[r];
        System.arraycopy(c.neighbours, c.start[r], nbs, offsets[c.index[r]], len);
        System.arraycopy(c.weights, c.start[r], wts, offsets[c.index[r]], len);
      }
    }
    return new CandidateGraph(ids, inf, labelledSim, rho, cluster, offsets, nbs, wts);
  }

  /**
   * The candidate ids in the solver's order and, built once per JVM on first use, the map from
   * id to index (the broadcast value is one object per executor, shared by its tasks).
   */
  static final class IdDictionary implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String[] ids;
    private transient volatile Map<String, Integer> index;

    IdDictionary(String[] ids) {
      this.ids = ids;
    }

    String id(int index) {
      return ids[index];
    }

    /** The id's index, or -1 when it is not a candidate. */
    int indexOf(String id) {
      Map<String, Integer> m = index;
      if (m == null) m = build();
      Integer i = m.get(id);
      return i == null ? -1 : i;
    }

    private synchronized Map<String, Integer> build() {
      if (index == null) {
        Map<String, Integer> m = new HashMap<>(ids.length * 2);
        for (int i = 0; i < ids.length; i++) m.put(ids[i], i);
        index = m;
      }
      return index;
    }
  }

  /**
   * One partition's candidates: dictionary index, I, rho, cluster, the summed weights of labelled
   * neighbours, and the candidate neighbours (indices, weights) of row r at [start[r],
   * start[r+1]) in the list's order. A non-finite I is reported back, not thrown on the executor,
   * so that the driver's error names the id plainly.
   */
  static final class Chunk implements Serializable {
    private static final long serialVersionUID = 1L;
    int[] index = new int[0];
    double[] informativeness = new double[0];
    double[] rho = new double[0];
    int[] cluster = new int[0];
    double[] labelledSimilarity = new double[0];
    int[] start = {0};
    int[] neighbours = new int[0];
    float[] weights = new float[0];
    String badId;
    String badValue;
    /** A row whose rank does not lead to its own id: the table's ranks are not its ids' order. */
    String badRankId;

    static Chunk of(Iterator<InternalRow> rows, IdDictionary dictionary, int[] rankToCandidate, double recentreAt) {
      boolean recentre = !Double.isNaN(recentreAt);
      Chunk c = new Chunk();
      int rowCount = 0;
      int edges = 0;
      int cap = 1024;
      int[] index = new int[cap];
      double[] inf = new double[cap];
      double[] rho = new double[cap];
      int[] cluster = new int[cap];
      double[] lab = new double[cap];
      int[] start = new int[cap + 1];
      int[] nbs = new int[cap * 8];
      float[] wts = new float[cap * 8];
      while (rows.hasNext()) {
        InternalRow r = rows.next();
        String id = r.getUTF8String(0).toString();
        if (r.isNullAt(1) || !Double.isFinite(r.getDouble(1))) {
          if (c.badId == null) {
            c.badId = id;
            c.badValue = r.isNullAt(1) ? "null" : Double.toString(r.getDouble(1));
          }
          continue;
        }
        if (rowCount == index.length) {
          int grown = index.length * 2;
          index = Arrays.copyOf(index, grown);
          inf = Arrays.copyOf(inf, grown);
          rho = Arrays.copyOf(rho, grown);
          cluster = Arrays.copyOf(cluster, grown);
          lab = Arrays.copyOf(lab, grown);
          start = Arrays.copyOf(start, grown + 1);
        }
        ArrayData nb = rankToCandidate == null ? r.getArray(4) : null;
        int[] nbRanks = rankToCandidate == null ? null : r.getArray(4).toIntArray();
        int size = nb != null ? nb.numElements() : nbRanks.length;
        // by rank, the row's index is its rank's candidate, checked against the id without the id map
        int at = rankToCandidate == null ? dictionary.indexOf(id) : candidateOf(rankToCandidate, r.getInt(6), id,
            dictionary, nbRanks);
        if (at < 0) {
          if (c.badRankId == null) c.badRankId = id;
          continue;
        }
        index[rowCount] = at;
        inf[rowCount] = r.getDouble(1);
        rho[rowCount] = r.getDouble(2);
        cluster[rowCount] = r.getInt(3);
        float[] sims = r.getArray(5).toFloatArray();
        if (edges + size > nbs.length) {
          int grown = Math.max(nbs.length * 2, edges + size);
          nbs = Arrays.copyOf(nbs, grown);
          wts = Arrays.copyOf(wts, grown);
        }
        double labelled = 0;
        for (int e = 0; e < size; e++) {
          float weight = recentre ? RecentredWeights.apply(sims[e], recentreAt) : sims[e];
          int b = nb != null ? dictionary.indexOf(nb.getUTF8String(e).toString()) : rankToCandidate[nbRanks[e]];
          if (b < 0) {
            labelled += weight;
            continue;
          }
          nbs[edges] = b;
          wts[edges] = weight;
          edges++;
        }
        lab[rowCount] = labelled;
        rowCount++;
        start[rowCount] = edges;
      }
      c.index = Arrays.copyOf(index, rowCount);
      c.informativeness = Arrays.copyOf(inf, rowCount);
      c.rho = Arrays.copyOf(rho, rowCount);
      c.cluster = Arrays.copyOf(cluster, rowCount);
      c.labelledSimilarity = Arrays.copyOf(lab, rowCount);
      c.start = Arrays.copyOf(start, rowCount + 1);
      c.neighbours = Arrays.copyOf(nbs, edges);
      c.weights = Arrays.copyOf(wts, edges);
      return c;
    }

    /**
     * The candidate index of a row with this rank, or -1 when the rank does not lead to the row's
     * own id or a neighbour rank is out of range.
     */
    private static int candidateOf(int[] rankToCandidate, int rank, String id, IdDictionary dictionary, int[] nbRanks) {
      if (rank < 0 || rank >= rankToCandidate.length) return -1;
      int at = rankToCandidate[rank];
      if (at < 0 || !dictionary.id(at).equals(id)) return -1;
      for (int nr : nbRanks) if (nr < 0 || nr >= rankToCandidate.length) return -1;
      return at;
    }
  }
}
