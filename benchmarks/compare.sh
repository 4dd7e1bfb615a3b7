#!/usr/bin/env bash
# Functional.AD vs the PyTorch reference, back to back in one session, for W4, W2, W6 and W8 (BENCHMARKS.md).
#
#   benchmarks/compare.sh                 # full run of every workload, ~6-8 minutes
#   benchmarks/compare.sh W6 W8           # only these workloads (same as WORKLOADS="W6 W8")
#   QUICK=1 benchmarks/compare.sh         # smoke run (short BenchmarkDotNet job, --quick references)
#
# Steps: build the benchmark project (Release, private artifacts path), build the fused C anchor into a
# temp dir (W2 only), wait (bounded) for the shared machine to be quiet, run our BenchmarkDotNet suite for
# the selected workloads (one process per workload), then at once their reference scripts from bench-ref/
# (1 thread, one process per script), and print one markdown table per selected workload.
#
# Environment knobs:
#   WORKLOADS="W6 W8"    which workloads to run and report (default: all of W4 W2 W6 W8; arguments override)
#   QUICK=1              short runs (numbers are rough)
#   REF_DIR=...          reference scripts (default ../shared/bench-ref beside the repository; nothing is written there)
#   BUILD_ARTIFACTS=...  dotnet --artifacts-path (default /tmp/fad-bench-build; keeps clear of other builds)
#   RESULTS=...          where reports go (default benchmarks/BenchmarkDotNet.Artifacts, gitignored)
#   QUIET_WAIT=180       seconds to wait at most for other processes to use < 0.3 cores (0: don't wait)
#   OURS_ENV="A=1 B=2"   extra environment for our run, e.g. DOTNET_PROCESSOR_COUNT=1 (default: none)
#   PIN_CPU=1            run ours and the references under `taskset -c $PIN_CPU` (default: not pinned)
#   REF_ENV="A=1 B=2"    replace the reference tuning variables chosen below
#   SKIP_OURS=1 / SKIP_REF=1   reuse the previous results of that side (re-print the tables)
set -euo pipefail

HERE=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
PY=/usr/bin/python3                      # the system Python has torch 1.13 + functorch + numpy
REF_DIR=${REF_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/shared/bench-ref}
BUILD_ARTIFACTS=${BUILD_ARTIFACTS:-/tmp/fad-bench-build}
RESULTS=${RESULTS:-$HERE/BenchmarkDotNet.Artifacts}
QUIET_WAIT=${QUIET_WAIT:-180}
QUICK=${QUICK:-0}
CMP="$PY $HERE/compare.py"

