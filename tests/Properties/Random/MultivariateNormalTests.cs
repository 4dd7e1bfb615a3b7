using System;
using Xunit;

namespace Functional.AD.Properties.Sampling;

/// <summary>Random.MultivariateNormal: moments at a fixed key, every method, batch shapes, Jit, and its reparameterized gradient.</summary>
public class MultivariateNormalTests
{
    private static readonly NDArray Mean = Np.Array(1.0, -2.0, 0.5);
    private static readonly NDArray Cov = Np.Array(new double[,] { { 2.0, 0.6, -0.3 }, { 0.6, 1.0, 0.2 }, { -0.3, 0.2, 0.5 } });

    [Fact]
    public void Samples_have_the_mean_and_covariance_for_every_method()
    {
        const int count = 200_000;
        foreach (var method in new[] { "cholesky", "eigh", "svd" })
        {
            var x = Random.MultivariateNormal(Random.Key(1), Mean, Cov, [count], method: method);
            Assert.Equal(new[] { count, 3 }, x.Shape.ToArray());
            var mean = Np.Mean(x, 0).ToArray<double>();
            var centered = x - Np.Mean(x, 0);
            var cov = (Np.Matmul(centered.T, centered) / (count - 1)).ToArray<double>();
            var expectedMean = Mean.ToArray<double>();
            var expectedCov = Cov.ToArray<double>();
            // five standard errors: sqrt(var / count) for means, about sqrt(2 var² / count) for covariances
            for (int i = 0; i < 3; i++) Assert.True(Math.Abs(mean[i] - expectedMean[i]) < 5 * Math.Sqrt(2.0 / count), $"{method}: mean {i} = {mean[i]}");
            for (int i = 0; i < 9; i++) Assert.True(Math.Abs(cov[i] - expectedCov[i]) < 5 * Math.Sqrt(2 * 4.0 / count), $"{method}: cov {i} = {cov[i]}");
        }
    }

    [Fact]
    public void Batch_shapes_broadcast_dtypes_follow_and_Jit_equals_eager()
    {
        var key = Random.Key(5);
        var means = Np.Stack(new[] { Mean, Mean * 2.0 });   // [2, 3]
        var x = Random.MultivariateNormal(key, means, Cov);
        Assert.Equal(new[] { 2, 3 }, x.Shape.ToArray());
        Assert.Equal(new[] { 4, 2, 3 }, Random.MultivariateNormal(key, means, Cov, [4, 2]).Shape.ToArray());
        Assert.Equal(DType.Float32, Random.MultivariateNormal(key, Mean.AsType(DType.Float32), Cov.AsType(DType.Float32)).DType);
        var jitted = Jax.Jit((PRNGKey k) => Random.MultivariateNormal(k, means, Cov))(key);
        var eager = x.ToArray<double>();
        var got = jitted.ToArray<double>();
        for (int i = 0; i < eager.Length; i++) Assert.Equal(eager[i], got[i], 1e-12);
        Assert.Contains("[..., 3, 3]", Assert.Throws<ArgumentException>(() => Random.MultivariateNormal(key, Mean, Np.Eye(2))).Message);
        Assert.Throws<ArgumentException>(() => Random.MultivariateNormal(key, Mean, Cov, method: "qr"));
    }

    [Fact]
    public void The_gradient_flows_to_mean_and_covariance_through_the_factor()
    {
        var key = Random.Key(9);
        // E[x] = mean: the gradient of sum(x) in mean is ones whatever the draw
        var gMean = Jax.Grad((NDArray m) => Np.Sum(Random.MultivariateNormal(key, m, Cov)))(Mean).ToArray<double>();
        Assert.Equal(new[] { 1.0, 1.0, 1.0 }, gMean);
        // sum over many draws of x xᵀ-ish statistic: d/dcov of mean(|x - mean|²) is about the identity (trace(cov)'s gradient)
        var gCov = Jax.Grad((NDArray c) =>
        {
            var x = Random.MultivariateNormal(key, Mean, c, [200_000]) - Mean;
            return Np.Mean(Np.Sum(x * x, -1));
        })(Cov).ToArray<double>();
        var eye = Np.Eye(3).ToArray<double>();
        for (int i = 0; i < 9; i++) Assert.True(Math.Abs(gCov[i] - eye[i]) < 0.05, $"d trace / d cov[{i}] = {gCov[i]}");
    }
}

/// <summary>Random.Orthogonal: orthogonal matrices, batch shapes, dtype and the Haar moments E[q²] = 1/n.</summary>
public class OrthogonalTests
{
    [Fact]
    public void Orthogonal_matrices_are_orthogonal_with_Haar_second_moments()
    {
        var q = Random.Orthogonal(Random.Key(2), 3, [4000]);
        Assert.Equal(new[] { 4000, 3, 3 }, q.Shape.ToArray());
        var gram = Np.Matmul(Np.SwapAxes(q, -1, -2), q) - Np.Eye(3);
        Assert.True(Np.Max(Np.Abs(gram)).ToArray<double>()[0] < 1e-12);
        // each entry of a Haar-distributed orthogonal matrix has mean 0 and variance 1/n
        var squares = Np.Mean(q * q, 0).ToArray<double>();
        var means = Np.Mean(q, 0).ToArray<double>();
        Assert.All(squares, v => Assert.True(Math.Abs(v - 1.0 / 3) < 0.03, $"E[q²] = {v}"));
        Assert.All(means, v => Assert.True(Math.Abs(v) < 0.05, $"E[q] = {v}"));
        Assert.Equal(DType.Float32, Random.Orthogonal(Random.Key(2), 2, null, DType.Float32).DType);
        Assert.Throws<ArgumentOutOfRangeException>(() => Random.Orthogonal(Random.Key(2), -1));
    }
}

