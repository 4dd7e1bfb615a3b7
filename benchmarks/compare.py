#!/usr/bin/python3
"""Helper for compare.sh: run a command while measuring other processes' CPU load, wait for a quiet
machine, and merge BenchmarkDotNet's JSON reports with the reference JSON lines into markdown tables.

  compare.py quiet   --max-wait S [--threshold CORES]
  compare.py measure --out META.json [--stdout FILE] [--log FILE] -- CMD ARGS...
  compare.py report  --bdn DIR --dir COMPARE_DIR [--workloads W1 W2 ...] [--threads 1 2]
  compare.py peak-src --src bench-ref/peak_fma.c --out PATCHED.c   (AVX2-only CPUs, see cmd_peak_src)

report reads, for each selected workload W, COMPARE_DIR/ref-W.jsonl (the reference's JSON lines, every
thread count, each line carrying its "threads") and COMPARE_DIR/ours-meta-W.json (the foreign load of the
BenchmarkDotNet run that produced our numbers, all thread counts of W in one process), plus, for W7,
COMPARE_DIR/bdn-W7.log (the "W7-MEMORY {json}" lines our W7 GlobalSetup prints: retained bytes per thread count),
COMPARE_DIR/fused-meta-T<t>.json (W2's C anchor) and peak-meta-T<t>.json (W1's peak FMA probe), and prints
one table per selected workload with one block of rows per thread count. Our rows are matched by
BenchmarkDotNet's parameters (Threads=t plus the workload's own, e.g. Dtype=Float32, N=512).

Standard library only. foreign_load is computed as bench-ref/_refharness.py does it: CPU time used by
the whole machine (/proc/stat) minus the CPU time of the measured command, divided by wall time
(0 = nobody else ran, 1 = one core was busy elsewhere).
"""
import argparse
import datetime
import glob
import json
import os
import platform
import subprocess
import sys
import time


# ----------------------------------------------------------------------------------------- load
def busy_seconds():
    f = [int(v) for v in open("/proc/stat").readline().split()[1:]]
    return (sum(f) - f[3] - f[4]) / os.sysconf("SC_CLK_TCK")


def children_cpu():
    t = os.times()
    return t.children_user + t.children_system


def cmd_quiet(a):
    """Wait until other processes use less than --threshold cores over a 3 s window."""
    deadline = time.time() + a.max_wait
    while True:
        b0, w0 = busy_seconds(), time.perf_counter()
        time.sleep(3)
        load = (busy_seconds() - b0) / (time.perf_counter() - w0)
        if load < a.threshold or time.time() >= deadline:
            state = "quiet" if load < a.threshold else "still busy, going ahead"
            print(f"machine load {load:.2f} cores ({state})", file=sys.stderr)
            return 0
        print(f"machine load {load:.2f} cores > {a.threshold}: waiting", file=sys.stderr)
        time.sleep(7)


def cmd_measure(a):
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
    out = open(a.stdout, "w") if a.stdout else None
    log = open(a.log, "w") if a.log else None
    b0, c0, w0 = busy_seconds(), children_cpu(), time.perf_counter()
    rc = subprocess.call(cmd, stdout=out or log or None, stderr=log or None)
    wall = time.perf_counter() - w0
    own = children_cpu() - c0
    other = busy_seconds() - b0 - own
    meta = {
        "cmd": " ".join(cmd),
        "rc": rc,
        "wall_s": round(wall, 3),
        "own_cpu_s": round(own, 3),
        "foreign_load": round(max(0.0, other / wall), 3) if wall > 0.05 else None,
    }
    with open(a.out, "w") as f:
        json.dump(meta, f)
    print(f"  {os.path.basename(cmd[0])}: rc={rc} wall={wall:.1f}s foreign_load={meta['foreign_load']}", file=sys.stderr)
    return rc


# ----------------------------------------------------------------------------------------- peak probe
AVX2_ACCUMULATORS = r'''#undef DECL16
#undef STEP16
#undef SUM16
#define DECL16(T, init)                                                         \
  T c0 = init(0), c1 = init(1), c2 = init(2), c3 = init(3), c4 = init(4),       \
    c5 = init(5), c6 = init(6), c7 = init(7), c8 = init(8), c9 = init(9),       \
    c10 = init(10), c11 = init(11);
#define STEP16(F)                                                               \
  c0 = F(c0, m, a); c1 = F(c1, m, a); c2 = F(c2, m, a); c3 = F(c3, m, a);       \
  c4 = F(c4, m, a); c5 = F(c5, m, a); c6 = F(c6, m, a); c7 = F(c7, m, a);       \
  c8 = F(c8, m, a); c9 = F(c9, m, a); c10 = F(c10, m, a); c11 = F(c11, m, a);
#define SUM16(ADD)                                                              \
  ADD(ADD(ADD(c0, c1), ADD(c2, c3)),                                            \
      ADD(ADD(ADD(c4, c5), ADD(c6, c7)), ADD(ADD(c8, c9), ADD(c10, c11))))

'''


