package org.ascmr.workspace;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.LongPredicate;
import org.ascmr.io.Json;

/**
 * Content of a workspace's lock.json: who holds the workspace and since when. The token tells
 * our own lock from one another run took after breaking ours.
 */
public record LockRecord(String host, long pid, String user, String startedAt, String command, String token) {

  /** What {@link #staleness} concludes about a lock found on disk. */
  public enum Staleness {
    /** The owner runs on this host and its process is gone: safe to break. */
    OWNER_GONE,
    /** Older than the configured maximum age: assumed abandoned, breakable. */
    TOO_OLD,
    /** The owner process is alive on this host: never break. */
    OWNER_ALIVE,
    /** The owner is on another host and the lock is younger than the maximum age: cannot tell. */
    UNKNOWN
  }

  /** The lock this process would write for {@code command}. */
  public static LockRecord ofThisProcess(String command, Instant now) {
    return new LockRecord(localHost(), ProcessHandle.current().pid(), System.getProperty("user.name"), now.toString(),
        command, UUID.randomUUID().toString());
  }

  public static String localHost() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      String env = System.getenv("HOSTNAME");
      return env == null ? "unknown-host" : env;
    }
  }

  public Duration age(Instant now) {
    try {
      return Duration.between(Instant.parse(startedAt), now);
    } catch (RuntimeException e) {
      return Duration.ZERO;
    }
  }

  /**
   * Whether this lock may be broken: a live owner on this host never; a dead one on this host
   * always; elsewhere only when older than {@code maxAge} (we cannot see other hosts' processes).
   *
   * @param alive tells whether a pid is a running process on this host
   */
  public Staleness staleness(Instant now, String thisHost, Duration maxAge, LongPredicate alive) {
    if (thisHost.equals(host)) return alive.test(pid) ? Staleness.OWNER_ALIVE : Staleness.OWNER_GONE;
    return age(now).compareTo(maxAge) > 0 ? Staleness.TOO_OLD : Staleness.UNKNOWN;
  }

  /** "user@host pid 123 running 'ingest-labels' since 2026-...". */
  public String describe(Instant now) {
    Duration age = age(now);
    return user + "@" + host + " pid " + pid + " running '" + command + "' since " + startedAt + " ("
        + age.toHours() + " h " + age.toMinutesPart() + " min ago)";
  }

  public String toJson() {
    return Json.pretty(this);
  }

  public static LockRecord parse(String json, String path) {
    return Json.read(json, LockRecord.class, path);
  }
}
