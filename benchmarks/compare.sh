#!/usr/bin/env bash
# Functional.AD vs the PyTorch reference, back to back in one session, for W1-W8 (BENCHMARKS.md),
# at 1 and 2 threads.
#
#   benchmarks/compare.sh                 # full run of every workload at 1 and 2 threads (roughly half an hour)
#   benchmarks/compare.sh W7              # gradient checkpointing: times and retained memory (about 2 minutes)
#   benchmarks/compare.sh W6 W8           # only these workloads (same as WORKLOADS="W6 W8")
#   benchmarks/compare.sh W2 W12          # W12: the cold-start table of benchmarks/cold-start.sh (ours only)
#   THREADS=1 benchmarks/compare.sh W3    # one thread count only
#   QUICK=1 benchmarks/compare.sh         # smoke run (short BenchmarkDotNet job, --quick references)
#
# Steps: build the benchmark project (Release, private artifacts path), build the C anchors into a temp dir
# (w2_fused.c for W2, peak_fma.c for W1), wait (bounded) for the shared machine to be quiet, run our
# BenchmarkDotNet suite for the selected workloads (one process per workload, every thread count in it as
# the benchmark parameter Threads = Parallelism.MaxThreads), then at once their reference scripts from
# bench-ref/ (one process per script and thread count, `--threads t`, plus REF_ARGS: W7 gets `--mem` for
# torch's peak memory), and print one markdown table per selected workload with a block of rows per thread
# count (W7: a time table and a memory table; our retained memory is the W7-MEMORY line our W7 GlobalSetup
# prints into bdn-W7.log).
#
# Environment knobs:
#   WORKLOADS="W6 W8"    which workloads to run and report (default: all of W1 W2 W3 W4 W5 W6 W7 W8; arguments override)
#   THREADS="1 2"        thread counts, ours (FAD_BENCH_THREADS -> Parallelism.MaxThreads) and the references'
#   QUICK=1              short runs (numbers are rough)
#   REF_DIR=...          reference scripts (default ../shared/bench-ref beside the repository; nothing is written there)
#   BUILD_ARTIFACTS=...  dotnet --artifacts-path (default /tmp/fad-bench-build; keeps clear of other builds)
#   RESULTS=...          where reports go (default benchmarks/BenchmarkDotNet.Artifacts, gitignored)
#   QUIET_WAIT=180       seconds to wait at most for other processes to use < 0.3 cores (0: don't wait)
#   OURS_ENV="A=1 B=2"   extra environment for our run, e.g. DOTNET_PROCESSOR_COUNT=1 (default: none)
#   PIN_CPU=1            run ours and the references under `taskset -c $PIN_CPU` at every thread count (default: the
#                        protocol of BENCHMARKS.md: t threads run pinned to cores 0..t-1, `taskset -c 0` for one thread
#                        and `taskset -c 0,1` for two, each thread count in its own process; PIN_CPU=none: unpinned)
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
declare -A BDN_CLASS=([W1]=W1GemmBenchmarks [W2]=W2ElementwiseBenchmarks [W3]=W3MlpBenchmarks
                      [W4]=W4SmallOpsBenchmarks [W5]=W5HvpBenchmarks [W6]=W6PerExampleBenchmarks
                      [W7]=W7CheckpointBenchmarks [W8]=W8JacobianBenchmarks)
declare -A REF_SCRIPT=([W1]=gemm [W2]=w2_elementwise [W3]=w3_mlp [W4]=w4_small_ops [W5]=w5_hvp
                       [W6]=w6_per_example [W7]=w7_checkpoint [W8]=w8_jacobian)
