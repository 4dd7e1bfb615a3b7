using System;

namespace Functional.AD;

public static partial class Random
{
    /// <summary>
    /// Samples of multivariate normal distributions (<c>jax.random.multivariate_normal</c>): <c>mean + factor · z</c> with
    /// <c>z</c> standard normal and <c>factor · factorᵀ = cov</c>. <paramref name="method"/> "cholesky" (the default, JAX's)
    /// takes the Cholesky factor; "eigh" and "svd" take <c>v · diag(√w)</c> from the eigen-decomposition of the symmetric
    /// <paramref name="cov"/> (for a positive semi-definite matrix its singular vectors and values, which is what JAX's
    /// "svd" method uses), which allows singular covariances. <paramref name="shape"/> is the batch shape of the result
    /// (JAX's: the result is <c>shape + [n]</c>); when null, the broadcast of <paramref name="mean"/>'s batch axes and
    /// <paramref name="cov"/>'s. Differentiable in mean and cov (reparameterization through the factor).
    /// </summary>
    /// <param name="key">A single key.</param>
    /// <param name="mean">Means [..., n].</param>
    /// <param name="cov">Covariances [..., n, n].</param>
    /// <param name="shape">The batch shape of the samples, broadcast-compatible with the parameters' batch axes.</param>
    /// <param name="dtype">A float dtype; the parameters' (promoted to float) when null.</param>
    /// <param name="method">"cholesky", "eigh" or "svd".</param>
    public static NDArray MultivariateNormal(PRNGKey key, NDArray mean, NDArray cov, int[]? shape = null, DType? dtype = null, string method = "cholesky")
    {
        const string op = "Random.MultivariateNormal";
        Guard.NotNull(mean, op);
        Guard.NotNull(cov, op);
        Guard.NotNull(method, op);
        if (method is not ("cholesky" or "eigh" or "svd"))
            throw new ArgumentException($"{op}: method must be \"cholesky\", \"eigh\" or \"svd\", got \"{method}\"", nameof(method));
        if (mean.Rank < 1) throw new ArgumentException($"{op}: mean must have at least one axis, got {mean.Type}", nameof(mean));
        int n = mean.Shape[mean.Rank - 1];
        if (cov.Rank < 2 || cov.Shape[cov.Rank - 1] != n || cov.Shape[cov.Rank - 2] != n)
            throw new ArgumentException($"{op}: cov must be [..., {n}, {n}] to match mean {mean.Type}, got {cov.Type}", nameof(cov));
        var (promoted, _) = Promotion.ResultType(mean, cov);
        var dt = RequireFloat(dtype ?? (promoted.IsFloat() ? promoted : DType.Float64), op);
        (mean, cov) = (mean.AsType(dt), cov.AsType(dt));
        var batch = shape ?? Promotion.BroadcastShapes(op, Shape.Own(mean.Shape.ToArray()[..^1]), Shape.Own(cov.Shape.ToArray()[..^2]),
            mean.Type, cov.Type).ToArray();
        NDArray factor;
        if (method == "cholesky") factor = Lax.Linalg.Cholesky(cov);
        else
        {
            var (w, v) = Np.Linalg.Eigh(cov);
            factor = Np.Multiply(v, Np.ExpandDims(Np.Sqrt(Np.Maximum(w, Np.Zeros([], dt))), -2));
        }
        var z = Normal(key, [.. batch, n], dt);
        var mixed = Np.Squeeze(Np.Matmul(factor, Np.ExpandDims(z, -1)), -1);
        return Np.Add(mean, mixed);
    }
}

public static partial class Random
{
    /// <summary>
    /// Random orthogonal n×n matrices, uniformly distributed over the orthogonal group (<c>jax.random.orthogonal</c>):
    /// shaped <paramref name="shape"/> + [n, n]. JAX orthogonalizes a normal matrix by QR with the signs of R's diagonal
    /// fixed; this library has no QR yet and takes the polar factor <c>z·(zᵀz)^(-1/2)</c> of the normal matrix
    /// <c>z</c> (through <c>eigh</c>), which has the same (Haar) distribution but is not JAX's bits.
    /// </summary>
    /// <param name="key">A single key.</param>
    /// <param name="n">The matrix order.</param>
    /// <param name="shape">Batch shape ([] when null).</param>
    /// <param name="dtype">A float dtype.</param>
    public static NDArray Orthogonal(PRNGKey key, int n, int[]? shape = null, DType dtype = DType.Float64)
    {
        const string op = "Random.Orthogonal";
        if (n < 0) throw new ArgumentOutOfRangeException(nameof(n), n, $"{op}: n must be non-negative");
        var batch = ShapeOf(shape, op);
        RequireFloat(dtype, op);
        return PolarFactor(Normal(key, [.. batch, n, n], DType.Float64)).AsType(dtype);
    }

    /// <summary>
    /// The orthonormal-column factor <c>q = z·(zᵀz)^(-1/2)</c> of (batches of) tall or square matrices <c>z</c>, through
    /// <c>eigh</c> of <c>zᵀz</c>, then two Newton–Schulz steps <c>q ← q·(3I − qᵀq)/2</c>, which square the departure from
    /// orthogonality each time (the eigen route alone loses accuracy with z's condition number squared).
    /// </summary>
    internal static NDArray PolarFactor(NDArray z)
    {
        var (w, v) = Np.Linalg.Eigh(Np.Matmul(Np.SwapAxes(z, -1, -2), z));
        var inverseRoot = Np.Matmul(Np.Multiply(v, Np.ExpandDims(Np.Reciprocal(Np.Sqrt(w)), -2)), Np.SwapAxes(v, -1, -2));
        var q = Np.Matmul(z, inverseRoot);
        var threeI = Np.Multiply(Np.Eye(z.Shape[z.Rank - 1]), 3.0);
        for (int step = 0; step < 2; step++)
            q = Np.Multiply(Np.Matmul(q, Np.Subtract(threeI, Np.Matmul(Np.SwapAxes(q, -1, -2), q))), 0.5);
        return q;
    }
}
