using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Functional.AD.Properties.Arrays;
using Functional.AD.Testing;
using Xunit;

namespace Functional.AD.Properties.Numpy;

/// <summary>
/// softmax, log_softmax, logsumexp and standardize over several axes with where-masks, weights and signs, one_hot
/// with an axis, and the keyless initializers: all against loops over the groups of elements, written here.
/// </summary>
public class NnAxesAndMaskTests
{
    // ------------------------------------------------------------------ reference grouping

    /// <summary>The flat indices of each group of elements that share their indices on the kept axes, in output order.</summary>
    private static List<int>[] Groups(int[] shape, bool[] reduced)
    {
        var keptShape = shape.Where((_, i) => !reduced[i]).ToArray();
        var groups = Enumerable.Range(0, Ref.Size(keptShape)).Select(_ => new List<int>()).ToArray();
        for (int i = 0; i < Ref.Size(shape); i++)
        {
            var ix = Ref.Unravel(i, shape);
            groups[Ref.Ravel(ix.Where((_, k) => !reduced[k]).ToArray(), keptShape)].Add(i);
        }
        return groups;
    }

    private static bool[] Reduced(int rank, int[]? axes)
    {
        var r = new bool[rank];
        for (int i = 0; i < rank; i++) r[i] = axes is null || axes.Any(a => (a + rank) % rank == i);
        return r;
    }

    private static int[] OutShape(int[] shape, bool[] reduced, bool keepDims) =>
        keepDims ? shape.Select((d, i) => reduced[i] ? 1 : d).ToArray() : shape.Where((_, i) => !reduced[i]).ToArray();

    /// <summary>A case: x, the axes (null: all, possibly negative), and a mask (null: none).</summary>
    public sealed record MaskCase(Dense X, int[]? Axes, bool[]? Mask)
    {
        public NDArray MaskNd() => Np.FromFlat(Mask!, X.Shape);

        public bool On(int i) => Mask is null || Mask[i];

        public override string ToString() =>
            $"{X} axes [{(Axes is null ? "all" : string.Join(",", Axes))}] mask [{(Mask is null ? "none" : string.Join(",", Mask.Select(b => b ? 1 : 0)))}]";
    }

    private static Gen<int[]?> AxesFor(int rank) =>
        Gen.Frequency(
            (1, Gen.Constant<int[]?>(null)),
            (4, Gen.ArrayOf(Gen.Elements(true, false), rank)
                .Where(b => b.Any(v => v))
                .SelectMany(b => Gen.Elements(true, false).Select(neg =>
                    (int[]?)Enumerable.Range(0, rank).Where(i => b[i]).Select(i => neg ? i - rank : i).Reverse().ToArray()))));

    private static Gen<MaskCase> Cases(double lo, double hi, bool masks = true) =>
        Ref.Denses(1, 3, 1, 4, lo, hi).SelectMany(x => AxesFor(x.Rank).SelectMany(axes =>
            (masks
                ? Gen.Frequency((1, Gen.Constant<bool[]?>(null)),
                    (3, Gen.ArrayOf(Gen.Frequency((3, Gen.Constant(true)), (1, Gen.Constant(false))), x.Data.Length).Select(m => (bool[]?)m)))
                : Gen.Constant<bool[]?>(null))
            .Select(m => new MaskCase(x, axes, m))));

    // ------------------------------------------------------------------ softmax and log_softmax

    private static (double[] Softmax, double[] LogSoftmax) SoftmaxRef(MaskCase c)
    {
        var x = c.X;
        var soft = new double[x.Data.Length];
        var log = new double[x.Data.Length];
        foreach (var g in Groups(x.Shape, Reduced(x.Rank, c.Axes)))
        {
            var on = g.Where(c.On).ToList();
            double m = on.Count == 0 ? 0 : on.Max(i => x.Data[i]);
            double s = on.Sum(i => Math.Exp(x.Data[i] - m));
            foreach (var i in g)
            {
                soft[i] = c.On(i) ? Math.Exp(x.Data[i] - m) / s : 0;
                log[i] = c.On(i) ? x.Data[i] - m - Math.Log(s) : double.NegativeInfinity;
            }
        }
        return (soft, log);
    }

