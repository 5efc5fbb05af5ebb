package org.ascmr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ascmr.testing.InProcessCli.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.ascmr.error.ExitCodes;
import org.ascmr.testing.BundleCopy;
import org.ascmr.testing.SparkTestSession;
import org.ascmr.testing.TestData;
import org.ascmr.testing.InProcessCli.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command-line contract of extract, import-mat and describe (options, exit codes, summary). */
class DataInCliTest {
  @TempDir
  Path dir;

  @Test
  void extractHelpListsItsOptionsWithDefaults() {
    Result r = cli("extract", "--help");
    assertEquals(0, r.code());
    for (String option : new String[] {"--pairs=<dir>", "--out=<pool>", "--on-bad-row=fail|skip", "--conf", "--set",
        "--overwrite"}) {
      assertTrue(r.out().contains(option), option + " missing from:\n" + r.out());
    }
    assertTrue(r.out().contains("(default: fail)"), r.out());
  }

  @Test
  void importMatAndDescribeHelp() {
    Result r = cli("import-mat", "--help");
    assertEquals(0, r.code());
    for (String option : new String[] {"--mat=<file.mat>", "--lists=<dir>", "--out=<pool>", "--on-bad-row"}) {
      assertTrue(r.out().contains(option), option + " missing from:\n" + r.out());
    }
    assertTrue(cli("describe", "--help").out().contains("--path=<artefact dir>"));
  }

  @Test
  void badPolicyValueIsUsageError() {
    Result r = cli("extract", "--pairs", "x", "--out", "y", "--on-bad-row", "maybe");
    assertEquals(ExitCodes.USAGE, r.code());
    assertTrue(r.err().contains("--on-bad-row"), r.err());
  }

  @Test
  void missingRequiredOptionIsUsageError() {
    Result r = cli("extract", "--pairs", "x");
    assertEquals(ExitCodes.USAGE, r.code());
    assertTrue(r.err().contains("--out"), r.err());
  }

  @Test
  void badConfigValueIsUsageErrorBeforeAnyWork() {
    Result r = cli("extract", "--pairs", "x", "--out", dir.resolve("p").toString(), "--set",
        "extract.canvas=2");
    assertEquals(ExitCodes.USAGE, r.code());
    assertTrue(r.err().contains("extract.canvas: must be in [8, 1024], was 2"), r.err());
  }

  @Test
  void extractPrintsSummaryThenDescribeAndBadRowExitCode() throws IOException {
    SparkTestSession.get();
    Path bundle = BundleCopy.of(dir.resolve("bundle"), 30).write();
    String out = dir.resolve("pool").toString();
    Result r = cli("extract", "--pairs", bundle.toString(), "--out", out);
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("rows         30: train"), r.out());
    assertTrue(r.out().contains("labels       39"), r.out());
    assertTrue(r.out().contains("rejects      0"), r.out());

    Result again = cli("extract", "--pairs", bundle.toString(), "--out", out);
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().contains("up to date"), again.out());

    Result d = cli("describe", "--path", out);
    assertEquals(0, d.code(), d.err());
    assertTrue(d.out().contains("(pool, format 1"), d.out());
    assertTrue(d.out().contains("input        pairs: "), d.out());
    assertTrue(d.out().contains("rows         30: train"), d.out());

    Path broken = BundleCopy.of(dir.resolve("broken"), 30).edit(4, n -> n.put("split", "dev")).write();
    Result bad = cli("extract", "--pairs", broken.toString(), "--out", dir.resolve("p2").toString());
    assertEquals(ExitCodes.DATA, bad.code());
    assertTrue(bad.err().contains("pairs.jsonl, line 4, field 'split': expected train, val or test"), bad.err());

    Result skipped = cli("extract", "--pairs", broken.toString(), "--out", dir.resolve("p2").toString(),
        "--on-bad-row", "skip");
    assertEquals(0, skipped.code(), skipped.err());
    assertTrue(skipped.out().contains("rejects      1 (see "), skipped.out());
  }

  @Test
  void describeShowsAnyArtefactKind() {
    String out = dir.resolve("labelled").toString();
    org.ascmr.jobs.io.Tables.write(SparkTestSession.get(), SparkTestSession.get().range(3).toDF("id"), out,
        org.ascmr.io.Metadata.create(org.ascmr.io.ArtifactKind.LABELLED_SET, "test", 5L, 0, java.util.Map.of("k", "v"),
            java.util.List.of(), java.util.Map.of()));
    Result r = cli("describe", "--path", out);
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("(labelled-set, format 1"), r.out());
    assertTrue(r.out().contains("rows         3"), r.out());
    assertTrue(r.out().contains("seed         5"), r.out());
  }

  @Test
  void describeOfMissingDirIsStateError() {
    Result r = cli("describe", "--path", dir.resolve("nothing").toString());
    assertEquals(ExitCodes.STATE, r.code());
    assertTrue(r.err().contains("does not exist"), r.err());
  }

  @Test
  void importMatOnTheBundledBenchmark() {
    SparkTestSession.get();
    Result r = cli("import-mat", "--mat", TestData.wikipedia().resolve("raw_features.mat").toString(),
        "--lists", TestData.wikipedia().toString(), "--out", dir.resolve("wiki").toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("rows         2866: train 1956 (1956 labelled), val 217 (217 labelled), test 693"),
        r.out());
  }
}
