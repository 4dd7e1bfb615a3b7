using System;
using System.Linq;
using FsCheck.Fluent;
using Xunit;
using static Functional.AD.Properties.Primitives.Generators;

namespace Functional.AD.Properties.Transforms;

/// <summary>
/// The layouts Vmap's batching rules choose to avoid copies (elementwise operands aligned to a batch axis that is not
/// in front, a matrix-vector product with a transposed matrix computed with its operands exchanged) and the kernels
/// behind them (products with a contraction of length 1, diagonal factors, transposes of length-1 axes, broadcasts
/// along leading axes): each equals the loop over examples or the plain definition.
/// </summary>
public class BatchedLayoutProperties
{
    /// <summary>Vmap of <paramref name="f"/> over the examples (each argument stacked at its axis, or passed once when unmapped) equals the loop.</summary>
    private static void VmapEqualsLoop(Func<NDArray[], NDArray> f, NDArray[][] examples, int?[] inAxes)
    {
        var expected = Np.Stack(examples.Select(f).ToArray());
        var stacked = inAxes.Select((axis, i) => axis is int d ? Np.Stack(examples.Select(e => e[i]).ToArray(), d) : examples[0][i]).ToArray();
        NumericAssert.AllClose(expected, Jax.Vmap(f, inAxes)(stacked), 1e-13, 1e-13, "Vmap against the loop");
    }

    [Fact]
    public void Elementwise_ops_with_the_batch_axis_anywhere_and_unmapped_operands_equal_the_loop()
    {
        var cases =
            from shape in ShapeOfRank(2, 4)
            from batch in Gen.Choose(1, 4)
            from axis in Gen.Choose(0, 2)
            from xs in Gen.ArrayOf(Array(shape, Uniform(-2, 2)), batch)
            from y in Array(shape, Uniform(-2, 2))
            from ss in Gen.ArrayOf(Uniform(-2, 2), batch)
            select (axis, examples: xs.Select((x, i) => new[] { x, y, Np.Scalar(ss[i]) }).ToArray());
        // x mapped at `axis`, y unmapped (same per-example shape), s mapped with 0-d examples
        PropertyCheck.ForAll(cases, t => VmapEqualsLoop(a => (Np.Tanh(a[0]) * a[1]) - (a[0] * a[2]) + a[1], t.examples, new int?[] { t.axis, null, 0 }));
    }

    [Fact]
    public void A_transposed_matrix_times_mapped_vectors_equals_the_loop()
    {
        var cases =
            from k in Gen.Choose(1, 12)
            from m in Gen.Choose(1, 12)
            from batch in Gen.Choose(1, 10)
            from trailing in Gen.Choose(0, 2)      // per-example rhs [k], [k, 1] or [k, 1, 1]
            from a in Array(new[] { k, m }, Uniform(-2, 2))
            from vs in Gen.ArrayOf(Array(new[] { k }, Uniform(-2, 2)), batch)
            from axis in Gen.Choose(0, 1 + trailing)
            let shape = new[] { k }.Concat(Enumerable.Repeat(1, trailing)).ToArray()
            select (axis, examples: vs.Select(v => new[] { a, Np.Reshape(v, shape) }).ToArray());
        // contract the matrix's first axis: Aᵀ·v
        PropertyCheck.ForAll(cases, t => VmapEqualsLoop(
            x => Ops.DotGeneral(x[0], x[1], new IntTuple(0), new IntTuple(0), IntTuple.Empty, IntTuple.Empty), t.examples, new int?[] { null, t.axis }));
    }

