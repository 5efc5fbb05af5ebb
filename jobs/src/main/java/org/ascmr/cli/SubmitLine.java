package org.ascmr.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.ascmr.config.ConfigSource;
import org.ascmr.error.AscmrException;
import org.ascmr.error.ClosestName;
import org.ascmr.error.ConfigException;
import org.ascmr.jobs.spark.SparkSettings;
import org.ascmr.jobs.spark.SubmitSettings;

/**
 * Builds the spark-submit command line that runs an ascmr command on YARN or Kubernetes, for
 * deploy/submit.sh. It reads the same config file with the same parser and checks as the job will
 * (so a misspelt key fails here, not on the cluster), takes master and deploy mode from
 * {@code submit.*}, passes {@code spark.conf.*} as {@code --conf}, and puts the JVM options of
 * conf/jvm-options in front of the driver's and executors' extraJavaOptions. Needs no Spark on the
 * classpath.
 * <pre>
 *   SubmitLine --home &lt;checkout&gt; --jvm-options &lt;file&gt; [--conf &lt;file&gt;] [--set k=v]... [--format shell|nul]
 *              -- &lt;ascmr command and options&gt;
 * </pre>
 * The ascmr command's own {@code --conf}/{@code --set} take precedence over the script's, so that
 * the submit line and the job read one configuration. In cluster mode the conf file is shipped with
 * {@code --files} (YARN) or found in {@code submit.remoteConfDir} (a Kubernetes image), and the
 * command's {@code --conf} is rewritten to where the driver will see it.
 */
public final class SubmitLine {
  public static final String MAIN_CLASS = AscmrMain.class.getName();
  private static final Pattern BARE = Pattern.compile("[A-Za-z0-9_./:=@%+,^-]+");
  private static final String DRIVER_OPTS = "spark.driver.extraJavaOptions";
  private static final String EXECUTOR_OPTS = "spark.executor.extraJavaOptions";
  /** Read-only commands that print a report: client mode on YARN (see build). */
  static final Set<String> REPORTS = Set.of("status", "config", "describe");

  private SubmitLine() {}

  public static void main(String[] args) {
    try {
      List<String> line = build(args);
      boolean nul = "nul".equals(format(args));
      PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
      if (nul) {
        for (String a : line) {
          out.print(a);
          out.print('\0');
        }
      } else {
        out.println(render(line));
      }
      out.flush();
      System.exit(0);
    } catch (AscmrException e) {
      System.err.println("submit.sh: " + e.getMessage());
      System.exit(e.exitCode());
    }
  }

