"""Airflow DAG: one ASCMR active-learning round per day on YARN (or any spark-submit master).

Each stage is one SparkSubmitOperator task running `ascmr <stage>` from the cluster jar:

    ingest_labels -> train -> embed -> score -> density -> allocate -> export_selection -> advance_round
                          \\-> evaluate

* ingest_labels appends every labels file the annotators dropped into the inbox since the last run
  (a file already ingested is a no-op), so round n trains on everything labelled so far.
* export_selection writes rounds/<n>/export (CSV, JSONL, Label Studio tasks) for the annotators.
* advance_round bumps the Airflow Variable `ascmr_next_round` once the round's selection is out.
  Trigger with {"round": n} in the run's conf to (re)run a given round: every stage is idempotent
  (an output already made with the same settings and inputs is kept), so a rerun finishes what a
  failed run left and redoes nothing else.

Set up (see README "Running on a cluster"): a Spark connection `spark_ascmr` (host yarn, extra
{"deploy-mode": "cluster"}), the environment of the scheduler/workers:
ASCMR_HOME (a checkout or the unpacked release: conf/, the cluster jar), ASCMR_WORKSPACE,
ASCMR_INBOX, ASCMR_BUDGET, optionally ASCMR_JAR, ASCMR_YARN_QUEUE and ASCMR_DEPLOY_MODE (client if
the connection says so).

Exit codes of `ascmr` (README "Exit codes"): 1 = internal (a retry may help), 2 = usage/config,
3 = bad data, 4 = workspace state. In client mode spark-submit returns the driver's code; in YARN
cluster mode it returns 1 for any failed application and the driver log / YARN diagnostics carry
the ascmr code ("User application exited with status 3"). Tasks retry twice: harmless for these
idempotent stages, useful for lost executors and preempted containers.
"""
from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path

from airflow import DAG
from airflow.models import Variable
from airflow.operators.python import PythonOperator
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

ASCMR_HOME = Path(os.environ.get("ASCMR_HOME", "/opt/ascmr"))
WORKSPACE = os.environ.get("ASCMR_WORKSPACE", "hdfs:///ascmr/workspace")
INBOX = os.environ.get("ASCMR_INBOX", "hdfs:///ascmr/inbox")
BUDGET = os.environ.get("ASCMR_BUDGET", "500")
JAR = os.environ.get("ASCMR_JAR", str(ASCMR_HOME / "jobs" / "target" / "ascmr-jobs-cluster.jar"))
CONF = ASCMR_HOME / "conf" / "yarn.conf"
GPU_CONF = ASCMR_HOME / "conf" / "yarn-gpu.conf"
MAIN_CLASS = "org.ascmr.cli.AscmrMain"
# Must match the deploy mode of the spark_ascmr connection: in cluster mode the conf file is shipped
# with --files and read from the driver's working directory, in client mode read where it is.
CLUSTER_MODE = os.environ.get("ASCMR_DEPLOY_MODE", "cluster") == "cluster"
NEXT_ROUND = "ascmr_next_round"

# The round of this run: {"round": n} in the trigger's conf, else the Variable advance_round maintains.
ROUND = "{{ (dag_run.conf or {}).get('round', var.value.get('" + NEXT_ROUND + "', '0')) }}"


def jvm_options() -> str:
    """conf/jvm-options (the JVM options every ascmr JVM needs) as one line."""
    path = ASCMR_HOME / "conf" / "jvm-options"
    if not path.exists():
        return ""
    lines = [line.strip() for line in path.read_text().splitlines()]
    return " ".join(line for line in lines if line and not line.startswith("#"))


JAVA_OPTIONS = (jvm_options() + " -Dorg.bytedeco.javacpp.cachedir=/tmp/javacpp-cache").strip()

