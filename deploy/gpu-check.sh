#!/usr/bin/env bash
# deploy/gpu-check.sh: checks the GPU path on a GPU machine in one go (deploy/GPU.md).
#
#   deploy/gpu-check.sh [--out <dir>] [--skip-lib-check] [--cpu-only]
#
# 1. Preflight: an NVIDIA GPU visible to nvidia-smi and the CUDA 11.6 runtime libraries that
#    ND4J's nd4j-cuda-11.6 backend loads; a clear message and exit code 4 if either is missing.
# 2. Builds the classes and resolves two classpaths: the default (nd4j-native, CPU) and -Pcuda
#    (nd4j-cuda-11.6). It compiles rather than packages, so jobs/target/lib keeps one backend.
# 3. Imports the bundled Wikipedia features (test-data/wikipedia) once, then trains one epoch
#    on them with the CUDA backend and once more with the CPU backend, same settings.
# 4. Runs the image encoder (MobileNetV2 through ONNX Runtime, `ascmr bench encode`).
# 5. Prints the device, the ND4J backend that loaded, rows/s of the epoch on GPU and on CPU,
#    and the encoder's images/s.
#
# --out <dir>        where pool, models and logs go (default: work/gpu-check)
# --skip-lib-check   do not look for the CUDA libraries (e.g. they come from a JavaCPP redist jar)
# --cpu-only         only the CPU half (steps 2-5 without CUDA): to try the script, or the baseline
# Environment: MVN (default mvn; e.g. "mvn -o" offline), NVIDIA_SMI (default nvidia-smi), JAVA_HOME,
# GPU_CHECK_HEAP (default 6g).
# Exit codes: 0 done; 2 bad call; 4 no GPU, no CUDA libraries, or the CUDA backend did not load;
# otherwise the exit code of the step that failed (its log is named).
set -euo pipefail

home=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
usage() { sed -n '2,23p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
fail() { echo "gpu-check: $2" >&2; exit "$1"; }

out="$home/work/gpu-check"
lib_check=1
cpu_only=0
while [ $# -gt 0 ]; do
  case "$1" in
    --out) [ $# -ge 2 ] || fail 2 "--out needs a directory"; out=$2; shift ;;
    --skip-lib-check) lib_check=0 ;;
    --cpu-only) cpu_only=1 ;;
    -h|--help) usage; exit 0 ;;
    *) fail 2 "unknown option '$1' (see --help)" ;;
  esac
  shift
done

smi=${NVIDIA_SMI:-nvidia-smi}
mvn=${MVN:-mvn}
java=java
[ -n "${JAVA_HOME:-}" ] && java="$JAVA_HOME/bin/java"

