using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Functional.AD.Properties.Arrays;
using Xunit;
using static Functional.AD.Jax;

namespace Functional.AD.Properties.Transforms;

/// <summary>
/// Vmap of dot_general folds batch axes into the dimension numbers, as JAX's batching rule: a batch axis that is not
/// leading costs no transpose, and a nested Vmap of a matrix product is one dot_general. Expected values are plain
/// loops over doubles.
/// </summary>
public class DotGeneralBatchingTests
{
    /// <summary>Sizes m, k, n and two batch sizes, 1 to 3 each, with the values of a [b1, b2, m, k] and a [b1, b2, k, n] array.</summary>
    private static Gen<(int M, int K, int N, int B1, int B2, double[] A, double[] B)> Cases() =>
        Gen.ArrayOf(Gen.Choose(1, 3), 5).SelectMany(d =>
            Ref.Values(d[3] * d[4] * d[0] * d[1], -2, 2).SelectMany(a =>
                Ref.Values(d[3] * d[4] * d[1] * d[2], -2, 2).Select(b => (d[0], d[1], d[2], d[3], d[4], a, b))));

    private static NDArray Matmul(NDArray a, NDArray b) => Np.Matmul(a, b);

    [Fact]
    public void Nested_vmap_of_a_matrix_product_over_non_leading_axes_is_one_dot_general_and_equals_the_loop()
    {
        PropertyCheck.ForAll(Cases(), c =>
        {
            var (m, k, n, b1, b2) = (c.M, c.K, c.N, c.B1, c.B2);
            var a = Np.FromFlat(c.A, [b1, b2, m, k]);
            var b = Np.FromFlat(c.B, [b1, b2, k, n]);
            // the outer map takes axis 1 of both, the inner one axis 0 of what is left: out[j, i] = a[i, j] · b[i, j]
            var inner = Vmap<NDArray, NDArray, NDArray>(Matmul, (0, 0));
            var outer = Vmap<NDArray, NDArray, NDArray>((x, y) => inner(x, y), (1, 1));
            var jaxpr = MakeJaxpr(((NDArray A, NDArray B) t) => outer(t.A, t.B))((a, b));
            Assert.Single(jaxpr.Jaxpr.Equations);
            Assert.Equal("dot_general", jaxpr.Jaxpr.Equations[0].Primitive.Name);
            var expected = new double[b2 * b1 * m * n];
            for (int j = 0; j < b2; j++)
                for (int i = 0; i < b1; i++)
                    for (int r = 0; r < m; r++)
                        for (int s = 0; s < n; s++)
                        {
                            double sum = 0;
                            for (int q = 0; q < k; q++)
                                sum += c.A[((((i * b2) + j) * m) + r) * k + q] * c.B[((((i * b2) + j) * k) + q) * n + s];
                            expected[(((j * b1) + i) * m + r) * n + s] = sum;
                        }
            NumericAssert.AllClose(Np.FromFlat(expected, [b2, b1, m, n]), outer(a, b), "nested vmap", 1e-12);
        });
    }

    [Fact]
    public void Vmap_of_a_product_with_one_operand_batched_on_an_inner_axis_equals_the_loop()
    {
        PropertyCheck.ForAll(Cases(), c =>
        {
            var (m, k, n, bs) = (c.M, c.K, c.N, c.B1);
            // lhs batched on its middle axis: [m, bs, k]; rhs batched on its last axis: [k, n, bs]
            var lhs = Np.FromFlat(c.A[..(m * bs * k)], [m, bs, k]);
            var rhs = Np.FromFlat(c.B[..(k * n * bs)], [k, n, bs]);
            var w = Np.FromFlat(c.B[..(k * n)], [k, n]);
            var v = Np.FromFlat(c.A[..(m * k)], [m, k]);
            var left = Vmap<NDArray, NDArray, NDArray>(Matmul, (1, null))(lhs, w);
            var right = Vmap<NDArray, NDArray, NDArray>(Matmul, (null, 2))(v, rhs);
            var both = Vmap<NDArray, NDArray, NDArray>(Matmul, (1, 2))(lhs, rhs);
            for (int e = 0; e < bs; e++)
            {
                var le = Np.FromFlat(Enumerable.Range(0, m * k).Select(t => c.A[((t / k) * bs * k) + (e * k) + (t % k)]).ToArray(), [m, k]);
                var re = Np.FromFlat(Enumerable.Range(0, k * n).Select(t => c.B[(t * bs) + e]).ToArray(), [k, n]);
                NumericAssert.AllClose(Loop(le, w), left[e], $"lhs batched, example {e}", 1e-12);
                NumericAssert.AllClose(Loop(v, re), right[e], $"rhs batched, example {e}", 1e-12);
                NumericAssert.AllClose(Loop(le, re), both[e], $"both batched, example {e}", 1e-12);
            }
        });
    }

    [Fact]
    public void Vmap_of_a_matrix_vector_product_over_an_inner_axis_equals_the_loop()
    {
        PropertyCheck.ForAll(Cases(), c =>
        {
            var (m, k, bs) = (c.M, c.K, c.B1);
            var mat = Np.FromFlat(c.A[..(m * k)], [m, k]);
            var vs = Np.FromFlat(c.B[..(k * bs)], [k, bs]);
            var mapped = Vmap<NDArray, NDArray, NDArray>((x, y) => Np.Matmul(x, y), (null, 1))(mat, vs);
            for (int e = 0; e < bs; e++)
            {
                var ve = Np.FromFlat(Enumerable.Range(0, k).Select(t => c.B[(t * bs) + e]).ToArray(), [k, 1]);
                NumericAssert.AllClose(Loop(mat, ve).Reshape(m), mapped[e], $"example {e}", 1e-12);
            }
        });
    }

    /// <summary>The product of two f64 matrices by the textbook loop.</summary>
    private static NDArray Loop(NDArray x, NDArray y)
    {
        var (xs, ys) = (x.ToArray<double>(), y.ToArray<double>());
        int m = x.Shape[0], k = x.Shape[1], n = y.Shape[1];
        var r = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
                for (int q = 0; q < k; q++)
                    r[(i * n) + j] += xs[(i * k) + q] * ys[(q * n) + j];
        return Np.FromFlat(r, [m, n]);
    }
}