    [Fact]
    public void Softmax_and_log_softmax_over_several_axes_with_masks_match_the_loop() =>
        PropertyCheck.ForAll(Cases(-30, 30), c =>
        {
            var (soft, log) = SoftmaxRef(c);
            var mask = c.Mask is null ? null : c.MaskNd();
            Ref.AllClose(new Dense(c.X.Shape, soft), Nn.Softmax(c.X.ToNd(), c.Axes, mask), 1e-12, 1e-300, "softmax");
            Ref.AllClose(new Dense(c.X.Shape, log), Nn.LogSoftmax(c.X.ToNd(), c.Axes, mask), 1e-12, 1e-12, "log_softmax");
            if (c.Axes is { Length: 1 })
            {
                Ref.AllClose(new Dense(c.X.Shape, soft), Nn.Softmax(c.X.ToNd(), c.Axes[0], mask), 1e-12, 1e-300, "softmax (one axis)");
                Ref.AllClose(new Dense(c.X.Shape, log), Nn.LogSoftmax(c.X.ToNd(), c.Axes[0], mask), 1e-12, 1e-12, "log_softmax (one axis)");
            }
        });

    [Fact]
    public void Softmax_family_gradients_with_masks_match_the_formulas() =>
        PropertyCheck.ForAll(Cases(-10, 10).SelectMany(c => Ref.DenseOf(c.X.Shape, -1, 1).Select(w => (c, w))), t =>
        {
            var (c, w) = t;
            var (soft, _) = SoftmaxRef(c);
            var dSoft = new double[soft.Length];
            var dLog = new double[soft.Length];
            foreach (var g in Groups(c.X.Shape, Reduced(c.X.Rank, c.Axes)))
            {
                var on = g.Where(c.On).ToList();
                double sw = on.Sum(i => soft[i] * w.Data[i]);
                double wsum = on.Sum(i => w.Data[i]);
                foreach (var i in on)
                {
                    dSoft[i] = soft[i] * (w.Data[i] - sw);
                    dLog[i] = w.Data[i] - soft[i] * wsum;
                }
            }
            var mask = c.Mask is null ? null : c.MaskNd();
            var wn = w.ToNd();
            Ref.AllClose(new Dense(c.X.Shape, dSoft), Jax.Grad((NDArray u) => Np.Sum(Nn.Softmax(u, c.Axes, mask) * wn))(c.X.ToNd()), 1e-10, 1e-14, "d softmax");
            // masked-out outputs are -inf: weight only the selected ones
            var wMasked = Np.FromFlat(w.Data.Select((v, i) => c.On(i) ? v : 0).ToArray(), c.X.Shape);
            Ref.AllClose(new Dense(c.X.Shape, dLog),
                Jax.Grad((NDArray u) => Np.Sum(Np.Where(Np.IsFinite(Nn.LogSoftmax(u, c.Axes, mask)), Nn.LogSoftmax(u, c.Axes, mask) * wMasked, 0.0)))(c.X.ToNd()),
                1e-10, 1e-13, "d log_softmax");
        });

    [Fact]
    public void A_fully_masked_line_gives_zeros_and_minus_infinity_with_zero_finite_gradients()
    {
        var x = Np.FromFlat(new[] { 1.0, 2, 3, 4, 5, 6 }, [2, 3]);
        var mask = Np.FromFlat(new[] { true, false, true, false, false, false }, [2, 3]);
        var s = Nn.Softmax(x, -1, mask).ToArray<double>();
        Ref.Close(1 / (1 + Math.Exp(2)), s[0], 1e-15);
        Assert.Equal(new[] { 0.0, 0, 0, 0 }, s[3..].Prepend(s[1]).ToArray());
        var l = Nn.LogSoftmax(x, -1, mask).ToArray<double>();
        Assert.All(l[3..], v => Assert.Equal(double.NegativeInfinity, v));
        var g = Jax.Grad((NDArray u) => Np.Sum(Nn.Softmax(u, -1, mask) * Np.Array(1.0, 2.0, 3.0)))(x).ToArray<double>();
        Assert.All(g, v => Assert.True(double.IsFinite(v)));
        Assert.Equal(new[] { 0.0, 0, 0, 0 }, g[3..].Prepend(g[1]).ToArray());
        // a mask that broadcasts: the last column only
        var col = Np.Array(true, true, false);
        Ref.AllClose(new[] { 2, 3 }, new[] { 1 / (1 + Math.E), Math.E / (1 + Math.E), 0, 1 / (1 + Math.E), Math.E / (1 + Math.E), 0 },
            Nn.Softmax(x, -1, col), 1e-15);
        // ±1000 with a mask stays finite
        var big = Np.Array(1000.0, -1000.0, 999.0);
        Ref.AllClose(new[] { 3 }, new[] { 0.0, -2000.0, double.NegativeInfinity }, Nn.LogSoftmax(big, 0, Np.Array(true, true, false)), 1e-15, 1e-12);
    }

