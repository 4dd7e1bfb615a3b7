using System;
using System.Linq;
using FsCheck.Fluent;
using MathNet.Numerics;
using Xunit;

namespace Functional.AD.Properties.Numpy;

/// <summary>
/// Lax.Erfc, ErfInv, Lgamma, Digamma and Polygamma against MathNet.Numerics and series written from their
/// definitions, at random points, at the poles and in the tails; their derivatives against each other.
/// </summary>
public class SpecialFunctionTests
{
    private static void Close(double expected, double actual, double rel, double abs, string what)
    {
        if (double.IsNaN(expected) && double.IsNaN(actual)) return;
        if (expected == actual) return;
        Assert.True(Math.Abs(expected - actual) <= abs + rel * Math.Abs(expected), $"{what}: expected {expected:R}, got {actual:R}");
    }

    /// <summary>ψ^(m)(x) = (-1)^(m+1) m! Σ_k 1/(x+k)^(m+1), summed directly with the integral of the tail.</summary>
    private static double PolygammaSeries(int m, double x)
    {
        double sum = 0;
        const int n = 200000;
        for (int k = n - 1; k >= 0; k--) sum += Math.Pow(x + k, -(m + 1));
        sum += Math.Pow(x + n, -m) / m + 0.5 * Math.Pow(x + n, -(m + 1));
        double factorial = Enumerable.Range(1, m).Aggregate(1.0, (a, b) => a * b);
        return ((m & 1) == 1 ? 1 : -1) * factorial * sum;
    }

    private static readonly FsCheck.Gen<double> Positive = FsCheck.Fluent.Gen.Choose(1, 400000).Select(i => i / 10000.0);

    [Fact]
    public void Lgamma_and_digamma_match_MathNet_for_positive_arguments() =>
        PropertyCheck.ForAll(Positive, x =>
        {
            Close(SpecialFunctions.GammaLn(x), (double)Lax.Lgamma(Np.Scalar(x)), 1e-13, 1e-14, $"lgamma({x})");
            Close(SpecialFunctions.DiGamma(x), (double)Lax.Digamma(Np.Scalar(x)), 1e-13, 1e-14, $"digamma({x})");
        }, maxTest: 300);

    [Fact]
    public void Lgamma_and_digamma_follow_the_reflection_formulas_below_zero()
    {
        foreach (var x in new[] { -0.5, -1.25, -2.75, -7.1, -0.001 })
        {
            // |Γ(x)| = π / (|sin(πx)| Γ(1 - x)); ψ(x) = ψ(1 - x) - π cot(πx), with MathNet's values at 1 - x > 0
            Close(Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - SpecialFunctions.GammaLn(1 - x), (double)Lax.Lgamma(Np.Scalar(x)), 1e-12, 1e-13, $"lgamma({x})");
            Close(SpecialFunctions.DiGamma(1 - x) - Math.PI / Math.Tan(Math.PI * x), (double)Lax.Digamma(Np.Scalar(x)), 1e-11, 1e-12, $"digamma({x})");
        }
        var poles = Np.Array(0.0, -1.0, -4.0);
        Assert.All(Lax.Lgamma(poles).ToArray<double>(), v => Assert.Equal(double.PositiveInfinity, v));
        Assert.All(Lax.Digamma(poles).ToArray<double>(), v => Assert.True(double.IsNaN(v)));
        Assert.Equal(0.0, (double)Lax.Lgamma(Np.Scalar(1.0)), 1e-14);
        Assert.Equal(0.0, (double)Lax.Lgamma(Np.Scalar(2.0)), 1e-14);
        Close(-0.5772156649015329, (double)Lax.Digamma(Np.Scalar(1.0)), 4e-15, 0, "digamma(1) = -γ");
    }

    [Fact]
    public void Polygamma_matches_its_series_and_is_the_derivative_of_the_order_below()
    {
        foreach (var m in new[] { 1, 2, 3 })
            foreach (var x in new[] { 0.25, 1.0, 2.5, 11.0, -0.5, -2.3 })
            {
                double expected = x > 0 ? PolygammaSeries(m, x) : PolygammaSeries(m, x + 3) + Enumerable.Range(0, 3).Sum(k =>
                    ((m & 1) == 1 ? 1 : -1) * Enumerable.Range(1, m).Aggregate(1.0, (a, b) => a * b) * Math.Pow(x + k, -(m + 1)));
                Close(expected, (double)Lax.Polygamma(m, Np.Scalar(x)), 1e-10, 1e-12, $"polygamma({m}, {x})");
            }
        // derivatives: lgamma' = digamma, digamma' = polygamma(1), polygamma(1)' = polygamma(2)
        var xs = Np.Array(0.7, 1.5, 4.0);
        Assert.Equal(Lax.Digamma(xs).ToArray<double>(), Jax.Vmap(Jax.Grad((NDArray v) => Lax.Lgamma(v)))(xs).ToArray<double>());
        Assert.Equal(Lax.Polygamma(1, xs).ToArray<double>(), Jax.Vmap(Jax.Grad((NDArray v) => Lax.Digamma(v)))(xs).ToArray<double>());
        Assert.Equal(Lax.Polygamma(2, xs).ToArray<double>(), Jax.Vmap(Jax.Grad(Jax.Grad((NDArray v) => Lax.Digamma(v))))(xs).ToArray<double>());
        Assert.Throws<ArgumentOutOfRangeException>(() => Lax.Polygamma(0, xs));
    }

