package org.ascmr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.apache.spark.SparkException;
import org.ascmr.error.ExitCodes;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * An out-of-memory failure ends with one line naming the limit and the setting that raises it,
 * whether the error reached the driver as itself or, from an executor, as text inside Spark's
 * job-failure exception.
 */
class MemoryAdviceTest {

  @Test
  void aHeapErrorFromAnExecutorNamesTheHeapSettings() {
    SparkException fromExecutor = new SparkException("Job aborted due to stage failure: Task 0 in stage 3.0 failed"
        + " 1 times, most recent failure: Lost task 0.0 (TID 7) (127.0.0.1 executor driver): "
        + "java.lang.OutOfMemoryError: Java heap space\n\tat org.ascmr.Foo.bar(Foo.java:1)");
    String advice = MemoryAdvice.explain(new RuntimeException("train failed", fromExecutor));
    assertTrue(advice.startsWith("out of JVM heap"), advice);
    assertTrue(advice.contains("ASCMR_DRIVER_MEMORY") && advice.contains("spark.executor.memory"), advice);
  }

  @Test
  void javacppsPhysicalCapNamesTheNativeSettings() {
    String advice = MemoryAdvice.explain(new OutOfMemoryError("Physical memory usage is too high: physicalBytes "
        + "(5000M) > maxPhysicalBytes (4000M)"));
    assertTrue(advice.startsWith("out of native memory"), advice);
    assertTrue(advice.contains("org.bytedeco.javacpp.maxphysicalbytes") && advice.contains("memoryOverhead"), advice);
  }

  @Test
  void otherFailuresAreNotMemoryFailures() {
    assertNull(MemoryAdvice.explain(new IllegalStateException("no labelled val rows")));
    assertNull(MemoryAdvice.explain(new SparkException("Job aborted: Lost executor 1")));
  }

  @Test
  void theCliPrintsTheAdviceInsteadOfAStackTraceAndExitsAsInternal() {
    StringWriter err = new StringWriter();
    CommandLine cl = AscmrMain.commandLine().setErr(new PrintWriter(err));
    int code = AscmrMain.onFailure(new SparkException("Lost task: java.lang.OutOfMemoryError: GC overhead limit "
        + "exceeded"), cl.getSubcommands().get("train"));
    assertEquals(ExitCodes.INTERNAL, code);
    assertTrue(err.toString().startsWith("ascmr train: out of JVM heap"), err.toString());
    assertTrue(!err.toString().contains("\tat "), "no stack trace: " + err);
  }
}