    [Fact]
    public void Mask_and_axis_errors_name_the_function()
    {
        var x = Np.Ones([2, 3]);
        Assert.Contains("Nn.Softmax", Assert.ThrowsAny<ArgumentException>(() => Nn.Softmax(x, new[] { 1, -1 })).Message);
        Assert.Contains("Nn.LogSoftmax", Assert.ThrowsAny<ArgumentException>(() => Nn.LogSoftmax(x, new[] { 2 })).Message);
        Assert.Contains("Nn.Softmax", Assert.ThrowsAny<ArgumentException>(() => Nn.Softmax(x, -1, Np.Ones([3, 3]))).Message);
        Assert.Contains("Nn.LogSumExp", Assert.ThrowsAny<ArgumentException>(() => Nn.LogSumExp(x, new[] { 0, 0 })).Message);
        Assert.Contains("Nn.Standardize", Assert.ThrowsAny<ArgumentException>(() => Nn.Standardize(x, 5)).Message);
        Assert.Contains("Nn.LogSumExp", Assert.ThrowsAny<ArgumentException>(() => Nn.LogSumExp(x, new[] { 0 }, Np.Ones([4]))).Message);
    }

    // ------------------------------------------------------------------ logsumexp

    private static (Dense Result, Dense Sign) LseRef(MaskCase c, double[]? b, bool keepDims, bool returnSign)
    {
        var x = c.X;
        var reduced = Reduced(x.Rank, c.Axes);
        var groups = Groups(x.Shape, reduced);
        var result = new double[groups.Length];
        var sign = new double[groups.Length];
        for (int k = 0; k < groups.Length; k++)
        {
            var on = groups[k].Where(i => c.On(i) && (b is null || b[i] != 0)).ToList();
            double m = on.Count == 0 ? 0 : on.Max(i => x.Data[i]);
            double s = on.Sum(i => (b is null ? 1 : b[i]) * Math.Exp(x.Data[i] - m));
            sign[k] = Math.Sign(s);
            result[k] = s < 0 && !returnSign ? double.NaN : Math.Log(Math.Abs(s)) + m;
        }
        var shape = OutShape(x.Shape, reduced, keepDims);
        return (new Dense(shape, result), new Dense(shape, sign));
    }

    [Fact]
    public void LogSumExp_with_weights_masks_and_several_axes_matches_the_loop() =>
        PropertyCheck.ForAll(
            Cases(-1000, 1000).SelectMany(c => Gen.Elements(true, false).SelectMany(keep =>
                Gen.Frequency((1, Gen.Constant<double[]?>(null)),
                    (3, Gen.ArrayOf(Gen.Frequency((1, Gen.Constant(0.0)), (4, Gen.Choose(-100, 200).Select(v => v / 100.0 + 0.005))), c.X.Data.Length).Select(v => (double[]?)v)))
                .Select(b => (c, keep, b)))),
            t =>
            {
                var (c, keep, b) = t;
                var mask = c.Mask is null ? null : c.MaskNd();
                var bn = b is null ? null : Np.FromFlat(b, c.X.Shape);
                var (expected, _) = LseRef(c, b, keep, returnSign: false);
                Ref.AllClose(expected, Nn.LogSumExp(c.X.ToNd(), c.Axes, bn, keep, mask), 1e-13, 1e-12, "logsumexp");
                var (expectedAbs, expectedSign) = LseRef(c, b, keep, returnSign: true);
                var (r, s) = Nn.LogSumExpWithSign(c.X.ToNd(), c.Axes, bn, keep, mask);
                Ref.AllClose(expectedAbs, r, 1e-13, 1e-12, "logsumexp (return_sign)");
                Ref.AllClose(expectedSign, s, 0, 0, "sign");
                if (c.Axes is { Length: 1 })
                    Ref.AllClose(expected, Nn.LogSumExp(c.X.ToNd(), (int?)c.Axes[0], bn, keep, mask), 1e-13, 1e-12, "logsumexp (one axis)");
                if (c.Axes is null)
                    Ref.AllClose(expected, Nn.LogSumExp(c.X.ToNd(), (int?)null, bn, keep, mask), 1e-13, 1e-12, "logsumexp (all axes)");
            });

