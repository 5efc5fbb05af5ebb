package org.ascmr.jobs.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.ascmr.error.ExitCodes;
import org.ascmr.error.StateException;
import org.ascmr.io.Json;
import org.ascmr.jobs.io.ArtifactStore;
import org.ascmr.jobs.io.PoolTable;
import org.ascmr.jobs.io.Tables;
import org.ascmr.testing.SparkTestSession;
import org.ascmr.testing.TestPools;
import org.ascmr.workspace.LabelManifest;
import org.ascmr.workspace.LockRecord;
import org.ascmr.workspace.PoolMode;
import org.ascmr.workspace.RoundManifest;
import org.ascmr.workspace.StageRecord;
import org.ascmr.workspace.WorkspaceInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Workspace layout, init, the lock and the state files, on the local filesystem through Hadoop paths. */
class WorkspaceTest {
  private static final Duration DAY = Duration.ofHours(24);
  private final SparkSession spark = SparkTestSession.get();
  private final ArtifactStore store = Tables.store(spark);
  private final StateFiles files = new StateFiles(store);

  private String init(Path dir, PoolMode mode) {
    String ws = store.qualify(dir.resolve("ws").toString());
    assertEquals(Workspace.InitOutcome.CREATED, Workspace.init(store, ws, TestPools.openClipArtPool(spark), mode));
    return ws;
  }

  @Test
  void initWritesSelfDescribingLayoutAndCopiesThePool(@TempDir Path dir) throws IOException {
    String ws = init(dir, PoolMode.COPY);
    Path root = dir.resolve("ws");
    WorkspaceInfo info = WorkspaceInfo.parse(Files.readString(root.resolve("workspace.json")), "workspace.json");
    assertEquals(WorkspaceInfo.KIND, info.kind());
    assertEquals(PoolMode.COPY, info.pool().mode());
    assertEquals("pool", info.pool().path());
    assertEquals(3195, info.pool().rows());
    assertEquals(39, info.pool().labelNames().size());
    assertTrue(info.layout().containsKey("labels/"), info.layout().toString());
    assertTrue(Files.exists(root.resolve("labels/manifest-000000.json")));

    Workspace w = Workspace.open(store, ws);
    assertEquals(ws + "/pool", w.poolPath());
    PoolTable copy = PoolTable.read(spark, w.poolPath());
    assertEquals(3195, copy.rows().count());
    assertEquals(w.info().pool().fingerprint(), Workspace.identity(w.poolMetadata()));
    assertEquals(LabelManifest.empty(), w.labels().current());
    assertEquals(List.of(), w.rounds());
  }

  @Test
  void initAgainIsANoOpAndAnotherPoolIsRefused(@TempDir Path dir) {
    String ws = init(dir, PoolMode.COPY);
    assertEquals(Workspace.InitOutcome.ALREADY_INITIALISED,
        Workspace.init(store, ws, TestPools.openClipArtPool(spark), PoolMode.COPY));
    StateException e = assertThrows(StateException.class,
        () -> Workspace.init(store, ws, TestPools.importedPool(spark), PoolMode.COPY));
    assertTrue(e.getMessage().contains("is already a workspace over the pool"), e.getMessage());
    assertEquals(ExitCodes.STATE, e.exitCode());
  }

  @Test
  void openRefusesWhatIsNotAWorkspace(@TempDir Path dir) {
    StateException none = assertThrows(StateException.class,
        () -> Workspace.open(store, store.qualify(dir.resolve("nothing").toString())));
    assertTrue(none.getMessage().contains("no such workspace; create it with: ascmr init"), none.getMessage());
    StateException plain = assertThrows(StateException.class, () -> Workspace.open(store, store.qualify(dir.toString())));
    assertTrue(plain.getMessage().contains("is not an ascmr workspace (no workspace.json)"), plain.getMessage());
  }

  @Test
  void referencedPoolReplacedInPlaceIsRefused(@TempDir Path dir) {
    String pool = TestPools.writePool(spark, dir.resolve("src"), TestPools.openClipArtPairs().subList(0, 50), "/b");
    String ws = store.qualify(dir.resolve("ws").toString());
    Workspace.init(store, ws, store.qualify(pool), PoolMode.REFERENCE);
    Workspace w = Workspace.open(store, ws);
    assertEquals(store.qualify(pool), w.poolPath());
    w.poolMetadata();
    // Re-extracting the pool with other rows replaces it under the workspace.
    TestPools.writePool(spark, dir.resolve("src"), TestPools.openClipArtPairs().subList(0, 60), "/b");
    StateException e = assertThrows(StateException.class, w::poolMetadata);
    assertTrue(e.getMessage().contains("the pool changed since the workspace was made"), e.getMessage());
  }

  @Test
  void secondLockIsRefusedNamingTheOwner(@TempDir Path dir) {
    String ws = init(dir, PoolMode.REFERENCE);
    try (WorkspaceLock first = WorkspaceLock.acquire(files, ws, "ingest-labels a.csv", false, DAY)) {
      StateException e = assertThrows(StateException.class,
          () -> WorkspaceLock.acquire(files, ws, "export-selection", false, DAY));
      assertEquals(ExitCodes.STATE, e.exitCode());
      assertTrue(e.getMessage().contains(WorkspaceLock.LOCKED + " " + first.record().user() + "@"
          + first.record().host() + " pid " + ProcessHandle.current().pid() + " running 'ingest-labels a.csv'"),
          e.getMessage());
      assertTrue(e.getMessage().contains("--break-lock"), e.getMessage());
      // Even --break-lock leaves a lock whose process is alive on this host.
      StateException alive = assertThrows(StateException.class,
          () -> WorkspaceLock.acquire(files, ws, "export-selection", true, DAY));
      assertTrue(alive.getMessage().contains("still running on this host"), alive.getMessage());
      assertEquals(first.record(), WorkspaceLock.read(files, ws).orElseThrow());
    }
    assertFalse(Files.exists(dir.resolve("ws/lock.json")));
    try (WorkspaceLock again = WorkspaceLock.acquire(files, ws, "status", false, DAY)) {
      assertTrue(Files.exists(dir.resolve("ws/lock.json")));
    }
  }

