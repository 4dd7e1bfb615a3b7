using System;
using System.Linq;
using FsCheck.Fluent;
using Functional.AD.Testing;
using MathNet.Numerics.LinearAlgebra;
using Xunit;

namespace Functional.AD.Properties.Linalg;

/// <summary>
/// cholesky and triangular_solve against MathNet and their defining equations, their derivatives against finite
/// differences in forward and reverse mode (which also checks triangular_solve's transpose in b), Jit and Vmap. Both are
/// exempt from the primitive table's random operands, which are neither positive definite nor well conditioned.
/// </summary>
public class CholeskyTests
{
    /// <summary>A well-conditioned symmetric positive-definite matrix m·mᵀ + n·I.</summary>
    private static Matrix<double> Spd(int n, int seed)
    {
        var rng = new System.Random(seed);
        var m = Matrix<double>.Build.Dense(n, n, (_, _) => rng.NextDouble() - 0.5);
        return m * m.Transpose() + Matrix<double>.Build.DenseIdentity(n) * n;
    }

    /// <summary>A well-conditioned triangular matrix (diagonal away from zero).</summary>
    private static Matrix<double> Triangular(int n, bool lower, int seed)
    {
        var rng = new System.Random(seed);
        return Matrix<double>.Build.Dense(n, n, (i, j) => i == j ? 2 + rng.NextDouble() : (lower ? i > j : i < j) ? rng.NextDouble() - 0.5 : 0);
    }

    [Fact]
    public void Cholesky_matches_MathNet_and_rebuilds_the_matrix_and_is_NaN_when_not_positive_definite() =>
        PropertyCheck.ForAll(from n in Gen.Choose(1, 7) from seed in Gen.Choose(0, 10000) select (n, seed), c =>
        {
            var a = Spd(c.n, c.seed);
            var l = Np.Linalg.Cholesky(Np.Array(a.ToArray()));
            var expected = a.Cholesky().Factor;
            var got = Matrix<double>.Build.DenseOfArray(To2D(l, c.n, c.n));
            Assert.True((got - expected).FrobeniusNorm() <= 1e-12 * a.FrobeniusNorm(), $"L differs: {l}");
            Assert.True((got * got.Transpose() - a).FrobeniusNorm() <= 1e-12 * a.FrobeniusNorm());
            Assert.True((Matrix<double>.Build.DenseOfArray(To2D(Np.Linalg.Cholesky(Np.Array(a.ToArray()), upper: true), c.n, c.n)) - expected.Transpose()).FrobeniusNorm() == 0);
            var indefinite = a - Matrix<double>.Build.DenseIdentity(c.n) * (a.FrobeniusNorm() + 1);
            Assert.All(Np.Linalg.Cholesky(Np.Array(indefinite.ToArray())).ToArray<double>(), v => Assert.True(double.IsNaN(v)));
        });

