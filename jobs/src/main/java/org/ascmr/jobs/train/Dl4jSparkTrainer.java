package org.ascmr.jobs.train;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.ascmr.config.ConfigSource;
import org.ascmr.io.NativeMemoryGuard;
import org.ascmr.model.Dl4jRetrievalNet;
import org.ascmr.model.EpochTrainer;
import org.ascmr.model.LabelledData;
import org.ascmr.model.LocalTrainer;
import org.ascmr.model.ModelSpec;
import org.ascmr.model.RetrievalModel;
import org.ascmr.model.TrainConfig;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.TrainingMaster;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.parameterserver.training.SharedTrainingMaster;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.parameterserver.distributed.conf.VoidConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The epochs of {@code train.engine = dl4j-parameter-averaging | dl4j-gradient-sharing}: the model
 * as a {@link Dl4jRetrievalNet} ComputationGraph (started from the driver's RetrievalModel arrays,
 * fresh or warm), one {@code SparkComputationGraph.fitMultiDataSet} pass per epoch, the trained
 * weights copied back into the driver's RetrievalModel after each pass so that val mAP, early
 * stopping, best-weights selection and the saved artifact are exactly the averaging engine's.
 *
 * <p>Each epoch's minibatches are cut per partition after a shuffle seeded by (seed, epoch,
 * partition), as the averaging engine does; dropout masks are DL4J's (ND4J's RNG), so runs are not
 * bit-reproducible. The training masters export the minibatches to {@code train.dl4j.exportDir}
 * (a fresh folder under java.io.tmpdir when unset, on the default file system) and that folder is
 * deleted at the end; on a cluster whose default file system is local (DL4J refuses to export
 * there) they take the minibatches directly from the RDD. No checkpoints: DL4J keeps Adam's state in its updater, so
 * a killed run starts over.
 */
