package org.ascmr.io;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 digests that identify inputs and settings in artefact metadata. */
public final class Fingerprint {
  private final MessageDigest digest;

  public Fingerprint() {
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from this JVM", e);
    }
  }

  public Fingerprint add(byte[] bytes, int offset, int length) {
    digest.update(bytes, offset, length);
    return this;
  }

  public Fingerprint add(byte[] bytes) {
    return add(bytes, 0, bytes.length);
  }

  /** Adds a string with its length, so ("ab","c") and ("a","bc") differ. */
  public Fingerprint add(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    add(Integer.toString(b.length).getBytes(StandardCharsets.US_ASCII));
    digest.update((byte) ':');
    return add(b);
  }

  public String hex() {
    return HexFormat.of().formatHex(digest.digest());
  }

  public static String of(String s) {
    return new Fingerprint().add(s).hex();
  }

  /** Digest of an object's canonical (sorted-key) JSON form: equal settings, equal hash. */
  public static String ofJson(Object value) {
    return of(Json.compact(value));
  }
}
