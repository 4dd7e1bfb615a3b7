using System;
using System.Linq;
using Xunit;

namespace Functional.AD.Properties.Sampling;

/// <summary>
/// Random.Binomial and Random.Multinomial against their laws at fixed keys (deterministic): the exact pmf by a
/// chi-square test with bins pooled to an expected count of at least 5 and a bound 5 standard deviations above the
/// statistic's mean (df + 5 sqrt(2 df)), the moments within 6 standard errors; JAX's edge conventions; Jit, Vmap;
/// errors.
/// </summary>
public class BinomialTests
{
    private const int N = 20_000;

    private static double[] D(NDArray x) => x.ToArray<double>();

    private static double BinomialPmf(double n, double p, int k) =>
        Math.Exp(AccurateMath.Lgamma(n + 1) - AccurateMath.Lgamma(k + 1) - AccurateMath.Lgamma(n - k + 1)
            + (k == 0 ? 0 : k * Math.Log(p)) + (k == n ? 0 : (n - k) * Math.Log(1 - p)));

    /// <summary>Chi-square of observed category counts against expected probabilities, tail categories pooled.</summary>
    private static void AssertChiSquare(int[] observed, double[] probabilities, int total, string what)
    {
        double stat = 0, pooledObserved = 0, pooledExpected = 0;
        int df = -1;
        for (int i = 0; i < observed.Length; i++)
        {
            pooledObserved += observed[i];
            pooledExpected += probabilities[i] * total;
            if (pooledExpected < 5 && i < observed.Length - 1) continue;
            stat += (pooledObserved - pooledExpected) * (pooledObserved - pooledExpected) / Math.Max(pooledExpected, 1e-300);
            df++;
            pooledObserved = pooledExpected = 0;
        }
        Assert.True(df >= 1, $"{what}: too few bins");
        Assert.True(stat < df + 5 * Math.Sqrt(2.0 * df), $"{what}: chi-square {stat:F1} with {df} degrees of freedom");
    }

    private static void AssertMoments(double[] x, double mean, double variance, double kurtosis)
    {
        double m = x.Average();
        double v = x.Sum(t => (t - m) * (t - m)) / (x.Length - 1);
        Assert.True(Math.Abs(m - mean) < 6 * Math.Sqrt(variance / x.Length), $"mean {m}, expected {mean}");
        Assert.True(Math.Abs(v - variance) < 6 * variance * Math.Sqrt((kurtosis - 1) / x.Length), $"variance {v}, expected {variance}");
    }

    [Theory]
    [InlineData(5, 0.3)]      // inversion
    [InlineData(13, 0.9)]     // inversion at q = 0.1, folded back
    [InlineData(60, 0.15)]    // inversion at its edge, n q = 9
    [InlineData(53, 0.7)]     // BTRS at q = 0.3, folded back
    [InlineData(500, 0.5)]    // BTRS
    [InlineData(2000, 0.02)]  // BTRS with small q, large n
    public void Binomial_follows_the_exact_pmf_on_both_algorithms(int n, double p)
    {
        var x = D(Random.Binomial(Random.Key(12), n, p, new[] { N }));
        var counts = new int[n + 1];
        foreach (var v in x)
        {
            Assert.True(v >= 0 && v <= n && v == Math.Floor(v), $"sample {v} for n = {n}");
            counts[(int)v]++;
        }
        AssertChiSquare(counts, Enumerable.Range(0, n + 1).Select(k => BinomialPmf(n, p, k)).ToArray(), N, $"Binomial({n}, {p})");
        double q = 1 - p;
        AssertMoments(x, n * p, n * p * q, 3 + (1 - 6 * p * q) / (n * p * q));
    }

    [Fact]
    public void Binomial_in_f32_follows_the_pmf_on_both_algorithms()
    {
        foreach (var (n, p) in new[] { (10, 0.4f), (200, 0.35f) })
        {
            var s = Random.Binomial(Random.Key(13), n, Np.Scalar(p), new[] { N }, DType.Float32);
            Assert.Equal(DType.Float32, s.DType);
            var counts = new int[n + 1];
            foreach (var v in s.ToArray<float>()) counts[(int)v]++;
            AssertChiSquare(counts, Enumerable.Range(0, n + 1).Select(k => BinomialPmf(n, p, k)).ToArray(), N, $"f32 Binomial({n}, {p})");
        }
    }

