using System;
using BenchmarkDotNet.Attributes;

namespace Functional.AD.Benchmarks;

/// W5 (BENCHMARKS.md): Hessian-vector product of f(x) = sum(x^4/4 - x^2/2 + sin(x) x), n = 1e5, f64,
/// x and v standard normal, as ../shared/bench-ref/w5_hvp.py measures it.
///
/// Variants (reference impl in brackets):
///   F              eager f (no tape)                                  [torch-f]
///   Grad           Jax.Grad(f)(x)                                     [functorch-grad, torch-autograd-grad]
///   Hvp            Jax.Hvp(f, x, v) = Jvp(Grad(f), x, v).Tangent      [functorch-hvp-fwd-over-rev]
///   HvpRevOverRev  Vjp(Grad(f), x).Pullback(v)                        [functorch-hvp-rev-over-rev, torch-functional-hvp/vhp]
///   JitF / JitGrad / JitHvp   the same under Jax.Jit (built once per case in GlobalSetup)
/// compare.py reports each time also as a multiple of our eager F (target: Hvp ≤ 3x f) and of
/// functorch's fwd-over-rev HVP (target ≤ 0.5x).
public class W5HvpBenchmarks : ThreadedBenchmark
{
    public const int N = 100_000;

    private NDArray x = null!, v = null!;
    private Func<NDArray, NDArray> jitF = null!, jitGrad = null!;
    private Func<NDArray, NDArray, NDArray> jitHvp = null!;

    /// x^4/4 - x^2/2 + sin(x) x, summed (x ** 4 and x ** 2 are integer powers, as in torch).
    public static NDArray Objective(NDArray x) => Np.Sum(Np.Power(x, 4) / 4 - Np.Power(x, 2) / 2 + Np.Sin(x) * x);

    public static NDArray HvpOf(NDArray x, NDArray v) => Jax.Hvp(Objective, x, v);

    public static NDArray RevOverRev(NDArray x, NDArray v) => Jax.Vjp(Jax.Grad(Objective), x).Pullback(v);

    [GlobalSetup]
    public void Setup()
    {
        ApplyThreads();
        var rng = new System.Random(0);
        var xs = new double[N];
        var vs = new double[N];
        for (int i = 0; i < N; i++) xs[i] = W6PerExampleBenchmarks.StandardNormal(rng);
        for (int i = 0; i < N; i++) vs[i] = W6PerExampleBenchmarks.StandardNormal(rng);
        x = Np.FromFlat(xs, new[] { N });
        v = Np.FromFlat(vs, new[] { N });
        jitF = Jax.Jit(Objective);
        jitGrad = Jax.Jit(Jax.Grad(Objective));
        jitHvp = Jax.Jit((NDArray a, NDArray b) => HvpOf(a, b));
        Check(xs, vs);
        WarmUp();
    }

    /// f against a double loop; every gradient against x^3 - x + sin x + x cos x and every HVP against the
    /// analytic diagonal Hessian (3x^2 - 1 + 2 cos x - x sin x) v, |a - b| ≤ 1e-10 + 1e-10 |b| (torch.allclose as
    /// in the python script).
    private void Check(double[] xs, double[] vs)
    {
        double fRef = 0;
        var gRef = new double[N];
        var hvRef = new double[N];
        for (int i = 0; i < N; i++)
        {
            double a = xs[i], s = Math.Sin(a), c = Math.Cos(a);
            fRef += a * a * a * a / 4 - a * a / 2 + s * a;
            gRef[i] = a * a * a - a + s + a * c;
            hvRef[i] = (3 * a * a - 1 + 2 * c - a * s) * vs[i];
        }
        foreach (var (what, value) in new[] { ("F", F()), ("JitF", JitF()) })
        {
            if (value.DType != DType.Float64 || value.Rank != 0)
                throw new InvalidOperationException($"W5 {what}: result is {value.Type}, expected f64[]");
            double y = (double)value;
            if (!(Math.Abs(y - fRef) <= 1e-9 * Math.Max(1, Math.Abs(fRef))))
                throw new InvalidOperationException($"W5 {what}: {y}, expected {fRef}");
        }
        foreach (var (what, g, expected) in new[]
                 {
                     ("Grad", Grad(), gRef), ("JitGrad", JitGrad(), gRef),
                     ("Hvp", Hvp(), hvRef), ("HvpRevOverRev", HvpRevOverRev(), hvRef), ("JitHvp", JitHvp(), hvRef),
                 })
        {
            if (g.DType != DType.Float64 || g.Rank != 1 || g.Shape[0] != N)
                throw new InvalidOperationException($"W5 {what}: result is {g.Type}, expected f64[{N}]");
            var a = g.ToArray<double>();
            for (int i = 0; i < N; i++)
                if (!(Math.Abs(a[i] - expected[i]) <= 1e-10 + 1e-10 * Math.Abs(expected[i])))
                    throw new InvalidOperationException($"W5 {what} (threads {Threads}): [{i}] = {a[i]}, expected {expected[i]}");
        }
    }

    /// Eager f: compare with torch-f; the yardstick of the Hvp/f ratio.
    [Benchmark]
    public NDArray F() => Objective(x);

    /// Grad(f)(x): compare with functorch-grad.
    [Benchmark]
    public NDArray Grad() => Jax.Grad(Objective)(x);

    /// Forward-over-reverse HVP, Jax.Hvp(f, x, v): compare with functorch-hvp-fwd-over-rev (target ≤ 0.5x, ≤ 3x f).
    /// Eager, but staged: traced on every call and run as one compiled program (cached by the jaxpr's structure).
    [Benchmark]
    public NDArray Hvp() => HvpOf(x, v);

    /// Reverse-over-reverse HVP, Vjp(Grad(f), x).Pullback(v): compare with functorch-hvp-rev-over-rev.
    [Benchmark]
    public NDArray HvpRevOverRev() => RevOverRev(x, v);

    /// Jit(f).
    [Benchmark]
    public NDArray JitF() => jitF(x);

    /// Jit(Grad(f)).
    [Benchmark]
    public NDArray JitGrad() => jitGrad(x);

    /// Jit of the forward-over-reverse HVP function (x, v) => Hvp(f, x, v).
    [Benchmark]
    public NDArray JitHvp() => jitHvp(x, v);
}