def cmd_peak_src(a):
    """Writes a copy of bench-ref/peak_fma.c that measures the AVX2 peak correctly on a CPU without AVX-512.
    The original assumes AVX-512: (1) its AVX-512 kernels do not compile under -march=native there and would
    die of SIGILL -> they are compiled for target("avx512f") only and their runs dropped; (2) its 16 accumulator
    chains fit the 32 zmm registers but not the 16 ymm registers of AVX2, so GCC spills 3 of them to the stack
    inside the AVX2 loops (store-forwarding latency on the critical path: measured 63 instead of 110 GFLOP/s
    fp32 on the 3.4 GHz Zen 3 box, below what OpenBLAS reaches) -> 12 chains (still more than the 2 FMA pipes
    x 4-5 cycles latency needs); NACC follows, so the flop counts stay right. Fails if the source changed."""
    import re
    s = open(a.src).read()
    for old, new in (("#define NACC 16", "#define NACC 12"), ("#define I512S(i)", AVX2_ACCUMULATORS + "#define I512S(i)")):
        if s.count(old) != 1:
            print(f"peak-src: '{old}' not found once in {a.src}", file=sys.stderr)
            return 1
        s = s.replace(old, new)
    s, k = re.subn(r"^__attribute__\(\(noinline\)\) static (float|double) k_f(32|64)_512",
                   r'__attribute__((noinline, target("avx512f"))) static \1 k_f\2_512', s, flags=re.M)
    lines = s.split("\n")
    kept = [l for l in lines if 'run("c-avx512-' not in l]
    if k != 2 or len(lines) - len(kept) != 2:
        print(f"peak-src: expected 2 AVX-512 kernels and 2 runs in {a.src}, found {k} and {len(lines) - len(kept)}",
              file=sys.stderr)
        return 1
    open(a.out, "w").write("\n".join(kept))
    return 0


# ----------------------------------------------------------------------------------------- report
def parse_params(text):
    """BenchmarkDotNet's "N=64&Dtype=Float32&Threads=1" -> frozenset of (name, value) pairs."""
    return frozenset(tuple(p.split("=", 1)) for p in (text or "").split("&") if "=" in p)


def load_bdn(folder):
    """{(Type, Method, frozenset(params)) -> benchmark dict} from every *-report-full.json under folder."""
    rows, host = {}, {}
    for path in glob.glob(os.path.join(folder, "**", "*-report-full.json"), recursive=True):
        d = json.load(open(path))
        host = d.get("HostEnvironmentInfo", host)
        for b in d["Benchmarks"]:
            rows[(b["Type"], b["Method"], parse_params(b.get("Parameters")))] = b
    return rows, host


def ref_key(workload, impl, dtype, model, threads, n):
    return (workload, impl, dtype, model, int(threads) if threads is not None else None, n)


def load_ref(paths):
    """{(workload, impl, dtype, model, threads, n) -> line} and the meta lines, from the JSON-lines files that
    exist (n only for the GEMM lines, whose sizes differ; None elsewhere)."""
    rows, meta = {}, []
    for path in paths:
        if not os.path.exists(path):
            continue
        for line in open(path):
            line = line.strip()
            if not line.startswith("{"):
                continue
            d = json.loads(line)
            if d["workload"] == "meta":
                meta.append(d)
            else:
                n = d.get("n") if d["workload"] == "B.gemm" else None
                rows[ref_key(d["workload"], d["impl"], d.get("dtype"), d.get("model"), d.get("threads"), n)] = d
    return rows, meta


def fmt(v, digits=3):
    if v is None:
        return "n/a"
    if v >= 100:
        return f"{v:.0f}"
    if v >= 10:
        return f"{v:.1f}"
    return f"{v:.{digits}g}" if v < 1 else f"{v:.2f}"


def fmt_bytes(b):
    if b is None:
        return "n/a"
    if b >= 1 << 20:
        return f"{b / (1 << 20):.1f} MiB"
    if b >= 1 << 10:
        return f"{b / 1024:.1f} KiB"
    return f"{b:.0f} B"


def lscpu_model():
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        info = dict(l.split(":", 1) for l in out.splitlines() if ":" in l)
        model = info.get("Model name", "?").strip()
        cpus = info.get("CPU(s)", "?").strip()
        flags = info.get("Flags", "")
        isa = "AVX-512" if "avx512f" in flags else ("AVX2+FMA" if "avx2" in flags and "fma" in flags else "no AVX2")
        return f"{model}, {cpus} vCPU, {isa}, {platform.system()} {platform.release()}"
    except OSError:
        return platform.processor() or "?"


class Table:
    """One markdown table: ours vs a reference per row, with the thread count of both sides. `extra` names
    additional columns (e.g. the time relative to f for ours and for the reference), filled per row by
    add(..., extra=(a, b, ...)); a number is printed as a multiple ("1.23x"), a string as it is.
    `ratio` names the ratio column (ours/ref unless the unit is a rate)."""

    def __init__(self, title, unit, extra=(), note=None, ratio="ratio ours/ref"):
        self.title, self.unit, self.extra, self.note, self.ratio, self.rows = title, unit, tuple(extra), note, ratio, []

    def add(self, threads, variant, ours, ref_impl, ref, target, ok, alloc=None, ref_load=None, extra=()):
        ratio = ours / ref if ours is not None and ref else None
        self.rows.append((threads, variant, ours, ref_impl, ref, ratio, target, ok, alloc, ref_load, tuple(extra)))

    def render(self):
        u = self.unit
        xh = "".join(f" {h} |" for h in self.extra)
        out = [f"### {self.title}", ""]
        if self.note:
            out += [self.note, ""]
        out += [f"| workload | threads | variant | ours median ({u}) | reference | reference median ({u}) | {self.ratio} | target | met |"
                f"{xh} ours alloc/call | ref foreign_load |",
                "|---|---:|---|---:|---|---:|---:|---|---|" + "---:|" * len(self.extra) + "---:|---:|"]
        for threads, variant, ours, ref_impl, ref, ratio, target, ok, alloc, ref_load, extra in self.rows:
            if ok is None:
                met = ""
            elif isinstance(ok, str):
                met = ok
            else:
                met = "yes" if ok else "**NO**"
            rl = "n/a" if ref_load is None else f"{ref_load:.2f}"
            xs = list(extra) + [None] * (len(self.extra) - len(extra))
            xv = "".join(f" {'' if v is None else (v if isinstance(v, str) else f'{v:.2f}x')} |" for v in xs)
            out.append(f"| {self.title.split()[0]} | {threads} | {variant} | {fmt(ours)} | {ref_impl} | {fmt(ref)} | "
                       f"{fmt_ratio(ratio)} | {target} | {met} |{xv} "
                       f"{'n/a' if alloc is None else alloc} | {rl} |")
        return "\n".join(out)


