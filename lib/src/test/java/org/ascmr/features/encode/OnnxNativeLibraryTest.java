package org.ascmr.features.encode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxNativeLibraryTest {

  @Test
  void unpacksBothLibrariesOnceAndReusesIdenticalCopies(@TempDir Path dir) throws Exception {
    Path target = dir.resolve("ort");
    OnnxNativeLibrary.unpackTo(target);
    for (String lib : new String[] {"onnxruntime", "onnxruntime4j_jni"}) {
      String name = System.mapLibraryName(lib);
      try (InputStream in = OnnxNativeLibrary.class.getResourceAsStream(
          "/ai/onnxruntime/native/" + OnnxNativeLibrary.platform() + "/" + name)) {
        assertArrayEquals(in.readAllBytes(), Files.readAllBytes(target.resolve(name)), name);
      }
    }
    Path lib = target.resolve(System.mapLibraryName("onnxruntime"));
    FileTime old = FileTime.fromMillis(1_000_000L);
    Files.setLastModifiedTime(lib, old);
    OnnxNativeLibrary.unpackTo(target);
    assertEquals(old, Files.getLastModifiedTime(lib), "an identical copy is reused, not rewritten");
    try (var files = Files.list(target)) {
      assertEquals(2, files.count(), "no .part files left behind");
    }
  }
}
