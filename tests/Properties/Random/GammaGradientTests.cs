using System;
using System.Linq;
using Xunit;

namespace Functional.AD.Properties.Sampling;

/// <summary>
/// Gradients of Gamma, Beta and Dirichlet samples with respect to their shape parameters (implicit
/// reparameterization, the <c>random_gamma_grad</c> primitive). At a fixed key each sample x is checked against
/// -(∂P(a, x)/∂a) / p(a, x) with P and p computed here independently (series and continued fraction of the
/// regularized incomplete gamma function, ∂/∂a by a fourth-order central difference). The expected gradients are
/// checked against analytic derivatives of expectations (d/da E[x] = 1 and d/da E[log x] = ψ'(a) for Gamma(a), and
/// the Beta and Dirichlet means) within 6 standard errors. A sample is NOT compared with a finite difference of the
/// sampler in a: Marsaglia-Tsang's x(a) at a fixed key is a different (pathwise) map than the inverse CDF, so the two
/// derivatives differ sample by sample and agree only in expectation.
/// </summary>
public class GammaGradientTests
{
    private static double[] D(NDArray x) => x.ToArray<double>();

    /// <summary>
    /// The smaller of the regularized incomplete gamma functions, to about 1e-15 relative: P(a, x) by its series for
    /// x &lt; a + 1 (Lower true), else Q(a, x) = 1 - P by Lentz's continued fraction (Lower false), so neither
    /// is read off as a difference from 1.
    /// </summary>
    private static double SmallerTail(double a, double x, out bool lower, bool? forceLower = null)
    {
        double logFactor = a * Math.Log(x) - x - AccurateMath.Lgamma(a);
        lower = forceLower ?? x < a + 1;
        if (lower)
        {
            double term = 1 / a, sum = term;
            for (int n = 1; n < 100_000 && Math.Abs(term) > 1e-17 * Math.Abs(sum); n++)
            {
                term *= x / (a + n);
                sum += term;
            }
            return sum * Math.Exp(logFactor);
        }
        double b = x + 1 - a, c = 1 / 1e-300, d = 1 / b, h = d;
        for (int i = 1; i < 100_000; i++)
        {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.Abs(d) < 1e-300) d = 1e-300;
            c = b + an / c;
            if (Math.Abs(c) < 1e-300) c = 1e-300;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < 1e-16) break;
        }
        return Math.Exp(logFactor) * h;
    }

    /// <summary>dx/da of a Gamma(a) sample x by the implicit function theorem, from <see cref="SmallerTail"/> (dP/da = -dQ/da).</summary>
    private static double ReferenceGrad(double a, double x)
    {
        double h = 1e-3 * Math.Min(a, 1);
        SmallerTail(a, x, out bool lower);
        double F(double s) => (lower ? 1 : -1) * SmallerTail(s, x, out _, lower);
        double dPda = (8 * (F(a + h) - F(a - h)) - (F(a + 2 * h) - F(a - 2 * h))) / (12 * h);
        double pdf = Math.Exp((a - 1) * Math.Log(x) - x - AccurateMath.Lgamma(a));
        return -dPda / pdf;
    }

    private static void AssertClose(double expected, double actual, double rtol, string what) =>
        Assert.True(Math.Abs(actual - expected) <= rtol * Math.Abs(expected) + 1e-300, $"{what}: got {actual}, expected {expected}");

    [Theory]
    [InlineData(0.05)]
    [InlineData(0.3)]
    [InlineData(1.0)]
    [InlineData(2.5)]
    [InlineData(10.0)]
    [InlineData(100.0)]
    [InlineData(1000.0)]
    public void Gamma_grad_is_the_implicit_derivative_of_the_cdf_at_each_sample(double a)
    {
        var key = Random.Key(0);
        var alphas = Np.Full(new[] { 64 }, a);
        var x = D(Random.Gamma(key, alphas));
        var grad = D(Jax.Grad((NDArray al) => Random.Gamma(key, al).Sum())(alphas));
        var logX = D(Random.LogGamma(key, alphas));
        var logGrad = D(Jax.Grad((NDArray al) => Np.Exp(Random.LogGamma(key, al)).Sum())(alphas));
        for (int i = 0; i < x.Length; i++)
        {
            AssertClose(ReferenceGrad(a, x[i]), grad[i], 1e-5, $"Gamma({a}) sample {x[i]}");
            AssertClose(ReferenceGrad(a, Math.Exp(logX[i])), logGrad[i], 1e-5, $"LogGamma({a}) sample {Math.Exp(logX[i])}");
        }
    }

    [Fact]
    public void Gamma_grad_agrees_across_jvp_jit_vmap_and_f32()
    {
        var key = Random.Key(1);
        var alphas = Np.Array(0.4, 1.7, 6.0);
        Func<NDArray, NDArray> sample = al => Random.Gamma(key, al);
        var grad = D(Jax.Grad((NDArray al) => sample(al).Sum())(alphas));
        // each sample depends only on its own parameter, so the JVP along ones is the gradient
        Assert.Equal(grad, D(Jax.Jvp(sample, alphas, Np.OnesLike(alphas)).Tangent));
        Assert.Equal(grad, D(Jax.Jit(Jax.Grad((NDArray al) => sample(al).Sum()))(alphas)));
        var keys = Random.Split(Random.Key(2), 3);
        var batched = D(Jax.Vmap((PRNGKey k) => Jax.Grad((NDArray al) => Random.Gamma(k, al).Sum())(alphas))(keys));
        for (int i = 0; i < 3; i++)
            Assert.Equal(D(Jax.Grad((NDArray al) => Random.Gamma(keys[i], al).Sum())(alphas)), batched.Skip(3 * i).Take(3).ToArray());
        // Vmap over rows of shape parameters (the custom rule's batching), and Grad of a jitted sampler
        var rows = Np.Array(new[,] { { 0.4, 1.7, 6.0 }, { 3.0, 0.9, 12.0 } });
        var perRow = D(Jax.Vmap((NDArray al) => Jax.Grad((NDArray b) => Random.Gamma(key, b).Sum())(al))(rows));
        Assert.Equal(grad, perRow.Take(3).ToArray());
        Assert.Equal(D(Jax.Grad((NDArray al) => Random.Gamma(key, al).Sum())(Np.Array(3.0, 0.9, 12.0))), perRow.Skip(3).ToArray());
        Assert.Equal(grad, D(Jax.Grad((NDArray al) => Jax.Jit((NDArray b) => Random.Gamma(key, b))(al).Sum())(alphas)));
        var x32 = Random.Gamma(key, Np.Array(0.4f, 1.7f, 6.0f), dtype: DType.Float32).ToArray<float>();
        var g32 = Jax.Grad((NDArray al) => Random.Gamma(key, al, dtype: DType.Float32).Sum())(Np.Array(0.4f, 1.7f, 6.0f));
        Assert.Equal(DType.Float32, g32.DType);
        var g32v = g32.ToArray<float>();
        for (int i = 0; i < 3; i++) AssertClose(ReferenceGrad(new[] { 0.4, 1.7, 6.0 }[i], x32[i]), g32v[i], 1e-4, "f32");
    }

    /// <summary>The mean of per-sample estimates against an exact value, within 6 standard errors.</summary>
    private static void AssertMeanNear(double[] estimates, double exact, string what)
    {
        double m = estimates.Average();
        double sd = Math.Sqrt(estimates.Sum(e => (e - m) * (e - m)) / (estimates.Length - 1));
        Assert.True(Math.Abs(m - exact) < 6 * sd / Math.Sqrt(estimates.Length), $"{what}: mean {m} ± {sd / Math.Sqrt(estimates.Length)}, expected {exact}");
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(3.0)]
    public void Gamma_grads_average_to_the_derivatives_of_its_expectations(double a)
    {
        const int n = 20_000;
        var key = Random.Key(3);
        var alphas = Np.Full(new[] { n }, a);
        var x = D(Random.Gamma(key, alphas));
        var g = D(Jax.Grad((NDArray al) => Random.Gamma(key, al).Sum())(alphas));
        AssertMeanNear(g, 1, $"d/da E[x] for Gamma({a})");
        AssertMeanNear(g.Select((v, i) => v / x[i]).ToArray(), AccurateMath.Polygamma(1, a), $"d/da E[log x] for Gamma({a})");
    }

    [Fact]
    public void Beta_and_Dirichlet_grads_average_to_the_derivatives_of_their_means()
    {
        const int n = 20_000;
        var key = Random.Key(4);
        double a = 2.0, b = 3.0;
        var ga = D(Jax.Grad((NDArray av) => Random.Beta(key, av, b).Sum())(Np.Full(new[] { n }, a)));
        AssertMeanNear(ga, b / ((a + b) * (a + b)), "d/da E[Beta(a, b)]");
        var gb = D(Jax.Grad((NDArray bv) => Random.Beta(key, a, bv).Sum())(Np.Full(new[] { n }, b)));
        AssertMeanNear(gb, -a / ((a + b) * (a + b)), "d/db E[Beta(a, b)]");
        // Dirichlet(1, 2, 3): d E[x_0] / d alpha = (S e_0 - alpha_0 1) / S^2 = (5, -1, -1) / 36
        var alpha = Np.BroadcastTo(Np.Array(1.0, 2.0, 3.0), new[] { n / 4, 3 });
        var gd = D(Jax.Grad((NDArray al) => Np.Take(Random.Dirichlet(key, al), Np.Array(0), 1).Sum())(alpha));
        var expected = new[] { 5.0 / 36, -1.0 / 36, -1.0 / 36 };
        for (int j = 0; j < 3; j++)
            AssertMeanNear(Enumerable.Range(0, n / 4).Select(i => gd[3 * i + j]).ToArray(), expected[j], $"d E[x_0] / d alpha_{j}");
    }

    [Fact]
    public void Beta_and_Dirichlet_grads_follow_the_chain_rule_through_their_gammas()
    {
        var key = Random.Key(5);
        var (ka, kb) = Random.Split(key);
        double a = 0.7, b = 4.0;
        const int m = 16;
        var ga = D(Random.LogGamma(ka, a, new[] { m })).Select(Math.Exp).ToArray();
        var gb = D(Random.LogGamma(kb, b, new[] { m })).Select(Math.Exp).ToArray();
        var x = D(Random.Beta(key, a, b, new[] { m }));
        var da = D(Jax.Grad((NDArray av) => Random.Beta(key, av, b).Sum())(Np.Full(new[] { m }, a)));
        var db = D(Jax.Grad((NDArray bv) => Random.Beta(key, a, bv).Sum())(Np.Full(new[] { m }, b)));
        for (int i = 0; i < m; i++)
        {
            AssertClose(ga[i] / (ga[i] + gb[i]), x[i], 1e-12, "Beta sample from its gammas");
            // x = Ga / (Ga + Gb): dx/da = x (1 - x) dlog Ga / da, dx/db = -x (1 - x) dlog Gb / db
            AssertClose(x[i] * (1 - x[i]) * ReferenceGrad(a, ga[i]) / ga[i], da[i], 1e-5, "dBeta/da");
            AssertClose(-x[i] * (1 - x[i]) * ReferenceGrad(b, gb[i]) / gb[i], db[i], 1e-5, "dBeta/db");
        }
        // Dirichlet: x_j = G_j / sum G, so the gradient of sum_j w_j x_j in alpha_i is x_i (w_i - w.x) dlog G_i / d alpha_i
        var alpha = new[] { 0.5, 1.5, 4.0 };
        var w = Np.Array(1.0, -2.0, 0.5);
        var logG = D(Random.LogGamma(key, Np.Array(alpha), new[] { 3 }));
        var xd = D(Random.Dirichlet(key, Np.Array(alpha)));
        var gd = D(Jax.Grad((NDArray al) => Np.Sum(Np.Multiply(Random.Dirichlet(key, al), w)))(Np.Array(alpha)));
        var wv = D(w);
        double wx = wv[0] * xd[0] + wv[1] * xd[1] + wv[2] * xd[2];
        for (int i = 0; i < 3; i++)
        {
            double g = Math.Exp(logG[i]);
            AssertClose(xd[i] * (wv[i] - wx) * ReferenceGrad(alpha[i], g) / g, gd[i], 1e-5, $"dDirichlet/dalpha_{i}");
        }
    }

    [Fact]
    public void A_second_derivative_in_the_shape_parameter_is_refused_by_name()
    {
        var key = Random.Key(6);
        var e = Assert.ThrowsAny<Exception>(() => Jax.Grad(Jax.Grad((NDArray a) => Random.Gamma(key, a)))(Np.Scalar(2.0)));
        Assert.Contains("random_gamma_grad", e.ToString());
    }

    [Fact]
    public void Random_gamma_grad_keeps_its_edge_values()
    {
        var g = D(Ops.RandomGammaGrad(Np.Array(2.0, 0.0, -1.0, 2.0, double.NaN), Np.Array(0.0, 1.0, 1.0, -1.0, 1.0)));
        Assert.Equal(0, g[0]);
        Assert.All(g.Skip(1), v => Assert.True(double.IsNaN(v)));
        // both branches of the kernel (series: x <= 1 or x <= a; continued fraction: x > 1 and x > a) against the reference
        foreach (var (a, x) in new[] { (1.0, 0.01), (1.0, 0.5), (1.0, 3.0), (0.2, 20.0), (50.0, 40.0), (50.0, 65.0), (3.0, 1.5) })
            AssertClose(ReferenceGrad(a, x), (double)Ops.RandomGammaGrad(Np.Scalar(a), Np.Scalar(x)), 1e-6, $"a = {a}, x = {x}");
    }
}
