package org.ascmr.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ascmr.data.BadRowPolicy;
import org.ascmr.data.ImportMatConfig;
import org.ascmr.jobs.importmat.ImportMatJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The Wikipedia benchmark's feature files into a pool table. */
@Command(name = "import-mat", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = "Import the Wikipedia benchmark (raw_features.mat + list files) into a pool table: features as"
        + " given, one-hot labels, train/test as given and a seeded val split carved out of train (importMat.*).")
public final class ImportMatCommand implements Callable<Integer> {
  @Option(names = "--mat", required = true, paramLabel = "<file.mat>",
      description = "MAT v5 file with I_tr, T_tr, I_te, T_te (a local file: it is read on the driver)")
  Path mat;

  @Option(names = "--lists", required = true, paramLabel = "<dir>",
      description = "directory with trainset_txt_img_cat.list, testset_txt_img_cat.list, categories.list")
  Path lists;

  @Option(names = "--out", required = true, paramLabel = "<pool>", description = "pool artefact directory to write")
  String out;

  @Option(names = "--on-bad-row", paramLabel = "fail|skip", defaultValue = "fail", showDefaultValue = Visibility.NEVER,
      description = "fail: stop at the first bad row (train list order, then test); skip: set bad rows aside in"
          + " <out>/rejects.jsonl and go on (default: ${DEFAULT-VALUE})")
  BadRowPolicy onBadRow;

  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    try (JobEnv env = JobEnv.start(common)) {
      ImportMatConfig config = ImportMatConfig.from(env.config());
      long start = System.nanoTime();
      ImportMatJob.Result r = ImportMatJob.run(env.spark(), mat, lists, out, config, onBadRow, common.overwrite());
      PoolSummaryPrinter.print(spec, r.out(), r.metadata(), r.upToDate(), (System.nanoTime() - start) / 1e9);
      return 0;
    }
  }
}