    [Fact]
    public void Binomial_keeps_JAX_edge_conventions()
    {
        var nan = double.NaN;
        var inf = double.PositiveInfinity;
        // JAX's corner cases: n in {-1, 0, nan, inf} at p = 0.5; p in {nan, 0, -0.1, 1.1} at n = 5; both invalid
        Assert.Equal(new[] { nan, 0, nan, inf }, D(Random.Binomial(Random.Key(0), Np.Array(-1.0, 0, nan, inf), 0.5, new[] { 4 })));
        Assert.Equal(new[] { nan, 0, nan, nan }, D(Random.Binomial(Random.Key(0), 5, Np.Array(nan, 0, -0.1, 1.1), new[] { 4 })));
        Assert.Equal(new[] { nan, nan, nan }, D(Random.Binomial(Random.Key(0), Np.Array(inf, -1, inf), Np.Array(nan, nan, -0.1), new[] { 3 })));
        // p = 1 gives n, p = 0 gives 0, a fractional n is floored, an infinite n with p = 0 or 1 gives inf
        Assert.All(D(Random.Binomial(Random.Key(1), Np.Array(3.0, 40, 1000), 1.0)), (v, i) => Assert.Equal(new[] { 3.0, 40, 1000 }[i], v));
        Assert.All(D(Random.Binomial(Random.Key(1), 1000, 0.0, new[] { 5 })), v => Assert.Equal(0, v));
        Assert.All(D(Random.Binomial(Random.Key(2), 7.9, 1.0, new[] { 5 })), v => Assert.Equal(7, v));
        Assert.Equal(new[] { inf, inf }, D(Random.Binomial(Random.Key(3), inf, Np.Array(0.0, 1.0))));
        // broadcasting: n [3,1] with p [4] gives [3,4], each column within its n
        var b = Random.Binomial(Random.Key(4), Np.Reshape(Np.Array(1.0, 10, 100), new[] { 3, 1 }), Np.Array(0.1, 0.4, 0.6, 0.9));
        Assert.Equal(new[] { 3, 4 }, b.Shape.ToArray());
        var bv = D(b);
        for (int i = 0; i < 12; i++) Assert.InRange(bv[i], 0, new[] { 1.0, 10, 100 }[i / 4]);
    }

    [Fact]
    public void Binomial_and_Multinomial_under_jit_equal_eager_and_under_vmap_equal_the_loop()
    {
        var n = Np.Array(3.0, 30, 300);
        var p = Np.Array(0.2, 0.5, 0.8);
        var keys = Random.Split(Random.Key(5), 4);
        var eager = D(Random.Binomial(keys[0], n, p));
        Assert.Equal(eager, D(Jax.Jit((PRNGKey k) => Random.Binomial(k, n, p))(keys[0])));
        var batched = D(Jax.Vmap((PRNGKey k) => Random.Binomial(k, n, p))(keys));
        for (int i = 0; i < 4; i++) Assert.Equal(D(Random.Binomial(keys[i], n, p)), batched.Skip(3 * i).Take(3).ToArray());

        var probs = Np.Array(0.5, 0.2, 0.3);
        var m = D(Random.Multinomial(keys[1], 50.0, probs));
        Assert.Equal(m, D(Jax.Jit((PRNGKey k) => Random.Multinomial(k, 50.0, probs))(keys[1])));
        var mb = D(Jax.Vmap((PRNGKey k) => Random.Multinomial(k, 50.0, probs))(keys));
        for (int i = 0; i < 4; i++) Assert.Equal(D(Random.Multinomial(keys[i], 50.0, probs)), mb.Skip(3 * i).Take(3).ToArray());
        // the written-out loop draws the same counts as the scan
        Assert.Equal(m, D(Random.Multinomial(keys[1], 50.0, probs, unroll: 3)));
    }

