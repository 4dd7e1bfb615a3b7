using System;
using System.Linq;
using FsCheck.Fluent;
using Functional.AD.Testing;
using MathNet.Numerics.LinearAlgebra;
using Xunit;

namespace Functional.AD.Properties.Linalg;

/// <summary>
/// The eigh primitive and what is built on it (Np.Linalg.Eigh/Eigvalsh/Svdvals, matrix norms 2, -2 and nuc) against
/// MathNet's LAPACK-style decompositions, and its derivatives against finite differences through sign-invariant
/// quantities (eigenvalues, projectors v vᵀ), since eigenvectors are defined up to sign. It is exempt from the
/// primitive table's generic laws for that reason.
/// </summary>
public class EighTests
{
    /// <summary>Random matrices: a batch shape, the order n, and entries.</summary>
    private static readonly FsCheck.Gen<(int[] Batch, int N, double[] Data)> Matrices =
        from batched in Gen.Elements(new[] { Array.Empty<int>(), new[] { 2 }, new[] { 2, 3 } })
        from n in Gen.Choose(1, 6)
        from data in Gen.ArrayOf(Gen.Choose(-1000, 1000).Select(i => i / 250.0), batched.Aggregate(1, (a, b) => a * b) * n * n)
        select (batched, n, data);

    private static Matrix<double> Slice(double[] data, int b, int rows, int cols) =>
        Matrix<double>.Build.Dense(rows, cols, (i, j) => data[b * rows * cols + i * cols + j]);

    [Fact]
    public void Eigh_reconstructs_the_symmetrized_matrix_with_orthonormal_vectors_and_MathNets_eigenvalues() =>
        PropertyCheck.ForAll(Matrices, c =>
        {
            var a = Np.FromFlat(c.Data, [.. c.Batch, c.N, c.N]);
            var (w, v) = Np.Linalg.Eigh(a);
            var wv = w.ToArray<double>();
            var vv = v.ToArray<double>();
            int batch = c.Data.Length / (c.N * c.N);
            for (int b = 0; b < batch; b++)
            {
                var m = Slice(c.Data, b, c.N, c.N);
                var sym = (m + m.Transpose()) / 2;
                var expected = sym.Evd(Symmetricity.Symmetric).EigenValues.Select(z => z.Real).OrderBy(z => z).ToArray();
                var got = wv.Skip(b * c.N).Take(c.N).ToArray();
                var vecs = Slice(vv, b, c.N, c.N);
                double scale = 1 + sym.FrobeniusNorm();
                for (int i = 0; i < c.N; i++) Assert.True(Math.Abs(expected[i] - got[i]) <= 1e-12 * scale, $"eigenvalue {i}: {got[i]} vs {expected[i]}");
                for (int i = 1; i < c.N; i++) Assert.True(got[i - 1] <= got[i]);
                var rebuilt = vecs * Matrix<double>.Build.DenseOfDiagonalArray(got) * vecs.Transpose();
                Assert.True((rebuilt - sym).FrobeniusNorm() <= 1e-12 * scale, "v diag(w) vᵀ differs from a");
                Assert.True((vecs.Transpose() * vecs - Matrix<double>.Build.DenseIdentity(c.N)).FrobeniusNorm() <= 1e-12 * c.N, "vᵀ v differs from I");
            }
        });

    [Fact]
    public void Float32_eigh_is_the_double_decomposition_rounded()
    {
        // symmetric, so that symmetrizing in f32 or f64 changes nothing
        var data = Enumerable.Range(0, 16).Select(k => (float)Math.Sin(Math.Min(k / 4, k % 4) * 1.3 + Math.Max(k / 4, k % 4) * 0.4)).ToArray();
        var (w32, _) = Np.Linalg.Eigh(Np.FromFlat(data, [4, 4]));
        var (w64, _) = Np.Linalg.Eigh(Np.FromFlat(data.Select(f => (double)f).ToArray(), [4, 4]));
        Assert.Equal(DType.Float32, w32.DType);
        Assert.Equal(w64.ToArray<double>().Select(d => (float)d).ToArray(), w32.ToArray<float>());
    }

    [Fact]
    public void Eigh_under_Jit_and_Vmap_equals_eager_and_a_loop() =>
        PropertyCheck.ForAll(Matrices.Where(c => c.Batch.Length > 0), c =>
        {
            var a = Np.FromFlat(c.Data, [.. c.Batch, c.N, c.N]);
            var eager = Np.Linalg.Eigvalsh(a).ToArray<double>();
            Assert.Equal(eager, Jax.Jit((NDArray x) => Np.Linalg.Eigvalsh(x))(a).ToArray<double>());
            var mapped = Jax.Vmap((NDArray x) => Np.Linalg.Eigvalsh(x))(a).ToArray<double>();
            var looped = Enumerable.Range(0, c.Batch[0]).SelectMany(i => Np.Linalg.Eigvalsh(a[i]).ToArray<double>()).ToArray();
            Assert.Equal(looped, mapped);
            Assert.Equal(eager, mapped);
        }, maxTest: 30);

