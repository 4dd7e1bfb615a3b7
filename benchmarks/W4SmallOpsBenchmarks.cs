using System;
using BenchmarkDotNet.Attributes;

namespace Functional.AD.Benchmarks;

/// W4 (BENCHMARKS.md): dispatch overhead of tiny ops. A 0-d f64 value goes through a chain of 100
/// elementwise ops, 33 x [sin, * 1.01, + 0.1] then one final sin, exactly as
/// ../shared/bench-ref/w4_small_ops.py does it. OperationsPerInvoke = 100, so the reported
/// times are per op (µs/op), the unit the PyTorch reference prints. `JitForward` = Jit(chain) and
/// `JitGrad` = Jit(Grad(chain)), built once per case in GlobalSetup, measure the compiled program's
/// per-call cost (no dispatch per op; target for the jitted grad ≤ 0.05 µs/op).
public class W4SmallOpsBenchmarks : ThreadedBenchmark
{
    public const int OpsPerChain = 100;
    private const double Start = 0.5;

    private NDArray x = null!;
    private Func<NDArray, NDArray> jitForward = null!, jitGrad = null!;

    /// The function under test, written as a user would write it.
    public static NDArray Chain(NDArray x)
    {
        for (int i = 0; i < 33; i++)
        {
            x = Np.Sin(x);
            x = x * 1.01;
            x = x + 0.1;
        }
        return Np.Sin(x);
    }

    /// The same chain on plain doubles (used only to check results in GlobalSetup).
    private static double ChainScalar(double v)
    {
        for (int i = 0; i < 33; i++) v = Math.Sin(v) * 1.01 + 0.1;
        return Math.Sin(v);
    }

    [GlobalSetup]
    public void Setup()
    {
        ApplyThreads();
        jitForward = Jax.Jit(Chain);
        jitGrad = Jax.Jit(Jax.Grad(Chain));
        x = Np.Scalar(Start);
        if (x.DType != DType.Float64 || x.Rank != 0)
            throw new InvalidOperationException($"W4 input should be f64[], got {x.DType} rank {x.Rank}");

        // The benchmarked functions must compute the right thing.
        double yRef = ChainScalar(Start);
        foreach (var (what, value) in new[] { ("Forward", Chain(x)), ("JitForward", jitForward(x)) })
        {
            double y = (double)value;
            if (value.DType != DType.Float64 || value.Rank != 0 || !(Math.Abs(y - yRef) <= 1e-12))
                throw new InvalidOperationException($"W4 {what}: {value.Type} {y} != {yRef}");
        }
        const double h = 1e-6;
        double fd = (ChainScalar(Start + h) - ChainScalar(Start - h)) / (2 * h);
        foreach (var (what, grad) in new[] { ("Grad", Jax.Grad(Chain)(x)), ("JitGrad", jitGrad(x)) })
        {
            double g = (double)grad;
            if (grad.DType != DType.Float64 || grad.Rank != 0 || !(Math.Abs(g - fd) <= 1e-6))
                throw new InvalidOperationException($"W4 {what}: {grad.Type} {g} differs from the finite difference {fd}");
        }
        WarmUp();
    }

    /// Eager forward pass (no tape), compare with torch-fwd-nograd.
    [Benchmark(OperationsPerInvoke = OpsPerChain)]
    public NDArray Forward() => Chain(x);

    /// Forward + backward through Jax.Grad, compare with torch-fwd-bwd and functorch-grad.
    /// The transform is applied inside the timed body, as a user calling Grad(f)(x) would.
    [Benchmark(OperationsPerInvoke = OpsPerChain)]
    public NDArray Grad() => Jax.Grad(Chain)(x);

    /// Jit(chain): the compiled forward program, per op.
    [Benchmark(OperationsPerInvoke = OpsPerChain)]
    public NDArray JitForward() => jitForward(x);

    /// Jit(Grad(chain)): the compiled gradient program, per op (target ≤ 0.05 µs/op).
    [Benchmark(OperationsPerInvoke = OpsPerChain)]
    public NDArray JitGrad() => jitGrad(x);
}
