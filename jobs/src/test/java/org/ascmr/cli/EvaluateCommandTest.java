package org.ascmr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ascmr.testing.InProcessCli.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.ascmr.error.ExitCodes;
import org.ascmr.io.ArtifactKind;
import org.ascmr.io.Json;
import org.ascmr.io.Metadata;
import org.ascmr.jobs.io.PoolTable;
import org.ascmr.jobs.io.Tables;
import org.ascmr.testing.InProcessCli.Result;
import org.ascmr.testing.SparkTestSession;
import org.ascmr.testing.WikipediaPool;
import org.junit.jupiter.api.Test;

/** The {@code ascmr evaluate} contract: options, exit codes, and the JSON printed on stdout. */
class EvaluateCommandTest {
  // Created first so that commands reuse this session rather than start (and stop) their own.
  private final SparkSession spark = SparkTestSession.get();
  private final String pool = WikipediaPool.path();

  @Test
  void helpListsTheOptions() {
    Result r = cli("evaluate", "--help");
    assertEquals(0, r.code());
    for (String o : List.of("--pool", "--method", "--model", "--labelled", "--conf", "--set")) {
      assertTrue(r.out().contains(o), o + " missing from:\n" + r.out());
    }
    assertTrue(r.out().replaceAll("\\s+", " ").contains("default: model when --model is given, else cca"), r.out());
  }

  @Test
  void badSettingOrMethodIsUsageError() {
    Result bad = cli("evaluate", "--pool", pool, "--set", "cca.dims=0");
    assertEquals(ExitCodes.USAGE, bad.code());
    assertTrue(bad.err().contains("config cca.dims: must be a non-empty list of integers >= 1"), bad.err());
    Result method = cli("evaluate", "--pool", pool, "--method", "svm");
    assertEquals(ExitCodes.USAGE, method.code());
    assertTrue(method.err().contains("--method"), method.err());
  }

  @Test
  void missingPoolIsStateError() {
    Result r = cli("evaluate", "--pool", "target/no-such-pool");
    assertEquals(ExitCodes.STATE, r.code());
    assertTrue(r.err().contains("no-such-pool: does not exist (expected a 'pool' artefact)"), r.err());
  }

  /** --out writes the printed JSON to a file, replacing an earlier one whole, leaving no temporary behind. */
  @Test
  void outWritesTheJsonAtomically(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path file = dir.resolve("eval/round-1.json");
    for (int i = 0; i < 2; i++) {
      Result r = cli("evaluate", "--pool", pool, "--method", "cca", "--set", "cca.dims=8", "--set", "cca.ridge=1",
          "--out", file.toString());
      assertEquals(0, r.code(), r.err());
      assertEquals(r.out().strip(), Files.readString(file).strip());
      assertEquals("cca", Json.tree(Files.readString(file), "out").get("method").asText());
    }
    try (var names = Files.list(file.getParent())) {
      assertEquals(List.of("round-1.json"), names.map(p -> p.getFileName().toString())
          .filter(n -> !n.endsWith(".crc")).toList());
    }
  }

  /** One fixed candidate (the one val chooses from the defaults) keeps this test to a few seconds. */
  @Test
  void printsTheDocumentedJson() throws Exception {
    String labelled = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "labelled-")
        .resolve("labelled").toString();
    PoolTable table = PoolTable.read(spark, pool);
    Tables.write(spark, table.labelled(spark, null).orderBy("id").limit(100), labelled,
        Metadata.create(ArtifactKind.LABELLED_SET, "test", null, 100, java.util.Map.of(), List.of(),
            table.labelledDetails()));

    Result r = cli("evaluate", "--pool", pool, "--method", "cca",
        "--labelled", labelled, "--set", "cca.dims=8", "--set", "cca.ridge=1");
    assertEquals(0, r.code(), r.err());
    JsonNode json = Json.tree(r.out(), "stdout");
    for (String split : List.of("test", "val")) {
      JsonNode s = json.get(split);
      assertTrue(s.get("i2t").isDouble() && s.get("t2i").isDouble() && s.get("mean").isDouble(), r.out());
      assertEquals((s.get("i2t").asDouble() + s.get("t2i").asDouble()) / 2, s.get("mean").asDouble(), 1e-12);
    }
    assertEquals(693, json.get("test").get("items").asInt());
    assertEquals(217, json.get("val").get("imageQueries").asInt());
    assertEquals("cca", json.get("method").asText());
    assertEquals(8, json.get("cca").get("dims").asInt());
    assertEquals(100, json.get("labelled").get("rows").asInt());
    assertEquals(0.2257, json.get("test").get("mean").asDouble(), 0.01);
  }
}
