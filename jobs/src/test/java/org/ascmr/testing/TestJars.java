package org.ascmr.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.ascmr.cli.AscmrMain;
import org.ascmr.config.Setting;

/**
 * Jars that tests ship to a Spark cluster as a user would, built during {@code mvn test} (the
 * packaged jars come later, at package): the application jar of the ascmr classes, and a jar of
 * one test class (a Spark plugin) for {@code spark.jars}.
 */
public final class TestJars {
  private TestJars() {}

  /**
   * Where the ascmr classes of this JVM come from: the jobs and lib modules' output directories
   * in a build (or their jars), i.e. everything the application jar holds and a Spark
   * distribution does not.
   */
  public static List<Path> applicationRoots() {
    return List.of(codeSource(AscmrMain.class), codeSource(Setting.class));
  }

  /**
   * The application jar: the classes and resources of {@link #applicationRoots()}, Main-Class
   * {@code org.ascmr.cli.AscmrMain}. Its dependencies (DL4J, ND4J, ONNX Runtime, ...) are
   * not in it: the shaded cluster jar would carry them; here the cluster has them.
   */
  public static Path application(Path out) {
    return write(out, AscmrMain.class.getName(), applicationRoots(), name -> true);
  }

  /** A jar of {@code type} and its nested classes, from where the test classes are. */
  public static Path ofClass(Path out, Class<?> type) {
    String base = type.getName().replace('.', '/');
    return write(out, null, List.of(codeSource(type)),
        name -> name.equals(base + ".class") || name.startsWith(base + "$"));
  }

  private static Path write(Path out, String mainClass, List<Path> roots, Predicate<String> include) {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    if (mainClass != null) manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
    Set<String> written = new HashSet<>();
    try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(out), manifest)) {
      for (Path root : roots) {
        if (Files.isDirectory(root)) {
          try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
              String name = root.relativize(f).toString().replace('\\', '/');
              if (!name.equals(JarFile.MANIFEST_NAME) && include.test(name) && written.add(name)) {
                try (InputStream in = Files.newInputStream(f)) {
                  copy(jar, name, in);
                }
              }
            }
          }
        } else {
          try (JarFile from = new JarFile(root.toFile())) {
            for (JarEntry e : (Iterable<JarEntry>) from.stream()::iterator) {
              String name = e.getName();
              if (e.isDirectory() || name.equals(JarFile.MANIFEST_NAME) || !include.test(name) || !written.add(name)) {
                continue;
              }
              try (InputStream in = from.getInputStream(e)) {
                copy(jar, name, in);
              }
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (written.isEmpty()) throw new IllegalStateException("nothing to put in " + out + " from " + roots);
    return out;
  }

  private static void copy(JarOutputStream jar, String name, InputStream in) throws IOException {
    jar.putNextEntry(new JarEntry(name));
    in.transferTo((OutputStream) jar);
    jar.closeEntry();
  }

  private static Path codeSource(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