def fmt_ratio(r):
    if r is None:
        return "n/a"
    return f"{r:.2g}x" if r < 0.1 else f"{r:.2f}x"


def div(a, b):
    return a / b if a is not None and b else None


def judge(value, limit, upper=True):
    """value <= limit (upper) or value >= limit; None when either is unknown."""
    if value is None or limit is None:
        return None
    return value <= limit if upper else value >= limit


def ms(ns):
    return None if ns is None else ns / 1e6


def us(ns):
    return None if ns is None else ns / 1e3


WORKLOADS = ("W1", "W2", "W3", "W4", "W5", "W6", "W7", "W8")


W7_MEMORY_MARKER = "W7-MEMORY "   # W7CheckpointBenchmarks.MemoryMarker


def load_w7_memory(path):
    """{threads -> memory dict} from the "W7-MEMORY {json}" lines of our W7 BenchmarkDotNet log (the last line
    per thread count wins); {} when the log is missing."""
    mem = {}
    if os.path.exists(path):
        for line in open(path, errors="replace"):
            i = line.find(W7_MEMORY_MARKER)
            if i >= 0:
                try:
                    d = json.loads(line[i + len(W7_MEMORY_MARKER):])
                except ValueError:
                    continue
                mem[int(d["threads"])] = d
    return mem


class Context:
    """Lookups shared by the per-workload reports."""

    def __init__(self, a, selected):
        self.bdn, self.host = load_bdn(a.bdn)
        self.ref, self.meta = load_ref([os.path.join(a.dir, f"ref-{w}.jsonl") for w in selected])
        self.threads = [int(t) for t in a.threads]

        def read_json(name):
            path = os.path.join(a.dir, name)
            return json.load(open(path)) if os.path.exists(path) else {}

        self.ours_meta = {w: read_json(f"ours-meta-{w}.json") for w in selected}
        self.fused_meta = {t: read_json(f"fused-meta-T{t}.json") for t in self.threads}
        self.peak_meta = {t: read_json(f"peak-meta-T{t}.json") for t in self.threads}
        self.w7_memory = load_w7_memory(os.path.join(a.dir, "bdn-W7.log")) if "W7" in selected else {}

    def ours(self, typ, method, threads, **params):
        """(median ns, bytes allocated per operation) of our benchmark, or (None, None)."""
        key = frozenset([("Threads", str(threads))] + [(k, str(v)) for k, v in params.items()])
        b = self.bdn.get((typ, method, key))
        if b is None:
            return None, None
        return b["Statistics"]["Median"], b.get("Memory", {}).get("BytesAllocatedPerOperation")

    def theirs(self, workload, impl, dtype, threads, model=None, n=None):
        """(reference line, its foreign load) or (None, None)."""
        d = self.ref.get(ref_key(workload, impl, dtype, model, threads, n))
        if d is None:
            return None, None
        load = d.get("foreign_load")
        if load is None and d.get("config") == "c-fused":
            load = self.fused_meta.get(threads, {}).get("foreign_load")
        if load is None and workload == "A.peak":
            load = self.peak_meta.get(threads, {}).get("foreign_load")
        return d, load

    def ref_ms(self, workload, impl, dtype, threads, model=None):
        d, load = self.theirs(workload, impl, dtype, threads, model)
        return (d["median_ms"] if d else None), load