    /// <summary>Symmetric matrices with well separated eigenvalues: q diag(d) qᵀ with d spaced at least 1 apart.</summary>
    private static NDArray Separated(int n, int seed)
    {
        var rng = new System.Random(seed);
        var m = Matrix<double>.Build.Dense(n, n, (_, _) => rng.NextDouble() - 0.5);
        var q = m.QR().Q;
        var d = Enumerable.Range(0, n).Select(i => 1.5 * i + rng.NextDouble() * 0.5 - 1).ToArray();
        var a = q * Matrix<double>.Build.DenseOfDiagonalArray(d) * q.Transpose();
        return Np.Array(a.ToArray());
    }

    [Fact]
    public void Derivatives_of_eigenvalues_and_eigenprojectors_match_finite_differences()
    {
        for (int seed = 0; seed < 6; seed++)
        {
            var a = Separated(2 + seed % 4, seed);
            // eigenvalues, and the projector onto each eigenvector (v vᵀ does not depend on the sign of v)
            GradientCheck.CheckGrads(x => Np.Linalg.Eigh(x).Eigenvalues * Np.Arange(1.0, x.Shape[0] + 1.0), a, order: 2);
            GradientCheck.CheckGrads(x =>
            {
                var v = Np.Linalg.Eigh(x).Eigenvectors;
                return Np.Einsum("ik,jk,k->ij", v, v, Np.Arange(1.0, x.Shape[0] + 1.0));
            }, a, order: 1);
        }
    }

    [Fact]
    public void The_gradient_of_an_eigenvalue_is_its_projector()
    {
        var a = Separated(4, 11);
        var (_, v) = Np.Linalg.Eigh(a);
        for (int k = 0; k < 4; k++)
        {
            var g = Jax.Grad((NDArray x) => Np.Linalg.Eigvalsh(x)[k])(a).ToArray<double>();
            var vk = v[.., k].ToArray<double>();
            for (int i = 0; i < 4; i++)
                for (int j = 0; j < 4; j++)
                    Assert.Equal(vk[i] * vk[j], g[i * 4 + j], 1e-10);
        }
    }

    [Fact]
    public void Svdvals_and_the_matrix_norms_2_minus_2_and_nuc_match_MathNet() =>
        PropertyCheck.ForAll(
            from m in Gen.Choose(1, 5)
            from n in Gen.Choose(1, 5)
            from data in Gen.ArrayOf(Gen.Choose(-1000, 1000).Select(i => i / 250.0), m * n)
            select (m, n, data),
            c =>
            {
                var x = Np.FromFlat(c.data, [c.m, c.n]);
                var expected = Slice(c.data, 0, c.m, c.n).Svd(computeVectors: false).S.ToArray();
                var got = Np.Linalg.Svdvals(x).ToArray<double>();
                double scale = 1 + expected.Max();
                Assert.Equal(expected.Length, got.Length);
                for (int i = 0; i < got.Length; i++) Assert.True(Math.Abs(expected[i] - got[i]) <= 1e-12 * scale, $"σ{i}: {got[i]} vs {expected[i]}");
                Assert.Equal(expected.Max(), (double)Np.Linalg.Norm(x, 2.0, new[] { 0, 1 }), 1e-10);
                Assert.Equal(expected.Min(), (double)Np.Linalg.Norm(x, -2.0, new[] { 0, 1 }), 1e-10);
                Assert.Equal(expected.Sum(), (double)Np.Linalg.Norm(x, "nuc"), 1e-10);
            });

    [Fact]
    public void Matrix_norms_over_other_axes_keep_dims_and_differentiate()
    {
        // full rank (a cosine sequence would give rank 2, where the nuclear norm has no derivative)
        var rng = new System.Random(5);
        var x = Np.FromFlat(Enumerable.Range(0, 24).Select(_ => rng.NextDouble() - 0.5).ToArray(), [2, 3, 4]);
        var n = Np.Linalg.Norm(x, 2.0, new[] { 2, 0 }, keepDims: true);
        Assert.Equal(new Shape(1, 3, 1), n.Shape);
        for (int j = 0; j < 3; j++)
        {
            var slice = x[.., j, ..];   // [2, 4]; axes (2, 0) make the matrix [4, 2]: same singular values
            Assert.Equal((double)Np.Linalg.Norm(slice, 2.0, new[] { 0, 1 }), n.ToArray<double>()[j], 1e-12);
        }
        // the gradient of the spectral norm is u₁v₁ᵀ; checked against finite differences
        GradientCheck.CheckGrads(m => Np.Linalg.Norm(m, 2.0, new[] { 0, 1 }), x[0], order: 1);
        GradientCheck.CheckGrads(m => Np.Linalg.Norm(m, "nuc"), x[1], order: 1);
    }

    [Fact]
    public void Eigh_names_the_operation_and_the_typed_shape_on_bad_input()
    {
        Assert.Contains("f64[2,3]", Assert.Throws<ArgumentException>(() => Np.Linalg.Eigh(Np.Zeros([2, 3]))).Message);
        Assert.Contains("Lax.Linalg.Eigh", Assert.Throws<ArgumentException>(() => Lax.Linalg.Eigh(Np.Zeros([3]))).Message);
        Assert.Contains("UPLO", Assert.Throws<ArgumentException>(() => Np.Linalg.Eigh(Np.Zeros([2, 2]), "X")).Message);
        var (v, w) = Lax.Linalg.Eigh(Np.Zeros([0, 0]));
        Assert.Equal(new Shape(0), w.Shape);
        Assert.Equal(new Shape(0, 0), v.Shape);
    }
}
