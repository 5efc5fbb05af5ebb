"""Runs an ASCMR Airflow DAG file without Airflow, for DeployFilesTest and DagRoundsTest.

    python3 dag_runs.py <dag.py> <runs>

Stubs the few Airflow classes the DAGs use, imports the DAG, then simulates <runs> scheduled runs
(no trigger conf): each task in dependency order, a branch following the task its callable returns,
PythonOperator callables executed (so advance_round moves the Variable), Jinja expressions of the
templated fields rendered as Python expressions. Prints one JSON object per run and task:
{"run": i, "task": id, "argv": [...]} for SparkSubmitOperator (the application_args),
{"run": i, "task": id, "manifest": "..."} for SparkKubernetesOperator and
{"run": i, "task": id, "branch": [...]} for a branch's choice. The caller runs the command and
answers each argv/manifest line with one line on stdin, {"code": n}: 0 is success, anything else
fails the task (its downstream tasks do not run). The DAG's ascmr_cli (the read-only ascmr calls
its Python callables make on the worker) is replaced: each call prints
{"run": i, "task": id, "call": [...]} and takes {"code": n, "out": "..."} back.
"""
import importlib.util
import json
import re
import sys
import types

VARIABLES = {}
TASKS = []


class _Var:
    @staticmethod
    def get(key, default_var=None):
        return VARIABLES.get(key, default_var)

    @staticmethod
    def set(key, value):
        VARIABLES[key] = value


class BaseOperator:
    def __init__(self, task_id, trigger_rule="all_success", **kwargs):
        self.task_id = task_id
        self.trigger_rule = trigger_rule
        self.kwargs = kwargs
        self.upstream = []
        TASKS.append(self)

    def __rshift__(self, other):
        for o in other if isinstance(other, list) else [other]:
            o.upstream.append(self)
        return other

    def __rrshift__(self, other):
        for o in other if isinstance(other, list) else [other]:
            self.upstream.append(o)
        return self


class PythonOperator(BaseOperator):
    pass


class BranchPythonOperator(BaseOperator):
    pass


class EmptyOperator(BaseOperator):
    pass


class SparkSubmitOperator(BaseOperator):
    pass


class SparkKubernetesOperator(BaseOperator):
    pass


class DAG:
    def __init__(self, *args, **kwargs):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def _module(name, **attrs):
    m = types.ModuleType(name)
    m.__dict__.update(attrs)
    sys.modules[name] = m
    return m


_module("airflow", DAG=DAG)
_module("airflow.models", Variable=_Var)
_module("airflow.operators")
_module("airflow.operators.empty", EmptyOperator=EmptyOperator)
_module("airflow.operators.python", PythonOperator=PythonOperator, BranchPythonOperator=BranchPythonOperator)
for pkg in ("airflow.providers", "airflow.providers.apache", "airflow.providers.apache.spark",
            "airflow.providers.apache.spark.operators", "airflow.providers.cncf", "airflow.providers.cncf.kubernetes",
            "airflow.providers.cncf.kubernetes.operators"):
    _module(pkg)
_module("airflow.providers.apache.spark.operators.spark_submit", SparkSubmitOperator=SparkSubmitOperator)
_module("airflow.providers.cncf.kubernetes.operators.spark_kubernetes", SparkKubernetesOperator=SparkKubernetesOperator)


class _Obj:
    def __init__(self, **kw):
        self.__dict__.update(kw)


def render(text, context):
    """Renders {{ expr }} and {{ expr | lower }} as the Python expression they also are."""
    def one(m):
        expr, *filters = [p.strip() for p in m.group(1).split("|")]
        value = str(eval(expr, {}, dict(context)))
        for f in filters:
            if f != "lower":
                raise ValueError("filter not supported by this harness: " + f)
            value = value.lower()
        return value
    return re.sub(r"\{\{(.*?)\}\}", one, text)


def _ask(message):
    print(json.dumps(message))
    sys.stdout.flush()
    line = sys.stdin.readline()
    if not line:
        raise SystemExit("no answer on stdin to " + json.dumps(message))
    return json.loads(line)


def main():
    dag_file, runs = sys.argv[1], int(sys.argv[2])
    spec = importlib.util.spec_from_file_location("dag_under_test", dag_file)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    current = {}

    def ascmr_cli(args):
        answer = _ask({"run": current["run"], "task": current["task"], "call": list(args)})
        if answer["code"] != 0:
            raise RuntimeError("ascmr %s exited %d" % (" ".join(args), answer["code"]))
        return answer["out"]

    if hasattr(module, "ascmr_cli"):
        module.ascmr_cli = ascmr_cli
    for run in range(runs):
        dag_run = _Obj(conf={})
        context = {"dag_run": dag_run, "var": _Obj(value=_Var), "ts_nodash": "20260101T00000%d" % run}
        state = {}
        pending = list(TASKS)
        while pending:
            ready = [t for t in pending if all(u.task_id in state for u in t.upstream)]
            if not ready:
                raise ValueError("cycle among " + str([t.task_id for t in pending]))
            for t in ready:
                pending.remove(t)
                ups = [state[u.task_id] for u in t.upstream]
                if t.trigger_rule == "all_success":
                    runs_now = all(s == "success" for s in ups)
                elif t.trigger_rule == "none_failed_min_one_success":
                    runs_now = any(s == "success" for s in ups) and not any(s == "failed" for s in ups)
                else:
                    raise ValueError("trigger rule not supported by this harness: " + t.trigger_rule)
                if not runs_now:
                    state[t.task_id] = "failed" if "failed" in ups else "skipped"
                    continue
                current.update(run=run, task=t.task_id)
                state[t.task_id] = "success"
                if isinstance(t, BranchPythonOperator):
                    chosen = t.kwargs["python_callable"](**context)
                    chosen = [chosen] if isinstance(chosen, str) else list(chosen)
                    for other in TASKS:
                        if t in other.upstream and other.task_id not in chosen:
                            state[other.task_id] = "skipped"
                            pending.remove(other)
                    print(json.dumps({"run": run, "task": t.task_id, "branch": chosen}))
                elif isinstance(t, PythonOperator):
                    t.kwargs["python_callable"](**context)
                elif isinstance(t, EmptyOperator):
                    print(json.dumps({"run": run, "task": t.task_id}))
                else:
                    if isinstance(t, SparkSubmitOperator):
                        message = {"argv": [render(a, context) for a in t.kwargs["application_args"]]}
                    else:
                        message = {"manifest": render(t.kwargs["application_file"], context)}
                    answer = _ask(dict({"run": run, "task": t.task_id}, **message))
                    if answer["code"] != 0:
                        state[t.task_id] = "failed"
    sys.stdout.flush()


if __name__ == "__main__":
    main()