    [Fact]
    public void LogSumExp_gradients_with_positive_weights_match_finite_differences() =>
        PropertyCheck.ForAll(Cases(-5, 5).SelectMany(c => Ref.DenseOf(c.X.Shape, 0.1, 2).Select(b => (c, b))), t =>
        {
            var (c, b) = t;
            var mask = c.Mask is null ? null : c.MaskNd();
            var bn = b.ToNd();
            // a group with nothing selected is -inf, which finite differences cannot check (its gradient is below)
            if (Groups(c.X.Shape, Reduced(c.X.Rank, c.Axes)).All(grp => grp.Any(c.On)))
                GradientCheck.CheckGrads(args => Nn.LogSumExp(args[0], c.Axes, args[1], false, mask), new[] { c.X.ToNd(), bn }, order: 2);
            // d/da_i = b_i e^{a_i} / Σ b e^a over the selected elements, 0 elsewhere (finite even for an empty group)
            var g = Jax.Grad((NDArray u) => Np.Sum(Nn.LogSumExp(u, c.Axes, bn, false, mask)))(c.X.ToNd()).ToArray<double>();
            var expected = new double[g.Length];
            foreach (var grp in Groups(c.X.Shape, Reduced(c.X.Rank, c.Axes)))
            {
                var on = grp.Where(c.On).ToList();
                double s = on.Sum(i => b.Data[i] * Math.Exp(c.X.Data[i]));
                foreach (var i in on) expected[i] = b.Data[i] * Math.Exp(c.X.Data[i]) / s;
            }
            for (int i = 0; i < g.Length; i++) Ref.Close(expected[i], g[i], 1e-12, 1e-15, $"d logsumexp [{i}]");
        }, maxTest: 25);

    [Fact]
    public void LogSumExp_weights_broadcast_and_negative_sums_give_nan_or_the_sign()
    {
        var a = Np.FromFlat(new[] { 0.0, 1.0, 2.0, 3.0 }, [2, 2]);
        // b of the last axis's shape broadcasts against a
        var r = Nn.LogSumExp(a, new[] { 1 }, Np.Array(2.0, -1.0)).ToArray<double>();
        Ref.Close(Math.Log(2 - Math.E), r[0], 0, 0);
        Assert.True(double.IsNaN(r[0]) && double.IsNaN(r[1]));
        var (abs, sign) = Nn.LogSumExpWithSign(a, new[] { 1 }, Np.Array(2.0, -1.0));
        Ref.AllClose(new[] { 2 }, new[] { Math.Log(Math.E - 2), 2 + Math.Log(Math.E - 2) }, abs, 1e-14);
        Assert.Equal(new[] { -1.0, -1.0 }, sign.ToArray<double>());
        // a scalar b scales every term: log(b) + logsumexp
        Ref.Close(Math.Log(3) + Math.Log(1 + Math.E + Math.Exp(2) + Math.Exp(3)), (double)Nn.LogSumExp(a, (int[]?)null, 3.0), 1e-14);
        // a zero weight removes even an infinite term
        Ref.Close(0.0, (double)Nn.LogSumExp(Np.Array(double.PositiveInfinity, 0.0), (int[]?)null, Np.Array(0.0, 1.0)), 0, 1e-15);
        // keepDims keeps the reduced axes as size 1
        Ref.ShapeIs(new[] { 1, 1 }, Nn.LogSumExp(a, new[] { 0, 1 }, null, keepDims: true));
        Ref.ShapeIs(new[] { 1, 2 }, Nn.LogSumExpWithSign(a, new[] { 0 }, keepDims: true).Sign);
        // the old overload is unchanged
        Assert.Equal(Nn.LogSumExp(a, 1, true).ToArray<double>(), Nn.LogSumExp(a, new[] { 1 }, null, true).ToArray<double>());
    }

