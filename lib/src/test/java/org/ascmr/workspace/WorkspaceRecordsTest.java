package org.ascmr.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.ascmr.config.ConfigSource;
import org.ascmr.error.ConfigException;
import org.ascmr.error.StateException;
import org.ascmr.io.InputRef;
import org.junit.jupiter.api.Test;

class WorkspaceRecordsTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  @Test
  void defaultsMatchDocs() {
    WorkspaceConfig c = WorkspaceConfig.defaults();
    assertEquals(24, c.staleLockHours());
    assertEquals(Duration.ofHours(24), c.staleLockAge());
    assertEquals(null, c.imageUrlPrefix());
  }

  @Test
  void rejectsZeroStaleLockAge() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> WorkspaceConfig.from(ConfigSource.parse("workspace.staleLockHours = 0")));
    assertTrue(e.getMessage().contains("workspace.staleLockHours"), e.getMessage());
  }

  @Test
  void lockStalenessByHostPidAndAge() {
    LockRecord lock = new LockRecord("node-a", 4242, "etl", "2026-03-01T10:00:00Z", "ingest-labels", "t");
    Duration maxAge = Duration.ofHours(24);
    assertEquals(LockRecord.Staleness.OWNER_ALIVE, lock.staleness(NOW, "node-a", maxAge, pid -> true));
    assertEquals(LockRecord.Staleness.OWNER_GONE, lock.staleness(NOW, "node-a", maxAge, pid -> false));
    // Another host: two hours old is not stale; 25 hours old is.
    assertEquals(LockRecord.Staleness.UNKNOWN, lock.staleness(NOW, "node-b", maxAge, pid -> false));
    assertEquals(LockRecord.Staleness.TOO_OLD,
        lock.staleness(NOW.plus(Duration.ofHours(23)), "node-b", maxAge, pid -> true));
    assertTrue(lock.describe(NOW).contains("etl@node-a pid 4242 running 'ingest-labels'"), lock.describe(NOW));
    assertTrue(lock.describe(NOW).contains("(2 h 0 min ago)"), lock.describe(NOW));
  }

  @Test
  void lockOfThisProcessRoundTrips() {
    LockRecord mine = LockRecord.ofThisProcess("status", NOW);
    assertEquals(ProcessHandle.current().pid(), mine.pid());
    assertEquals(mine, LockRecord.parse(mine.toJson(), "lock.json"));
  }

  @Test
  void labelManifestVersionsAndNames() {
    assertEquals("manifest-000000.json", LabelManifest.fileName(0));
    assertEquals(12, LabelManifest.versionOf("manifest-000012.json"));
    assertEquals(-1, LabelManifest.versionOf("manifest-12.json"));
    assertEquals(-1, LabelManifest.versionOf("._tmp-manifest-000012.json"));
    assertEquals("000003.source.csv", LabelManifest.sourceCopyName(3, "round-2 labels.csv"));
    assertEquals("000003.source", LabelManifest.sourceCopyName(3, "labels"));

    LabelManifest m = LabelManifest.empty();
    LabelIngestion first = new LabelIngestion(1, "000001.labels.jsonl", "000001.source.csv", null, "/in/a.csv", "aa",
        "csv", 10, 0, 0, "t1", 10, 0);
    m = m.append(first);
    LabelIngestion second = new LabelIngestion(2, "000002.labels.jsonl", "000002.source.json", "000002.rejects.jsonl",
        "/in/b.json", "bb", "label-studio", 5, 1, 2, "t2", 15, 3);
    m = m.append(second);
    assertEquals(2, m.version());
    assertEquals(15, m.labelledCount());
    assertEquals(second, m.findBySha256("bb").orElseThrow());
    assertFalse(m.findBySha256("cc").isPresent());
    assertEquals(m, LabelManifest.parse(m.toJson(), "manifest-000002.json"));
    LabelManifest finalM = m;
    assertThrows(IllegalArgumentException.class, () -> finalM.append(first));
  }

  @Test
  void manifestsWrittenBeforeRelabellingStillRead() {
    String old = "{\"kind\":\"ascmr-label-manifest\",\"formatVersion\":1,\"ingestions\":[{\"seq\":1,"
        + "\"labelsFile\":\"000001.labels.jsonl\",\"sourceCopy\":\"000001.source.csv\",\"rejectsFile\":null,"
        + "\"source\":\"/in/a.csv\",\"sourceSha256\":\"aa\",\"format\":\"csv\",\"rows\":10,\"unchanged\":0,"
        + "\"rejected\":0,\"ingestedAt\":\"t1\",\"labelledTotal\":10}]}";
    LabelIngestion i = LabelManifest.parse(old, "manifest-000001.json").ingestions().get(0);
    assertEquals(0, i.relabelled());
    assertEquals(10, i.labelsFileRows());
    assertEquals(10, LabelManifest.parse(old, "m").labelledCount());
    LabelIngestion corrected = new LabelIngestion(2, "f2", "s2", null, "src2", "bb", "csv", 1, 0, 0, "t", 11, 2);
    assertEquals(3, corrected.labelsFileRows());
    assertTrue(corrected.equals(LabelManifest.parse(LabelManifest.parse(old, "m").append(corrected).toJson(), "m")
        .ingestions().get(1)));
  }

  @Test
  void statusShowsTheCorrectionsOfTheLastIngestion() {
    WorkspacePool pool = new WorkspacePool(PoolMode.COPY, "pool", "src", "fp", 100, List.of("a", "b"));
    LabelIngestion plain = new LabelIngestion(1, "f", "s", null, "/in/a.csv", "aa", "csv", 10, 0, 1, "t1", 10, 0);
    LabelIngestion fix = new LabelIngestion(2, "f2", "s2", null, "/in/fix.csv", "bb", "csv", 0, 0, 0, "t2", 10, 3);
    String before = String.join("\n", new StatusReport("/ws", pool, 10, 0, true, 1, plain, List.of(), null, null,
        List.of()).toText());
    assertTrue(before.contains("last: #1 /in/a.csv at t1 (+10 new, 1 rejected)"), before);
    String after = String.join("\n", new StatusReport("/ws", pool, 10, 0, true, 2, fix, List.of(), null, null,
        List.of()).toText());
    assertTrue(after.contains("last: #2 /in/fix.csv at t2 (+0 new, 3 relabelled, 0 rejected)"), after);
    assertTrue(new StatusReport("/ws", pool, 10, 0, true, 2, fix, List.of(), null, null, List.of()).toJson()
        .contains("\"relabelled\" : 3"));
  }

  @Test
  void manifestFingerprintChangesWithEachIngestion() {
    LabelManifest a = LabelManifest.empty().append(new LabelIngestion(1, "f", "s", null, "src", "aa", "csv", 1, 0, 0,
        "t", 1, 0));
    LabelManifest b = a.append(new LabelIngestion(2, "f2", "s2", null, "src2", "bb", "csv", 1, 0, 0, "t", 2, 0));
    assertFalse(a.fingerprint().equals(b.fingerprint()));
    assertEquals(a.fingerprint(), LabelManifest.parse(a.toJson(), "x").fingerprint());
  }

  @Test
  void foreignFilesAreRefused() {
    StateException e = assertThrows(StateException.class,
        () -> WorkspaceInfo.parse("{\"kind\":\"pool\",\"formatVersion\":1}", "/ws/workspace.json"));
    assertTrue(e.getMessage().contains("/ws/workspace.json: is not an ascmr workspace file"), e.getMessage());
    StateException newer = assertThrows(StateException.class, () -> WorkspaceInfo.parse(
        "{\"kind\":\"ascmr-workspace\",\"formatVersion\":9,\"pool\":{\"path\":\"pool\"}}", "/ws/workspace.json"));
    assertTrue(newer.getMessage().contains("newer than this build reads"), newer.getMessage());
  }

  @Test
  void roundManifestReplacesStageRecords() {
    List<InputRef> in = List.of(new InputRef("pool", "/ws/pool", 10, "p1"));
    StageRecord running = StageRecord.running("allocate", "/ws/rounds/0/allocate", "h1", in, "t0");
    RoundManifest m = RoundManifest.empty(0).with(running);
    assertFalse(m.hasSelection());
    m = m.with(running.succeeded(40, "t1", 2.5));
    assertEquals(1, m.stages().size());
    assertTrue(m.hasSelection());
    assertTrue(m.stage("allocate").orElseThrow().sameRecipe("h1", List.of(new InputRef("pool", "/elsewhere", 10, "p1"))));
    assertFalse(m.stage("allocate").orElseThrow().sameRecipe("h2", in));
    assertEquals(m, RoundManifest.parse(m.toJson(), "manifest.json"));
  }

  @Test
  void roundRefParsesNumbersAndLatest() {
    assertEquals(3, RoundRef.parse("--round", "3").resolve(List.of(1, 5), "/ws"));
    assertEquals(5, RoundRef.parse("--round", "latest").resolve(List.of(1, 5, 2), "/ws"));
    assertThrows(ConfigException.class, () -> RoundRef.parse("--round", "-1"));
    assertThrows(ConfigException.class, () -> RoundRef.parse("--round", "last"));
    StateException none = assertThrows(StateException.class, () -> RoundRef.parse("--round", "latest").resolve(
        List.of(), "/ws"));
    assertTrue(none.getMessage().contains("no round has a selection yet"), none.getMessage());
  }
}
