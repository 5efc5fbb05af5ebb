package org.ascmr.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.ascmr.io.Json;
import org.ascmr.testing.DriverProcess;
import org.ascmr.testing.MemoryCgroup;
import org.ascmr.testing.RoundFixture;
import org.ascmr.testing.SparkTestSession;
import org.ascmr.testing.TestPools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole round inside a hard memory limit, as a YARN or Kubernetes container enforces it (issue
 * 13, item 3): a separate JVM in a Linux memory cgroup, which the kernel SIGKILLs without a word
 * when it passes the limit. With a 1 GiB heap and the container size the cluster confs use for a
 * heap (heap + memoryOverhead, docs/operations.md#memory), round 0 on OpenClipArt with the
 * default model (train, embed, score, density, allocate, two task slots) finishes, and its peak
 * resident set is under the container; a JVM that needs more than its container is killed, which
 * shows that the limit binds (a round in a container of the heap alone died the same way: measured,
 * not run here, to keep CI short).
 */
@Timeout(value = 12, unit = TimeUnit.MINUTES)
class ContainerMemoryCapTest {
  private static final SparkSession SPARK = SparkTestSession.get();
  static final int HEAP_MIB = 1024;
  /** Task slots of the child (local[n]); the conf's derivation measured 2 and 4 (-Dascmr.test.slots). */
  static final int SLOTS = Integer.getInteger("ascmr.test.slots", 2);
  /** The control container: smaller than the heap the control JVM touches. */
  static final int TOO_SMALL_MIB = 640;
  /**
   * memoryOverhead as the cluster confs set it (docs/operations.md#memory): the native-memory
   * guard's headroom over the heap (1024 MiB, its default), 256 MiB for what the guard cannot free
   * in time and 64 MiB per task slot, rounded up to a GiB. Unrounded (1,408 MiB for 2 slots) the
   * round was killed once in score, so the rounding is margin the containers need.
   */
  static final int OVERHEAD_MIB = Integer.getInteger("ascmr.test.overheadMiB",
      (1024 + 256 + 64 * SLOTS + 1023) / 1024 * 1024);
  private static final long CHILD_SECONDS = 540;

  @TempDir
  static Path dir;

  private static String workspace(String name, String pool, Path labels) {
    return RoundFixture.workspace(dir.resolve(name).toString(), pool, labels);
  }


  /** Runs round 0 of {@code ws} in a fresh JVM inside {@code cgroup}; returns the exit code. */
  private static int roundIn(MemoryCgroup cgroup, String ws, Path log) throws InterruptedException {
    List<String> args = new ArrayList<>(List.of("round", "--workspace", ws, "--round", "0"));
    List<String> sets = new ArrayList<>(List.of("spark.master=local[" + SLOTS + "]", "train.maxEpochs=1", "score.epochs=1",
        "round.budget=100", "round.selection=paper"));
    sets.addAll(DriverProcess.SPARK_LIKE_TESTS);
    for (String s : sets) args.addAll(List.of("--set", s));
    List<String> cmd = cgroup.wrap(DriverProcess.command(List.of("-Xmx" + HEAP_MIB + "m"), args));
    DriverProcess driver = DriverProcess.start(log, cmd, Map.of("MALLOC_ARENA_MAX", "2"));
    return driver.waitFor(CHILD_SECONDS);
  }

  @Test
  void aRoundFinishesInsideHeapPlusTheDerivedOverheadWhileTheLimitBinds() throws Exception {
    Optional<MemoryCgroup> probe = MemoryCgroup.create("ascmr-probe", 64);
    probe.ifPresent(MemoryCgroup::close);
    assumeTrue(probe.isPresent(), "no writable memory cgroup on this machine (needs cgroup v1 memory and root)");

    String pool = TestPools.openClipArtPool(SPARK);
    Path labels = RoundFixture.labelsFile(SPARK, pool, RoundFixture.trainIds(SPARK, pool).subList(0, 135),
        dir.resolve("labels.jsonl"));

    String ws = workspace("ws", pool, labels);
    try (MemoryCgroup container = MemoryCgroup.create("ascmr-container", HEAP_MIB + OVERHEAD_MIB).orElseThrow()) {
      Path log = dir.resolve("round.log");
      int code = roundIn(container, ws, log);
      String tail = tail(log);
      Files.readAllLines(log).stream().filter(l -> l.contains("finished in")).forEach(System.out::println);
      System.out.printf("round 0 in a %d MiB container (heap %d MiB): exit %d, cgroup peak %d MiB, limit hit %d"
          + " times%n", HEAP_MIB + OVERHEAD_MIB, HEAP_MIB, code, container.peakMiB(), container.failures());
      assertEquals(0, code, "round 0 in a container of heap + overhead:\n" + tail);
      JsonNode memory = metadata(ws + "/rounds/0/allocate").get("details").get("memory");
      long peakRss = memory.get("driverPeakRssMiB").asLong();
      System.out.println("driver peak resident set " + peakRss + " MiB; each stage's own peak: " + stagePeaks(ws));
      assertTrue(peakRss <= HEAP_MIB + OVERHEAD_MIB, memory.toString());
    }

    // The control: the same kind of container, too small for what runs in it. A JVM that touches a
    // 900 MiB heap at start (-Xms900m -XX:+AlwaysPreTouch) in a 640 MiB container is killed by the
    // kernel, so a limit of this class binds (a round in a container of the heap alone, 1,024 MiB,
    // was killed too: docs/operations.md#memory).
    try (MemoryCgroup container = MemoryCgroup.create("ascmr-too-small", TOO_SMALL_MIB).orElseThrow()) {
      Path log = dir.resolve("too-small.log");
      List<String> cmd = container.wrap(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xms900m", "-Xmx900m", "-XX:+AlwaysPreTouch", "-version"));
      int code = DriverProcess.start(log, cmd, Map.of()).waitFor(60);
      System.out.printf("a JVM touching a 900 MiB heap in a %d MiB container: exit %d%n", TOO_SMALL_MIB, code);
      assertEquals(137, code, "the kernel should have killed it:\n" + tail(log));
    }
  }

  private static String stagePeaks(String ws) throws Exception {
    StringBuilder b = new StringBuilder();
    for (String stage : List.of("train", "embed", "score", "density", "allocate")) {
      JsonNode m = metadata(ws + "/rounds/0/" + stage).path("details").path("memory").path("stage");
      b.append(stage).append(' ').append(m.path("driverPeakRssMiB").asText("?")).append(" MiB; ");
    }
    return b.toString();
  }

  private static JsonNode metadata(String artefact) throws Exception {
    Path f = Path.of(artefact, "metadata.json");
    return Json.tree(Files.readString(f), f.toString());
  }

  private static String tail(Path log) throws Exception {
    String s = Files.exists(log) ? Files.readString(log) : "(no log)";
    return s.length() <= 6000 ? s : s.substring(s.length() - 6000);
  }
}