    // ------------------------------------------------------------------ standardize

    [Fact]
    public void Standardize_over_several_axes_with_masks_matches_the_loop() =>
        PropertyCheck.ForAll(Cases(-5, 5), c =>
        {
            var x = c.X;
            var expected = new double[x.Data.Length];
            foreach (var g in Groups(x.Shape, Reduced(x.Rank, c.Axes)))
            {
                var on = g.Where(c.On).ToList();
                double mean = on.Sum(i => x.Data[i]) / on.Count;
                double variance = on.Sum(i => x.Data[i] * x.Data[i]) / on.Count - mean * mean;
                foreach (var i in g) expected[i] = (x.Data[i] - mean) / Math.Sqrt(variance + 1e-5);
            }
            var mask = c.Mask is null ? null : c.MaskNd();
            Ref.AllClose(new Dense(x.Shape, expected), Nn.Standardize(x.ToNd(), c.Axes, where: mask), 1e-9, 1e-9, "standardize");
            if (c.Axes is { Length: 1 })
                Ref.AllClose(new Dense(x.Shape, expected), Nn.Standardize(x.ToNd(), c.Axes[0], where: mask), 1e-9, 1e-9, "standardize (one axis)");
        });

    [Fact]
    public void Standardize_takes_a_given_mean_variance_and_epsilon()
    {
        var x = Np.FromFlat(new[] { 1.0, 2, 4, 7, -1, 0 }, [2, 3]);
        var xs = x.ToArray<double>();
        Ref.AllClose(new[] { 2, 3 }, xs.Select(v => (v - 1) / Math.Sqrt(4 + 0.5)).ToArray(), Nn.Standardize(x, -1, 1.0, 4.0, 0.5), 1e-15);
        // a given mean only: variance = mean(x²) - mean² around it
        var mean = Np.FromFlat(new[] { 0.5, 2.0 }, [2, 1]);
        var expected = new double[6];
        for (int r = 0; r < 2; r++)
        {
            double m = r == 0 ? 0.5 : 2.0;
            double v = Enumerable.Range(0, 3).Average(k => xs[r * 3 + k] * xs[r * 3 + k]) - m * m;
            for (int k = 0; k < 3; k++) expected[r * 3 + k] = (xs[r * 3 + k] - m) / Math.Sqrt(v + 1e-5);
        }
        Ref.AllClose(new[] { 2, 3 }, expected, Nn.Standardize(x, 1, mean), 1e-14);
        Assert.Equal(DType.Float32, Nn.Standardize(Np.Array(1f, 2f, 3f)).DType);
        GradientCheck.CheckGrads(u => Nn.Standardize(u, new[] { 0, 1 }), x, order: 1);
    }

    // ------------------------------------------------------------------ one_hot with an axis

    [Fact]
    public void OneHot_with_an_axis_puts_the_classes_there() =>
        PropertyCheck.ForAll(
            Gen.Choose(0, 4).SelectMany(k => Ref.Shapes(0, 2, 0, 3).SelectMany(s =>
                Gen.ArrayOf(Gen.Choose(-1, k), Ref.Size(s)).SelectMany(labels =>
                    Gen.Choose(-(s.Length + 1), s.Length).Select(axis => (k, s, labels, axis))))),
            t =>
            {
                var (k, shape, labels, axis) = t;
                int at = axis < 0 ? axis + shape.Length + 1 : axis;
                var resultShape = shape.Take(at).Append(k).Concat(shape.Skip(at)).ToArray();
                var expected = new Dense(resultShape, Ref.Indices(resultShape)
                    .Select(ix => labels[Ref.Ravel(ix.Where((_, i) => i != at).ToArray(), shape)] == ix[at] ? 1.0 : 0.0).ToArray());
                var r = Nn.OneHot(Np.FromFlat(labels, shape), k, DType.Float32, axis);
                Assert.Equal(DType.Float32, r.DType);
                Ref.AllClose(expected, r, 0);
            });