    [Fact]
    public void Jacfwd_equals_Jacrev_equals_finite_differences_for_matrix_layers_both_ways()
    {
        var cases =
            from n in Gen.Choose(1, 20)
            from m in Gen.Choose(1, 20)
            from a in Array(new[] { m, n }, Uniform(-1, 1))
            from b in Array(new[] { m, n }, Uniform(-1, 1))
            from x in Array(new[] { n }, Uniform(-1, 1))
            select (a, b, x);
        PropertyCheck.ForAll(cases, t =>
        {
            // A·x and then Bᵀ·(...) (a contraction over the matrix's first axis), with elementwise ops between
            Func<NDArray, NDArray> f = v =>
            {
                var h = Np.Tanh(Np.Matmul(t.a, v));
                return Np.Sin(Np.Matmul(Np.Transpose(t.b), h * h + h)) * v;
            };
            var fwd = Jax.Jacfwd(f)(t.x);
            var rev = Jax.Jacrev(f)(t.x);
            NumericAssert.AllClose(fwd, rev, 1e-12, 1e-12, "Jacfwd against Jacrev");
            int n = t.x.Size;
            var xs = t.x.ToArray<double>();
            var fd = new double[n][];
            const double h = 1e-6;
            for (int j = 0; j < n; j++)
            {
                var up = (double[])xs.Clone();
                var down = (double[])xs.Clone();
                up[j] += h;
                down[j] -= h;
                var fu = f(Np.FromFlat(up, new[] { n })).ToArray<double>();
                var fl = f(Np.FromFlat(down, new[] { n })).ToArray<double>();
                fd[j] = fu.Zip(fl, (u, l) => (u - l) / (2 * h)).ToArray();
            }
            var expected = new double[n * n];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) expected[i * n + j] = fd[j][i];
            NumericAssert.AllClose(Np.FromFlat(expected, new[] { n, n }), fwd, 1e-6, 1e-7, "Jacfwd against finite differences");
        });
    }

    private static double[] NaiveProduct(double[] a, double[] b, int batch, int m, int k, int n)
    {
        var c = new double[batch * m * n];
        for (int bi = 0; bi < batch; bi++)
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                {
                    double s = 0;
                    for (int p = 0; p < k; p++) s += a[(bi * m + i) * k + p] * b[(bi * k + p) * n + j];
                    c[(bi * m + i) * n + j] = s;
                }
        return c;
    }

    [Fact]
    public void Products_with_a_contraction_of_length_one_equal_the_outer_products_in_any_layout()
    {
        var cases =
            from batch in Gen.Choose(1, 5)
            from m in Gen.Choose(1, 40)
            from n in Gen.Choose(1, 40)
            from a in Array(new[] { batch, m, 1 }, Uniform(-3, 3))
            from b in Array(new[] { batch, 1, n }, Uniform(-3, 3))
            from transposeA in Gen.Elements(true, false)
            from transposeB in Gen.Elements(true, false)
            from dtype in Gen.Elements(DType.Float64, DType.Float32)
            select (batch, m, n, a, b, transposeA, transposeB, dtype);
        PropertyCheck.ForAll(cases, t =>
        {
            var expected = NaiveProduct(t.a.ToArray<double>(), t.b.ToArray<double>(), t.batch, t.m, 1, t.n);
            var a = t.a.AsType(t.dtype);
            var b = t.b.AsType(t.dtype);
            // stored as [batch, 1, m] / [batch, n, 1] when transposed, so the kernel sees other strides
            var aOp = t.transposeA ? Np.Transpose(a, new[] { 0, 2, 1 }) : a;
            var bOp = t.transposeB ? Np.Transpose(b, new[] { 0, 2, 1 }) : b;
            var product = Ops.DotGeneral(aOp, bOp, new IntTuple(t.transposeA ? 1 : 2), new IntTuple(t.transposeB ? 2 : 1),
                new IntTuple(0), new IntTuple(0));
            Assert.Equal(new Shape(t.batch, t.m, t.n), product.Shape);
            double tol = t.dtype == DType.Float32 ? 1e-6 : 0;
            NumericAssert.AllClose(Np.FromFlat(expected, new[] { t.batch, t.m, t.n }), product.AsType(DType.Float64), tol, tol, "outer products", sameDType: false);
            // unbatched: an m×1 times 1×n matmul
            var single = Np.Matmul(a[0], b[0]);
            NumericAssert.AllClose(Np.FromFlat(expected.Take(t.m * t.n).ToArray(), new[] { t.m, t.n }), single.AsType(DType.Float64), tol, tol, "outer product", sameDType: false);
        });
    }

    [Fact]
    public void Almost_diagonal_factors_are_multiplied_in_full()
    {
        var cases =
            from n in Gen.Choose(8, 40)
            from m in Gen.Choose(1, 12)
            from d in Gen.ArrayOf(Uniform(-2, 2), n)
            from spot in Gen.Choose(0, n * n - 1)
            from perturbation in Gen.Elements(0.5, double.NaN, -0.0, 1e-300)
            from x in Array(new[] { n, m }, Uniform(-3, 3))
            from transposeD in Gen.Elements(true, false)
            select (n, m, d, spot, perturbation, x, transposeD);
        PropertyCheck.ForAll(cases, t =>
        {
            var values = new double[t.n * t.n];
            for (int i = 0; i < t.n; i++) values[i * t.n + i] = t.d[i];
            if (t.spot / t.n != t.spot % t.n) values[t.spot] = t.perturbation;
            var dm = Np.FromFlat(values, new[] { t.n, t.n });
            var dOp = t.transposeD ? Np.Transpose(Np.Transpose(dm).AsType(DType.Float64)) : dm;
            var expected = NaiveProduct(values, t.x.ToArray<double>(), 1, t.n, t.n, t.m);
            var actual = Np.Matmul(dOp, t.x).ToArray<double>();
            for (int i = 0; i < expected.Length; i++)
                Assert.True(expected[i].Equals(actual[i]) || Math.Abs(expected[i] - actual[i]) <= 1e-12 * (1 + Math.Abs(expected[i])),
                    $"element {i}: {actual[i]}, expected {expected[i]}");
        });
    }

    [Fact]
    public void Transposes_and_broadcasts_equal_their_definitions_for_length_one_axes_and_leading_broadcasts()
    {
        var cases =
            from rank in Gen.Choose(1, 4)
            from shape in Gen.ArrayOf(Gen.Frequency((2, Gen.Constant(1)), (3, Gen.Choose(2, 40))), rank)
            from perm in Permutation(rank)
            from x in Array(shape, Uniform(-3, 3))
            from dtype in Gen.Elements(DType.Float64, DType.Float32, DType.Int32)
            from lead in Gen.Choose(1, 5)
            select (shape, perm, x, dtype, lead);
        PropertyCheck.ForAll(cases, t =>
        {
            var x = t.x.AsType(t.dtype);
            var transposed = Np.Transpose(x, t.perm);
            var values = x.ToArray<double>();
            var strides = new int[t.shape.Length];
            for (int i = t.shape.Length - 1, s = 1; i >= 0; s *= t.shape[i], i--) strides[i] = s;
            var outShape = t.perm.Select(p => t.shape[p]).ToArray();
            var expected = new double[values.Length];
            var index = new int[outShape.Length];
            for (int flat = 0; flat < expected.Length; flat++)
            {
                int rest = flat, src = 0;
                for (int i = outShape.Length - 1; i >= 0; i--)
                {
                    index[i] = rest % outShape[i];
                    rest /= outShape[i];
                    src += index[i] * strides[t.perm[i]];
                }
                expected[flat] = values[src];
            }
            Assert.Equal(new Shape(outShape), transposed.Shape);
            Assert.Equal(expected, transposed.ToArray<double>());
            // each element of x repeated along a new trailing axis: x broadcast along its leading axes
            var column = Np.Reshape(x, t.shape.Append(1).ToArray());
            var wide = Np.BroadcastTo(column, t.shape.Append(t.lead * 7).ToArray());
            var flatWide = wide.ToArray<double>();
            for (int i = 0; i < flatWide.Length; i++) Assert.Equal(values[i / (t.lead * 7)], flatWide[i]);
        });
    }
}

