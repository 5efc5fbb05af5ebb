package org.ascmr.deploy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.logging.log4j.core.LoggerContext;
import org.ascmr.testing.TestData;
import org.junit.jupiter.api.Test;

/**
 * The log configurations of bin/ascmr (conf/log4j2.properties) and of the tests keep our INFO
 * lines and other libraries' warnings, but silence the two start-up WARN lines that say nothing
 * actionable (ND4J's "No fields found for property name dimensions", netlib's "Failed to load
 * implementation from: dev.ludovic.netlib.blas.JNIBLAS").
 */
class LogConfigTest {
  @Test
  void theTwoStartUpWarningsAreSilencedAndTheRestKept() {
    Path root = TestData.root();
    for (Path f : List.of(root.resolve("conf/log4j2.properties"),
        root.resolve("jobs/src/test/resources/log4j2-test.properties"))) {
      LoggerContext ctx = new LoggerContext("check-" + f.getFileName());
      try {
        ctx.setConfigLocation(f.toUri());
        String where = f.toString();
        assertFalse(ctx.getLogger("org.nd4j.autodiff.functions.DifferentialFunction").isWarnEnabled(), where);
        assertFalse(ctx.getLogger("dev.ludovic.netlib.blas.InstanceBuilder").isWarnEnabled(), where);
        assertTrue(ctx.getLogger("org.ascmr.jobs.spark.StageScope").isInfoEnabled(), where);
        assertTrue(ctx.getLogger("org.apache.spark.SparkContext").isWarnEnabled(), where);
        assertTrue(ctx.getLogger("org.nd4j.linalg.factory.Nd4jBackend").isWarnEnabled(), where);
      } finally {
        ctx.stop();
      }
    }
  }
}