# --- workload selection: our benchmark class and the reference script of each ------------------------
declare -A BDN_CLASS=([W4]=W4SmallOpsBenchmarks [W2]=W2ElementwiseBenchmarks [W6]=W6PerExampleBenchmarks [W8]=W8JacobianBenchmarks)
declare -A REF_SCRIPT=([W4]=w4_small_ops [W2]=w2_elementwise [W6]=w6_per_example [W8]=w8_jacobian)
if [ $# -gt 0 ]; then WORKLOADS="$*"; fi
WORKLOADS=$(echo "${WORKLOADS:-W4 W2 W6 W8}" | tr 'a-z,' 'A-Z ')
SELECTED=()
for w in $WORKLOADS; do
  [ -n "${BDN_CLASS[$w]:-}" ] || { echo "compare.sh: unknown workload '$w' (known: W4 W2 W6 W8)" >&2; exit 2; }
  SELECTED+=("$w")
done
has() { [[ " ${SELECTED[*]} " == *" $1 "* ]]; }
TMP=$(mktemp -d /tmp/fad-compare.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$RESULTS/compare"
log() { echo "[compare $(date +%T)] load $(cut -d' ' -f1-3 /proc/loadavg): $*" >&2; }

PIN=()
[ -n "${PIN_CPU:-}" ] && PIN=(taskset -c "$PIN_CPU")
BDN_Q=(); REF_Q=(); FUSED_REPS=51
if [ "$QUICK" = 1 ]; then BDN_Q=(--quick); REF_Q=(--quick); FUSED_REPS=11; fi

# --- reference configuration -------------------------------------------------------------------------
# BENCHMARKS.md's "tuned" anchor (OPENBLAS_CORETYPE=SkylakeX ATEN_CPU_CAPABILITY=avx512) assumes
# AVX-512. On a CPU without it both settings crash with SIGILL (checked on the AMD EPYC box), so
# there the tuned anchor is ATen's AVX2 kernels plus the OpenBLAS kernel set it detects for the CPU
# (Zen on AMD, Haswell on Intel), pinned explicitly so it cannot fall back to a generic core.
# GOMP_SPINCOUNT=1000 only matters for 2 threads; kept to match run_all.sh.
if [ -z "${REF_ENV:-}" ]; then
  if grep -qw avx512f /proc/cpuinfo; then
    REF_ENV="OPENBLAS_CORETYPE=SkylakeX ATEN_CPU_CAPABILITY=avx512 GOMP_SPINCOUNT=1000"; REF_CONFIG=tuned
  elif grep -q AuthenticAMD /proc/cpuinfo; then
    REF_ENV="OPENBLAS_CORETYPE=Zen ATEN_CPU_CAPABILITY=avx2 GOMP_SPINCOUNT=1000"; REF_CONFIG=tuned-avx2
  else
    REF_ENV="OPENBLAS_CORETYPE=Haswell ATEN_CPU_CAPABILITY=avx2 GOMP_SPINCOUNT=1000"; REF_CONFIG=tuned-avx2
  fi
fi
REF_CONFIG=${REF_CONFIG:-custom}

# --- our side: 1 thread ------------------------------------------------------------------------------
# The library runs every workload here on the calling thread (no Parallel/Task/ThreadPool in src/), so a plain run is a
# 1-thread run, like torch.set_num_threads(1), and like the reference it is not pinned (PIN_CPU pins
# both). DOTNET_PROCESSOR_COUNT=1 is deliberately NOT the default: measured here it made W2
# ValueAndGrad 30-45% slower (cause not investigated; not a threading effect, the work is on one thread).
# OURS_ENV="VAR=value ..." adds runtime variables for our run (recorded in the report).
OURS_ENV=${OURS_ENV:-}
export OURS_ENV_DESC="${OURS_ENV:-default runtime settings, workstation concurrent GC}${PIN_CPU:+, taskset -c $PIN_CPU}"

if [ "${SKIP_OURS:-0}" != 1 ]; then
  log "building benchmarks (Release, artifacts in $BUILD_ARTIFACTS)"
  dotnet build "$HERE/Functional.AD.Benchmarks.csproj" -c Release --artifacts-path "$BUILD_ARTIFACTS" \
    --nologo -v q -clp:ErrorsOnly >&2
fi
DLL="$BUILD_ARTIFACTS/bin/Functional.AD.Benchmarks/release/Functional.AD.Benchmarks.dll"

if [ "${SKIP_REF:-0}" != 1 ] && has W2; then
  log "building the fused C anchor (w2_fused.c) in $TMP"
  # as run_all.sh: -fno-builtin-cos* stops GCC merging sin+cos into a scalar sincos call
  gcc -O3 -march=native -ffast-math -fno-builtin-cos -fno-builtin-cosf -fopenmp \
    "$REF_DIR/w2_fused.c" -o "$TMP/w2_fused" -lm -lmvec
fi

if [ "$QUIET_WAIT" != 0 ]; then
  log "waiting up to ${QUIET_WAIT}s for a quiet machine"
  $CMP quiet --max-wait "$QUIET_WAIT"
fi

if [ "${SKIP_OURS:-0}" != 1 ]; then
  # One BenchmarkDotNet process per workload, as each reference script runs in its own Python process: a
  # workload must not inherit another's process state. (It matters: the library's buffer pool keeps idle
  # buffers up to a byte cap and drops, rather than evicts, when full, so after W6 has filled it with its
  # buffer sizes every large W8 buffer is freshly allocated: Analytic 50%, Jacrev 25% slower; see README.)
  for w in "${SELECTED[@]}"; do
    log "ours: BenchmarkDotNet $w (log: $RESULTS/compare/bdn-$w.log)"
    rm -f "$RESULTS"/results/*"${BDN_CLASS[$w]}"*
    # shellcheck disable=SC2086
    env $OURS_ENV $CMP measure --out "$RESULTS/compare/ours-meta-$w.json" --log "$RESULTS/compare/bdn-$w.log" -- \
      "${PIN[@]}" dotnet "$DLL" --filter "*${BDN_CLASS[$w]}*" --artifacts "$RESULTS" "${BDN_Q[@]}" \
      || { log "BenchmarkDotNet failed, see $RESULTS/compare/bdn-$w.log"; tail -30 "$RESULTS/compare/bdn-$w.log" >&2; exit 1; }
  done
fi

if [ "${SKIP_REF:-0}" != 1 ]; then
  log "reference ($REF_CONFIG: $REF_ENV), 1 thread"
  (
    unset OMP_WAIT_POLICY GOMP_SPINCOUNT OPENBLAS_NUM_THREADS OMP_NUM_THREADS MKL_NUM_THREADS \
          OPENBLAS_THREAD_TIMEOUT OPENBLAS_CORETYPE ATEN_CPU_CAPABILITY LD_LIBRARY_PATH
    export REF_CONFIG
    # shellcheck disable=SC2086
    export $REF_ENV
    for w in "${SELECTED[@]}"; do
      s=${REF_SCRIPT[$w]}
      log "  $s.py --threads 1"
      # written to a temp file first: a failed script must not leave a half-written ref-$w.jsonl
      "${PIN[@]}" $PY "$REF_DIR/$s.py" --threads 1 "${REF_Q[@]}" > "$TMP/ref-$w.jsonl"
      if [ "$w" = W2 ]; then
        log "  w2_fused 1 $FUSED_REPS"
        OMP_NUM_THREADS=1 $CMP measure --out "$RESULTS/compare/fused-meta.json" --stdout "$TMP/fused.jsonl" -- \
          "${PIN[@]}" "$TMP/w2_fused" 1 "$FUSED_REPS"
        cat "$TMP/fused.jsonl" >> "$TMP/ref-$w.jsonl"
      fi
      mv "$TMP/ref-$w.jsonl" "$RESULTS/compare/ref-$w.jsonl"
    done
  )
fi

log "report"
$CMP report --bdn "$RESULTS/results" --dir "$RESULTS/compare" --workloads "${SELECTED[@]}" \
  | tee "$RESULTS/compare/table.md"
