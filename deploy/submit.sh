#!/usr/bin/env bash
# deploy/submit.sh: run an ascmr command on YARN or Kubernetes through spark-submit.
#
#   deploy/submit.sh [--dry-run] [--conf <file>] [--set key=value]... \
#                    [--master <m>] [--deploy-mode client|cluster] [--jar <path>] -- <ascmr command> [options]
#
# The spark-submit line is built from a config file (conf/yarn.conf, conf/k8s.conf): master, deploy
# mode and jar from its submit.* keys, every spark.conf.* key as --conf, the JVM options of
# conf/jvm-options in front of spark.{driver,executor}.extraJavaOptions. If the ascmr command has
# its own --conf/--set, those are used (one config for the submit line and the job). In cluster
# mode the conf file travels with --files (YARN) or is read from submit.remoteConfDir (K8s image).
# --master/--deploy-mode/--jar are shorthands for --set submit.master=... etc.
#
# --dry-run prints the command instead of running it (bin/ascmr --print-submit uses this).
# Exit codes: those of spark-submit (= the ascmr driver's in cluster mode on YARN with
# spark.yarn.submit.waitAppCompletion=true and in client mode); 2 for a bad call or config.
#
# The line is built by a small Java class (org.ascmr.cli.SubmitLine) so that the config is parsed
# and checked by the very code the job uses. Classpath: $ASCMR_CLASSPATH, else the local build
# (jobs/target/ascmr-jobs.jar + jobs/target/lib), else the cluster jar + $SPARK_HOME/jars.
set -euo pipefail

home=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

usage() { sed -n '2,23p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

dry=0
conf=()
sets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) dry=1 ;;
    --conf) [ $# -ge 2 ] || { echo "submit.sh: --conf needs a file" >&2; exit 2; }; conf=(--conf "$2"); shift ;;
    --set) [ $# -ge 2 ] || { echo "submit.sh: --set needs key=value" >&2; exit 2; }; sets+=(--set "$2"); shift ;;
    --master) [ $# -ge 2 ] || { echo "submit.sh: --master needs a value" >&2; exit 2; }; sets+=(--set "submit.master=$2"); shift ;;
    --deploy-mode) [ $# -ge 2 ] || { echo "submit.sh: --deploy-mode needs a value" >&2; exit 2; }; sets+=(--set "submit.deployMode=$2"); shift ;;
    --jar) [ $# -ge 2 ] || { echo "submit.sh: --jar needs a path" >&2; exit 2; }; sets+=(--set "submit.jar=$2"); shift ;;
    -h|--help) usage; exit 0 ;;
    --) shift; break ;;
    *) echo "submit.sh: unknown option '$1' (the ascmr command goes after --)" >&2; exit 2 ;;
  esac
  shift
done
# OpenBLAS's SkylakeX kernels return a wrong dsyev on Intel AVX-512 CPUs, which silently broke
# the input whitening and CCA (docs/operations.md#openblas-on-intel-avx-512): use the Haswell
# kernels, as AMD CPUs do, wherever the CPU has AVX2 and the caller has not chosen a core type.
if [ -z "${OPENBLAS_CORETYPE:-}" ] && grep -qw avx2 /proc/cpuinfo 2>/dev/null; then
  export OPENBLAS_CORETYPE=Haswell
fi
if [ $# -eq 0 ]; then
  echo "submit.sh: no ascmr command; usage: deploy/submit.sh [--dry-run] --conf <file> -- <command> [options]" >&2
  exit 2
fi

if [ -n "${ASCMR_CLASSPATH:-}" ]; then
  cp="$ASCMR_CLASSPATH"
elif [ -f "$home/jobs/target/ascmr-jobs.jar" ] && [ -d "$home/jobs/target/lib" ]; then
  cp="$home/jobs/target/ascmr-jobs.jar:$home/jobs/target/lib/*"
elif [ -f "$home/jobs/target/ascmr-jobs-cluster.jar" ] && [ -n "${SPARK_HOME:-}" ]; then
  cp="$home/jobs/target/ascmr-jobs-cluster.jar:$SPARK_HOME/jars/*"
else
  echo "submit.sh: build first: mvn -q package -DskipTests (or -Pcluster with SPARK_HOME set)" >&2
  exit 2
fi
java=java
[ -n "${JAVA_HOME:-}" ] && java="$JAVA_HOME/bin/java"

submit_line() { # $1 = shell (readable, quoted) or nul (argv for exec); then the ascmr command
  local format=$1
  shift
  "$java" -cp "$cp" org.ascmr.cli.SubmitLine --home "$home" --jvm-options "$home/conf/jvm-options" \
    ${conf[@]+"${conf[@]}"} ${sets[@]+"${sets[@]}"} --format "$format" -- "$@"
}

if [ "$dry" = 1 ]; then
  submit_line shell "$@"
  exit 0
fi

argv_file=$(mktemp)
trap 'rm -f "$argv_file"' EXIT
submit_line nul "$@" > "$argv_file"
mapfile -d '' -t cmd < "$argv_file"
rm -f "$argv_file"
trap - EXIT
echo "submit.sh: ${cmd[0]} --master ${cmd[2]} --deploy-mode ${cmd[4]} ... $*" >&2
exec "${cmd[@]}"