def cmd_report(a):
    selected = [w for w in WORKLOADS if w in a.workloads]
    c = Context(a, selected)
    any_ref = next((d for d in c.ref.values() if d.get("config") not in ("c-fused", None)), {})
    print(f"## Functional.AD vs PyTorch reference ({datetime.datetime.now().strftime('%Y-%m-%d %H:%M %Z').strip()})")
    print()
    print(f"- machine: {lscpu_model()}")
    if os.environ.get("PROTOCOL_DESC"):
        print(f"- protocol: {os.environ['PROTOCOL_DESC']}; reference config {os.environ.get('REF_CONFIG', '?')}")
    print(f"- ours: {c.host.get('RuntimeVersion', '?')}, BenchmarkDotNet {c.host.get('BenchmarkDotNetVersion', '?')} "
          f"in-process, threads per row = `Parallelism.MaxThreads` (benchmark parameter `Threads`; "
          f"{os.environ.get('OURS_ENV_DESC', 'default runtime settings')}); foreign_load during our run "
          f"(all thread counts of a workload in one process): "
          + ", ".join(f"{w} {c.ours_meta[w].get('foreign_load', 'n/a')}" for w in selected))
    if c.meta:
        m = c.meta[0]
        ths = sorted({(x.get("threads"), x.get("torch_threads"), x.get("openblas_threads")) for x in c.meta},
                     key=lambda t: tuple(-1 if v is None else v for v in t))
        print(f"- reference: torch {m.get('torch')}, functorch {m.get('functorch')}, numpy {m.get('numpy')}, "
              f"python {m.get('python')}; threads (asked, torch, OpenBLAS): "
              + ", ".join(f"({t}, {tt}, {ob})" for t, tt, ob in ths)
              + f"; config {any_ref.get('config')}: aten_isa={any_ref.get('aten_isa')}, "
              f"blas_core={any_ref.get('blas_core')}, blas_threading={any_ref.get('blas_threading')}, "
              f"env={any_ref.get('env_overrides') or '(none)'}")
    loads = [d.get("foreign_load") for d in c.ref.values() if d.get("foreign_load") is not None]
    if loads:
        print(f"- reference foreign_load: max {max(loads):.2f}, median {sorted(loads)[len(loads) // 2]:.2f} cores "
              f"(summarize.py drops runs above 0.3)")
    print("- medians; ratio < 1 means we are faster (W1: GFLOP/s, ratio > 1 means we are faster). "
          "Targets: this issue's, BENCHMARKS.md's long-term one in brackets.")
    print()

    for w in selected:
        {"W1": report_w1, "W2": report_w2, "W3": report_w3, "W4": report_w4, "W5": report_w5,
         "W6": report_w6, "W7": report_w7, "W8": report_w8}[w](c)
    print(f"BenchmarkDotNet reports: {os.path.abspath(a.bdn)}; reference JSON lines: "
          f"{os.path.abspath(a.dir)}/ref-{{{','.join(selected)}}}.jsonl")
    return 0


GEMM_SIZES = (64, 128, 256, 512, 1024, 2048)


def peak_line(c, dname, threads):
    """The widest peak-FMA probe line present for this dtype and thread count (AVX-512 if measured, else AVX2)."""
    bits = dname[2:]
    for isa in ("avx512", "avx2"):
        d, load = c.theirs("A.peak", f"c-{isa}-fp{bits}", None, threads)
        if d:
            return d, load
    return None, None


def report_w1(c):
    # W1: GFLOP/s = 2 n^3 / time; higher is better, so the ratio ours/ref > 1 means we are faster
    t = Table("W1 GEMM Np.Matmul(a, b), square n x n", "GFLOP/s",
              extra=("ours % of peak", "OpenBLAS % of peak"), ratio="ratio ours/ref (≥ 1: we are faster)",
              note="ours = 2 n^3 / median time of `Np.Matmul(a, b)` (output allocated per call); reference = numpy "
                   "`a @ b` (OpenBLAS) gflops_median from gemm.py; peak = bench-ref/peak_fma.c, widest ISA of this CPU, median "
                   "(without AVX-512: a copy patched to 12 accumulators, see `compare.py peak-src`). Targets: ≥ 1.0x OpenBLAS at n ≥ 256, ≥ 85% of peak at n ≥ 512 (on 1 and 2 threads).")
    pct = lambda v: None if v is None else f"{100 * v:.0f}%"  # noqa: E731
    for th in c.threads:
        for dname, param in (("fp32", "Float32"), ("fp64", "Float64")):
            pk, pk_load = peak_line(c, dname, th)
            peak = pk["GFLOPs_median"] if pk else None
            best = None
            for n in GEMM_SIZES:
                ns, alloc = c.ours("W1GemmBenchmarks", "Matmul", th, N=n, Dtype=param)
                g = 2.0 * n ** 3 / ns if ns else None   # flop per ns = GFLOP/s
                if g is not None:
                    best = max(best or 0, g)
                d, load = c.theirs("B.gemm", "numpy", dname, th, n=n)
                r = d["gflops_median"] if d else None
                checks, target = [], []
                if n >= 256:
                    target.append("≥ 1.0x OpenBLAS")
                    checks.append(judge(div(g, r), 1.0, upper=False))
                if n >= 512:
                    target.append("≥ 85% peak")
                    checks.append(judge(div(g, peak), 0.85, upper=False))
                if not checks:
                    ok = None
                elif any(v is None for v in checks):
                    ok = "n/a"
                else:
                    ok = " / ".join("yes" if v else "**NO**" for v in checks)
                t.add(th, f"{dname} n={n}", g, "numpy (OpenBLAS)", r, "; ".join(target) or "context", ok,
                      fmt_bytes(alloc), load, extra=(pct(div(g, peak)), pct(div(r, peak))))
            t.add(th, f"{dname} best n vs peak", best, pk["impl"] if pk else "peak FMA", peak, "context", None,
                  None, pk_load, extra=(pct(div(best, peak)), None))
    print(t.render())
    print()


