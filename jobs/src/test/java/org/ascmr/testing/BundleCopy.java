package org.ascmr.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.ascmr.data.PairsBundle;
import org.ascmr.io.Json;

/**
 * A small raw-pairs bundle in a test's temporary directory made of the first real lines of the
 * OpenClipArt bundle (its images/ linked, not copied), for breaking one thing at a time.
 * Line numbers are 1-based, as error messages count them.
 */
public final class BundleCopy {
  private final Path dir;
  private final List<String> lines;

  private BundleCopy(Path dir, List<String> lines) {
    this.dir = dir;
    this.lines = lines;
  }

  /** The first {@code n} lines of the real pairs.jsonl, with labels.txt and a link to images/. */
  public static BundleCopy of(Path dir, int n) throws IOException {
    Path real = TestData.openClipArt();
    Files.createDirectories(dir);
    Files.copy(real.resolve(PairsBundle.LABELS_FILE), dir.resolve(PairsBundle.LABELS_FILE));
    Files.createSymbolicLink(dir.resolve("images"), real.resolve("images").toAbsolutePath());
    List<String> all = Files.readAllLines(real.resolve(PairsBundle.PAIRS_FILE));
    return new BundleCopy(dir, new ArrayList<>(all.subList(0, n)));
  }

  /**
   * Every {@code k}-th line of the real pairs.jsonl (lines 1, 1 + k, ...): a slice of the bundle
   * across all its categories and splits (the file is sorted by category).
   */
  public static BundleCopy everyKth(Path dir, int k) throws IOException {
    BundleCopy all = of(dir, Files.readAllLines(TestData.openClipArt().resolve(PairsBundle.PAIRS_FILE)).size());
    List<String> slice = new ArrayList<>();
    for (int i = 0; i < all.lines.size(); i += k) slice.add(all.lines.get(i));
    return new BundleCopy(dir, slice);
  }

  public Path dir() {
    return dir;
  }

  public String line(int line) {
    return lines.get(line - 1);
  }

  public String id(int line) {
    return Json.tree(line(line), "pairs.jsonl").get("id").asText();
  }

  /** Replaces line {@code line} with {@code text} as is (e.g. broken JSON). */
  public BundleCopy setRaw(int line, String text) {
    lines.set(line - 1, text);
    return this;
  }

  /** Edits the JSON object of line {@code line}. */
  public BundleCopy edit(int line, Consumer<ObjectNode> edit) {
    ObjectNode node = (ObjectNode) Json.tree(line(line), "pairs.jsonl");
    edit.accept(node);
    lines.set(line - 1, Json.compact(node));
    return this;
  }

  /** Writes truncated bytes of a real image to {@code relative} in the bundle; returns the path. */
  public String truncatedImage(int ofLine, String relative) throws IOException {
    String image = Json.tree(line(ofLine), "pairs.jsonl").get("image").asText();
    byte[] bytes = Files.readAllBytes(TestData.openClipArt().resolve(image));
    Path p = dir.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.write(p, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    return relative;
  }

  /** Writes pairs.jsonl and returns the bundle directory. */
  public Path write() throws IOException {
    Files.write(dir.resolve(PairsBundle.PAIRS_FILE), lines);
    return dir;
  }
}