# --- 1. preflight -------------------------------------------------------------------------------
device="none (--cpu-only)"
if [ "$cpu_only" = 0 ]; then
  command -v "$smi" > /dev/null 2>&1 || fail 4 "no NVIDIA driver here ('$smi' not found): this check needs a GPU \
machine with the NVIDIA driver (>= 510.39), the CUDA 11.6 runtime and cuDNN 8.3, see deploy/GPU.md \
(--cpu-only runs the CPU half alone)"
  if ! gpus=$("$smi" --query-gpu=index,name,driver_version,memory.total --format=csv,noheader 2>&1) \
      || [ -z "$gpus" ]; then
    fail 4 "'$smi' found no usable GPU: ${gpus:-no output}"
  fi
  device=$(echo "$gpus" | sed -n 1p)
  echo "gpu-check: GPUs: $(echo "$gpus" | paste -sd ';' -)"
  if [ "$lib_check" = 1 ]; then
    # The sonames nd4j-cuda-11.6 (JavaCPP cuda 11.6-8.3 presets) links against.
    missing=()
    dirs=$(echo "${LD_LIBRARY_PATH:-}" | tr ':' ' ')
    for so in libcudart.so.11.0 libcublas.so.11 libcublasLt.so.11 libcusolver.so.11 libcurand.so.10 \
        libcusparse.so.11; do
      found=0
      if command -v ldconfig > /dev/null 2>&1 && ldconfig -p 2>/dev/null | grep -q " $so "; then found=1; fi
      for d in $dirs /usr/local/cuda/lib64 /usr/local/cuda-11.6/lib64; do
        [ -e "$d/$so" ] && found=1
      done
      [ "$found" = 1 ] || missing+=("$so")
    done
    if [ ${#missing[@]} -gt 0 ]; then
      fail 4 "the CUDA 11.6 runtime libraries are missing: ${missing[*]} (not in ldconfig's cache, \
LD_LIBRARY_PATH or /usr/local/cuda/lib64). Install CUDA 11.6 + cuDNN 8 (or use the image \
nvidia/cuda:11.6.2-cudnn8-runtime-ubuntu20.04, deploy/docker/Dockerfile --build-arg VARIANT=cuda), \
or pass --skip-lib-check if they come another way"
    fi
  fi
fi

mkdir -p "$out"
out=$(cd "$out" && pwd)

# --- 2. build ------------------------------------------------------------------------------------
# dependency:build-classpath writes each module's classpath to the one file; jobs, built last, wins.
# Scope compile includes provided: Spark, which a local run needs (as bin/ascmr's target/lib has it).
classpath() { # $1 = cpu|cuda, then extra mvn options
  local name=$1
  shift
  echo "gpu-check: building ($name backend): $mvn -q -B $* -DskipTests compile dependency:build-classpath" >&2
  (cd "$home" && $mvn -q -B "$@" -DskipTests compile dependency:build-classpath -DincludeScope=compile \
      -DexcludeClassifiers=tests -Dmdep.outputFile="$out/$name.classpath") > "$out/build-$name.log" 2>&1 \
    || fail $? "the $name build failed; see $out/build-$name.log"
  echo "$home/jobs/target/classes:$home/lib/target/classes:$(cat "$out/$name.classpath")"
}
cpu_cp=$(classpath cpu)
[ "$cpu_only" = 1 ] || cuda_cp=$(classpath cuda -Pcuda)

# ND4J's start-up lines name the backend and the device: keep org.nd4j at INFO for these runs.
log4j="$out/log4j2.properties"
{ cat "$home/conf/log4j2.properties"; printf 'logger.nd4j.name = org.nd4j\nlogger.nd4j.level = info\n'; } > "$log4j"

ascmr() { # $1 = classpath, $2 = log file, then the ascmr command
  local cp=$1 log=$2
  shift 2
  # shellcheck disable=SC2086
  "$java" @"$home/conf/jvm-options" -Xmx"${GPU_CHECK_HEAP:-6g}" -Dlog4j2.configurationFile="$log4j" \
    -Dorg.bytedeco.javacpp.cachedir="${ASCMR_JAVACPP_CACHE:-$HOME/.javacpp/cache}" \
    -cp "$cp" org.ascmr.cli.AscmrMain "$@" > "$log" 2>&1 || fail $? "ascmr $1 failed; see $log"
}

# --- 3. one epoch of training on each backend ---------------------------------------------------
pool="$out/wikipedia-pool"
if [ ! -d "$pool" ]; then
  echo "gpu-check: importing test-data/wikipedia into $pool" >&2
  ascmr "$cpu_cp" "$out/import-mat.log" import-mat --mat "$home/test-data/wikipedia/raw_features.mat" \
    --lists "$home/test-data/wikipedia" --out "$pool"
fi
train() { # $1 = cpu|cuda, $2 = classpath; prints the epoch's rows/s
  rm -rf "$out/model-$1"
  echo "gpu-check: training one epoch on the $1 backend" >&2
  ascmr "$2" "$out/train-$1.log" train --pool "$pool" --out "$out/model-$1" --conf "$home/conf/local.conf" \
    --set train.maxEpochs=1
  sed -n 's/.*epoch 1\/1: .* \([0-9][0-9]*\) rows\/s.*/\1/p' "$out/train-$1.log" | tail -1
}
backend() { sed -n 's/.*Loaded \[\([A-Za-z]*\)\] backend.*/\1/p' "$1" | head -1; }

cpu_rows=$(train cpu "$cpu_cp")
cuda_rows="-"
cuda_backend="-"
if [ "$cpu_only" = 0 ]; then
  cuda_rows=$(train cuda "$cuda_cp")
  cuda_backend=$(backend "$out/train-cuda.log")
  [ "$cuda_backend" = "JCublasBackend" ] || fail 4 "the CUDA backend did not load (ND4J loaded \
'${cuda_backend:-nothing}'); see $out/train-cuda.log"
fi

# --- 4. the image encoder -----------------------------------------------------------------------
echo "gpu-check: image encoder (bench encode, mobilenet-v2)" >&2
ascmr "${cuda_cp:-$cpu_cp}" "$out/encode.log" bench encode --pairs "$home/test-data/openclipart" --count 128 \
  --callers 1 --set extract.imageEncoder=mobilenet-v2
images=$(awk '$2 == "images" && $3 == 1 { print $6 }' "$out/encode.log" | head -1)

# --- 5. summary ----------------------------------------------------------------------------------
echo "gpu-check: device      $device"
echo "gpu-check: backend     CUDA run: $cuda_backend; CPU run: $(backend "$out/train-cpu.log")"
echo "gpu-check: train       one epoch on Wikipedia (conf/local.conf): CUDA ${cuda_rows:-?} rows/s, CPU ${cpu_rows:-?} rows/s"
echo "gpu-check: images      mobilenet-v2 through ONNX Runtime (its CPU build; not on the GPU): ${images:-?} images/s, 1 caller"
echo "gpu-check: load        $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?') (other processes share the CPU figures)"
echo "gpu-check: logs        $out"