    private static double[,] To2D(NDArray x, int rows, int cols)
    {
        var flat = x.ToArray<double>();
        var m = new double[rows, cols];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) m[i, j] = flat[i * cols + j];
        return m;
    }

    [Fact]
    public void Cholesky_derivatives_match_finite_differences_in_both_modes()
    {
        for (int n = 1; n <= 4; n++)
            GradientCheck.CheckGrads(x => Np.Linalg.Cholesky(x), Np.Array(Spd(n, n).ToArray()), order: 2);
        // f32: the double kernel rounded
        var a = Spd(3, 9);
        var l32 = Np.Linalg.Cholesky(Np.Array(a.ToArray()).AsType(DType.Float32));
        Assert.Equal(DType.Float32, l32.DType);
        var l64 = Np.Linalg.Cholesky(Np.Array(a.ToArray()).AsType(DType.Float32).AsType(DType.Float64));
        Assert.Equal(l64.ToArray<double>().Select(d => (float)d).ToArray(), l32.ToArray<float>());
    }

    [Fact]
    public void TriangularSolve_solves_every_side_triangle_and_transpose_and_differentiates()
    {
        int seed = 0;
        foreach (var leftSide in new[] { true, false })
            foreach (var lower in new[] { true, false })
                foreach (var transposeA in new[] { true, false })
                    foreach (var unit in new[] { false, true })
                    {
                        seed++;
                        int n = 4, k = 3;
                        var am = Triangular(n, lower, seed);
                        var rng = new System.Random(seed);
                        var bm = leftSide ? Matrix<double>.Build.Dense(n, k, (_, _) => rng.NextDouble() - 0.5) : Matrix<double>.Build.Dense(k, n, (_, _) => rng.NextDouble() - 0.5);
                        // the other triangle holds garbage the solve must not read
                        var stored = am + (lower ? Matrix<double>.Build.Dense(n, n, (i, j) => i < j ? 99 : 0) : Matrix<double>.Build.Dense(n, n, (i, j) => i > j ? 99 : 0));
                        var a = Np.Array(stored.ToArray());
                        var b = Np.Array(bm.ToArray());
                        var x = Lax.Linalg.TriangularSolve(a, b, leftSide, lower, transposeA, unitDiagonal: unit);
                        var used = unit ? am - Matrix<double>.Build.DiagonalOfDiagonalVector(am.Diagonal()) + Matrix<double>.Build.DenseIdentity(n) : am;
                        var op = transposeA ? used.Transpose() : used;
                        var xm = Matrix<double>.Build.DenseOfArray(To2D(x, bm.RowCount, bm.ColumnCount));
                        var residual = leftSide ? op * xm - bm : xm * op - bm;
                        string what = $"left {leftSide} lower {lower} transpose {transposeA} unit {unit}";
                        Assert.True(residual.FrobeniusNorm() < 1e-12, $"{what}: residual {residual.FrobeniusNorm()}");
                        GradientCheck.CheckGrads(args => Lax.Linalg.TriangularSolve(args[0], args[1], leftSide, lower, transposeA, unitDiagonal: unit),
                            new[] { a, b }, order: 2);
                    }
    }

    [Fact]
    public void Both_under_Jit_and_Vmap_equal_eager_and_a_loop()
    {
        var batch = Np.Stack(Enumerable.Range(0, 3).Select(i => Np.Array(Spd(4, 40 + i).ToArray())).ToArray());
        var rhs = Np.FromFlat(Enumerable.Range(0, 3 * 4 * 2).Select(i => Math.Sin(i)).ToArray(), [3, 4, 2]);
        Func<NDArray, NDArray, NDArray> solve = (m, r) => Lax.Linalg.TriangularSolve(Np.Linalg.Cholesky(m), r, leftSide: true, lower: true);
        var eager = solve(batch, rhs).ToArray<double>();
        Assert.Equal(eager, Jax.Jit(solve)(batch, rhs).ToArray<double>());
        var looped = Enumerable.Range(0, 3).SelectMany(i => solve(batch[i], rhs[i]).ToArray<double>()).ToArray();
        Assert.Equal(looped, Jax.Vmap(solve, (0, 0))(batch, rhs).ToArray<double>());
        Assert.Equal(eager, looped);
        // one operand unbatched
        var shared = Jax.Vmap((NDArray r) => solve(batch[0], r))(rhs).ToArray<double>();
        Assert.Equal(Enumerable.Range(0, 3).SelectMany(i => solve(batch[0], rhs[i]).ToArray<double>()).ToArray(), shared);
    }

    [Fact]
    public void Bad_shapes_name_the_operation_and_the_typed_shapes()
    {
        Assert.Contains("f64[2,3]", Assert.Throws<ArgumentException>(() => Np.Linalg.Cholesky(Np.Zeros([2, 3]))).Message);
        var e = Assert.Throws<ArgumentException>(() => Lax.Linalg.TriangularSolve(Np.Eye(3), Np.Zeros([2, 2]), leftSide: true));
        Assert.Contains("triangular_solve", e.Message);
        Assert.Contains("f64[3,3]", e.Message);
    }
}
