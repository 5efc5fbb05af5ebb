"""Airflow DAG: one ASCMR active-learning round per run on YARN (or any spark-submit master).

The round runs as `ascmr round --workspace <ws> --round <n>`, the same state machine as on the
command line: it takes the workspace lock, snapshots the labelled set into rounds/<n>/labelled,
warm-starts training from the newest earlier round's model and records every step in
rounds/<n>/manifest.json. The tasks of one run:

    ingest_labels -> choose_round -> bootstrap_round ---> export_selection -> advance_round
                                 |-> round -------------/
                                 |        \-> evaluate
                                 \-> wait_for_labels

* ingest_labels appends every labels file the annotators dropped into the inbox since the last run
  (a file already ingested is a no-op; an empty inbox is a no-op too). A file refused as bad input
  is moved to the quarantine folder (ASCMR_QUARANTINE, default <inbox>-quarantine) with its error
  report as <file>.error.txt, so it does not block every later run: fix it and drop it in again.
* choose_round reads the workspace's state (`ascmr status --workspace <ws> --json`, run on the
  worker by bin/ascmr in Spark local mode; ASCMR_STATUS_COMMAND replaces bin/ascmr) and picks
  - wait_for_labels while none of an earlier round's selection has come back labelled (the run does
    nothing and the round is not advanced: the next scheduled run looks again; trigger with
    {"force": true} to run the round anyway; a selection of the run's own round is a failed run's,
    which the run finishes),
  - bootstrap_round when the labelled set is empty (nothing to train on: `ascmr round --bootstrap
    typical` selects the most typical pair of each region of a label-free space, which beat a random
    first batch on val; {"bootstrap": "random"} in the run's conf selects a seeded random batch
    instead),
  - round otherwise (labels ingested before round 0 train from round 0 on).
* export_selection writes rounds/<n>/export (CSV, JSONL, Label Studio tasks) for the annotators;
  evaluate writes the round's model's mAP (test and val) to rounds/<n>/evaluate.json.
* advance_round bumps the Airflow Variable `ascmr_next_round` once the round's selection is out.
  Trigger with {"round": n} in the run's conf to (re)run a given round: every step is idempotent
  (an output already made with the same settings and inputs is kept), so a rerun finishes what a
  failed run left and redoes nothing else.

Set up (see deploy/README.md): a Spark connection `spark_ascmr` (host yarn, extra
{"deploy-mode": "cluster"}), the environment of the scheduler/workers:
ASCMR_HOME (a checkout or the unpacked release: conf/, bin/ascmr and its jars, the cluster jar),
ASCMR_WORKSPACE (made by `ascmr init`), ASCMR_INBOX, optionally ASCMR_QUARANTINE, ASCMR_JAR,
ASCMR_YARN_QUEUE, ASCMR_DEPLOY_MODE (client if the connection says so) and ASCMR_STATUS_COMMAND. The batch size is round.budget of conf/yarn.conf (conf/yarn-gpu.conf).

Exit codes of `ascmr`: 1 = internal (a retry may help), 2 = usage/config, 3 = bad data,
4 = workspace state. In client mode spark-submit returns the driver's code; in YARN cluster mode it
returns 1 for any failed application and the driver log / YARN diagnostics carry the ascmr code
("User application exited with status 3"). Tasks retry twice: harmless for these idempotent
steps, useful for lost executors and preempted containers.
"""
from __future__ import annotations

import json
import os
import shlex
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

from airflow import DAG
from airflow.models import Variable
from airflow.operators.empty import EmptyOperator
from airflow.operators.python import BranchPythonOperator, PythonOperator
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

ASCMR_HOME = Path(os.environ.get("ASCMR_HOME", "/opt/ascmr"))
WORKSPACE = os.environ.get("ASCMR_WORKSPACE", "hdfs:///ascmr/workspace")
INBOX = os.environ.get("ASCMR_INBOX", "hdfs:///ascmr/inbox")
QUARANTINE = os.environ.get("ASCMR_QUARANTINE", INBOX.rstrip("/") + "-quarantine")
# The read-only status check of choose_round runs on the Airflow worker, in Spark local mode.
STATUS_COMMAND = shlex.split(os.environ.get("ASCMR_STATUS_COMMAND", str(ASCMR_HOME / "bin" / "ascmr")))
STATUS_CONF = ASCMR_HOME / "conf" / "local.conf"
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
# The first batch of a workspace without labels: {"bootstrap": "random"} in the trigger's conf, else typical.
BOOTSTRAP = "{{ (dag_run.conf or {}).get('bootstrap', 'typical') }}"


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
    # OpenBLAS's SkylakeX kernels return a wrong dsyev on Intel AVX-512 CPUs: the Haswell kernels
    # on the executors and the cluster-mode driver (docs/operations.md#openblas-on-intel-avx-512)
    "spark.executorEnv.OPENBLAS_CORETYPE": "Haswell",
    "spark.yarn.appMasterEnv.OPENBLAS_CORETYPE": "Haswell",
}
GPU_CONF_EXTRA = {
    "spark.executor.resource.gpu.amount": "1",
    "spark.executor.resource.gpu.discoveryScript": "/opt/spark/examples/src/main/scripts/getGpusResources.sh",
    "spark.task.resource.gpu.amount": "1",
    "spark.task.cpus": "4",
}

