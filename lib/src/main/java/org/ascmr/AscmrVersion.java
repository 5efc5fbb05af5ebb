package org.ascmr;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The build's version, filtered into a resource by Maven so it is never edited by hand. */
public final class AscmrVersion {
  public static final String VERSION = load();

  private AscmrVersion() {}

  private static String load() {
    try (InputStream in = AscmrVersion.class.getResourceAsStream("/org/ascmr/version.properties")) {
      if (in == null) return "dev";
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "dev");
    } catch (IOException e) {
      return "dev";
    }
  }
}
