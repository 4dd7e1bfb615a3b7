#!/usr/bin/python3
"""Adam step on 1M f32 parameters: torch.optim.Adam's step (the foreach and the single-tensor paths), to set
beside `dotnet Functional.AD.Benchmarks.dll --adam` (a jitted Optim.Adam update and a pass over the same bytes).

Run: /usr/bin/python3 benchmarks/adam_step.py --threads 1
Uses /work/shared/bench-ref/_refharness.py (or bench-ref/ beside this folder) when it is there, for the same
timing method and JSON lines as the other reference scripts; otherwise a small timing loop of its own.
"""
import json
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
for d in (os.path.join(HERE, "bench-ref"), "/work/shared/bench-ref"):
    if os.path.exists(os.path.join(d, "_refharness.py")):
        sys.path.insert(0, d)
        break
try:
    import _refharness as H  # noqa: E402
except ImportError:
    H = None

if H is not None:
    H.setup(__doc__)
else:
    threads = int(sys.argv[sys.argv.index("--threads") + 1]) if "--threads" in sys.argv else 1
    os.environ.setdefault("OMP_NUM_THREADS", str(threads))

try:
    import torch  # noqa: E402
except ImportError:
    print(json.dumps({"workload": "adam", "impl": "torch.optim.Adam", "error": "torch is not installed"}))
    sys.exit(0)

N = 1 << 20


def bench(fn, repeats=7, inner=50):
    for _ in range(3):
        fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(inner):
            fn()
        times.append((time.perf_counter() - t0) / inner * 1e3)
    return {"median_ms": statistics.median(times), "min_ms": min(times), "max_ms": max(times)}


if H is not None:
    H.meta("adam_step.py")
for foreach in (True, False):
    gen = torch.Generator().manual_seed(0)
    p = torch.nn.Parameter(torch.rand(N, generator=gen, dtype=torch.float32) - 0.5)
    p.grad = (torch.rand(N, generator=gen, dtype=torch.float32) - 0.5) * 1e-2
    opt = torch.optim.Adam([p], lr=1e-3, foreach=foreach)
    impl = "torch.optim.Adam-foreach" if foreach else "torch.optim.Adam-single"
    if H is not None:
        H.emit("adam", impl, H.bench(opt.step), dtype="fp32", n=N)
    else:
        print(json.dumps({"workload": "adam", "impl": impl, "dtype": "fp32", "n": N, **bench(opt.step)}))
