package org.ascmr.cli;

import java.util.concurrent.Callable;
import org.ascmr.data.BadRowPolicy;
import org.ascmr.features.ExtractConfig;
import org.ascmr.jobs.extract.ExtractJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Raw image-text pairs (pairs.jsonl + images + labels.txt) into a pool table. */
@Command(name = "extract", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = "Decode a raw-pairs bundle into a pool table: image descriptor, TF-IDF text vector (vocabulary"
        + " fitted on train only), multi-hot labels. Settings: extract.* ('ascmr config' lists them).")
public final class ExtractCommand implements Callable<Integer> {
  @Option(names = "--pairs", required = true, paramLabel = "<dir>",
      description = "bundle directory with pairs.jsonl, labels.txt and the images (local, hdfs://, s3a://)")
  String pairs;

  @Option(names = "--out", required = true, paramLabel = "<pool>", description = "pool artefact directory to write")
  String out;

  @Option(names = "--on-bad-row", paramLabel = "fail|skip", defaultValue = "fail", showDefaultValue = Visibility.NEVER,
      description = "fail: stop at the first bad line (lowest line number); skip: set bad lines aside in"
          + " <out>/rejects.jsonl and go on (default: ${DEFAULT-VALUE})")
  BadRowPolicy onBadRow;

  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    try (JobEnv env = JobEnv.start(common)) {
      ExtractConfig config = ExtractConfig.from(env.config());
      long start = System.nanoTime();
      ExtractJob.Result r = ExtractJob.run(env.spark(), pairs, out, config, onBadRow, common.overwrite(),
          env.partitions());
      PoolSummaryPrinter.print(spec, r.out(), r.metadata(), r.upToDate(), (System.nanoTime() - start) / 1e9);
      return 0;
    }
  }
}
