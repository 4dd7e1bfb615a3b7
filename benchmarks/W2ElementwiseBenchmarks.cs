using System;
using BenchmarkDotNet.Attributes;

namespace Functional.AD.Benchmarks;

/// W2 (BENCHMARKS.md): f(x) = sum(tanh(x) * exp(-x*x) + sin(x)) over 1e6 elements drawn
/// uniformly from [-2, 2], f32 and f64; forward alone and value-and-grad, eager (as
/// ../shared/bench-ref/w2_elementwise.py measures torch-fwd and torch-autograd-vg) and under Jax.Jit
/// (`Jit(f)`, `Jit(ValueAndGrad(f))`, compared with the one fused C pass of bench-ref/w2_fused.c).
/// The jitted functions are built once per case in GlobalSetup (after the thread budget is set).
/// A fixed 12 calls per iteration: BenchmarkDotNet's pilot stage runs before the kernels are tiered
/// up, overestimates the call time several-fold and would otherwise settle on 2-4 calls per iteration.
[InvocationCount(12)]
public class W2ElementwiseBenchmarks : ThreadedBenchmark
{
    public const int N = 1_000_000;

    [Params(DType.Float32, DType.Float64)]
    public DType Dtype { get; set; }

    private NDArray x = null!;
    private Func<NDArray, NDArray> jitF = null!;
    private Func<NDArray, (NDArray Value, NDArray Grad)> jitValueAndGrad = null!;

    public static NDArray F(NDArray x) => Np.Sum(Np.Tanh(x) * Np.Exp(-x * x) + Np.Sin(x));

    [GlobalSetup]
    public void Setup()
    {
        ApplyThreads();
        jitF = Jax.Jit(F);
        jitValueAndGrad = Jax.Jit<NDArray, (NDArray Value, NDArray Grad)>(Jax.ValueAndGrad(F));
        var rng = new System.Random(0);
        var data = new double[N];
        for (int i = 0; i < N; i++) data[i] = rng.NextDouble() * 4 - 2;

        if (Dtype == DType.Float32)
        {
            var f = new float[N];
            for (int i = 0; i < N; i++) f[i] = (float)data[i];
            x = Np.FromFlat(f, new[] { N });
            for (int i = 0; i < N; i++) data[i] = f[i];   // check against the rounded inputs
        }
        else
        {
            x = Np.FromFlat(data, new[] { N });
        }
        if (x.DType != Dtype) throw new InvalidOperationException($"W2 input is {x.DType}, expected {Dtype}");
        Check(data);
        WarmUp();
    }

    /// Value and gradient against a plain double loop with the analytic derivative
    /// g = (1 - t^2) e - 2 x t e + cos(x), t = tanh(x), e = exp(-x^2).
    private void Check(double[] data)
    {
        double sum = 0;
        var gRef = new double[N];
        for (int i = 0; i < N; i++)
        {
            double v = data[i], t = Math.Tanh(v), e = Math.Exp(-v * v);
            sum += t * e + Math.Sin(v);
            gRef[i] = (1 - t * t) * e - 2 * v * t * e + Math.Cos(v);
        }
        bool f32 = Dtype == DType.Float32;
        double sumTol = f32 ? 1.0 : 1e-8, gTol = f32 ? 1e-4 : 1e-10;
        foreach (var (what, value) in new[] { ("Forward", F(x)), ("JitForward", jitF(x)) })
            CheckValue(what, value, sum, sumTol);
        foreach (var (what, vg) in new[] { ("ValueAndGrad", Jax.ValueAndGrad(F)(x)), ("JitValueAndGrad", jitValueAndGrad(x)) })
        {
            CheckValue(what, vg.Value, sum, sumTol);
            var (_, grad) = vg;
            var g = grad.ToArray<double>();
            if (grad.DType != Dtype || g.Length != N)
                throw new InvalidOperationException($"W2 {Dtype} {what}: gradient is {grad.DType}[{g.Length}]");
            for (int i = 0; i < N; i++)
                if (!(Math.Abs(g[i] - gRef[i]) <= gTol))
                    throw new InvalidOperationException($"W2 {Dtype} {what} (threads {Threads}): grad[{i}] = {g[i]}, expected {gRef[i]}");
        }
    }

    private void CheckValue(string what, NDArray value, double expected, double tol)
    {
        if (value.DType != Dtype || value.Rank != 0)
            throw new InvalidOperationException($"W2 {Dtype} {what}: value is {value.Type}");
        double y = (double)value;
        if (!(Math.Abs(y - expected) <= tol))
            throw new InvalidOperationException($"W2 {Dtype} {what} (threads {Threads}): value {y}, expected {expected}");
    }

    /// Eager forward (no tape), compare with torch-fwd (under no_grad).
    [Benchmark]
    public NDArray Forward() => F(x);

    /// Value and gradient, compare with torch-autograd-vg and functorch-grad_and_value.
    [Benchmark]
    public (NDArray Value, NDArray Grad) ValueAndGrad() => Jax.ValueAndGrad(F)(x);

    /// Jit(f): compare with the fused C forward pass (c-fused-fwd) and torch-fwd.
    [Benchmark]
    public NDArray JitForward() => jitF(x);

    /// Jit(ValueAndGrad(f)): compare with the fused C value-and-grad pass (c-fused-vg, target ≤ 1.5x).
    [Benchmark]
    public (NDArray Value, NDArray Grad) JitValueAndGrad() => jitValueAndGrad(x);
}