/// <summary>Large products with a contraction of length 1 split across threads give exactly the one-thread result.</summary>
[Collection(ProcessWideState.Name)]
public class SplitOuterProductTests
{
    [Fact]
    public void Split_outer_products_agree_with_one_thread_and_the_definition()
    {
        // several batches per part and a short last part; the per-example weight gradient's shape
        int batch = 2 * ParallelElementwise.MinElements / (64 * 128) + 3;
        var a = Np.Sin(Np.Linspace(-4, 4, batch * 64)).Reshape(batch, 1, 64).AsType(DType.Float32);
        var b = Np.Cos(Np.Linspace(-3, 3, batch * 128)).Reshape(batch, 1, 128).AsType(DType.Float32);
        NDArray Product() => Ops.DotGeneral(a, b, new IntTuple(1), new IntTuple(1), new IntTuple(0), new IntTuple(0));
        int saved = Parallelism.MaxThreads;
        float[] one, two;
        try
        {
            Parallelism.MaxThreads = 1;
            one = Product().ToArray<float>();
            Parallelism.MaxThreads = 2;
            two = Product().ToArray<float>();
        }
        finally { Parallelism.MaxThreads = saved; }
        Assert.True(one.AsSpan().SequenceEqual(two), "results differ between 1 and 2 threads");
        var av = a.ToArray<float>();
        var bv = b.ToArray<float>();
        for (int e = 0; e < two.Length; e += 331)
        {
            int bi = e / (64 * 128), i = e / 128 % 64, j = e % 128;
            Assert.Equal(av[bi * 64 + i] * bv[bi * 128 + j], two[e]);
        }
    }
}

/// <summary>Products with a contraction of length 1 whose output is written with streaming stores equal the definition bit for bit.</summary>
public class StreamedOuterProductTests
{
    [Theory]
    [InlineData(DType.Float32, 128)]
    [InlineData(DType.Float32, 37)]
    [InlineData(DType.Float64, 64)]
    [InlineData(DType.Float64, 21)]
    public void Outputs_past_the_streaming_size_equal_every_product(DType dtype, int n)
    {
        const int m = 48;
        int batch = (int)(OuterProduct.StreamingBytes / (m * n * dtype.ItemSize())) + 2;
        var a = Np.Sin(Np.Linspace(-4, 4, batch * m)).Reshape(batch, 1, m).AsType(dtype);
        var b = Np.Cos(Np.Linspace(-3, 3, batch * n)).Reshape(batch, 1, n).AsType(dtype);
        var product = Ops.DotGeneral(a, b, new IntTuple(1), new IntTuple(1), new IntTuple(0), new IntTuple(0));
        Assert.Equal(new Shape(batch, m, n), product.Shape);
        if (dtype == DType.Float32)
        {
            float[] av = a.ToArray<float>(), bv = b.ToArray<float>(), c = product.ToArray<float>();
            for (int e = 0; e < c.Length; e++)
                if (c[e] != av[e / (m * n) * m + e / n % m] * bv[e / (m * n) * n + e % n]) Assert.Fail($"element {e}: {c[e]}");
        }
        else
        {
            double[] av = a.ToArray<double>(), bv = b.ToArray<double>(), c = product.ToArray<double>();
            for (int e = 0; e < c.Length; e++)
                if (c[e] != av[e / (m * n) * m + e / n % m] * bv[e / (m * n) * n + e % n]) Assert.Fail($"element {e}: {c[e]}");
        }
    }
}