def report_w2(c):
    # W2: milliseconds per call
    t = Table("W2 elementwise, 1e6 elements", "ms",
              note="Forward / value+grad = eager `f(x)` / `ValueAndGrad(f)(x)`; Jit = `Jit(f)` / `Jit(ValueAndGrad(f))` "
                   "built once; c-fused = one fused C pass (bench-ref/w2_fused.c, OpenMP threads = row's threads).")
    for th in c.threads:
        for dname, param in (("fp32", "Float32"), ("fp64", "Float64")):
            f_ns, f_alloc = c.ours("W2ElementwiseBenchmarks", "Forward", th, Dtype=param)
            v_ns, v_alloc = c.ours("W2ElementwiseBenchmarks", "ValueAndGrad", th, Dtype=param)
            jf_ns, jf_alloc = c.ours("W2ElementwiseBenchmarks", "JitForward", th, Dtype=param)
            jv_ns, jv_alloc = c.ours("W2ElementwiseBenchmarks", "JitValueAndGrad", th, Dtype=param)
            for variant, val, alloc, impl, target, limit in (
                (f"{dname} forward", ms(f_ns), f_alloc, "torch-fwd", "≤ 1.0x torch", 1.0),
                (f"{dname} forward", ms(f_ns), f_alloc, "c-fused-fwd", "context", None),
                (f"{dname} value+grad", ms(v_ns), v_alloc, "torch-autograd-vg", "≤ 1.0x torch", 1.0),
                (f"{dname} value+grad", ms(v_ns), v_alloc, "functorch-grad_and_value", "≤ 1.0x torch", 1.0),
                (f"{dname} value+grad", ms(v_ns), v_alloc, "c-fused-vg", "context", None),
                (f"{dname} Jit forward", ms(jf_ns), jf_alloc, "c-fused-fwd", "context (≤ 1.5x fused)", None),
                (f"{dname} Jit forward", ms(jf_ns), jf_alloc, "torch-fwd", "context", None),
                (f"{dname} Jit value+grad", ms(jv_ns), jv_alloc, "c-fused-vg", "≤ 1.5x fused", 1.5),
                (f"{dname} Jit value+grad", ms(jv_ns), jv_alloc, "torch-autograd-vg", "context", None),
            ):
                r, load = c.ref_ms("W2.elementwise", impl, dname, th)
                t.add(th, variant, val, impl, r, target, judge(div(val, r), limit), fmt_bytes(alloc), load)
    print(t.render())
    print()


# matmul FLOPs of the W3 MLP (as w3_mlp.py counts them)
W3_B, W3_SIZES = 128, (784, 512, 512, 10)
W3_MM = [i * o for i, o in zip(W3_SIZES[:-1], W3_SIZES[1:])]
W3_FWD_FLOPS = 2 * W3_B * sum(W3_MM)
W3_BWD_FLOPS = 2 * W3_B * sum(W3_MM) + 2 * W3_B * sum(W3_MM[1:])


def report_w3(c):
    # W3: milliseconds per call
    t = Table("W3 MLP 784-512-512-10 tanh, batch 128, f32", "ms", extra=("ours GFLOP/s", "ref GFLOP/s"),
              note="Jit SGD step = `Jit((p, d) => { (loss, g) = ValueAndGrad(loss)(p, d); return (loss, p - lr g); })`, "
                   "params carried from call to call; eager step = the same without Jit; Jit value+grad = "
                   "`Jit(ValueAndGrad(loss))`; GFLOP/s counts the matmul FLOPs only, as w3_mlp.py does.")
    gf = lambda flops, v: None if not v else f"{flops / v / 1e6:.1f}"  # noqa: E731
    for th in c.threads:
        rows = (
            ("JitSgdStep", "Jit SGD step", "torch-step-sgd", "≤ 0.9x torch", 0.9, W3_FWD_FLOPS + W3_BWD_FLOPS),
            ("EagerSgdStep", "eager SGD step", "torch-step-sgd", "context", None, W3_FWD_FLOPS + W3_BWD_FLOPS),
            ("JitValueAndGrad", "Jit value+grad", "torch-fwd-bwd", "context", None, W3_FWD_FLOPS + W3_BWD_FLOPS),
            ("JitValueAndGrad", "Jit value+grad", "functorch-grad", "context", None, W3_FWD_FLOPS + W3_BWD_FLOPS),
            ("ValueAndGrad", "eager value+grad", "torch-fwd-bwd", "context", None, W3_FWD_FLOPS + W3_BWD_FLOPS),
            ("ValueAndGrad", "eager value+grad", "functorch-grad", "context", None, W3_FWD_FLOPS + W3_BWD_FLOPS),
            ("JitForward", "Jit forward", "torch-fwd", "context", None, W3_FWD_FLOPS),
            ("Forward", "eager forward", "torch-fwd", "context", None, W3_FWD_FLOPS),
        )
        for method, variant, impl, target, limit, flops in rows:
            ns, alloc = c.ours("W3MlpBenchmarks", method, th)
            o = ms(ns)
            r, load = c.ref_ms("W3.mlp", impl, "fp32", th)
            t.add(th, variant, o, impl, r, target, judge(div(o, r), limit), fmt_bytes(alloc), load,
                  extra=(gf(flops, o), gf(flops, r)))
    print(t.render())
    print()