    [Fact]
    public void OneHot_rejects_an_axis_out_of_range() =>
        Assert.Contains("Nn.OneHot", Assert.ThrowsAny<ArgumentException>(() => Nn.OneHot(Np.Array(1, 2), 3, DType.Float64, 2)).Message);

    // ------------------------------------------------------------------ transforms

    [Fact]
    public void Jit_equals_eager_and_vmap_equals_the_loop_for_the_masked_reductions()
    {
        var x = Np.FromFlat(Enumerable.Range(0, 24).Select(i => Math.Sin(i * 1.7) * 5).ToArray(), [2, 3, 4]);
        var mask = Np.FromFlat(Enumerable.Range(0, 12).Select(i => i % 5 != 2).ToArray(), [3, 4]);
        var b = Np.FromFlat(Enumerable.Range(0, 12).Select(i => 0.5 + (i % 3)).ToArray(), [3, 4]);
        var fs = new (string Name, Func<NDArray, NDArray> F)[]
        {
            ("softmax", u => Nn.Softmax(u, new[] { -2, -1 }, mask)),
            ("log_softmax", u => Nn.LogSoftmax(u, -1, mask)),
            ("logsumexp", u => Nn.LogSumExp(u, new[] { -1 }, b, false, mask)),
            ("logsumexp sign", u => Nn.LogSumExpWithSign(u, new[] { -2 }, b - 1.0, true).Result),
            ("standardize", u => Nn.Standardize(u, new[] { -2, -1 }, where: mask)),
        };
        foreach (var (name, f) in fs)
        {
            var eager = f(x).ToArray<double>();
            var jitted = Jax.Jit(f)(x).ToArray<double>();
            for (int i = 0; i < eager.Length; i++) Ref.Close(eager[i], jitted[i], 1e-14, 1e-14, $"{name} jit [{i}]");
            var loop = Np.Stack([f(x[0]), f(x[1])]).ToArray<double>();
            var mapped = Jax.Vmap(f)(x).ToArray<double>();
            for (int i = 0; i < loop.Length; i++) Ref.Close(loop[i], mapped[i], 1e-14, 1e-14, $"{name} vmap [{i}]");
        }
        var labels = Np.Array(new[] { 2, 0, 1, 5 });
        Assert.Equal(Nn.OneHot(labels, 3, DType.Float64, 0).ToArray<double>(),
            Jax.Jit((NDArray l) => Nn.OneHot(l, 3, DType.Float64, 0))(labels).ToArray<double>());
    }

    // ------------------------------------------------------------------ initializers

    [Fact]
    public void Keyless_initializers_make_arrays_of_the_shape_and_dtype()
    {
        Func<int[], DType, NDArray> zeros = Nn.Initializers.Zeros, ones = Nn.Initializers.Ones;
        var z = zeros([2, 3], DType.Float32);
        Assert.Equal(DType.Float32, z.DType);
        Ref.ShapeIs(new[] { 2, 3 }, z);
        Assert.All(z.ToArray<float>(), v => Assert.Equal(0f, v));
        Assert.All(ones([4], DType.Int32).ToArray<int>(), v => Assert.Equal(1, v));
        Assert.Equal(DType.Float64, Nn.Initializers.Zeros([1]).DType);
        var c = Nn.Initializers.Constant(2.5)([2, 2], DType.Float64);
        Assert.Equal(new[] { 2.5, 2.5, 2.5, 2.5 }, c.ToArray<double>());
        var rows = Nn.Initializers.Constant(Np.Array(1.0, 2.0))([3, 2], DType.Float32);
        Assert.Equal(DType.Float32, rows.DType);
        Assert.Equal(new[] { 1f, 2, 1, 2, 1, 2 }, rows.ToArray<float>());
        Assert.Throws<ArgumentNullException>(() => Nn.Initializers.Zeros(null!));
        Assert.Throws<ArgumentNullException>(() => Nn.Initializers.Constant(null!));
    }
}