    [Fact]
    public void Multinomial_counts_add_up_and_follow_the_exact_joint_pmf()
    {
        // n = 3 over 3 categories: 10 outcomes, each against n! / (x1! x2! x3!) p1^x1 p2^x2 p3^x3
        var p = new[] { 0.5, 0.2, 0.3 };
        var x = D(Random.Multinomial(Random.Key(6), 3.0, Np.Array(p), new[] { N, 3 }));
        var outcomes = (from a in Enumerable.Range(0, 4) from b in Enumerable.Range(0, 4 - a) select (a, b, c: 3 - a - b)).ToArray();
        var counts = new int[outcomes.Length];
        for (int i = 0; i < N; i++)
        {
            var (a, b, c) = ((int)x[3 * i], (int)x[3 * i + 1], (int)x[3 * i + 2]);
            Assert.Equal(3, a + b + c);
            counts[Array.IndexOf(outcomes, (a, b, c))]++;
        }
        double Fact(int k) => k <= 1 ? 1 : k * Fact(k - 1);
        var pmf = outcomes.Select(o => 6 / (Fact(o.a) * Fact(o.b) * Fact(o.c)) * Math.Pow(p[0], o.a) * Math.Pow(p[1], o.b) * Math.Pow(p[2], o.c)).ToArray();
        AssertChiSquare(counts, pmf, N, "Multinomial(3, [0.5, 0.2, 0.3])");
    }

    [Fact]
    public void Multinomial_marginals_are_binomial_and_zero_probabilities_get_nothing()
    {
        // unnormalized probabilities over 4 categories, one of them 0, a batch of 2 trial counts
        var weights = Np.Array(2.0, 0.0, 1.0, 5.0);
        var trials = Np.Array(40.0, 1000.0);
        var x = Random.Multinomial(Random.Key(7), Np.Reshape(trials, new[] { 1, 2 }), Np.Reshape(weights, new[] { 1, 1, 4 }), new[] { 5000, 2, 4 });
        Assert.Equal(new[] { 5000, 2, 4 }, x.Shape.ToArray());
        var v = D(x);
        var pr = new[] { 0.25, 0, 0.125, 0.625 };
        for (int t = 0; t < 2; t++)
        {
            double n = t == 0 ? 40 : 1000;
            for (int c = 0; c < 4; c++)
            {
                var col = Enumerable.Range(0, 5000).Select(i => v[8 * i + 4 * t + c]).ToArray();
                if (pr[c] == 0) { Assert.All(col, e => Assert.Equal(0, e)); continue; }
                double q = 1 - pr[c];
                AssertMoments(col, n * pr[c], n * pr[c] * q, 3 + (1 - 6 * pr[c] * q) / (n * pr[c] * q));
            }
            for (int i = 0; i < 5000; i++) Assert.Equal(n, v[8 * i + 4 * t] + v[8 * i + 4 * t + 1] + v[8 * i + 4 * t + 2] + v[8 * i + 4 * t + 3]);
        }
    }

    [Fact]
    public void Bad_arguments_are_refused_naming_the_operation_and_typed_shapes()
    {
        var key = Random.Key(8);
        var e1 = Assert.ThrowsAny<ArgumentException>(() => Random.Binomial(key, 5, 0.5, new[] { 3 }, DType.Int32));
        Assert.Contains("Random.Binomial", e1.Message);
        var e2 = Assert.ThrowsAny<ArgumentException>(() => Random.Binomial(key, Np.Array(1.0, 2), 0.5, new[] { 3 }));
        Assert.Contains("Random.Binomial", e2.Message);
        Assert.Contains("f64[2]", e2.Message);
        var e3 = Assert.ThrowsAny<ArgumentException>(() => Random.Binomial(Random.Split(key, 2), 5, 0.5));
        Assert.Contains("Random.Binomial", e3.Message);
        var e4 = Assert.ThrowsAny<ArgumentException>(() => Random.Multinomial(key, 5, Np.Scalar(0.5)));
        Assert.Contains("Random.Multinomial", e4.Message);
        Assert.Contains("f64[]", e4.Message);
        var e5 = Assert.ThrowsAny<ArgumentException>(() => Random.Multinomial(key, 5, Np.Array(0.5, 0.5), new[] { 4, 3 }));
        Assert.Contains("f64[2]", e5.Message);
        var e6 = Assert.ThrowsAny<ArgumentException>(() => Random.Multinomial(key, Np.Array(1.0, 2, 3), Np.Array(0.5, 0.5), new[] { 4, 2 }));
        Assert.Contains("Random.Multinomial", e6.Message);
        Assert.Contains("f64[3]", e6.Message);
        Assert.ThrowsAny<ArgumentException>(() => Random.Multinomial(key, 5, Np.Array(0.5, 0.5), unroll: 0));
        Assert.ThrowsAny<ArgumentException>(() => Random.Multinomial(key, 5, Np.Array(0.5, 0.5), dtype: DType.Int32));
    }
}