def report_w4(c):
    # W4: per-op microseconds (BDN's OperationsPerInvoke = 100 already divides by the op count)
    t = Table("W4 small ops, 0-d f64, 100-op chain", "µs/op",
              note="eager forward = `f(x)`; Grad = `Grad(f)(x)` (transform applied per call); Jit = `Jit(f)` / "
                   "`Jit(Grad(f))` built once.")
    per_op_alloc = lambda b: None if b is None else f"{b:.0f} B/op"  # noqa: E731
    for th in c.threads:
        fwd_ns, fwd_alloc = c.ours("W4SmallOpsBenchmarks", "Forward", th)
        grad_ns, grad_alloc = c.ours("W4SmallOpsBenchmarks", "Grad", th)
        jf_ns, jf_alloc = c.ours("W4SmallOpsBenchmarks", "JitForward", th)
        jg_ns, jg_alloc = c.ours("W4SmallOpsBenchmarks", "JitGrad", th)
        for variant, val, alloc, impl, target, limit in (
            ("eager forward", us(fwd_ns), fwd_alloc, "torch-fwd-nograd", "≤ 0.3 µs/op", 0.3),
            ("eager forward", us(fwd_ns), fwd_alloc, "numpy-0d", "context", None),
            ("eager forward", us(fwd_ns), fwd_alloc, "python-math", "context", None),
            ("Grad(f)(x)", us(grad_ns), grad_alloc, "torch-fwd-bwd", "≤ 1 µs/op", 1.0),
            ("Grad(f)(x)", us(grad_ns), grad_alloc, "functorch-grad", "≤ 1 µs/op", 1.0),
            ("Jit(f)", us(jf_ns), jf_alloc, "python-math", "context", None),
            ("Jit(f)", us(jf_ns), jf_alloc, "torch-fwd-nograd", "context", None),
            ("Jit(Grad(f))", us(jg_ns), jg_alloc, "functorch-grad", "≤ 0.05 µs/op", 0.05),
            ("Jit(Grad(f))", us(jg_ns), jg_alloc, "torch-fwd-bwd", "≤ 0.05 µs/op", 0.05),
        ):
            d, load = c.theirs("W4.small_ops", impl, "fp64", th)
            r = d["us_per_op"] if d else None
            t.add(th, variant, val, impl, r, target, judge(val, limit), per_op_alloc(alloc), load)
    print(t.render())
    print()


def report_w5(c):
    # W5: milliseconds per call
    t = Table("W5 Hessian-vector product, n = 1e5, f64", "ms", extra=("ours ÷ our f", "ref ÷ torch f"),
              note="f = sum(x^4/4 - x^2/2 + sin(x) x); Hvp = `Jax.Hvp(f, x, v)` (= `Jvp(Grad(f), x, v)`, forward over "
                   "reverse); rev-over-rev = `Vjp(Grad(f), x).Pullback(v)`; Jit rows = `Jit(f)`, `Jit(Grad(f))`, "
                   "`Jit((x, v) => Hvp(f, x, v))` built once; \"ours ÷ our f\" divides eager rows by eager f and Jit "
                   "rows by Jit(f). Targets: Hvp ≤ 3x f, ≤ 0.5x functorch fwd-over-rev.")
    for th in c.threads:
        f_ms = ms(c.ours("W5HvpBenchmarks", "F", th)[0])
        jf_ms = ms(c.ours("W5HvpBenchmarks", "JitF", th)[0])
        rf, _ = c.ref_ms("W5.hvp", "torch-f", "fp64", th)
        for method, variant, impl, target, limit in (
            ("F", "f", "torch-f", "context", None),
            ("Grad", "Grad", "functorch-grad", "context", None),
            ("Grad", "Grad", "torch-autograd-grad", "context", None),
            ("Hvp", "Hvp (fwd-over-rev)", "functorch-hvp-fwd-over-rev", "≤ 0.5x functorch", 0.5),
            ("Hvp", "Hvp (fwd-over-rev)", "ours f", "≤ 3x our f", 3.0),
            ("HvpRevOverRev", "rev-over-rev", "functorch-hvp-rev-over-rev", "context", None),
            ("HvpRevOverRev", "rev-over-rev", "torch-functional-hvp", "context", None),
            ("JitF", "Jit(f)", "torch-f", "context", None),
            ("JitGrad", "Jit(Grad)", "functorch-grad", "context", None),
            ("JitHvp", "Jit(Hvp)", "functorch-hvp-fwd-over-rev", "≤ 0.5x functorch", 0.5),
            ("JitHvp", "Jit(Hvp)", "ours Jit(f)", "≤ 3x our Jit(f)", 3.0),
        ):
            ns, alloc = c.ours("W5HvpBenchmarks", method, th)
            o = ms(ns)
            base = jf_ms if method.startswith("Jit") else f_ms
            if impl.startswith("ours"):
                r, load, ref_rel = base, None, None
            else:
                r, load = c.ref_ms("W5.hvp", impl, "fp64", th)
                ref_rel = div(r, rf)
            t.add(th, variant, o, impl, r, target, judge(div(o, r), limit), fmt_bytes(alloc), load,
                  extra=(div(o, base), ref_rel))
    print(t.render())
    print()