# Submit-time Spark settings (the rest of conf/yarn.conf is read by the job from the shipped file).
SPARK_CONF = {
    "spark.driver.extraJavaOptions": JAVA_OPTIONS,
    "spark.executor.extraJavaOptions": JAVA_OPTIONS,
    "spark.task.maxFailures": "4",
    "spark.yarn.maxAppAttempts": "1",
    "spark.yarn.queue": os.environ.get("ASCMR_YARN_QUEUE", "default"),
}
GPU_CONF_EXTRA = {
    "spark.executor.resource.gpu.amount": "1",
    "spark.executor.resource.gpu.discoveryScript": "/opt/spark/examples/src/main/scripts/getGpusResources.sh",
    "spark.task.resource.gpu.amount": "1",
    "spark.task.cpus": "4",
}


def rounds(stage: str) -> str:
    return f"{WORKSPACE}/rounds/{ROUND}/{stage}"


POOL = f"{WORKSPACE}/pool"
LABELLED = f"{WORKSPACE}/labelled"

# stage -> (arguments after the sub-command, driver memory, executors, executor cores, executor memory,
#           memoryOverhead, GPU)
STAGES = {
    "ingest-labels": (["--workspace", WORKSPACE, INBOX], "2g", 2, 1, "2g", "1g", False),
    "train": (["--pool", POOL, "--labelled", LABELLED, "--out", rounds("train")], "8g", 4, 4, "16g", "8g", True),
    "evaluate": (["--pool", POOL, "--model", rounds("train")], "8g", 4, 4, "8g", "6g", False),
    "embed": (["--pool", POOL, "--model", rounds("train"), "--out", rounds("embed")], "4g", 8, 4, "8g", "6g", False),
    "score": (["--pool", POOL, "--embeddings", rounds("embed"), "--labelled", LABELLED, "--out", rounds("score")],
              "4g", 8, 4, "8g", "6g", False),
    "density": (["--scores", rounds("score"), "--out", rounds("density")], "4g", 8, 4, "8g", "4g", False),
    "allocate": (["--scores", rounds("score"), "--density", rounds("density"), "--budget", BUDGET,
                  "--out", rounds("allocate")], "8g", 4, 4, "4g", "2g", False),
    "export-selection": (["--workspace", WORKSPACE, "--round", ROUND], "2g", 2, 1, "2g", "1g", False),
}


def stage_task(stage: str) -> SparkSubmitOperator:
    args, driver_memory, executors, cores, memory, overhead, gpu = STAGES[stage]
    conf_file = GPU_CONF if gpu else CONF
    conf = dict(SPARK_CONF, **{"spark.executor.memoryOverhead": overhead})
    if gpu:
        conf.update(GPU_CONF_EXTRA)
    return SparkSubmitOperator(
        task_id=stage.replace("-", "_"),
        conn_id="spark_ascmr",
        application=JAR,
        java_class=MAIN_CLASS,
        name=f"ascmr-{stage}-r{ROUND}",
        # --files puts the conf file in the driver's working directory (YARN cluster mode).
        files=str(conf_file),
        application_args=[stage, "--conf", conf_file.name if CLUSTER_MODE else str(conf_file), *args],
        conf=conf,
        driver_memory=driver_memory,
        num_executors=executors,
        executor_cores=cores,
        executor_memory=memory,
        retries=2,
        retry_delay=timedelta(minutes=5),
    )


def advance_round(**context) -> None:
    """The selection of this round is out: the next run works on the next round."""
    conf = context["dag_run"].conf or {}
    current = int(conf.get("round", Variable.get(NEXT_ROUND, default_var="0")))
    Variable.set(NEXT_ROUND, str(current + 1))


with DAG(
    dag_id="ascmr_round",
    description="ASCMR: ingest labels, train, score, select and export one round",
    schedule="@daily",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,  # one round at a time; the workspace lock refuses a second writer anyway
    default_args={"owner": "ascmr", "retries": 0},
    tags=["ascmr"],
) as dag:
    ingest = stage_task("ingest-labels")
    train = stage_task("train")
    evaluate = stage_task("evaluate")
    embed = stage_task("embed")
    score = stage_task("score")
    density = stage_task("density")
    allocate = stage_task("allocate")
    export = stage_task("export-selection")
    advance = PythonOperator(task_id="advance_round", python_callable=advance_round)

    ingest >> train >> [evaluate, embed]
    embed >> score >> density >> allocate >> export >> advance
