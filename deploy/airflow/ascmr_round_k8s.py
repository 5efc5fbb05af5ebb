"""Airflow DAG: the ASCMR round of ascmr_round.py on Kubernetes, one SparkKubernetesOperator per task.

The same tasks as ascmr_round.py (ingest_labels -> choose_round -> bootstrap_round | round |
wait_for_labels -> export_selection -> advance_round, evaluate after round): the round runs as
`ascmr round --workspace <ws> --round <n>` (workspace lock, labelled snapshot, warm start), the
first round of a workspace without labels as `ascmr round ... --bootstrap typical` (or random), and
a run waits while none of the last selection has come back labelled. Each task submits a SparkApplication
manifest from deploy/k8s/ (kubeflow spark-operator) with its placeholders filled in: ${WORKSPACE},
${ROUND}, ${INBOX}, ${QUARANTINE} and ${RUN_SUFFIX} (a suffix per Airflow run, so a rerun gets a fresh application
name). The operator waits for the application to finish (apache-airflow-providers-cncf-kubernetes
>= 8; older versions need a SparkKubernetesSensor after each task). Driver/executor resources, the
GPU request and node selector of training, the javacpp cache volume and the bounded restartPolicy
live in the manifests; the batch size is round.budget of conf/k8s-gpu.conf.

Environment: ASCMR_HOME (holds deploy/k8s, and bin/ascmr with its jars for the status check),
ASCMR_WORKSPACE, ASCMR_INBOX and ASCMR_QUARANTINE (s3a:// or hdfs:// paths the pods can reach; the
quarantine defaults to <inbox>-quarantine), ASCMR_NAMESPACE (default ascmr); connection
kubernetes_default. choose_round runs `ascmr status --workspace <ws> --json` on the Airflow worker
(bin/ascmr in Spark local mode, which must reach the workspace: s3a credentials in its environment;
ASCMR_STATUS_COMMAND replaces bin/ascmr, e.g. with a wrapper that runs it in a pod). Round
selection, the bootstrap and wait choices, the quarantine and exit codes as in ascmr_round.py.
"""
from __future__ import annotations

import json
import os
import shlex
import subprocess
from datetime import datetime
from pathlib import Path

from airflow import DAG
from airflow.models import Variable
from airflow.operators.empty import EmptyOperator
from airflow.operators.python import BranchPythonOperator, PythonOperator
from airflow.providers.cncf.kubernetes.operators.spark_kubernetes import SparkKubernetesOperator

ASCMR_HOME = Path(os.environ.get("ASCMR_HOME", "/opt/ascmr"))
MANIFESTS = ASCMR_HOME / "deploy" / "k8s"
NAMESPACE = os.environ.get("ASCMR_NAMESPACE", "ascmr")
NEXT_ROUND = "ascmr_next_round"
ROUND = "{{ (dag_run.conf or {}).get('round', var.value.get('" + NEXT_ROUND + "', '0')) }}"
BOOTSTRAP = "{{ (dag_run.conf or {}).get('bootstrap', 'typical') }}"
WORKSPACE = os.environ.get("ASCMR_WORKSPACE", "s3a://ascmr/workspace")
INBOX = os.environ.get("ASCMR_INBOX", "s3a://ascmr/inbox")
STATUS_COMMAND = shlex.split(os.environ.get("ASCMR_STATUS_COMMAND", str(ASCMR_HOME / "bin" / "ascmr")))
STATUS_CONF = ASCMR_HOME / "conf" / "local.conf"
VALUES = {
    "${WORKSPACE}": WORKSPACE,
    "${INBOX}": INBOX,
    "${QUARANTINE}": os.environ.get("ASCMR_QUARANTINE", INBOX.rstrip("/") + "-quarantine"),
    "${ROUND}": ROUND,
    "${RUN_SUFFIX}": "-{{ ts_nodash | lower }}",
}
# The manifest's last argument line of ascmr-round.yaml, after which bootstrap_round adds its option.
ROUND_ARGUMENT = '    - "${ROUND}"\n'

# task id -> (manifest stage, extra arguments)
TASKS = {
    "ingest_labels": ("ingest-labels", []),
    "bootstrap_round": ("round", ["--bootstrap", BOOTSTRAP]),
    "round": ("round", []),
    "evaluate": ("evaluate", []),
    "export_selection": ("export-selection", []),
}


def manifest(task_id: str) -> str:
    """The task's SparkApplication with placeholders replaced (Jinja parts render at run time)."""
    stage, extra = TASKS[task_id]
    text = (MANIFESTS / f"ascmr-{stage}.yaml").read_text()
    if extra:
        if text.count(ROUND_ARGUMENT) != 1:
            raise ValueError(f"ascmr-{stage}.yaml: expected one argument line {ROUND_ARGUMENT!r}")
        text = text.replace(ROUND_ARGUMENT, ROUND_ARGUMENT + "".join(f'    - "{a}"\n' for a in extra))
        text = text.replace(f'name: "ascmr-{stage}-r', f'name: "ascmr-{task_id.replace("_", "-")}-r')
    for key, value in VALUES.items():
        text = text.replace(key, value)
    return text


def ascmr_task(task_id: str, **kwargs) -> SparkKubernetesOperator:
    return SparkKubernetesOperator(
        task_id=task_id,
        namespace=NAMESPACE,
        application_file=manifest(task_id),
        kubernetes_conn_id="kubernetes_default",
        delete_on_termination=True,
        retries=0,  # the manifests' restartPolicy retries idempotent steps in the cluster
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
    """wait_for_labels, bootstrap_round or round, from the workspace's state (as in ascmr_round.py)."""
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
    Variable.set(NEXT_ROUND, str(this_round(context) + 1))


with DAG(
    dag_id="ascmr_round_k8s",
    description="ASCMR round on Kubernetes (spark-operator)",
    schedule="@daily",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args={"owner": "ascmr"},
    tags=["ascmr", "kubernetes"],
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
