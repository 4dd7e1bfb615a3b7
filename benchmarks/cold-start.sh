#!/usr/bin/env bash
# W12 (BENCHMARKS.md): cold start. The times of calls 1, 10 and 100 of W2's Jit(ValueAndGrad) (1e6 f32) and of W3's
# jitted MLP step, each in a fresh process, relative to that process's steady state (median of calls 301-400),
# pinned to one core (taskset -c 0) and to two (taskset -c 0,1), with the runtime's default settings; and, as the
# check of the one-core steady state, the same with DOTNET_TieredCompilation=0 (every method optimized when first
# compiled). RUNS fresh processes per row (default 3); medians. Prints a markdown table.
#
#   benchmarks/cold-start.sh                  # builds the benchmarks (Release) first
#   RUNS=5 benchmarks/cold-start.sh
#   SKIP_BUILD=1 BUILD_ARTIFACTS=/tmp/fad-bench-build benchmarks/cold-start.sh
set -euo pipefail
HERE=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
BUILD_ARTIFACTS=${BUILD_ARTIFACTS:-/tmp/fad-bench-build}
RUNS=${RUNS:-3}
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  dotnet build "$HERE/Functional.AD.Benchmarks.csproj" -c Release --artifacts-path "$BUILD_ARTIFACTS" --nologo -v q -clp:ErrorsOnly >&2
fi
DLL="$BUILD_ARTIFACTS/bin/Functional.AD.Benchmarks/release/Functional.AD.Benchmarks.dll"
TMP=$(mktemp -d /tmp/fad-cold.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
[ -n "${KEEP_RUNS:-}" ] && trap 'cp "$TMP/runs.jsonl" "$KEEP_RUNS"; rm -rf "$TMP"' EXIT

for w in W2 W3; do
  for cpus in 0 0,1; do
    for tc in default tc0; do
      [ "$tc" = tc0 ] && [ "$cpus" != 0 ] && continue
      for r in $(seq "$RUNS"); do
        if [ "$tc" = tc0 ]; then
          DOTNET_TieredCompilation=0 taskset -c "$cpus" dotnet "$DLL" --cold-start "$w"
        else
          taskset -c "$cpus" dotnet "$DLL" --cold-start "$w"
        fi | sed "s/^{/{\"cpus\": \"$cpus\", \"runtime\": \"$tc\", /" >> "$TMP/runs.jsonl"
      done
    done
  done
done

/usr/bin/python3 - "$TMP/runs.jsonl" "$RUNS" <<'PY'
import json, statistics, sys, subprocess
rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
def med(w, cpus, rt, key):
    v = [r[key] for r in rows if r["workload"] == w and r["cpus"] == cpus and r["runtime"] == rt]
    return statistics.median(v) if v else None
model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
flags = next((l.split(":", 1)[1].split() for l in open("/proc/cpuinfo") if l.startswith("flags")), [])
isa = "AVX-512" if "avx512f" in flags else "AVX2" if "avx2" in flags else "SSE"
print(f"W12 cold start, {__import__('datetime').date.today()}: {model} ({isa}), .NET default runtime settings; medians of {sys.argv[2]} fresh processes per row; "
      "targets: call 10 <= 1.5x, call 100 <= 1.1x steady; 1-core steady within 1.1x of TieredCompilation=0")
print()
print("| workload | cores | call 1 | call 10 | call 100 | steady | call 10 / steady | call 100 / steady | steady / steady with TC=0 |")
print("|---|---|---|---|---|---|---|---|---|")
for w, name in (("W2", "W2 Jit(ValueAndGrad) f32 1e6"), ("W3", "W3 jitted MLP step")):
    tc0 = med(w, "0", "tc0", "steady_ms")
    for cpus, label in (("0", "1 (taskset -c 0)"), ("0,1", "2 (taskset -c 0,1)")):
        s = med(w, cpus, "default", "steady_ms")
        if s is None:
            continue
        c1, c10, c100 = (med(w, cpus, "default", k) for k in ("call1_ms", "call10_ms", "call100_ms"))
        x10, x100 = med(w, cpus, "default", "call10_x"), med(w, cpus, "default", "call100_x")
        vs = f"{s / tc0:.2f}x ({tc0:.2f} ms)" if cpus == "0" and tc0 else ""
        print(f"| {name} | {label} | {c1:.0f} ms | {c10:.2f} ms | {c100:.2f} ms | {s:.2f} ms | {x10:.2f}x | {x100:.2f}x | {vs} |")
    x10t = med(w, "0", "tc0", "call10_x")
    if x10t is not None:
        print(f"| {name}, TieredCompilation=0 | 1 | {med(w, '0', 'tc0', 'call1_ms'):.0f} ms | {med(w, '0', 'tc0', 'call10_ms'):.2f} ms | "
              f"{med(w, '0', 'tc0', 'call100_ms'):.2f} ms | {tc0:.2f} ms | {x10t:.2f}x | {med(w, '0', 'tc0', 'call100_x'):.2f}x | |")
PY
