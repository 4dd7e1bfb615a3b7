using System;
using System.Linq;
using Xunit;

namespace Functional.AD.Properties.Sampling;

/// <summary>
/// Every sampler against its distribution at fixed keys (so the tests are deterministic): moments and, where the CDF is
/// simple, the Kolmogorov-Smirnov statistic over 100 000 draws. The bounds are at least five standard errors wide.
/// </summary>
public class RandomDistributionTests
{
    private const int N = 100_000;

    private static double[] D(NDArray x) => x.ToArray<double>();

    private static (double Mean, double Variance) Moments(double[] x)
    {
        double mean = x.Average();
        return (mean, x.Sum(v => (v - mean) * (v - mean)) / (x.Length - 1));
    }

    private static void AssertMoments(double[] x, double mean, double variance, double kurtosis = 3)
    {
        var (m, v) = Moments(x);
        double n = x.Length;
        Assert.True(Math.Abs(m - mean) < 6 * Math.Sqrt(variance / n), $"mean {m}, expected {mean}");
        Assert.True(Math.Abs(v - variance) < 6 * variance * Math.Sqrt((kurtosis - 1) / n) + 1e-12, $"variance {v}, expected {variance}");
    }

    /// <summary>The Kolmogorov-Smirnov statistic against <paramref name="cdf"/>, below 2.5/sqrt(n) (p about 1e-5).</summary>
    private static void AssertKs(double[] x, Func<double, double> cdf)
    {
        var s = x.OrderBy(v => v).ToArray();
        double d = 0;
        for (int i = 0; i < s.Length; i++)
        {
            double f = cdf(s[i]);
            d = Math.Max(d, Math.Max(f - (double)i / s.Length, (double)(i + 1) / s.Length - f));
        }
        Assert.True(d < 2.5 / Math.Sqrt(s.Length), $"KS statistic {d} for n = {s.Length}");
    }

    /// <summary>erfc to about 1e-7 (Numerical Recipes' Chebyshev fit), enough for a KS test.</summary>
    private static double Erfc(double x)
    {
        double z = Math.Abs(x), t = 1 / (1 + 0.5 * z);
        double r = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
            t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }

