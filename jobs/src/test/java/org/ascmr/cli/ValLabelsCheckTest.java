package org.ascmr.cli;

import static org.ascmr.testing.InProcessCli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ascmr.data.PoolInfo;
import org.ascmr.io.ArtifactKind;
import org.ascmr.io.Metadata;
import org.ascmr.jobs.io.PoolSummary;
import org.ascmr.testing.InProcessCli.Result;
import org.ascmr.testing.SparkTestSession;
import org.ascmr.testing.TestPools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pool whose val split has no labelled row is flagged where the data enters (extract and
 * import-mat print the pool summary, init creates the workspace), naming how many labelled val
 * rows train needs, instead of failing only at the first train.
 */
class ValLabelsCheckTest {
  @TempDir
  Path dir;

  private static Metadata pool(long valLabelled) {
    PoolInfo info = new PoolInfo("bundle", 8, 8, "img", "txt", List.of("a", "b"), List.of(),
        new TreeMap<>(Map.of("train", 100L, "val", 40L, "test", 30L)), List.of());
    return Metadata.create(ArtifactKind.POOL, "extract", 0L, 170, Map.of(), List.of(), Map.of(PoolInfo.DETAIL_KEY, info,
        PoolSummary.LABELLED_COUNTS, Map.of("train", 10L, "val", valLabelled, "test", 30L)));
  }

  @Test
  void thePoolSummaryOfExtractAndImportMatWarns() {
    List<String> none = PoolSummary.pool("p", pool(0));
    assertTrue(none.stream().anyMatch(l -> l.startsWith("  warning      no labelled val rows (40 val rows, 0 labelled):"
        + " train needs at least 1 labelled val row")), none.toString());
    assertFalse(PoolSummary.pool("p", pool(5)).stream().anyMatch(l -> l.contains("warning")));
  }

  @Test
  void initWarnsOfAPoolWithoutLabelledValRows() {
    var spark = SparkTestSession.get();
    String p = TestPools.writePool(spark, dir.resolve("src"), TestPools.openClipArtPairs().subList(0, 60), "bundle");
    // The fixture's metadata does not count labelled rows; add the counts extract writes, val at 0.
    var store = org.ascmr.jobs.io.Tables.store(spark);
    Metadata md = store.readMetadata(p, ArtifactKind.POOL);
    store.writeString(p + "/" + Metadata.FILE_NAME, md.withDetails(Map.of(PoolSummary.LABELLED_COUNTS,
        Map.of("train", 1L, "val", 0L, "test", 1L))).toJson());
    Result r = cli("init", "--workspace", dir.resolve("ws").toString(), "--pool", p);
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("init: warning: ") && r.err().contains("no labelled val rows ("), r.err());
    assertTrue(r.err().contains("train needs at least 1 labelled val row"), r.err());
  }
}