  @Test
  void breakLockRemovesOnlyProvablyStaleLocks(@TempDir Path dir) throws Exception {
    String ws = init(dir, PoolMode.REFERENCE);
    Path lockFile = dir.resolve("ws/lock.json");
    // A lock left by a process of this host that is gone (SIGKILL): broken with --break-lock.
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    long deadPid = p.pid();
    Files.writeString(lockFile, new LockRecord(LockRecord.localHost(), deadPid, "etl", Instant.now().toString(),
        "round --round 3", "dead").toJson());
    assertThrows(StateException.class, () -> WorkspaceLock.acquire(files, ws, "status", false, DAY));
    try (WorkspaceLock l = WorkspaceLock.acquire(files, ws, "ingest-labels", true, DAY)) {
      assertEquals("ingest-labels", WorkspaceLock.read(files, ws).orElseThrow().command());
    }
    // Another host, one hour old: cannot tell whether it is alive, refused.
    Files.writeString(lockFile, new LockRecord("other-node", 77, "etl", Instant.now().minus(Duration.ofHours(1))
        .toString(), "round", "x").toJson());
    StateException young = assertThrows(StateException.class, () -> WorkspaceLock.acquire(files, ws, "s", true, DAY));
    assertTrue(young.getMessage().contains("on another host and younger than workspace.staleLockHours=24"),
        young.getMessage());
    // Same, 30 hours old: broken.
    Files.writeString(lockFile, new LockRecord("other-node", 77, "etl", Instant.now().minus(Duration.ofHours(30))
        .toString(), "round", "x").toJson());
    try (WorkspaceLock l = WorkspaceLock.acquire(files, ws, "s", true, DAY)) {
      assertEquals(l.record(), WorkspaceLock.read(files, ws).orElseThrow());
    }
  }

  @Test
  void unreadableLockCountsAsHeld(@TempDir Path dir) throws IOException {
    String ws = init(dir, PoolMode.REFERENCE);
    Files.writeString(dir.resolve("ws/lock.json"), "{\"host\": \"half-writ");
    LockRecord r = WorkspaceLock.read(files, ws).orElseThrow();
    assertEquals("unknown-host", r.host());
    StateException e = assertThrows(StateException.class, () -> WorkspaceLock.acquire(files, ws, "s", false, DAY));
    assertTrue(e.getMessage().contains("unknown (unreadable lock file)"), e.getMessage());
  }

  @Test
  void releaseLeavesALockThatIsNoLongerOurs(@TempDir Path dir) throws IOException {
    String ws = init(dir, PoolMode.REFERENCE);
    WorkspaceLock mine = WorkspaceLock.acquire(files, ws, "s", false, DAY);
    // Someone broke our lock and took the workspace.
    LockRecord theirs = new LockRecord("other-node", 1, "u", Instant.now().toString(), "round", "theirs");
    Files.writeString(dir.resolve("ws/lock.json"), theirs.toJson());
    mine.close();
    assertEquals("theirs", WorkspaceLock.read(files, ws).orElseThrow().token());
  }

  @Test
  void roundManifestSurvivesAKillBetweenRenames(@TempDir Path dir) throws IOException {
    String ws = init(dir, PoolMode.REFERENCE);
    Workspace w = Workspace.open(store, ws);
    StageRecord s = StageRecord.running("train", w.stageDir(0, "train"), "h", List.of(), "t0");
    w.recordStage(0, s);
    w.recordStage(0, s.succeeded(10, "t1", 1.0));
    Path manifest = dir.resolve("ws/rounds/0/manifest.json");
    // A replace killed after moving the old version aside:
    Files.move(manifest, dir.resolve("ws/rounds/0/._old-manifest.json-1"));
    RoundManifest m = w.roundManifest(0);
    assertEquals(10, m.stage("train").orElseThrow().rows());
    assertTrue(Files.exists(manifest));
    assertEquals(List.of(0), w.rounds());
    try (Stream<Path> left = Files.list(dir.resolve("ws/rounds/0"))) {
      assertEquals(List.of("manifest.json"), left.map(p -> p.getFileName().toString())
          .filter(n -> !n.endsWith(".crc")).sorted().toList());
    }
  }

  @Test
  void publishRefusesToRewriteAndLeavesNoTemporaries(@TempDir Path dir) throws IOException {
    String f = store.qualify(dir.resolve("a/x.json").toString());
    files.publish(f, "{}");
    StateException e = assertThrows(StateException.class, () -> files.publish(f, "{\"b\":1}"));
    assertTrue(e.getMessage().contains("exists already; workspace files are never rewritten"), e.getMessage());
    assertEquals("{}", files.read(f).orElseThrow());
    assertEquals(List.of("x.json"), files.list(store.qualify(dir.resolve("a").toString())));
    assertTrue(files.createNew(store.qualify(dir.resolve("a/y.json").toString()), "1"));
    assertFalse(files.createNew(store.qualify(dir.resolve("a/y.json").toString()), "2"));
    assertEquals("1", Json.tree(files.read(store.qualify(dir.resolve("a/y.json").toString())).orElseThrow(), "y")
        .asText());
  }
}