def report_w6(c):
    # W6: milliseconds per call (all 256 per-example gradients)
    t = Table("W6 per-example gradients, batch 256, f32", "ms",
              extra=("ours ÷ our full batch", "ref ÷ torch full batch"),
              note="VmapGrad = `Vmap((p, d) => Grad(loss)(p, d), (null, 0))(params, (X, Y))`; "
                   "C# loop = 256 x `Grad(loss)(params, (X[i], Y[i]))` + `Np.Stack` per parameter; "
                   "full batch = `Grad(mean loss)(params, (X, Y))`.")
    for th in c.threads:
        for model in ("mlp", "linreg"):
            v_ns, v_alloc = c.ours("W6PerExampleBenchmarks", "VmapGrad", th, Model=model)
            l_ns, l_alloc = c.ours("W6PerExampleBenchmarks", "Loop", th, Model=model)
            f_ns, f_alloc = c.ours("W6PerExampleBenchmarks", "FullBatch", th, Model=model)
            v, lp, fb = ms(v_ns), ms(l_ns), ms(f_ns)
            rv_ms, rv_load = c.ref_ms("W6.per_example", "functorch-vmap-grad", "fp32", th, model)
            rl_ms, rl_load = c.ref_ms("W6.per_example", "python-loop", "fp32", th, model)
            rf_ms, rf_load = c.ref_ms("W6.per_example", "full-batch-grad", "fp32", th, model)
            ref_full = div(rv_ms, rf_ms)
            t.add(th, f"{model} VmapGrad", v, "functorch-vmap-grad", rv_ms, "≤ 1.0x functorch",
                  judge(div(v, rv_ms), 1.0), fmt_bytes(v_alloc), rv_load, extra=(div(v, fb), ref_full))
            t.add(th, f"{model} VmapGrad", v, "ours full-batch Grad", fb, "≤ 4x our full batch",
                  judge(div(v, fb), 4.0), fmt_bytes(v_alloc), None, extra=(div(v, fb), ref_full))
            t.add(th, f"{model} C# loop", lp, "python-loop", rl_ms, "context", None, fmt_bytes(l_alloc), rl_load,
                  extra=(div(lp, fb), div(rl_ms, rf_ms)))
            t.add(th, f"{model} full-batch Grad", fb, "full-batch-grad", rf_ms, "context", None, fmt_bytes(f_alloc),
                  rf_load, extra=(1.0 if fb else None, 1.0 if rf_ms else None))
    print(t.render())
    print()


W7_REF_PLAIN, W7_REF_CKPT, W7_REF_CKPT_NR = (
    "torch-no-checkpoint", "torch-checkpoint_sequential-8seg", "torch-checkpoint-nonreentrant-8seg")


def report_w7(c):
    # W7: milliseconds per value+grad step, then MiB retained
    t = Table("W7 gradient checkpointing, 64 x tanh(x @ W), width 512, batch 256, f32", "ms",
              extra=("ours ÷ our plain", "ref ÷ torch plain"),
              note="plain = `ValueAndGrad(loss)((Ws, X))` (gradients for the 64 weights and the input); checkpointed = "
                   "the same with segments 1-7 of 8 layers through one `Jax.Checkpoint` segment function, segment 8 "
                   "plain (as checkpoint_sequential); forward = the loss alone (context). torch runs `loss.backward()` "
                   "with `.grad = None` before each step (reentrant checkpoint_sequential, and the same segmentation "
                   "with `checkpoint(use_reentrant=False)`).")
    mib = lambda b: None if b is None else b / 2.0 ** 20  # noqa: E731
    fm = lambda v: "n/a" if v is None else f"{v:.1f}"  # noqa: E731
    for th in c.threads:
        p_ns, p_alloc = c.ours("W7CheckpointBenchmarks", "Plain", th)
        k_ns, k_alloc = c.ours("W7CheckpointBenchmarks", "Checkpointed", th)
        f_ns, f_alloc = c.ours("W7CheckpointBenchmarks", "Forward", th)
        p, k, f = ms(p_ns), ms(k_ns), ms(f_ns)
        rp, rp_load = c.ref_ms("W7.checkpoint", W7_REF_PLAIN, "fp32", th)
        rk, rk_load = c.ref_ms("W7.checkpoint", W7_REF_CKPT, "fp32", th)
        rn, rn_load = c.ref_ms("W7.checkpoint", W7_REF_CKPT_NR, "fp32", th)
        t.add(th, "plain value+grad", p, W7_REF_PLAIN, rp, "≤ 1.0x torch", judge(div(p, rp), 1.0), fmt_bytes(p_alloc),
              rp_load, extra=(1.0 if p else None, 1.0 if rp else None))
        t.add(th, "checkpointed value+grad", k, "ours plain", p, "≤ 1.35x our plain", judge(div(k, p), 1.35),
              fmt_bytes(k_alloc), None, extra=(div(k, p), div(rk, rp)))
        t.add(th, "checkpointed value+grad", k, W7_REF_CKPT, rk, "context", None, fmt_bytes(k_alloc), rk_load,
              extra=(div(k, p), div(rk, rp)))
        t.add(th, "checkpointed value+grad", k, W7_REF_CKPT_NR, rn, "context", None, fmt_bytes(k_alloc), rn_load,
              extra=(div(k, p), div(rn, rp)))
        t.add(th, "forward (loss only)", f, "ours plain", p, "context", None, fmt_bytes(f_alloc), None,
              extra=(div(f, p), None))
    print(t.render())
    print()

    m = Table("W7 memory, MiB (same workload)", "MiB",
              extra=("ours listed residuals", "torch peak fresh (profiler / rss)", "torch peak accum (rss)"),
              note="ours = bytes the pullback of `Jax.Vjp(loss, (Ws, X))` retains (`Diagnostics.LiveBytes()` with the "
                   "pullback alive minus before the call; measured once per thread count in GlobalSetup, line "
                   "`W7-MEMORY` in bdn-W7.log); listed residuals = `Jax.SavedResiduals` without arguments and constants. "
                   "torch (w7_checkpoint.py --mem) = peak extra bytes of a whole forward + backward step: `accum` "
                   "(.grad pre-allocated: activations + transient temporaries, the closest to our retained bytes) in the "
                   "reference column, `fresh` (.grad = None: + 64.5 MiB of new gradients) for context. One activation "
                   "is 0.5 MiB, the weights 64 MiB.")
    for th in c.threads:
        mem = c.w7_memory.get(th, {})
        p, k = mib(mem.get("plain_retained_bytes")), mib(mem.get("checkpointed_retained_bytes"))
        pl, kl = mib(mem.get("plain_listed_bytes")), mib(mem.get("checkpointed_listed_bytes"))

        def torch_mem(impl):
            d, _ = c.theirs("W7.checkpoint", impl, "fp32", th)
            d = d or {}
            return (d.get("peak_MiB_profiler_accum"),
                    f"{fm(d.get('peak_MiB_profiler_fresh'))} / {fm(d.get('peak_MiB_rss_fresh'))}",
                    fm(d.get("peak_MiB_rss_accum")))

        tp, tp_fresh, tp_rss = torch_mem(W7_REF_PLAIN)
        tk, tk_fresh, tk_rss = torch_mem(W7_REF_CKPT)
        tn, tn_fresh, tn_rss = torch_mem(W7_REF_CKPT_NR)
        m.add(th, "plain retained", p, f"{W7_REF_PLAIN} (accum, profiler)", tp, "context", None, None, None,
              extra=(fm(pl), tp_fresh, tp_rss))
        m.add(th, "checkpointed retained", k, "ours plain retained", p, "≤ 0.3x our plain", judge(div(k, p), 0.3),
              None, None, extra=(fm(kl), None, None))
        m.add(th, "checkpointed retained", k, f"{W7_REF_CKPT} (accum, profiler)", tk, "context", None, None, None,
              extra=(fm(kl), tk_fresh, tk_rss))
        m.add(th, "checkpointed retained", k, f"{W7_REF_CKPT_NR} (accum, profiler)", tn, "context", None, None, None,
              extra=(fm(kl), tn_fresh, tn_rss))
    print(m.render())
    print()