    [Fact]
    public void ErfInv_inverts_erf_to_double_precision_and_matches_MathNet() =>
        PropertyCheck.ForAll(FsCheck.Fluent.Gen.Choose(-999999, 999999).Select(i => i / 1e6), y =>
        {
            double x = (double)Lax.ErfInv(Np.Scalar(y));
            Close(SpecialFunctions.ErfInv(y), x, 1e-13, 1e-15, $"erfinv({y})");
            Close(y, (double)Lax.Erf(Np.Scalar(x)), 1e-15, 1e-16, $"erf(erfinv({y}))");
        }, maxTest: 300);

    [Fact]
    public void ErfInv_edges_tails_and_derivative()
    {
        var v = Lax.ErfInv(Np.Array(-1.0, 1.0, 1.5, 0.0, -0.0, 1 - 1e-15)).ToArray<double>();
        Assert.Equal(double.NegativeInfinity, v[0]);
        Assert.Equal(double.PositiveInfinity, v[1]);
        Assert.True(double.IsNaN(v[2]));
        Assert.Equal(0.0, v[3]);
        Assert.True(double.IsNegative(v[4]));
        // in the tail, erfc(x) = 1 - y is met to full relative precision
        Close(1 - (1 - 1e-15), SpecialFunctions.Erfc(v[5]), 1e-12, 0, "erfc(erfinv(1 - 1e-15))");
        foreach (var t in new[] { 1e-9, 1e-12, 3e-16 })
        {
            double y = 1 - t, root = (double)Lax.ErfInv(Np.Scalar(y));
            Close(1 - y, SpecialFunctions.Erfc(root), 1e-12, 0, $"erfc(erfinv(1 - {t}))");
            Assert.Equal(-root, (double)Lax.ErfInv(Np.Scalar(-y)));
        }
        // d erfinv(y) = √π/2 e^(erfinv(y)²)
        var ys = Np.Array(-0.8, 0.1, 0.95);
        var g = Jax.Vmap(Jax.Grad((NDArray y) => Lax.ErfInv(y)))(ys).ToArray<double>();
        var x = Lax.ErfInv(ys).ToArray<double>();
        for (int i = 0; i < 3; i++) Close(Math.Sqrt(Math.PI) / 2 * Math.Exp(x[i] * x[i]), g[i], 1e-14, 0, "erfinv'");
        // f32 is rounded from f64
        Assert.Equal((float)SpecialFunctions.ErfInv(0.5), Lax.ErfInv(Np.Array(0.5f)).ToArray<float>()[0], 1e-7f);
    }

    /// <summary>
    /// The f32 erf_inv (Giles' single-precision polynomial, the kernel ErfInvKernelTests holds to a few ulps) is one
    /// function however it runs: eager, jitted (a fused group large enough for the compiled loop, so erf_inv runs inside
    /// it between other operations) and the kernel's scalar form agree bit for bit.
    /// </summary>
    [Fact]
    public void ErfInv_of_floats_is_the_same_eager_jitted_and_fused() =>
        PropertyCheck.ForAll(
            from n in FsCheck.Fluent.Gen.Choose(1, 3000)
            from seed in FsCheck.Fluent.Gen.Choose(0, 1000)
            select (n, seed),
            c =>
            {
                var rng = new System.Random(c.seed);
                var ys = Enumerable.Range(0, c.n).Select(i => i % 5 == 0 ? 1 - (float)Math.Pow(2, -24 * rng.NextDouble()) : (float)(rng.NextDouble() * 2 - 1)).ToArray();
                var x = Np.Array(ys);
                var eager = Lax.ErfInv(x).ToArray<float>();
                var jitted = Jax.Jit((NDArray v) => Lax.ErfInv(v))(x).ToArray<float>();
                // sqrt(2) erfinv(0.999 v): the fused group the samplers compile, erf_inv between two multiplies
                var fused = Jax.Jit((NDArray v) => Np.Multiply(Np.Array(1.5f), Lax.ErfInv(Np.Multiply(v, Np.Array(0.999f)))))(x).ToArray<float>();
                for (int i = 0; i < c.n; i++)
                {
                    Assert.Equal(FastMath.ErfInvScalar(ys[i]), eager[i]);
                    Assert.Equal(eager[i], jitted[i]);
                    Assert.Equal(1.5f * FastMath.ErfInvScalar(ys[i] * 0.999f), fused[i]);
                }
            }, 30);

    [Fact]
    public void Erfc_keeps_relative_accuracy_in_its_tail()
    {
        foreach (var x in new[] { -3.0, 0.2, 1.7, 5.0, 12.0, 26.0 })
            Close(SpecialFunctions.Erfc(x), (double)Lax.Erfc(Np.Scalar(x)), 1e-13, 0, $"erfc({x})");
        var error = Assert.Throws<ArgumentException>(() => Lax.Erfc(Np.Array(1, 2)));
        Assert.Contains("Lax.Erfc", error.Message);
    }
}