final class Dl4jSparkTrainer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Dl4jSparkTrainer.class);
  /** ParameterAveragingTrainingMaster's default: average after this many minibatches per worker. */
  static final int AVERAGING_FREQUENCY = 5;
  static final String AERON_TIMEOUT = "aeron.publication.unblock.timeout";

  private final JavaSparkContext jsc;
  private final TrainEngine engine;
  private final ModelSpec spec;
  private final TrainConfig tc;
  private final JavaRDD<TrainRow> rows;
  private final long rowCount;
  private final TrainingMaster<?, ?> master;
  private final SparkComputationGraph net;
  private final String exportDir;

  Dl4jSparkTrainer(SparkSession spark, ConfigSource config, TrainEngine engine, RetrievalModel model, TrainConfig tc,
      JavaRDD<TrainRow> rows, long rowCount, int workers, int slotsPerExecutor) {
    this.jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    this.engine = engine;
    this.spec = model.spec();
    this.tc = tc;
    this.rows = rows;
    this.rowCount = rowCount;
    String dir = config.get(TrainJob.DL4J_EXPORT_DIR);
    this.exportDir = (dir != null ? dir : System.getProperty("java.io.tmpdir")) + "/ascmr-dl4j-" + UUID.randomUUID();
    // DL4J refuses Export on a cluster whose default file system is the local one (the executors
    // could not read each other's files): there the minibatches go to the workers directly.
    boolean localFs = jsc.hadoopConfiguration().get("fs.defaultFS", "file:///").startsWith("file:");
    RDDTrainingApproach approach = spark.sparkContext().isLocal() || !localFs
        ? RDDTrainingApproach.Export : RDDTrainingApproach.Direct;
    this.master = switch (engine) {
      case DL4J_PARAMETER_AVERAGING -> new ParameterAveragingTrainingMaster.Builder(workers, tc.batchSize())
          .batchSizePerWorker(tc.batchSize())
          .averagingFrequency(AVERAGING_FREQUENCY)
          .workerPrefetchNumBatches(0)
          .rddTrainingApproach(approach)
          .exportDirectory(exportDir)
          .rngSeed(tc.seed())
          .build();
      case DL4J_GRADIENT_SHARING -> sharedMaster(spark, config, tc, slotsPerExecutor, exportDir, approach);
      case AVERAGING -> throw new IllegalArgumentException("the averaging engine does not use DL4J's training masters");
    };
    this.net = new SparkComputationGraph(jsc, Dl4jRetrievalNet.create(spec, model.arrays(), tc), master);
    LOG.info("train.engine = {}: {} workers, minibatch {}, {}", org.ascmr.config.Setting.enumName(engine),
        workers, tc.batchSize(), approach == RDDTrainingApproach.Export ? "minibatches exported to " + exportDir
            : "minibatches passed directly (cluster with a local default file system)");
  }

  /**
   * One trainer thread per executor JVM (the Spark tasks of that JVM feed it): with two, a
   * ParallelWrapper thread blocked on a full update queue while the other waited for data and the
   * epoch never ended (local[2], 1.0.0-M2).
   */
  private static SharedTrainingMaster sharedMaster(SparkSession spark, ConfigSource config, TrainConfig tc,
      int executorSlots, String exportDir, RDDTrainingApproach approach) {
    // Aeron refuses to start unless this exceeds its client liveness timeout (shared/docs/stack.md);
    // conf/jvm-options sets it for every ascmr JVM, this covers a driver started otherwise.
    if (System.getProperty(AERON_TIMEOUT) == null) System.setProperty(AERON_TIMEOUT, "60000000000");
    String controller = config.get(TrainJob.DL4J_CONTROLLER);
    if (controller == null) controller = spark.sparkContext().getConf().get("spark.driver.host", "127.0.0.1");
    VoidConfiguration.VoidConfigurationBuilder vc = VoidConfiguration.builder()
        .unicastPort(config.get(TrainJob.DL4J_PORT))
        .controllerAddress(controller);
    String mask = config.get(TrainJob.DL4J_NETWORK_MASK);
    if (mask != null) vc.networkMask(mask);
    return new SharedTrainingMaster.Builder(vc.build(), tc.batchSize())
        .batchSizePerWorker(tc.batchSize())
        .workersPerNode(1)
        .workerPrefetchNumBatches(0)
        .rddTrainingApproach(approach)
        .exportDirectory(exportDir)
        .rngSeed(tc.seed())
        .build();
  }

  /** One pass over the labelled rows; copies the trained weights into {@code model}. */
  EpochTrainer.Result fitEpoch(int epoch, RetrievalModel model) {
    long start = System.nanoTime();
    ModelSpec s = spec;
    int batch = tc.batchSize();
    long seed = tc.seed();
    JavaRDD<MultiDataSet> batches = rows.mapPartitionsWithIndex(
        (w, it) -> minibatches(s, it, batch, LocalTrainer.epochSeed(seed, epoch, w)), false);
    Dl4jRetrievalNet.quietly(() -> net.fitMultiDataSet(batches));
    model.setArrays(Dl4jRetrievalNet.trainableArrays(net.getNetwork(), spec));
    double score = net.getScore();
    int steps = (int) ((rowCount + batch - 1) / batch);
    return new EpochTrainer.Result(rowCount, steps, score * rowCount, (System.nanoTime() - start) / 1e9);
  }

  /** One partition's rows, shuffled by {@code seed}, as minibatches of {@code size} rows (the last may be smaller). */
  static Iterator<MultiDataSet> minibatches(ModelSpec spec, Iterator<TrainRow> it, int size, long seed) {
    List<TrainRow> list = new ArrayList<>();
    it.forEachRemaining(list::add);
    SplittableRandom rng = new SplittableRandom(seed);
    for (int i = list.size() - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      TrainRow t = list.get(i);
      list.set(i, list.get(j));
      list.set(j, t);
    }
    List<MultiDataSet> out = new ArrayList<>();
    for (int s = 0; s < list.size(); s += size) {
      NativeMemoryGuard.check();
      LabelledData d = TrainJob.toData(list.subList(s, Math.min(list.size(), s + size)));
      out.add(Dl4jRetrievalNet.toMultiDataSet(spec, d));
    }
    return out.iterator();
  }

  @Override
  public void close() {
    try {
      master.deleteTempFiles(jsc);
    } catch (RuntimeException e) {
      LOG.warn("could not delete DL4J's temporary files: {}", e.toString());
    }
    try {
      Path p = new Path(exportDir);
      FileSystem fs = p.getFileSystem(jsc.hadoopConfiguration());
      if (fs.exists(p)) fs.delete(p, true);
    } catch (IOException e) {
      LOG.warn("could not delete the export folder {}: {}", exportDir, e.toString());
    }
  }

  TrainEngine engine() {
    return engine;
  }
}
