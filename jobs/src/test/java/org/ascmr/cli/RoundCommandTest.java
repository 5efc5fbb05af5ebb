package org.ascmr.cli;

import static org.ascmr.testing.RoundFixture.args;
import static org.ascmr.testing.InProcessCli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ascmr.data.SelectionColumns;
import org.ascmr.error.ExitCodes;
import org.ascmr.io.ArtifactKind;
import org.ascmr.io.InputRef;
import org.ascmr.io.Metadata;
import org.ascmr.jobs.io.ArtifactStore;
import org.ascmr.jobs.io.Tables;
import org.ascmr.jobs.workspace.RoundJob;
import org.ascmr.jobs.workspace.StateFiles;
import org.ascmr.jobs.workspace.Workspace;
import org.ascmr.jobs.workspace.WorkspaceLock;
import org.ascmr.testing.RoundFixture;
import org.ascmr.testing.InProcessCli.Result;
import org.ascmr.testing.SparkTestSession;
import org.ascmr.workspace.RoundConfig;
import org.ascmr.workspace.RoundManifest;
import org.ascmr.workspace.StageRecord;
import org.ascmr.workspace.StageStatus;
import org.ascmr.workspace.WorkspaceLayout;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ascmr round} and the stage commands with --workspace, in-process on a small real pool
 * (300 Wikipedia pairs per split): defaults and bad settings, a round without labels (refused, or
 * bootstrapped), a full round and its rerun (everything skipped), a changed setting (refused, then
 * recomputed from that stage on with --force), labels ingested mid-round (the next round sees
 * them, warm-started), the stages one by one as the Airflow DAG runs them, and the lock.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RoundCommandTest {
  private static final SparkSession SPARK = SparkTestSession.get();
  private static final ArtifactStore STORE = Tables.store(SPARK);

  @TempDir
  static Path dir;
  static String pool;
  static List<String> train;
  static String ws;

  @BeforeAll
  static void workspace() {
    pool = RoundFixture.wikipediaPool(SPARK);
    train = RoundFixture.trainIds(SPARK, pool);
    ws = dir.resolve("ws").toString();
    Result r = cli("init", "--workspace", ws, "--pool", pool);
    assertEquals(0, r.code(), r.err());
  }

  private static RoundManifest manifest(int round) {
    return Workspace.open(STORE, STORE.qualify(ws)).roundManifest(round);
  }

  private static List<String> selection(String workspace, int round) {
    return Tables.read(SPARK, STORE.qualify(workspace) + "/rounds/" + round + "/allocate", ArtifactKind.SELECTION)
        .rows().orderBy(SelectionColumns.RANK).select(SelectionColumns.ID).collectAsList().stream()
        .map(r -> r.getString(0)).toList();
  }

  private static Set<String> labelled(String table) {
    Set<String> ids = new HashSet<>();
    for (Row r : Tables.read(SPARK, table, ArtifactKind.LABELLED_SET).rows().select("id").collectAsList()) {
      ids.add(r.getString(0));
    }
    return ids;
  }

  @Test
  @Order(1)
  void helpAndSettingsDefaults() {
    Result help = cli("round", "--help");
    assertEquals(0, help.code());
    for (String o : List.of("--workspace=<ws>", "--round=<n>", "--force", "--bootstrap=random", "--break-lock",
        "--conf=<file>", "--set=<key=value>", "--overwrite")) {
      assertTrue(help.out().contains(o), o + " in\n" + help.out());
    }
    RoundConfig d = RoundConfig.defaults();
    assertEquals(500, d.budget());
    assertTrue(d.warmStart());
    assertEquals(0L, d.seed());
    Result config = cli("config");
    assertTrue(config.out().contains("round.budget"), config.out());
    for (String stage : List.of("train", "embed", "score", "density", "allocate")) {
      Result h = cli(stage, "--help");
      assertTrue(h.out().contains("--workspace=<ws>") && h.out().contains("--round=<n>"), stage + ":\n" + h.out());
    }
  }

  @Test
  @Order(2)
  void badSettingsAndCallsAreUsageErrors() {
    Result budget = cli("round", "--workspace", ws, "--round", "0", "--set", "round.budget=0");
    assertEquals(ExitCodes.USAGE, budget.code(), budget.err());
    assertTrue(budget.err().contains("round.budget"), budget.err());
    Result negative = cli("round", "--workspace", ws, "--round", "-1");
    assertEquals(ExitCodes.USAGE, negative.code(), negative.err());
    Result paths = cli("score", "--workspace", ws, "--round", "0", "--out", dir.resolve("x").toString());
    assertEquals(ExitCodes.USAGE, paths.code(), paths.err());
    assertTrue(paths.err().contains("--out is resolved from the workspace"), paths.err());
    Result noRound = cli("density", "--workspace", ws);
    assertEquals(ExitCodes.USAGE, noRound.code(), noRound.err());
    assertTrue(noRound.err().contains("--workspace needs --round <n>"), noRound.err());
    Result noPool = cli("train", "--out", dir.resolve("m").toString());
    assertEquals(ExitCodes.USAGE, noPool.code(), noPool.err());
    assertTrue(noPool.err().contains("Missing required option: '--pool=<pool>'"), noPool.err());
    assertFalse(Files.exists(dir.resolve("ws/rounds")), "nothing written");
  }

  @Test
  @Order(3)
  void roundWithoutLabelsIsRefusedWithTheWayOut() {
    Result r = cli(args("round", "--workspace", ws, "--round", "0"));
    assertEquals(ExitCodes.STATE, r.code(), r.err());
    assertTrue(r.err().contains(RoundJob.NO_LABELS), r.err());
    assertTrue(r.err().contains("--bootstrap random"), r.err());
    assertTrue(r.err().contains("ascmr ingest-labels"), r.err());
    assertFalse(Files.exists(dir.resolve("ws/rounds/0/labelled")), "no snapshot of a refused round");
  }

  @Test
  @Order(4)
  void bootstrapSelectsASeededRandomBatchOnce() {
    String b = dir.resolve("boot").toString();
    assertEquals(0, cli("init", "--workspace", b, "--pool", pool).code());
    Result r = cli(args("round", "--workspace", b, "--round", "0", "--bootstrap", "random"));
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("bootstrap"), r.out());
    List<String> picked = selection(b, 0);
    assertEquals(20, picked.size());
    assertEquals(20, new HashSet<>(picked).size());
    assertTrue(train.containsAll(picked), "train pairs only");
    Metadata md = STORE.readMetadata(STORE.qualify(b) + "/rounds/0/allocate", ArtifactKind.SELECTION);
    assertEquals(RoundJob.BOOTSTRAP_STAGE, md.stage());
    RoundManifest m = Workspace.open(STORE, STORE.qualify(b)).roundManifest(0);
    assertEquals(List.of("labelled", "allocate"), m.stages().stream().map(StageRecord::stage).toList());
    assertTrue(m.hasSelection());

    // Same seed, same batch in another workspace; another seed, another batch.
    String c = dir.resolve("boot2").toString();
    assertEquals(0, cli("init", "--workspace", c, "--pool", pool).code());
    assertEquals(0, cli(args("round", "--workspace", c, "--round", "0", "--bootstrap", "random")).code());
    assertEquals(picked, selection(c, 0));
    Result again = cli(args("round", "--workspace", b, "--round", "0", "--bootstrap", "random"));
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().contains("0 of 2 steps ran"), again.out());
    Result other = cli(args(List.of("round.seed=7"), "round", "--workspace", b, "--round", "0", "--bootstrap",
        "random"));
    assertEquals(ExitCodes.STATE, other.code(), other.err());
    assertTrue(other.err().contains(RoundJob.MADE_OTHERWISE), other.err());
    assertEquals(0, cli(args(List.of("round.seed=7"), "round", "--workspace", b, "--round", "0", "--bootstrap",
        "random", "--force")).code());
    assertFalse(picked.equals(selection(b, 0)), "another seed, another batch");
    assertEquals(0, cli("export-selection", "--workspace", b, "--round", "0").code());
  }

  @Test
  @Order(4)
  void typicalBootstrapPicksOnePairPerRegionAndRepeats() {
    String b = dir.resolve("boot-typical").toString();
    assertEquals(0, cli("init", "--workspace", b, "--pool", pool).code());
    Result r = cli(args("round", "--workspace", b, "--round", "0", "--bootstrap", "typical"));
    assertEquals(0, r.code(), r.err());
    List<Row> rows = Tables.read(SPARK, STORE.qualify(b) + "/rounds/0/allocate", ArtifactKind.SELECTION).rows()
        .orderBy(SelectionColumns.RANK).select(SelectionColumns.ID, SelectionColumns.CLUSTER).collectAsList();
    assertEquals(20, rows.size());
    Set<String> ids = new HashSet<>();
    Set<Integer> regions = new HashSet<>();
    for (Row row : rows) {
      ids.add(row.getString(0));
      regions.add(row.getInt(1));
    }
    assertEquals(20, ids.size());
    assertTrue(train.containsAll(ids), "train pairs only");
    // With no labels, |L| + b = 20 regions: the batch takes one pair from each.
    assertEquals(20, regions.size(), "one pick per region: " + rows);
    Metadata md = STORE.readMetadata(STORE.qualify(b) + "/rounds/0/allocate", ArtifactKind.SELECTION);
    assertEquals("typical", md.config().get("--bootstrap"));
    String c = dir.resolve("boot-typical2").toString();
    assertEquals(0, cli("init", "--workspace", c, "--pool", pool).code());
    assertEquals(0, cli(args("round", "--workspace", c, "--round", "0", "--bootstrap", "typical")).code());
    assertEquals(selection(b, 0), selection(c, 0), "same settings, same batch");
  }

  @Test
  @Order(4)
  void coverageRoundTrainsThenPicksUnlabelledPairsOfRegionsWithoutLabels() {
    String c = dir.resolve("coverage").toString();
    assertEquals(0, cli("init", "--workspace", c, "--pool", pool).code());
    Path labels = RoundFixture.labelsFile(SPARK, pool, train.subList(0, 60), dir.resolve("in/coverage.jsonl"));
    assertEquals(0, cli("ingest-labels", "--workspace", c, labels.toString()).code());
    Result r = cli(args(List.of("round.selection=coverage"), "round", "--workspace", c, "--round", "0"));
    assertEquals(0, r.code(), r.err());
    RoundManifest m = Workspace.open(STORE, STORE.qualify(c)).roundManifest(0);
    assertEquals(List.of("labelled", "train", "allocate"), m.stages().stream().map(StageRecord::stage).toList());
    List<Row> rows = Tables.read(SPARK, STORE.qualify(c) + "/rounds/0/allocate", ArtifactKind.SELECTION).rows()
        .select(SelectionColumns.ID, SelectionColumns.CLUSTER).collectAsList();
    Set<String> picked = new HashSet<>();
    Set<Integer> regions = new HashSet<>();
    for (Row row : rows) {
      picked.add(row.getString(0));
      regions.add(row.getInt(1));
    }
    assertEquals(20, picked.size());
    // The serving order itself is tested in TypicalCoverageTest and StrategyPicksTest; here: every
    // pick names its region, and the batch is spread over several.
    assertTrue(regions.size() > 1 && regions.stream().allMatch(g -> g >= 0), "regions " + regions);
    assertTrue(train.containsAll(picked), "train pairs only");
    for (String id : train.subList(0, 60)) assertFalse(picked.contains(id), "labelled " + id + " selected");
    assertEquals(RoundJob.COVERAGE_STAGE, STORE.readMetadata(STORE.qualify(c) + "/rounds/0/allocate",
        ArtifactKind.SELECTION).stage());
    Result again = cli(args(List.of("round.selection=coverage"), "round", "--workspace", c, "--round", "0"));
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().contains("0 of 3 steps ran"), again.out());
  }

  @Test
  @Order(5)
  void fullRoundRecordsEveryStageAndARerunSkipsThemAll() throws Exception {
    Path labels = RoundFixture.labelsFile(SPARK, pool, train.subList(0, 60), dir.resolve("in/initial.jsonl"));
    assertEquals(0, cli("ingest-labels", "--workspace", ws, labels.toString()).code());
    Result bootstrap = cli(args("round", "--workspace", ws, "--round", "0", "--bootstrap", "random"));
    assertEquals(ExitCodes.USAGE, bootstrap.code(), bootstrap.err());
    assertTrue(bootstrap.err().contains("--bootstrap"), bootstrap.err());

    long t0 = System.nanoTime();
    Result r = cli(args("round", "--workspace", ws, "--round", "0"));
    System.out.printf("round 0 (300 train pairs, 60 labelled): %.1f s%n", (System.nanoTime() - t0) / 1e9);
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("6 of 6 steps ran"), r.out());
    RoundManifest m = manifest(0);
    assertEquals(List.of("labelled", "train", "embed", "score", "density", "allocate"),
        m.stages().stream().map(StageRecord::stage).toList());
    for (StageRecord s : m.stages()) {
      assertEquals(StageStatus.SUCCEEDED, s.status(), s.toString());
      assertNotNull(s.seconds(), s.toString());
      assertTrue(s.rows() > 0, s.toString());
      Metadata md = STORE.readMetadata(s.output(), null);
      assertEquals(md.configHash(), s.configHash(), s.stage());
      assertEquals(md.inputs(), s.inputs(), s.stage());
    }
    assertEquals(60, m.stage("labelled").orElseThrow().rows());
    assertEquals(60, m.stage("train").orElseThrow().rows());
    assertEquals(240, m.stage("score").orElseThrow().rows(), "every unlabelled train pair scored");
    assertEquals(20, m.stage("allocate").orElseThrow().rows());
    Set<String> picked = new HashSet<>(selection(ws, 0));
    assertEquals(20, picked.size());
    for (String id : train.subList(0, 60)) assertFalse(picked.contains(id), "labelled " + id + " selected");
    List<String> trainInputs = m.stage("train").orElseThrow().inputs().stream().map(InputRef::role).toList();
    assertEquals(List.of("pool", "labelled"), trainInputs, "round 0: no model to warm-start from");

    byte[] manifestBytes = Files.readAllBytes(dir.resolve("ws/rounds/0/manifest.json"));
    long t1 = System.nanoTime();
    Result again = cli(args("round", "--workspace", ws, "--round", "0"));
    System.out.printf("rerun of round 0, everything up to date: %.1f s%n", (System.nanoTime() - t1) / 1e9);
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().contains("0 of 6 steps ran"), again.out());
    assertEquals(new String(manifestBytes), Files.readString(dir.resolve("ws/rounds/0/manifest.json")),
        "a rerun that skips everything leaves the manifest as it was");
  }

  @Test
  @Order(6)
  void aChangedSettingIsRefusedUnlessForcedAndOnlyWhatDependsOnItReruns() {
    String before = manifest(0).stage("score").orElseThrow().configHash();
    Result refused = cli(args(List.of("allocate.lambda=0.25"), "round", "--workspace", ws, "--round", "0"));
    assertEquals(ExitCodes.STATE, refused.code(), refused.err());
    assertTrue(refused.err().contains(RoundJob.MADE_OTHERWISE), refused.err());
    assertTrue(refused.err().contains("allocate.lambda"), refused.err());
    assertTrue(refused.err().contains("--force"), refused.err());
    Result forced = cli(args(List.of("allocate.lambda=0.25"), "round", "--workspace", ws, "--round", "0", "--force"));
    assertEquals(0, forced.code(), forced.err());
    assertTrue(forced.out().contains("1 of 6 steps ran"), forced.out());
    assertTrue(forced.out().lines().anyMatch(l -> l.trim().startsWith("allocate") && l.contains(" ran ")),
        forced.out());
    assertEquals(before, manifest(0).stage("score").orElseThrow().configHash());
    assertEquals("0.25", STORE.readMetadata(STORE.qualify(ws) + "/rounds/0/allocate", ArtifactKind.SELECTION).config()
        .get("allocate.lambda"));
    // A score setting: score, density and allocate rerun; train and embed are kept.
    Result score = cli(args(List.of("allocate.lambda=0.25", "score.seed=3"), "round", "--workspace", ws, "--round",
        "0", "--force"));
    assertEquals(0, score.code(), score.err());
    assertTrue(score.out().contains("3 of 6 steps ran"), score.out());
  }

  @Test
  @Order(7)
  void labelsIngestedMidRoundCountFromTheNextRoundWhichWarmStarts() {
    Path more = RoundFixture.labelsFile(SPARK, pool, selection(ws, 0), dir.resolve("in/round-0.jsonl"));
    assertEquals(0, cli("ingest-labels", "--workspace", ws, more.toString()).code());
    List<String> lambda = List.of("allocate.lambda=0.25", "score.seed=3");
    Result rerun = cli(args(lambda, "round", "--workspace", ws, "--round", "0"));
    assertEquals(0, rerun.code(), rerun.err());
    assertTrue(rerun.out().contains("0 of 6 steps ran"), "round 0 keeps its snapshot: " + rerun.out());
    assertEquals(60, labelled(STORE.qualify(ws) + "/rounds/0/labelled").size());

    // Round 1, stage by stage as the per-stage DAG runs it.
    for (String stage : List.of("train", "embed", "score", "density", "allocate")) {
      Result r = cli(args(lambda, stage, "--workspace", ws, "--round", "1"));
      assertEquals(0, r.code(), stage + ": " + r.err());
      assertTrue(r.out().contains("round 1 " + stage), r.out());
    }
    assertEquals(80, labelled(STORE.qualify(ws) + "/rounds/1/labelled").size());
    StageRecord trained = manifest(1).stage("train").orElseThrow();
    InputRef warm = trained.inputs().stream().filter(i -> i.role().equals("warmStart")).findFirst().orElseThrow();
    assertTrue(warm.path().endsWith("/rounds/0/train"), warm.path());
    Set<String> picked = new HashSet<>(selection(ws, 1));
    assertEquals(20, picked.size());
    Set<String> all = labelled(STORE.qualify(ws) + "/labelled");
    for (String id : picked) assertFalse(all.contains(id), "round 1 selected labelled " + id);
    // The whole round afterwards: nothing left to do.
    Result round = cli(args(lambda, "round", "--workspace", ws, "--round", "1"));
    assertTrue(round.out().contains("0 of 6 steps ran"), round.out());
    // A stage before the one it needs.
    Result early = cli(args(lambda, "score", "--workspace", ws, "--round", "2"));
    assertEquals(ExitCodes.STATE, early.code(), early.err());
    assertTrue(early.err().contains(RoundJob.MISSING_INPUT), early.err());
  }

  @Test
  @Order(8)
  void aSecondRunOnTheWorkspaceIsRefusedWhileTheLockIsHeld() {
    StateFiles files = new StateFiles(STORE);
    String path = STORE.qualify(ws);
    try (WorkspaceLock held = WorkspaceLock.acquire(files, path, "round --round 2", false, Duration.ofHours(24))) {
      Result r = cli(args("round", "--workspace", ws, "--round", "2"));
      assertEquals(ExitCodes.STATE, r.code(), r.err());
      assertTrue(r.err().contains(WorkspaceLock.LOCKED), r.err());
      assertTrue(r.err().contains("pid " + ProcessHandle.current().pid()), r.err());
      Result broken = cli(args("round", "--workspace", ws, "--round", "2", "--break-lock"));
      assertEquals(ExitCodes.STATE, broken.code(), broken.err());
      assertTrue(broken.err().contains("still running on this host"), broken.err());
      assertNotNull(WorkspaceLock.read(files, path).orElse(null));
    }
    assertNull(WorkspaceLock.read(files, path).orElse(null));
    assertFalse(Files.exists(dir.resolve("ws/rounds/2")), "a refused round writes nothing");
    assertTrue(WorkspaceLayout.ROUND_STAGES.contains("score"));
  }
}
