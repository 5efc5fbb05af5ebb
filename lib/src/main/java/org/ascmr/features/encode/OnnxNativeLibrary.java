package org.ascmr.features.encode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Locale;

/**
 * Where ONNX Runtime's native library is unpacked. By default ORT copies {@code libonnxruntime}
 * and its JNI glue (about 21 MB) out of its jar into a fresh directory under {@code
 * java.io.tmpdir} on first use in each JVM, and deletes it at exit. Executors whose {@code /tmp}
 * is small, read-only or mounted {@code noexec} can instead name a writable, local directory:
 *
 * <pre>-Dascmr.onnxruntime.dir=/opt/ort-native</pre>
 *
 * The two libraries of this platform are then copied there (once; a copy with identical bytes is
 * reused, so executors may share the directory) and ORT is pointed at it through its own {@code
 * onnxruntime.native.path}. Setting {@code onnxruntime.native.path} directly to a directory that
 * already holds both libraries also works, and then this class leaves it alone.
 */
final class OnnxNativeLibrary {

  /** System property naming the directory to unpack ORT's native libraries into. */
  static final String DIR_PROPERTY = "ascmr.onnxruntime.dir";

  private static final String ORT_PATH_PROPERTY = "onnxruntime.native.path";
  private static boolean prepared;

  private OnnxNativeLibrary() {}

  /** Called before the first ORT class loads its library; a no-op unless {@link #DIR_PROPERTY} is set. */
  static synchronized void prepare() {
    if (prepared) {
      return;
    }
    prepared = true;
    String dir = System.getProperty(DIR_PROPERTY);
    if (dir == null || dir.isBlank() || System.getProperty(ORT_PATH_PROPERTY) != null) {
      return;
    }
    Path target = Path.of(dir);
    try {
      unpackTo(target);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack ONNX Runtime's native libraries into " + target
          + " (set by -D" + DIR_PROPERTY + "): it must be a writable local directory", e);
    }
    System.setProperty(ORT_PATH_PROPERTY, target.toAbsolutePath().toString());
  }

  /** Copies this platform's ORT library and JNI glue into {@code dir} unless identical copies are there. */
  static void unpackTo(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (String lib : new String[] {"onnxruntime", "onnxruntime4j_jni"}) {
      unpack(System.mapLibraryName(lib), dir);
    }
  }

  private static void unpack(String fileName, Path dir) throws IOException {
    String resource = "/ai/onnxruntime/native/" + platform() + "/" + fileName;
    byte[] bytes;
    try (InputStream in = OnnxNativeLibrary.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("the onnxruntime jar has no " + resource + " for this platform");
      }
      bytes = in.readAllBytes();
    }
    Path file = dir.resolve(fileName);
    if (Files.isRegularFile(file) && Files.size(file) == bytes.length
        && Arrays.equals(Files.readAllBytes(file), bytes)) {
      return;
    }
    // Write beside, then rename: another executor sharing the directory never loads half a file.
    Path tmp = Files.createTempFile(dir, fileName, ".part");
    try {
      Files.write(tmp, bytes);
      try { // temp files are owner-only; a library other users' executors load must be readable
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: its defaults apply
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** The folder name ORT's jar uses for this OS and architecture, e.g. {@code linux-x64}. */
  static String platform() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    String o = os.contains("win") ? "win" : (os.contains("mac") || os.contains("darwin")) ? "osx" : "linux";
    String a = (arch.equals("amd64") || arch.equals("x86_64")) ? "x64" : arch;
    return o + "-" + a;
  }
}
