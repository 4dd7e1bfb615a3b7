using System;
using BenchmarkDotNet.Attributes;

namespace Functional.AD.Benchmarks;

/// W4 (BENCHMARKS.md): dispatch overhead of tiny ops. A 0-d f64 value goes through a chain of 100
/// elementwise ops, 33 x [sin, * 1.01, + 0.1] then one final sin, exactly as
/// ../shared/bench-ref/w4_small_ops.py does it. OperationsPerInvoke = 100, so the reported
/// times are per op (µs/op), the unit the PyTorch reference prints.
public class W4SmallOpsBenchmarks
{
    public const int OpsPerChain = 100;
    private const double Start = 0.5;

    private NDArray x = null!;

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
        x = Np.Scalar(Start);
        if (x.DType != DType.Float64 || x.Rank != 0)
            throw new InvalidOperationException($"W4 input should be f64[], got {x.DType} rank {x.Rank}");

        // The benchmarked functions must compute the right thing.
        double y = (double)Chain(x), yRef = ChainScalar(Start);
        if (Math.Abs(y - yRef) > 1e-12)
            throw new InvalidOperationException($"W4 forward: {y} != {yRef}");
        double g = (double)Jax.Grad(Chain)(x);
        const double h = 1e-6;
        double fd = (ChainScalar(Start + h) - ChainScalar(Start - h)) / (2 * h);
        if (Math.Abs(g - fd) > 1e-6)
            throw new InvalidOperationException($"W4 grad: {g} differs from the finite difference {fd}");
    }

    /// Eager forward pass (no tape), compare with torch-fwd-nograd.
    [Benchmark(OperationsPerInvoke = OpsPerChain)]
    public NDArray Forward() => Chain(x);

    /// Forward + backward through Jax.Grad, compare with torch-fwd-bwd and functorch-grad.
    /// The transform is applied inside the timed body, as a user calling Grad(f)(x) would.
    [Benchmark(OperationsPerInvoke = OpsPerChain)]
    public NDArray Grad() => Jax.Grad(Chain)(x);
}