def report_w8(c):
    # W8: microseconds per call
    t = Table("W8 Jacobian of tanh(A x), A 256x256", "µs",
              extra=("ours ÷ our f", "ref ÷ torch f"),
              note="Jacfwd/Jacrev = `Jax.Jacfwd(f)(x)` / `Jax.Jacrev(f)(x)` (linearize once, `Vmap` over the 256 "
                   "basis vectors; called eagerly, traced on each call and run as one compiled program); analytic = `ExpandDims(1 - t*t, 1) * A`, t = tanh(A @ x).")
    for th in c.threads:
        for dname, param in (("fp32", "Float32"), ("fp64", "Float64")):
            f_ns, f_alloc = c.ours("W8JacobianBenchmarks", "F", th, Dtype=param)
            f = us(f_ns)
            rf, rf_load = c.theirs("W8.jacobian", "torch-f", dname, th)
            rf_us = rf["median_ms"] * 1e3 if rf else None
            t.add(th, f"{dname} f", f, "torch-f", rf_us, "context", None, fmt_bytes(f_alloc), rf_load, extra=(1.0, 1.0))
            for method, variant, impl, target, limit in (
                ("Analytic", "analytic", "analytic", "context", None),
                ("Jacfwd", "Jacfwd", "functorch-jacfwd", "≤ 0.5x functorch", 0.5),
                ("Jacrev", "Jacrev", "functorch-jacrev", "≤ 0.5x functorch", 0.5),
                ("Jacrev", "Jacrev", "torch-functional-jacobian", "context (loop of 256 vjps)", None),
                ("Jacrev", "Jacrev", "torch-functional-jacobian-vec", "context", None),
            ):
                o_ns, o_alloc = c.ours("W8JacobianBenchmarks", method, th, Dtype=param)
                o = us(o_ns)
                d, load = c.theirs("W8.jacobian", impl, dname, th)
                r = d["median_ms"] * 1e3 if d else None
                t.add(th, f"{dname} {variant}", o, impl, r, target, judge(div(o, r), limit), fmt_bytes(o_alloc), load,
                      extra=(div(o, f), div(r, rf_us)))
    print(t.render())
    print()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    q = sub.add_parser("quiet")
    q.add_argument("--max-wait", type=float, default=180)
    q.add_argument("--threshold", type=float, default=0.3)
    m = sub.add_parser("measure")
    m.add_argument("--out", required=True)
    m.add_argument("--stdout")
    m.add_argument("--log")
    m.add_argument("cmd", nargs=argparse.REMAINDER)
    r = sub.add_parser("report")
    r.add_argument("--bdn", required=True, help="folder with BenchmarkDotNet's *-report-full.json")
    r.add_argument("--dir", required=True, help="folder with ref-W*.jsonl, ours-meta-W*.json, fused/peak-meta-T*.json")
    r.add_argument("--workloads", nargs="+", default=list(WORKLOADS), choices=WORKLOADS)
    r.add_argument("--threads", nargs="+", default=["1", "2"], help="thread counts to report (default 1 2)")
    p = sub.add_parser("peak-src")
    p.add_argument("--src", required=True)
    p.add_argument("--out", required=True)
    a = ap.parse_args()
    return {"quiet": cmd_quiet, "measure": cmd_measure, "report": cmd_report, "peak-src": cmd_peak_src}[a.command](a)


if __name__ == "__main__":
    sys.exit(main())
