#!/usr/bin/python3
"""Helper for compare.sh: run a command while measuring other processes' CPU load, wait for a quiet
machine, and merge BenchmarkDotNet's JSON reports with the reference JSON lines into markdown tables.

  compare.py quiet   --max-wait S [--threshold CORES]
  compare.py measure --out META.json [--stdout FILE] [--log FILE] -- CMD ARGS...
  compare.py report  --bdn DIR --dir COMPARE_DIR [--workloads W4 W2 W6 W8]

report reads, for each selected workload W, COMPARE_DIR/ref-W.jsonl (the reference's JSON lines) and
COMPARE_DIR/ours-meta-W.json (the foreign load of the BenchmarkDotNet run that produced our numbers),
plus COMPARE_DIR/fused-meta.json for W2's C anchor, and prints one table per selected workload.

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


# ----------------------------------------------------------------------------------------- report
def load_bdn(folder):
    """{(Type, Method, params) -> benchmark dict} from every *-report-full.json under folder."""
    rows, host = {}, {}
    for path in glob.glob(os.path.join(folder, "**", "*-report-full.json"), recursive=True):
        d = json.load(open(path))
        host = d.get("HostEnvironmentInfo", host)
        for b in d["Benchmarks"]:
            rows[(b["Type"], b["Method"], b.get("Parameters") or "")] = b
    return rows, host


def load_ref(paths):
    """{(workload, impl, dtype, model) -> line} and the meta lines, from the JSON-lines files that exist."""
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
                rows[(d["workload"], d["impl"], d.get("dtype"), d.get("model"))] = d
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
    """One markdown table: ours vs a reference per row. `extra` names additional ratio columns (e.g. the
    time relative to f for ours and for the reference), filled per row by add(..., extra=(a, b, ...))."""

    def __init__(self, title, unit, extra=(), note=None):
        self.title, self.unit, self.extra, self.note, self.rows = title, unit, tuple(extra), note, []

    def add(self, variant, ours, ref_impl, ref, target, ok, alloc=None, ref_load=None, extra=()):
        ratio = ours / ref if ours is not None and ref else None
        self.rows.append((variant, ours, ref_impl, ref, ratio, target, ok, alloc, ref_load, tuple(extra)))

    def render(self):
        u = self.unit
        xh = "".join(f" {h} |" for h in self.extra)
        out = [f"### {self.title}", ""]
        if self.note:
            out += [self.note, ""]
        out += [f"| workload | variant | ours median ({u}) | reference | reference median ({u}) | ratio ours/ref | target | met |"
                f"{xh} ours alloc/call | ref foreign_load |",
                "|---|---|---:|---|---:|---:|---|---|" + "---:|" * len(self.extra) + "---:|---:|"]
        for variant, ours, ref_impl, ref, ratio, target, ok, alloc, ref_load, extra in self.rows:
            met = "" if ok is None else ("yes" if ok else "**NO**")
            rl = "n/a" if ref_load is None else f"{ref_load:.2f}"
            xs = list(extra) + [None] * (len(self.extra) - len(extra))
            xv = "".join(f" {'' if v is None else f'{v:.2f}x'} |" for v in xs)
            out.append(f"| {self.title.split()[0]} | {variant} | {fmt(ours)} | {ref_impl} | {fmt(ref)} | "
                       f"{'n/a' if ratio is None else f'{ratio:.2f}x'} | {target} | {met} |{xv} {alloc} | {rl} |")
        return "\n".join(out)


def div(a, b):
    return a / b if a is not None and b else None


WORKLOADS = ("W4", "W2", "W6", "W8")


def cmd_report(a):
    selected = [w for w in WORKLOADS if w in a.workloads]
    bdn, host = load_bdn(a.bdn)
    ref, meta = load_ref([os.path.join(a.dir, f"ref-{w}.jsonl") for w in selected])

    def read_json(name):
        path = os.path.join(a.dir, name)
        return json.load(open(path)) if os.path.exists(path) else {}

    ours_meta = {w: read_json(f"ours-meta-{w}.json") for w in selected}
    fused_meta = read_json("fused-meta.json")

    def ours(typ, method, params=""):
        b = bdn.get((typ, method, params))
        if b is None:
            return None, None
        return b["Statistics"]["Median"], b.get("Memory", {}).get("BytesAllocatedPerOperation")

    def theirs(workload, impl, dtype, model=None):
        d = ref.get((workload, impl, dtype, model))
        if d is None:
            return None, None
        load = d.get("foreign_load")
        if load is None and d.get("config") == "c-fused":
            load = fused_meta.get("foreign_load")
        return d, load

    any_ref = next((d for d in ref.values() if d.get("config") != "c-fused"), {})
    print(f"## Functional.AD vs PyTorch reference ({datetime.datetime.now().strftime('%Y-%m-%d %H:%M %Z').strip()})")
    print()
    print(f"- machine: {lscpu_model()}")
    print(f"- ours: {host.get('RuntimeVersion', '?')}, BenchmarkDotNet {host.get('BenchmarkDotNetVersion', '?')} "
          f"in-process, 1 thread (library is single-threaded; {os.environ.get('OURS_ENV_DESC', 'default runtime settings')}); "
          f"foreign_load during our run: "
          + ", ".join(f"{w} {ours_meta[w].get('foreign_load', 'n/a')}" for w in selected))
    if meta:
        m = meta[0]
        print(f"- reference: torch {m.get('torch')}, functorch {m.get('functorch')}, numpy {m.get('numpy')}, "
              f"python {m.get('python')}, threads {m.get('torch_threads')}; config {any_ref.get('config')}: "
              f"aten_isa={any_ref.get('aten_isa')}, blas_core={any_ref.get('blas_core')}, "
              f"env={any_ref.get('env_overrides') or '(none)'}")
    loads = [d.get("foreign_load") for d in ref.values() if d.get("foreign_load") is not None]
    if loads:
        print(f"- reference foreign_load: max {max(loads):.2f}, median {sorted(loads)[len(loads) // 2]:.2f} cores "
              f"(summarize.py drops runs above 0.3)")
    print("- medians; ratio < 1 means we are faster. Targets: this issue's, BENCHMARKS.md's long-term one in brackets.")
    print()

    if "W4" in selected:
        report_w4(ours, theirs)
    if "W2" in selected:
        report_w2(ours, theirs)
    if "W6" in selected:
        report_w6(ours, theirs)
    if "W8" in selected:
        report_w8(ours, theirs)
    print(f"BenchmarkDotNet reports: {os.path.abspath(a.bdn)}; reference JSON lines: "
          f"{os.path.abspath(a.dir)}/ref-{{{','.join(selected)}}}.jsonl")
    return 0


def report_w4(ours, theirs):
    # W4: per-op microseconds (BDN's OperationsPerInvoke = 100 already divides by the op count)
    t = Table("W4 small ops, 0-d f64, 100-op chain", "µs/op")
    fwd_ns, fwd_alloc = ours("W4SmallOpsBenchmarks", "Forward")
    grad_ns, grad_alloc = ours("W4SmallOpsBenchmarks", "Grad")
    fwd = fwd_ns / 1e3 if fwd_ns is not None else None
    grad = grad_ns / 1e3 if grad_ns is not None else None
    per_op_alloc = lambda b: None if b is None else f"{b:.0f} B/op"  # noqa: E731
    for variant, val, alloc, impl, target, limit in (
        ("eager forward", fwd, fwd_alloc, "torch-fwd-nograd", "≤ 1 µs/op [≤ 0.3]", 1.0),
        ("eager forward", fwd, fwd_alloc, "numpy-0d", "context", None),
        ("eager forward", fwd, fwd_alloc, "python-math", "context", None),
        ("Grad(f)(x)", grad, grad_alloc, "torch-fwd-bwd", "≤ 2 µs/op [≤ 1]", 2.0),
        ("Grad(f)(x)", grad, grad_alloc, "functorch-grad", "≤ 2 µs/op [≤ 1]", 2.0),
    ):
        d, load = theirs("W4.small_ops", impl, "fp64")
        r = d["us_per_op"] if d else None
        ok = None if limit is None or val is None else val <= limit
        t.add(variant, val, impl, r, target, ok, per_op_alloc(alloc), load)
    print(t.render())
    print()


def report_w2(ours, theirs):
    # W2: milliseconds per call
    t = Table("W2 elementwise, 1e6 elements, eager", "ms")
    for dname, param in (("fp32", "Dtype=Float32"), ("fp64", "Dtype=Float64")):
        f_ns, f_alloc = ours("W2ElementwiseBenchmarks", "Forward", param)
        v_ns, v_alloc = ours("W2ElementwiseBenchmarks", "ValueAndGrad", param)
        f_ms = f_ns / 1e6 if f_ns is not None else None
        v_ms = v_ns / 1e6 if v_ns is not None else None
        for variant, val, alloc, impl, target, judged in (
            (f"{dname} forward", f_ms, f_alloc, "torch-fwd", "≤ 1.0x torch", True),
            (f"{dname} forward", f_ms, f_alloc, "c-fused-fwd", "context (Jit: ≤ 1.5x fused)", False),
            (f"{dname} value+grad", v_ms, v_alloc, "torch-autograd-vg", "≤ 1.0x torch", True),
            (f"{dname} value+grad", v_ms, v_alloc, "functorch-grad_and_value", "≤ 1.0x torch", True),
            (f"{dname} value+grad", v_ms, v_alloc, "c-fused-vg", "context (Jit: ≤ 1.5x fused)", False),
        ):
            d, load = theirs("W2.elementwise", impl, dname)
            r = d["median_ms"] if d else None
            ok = (val / r <= 1.0) if judged and val is not None and r else None
            t.add(variant, val, impl, r, target, ok, fmt_bytes(alloc), load)
    print(t.render())
    print()


def report_w6(ours, theirs):
    # W6: milliseconds per call (all 256 per-example gradients)
    t = Table("W6 per-example gradients, batch 256, f32", "ms",
              extra=("ours ÷ our full batch", "ref ÷ torch full batch"),
              note="VmapGrad = `Vmap((p, d) => Grad(loss)(p, d), (null, 0))(params, (X, Y))`; "
                   "C# loop = 256 x `Grad(loss)(params, (X[i], Y[i]))` + `Np.Stack` per parameter; "
                   "full batch = `Grad(mean loss)(params, (X, Y))`.")
    ms = lambda ns: None if ns is None else ns / 1e6  # noqa: E731
    for model in ("mlp", "linreg"):
        param = f"Model={model}"
        v_ns, v_alloc = ours("W6PerExampleBenchmarks", "VmapGrad", param)
        l_ns, l_alloc = ours("W6PerExampleBenchmarks", "Loop", param)
        f_ns, f_alloc = ours("W6PerExampleBenchmarks", "FullBatch", param)
        v, lp, fb = ms(v_ns), ms(l_ns), ms(f_ns)
        rv, rv_load = theirs("W6.per_example", "functorch-vmap-grad", "fp32", model)
        rl, rl_load = theirs("W6.per_example", "python-loop", "fp32", model)
        rf, rf_load = theirs("W6.per_example", "full-batch-grad", "fp32", model)
        rv_ms, rl_ms, rf_ms = (d["median_ms"] if d else None for d in (rv, rl, rf))
        v_ratio = div(v, rv_ms)
        t.add(f"{model} VmapGrad", v, "functorch-vmap-grad", rv_ms, "≤ 1.0x functorch",
              None if v_ratio is None else v_ratio <= 1.0, fmt_bytes(v_alloc), rv_load,
              extra=(div(v, fb), div(rv_ms, rf_ms)))
        v_full = div(v, fb)
        t.add(f"{model} VmapGrad", v, "ours full-batch Grad", fb, "≤ 4x our full batch",
              None if v_full is None else v_full <= 4.0, fmt_bytes(v_alloc), None,
              extra=(v_full, div(rv_ms, rf_ms)))
        t.add(f"{model} C# loop", lp, "python-loop", rl_ms, "context", None, fmt_bytes(l_alloc), rl_load,
              extra=(div(lp, fb), div(rl_ms, rf_ms)))
        t.add(f"{model} full-batch Grad", fb, "full-batch-grad", rf_ms, "context", None, fmt_bytes(f_alloc), rf_load,
              extra=(1.0 if fb else None, 1.0 if rf_ms else None))
    print(t.render())
    print()


def report_w8(ours, theirs):
    # W8: microseconds per call
    t = Table("W8 Jacobian of tanh(A x), A 256x256", "µs",
              extra=("ours ÷ our f", "ref ÷ torch f"),
              note="Jacfwd/Jacrev = `Jax.Jacfwd(f)(x)` / `Jax.Jacrev(f)(x)` (linearize once, `Vmap` over the 256 "
                   "basis vectors); analytic = `ExpandDims(1 - t*t, 1) * A`, t = tanh(A @ x).")
    us = lambda ns: None if ns is None else ns / 1e3  # noqa: E731
    for dname, param in (("fp32", "Dtype=Float32"), ("fp64", "Dtype=Float64")):
        f_ns, f_alloc = ours("W8JacobianBenchmarks", "F", param)
        f = us(f_ns)
        rf, rf_load = theirs("W8.jacobian", "torch-f", dname)
        rf_us = rf["median_ms"] * 1e3 if rf else None
        t.add(f"{dname} f", f, "torch-f", rf_us, "context", None, fmt_bytes(f_alloc), rf_load, extra=(1.0, 1.0))
        for method, variant, impl, target, limit in (
            ("Analytic", "analytic", "analytic", "context", None),
            ("Jacfwd", "Jacfwd", "functorch-jacfwd", "≤ 0.5x functorch", 0.5),
            ("Jacrev", "Jacrev", "functorch-jacrev", "≤ 0.5x functorch", 0.5),
            ("Jacrev", "Jacrev", "torch-functional-jacobian", "context (loop of 256 vjps)", None),
            ("Jacrev", "Jacrev", "torch-functional-jacobian-vec", "context", None),
        ):
            o_ns, o_alloc = ours("W8JacobianBenchmarks", method, param)
            o = us(o_ns)
            d, load = theirs("W8.jacobian", impl, dname)
            r = d["median_ms"] * 1e3 if d else None
            ratio = div(o, r)
            ok = None if limit is None or ratio is None else ratio <= limit
            t.add(f"{dname} {variant}", o, impl, r, target, ok, fmt_bytes(o_alloc), load, extra=(div(o, f), div(r, rf_us)))
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
    r.add_argument("--dir", required=True, help="folder with ref-W*.jsonl, ours-meta-W*.json, fused-meta.json")
    r.add_argument("--workloads", nargs="+", default=list(WORKLOADS), choices=WORKLOADS)
    a = ap.parse_args()
    return {"quiet": cmd_quiet, "measure": cmd_measure, "report": cmd_report}[a.command](a)


if __name__ == "__main__":
    sys.exit(main())