    private static double NormalCdf(double x) => 0.5 * Erfc(-x / Math.Sqrt(2));

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void Uniform_is_uniform_in_its_range(DType dtype)
    {
        var x = D(Random.Uniform(Random.Key(1), new[] { N }, dtype));
        Assert.All(x, v => Assert.InRange(v, 0, 1 - 1e-12));
        AssertKs(x, v => v);
        var y = D(Random.Uniform(Random.Key(2), new[] { N }, dtype, -2.0, 3.0));
        Assert.All(y, v => Assert.InRange(v, -2, 3));
        AssertMoments(y, 0.5, 25.0 / 12, 1.8);
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    [InlineData(DType.Float16)]
    [InlineData(DType.BFloat16)]
    public void Normal_is_standard_normal(DType dtype)
    {
        var x = D(Random.Normal(Random.Key(3), new[] { N }, dtype));
        Assert.All(x, v => Assert.True(double.IsFinite(v)));
        AssertMoments(x, 0, 1);
        if (dtype is DType.Float32 or DType.Float64) AssertKs(x, NormalCdf);
    }

    [Fact]
    public void Exponential_Laplace_Logistic_and_Gumbel_follow_their_laws()
    {
        var e = D(Random.Exponential(Random.Key(4), new[] { N }));
        AssertKs(e, v => 1 - Math.Exp(-v));
        AssertMoments(e, 1, 1, 9);
        var l = D(Random.Laplace(Random.Key(5), new[] { N }));
        AssertKs(l, v => v < 0 ? 0.5 * Math.Exp(v) : 1 - 0.5 * Math.Exp(-v));
        AssertMoments(l, 0, 2, 6);
        var g = D(Random.Logistic(Random.Key(6), new[] { N }, DType.Float32));
        AssertKs(g, v => 1 / (1 + Math.Exp(-v)));
        AssertMoments(g, 0, Math.PI * Math.PI / 3, 4.2);
        var u = D(Random.Gumbel(Random.Key(7), new[] { N }));
        AssertKs(u, v => Math.Exp(-Math.Exp(-v)));
        AssertMoments(u, 0.5772156649, Math.PI * Math.PI / 6, 5.4);
    }

    [Fact]
    public void TruncatedNormal_stays_inside_its_bounds_with_the_truncated_law()
    {
        var x = D(Random.TruncatedNormal(Random.Key(8), -1.0, 2.0, new[] { N }));
        Assert.All(x, v => Assert.True(v > -1 && v < 2));
        double z = NormalCdf(2) - NormalCdf(-1);
        AssertKs(x, v => (NormalCdf(v) - NormalCdf(-1)) / z);
        var f = D(Random.TruncatedNormal(Random.Key(9), -0.5, 0.5, new[] { 1000 }, DType.Float32));
        Assert.All(f, v => Assert.True(v > -0.5 && v < 0.5));
    }

    [Fact]
    public void Bernoulli_and_Categorical_hit_their_probabilities()
    {
        var b = Random.Bernoulli(Random.Key(10), 0.3, new[] { N });
        Assert.Equal(DType.Bool, b.DType);
        double p = b.ToArray<bool>().Count(v => v) / (double)N;
        Assert.True(Math.Abs(p - 0.3) < 6 * Math.Sqrt(0.21 / N), $"p = {p}");
        var probs = new[] { 0.2, 0.3, 0.5 };
        var logits = Np.Log(Np.Array(probs));
        var c = Random.Categorical(Random.Key(11), logits, shape: new[] { N }).ToArray<int>();
        for (int k = 0; k < 3; k++)
        {
            double f = c.Count(v => v == k) / (double)N;
            Assert.True(Math.Abs(f - probs[k]) < 6 * Math.Sqrt(probs[k] * (1 - probs[k]) / N), $"category {k}: {f}");
        }
        // a batch of distributions along axis 0
        var batch = Random.Categorical(Random.Key(12), Np.Log(Np.Array(new double[,] { { 1e-30, 1 }, { 1, 1e-30 } })), axis: 0);
        Assert.Equal(new[] { 1, 0 }, batch.ToArray<int>());
    }

    [Fact]
    public void RandInt_covers_its_range_evenly()
    {
        var x = Random.RandInt(Random.Key(13), new[] { N }, -3, 7).ToArray<int>();
        Assert.All(x, v => Assert.InRange(v, -3, 6));
        for (int k = -3; k < 7; k++)
        {
            double f = x.Count(v => v == k) / (double)N;
            Assert.True(Math.Abs(f - 0.1) < 6 * Math.Sqrt(0.09 / N), $"value {k}: {f}");
        }
        Assert.All(Random.RandInt(Random.Key(14), new[] { 50 }, 5, 5).ToArray<int>(), v => Assert.Equal(5, v));
        var wide = Random.RandInt(Random.Key(15), new[] { 1000 }, int.MinValue, int.MaxValue).ToArray<int>();
        Assert.True(wide.Min() < -1_000_000_000 && wide.Max() > 1_000_000_000);
        var bytes = Random.RandInt(Random.Key(16), new[] { 1000 }, 0, 256, DType.UInt8).ToArray<byte>();
        Assert.True(bytes.Distinct().Count() > 200);
    }

    [Fact]
    public void Permutation_Shuffle_and_Choice_keep_their_elements()
    {
        foreach (int n in new[] { 1, 2, 10, 2000 })
        {
            var p = Random.Permutation(Random.Key(n), n).ToArray<int>();
            Assert.Equal(Enumerable.Range(0, n), p.OrderBy(v => v));
        }
        var x = Np.Reshape(Np.Arange(12), new[] { 3, 4 });
        var rows = Random.Permutation(Random.Key(1), x).ToArray<int>();
        Assert.Equal(Enumerable.Range(0, 12), rows.OrderBy(v => v));
        for (int r = 0; r < 3; r++) Assert.Equal(0, rows[4 * r] % 4);
        var cols = Random.Shuffle(Random.Key(2), x, axis: 1).ToArray<int>();
        for (int r = 0; r < 3; r++) Assert.Equal(Enumerable.Range(4 * r, 4), cols.Skip(4 * r).Take(4).OrderBy(v => v));
        var distinct = Random.Choice(Random.Key(3), 20, new[] { 15 }, replace: false).ToArray<int>();
        Assert.Equal(15, distinct.Distinct().Count());
        var weighted = Random.Choice(Random.Key(4), 5, new[] { 4 }, replace: false, p: Np.Array(0.1, 0.2, 0.3, 0.2, 0.2)).ToArray<int>();
        Assert.Equal(4, weighted.Distinct().Count());
        var draws = Random.Choice(Random.Key(5), 3, new[] { N }, p: Np.Array(0.0, 0.25, 0.75)).ToArray<int>();
        Assert.DoesNotContain(0, draws);
        double f = draws.Count(v => v == 2) / (double)N;
        Assert.True(Math.Abs(f - 0.75) < 6 * Math.Sqrt(0.1875 / N), $"f = {f}");
        var fromArray = Random.Choice(Random.Key(6), x, new[] { 2, 5 }, axis: 1);
        Assert.Equal(new[] { 3, 2, 5 }, fromArray.Shape.ToArray());
    }

    [Fact]
    public void Gamma_Beta_and_Dirichlet_have_their_moments()
    {
        const int n = 20_000;
        foreach (var a in new[] { 0.5, 1.0, 4.0 })
        {
            var g = D(Random.Gamma(Random.Key(20), a, new[] { n }));
            Assert.All(g, v => Assert.True(v > 0));
            AssertMoments(g, a, a, 3 + 6 / a);
            if (a == 1.0) AssertKs(g, v => 1 - Math.Exp(-v));
        }
        var lg = D(Random.LogGamma(Random.Key(21), 0.01, new[] { 1000 }));
        Assert.All(lg, v => Assert.True(double.IsFinite(v)));
        var b = D(Random.Beta(Random.Key(22), 2.0, 3.0, new[] { n }));
        Assert.All(b, v => Assert.InRange(v, 0, 1));
        AssertMoments(b, 0.4, 0.04, 2.5);
        var alpha = Np.Array(1.0, 2.0, 3.0);
        var d = Random.Dirichlet(Random.Key(23), alpha, new[] { n / 4 });
        Assert.Equal(new[] { n / 4, 3 }, d.Shape.ToArray());
        var rows = D(d);
        for (int i = 0; i < n / 4; i++) Assert.Equal(1.0, rows[3 * i] + rows[3 * i + 1] + rows[3 * i + 2], 1e-9);
        AssertMoments(Enumerable.Range(0, n / 4).Select(i => rows[3 * i + 2]).ToArray(), 0.5, 0.5 * 0.5 / 7, 3);
    }

    [Fact]
    public void Poisson_has_its_mean_and_variance_on_both_algorithms()
    {
        foreach (var lam in new[] { 3.0, 50.0 })
        {
            var x = D(Random.Poisson(Random.Key(30), lam, new[] { N }).AsType(DType.Float64));
            Assert.All(x, v => Assert.True(v >= 0 && v == Math.Floor(v)));
            AssertMoments(x, lam, lam, 3 + 1 / lam);
        }
        Assert.All(Random.Poisson(Random.Key(31), 0.0, new[] { 10 }).ToArray<int>(), v => Assert.Equal(0, v));
    }

    [Fact]
    public void Gamma_under_vmap_over_keys_equals_the_loop()
    {
        var keys = Random.Split(Random.Key(40), 3);
        var batched = Jax.Vmap((PRNGKey k) => Random.Gamma(k, 2.5, new[] { 4 }))(keys).ToArray<double>();
        for (int i = 0; i < 3; i++)
            Assert.Equal(Random.Gamma(keys[i], 2.5, new[] { 4 }).ToArray<double>(), batched.Skip(4 * i).Take(4).ToArray());
        var jitted = Jax.Jit((PRNGKey k) => Random.Gamma(k, 0.7, new[] { 5 }))(keys[0]).ToArray<double>();
        Assert.Equal(Random.Gamma(keys[0], 0.7, new[] { 5 }).ToArray<double>(), jitted);
    }

    [Fact]
    public void The_other_laws_have_their_moments_or_cdfs()
    {
        var c = D(Random.Cauchy(Random.Key(50), new[] { N }));
        AssertKs(c, v => 0.5 + Math.Atan(v) / Math.PI);
        var ln = D(Random.LogNormal(Random.Key(51), 0.5, new[] { N }));
        AssertKs(ln, v => NormalCdf(Math.Log(v) / 0.5));
        var r = Random.Rademacher(Random.Key(52), new[] { N }).ToArray<int>();
        Assert.All(r, v => Assert.True(v is -1 or 1));
        AssertMoments(r.Select(v => (double)v).ToArray(), 0, 1, 1.0001);
        var ray = D(Random.Rayleigh(Random.Key(53), 2.0, new[] { N }));
        AssertKs(ray, v => 1 - Math.Exp(-v * v / 8));
        var par = D(Random.Pareto(Random.Key(54), 3.0, new[] { N }));
        AssertKs(par, v => 1 - Math.Pow(v, -3));
        var mx = D(Random.Maxwell(Random.Key(55), new[] { N }));
        AssertMoments(mx, 2 * Math.Sqrt(2 / Math.PI), 3 - 8 / Math.PI, 3.11);
        var wb = D(Random.WeibullMin(Random.Key(56), 2.0, 1.5, new[] { N }));
        AssertKs(wb, v => 1 - Math.Exp(-Math.Pow(v / 2, 1.5)));
        var geo = D(Random.Geometric(Random.Key(57), 0.25, new[] { N }).AsType(DType.Float64));
        Assert.All(geo, v => Assert.True(v >= 1));
        AssertMoments(geo, 4, 12, 9.1);
        var chi = D(Random.ChiSquare(Random.Key(58), 4.0, new[] { 20_000 }));
        AssertKs(chi, v => 1 - Math.Exp(-v / 2) * (1 + v / 2));
        var t = D(Random.T(Random.Key(59), 5.0, new[] { 20_000 }));
        AssertMoments(t, 0, 5.0 / 3, 9);
        var f = D(Random.F(Random.Key(60), 4.0, 10.0, new[] { 20_000 }));
        AssertMoments(f, 10.0 / 8, 2 * 100 * 12 / (4 * 64 * 6.0), 30);
        var tri = D(Random.Triangular(Random.Key(61), 0.0, 1.0, 4.0, new[] { N }));
        AssertKs(tri, v => v < 1 ? v * v / 4 : 1 - (4 - v) * (4 - v) / 12);
        var w = D(Random.Wald(Random.Key(62), 2.0, new[] { N }));
        AssertMoments(w, 2, 8, 3 + 15 * 2);
        var dsm = Random.DoubleSidedMaxwell(Random.Key(64), 1.0, 2.0, new[] { N });
        Assert.Equal(new[] { N }, dsm.Shape.ToArray());
        AssertMoments(D(dsm), 1, 4 * 3, 3.11 * 1.1);
        Assert.Equal(new[] { 5, 2 }, Random.DoubleSidedMaxwell(Random.Key(65), Np.Array(0.0, 1.0), 1.0, new[] { 5 }).Shape.ToArray());
        // uniform in the disc: inside it, and the radius r has P(r <= t) = t^2
        var ball = D(Random.Ball(Random.Key(66), 2, shape: new[] { N }));
        var radii = Enumerable.Range(0, N).Select(i => Math.Sqrt(ball[2 * i] * ball[2 * i] + ball[2 * i + 1] * ball[2 * i + 1])).ToArray();
        Assert.All(radii, v => Assert.True(v <= 1));
        AssertKs(radii, v => v * v);
        var gn = D(Random.GeneralizedNormal(Random.Key(63), 2.0, new[] { 20_000 }));
        AssertMoments(gn, 0, 0.5, 3);
    }
}
