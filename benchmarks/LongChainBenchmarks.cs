using System;
using System.Globalization;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;

namespace Functional.AD.Benchmarks;

/// Scale, not speed per op: a chain of 10^5 scalar steps (x 1.5, / 1.5, + 1e-5 sin, - 1e-6, repeated: 150,000
/// primitives) through eager ValueAndGrad and through Jit, Grad(Jit) and Jit(Grad) on their first call (trace,
/// optimize, compile, run) and Jit's later calls. tests/Properties/Concurrency/LongChainTests.cs runs the same chain
/// on a 1 MB stack (no recursion overflows); this class reports how long it takes and how much it allocates
/// (MemoryDiagnoser), and GlobalSetup prints one line "LONGCHAIN-MEMORY {json}" with the bytes the eager pullback
/// retains (Diagnostics.LiveBytes() while the pullback of Jax.Vjp is alive, minus before). Each invocation takes
/// up to seconds, so the job here is 1 warmup and 5 single-call iterations.
///
///   FAD_BENCH_THREADS=1 dotnet run -c Release --project benchmarks --artifacts-path /tmp/art-bench -- --filter '*LongChain*'
[WarmupCount(1)]
[IterationCount(5)]
[InvocationCount(1, 1)]
public class LongChainBenchmarks : ThreadedBenchmark
{
    public const int Steps = 100_000;
    public const string MemoryMarker = "LONGCHAIN-MEMORY ";

    private NDArray x = null!;
    private Func<NDArray, NDArray> jitted = null!;

    /// The chain, as a user would write it.
    public static NDArray Chain(NDArray y)
    {
        for (int i = 0; i < Steps; i++)
            y = (i % 4) switch { 0 => y * 1.5, 1 => y / 1.5, 2 => y + (Np.Sin(y) * 1e-5), _ => y - 1e-6 };
        return y;
    }

    /// The chain and its derivative in doubles (for the checks in GlobalSetup).
    private static (double Value, double Derivative) Reference(double y)
    {
        double d = 1;
        for (int i = 0; i < Steps; i++)
        {
            if (i % 4 == 0) { y *= 1.5; d *= 1.5; }
            else if (i % 4 == 1) { y /= 1.5; d /= 1.5; }
            else if (i % 4 == 2) { d *= 1 + (Math.Cos(y) * 1e-5); y += Math.Sin(y) * 1e-5; }
            else y -= 1e-6;
        }
        return (y, d);
    }

    [GlobalSetup]
    public void Setup()
    {
        ApplyThreads();
        x = Np.Scalar(0.3);
        jitted = Jax.Jit((Func<NDArray, NDArray>)Chain);
        var (value, derivative) = Reference(0.3);
        Check("eager value", value, (double)Chain(x));
        Check("eager gradient", derivative, (double)Jax.Grad((Func<NDArray, NDArray>)Chain)(x));
        Check("jitted value", value, (double)jitted(x));
        Check("gradient of the jitted chain", derivative, (double)Jax.Grad(jitted)(x));
        long before = Diagnostics.LiveBytes();
        long retained = RetainedByPullback(x, before);
        Console.WriteLine(MemoryMarker + string.Format(CultureInfo.InvariantCulture,
            "{{\"threads\": {0}, \"steps\": {1}, \"eager_pullback_retained_bytes\": {2}}}", Threads, Steps, retained));
    }

    private static void Check(string what, double expected, double actual)
    {
        if (!(Math.Abs(expected - actual) <= 1e-9 * Math.Abs(expected)))
            throw new InvalidOperationException($"LongChain {what}: {actual:R}, expected {expected:R}");
    }

    // Kept out of line so that no hidden local of the caller keeps the pullback alive after it returns.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long RetainedByPullback(NDArray x, long before)
    {
        var (value, pullback) = Jax.Vjp((Func<NDArray, NDArray>)Chain, x);
        long retained = Diagnostics.LiveBytes() - before;
        GC.KeepAlive(pullback);
        GC.KeepAlive(value);
        return retained;
    }

    /// Eager forward and backward pass over the whole chain.
    [Benchmark]
    public (NDArray, NDArray) EagerValueAndGrad() => Jax.ValueAndGrad((Func<NDArray, NDArray>)Chain)(x);

    /// A new Jit(chain) called once: tracing, the compiler passes, fusion planning and one run.
    [Benchmark]
    public NDArray JitFirstCall() => Jax.Jit((Func<NDArray, NDArray>)Chain)(x);

    /// The compiled chain called again.
    [Benchmark]
    public NDArray JitLaterCall() => jitted(x);

    /// Grad of a new Jit(chain): tracing, then linearizing and transposing the jitted program.
    [Benchmark]
    public NDArray GradOfJitFirstCall() => Jax.Grad(Jax.Jit((Func<NDArray, NDArray>)Chain))(x);

    /// A new Jit(Grad(chain)) called once: tracing the forward and backward passes, then compiling both.
    [Benchmark]
    public NDArray JitGradFirstCall() => Jax.Jit(Jax.Grad((Func<NDArray, NDArray>)Chain))(x);
}