# task id -> (ascmr command line after the conf, driver memory, executors, executor cores,
#             executor memory, memoryOverhead, GPU)
TASKS = {
    "ingest_labels": (["ingest-labels", "--workspace", WORKSPACE, "--quarantine", QUARANTINE, INBOX],
                      "2g", 2, 1, "2g", "1g", False),
    "bootstrap_round": (["round", "--workspace", WORKSPACE, "--round", ROUND, "--bootstrap", BOOTSTRAP],
                        "4g", 2, 1, "4g", "2g", False),
    "round": (["round", "--workspace", WORKSPACE, "--round", ROUND], "8g", 4, 4, "16g", "8g", True),
    "evaluate": (["evaluate", "--pool", f"{WORKSPACE}/pool", "--model", f"{WORKSPACE}/rounds/{ROUND}/train",
                  "--out", f"{WORKSPACE}/rounds/{ROUND}/evaluate.json"],
                 "8g", 4, 4, "8g", "6g", False),
    "export_selection": (["export-selection", "--workspace", WORKSPACE, "--round", ROUND],
                         "2g", 2, 1, "2g", "1g", False),
}


def ascmr_task(task_id: str, **kwargs) -> SparkSubmitOperator:
    (command, *args), driver_memory, executors, cores, memory, overhead, gpu = TASKS[task_id]
    conf_file = GPU_CONF if gpu else CONF
    conf = dict(SPARK_CONF, **{"spark.executor.memoryOverhead": overhead})
    if gpu:
        conf.update(GPU_CONF_EXTRA)
    return SparkSubmitOperator(
        task_id=task_id,
        conn_id="spark_ascmr",
        application=JAR,
        java_class=MAIN_CLASS,
        name=f"ascmr-{command}-r{ROUND}",
        # --files puts the conf file in the driver's working directory (YARN cluster mode).
        files=str(conf_file),
        application_args=[command, "--conf", conf_file.name if CLUSTER_MODE else str(conf_file), *args],
        conf=conf,
        driver_memory=driver_memory,
        num_executors=executors,
        executor_cores=cores,
        executor_memory=memory,
        # the client-mode driver runs in spark-submit's environment
        env_vars={"OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE", "Haswell")},
        retries=2,
        retry_delay=timedelta(minutes=5),
        **kwargs,
    )


def this_round(context) -> int:
    conf = context["dag_run"].conf or {}
    return int(conf.get("round", Variable.get(NEXT_ROUND, default_var="0")))


def ascmr_cli(args: list[str]) -> str:
    """Runs a read-only ascmr command on this worker and returns what it printed."""
    done = subprocess.run(STATUS_COMMAND + args, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(STATUS_COMMAND + args)} exited {done.returncode}: {done.stderr.strip()}")
    return done.stdout


def workspace_status() -> dict:
    """`ascmr status --json` of the workspace: labelled count, rounds, the pending selection."""
    return json.loads(ascmr_cli(["status", "--conf", str(STATUS_CONF), "--workspace", WORKSPACE, "--json"]))


def next_step(status: dict, conf: dict, round_: int) -> str:
    """wait_for_labels, bootstrap_round or round, from the workspace's state (see the module doc)."""
    pending = status.get("pending")
    # Wait only for an earlier round's batch: a selection of this very round is a rerun's to finish.
    if pending and pending["round"] < round_ and pending["selected"] > 0 \
            and pending["unlabelled"] >= pending["selected"] and not conf.get("force", False):
        return "wait_for_labels"
    return "bootstrap_round" if status["labelled"] == 0 else "round"


def choose_round(**context) -> str:
    """An empty labelled set gets a bootstrap batch; no labels back for the last batch yet: wait."""
    return next_step(workspace_status(), context["dag_run"].conf or {}, this_round(context))


def advance_round(**context) -> None:
    """The selection of this round is out: the next run works on the next round."""
    Variable.set(NEXT_ROUND, str(this_round(context) + 1))


with DAG(
    dag_id="ascmr_round",
    description="ASCMR: ingest labels, run one round (ascmr round), export its selection",
    schedule="@daily",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,  # one round at a time; the workspace lock refuses a second writer anyway
    default_args={"owner": "ascmr", "retries": 0},
    tags=["ascmr"],
) as dag:
    ingest = ascmr_task("ingest_labels")
    choose = BranchPythonOperator(task_id="choose_round", python_callable=choose_round)
    wait = EmptyOperator(task_id="wait_for_labels")
    bootstrap = ascmr_task("bootstrap_round")
    train_round = ascmr_task("round")
    evaluate = ascmr_task("evaluate")
    export = ascmr_task("export_selection", trigger_rule="none_failed_min_one_success")
    advance = PythonOperator(task_id="advance_round", python_callable=advance_round)

    ingest >> choose >> [bootstrap, train_round, wait]
    train_round >> evaluate
    [bootstrap, train_round] >> export >> advance
