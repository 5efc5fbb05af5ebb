"""Airflow DAG: the ASCMR round of ascmr_round.py on Kubernetes, one SparkKubernetesOperator per stage.

Each task submits the stage's SparkApplication manifest from deploy/k8s/ (kubeflow spark-operator)
with its placeholders filled in: ${WORKSPACE}, ${ROUND}, ${BUDGET}, ${INBOX} and ${RUN_SUFFIX}
(a suffix per Airflow run, so a rerun gets a fresh application name). The operator waits for the
application to finish (apache-airflow-providers-cncf-kubernetes >= 8; older versions need a
SparkKubernetesSensor after each task). Driver/executor resources, the GPU request and node
selector of training, the javacpp cache volume and the bounded restartPolicy live in the manifests.

Environment: ASCMR_HOME (holds deploy/k8s), ASCMR_WORKSPACE and ASCMR_INBOX (s3a:// or hdfs://
paths the pods can reach), ASCMR_BUDGET, ASCMR_NAMESPACE (default ascmr); connection
kubernetes_default. Round selection and exit codes as in ascmr_round.py.
"""
from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from airflow import DAG
from airflow.models import Variable
from airflow.operators.python import PythonOperator
from airflow.providers.cncf.kubernetes.operators.spark_kubernetes import SparkKubernetesOperator

ASCMR_HOME = Path(os.environ.get("ASCMR_HOME", "/opt/ascmr"))
MANIFESTS = ASCMR_HOME / "deploy" / "k8s"
NAMESPACE = os.environ.get("ASCMR_NAMESPACE", "ascmr")
NEXT_ROUND = "ascmr_next_round"
ROUND = "{{ (dag_run.conf or {}).get('round', var.value.get('" + NEXT_ROUND + "', '0')) }}"
VALUES = {
    "${WORKSPACE}": os.environ.get("ASCMR_WORKSPACE", "s3a://ascmr/workspace"),
    "${INBOX}": os.environ.get("ASCMR_INBOX", "s3a://ascmr/inbox"),
    "${BUDGET}": os.environ.get("ASCMR_BUDGET", "500"),
    "${ROUND}": ROUND,
    "${RUN_SUFFIX}": "-{{ ts_nodash | lower }}",
}


def manifest(stage: str) -> str:
    """The stage's SparkApplication with placeholders replaced (Jinja parts render at run time)."""
    text = (MANIFESTS / f"ascmr-{stage}.yaml").read_text()
    for key, value in VALUES.items():
        text = text.replace(key, value)
    return text


def stage_task(stage: str) -> SparkKubernetesOperator:
    return SparkKubernetesOperator(
        task_id=stage.replace("-", "_"),
        namespace=NAMESPACE,
        application_file=manifest(stage),
        kubernetes_conn_id="kubernetes_default",
        delete_on_termination=True,
        retries=0,  # the manifests' restartPolicy retries idempotent stages in the cluster
    )


def advance_round(**context) -> None:
    conf = context["dag_run"].conf or {}
    current = int(conf.get("round", Variable.get(NEXT_ROUND, default_var="0")))
    Variable.set(NEXT_ROUND, str(current + 1))


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
