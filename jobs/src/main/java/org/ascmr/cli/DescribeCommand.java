package org.ascmr.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.ascmr.io.Metadata;
import org.ascmr.jobs.io.ArtifactStore;
import org.ascmr.jobs.io.PoolSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Prints what an artefact is from its metadata.json alone; starts no Spark. */
@Command(name = "describe", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = "Print an artefact's metadata summary: kind, rows, stage, inputs; for pools the rows per split.")
public final class DescribeCommand implements Callable<Integer> {
  @Option(names = "--path", required = true, paramLabel = "<artefact dir>",
      description = "artefact directory (the one holding metadata.json)")
  String path;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    ArtifactStore store = new ArtifactStore(new Configuration());
    String dir = store.qualify(path);
    Metadata md = store.readMetadata(dir, null);
    PrintWriter w = spec.commandLine().getOut();
    for (String line : PoolSummary.describe(dir, md)) w.println(line);
    w.flush();
    return 0;
  }
}
