package org.ascmr.jobs.spark;

import java.util.List;
import org.ascmr.config.Check;
import org.ascmr.config.ConfigSource;
import org.ascmr.config.Setting;

/**
 * How deploy/submit.sh submits a command to a cluster (conf/yarn.conf and conf/k8s.conf set them).
 * Read only by the submit script; a job run under spark-submit ignores them.
 */
public record SubmitSettings(String master, DeployMode deployMode, String jar, String sparkSubmit,
    String remoteConfDir) {

  /** spark-submit's --deploy-mode: where the driver runs. */
  public enum DeployMode {
    /** On the submitting machine (the gateway, or the Airflow worker): logs stream back, the machine must stay up. */
    CLIENT,
    /** In the cluster (a YARN container, a Kubernetes pod): survives the submitter. */
    CLUSTER
  }

  public static final Setting<String> MASTER = Setting.ofString("submit.master", "yarn",
      "spark-submit --master: yarn, or k8s://https://<api server>:<port>", Check.nonEmpty());
  public static final Setting<DeployMode> DEPLOY_MODE = Setting.ofEnum("submit.deployMode", DeployMode.class,
      DeployMode.CLUSTER, "spark-submit --deploy-mode");
  public static final Setting<String> JAR = Setting.ofString("submit.jar", "jobs/target/ascmr-jobs-cluster.jar",
      "application jar (mvn -Pcluster package); relative = below the ascmr checkout; local:///... = inside the image,"
          + " hdfs:///... = uploaded once", Check.nonEmpty());
  public static final Setting<String> SPARK_SUBMIT = Setting.ofString("submit.sparkSubmit", "spark-submit",
      "the spark-submit program (a path, or a name on PATH)", Check.nonEmpty());
  public static final Setting<String> REMOTE_CONF_DIR = Setting.ofOptionalString("submit.remoteConfDir",
      "cluster mode: directory holding the conf files on the driver (e.g. /opt/ascmr/conf in the image);"
          + " unset = ship the conf file with --files");

  public static final List<Setting<?>> SETTINGS = List.of(MASTER, DEPLOY_MODE, JAR, SPARK_SUBMIT, REMOTE_CONF_DIR);

  public SubmitSettings {
    MASTER.check(master);
    JAR.check(jar);
    SPARK_SUBMIT.check(sparkSubmit);
  }

  public static SubmitSettings from(ConfigSource src) {
    return new SubmitSettings(src.get(MASTER), src.get(DEPLOY_MODE), src.get(JAR), src.get(SPARK_SUBMIT),
        src.get(REMOTE_CONF_DIR));
  }
}
