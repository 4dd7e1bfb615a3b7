using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Xunit;
using static Functional.AD.Properties.Primitives.Generators;

namespace Functional.AD.Properties.Kernels;

/// <summary>dot_general with a diagonal factor (the scaling shortcut) equals the plain product, layouts and specials included.</summary>
public class DiagonalProductTests
{
    private static double[] Naive(double[] a, double[] b, int m, int k, int n)
    {
        var c = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int p = 0; p < k; p++) s += a[i * k + p] * b[p * n + j];
                c[i * n + j] = s;
            }
        return c;
    }

    private static Gen<NDArray> Diagonal(int n) =>
        from d in Gen.ArrayOf(Gen.Frequency((1, Gen.Constant(0.0)), (4, Uniform(-2, 2))), n)
        select Np.FromFlat(Enumerable.Range(0, n * n).Select(i => i / n == i % n ? d[i / n] : 0.0).ToArray(), new[] { n, n });

    [Fact]
    public void A_diagonal_factor_on_either_side_and_in_any_layout_gives_the_plain_product()
    {
        var cases =
            from n in Gen.Choose(8, 24)
            from m in Gen.Choose(1, 20)
            from d in Diagonal(n)
            from x in Array(new[] { m, n }, Uniform(-3, 3))
            from transposeD in Gen.Elements(true, false)
            from transposeX in Gen.Elements(true, false)
            select (n, m, d, x, transposeD, transposeX);
        PropertyCheck.ForAll(cases, t =>
        {
            var dView = t.transposeD ? Np.Transpose(t.d).AsType(DType.Float64) : t.d;
            var dd = t.transposeD ? Np.Transpose(dView) : dView;           // same matrix, possibly other layout after two transposes
            var xT = t.transposeX ? Np.Transpose(Np.Transpose(t.x)) : t.x;
            // x · D and D · x^T
            var right = Np.Matmul(xT, dd).ToArray<double>();
            var left = Np.Matmul(dd, Np.Transpose(xT)).ToArray<double>();
            Assert.Equal(Naive(t.x.ToArray<double>(), t.d.ToArray<double>(), t.m, t.n, t.n), right);
            Assert.Equal(Naive(t.d.ToArray<double>(), Np.Transpose(t.x).ToArray<double>(), t.n, t.n, t.m), left);
            // with the diagonal as a strided (transposed) operand of dot_general directly
            var viaTranspose = Ops.DotGeneral(t.x, t.d, new IntTuple(1), new IntTuple(1), IntTuple.Empty, IntTuple.Empty).ToArray<double>();
            Assert.Equal(right, viaTranspose);
        });
    }

    [Fact]
    public void Infinities_in_the_other_factor_give_the_same_NaNs_as_the_plain_product()
    {
        var eye = Np.Eye(8);
        var x = Np.FromFlat(Enumerable.Range(0, 64).Select(i => i == 10 ? double.PositiveInfinity : i * 0.5).ToArray(), new[] { 8, 8 });
        var product = Np.Matmul(eye, x).ToArray<double>();
        // Row 1 column 2 holds ∞: 0·∞ from the zero entries of the identity makes column 2 NaN in every other row.
        for (int i = 0; i < 8; i++)
            Assert.True(i == 1 ? double.IsPositiveInfinity(product[i * 8 + 2]) : double.IsNaN(product[i * 8 + 2]), $"row {i}: {product[i * 8 + 2]}");
        Assert.Equal(3.0, product[0 * 8 + 6]);
    }

    [Fact]
    public void Infinities_and_NaNs_anywhere_give_the_plain_products_values_on_either_side_and_in_either_precision()
    {
        // The one-pass scaling stops at a non-finite value and leaves the product to the GEMM, with C partly written.
        var special = Gen.Elements(double.PositiveInfinity, double.NegativeInfinity, double.NaN);
        var cases =
            from n in Gen.Choose(8, 40)
            from m in Gen.Choose(1, 12)
            from d in Diagonal(n)
            from x in Array(new[] { m, n }, Uniform(-3, 3))
            from at in Gen.Choose(0, m * n - 1)
            from value in special
            from diagonalSpecial in Gen.Elements(false, true)
            from f32 in Gen.Elements(false, true)
            select (n, m, d, x, at, value, diagonalSpecial, f32);
        PropertyCheck.ForAll(cases, t =>
        {
            var xs = t.x.ToArray<double>();
            xs[t.at] = t.value;
            var ds = t.d.ToArray<double>();
            if (t.diagonalSpecial) ds[(t.at % t.n) * (t.n + 1)] = t.value;   // both factors diagonal-or-special
            var dtype = t.f32 ? DType.Float32 : DType.Float64;
            var x = Np.FromFlat(xs, new[] { t.m, t.n }).AsType(dtype);
            var d = Np.FromFlat(ds, new[] { t.n, t.n }).AsType(dtype);
            // the naive products in double of the (rounded) operands, rounded once: exact here, as one term is non-zero
            var xr = x.ToArray<double>();
            var dr = d.ToArray<double>();
            var right = Naive(xr, dr, t.m, t.n, t.n);
            var xT = Np.Transpose(x).ToArray<double>();
            var left = Naive(dr, xT, t.n, t.n, t.m);
            Assert.Equal(right.Select(v => t.f32 ? (double)(float)v : v).ToArray(), Np.Matmul(x, d).ToArray<double>());
            Assert.Equal(left.Select(v => t.f32 ? (double)(float)v : v).ToArray(), Np.Matmul(d, Np.Transpose(x)).ToArray<double>());
        });
    }

    [Fact]
    public void Batched_diagonals_scale_each_batch_by_its_own_diagonal()
    {
        var ds = Np.Stack(new[] { Np.Eye(9) * 2.0, Np.Eye(9) * -1.0 });
        var xs = Np.Linspace(-1, 1, 2 * 9 * 5).Reshape(2, 9, 5);
        var r = Np.Matmul(ds, xs);
        Assert.Equal((xs[0] * 2.0).ToArray<double>(), r[0].ToArray<double>());
        Assert.Equal((-xs[1]).ToArray<double>(), r[1].ToArray<double>());
    }
}
