using System;
using BenchmarkDotNet.Attributes;

namespace Functional.AD.Benchmarks;

/// W2 (BENCHMARKS.md), eager: f(x) = sum(tanh(x) * exp(-x*x) + sin(x)) over 1e6 elements drawn
/// uniformly from [-2, 2], f32 and f64; forward alone and value-and-grad, as
/// ../shared/bench-ref/w2_elementwise.py measures torch-fwd and torch-autograd-vg.
/// A fixed 12 calls per iteration: BenchmarkDotNet's pilot stage runs before the kernels are tiered
/// up, overestimates the call time several-fold and would otherwise settle on 2-4 calls per iteration.
[InvocationCount(12)]
public class W2ElementwiseBenchmarks
{
    public const int N = 1_000_000;

    [Params(DType.Float32, DType.Float64)]
    public DType Dtype { get; set; }

    private NDArray x = null!;

    public static NDArray F(NDArray x) => Np.Sum(Np.Tanh(x) * Np.Exp(-x * x) + Np.Sin(x));

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(0);
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
        double y = (double)F(x);
        var (value, grad) = Jax.ValueAndGrad(F)(x);
        var g = grad.ToArray<double>();
        double sumTol = f32 ? 1.0 : 1e-8, gTol = f32 ? 1e-4 : 1e-10;
        if (Math.Abs(y - sum) > sumTol || Math.Abs((double)value - sum) > sumTol)
            throw new InvalidOperationException($"W2 {Dtype}: value {y} / {(double)value}, expected {sum}");
        if (grad.DType != Dtype || g.Length != N)
            throw new InvalidOperationException($"W2 {Dtype}: gradient is {grad.DType}[{g.Length}]");
        for (int i = 0; i < N; i++)
            if (Math.Abs(g[i] - gRef[i]) > gTol)
                throw new InvalidOperationException($"W2 {Dtype}: grad[{i}] = {g[i]}, expected {gRef[i]}");
    }

    /// Eager forward (no tape), compare with torch-fwd (under no_grad).
    [Benchmark]
    public NDArray Forward() => F(x);

    /// Value and gradient, compare with torch-autograd-vg and functorch-grad_and_value.
    [Benchmark]
    public (NDArray Value, NDArray Grad) ValueAndGrad() => Jax.ValueAndGrad(F)(x);
}