# extra arguments of a reference script (w7_checkpoint.py --mem: torch's peak memory, profiler and RSS, ~15 s more)
declare -A REF_ARGS=([W7]=--mem)
ALL_WORKLOADS="W1 W2 W3 W4 W5 W6 W7 W8"
if [ $# -gt 0 ]; then WORKLOADS="$*"; fi
WORKLOADS=$(echo "${WORKLOADS:-$ALL_WORKLOADS}" | tr 'a-z,' 'A-Z ')
SELECTED=()
COLD_START=0
for w in $WORKLOADS; do
  if [ "$w" = W12 ]; then COLD_START=1; continue; fi   # cold start: benchmarks/cold-start.sh, after the others
  [ -n "${BDN_CLASS[$w]:-}" ] || { echo "compare.sh: unknown workload '$w' (known: $ALL_WORKLOADS)" >&2; exit 2; }
  SELECTED+=("$w")
done
THREADS=$(echo "${THREADS:-1 2}" | tr ',' ' ')
for t in $THREADS; do
  [[ "$t" =~ ^[1-9][0-9]*$ ]] || { echo "compare.sh: THREADS='$THREADS': expected thread counts >= 1" >&2; exit 2; }
done
has() { [[ " ${SELECTED[*]} " == *" $1 "* ]]; }
TMP=$(mktemp -d /tmp/fad-compare.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$RESULTS/compare"
log() { echo "[compare $(date +%T)] load $(cut -d' ' -f1-3 /proc/loadavg): $*" >&2; }

# The cores a run with t threads is pinned to: 0..t-1 (BENCHMARKS.md), or PIN_CPU for all, or none.
pin_for() {
  if [ "${PIN_CPU:-}" = none ]; then echo ""; elif [ -n "${PIN_CPU:-}" ]; then echo "$PIN_CPU"; else seq -s, 0 $(($1 - 1)); fi
}
pin_cmd() { local c; c=$(pin_for "$1"); if [ -n "$c" ]; then echo "taskset -c $c"; fi; }
CPU_FLAGS=$(grep -m1 '^flags' /proc/cpuinfo | tr ' ' '\n' | grep -E '^(avx512f|avx512bw|avx512dq|avx512vl|avx2|fma)$' | tr '\n' ' ')
export PROTOCOL_DESC="CPU flags: ${CPU_FLAGS:-none of avx2/avx512f}; pinning: $(for t in $THREADS; do printf '%s threads %s; ' "$t" "$(pin_cmd "$t" || true)"; done | sed 's/; $//')"
BDN_Q=(); REF_Q=(); FUSED_REPS=51; PEAK_REPS=9
if [ "$QUICK" = 1 ]; then BDN_Q=(--quick); REF_Q=(--quick); FUSED_REPS=11; PEAK_REPS=3; fi

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
export REF_CONFIG

# --- our side: THREADS via the benchmark parameter Threads ------------------------------------------
# Every benchmark class has a parameter Threads (values from FAD_BENCH_THREADS) that sets
# Parallelism.MaxThreads, the library's thread budget (like torch.set_num_threads), before its GlobalSetup
# builds anything; one BenchmarkDotNet process runs a workload at every thread count. Like the reference it
# is not pinned (PIN_CPU pins both; then 2 threads share the pinned CPUs). DOTNET_PROCESSOR_COUNT=1 is
# deliberately NOT set: measured here it made W2 ValueAndGrad 30-45% slower, and it would hide the second
# core from the 2-thread runs. OURS_ENV="VAR=value ..." adds runtime variables for our run (recorded in the
# report).
OURS_ENV=${OURS_ENV:-}
export OURS_ENV_DESC="${OURS_ENV:-default runtime settings, workstation concurrent GC}, one process per thread count"

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
if [ "${SKIP_REF:-0}" != 1 ] && has W1; then
  log "building the peak FMA probe (peak_fma.c) in $TMP"
  if grep -qw avx512f /proc/cpuinfo; then
    cp "$REF_DIR/peak_fma.c" "$TMP/peak_fma.c"
  else
    # peak_fma.c assumes AVX-512: without it, its AVX-512 kernels neither compile under -march=native nor run,
    # and its 16 accumulators do not fit the 16 ymm registers (GCC spills 3 of them: the AVX2 "peak" came out
    # at 63 instead of 110 GFLOP/s fp32 on the Zen 3 box, below OpenBLAS). A patched copy (compare.py
    # peak-src) builds the AVX-512 kernels for avx512f only, drops their runs and uses 12 accumulators.
    $CMP peak-src --src "$REF_DIR/peak_fma.c" --out "$TMP/peak_fma.c"
  fi
  gcc -O3 -march=native -fopenmp "$TMP/peak_fma.c" -o "$TMP/peak_fma"
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
  # One process per workload and thread count, pinned as the reference is (pin_for): a one-thread run shares its
  # core with the runtime's own threads (tiered JIT, GC), as in a one-CPU container.
  for w in "${SELECTED[@]}"; do
    for t in $THREADS; do
      log "ours: BenchmarkDotNet $w, $t threads, $(pin_cmd "$t" || echo unpinned) (log: $RESULTS/compare/bdn-$w-T$t.log)"
      rm -f "$RESULTS/bdn/T$t"/results/*"${BDN_CLASS[$w]}"*
      # shellcheck disable=SC2086,SC2046
      env FAD_BENCH_THREADS="$t" $OURS_ENV $CMP measure --out "$RESULTS/compare/ours-meta-$w-T$t.json" --log "$RESULTS/compare/bdn-$w-T$t.log" -- \
        $(pin_cmd "$t") dotnet "$DLL" --filter "*${BDN_CLASS[$w]}*" --artifacts "$RESULTS/bdn/T$t" "${BDN_Q[@]}" \
        || { log "BenchmarkDotNet failed, see $RESULTS/compare/bdn-$w-T$t.log"; tail -30 "$RESULTS/compare/bdn-$w-T$t.log" >&2; exit 1; }
      cp "$RESULTS/compare/ours-meta-$w-T$t.json" "$RESULTS/compare/ours-meta-$w.json"
      cat "$RESULTS/compare/bdn-$w-T$t.log" >> "$RESULTS/compare/bdn-$w.log.new"
    done
    mv "$RESULTS/compare/bdn-$w.log.new" "$RESULTS/compare/bdn-$w.log"
  done
fi

if [ "${SKIP_REF:-0}" != 1 ]; then
  log "reference ($REF_CONFIG: $REF_ENV), threads: $THREADS"
  (
    # as run_all.sh: a clean OpenMP/OpenBLAS environment; _refharness.py sets OMP_NUM_THREADS,
    # OPENBLAS_NUM_THREADS and MKL_NUM_THREADS to --threads before torch/numpy load, and REF_ENV keeps
    # GOMP_SPINCOUNT=1000 (torch's spinning OpenMP workers otherwise fight OpenBLAS's on 2 vCPUs)
    unset OMP_WAIT_POLICY GOMP_SPINCOUNT OPENBLAS_NUM_THREADS OMP_NUM_THREADS MKL_NUM_THREADS \
          OPENBLAS_THREAD_TIMEOUT OPENBLAS_CORETYPE ATEN_CPU_CAPABILITY LD_LIBRARY_PATH
    export REF_CONFIG
    # shellcheck disable=SC2086
    export $REF_ENV
    for w in "${SELECTED[@]}"; do
      s=${REF_SCRIPT[$w]}
      # written to a temp file first: a failed script must not leave a half-written ref-$w.jsonl
      : > "$TMP/ref-$w.jsonl"
      for t in $THREADS; do
        log "  $s.py --threads $t"
        # shellcheck disable=SC2086
        $(pin_cmd "$t") $PY "$REF_DIR/$s.py" --threads "$t" "${REF_Q[@]}" ${REF_ARGS[$w]:-} >> "$TMP/ref-$w.jsonl"
        if [ "$w" = W2 ]; then
          log "  w2_fused $t $FUSED_REPS"
          OMP_NUM_THREADS=$t $CMP measure --out "$RESULTS/compare/fused-meta-T$t.json" --stdout "$TMP/fused.jsonl" -- \
            $(pin_cmd "$t") "$TMP/w2_fused" "$t" "$FUSED_REPS"
          cat "$TMP/fused.jsonl" >> "$TMP/ref-$w.jsonl"
        fi
        if [ "$w" = W1 ]; then
          log "  peak_fma $t $PEAK_REPS"
          OMP_NUM_THREADS=$t $CMP measure --out "$RESULTS/compare/peak-meta-T$t.json" --stdout "$TMP/peak.jsonl" -- \
            $(pin_cmd "$t") "$TMP/peak_fma" "$t" "$PEAK_REPS"
          cat "$TMP/peak.jsonl" >> "$TMP/ref-$w.jsonl"
        fi
      done
      mv "$TMP/ref-$w.jsonl" "$RESULTS/compare/ref-$w.jsonl"
    done
  )
fi

if [ ${#SELECTED[@]} -gt 0 ]; then
  log "report"
  # shellcheck disable=SC2086
  $CMP report --bdn "$RESULTS/bdn" --dir "$RESULTS/compare" --workloads "${SELECTED[@]}" --threads $THREADS \
    | tee "$RESULTS/compare/table.md"
fi

if [ "$COLD_START" = 1 ]; then
  log "W12 cold start (benchmarks/cold-start.sh)"
  SKIP_BUILD=1 BUILD_ARTIFACTS="$BUILD_ARTIFACTS" "$HERE/cold-start.sh" | tee "$RESULTS/compare/cold-start.md"
fi