  /** The spark-submit argv for the arguments described in the class comment. */
  public static List<String> build(String[] args) {
    String home = null;
    String jvmOptions = null;
    Path conf = null;
    List<String> sets = new ArrayList<>();
    int i = 0;
    for (; i < args.length && !args[i].equals("--"); i++) {
      switch (args[i]) {
        case "--home" -> home = value(args, ++i);
        case "--jvm-options" -> jvmOptions = value(args, ++i);
        case "--conf" -> conf = Path.of(value(args, ++i));
        case "--set" -> sets.add(value(args, ++i));
        case "--format" -> {
          String f = value(args, ++i);
          if (!f.equals("shell") && !f.equals("nul")) {
            throw new ConfigException("--format", "must be shell or nul, was '" + f + "'");
          }
        }
        default -> throw new ConfigException("submit.sh", "unknown option '" + args[i] + "'");
      }
    }
    List<String> command = new ArrayList<>();
    for (i++; i < args.length; i++) command.add(args[i]);
    if (command.isEmpty() || command.get(0).startsWith("-")) {
      throw new ConfigException("submit.sh", "give the ascmr command after '--', e.g. -- train --pool ...");
    }
    Set<String> known = AscmrMain.commandLine().getSubcommands().keySet();
    if (!known.contains(command.get(0))) {
      String hint = ClosestName.of(command.get(0), known);
      throw new ConfigException(command.get(0), "unknown ascmr command" + (hint == null ? "" : " (did you mean "
          + hint + "?)") + "; the commands are " + String.join(", ", known));
    }
    // The command's own --conf/--set win: the job reads exactly what the submit line was built from.
    Path commandConf = null;
    List<String> commandSets = new ArrayList<>();
    for (int k = 1; k < command.size(); k++) {
      String a = command.get(k);
      if (a.equals("--conf") && k + 1 < command.size()) commandConf = Path.of(command.get(k + 1));
      else if (a.startsWith("--conf=")) commandConf = Path.of(a.substring("--conf=".length()));
      else if (a.equals("--set") && k + 1 < command.size()) commandSets.add(command.get(k + 1));
      else if (a.startsWith("--set=")) commandSets.add(a.substring("--set=".length()));
    }
    Path effectiveConf = commandConf != null ? commandConf : conf;
    if (effectiveConf == null) {
      throw new ConfigException("--conf", "a cluster config file is needed (e.g. --conf conf/yarn.conf)");
    }
    List<String> overrides = new ArrayList<>(sets);
    overrides.addAll(commandSets);
    ConfigSource config = SettingsCatalog.load(effectiveConf, overrides);
    SubmitSettings submit = SubmitSettings.from(config);
    SparkSettings spark = SparkSettings.from(config);
    // A report (status, config, describe) prints to the terminal that asked for it, not to a YARN
    // container's log: client mode on YARN unless the deploy mode was set on the command line.
    // (On Kubernetes the jar and conf live in the image, so such a command stays in cluster mode.)
    boolean explicitMode = overrides.stream().anyMatch(o -> o.startsWith("submit.deployMode="));
    boolean cluster = submit.deployMode() == SubmitSettings.DeployMode.CLUSTER
        && !(REPORTS.contains(command.get(0)) && submit.master().startsWith("yarn") && !explicitMode);

    List<String> out = new ArrayList<>();
    out.add(submit.sparkSubmit());
    out.add("--master");
    out.add(submit.master());
    out.add("--deploy-mode");
    out.add(cluster ? "cluster" : "client");
    out.add("--name");
    out.add(spark.appName() + "-" + command.get(0));
    out.add("--class");
    out.add(MAIN_CLASS);
    Map<String, String> props = new TreeMap<>(config.sparkProperties());
    String jvm = jvmOptions == null ? "" : readJvmOptions(Path.of(jvmOptions));
    props.put(DRIVER_OPTS, join(jvm, props.get(DRIVER_OPTS)));
    props.put(EXECUTOR_OPTS, join(jvm, props.get(EXECUTOR_OPTS)));
    props.forEach((k, v) -> {
      if (!v.isEmpty()) {
        out.add("--conf");
        out.add(k + "=" + v);
      }
    });
    String confOnDriver = effectiveConf.toString();
    if (cluster) {
      String name = effectiveConf.getFileName().toString();
      if (submit.remoteConfDir() == null) {
        out.add("--files");
        out.add(effectiveConf.toAbsolutePath().normalize().toString());
        confOnDriver = name;
      } else {
        confOnDriver = submit.remoteConfDir().replaceAll("/+$", "") + "/" + name;
      }
    }
    String jar = resolveJar(submit.jar(), home);
    if (!jar.contains(":") && !Files.isRegularFile(Path.of(jar))) {
      System.err.println("submit.sh: warning: the jar " + jar + " does not exist (not built yet?); build it with:"
          + " mvn -q -Pcluster package -DskipTests");
    }
    out.add(jar);
    out.add(command.get(0));
    out.add("--conf");
    out.add(confOnDriver);
    for (int k = 1; k < command.size(); k++) {
      String a = command.get(k);
      if (a.equals("--conf") && k + 1 < command.size()) {
        k++;
      } else if (!a.startsWith("--conf=")) {
        out.add(a);
      }
    }
    return out;
  }

  /** The --format given before "--": shell (default) or nul. */
  static String format(String[] args) {
    for (int i = 0; i + 1 < args.length && !args[i].equals("--"); i++) {
      if (args[i].equals("--format")) return args[i + 1];
    }
    return "shell";
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) throw new ConfigException("submit.sh", "option '" + args[i - 1] + "' needs a value");
    return args[i];
  }

  /** The java @argfile conf/jvm-options as one line: blank lines and # comments dropped. */
  static String readJvmOptions(Path file) {
    try {
      List<String> opts = new ArrayList<>();
      for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String t = l.trim();
        if (!t.isEmpty() && !t.startsWith("#")) opts.add(t);
      }
      return String.join(" ", opts);
    } catch (IOException e) {
      throw new ConfigException("--jvm-options", "cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static String join(String a, String b) {
    if (b == null || b.isBlank()) return a;
    if (a.isBlank()) return b;
    return a + " " + b;
  }

  private static String resolveJar(String jar, String home) {
    if (jar.contains("://") || jar.contains(":/") || jar.startsWith("/") || home == null) return jar;
    return Path.of(home).resolve(jar).normalize().toString();
  }

  /** One argument per line with shell quoting, ready to paste into a terminal. */
  public static String render(List<String> argv) {
    StringBuilder b = new StringBuilder(quote(argv.get(0)));
    int i = 1;
    while (i < argv.size()) {
      String a = argv.get(i);
      b.append(" \\\n  ").append(quote(a));
      // Keep an option and its value on one line (the ascmr command's too, from its name on).
      if (a.startsWith("--") && i + 1 < argv.size() && !argv.get(i + 1).startsWith("--")) {
        b.append(' ').append(quote(argv.get(i + 1)));
        i++;
      }
      i++;
    }
    return b.toString();
  }

  static String quote(String s) {
    if (!s.isEmpty() && BARE.matcher(s).matches()) return s;
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
