using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck.Fluent;
using Functional.AD.Properties.Arrays;
using Functional.AD.Testing;
using Xunit;
using static Functional.AD.Jax;

namespace Functional.AD.Properties.Numpy;

/// <summary>
/// The reductions of jax.numpy (issue 15, point 2) against reference loops written here: random shapes (0-d and
/// size-0 included), one axis, several axes (negative too) or all, keepDims and where masks; derivatives against
/// finite differences and JAX's tie conventions; Jit and Vmap against eager calls; bad axes.
/// </summary>
public class ReductionBreadthTests
{
    /// <summary>A random array and a random choice of axes: null (all), one axis, or a tuple (each possibly negative).</summary>
    public sealed record Case(int[] Shape, double[] Data, int? Axis, int[]? Axes, bool KeepDims, bool[] Mask)
    {
        public int Rank => Shape.Length;

        /// <summary>The reduced axes, non-negative and sorted.</summary>
        public int[] Reduced => Axes is not null ? Axes.Select(a => a < 0 ? a + Rank : a).OrderBy(a => a).ToArray()
            : Axis is int a ? new[] { a < 0 ? a + Rank : a } : Enumerable.Range(0, Rank).ToArray();

        public NDArray X => Np.FromFlat(Data, Shape);
        public NDArray M => Np.FromFlat(Mask.Select(b => b ? 1 : 0).ToArray(), Shape).AsType(DType.Bool);
        public bool EmptyReduction => Reduced.Any(a => Shape[a] == 0);
        public override string ToString() =>
            $"{Ref.ShapeString(Shape)} axis={(Axes is not null ? "(" + string.Join(",", Axes) + ")" : Axis?.ToString() ?? "None")} keepDims={KeepDims} data=[{string.Join(", ", Data)}]";
    }

    private static FsCheck.Gen<Case> Cases(int maxDim = 4, bool distinct = false) =>
        Ref.Shapes(0, 3, 0, maxDim).SelectMany(shape =>
            (distinct ? Ref.Values(Ref.Size(shape), -3, 3) : Gen.ArrayOf(Gen.Choose(-6, 6).Select(i => i / 2.0), Ref.Size(shape)))
            .SelectMany(data => Gen.Choose(0, int.MaxValue).Select(seed =>
            {
                var rng = new System.Random(seed);
                int rank = shape.Length;
                int? axis = null;
                int[]? axes = null;
                int mode = rank == 0 ? 0 : rng.Next(3);
                if (mode == 1) axis = rng.Next(rank) - (rng.Next(2) == 0 ? 0 : rank);
                if (mode == 2)
                    axes = Enumerable.Range(0, rank).Where(_ => rng.Next(2) == 0).Select(a => rng.Next(2) == 0 ? a : a - rank)
                        .OrderBy(_ => rng.Next()).ToArray();
                var mask = data.Select(_ => rng.Next(3) != 0).ToArray();
                return new Case(shape, data, axis, axes, rng.Next(2) == 0, mask);
            })));

    /// <summary>The reference reduction: <paramref name="f"/> applied to each run of reduced elements (row-major order).</summary>
    private static Dense Reduce(Case c, Func<double[], bool[], double> f)
    {
        var reduced = c.Reduced;
        var keptAxes = Enumerable.Range(0, c.Rank).Where(a => !reduced.Contains(a)).ToArray();
        var outShape = c.KeepDims ? c.Shape.Select((d, a) => reduced.Contains(a) ? 1 : d).ToArray() : keptAxes.Select(a => c.Shape[a]).ToArray();
        var groups = new List<(double V, bool M)>[Ref.Size(outShape)];
        for (int i = 0; i < groups.Length; i++) groups[i] = new();
        foreach (var idx in Ref.Indices(c.Shape))
        {
            var o = c.KeepDims ? idx.Select((v, a) => reduced.Contains(a) ? 0 : v).ToArray() : keptAxes.Select(a => idx[a]).ToArray();
            int flat = Ref.Ravel(idx, c.Shape);
            groups[Ref.Ravel(o, outShape)].Add((c.Data[flat], c.Mask[flat]));
        }
        return new Dense(outShape, groups.Select(g => f(g.Select(p => p.V).ToArray(), g.Select(p => p.M).ToArray())).ToArray());
    }

    private static NDArray Call(Case c, Func<NDArray, int?, bool, NDArray> one, Func<NDArray, int[], bool, NDArray> many) =>
        c.Axes is not null ? many(c.X, c.Axes, c.KeepDims) : one(c.X, c.Axis, c.KeepDims);

    private static double[] Sel(double[] v, bool[] m) => v.Where((_, i) => m[i]).ToArray();

    private static double Variance(double[] v, int ddof)
    {
        double mean = v.Sum() / v.Length;
        return v.Sum(x => (x - mean) * (x - mean)) / (v.Length - ddof);
    }

    /// <summary>JAX's quantile of the values at q by method.</summary>
    private static double Quantile(double[] v, double q, string method)
    {
        if (v.Any(double.IsNaN)) return double.NaN;
        var s = v.OrderBy(x => x).ToArray();
        double pos = Math.Clamp(q * (s.Length - 1), 0, s.Length - 1);
        int lo = (int)Math.Floor(pos), hi = (int)Math.Ceiling(pos);
        double hw = pos - lo, lw = 1 - hw;
        return method switch
        {
            "lower" => s[lo],
            "higher" => s[hi],
            "midpoint" => (s[lo] + s[hi]) * 0.5,
            "nearest" => hw <= 0.5 ? s[lo] : s[hi],
            _ => s[lo] * lw + s[hi] * hw,
        };
    }

    [Fact]
    public void Sum_prod_mean_var_std_any_all_and_count_match_reference_loops() =>
        PropertyCheck.ForAll(Cases(), c =>
        {
            Ref.AllClose(Reduce(c, (v, _) => v.Sum()), Call(c, (x, a, k) => Np.Sum(x, a, k), (x, a, k) => Np.Sum(x, a, k)), 1e-12, 1e-12, $"sum {c}");
            Ref.AllClose(Reduce(c, (v, _) => v.Aggregate(1.0, (p, x) => p * x)), Call(c, (x, a, k) => Np.Prod(x, a, k), (x, a, k) => Np.Prod(x, a, k)), 1e-12, 1e-12, $"prod {c}");
            Ref.AllClose(Reduce(c, (v, _) => v.Sum() / v.Length), Call(c, (x, a, k) => Np.Mean(x, a, k), (x, a, k) => Np.Mean(x, a, k)), 1e-12, 1e-12, $"mean {c}");
            Ref.AllClose(Reduce(c, (v, _) => Variance(v, 0)), Call(c, (x, a, k) => Np.Var(x, a, 0, k), (x, a, k) => Np.Var(x, a, 0, k)), 1e-12, 1e-12, $"var {c}");
            Ref.AllClose(Reduce(c, (v, _) => Math.Sqrt(Variance(v, 1))), Call(c, (x, a, k) => Np.Std(x, a, 1, k), (x, a, k) => Np.Std(x, a, 1, k)), 1e-12, 1e-12, $"std ddof=1 {c}");
            var any = Call(c, (x, a, k) => Np.Any(x, a, k), (x, a, k) => Np.Any(x, a, k));
            Assert.Equal(DType.Bool, any.DType);
            Ref.AllClose(Reduce(c, (v, _) => v.Any(x => x != 0) ? 1 : 0), any.AsType(DType.Float64), 0, 0, $"any {c}");
            Ref.AllClose(Reduce(c, (v, _) => v.All(x => x != 0) ? 1 : 0), Call(c, (x, a, k) => Np.All(x, a, k), (x, a, k) => Np.All(x, a, k)).AsType(DType.Float64), 0, 0, $"all {c}");
            var count = Call(c, (x, a, k) => Np.CountNonzero(x, a, k), (x, a, k) => Np.CountNonzero(x, a, k));
            Assert.Equal(DType.Int32, count.DType);
            Ref.AllClose(Reduce(c, (v, _) => v.Count(x => x != 0)), count.AsType(DType.Float64), 0, 0, $"count_nonzero {c}");
            if (c.EmptyReduction)
            {
                Assert.Throws<ArgumentException>(() => Call(c, (x, a, k) => Np.Max(x, a, k), (x, a, k) => Np.Max(x, a, k)));
                Ref.AllClose(Reduce(c, (v, _) => 7.0), Call(c, (x, a, k) => Np.Max(x, a, k, initial: 7.0), (x, a, k) => Np.Max(x, a, k, initial: 7.0)), 0, 0, $"empty max {c}");
            }
            else
            {
                Ref.AllClose(Reduce(c, (v, _) => v.Max()), Call(c, (x, a, k) => Np.Max(x, a, k), (x, a, k) => Np.Max(x, a, k)), 0, 0, $"max {c}");
                Ref.AllClose(Reduce(c, (v, _) => v.Min()), Call(c, (x, a, k) => Np.Min(x, a, k), (x, a, k) => Np.Min(x, a, k)), 0, 0, $"min {c}");
                Ref.AllClose(Reduce(c, (v, _) => Math.Max(v.Max(), 0.5)), Call(c, (x, a, k) => Np.Max(x, a, k, 0.5), (x, a, k) => Np.Max(x, a, k, 0.5)), 0, 0, $"max initial {c}");
                Ref.AllClose(Reduce(c, (v, _) => Quantile(v, 0.5, "midpoint")), Call(c, (x, a, k) => Np.Median(x, a, k), (x, a, k) => Np.Median(x, a, k)), 1e-12, 1e-12, $"median {c}");
            }
        }, maxTest: 150);

    [Fact]
    public void Where_masks_select_the_elements_reduced() =>
        PropertyCheck.ForAll(Cases(), c =>
        {
            NDArray Masked(Func<NDArray, int?, bool, NDArray, NDArray> one, Func<NDArray, int[], bool, NDArray, NDArray> many) =>
                c.Axes is not null ? many(c.X, c.Axes, c.KeepDims, c.M) : one(c.X, c.Axis, c.KeepDims, c.M);
            Ref.AllClose(Reduce(c, (v, m) => Sel(v, m).Sum()), Masked((x, a, k, w) => Np.Sum(x, a, k, where: w), (x, a, k, w) => Np.Sum(x, a, k, where: w)), 1e-12, 1e-12, $"sum {c}");
            Ref.AllClose(Reduce(c, (v, m) => Sel(v, m).Sum() / Sel(v, m).Length), Masked((x, a, k, w) => Np.Mean(x, a, k, w), (x, a, k, w) => Np.Mean(x, a, k, w)), 1e-12, 1e-12, $"mean {c}");
            Ref.AllClose(Reduce(c, (v, m) => Variance(Sel(v, m), 1)), Masked((x, a, k, w) => Np.Var(x, a, 1, k, w), (x, a, k, w) => Np.Var(x, a, 1, k, w)), 1e-12, 1e-12, $"var {c}");
            Ref.AllClose(Reduce(c, (v, m) => Sel(v, m).Aggregate(1.0, (p, x) => p * x)), Masked((x, a, k, w) => Np.Prod(x, a, k, where: w), (x, a, k, w) => Np.Prod(x, a, k, where: w)), 1e-12, 1e-12, $"prod {c}");
            Ref.AllClose(Reduce(c, (v, m) => Sel(v, m).Append(-10).Max()), Masked((x, a, k, w) => Np.Max(x, a, k, -10.0, w), (x, a, k, w) => Np.Max(x, a, k, -10.0, w)), 0, 0, $"max {c}");
            Ref.AllClose(Reduce(c, (v, m) => Sel(v, m).Append(10).Min()), Masked((x, a, k, w) => Np.Min(x, a, k, 10.0, w), (x, a, k, w) => Np.Min(x, a, k, 10.0, w)), 0, 0, $"min {c}");
            Ref.AllClose(Reduce(c, (v, m) => Sel(v, m).Any(x => x != 0) ? 1 : 0), Masked((x, a, k, w) => Np.Any(x, a, k, w), (x, a, k, w) => Np.Any(x, a, k, w)).AsType(DType.Float64), 0, 0, $"any {c}");
            Ref.AllClose(Reduce(c, (v, m) => Sel(v, m).All(x => x != 0) ? 1 : 0), Masked((x, a, k, w) => Np.All(x, a, k, w), (x, a, k, w) => Np.All(x, a, k, w)).AsType(DType.Float64), 0, 0, $"all {c}");
            // JAX: a where mask on max needs an initial value
            Assert.Throws<ArgumentException>(() => Np.Max(c.X, where: c.M));
        }, maxTest: 100);

    [Fact]
    public void Quantile_percentile_and_median_follow_JAX_methods_and_MathNet() =>
        PropertyCheck.ForAll(Cases(), c =>
        {
            if (c.EmptyReduction) return;
            foreach (var method in new[] { "linear", "lower", "higher", "midpoint", "nearest" })
                foreach (var q in new[] { 0.0, 0.3, 0.5, 0.75, 1.0 })
                {
                    var got = c.Axes is not null ? Np.Quantile(c.X, q, c.Axes, method, c.KeepDims) : Np.Quantile(c.X, q, c.Axis, method, c.KeepDims);
                    Ref.AllClose(Reduce(c, (v, _) => Quantile(v, q, method)), got, 1e-12, 1e-12, $"quantile {q} {method} {c}");
                }
            if (c.Data.Length == 0) return;
            // linear is numpy's default, R-7 in MathNet's terms
            var qs = Np.Array(0.1, 0.9);
            var both = Np.Quantile(c.X, qs, c.Axis, keepDims: c.KeepDims);
            var pct = Np.Percentile(c.X, Np.Array(10.0, 90.0), c.Axis, keepDims: c.KeepDims);
            Ref.AllClose(new Dense(both.Shape.ToArray(), both.ToArray<double>()), pct, 1e-12, 1e-12, "percentile");
            var c0 = c with { Axes = null };
            var lead = Reduce(c0, (v, _) => MathNet.Numerics.Statistics.Statistics.QuantileCustom(v, 0.1, MathNet.Numerics.Statistics.QuantileDefinition.R7));
            Ref.AllClose(lead, both[0], 1e-12, 1e-12, $"quantile 0.1 vs MathNet {c}");
        }, maxTest: 60);

    [Fact]
    public void Quantiles_propagate_NaN_and_reject_empty_axes_and_unknown_methods()
    {
        var x = Np.Array(new double[,] { { 1, double.NaN, 3 }, { 4, 2, 6 } });
        var m = Np.Median(x, 1).ToArray<double>();
        Assert.True(double.IsNaN(m[0]));
        Assert.Equal(4.0, m[1]);
        Assert.Throws<ArgumentException>(() => Np.Median(Np.Zeros(new[] { 2, 0 }), 1));
        var e = Assert.Throws<ArgumentException>(() => Np.Quantile(x, 0.5, 1, "cubic"));
        Assert.Contains("Np.Quantile", e.Message);
        // numpy's example: median of [[10, 7, 4], [3, 2, 1]]
        var a = Np.Array(new double[,] { { 10, 7, 4 }, { 3, 2, 1 } });
        Assert.Equal(3.5, (double)Np.Median(a));
        Assert.Equal(new[] { 6.5, 4.5, 2.5 }, Np.Median(a, 0).ToArray<double>());
        Assert.Equal(new[] { 7.0, 2.0 }, Np.Median(a, 1).ToArray<double>());
    }

    [Fact]
    public void Var_and_std_match_MathNet()
    {
        var rng = new System.Random(5);
        var v = Enumerable.Range(0, 17).Select(_ => rng.NextDouble() * 10 - 5).ToArray();
        Ref.Close(MathNet.Numerics.Statistics.Statistics.PopulationVariance(v), (double)Np.Var(Np.Array(v)), 1e-13);
        Ref.Close(MathNet.Numerics.Statistics.Statistics.Variance(v), (double)Np.Var(Np.Array(v), ddof: 1), 1e-13);
        Ref.Close(MathNet.Numerics.Statistics.Statistics.StandardDeviation(v), (double)Np.Std(Np.Array(v), ddof: 1), 1e-13);
        Ref.Close(MathNet.Numerics.Statistics.Statistics.Median(v), (double)Np.Median(Np.Array(v)), 1e-15);
        // integers give f64; a 1-element variance with ddof 1 divides by zero (NaN), as numpy
        Assert.Equal(DType.Float64, Np.Var(Np.Array(1, 2, 4)).DType);
        Assert.True(double.IsNaN((double)Np.Var(Np.Array(3.0), ddof: 1)));
    }

    [Fact]
    public void ArgMax_and_ArgMin_give_the_first_extreme_flattened_or_along_an_axis() =>
        PropertyCheck.ForAll(Cases(), c =>
        {
            if (c.Data.Length == 0) return;
            Assert.Equal(Array.IndexOf(c.Data, c.Data.Max()), (int)Np.ArgMax(c.X));
            Assert.Equal(Array.IndexOf(c.Data, c.Data.Min()), (int)Np.ArgMin(c.X));
            Assert.Equal(Enumerable.Repeat(1, c.Rank).ToArray(), Np.ArgMin(c.X, keepDims: true).Shape.ToArray());
            if (c.Rank == 0) return;
            int axis = c.Axis ?? -1;
            var one = c with { Axis = axis, Axes = null };
            if (one.EmptyReduction) return;
            Ref.AllClose(Reduce(one, (v, _) => Array.IndexOf(v, v.Max())), Np.ArgMax(c.X, axis, c.KeepDims).AsType(DType.Float64), 0, 0, $"argmax {one}");
            Ref.AllClose(Reduce(one, (v, _) => Array.IndexOf(v, v.Min())), Np.ArgMin(c.X, axis, c.KeepDims).AsType(DType.Float64), 0, 0, $"argmin {one}");
            var ints = c.X.AsType(DType.Int32);
            Ref.AllClose(Reduce(one, (v, _) => Array.IndexOf(v.Select(Math.Truncate).ToArray(), v.Select(Math.Truncate).Min())), Np.ArgMin(ints, axis, c.KeepDims).AsType(DType.Float64), 0, 0, $"int argmin {one}");
        }, maxTest: 100);

    [Fact]
    public void ArgMin_edge_cases_follow_JAX()
    {
        Assert.Equal(1, (int)Np.ArgMin(Np.Array(2.0, double.NaN, -1.0)));          // the first NaN wins
        Assert.Equal(0, (int)Np.ArgMin(Np.Array(int.MinValue, int.MaxValue, 0)));  // no overflow
        Assert.Equal(1, (int)Np.ArgMin(Np.Array(1, 0, 0).AsType(DType.Bool)));
        Assert.Throws<ArgumentException>(() => Np.ArgMin(Np.Zeros(new[] { 0 })));
    }

    // ---------------------------------------------------------------- cumulative

    private static double[] Scan(Case c, int axis, Func<double, double, double> op, bool reverse)
    {
        var result = (double[])c.Data.Clone();
        int n = c.Shape[axis];
        foreach (var idx in Ref.Indices(c.Shape))
        {
            if (idx[axis] != (reverse ? n - 1 : 0)) continue;
            double acc = 0;
            for (int s = 0; s < n; s++)
            {
                var at = (int[])idx.Clone();
                at[axis] = reverse ? n - 1 - s : s;
                int flat = Ref.Ravel(at, c.Shape);
                acc = s == 0 ? c.Data[flat] : op(acc, c.Data[flat]);
                result[flat] = acc;
            }
        }
        return result;
    }

    [Fact]
    public void Cumulative_reductions_match_running_loops_in_both_directions() =>
        PropertyCheck.ForAll(Cases(maxDim: 6), c =>
        {
            if (c.Rank == 0)
            {
                Assert.Equal(new[] { 1 }, Np.Cumsum(c.X).Shape.ToArray());   // None flattens
                return;
            }
            int axis = c.Axis ?? 0;
            int a = axis < 0 ? axis + c.Rank : axis;
            foreach (var reverse in new[] { false, true })
            {
                string what = $"axis {axis} reverse {reverse} {c}";
                Ref.AllClose(c.Shape, Scan(c, a, (p, x) => p + x, reverse), Lax.Cumsum(c.X, axis, reverse), 1e-12, 1e-12, "cumsum " + what);
                Ref.AllClose(c.Shape, Scan(c, a, (p, x) => p * x, reverse), Lax.Cumprod(c.X, axis, reverse), 1e-12, 1e-12, "cumprod " + what);
                Ref.AllClose(c.Shape, Scan(c, a, Math.Max, reverse), Lax.Cummax(c.X, axis, reverse), 0, 0, "cummax " + what);
                Ref.AllClose(c.Shape, Scan(c, a, Math.Min, reverse), Lax.Cummin(c.X, axis, reverse), 0, 0, "cummin " + what);
                Ref.AllClose(c.Shape, Scan(c, a, (p, x) => Math.Max(p, x) + Math.Log(1 + Math.Exp(-Math.Abs(p - x))), reverse), Lax.CumLogSumExp(c.X, axis, reverse), 1e-12, 1e-12, "cumlogsumexp " + what);
            }
            Ref.AllClose(c.Shape, Scan(c, a, (p, x) => p * x, false), Np.Cumprod(c.X, axis), 1e-12, 1e-12, "np.cumprod");
            var flat = c with { Shape = new[] { c.Data.Length } };
            Ref.AllClose(flat.Shape, Scan(flat, 0, (p, x) => p + x, false), Np.Cumsum(c.X), 1e-12, 1e-12, "np.cumsum None");
            Ref.AllClose(flat.Shape, Scan(flat, 0, (p, x) => p * x, false), Np.Cumprod(c.X), 1e-12, 1e-12, "np.cumprod None");
        }, maxTest: 100);

    [Fact]
    public void Cummax_and_cumprod_propagate_NaN_and_zeros()
    {
        var x = Np.Array(1.0, double.NaN, 3.0, 0.0, 2.0);
        var m = Lax.Cummax(x).ToArray<double>();
        Assert.Equal(1.0, m[0]);
        Assert.All(m[1..], v => Assert.True(double.IsNaN(v)));
        Assert.Equal(new[] { 2.0, 0.0, 0.0 }, Np.Cumprod(Np.Array(2.0, 0.0, 5.0)).ToArray<double>());
        // the derivative of cumprod at a zero is exact: d/dx1 of x0·x1·x2 at x1 = 0 is x0·x2
        var g = Grad((NDArray v) => Np.Sum(Np.Cumprod(v)))(Np.Array(2.0, 0.0, 5.0)).ToArray<double>();
        Assert.Equal(new[] { 1.0, 2 + 10.0, 0.0 }, g);
        Assert.Equal(DType.Int32, Np.Cumprod(Np.Array(1, 0, 1).AsType(DType.Bool)).DType);
        Assert.Throws<ArgumentException>(() => Lax.CumLogSumExp(Np.Array(1, 2)));
    }

    // ---------------------------------------------------------------- nan-functions, average

    [Fact]
    public void Nan_reductions_ignore_NaN() =>
        PropertyCheck.ForAll(Cases(), c =>
        {
            var data = c.Data.Select((v, i) => c.Mask[i] ? v : double.NaN).ToArray();
            var n = c with { Data = data };
            static double[] Clean(double[] v) => v.Where(x => !double.IsNaN(x)).ToArray();
            Ref.AllClose(Reduce(n, (v, _) => Clean(v).Sum()), Call(n, (x, a, k) => Np.NanSum(x, a, k), (x, a, k) => Np.NanSum(x, a, k)), 1e-12, 1e-12, $"nansum {n}");
            Ref.AllClose(Reduce(n, (v, _) => Clean(v).Sum() / Clean(v).Length), Call(n, (x, a, k) => Np.NanMean(x, a, k), (x, a, k) => Np.NanMean(x, a, k)), 1e-12, 1e-12, $"nanmean {n}");
            if (n.EmptyReduction) return;
            Ref.AllClose(Reduce(n, (v, _) => Clean(v).Length == 0 ? double.NaN : Clean(v).Max()), Call(n, (x, a, k) => Np.NanMax(x, a, k), (x, a, k) => Np.NanMax(x, a, k)), 0, 0, $"nanmax {n}");
            Ref.AllClose(Reduce(n, (v, _) => Clean(v).Length == 0 ? double.NaN : Clean(v).Min()), Call(n, (x, a, k) => Np.NanMin(x, a, k), (x, a, k) => Np.NanMin(x, a, k)), 0, 0, $"nanmin {n}");
        }, maxTest: 100);

    [Fact]
    public void Average_weights_the_mean() =>
        PropertyCheck.ForAll(Cases(distinct: true), c =>
        {
            var w = c.Data.Select((v, i) => 0.5 + Math.Abs(v) + (c.Mask[i] ? 1 : 0)).ToArray();
            var wc = c with { Data = c.Data.Select((v, i) => v * w[i]).ToArray() };
            var cw = c with { Data = w };
            var num = Reduce(wc, (v, _) => v.Sum());
            var den = Reduce(cw, (v, _) => v.Sum());
            var expected = new Dense(num.Shape, num.Data.Select((v, i) => v / den.Data[i]).ToArray());
            var weights = Np.FromFlat(w, c.Shape);
            var got = c.Axes is not null ? Np.Average(c.X, c.Axes, weights, c.KeepDims) : Np.Average(c.X, c.Axis, weights, c.KeepDims);
            Ref.AllClose(expected, got, 1e-12, 1e-12, $"average {c}");
            if (c.Rank == 0 || c.Shape.Contains(0)) return;
            // 1-d weights along one axis
            int axis = c.Axis ?? 0, a = axis < 0 ? axis + c.Rank : axis;
            var w1 = Enumerable.Range(1, c.Shape[a]).Select(i => (double)i).ToArray();
            var one = c with { Axis = axis, Axes = null };
            var full = Ref.Indices(c.Shape).Select(idx => w1[idx[a]]).ToArray();
            var n1 = Reduce(one with { Data = c.Data.Select((v, i) => v * full[i]).ToArray() }, (v, _) => v.Sum());
            double total = w1.Sum();
            Ref.AllClose(new Dense(n1.Shape, n1.Data.Select(v => v / total).ToArray()), Np.Average(c.X, axis, Np.Array(w1), c.KeepDims), 1e-12, 1e-12, $"1-d weights {one}");
            Ref.AllClose(Reduce(c, (v, _) => v.Sum() / v.Length), c.Axes is not null ? Np.Average(c.X, c.Axes, keepDims: c.KeepDims) : Np.Average(c.X, c.Axis, keepDims: c.KeepDims), 1e-12, 1e-12, "no weights");
        }, maxTest: 80);

    // ---------------------------------------------------------------- norms

    [Fact]
    public void Vector_and_matrix_norms_match_MathNet() =>
        PropertyCheck.ForAll(Ref.Shapes(2, 2, 1, 5).SelectMany(s => Ref.Values(Ref.Size(s), -3, 3).Select(v => (s, v))), t =>
        {
            var (shape, data) = t;
            var x = Np.FromFlat(data, shape);
            var mat = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(shape[0], shape[1], (i, j) => data[i * shape[1] + j]);
            Ref.Close(mat.FrobeniusNorm(), (double)Np.Linalg.Norm(x), 1e-13);
            Ref.Close(mat.FrobeniusNorm(), (double)Np.Linalg.Norm(x, "fro"), 1e-13);
            Ref.Close(mat.L1Norm(), (double)Np.Linalg.Norm(x, 1.0), 1e-13);
            Ref.Close(mat.InfinityNorm(), (double)Np.Linalg.Norm(x, double.PositiveInfinity), 1e-13);
            Ref.Close(mat.ColumnAbsoluteSums().Minimum(), (double)Np.Linalg.Norm(x, -1.0), 1e-13);
            Ref.Close(mat.RowAbsoluteSums().Minimum(), (double)Np.Linalg.Norm(x, double.NegativeInfinity), 1e-13);
            // the transposed axes give the transposed matrix's norms; keepDims keeps both axes
            Ref.Close(mat.L1Norm(), (double)Np.Linalg.Norm(x.T, 1.0, new[] { 1, 0 }), 1e-13);
            Ref.Close(mat.InfinityNorm(), (double)Np.Linalg.Norm(x.T, 1.0, new[] { 0, 1 }), 1e-13);
            Assert.Equal(new[] { 1, 1 }, Np.Linalg.Norm(x, 1.0, new[] { 0, 1 }, keepDims: true).Shape.ToArray());
            Ref.Close(mat.L2Norm(), (double)Np.Linalg.Norm(x, 2.0), 1e-12);
            Ref.Close(mat.Svd(false).S.Sum(), (double)Np.Linalg.Norm(x, "nuc"), 1e-12);
            // vector norms of each row
            var rows = Enumerable.Range(0, shape[0]).Select(i => mat.Row(i)).ToArray();
            foreach (var p in new[] { 1.0, 2.0, 3.0, 0.5, double.PositiveInfinity })
                Ref.AllClose(new[] { shape[0] }, rows.Select(r => r.Norm(p)).ToArray(), Np.Linalg.Norm(x, p, -1), 1e-12, 1e-12, $"ord {p}");
            Ref.AllClose(new[] { shape[0] }, rows.Select(r => r.Select(Math.Abs).Min()).ToArray(), Np.Linalg.Norm(x, double.NegativeInfinity, 1), 0, 0, "ord -inf");
            Ref.AllClose(new[] { shape[0] }, rows.Select(r => (double)r.Count(v => v != 0)).ToArray(), Np.Linalg.Norm(x, 0.0, 1), 0, 0, "ord 0");
            Ref.AllClose(new[] { shape[0], 1 }, rows.Select(r => r.L2Norm()).ToArray(), Np.Linalg.Norm(x, null, 1, keepDims: true), 1e-12, 1e-12, "keepDims");
        }, maxTest: 60);

    // ---------------------------------------------------------------- derivatives

    [Fact]
    public void Gradients_match_finite_differences() =>
        PropertyCheck.ForAll(Cases(distinct: true), c =>
        {
            if (c.Data.Length == 0 || c.EmptyReduction) return;
            var x = c.X;
            NDArray S(NDArray y) => Np.Sum(Np.Sin(y));
            NDArray R(Func<NDArray, int?, bool, NDArray> one, Func<NDArray, int[], bool, NDArray> many, NDArray y) =>
                c.Axes is not null ? many(y, c.Axes, c.KeepDims) : one(y, c.Axis, c.KeepDims);
            var checks = new (string, Func<NDArray, NDArray>)[]
            {
                ("sum", y => S(R((v, a, k) => Np.Sum(v, a, k), (v, a, k) => Np.Sum(v, a, k), y))),
                ("prod", y => S(R((v, a, k) => Np.Prod(v, a, k), (v, a, k) => Np.Prod(v, a, k), y))),
                ("mean", y => S(R((v, a, k) => Np.Mean(v, a, k), (v, a, k) => Np.Mean(v, a, k), y))),
                ("var", y => S(R((v, a, k) => Np.Var(v, a, 0, k), (v, a, k) => Np.Var(v, a, 0, k), y))),
                ("max", y => S(R((v, a, k) => Np.Max(v, a, k), (v, a, k) => Np.Max(v, a, k), y))),
                ("min", y => S(R((v, a, k) => Np.Min(v, a, k, where: c.M, initial: 9.0), (v, a, k) => Np.Min(v, a, k, 9.0, c.M), y))),
                ("median", y => S(R((v, a, k) => Np.Median(v, a, k), (v, a, k) => Np.Median(v, a, k), y))),
                ("quantile", y => S(R((v, a, k) => Np.Quantile(v, 0.3, a, "linear", k), (v, a, k) => Np.Quantile(v, 0.3, a, "linear", k), y))),
                ("average", y => S(R((v, a, k) => Np.Average(v, a, Np.Exp(x), k), (v, a, k) => Np.Average(v, a, Np.Exp(x), k), y))),
                ("cumprod", y => S(Lax.Cumprod(Np.Reshape(y, new[] { -1 }), 0, reverse: true))),
                ("cummax", y => S(Lax.Cummax(Np.Reshape(y, new[] { -1 })))),
                ("cumLogSumExp", y => S(Lax.CumLogSumExp(Np.Reshape(y, new[] { -1 })))),
                ("norm", y => Np.Linalg.Norm(Np.Reshape(y, new[] { -1 }), 3.0)),
            };
            foreach (var (name, f) in checks)
            {
                // long products grow too steep for central differences
                if (name.Contains("prod") && c.Data.Length > 8) continue;
                try { GradientCheck.CheckGrads(f, x, order: 1); }
                catch (Exception e) { throw new Xunit.Sdk.XunitException($"{name} {c}: {e.Message}"); }
            }
            if (c.Reduced.Any(a => c.Shape[a] > 1))
                GradientCheck.CheckGrads(y => S(R((v, a, k) => Np.Std(v, a, 1, k), (v, a, k) => Np.Std(v, a, 1, k), y)), x, order: 2);
        }, maxTest: 40);

    [Fact]
    public void Derivatives_at_ties_follow_JAX()
    {
        // max and min share the derivative equally among ties
        Assert.Equal(new[] { 0.0, 0.5, 0.5 }, Grad((NDArray v) => Np.Max(v))(Np.Array(1.0, 3.0, 3.0)).ToArray<double>());
        Assert.Equal(new[] { 1 / 3.0, 1 / 3.0, 1 / 3.0 }, Grad((NDArray v) => Np.Min(v, new[] { 0 }))(Np.Array(2.0, 2.0, 2.0)).ToArray<double>());
        // median and quantile route the derivative as a stable sort does: to the selected elements in order
        Assert.Equal(new[] { 0.5, 0.0, 0.5, 0.0 }, Grad((NDArray v) => Np.Median(v))(Np.Array(2.0, 9.0, 1.0, -4.0)).ToArray<double>());
        Assert.Equal(new[] { 1.0, 0.0, 0.0 }, Grad((NDArray v) => Np.Quantile(v, 0.5))(Np.Array(2.0, 2.0, 1.0)).ToArray<double>());
        Assert.Equal(new[] { 0.0, 1.0, 0.0 }, Grad((NDArray v) => Np.Quantile(v, 1.0))(Np.Array(2.0, 2.0, 1.0)).ToArray<double>());
        // the derivative in q of a linear quantile is the gap it interpolates across, times n - 1
        var dq = Grad((NDArray q) => Np.Quantile(Np.Array(0.0, 10.0, 30.0), q))(Np.Scalar(0.75));
        Assert.Equal(40.0, (double)dq, 1e-12);
        // var's derivative is 2 (x - mean) / (n - ddof)
        Assert.Equal(new[] { -1.0, 0.0, 1.0 }, Grad((NDArray v) => Np.Var(v, ddof: 1))(Np.Array(1.0, 2.0, 3.0)).ToArray<double>());
    }

    // ---------------------------------------------------------------- transforms

    [Fact]
    public void Jit_equals_eager_and_Vmap_equals_a_loop()
    {
        var rng = new System.Random(11);
        var data = Enumerable.Range(0, 4 * 5 * 3).Select(_ => Math.Round(rng.NextDouble() * 8 - 4, 1)).ToArray();
        var x = Np.FromFlat(data, new[] { 4, 5, 3 });
        var fs = new (string, Func<NDArray, NDArray>)[]
        {
            ("var", v => Np.Var(v, new[] { 0, -1 }, 1)),
            ("std", v => Np.Std(v, 1, keepDims: true)),
            ("median", v => Np.Median(v, new[] { 0, 1 })),
            ("quantile", v => Np.Quantile(v, Np.Array(0.25, 0.9), -1, "nearest")),
            ("cummax", v => Lax.Cummax(v, 1, reverse: true)),
            ("cumLogSumExp", v => Lax.CumLogSumExp(v, 0)),
            ("any", v => Np.Any(Np.Greater(v, 3.0), 0).AsType(DType.Float64)),
            ("argmin", v => Np.ArgMin(v, -1).AsType(DType.Float64)),
            ("norm", v => Np.Linalg.Norm(v, double.PositiveInfinity, new[] { -2, -1 })),
            ("nanmax", v => Np.NanMax(v, new[] { -2, -1 }, initial: -1.0, where: Np.Greater(v, 0.0))),
            ("average", v => Np.Average(v, -2, Np.Array(1.0, 2.0, 3.0, 4.0, 5.0))),
        };
        foreach (var (name, f) in fs)
        {
            NumericAssert.AllClose(f(x), Jit(f)(x), 1e-12, 1e-12, $"jit {name}");
            var batched = Vmap(f)(x);
            var stacked = Np.Stack(Enumerable.Range(0, 4).Select(i => f(x[i])).ToArray());
            NumericAssert.AllClose(stacked, batched, 1e-12, 1e-12, $"vmap {name}");
        }
    }

    [Fact]
    public void Float32_stays_float32_and_integers_promote_as_JAX_does()
    {
        var x = Np.FromFlat(new float[] { 1, -2, 3.5f, 0, 2, 7 }, new[] { 2, 3 });
        var fs = new (string, Func<NDArray, NDArray>)[]
        {
            ("sum", v => Np.Sum(v, new[] { 0, 1 })), ("mean", v => Np.Mean(v, 0, where: Np.Greater(v, 0.0))),
            ("var", v => Np.Var(v, 1, 1)), ("std", v => Np.Std(v)), ("median", v => Np.Median(v, 0)),
            ("quantile", v => Np.Quantile(v, 0.4, new[] { 1 })), ("percentile", v => Np.Percentile(v, 40.0)),
            ("norm", v => Np.Linalg.Norm(v, 3.0, 1)), ("fro", v => Np.Linalg.Norm(v, "fro")),
            ("average", v => Np.Average(v, 1, Np.Array(1f, 2f, 3f))), ("cumLogSumExp", v => Lax.CumLogSumExp(v, 1)),
            ("cummax", v => Lax.Cummax(v)), ("cumprod", v => Np.Cumprod(v)), ("nanmax", v => Np.NanMax(v, 0)),
            ("nanmean", v => Np.NanMean(v)), ("prod", v => Np.Prod(v, new[] { 1, 0 }, initial: 2.0)),
        };
        foreach (var (name, f) in fs) Assert.True(f(x).DType == DType.Float32, $"{name} gave {f(x).DType}");
        var ints = Np.Array(1, 5, 2);
        Assert.Equal(DType.Float64, Np.Median(ints).DType);
        Assert.Equal(DType.Float64, Np.Std(ints).DType);
        Assert.Equal(DType.Float64, Np.Linalg.Norm(ints).DType);
        Assert.Equal(DType.Int32, Np.Prod(ints, new[] { 0 }).DType);
        Assert.Equal(DType.Int32, Lax.Cummax(ints).DType);
        Assert.Equal(DType.Int32, Np.Sum(Np.Greater(ints, 1), new[] { 0 }).DType);
        Assert.Equal(DType.Int32, Np.NanMax(ints).DType);
        Assert.Equal(2.0, (double)Np.Median(ints));
    }

    // ---------------------------------------------------------------- errors

    [Fact]
    public void Bad_axes_name_the_operation_and_the_typed_shape()
    {
        var x = Np.Zeros(new[] { 3, 4 }, DType.Float32);
        void Bad(string op, Action call)
        {
            var e = Assert.ThrowsAny<ArgumentException>(call);
            Assert.Contains(op, e.Message);
            Assert.Contains("f32[3,4]", e.Message);
        }
        Bad("Np.Sum", () => Np.Sum(x, new[] { 0, -2 }));
        Bad("Np.Prod", () => Np.Prod(x, new[] { 2 }));
        Bad("Np.Var", () => Np.Var(x, 5));
        Bad("Np.Std", () => Np.Std(x, -3));
        Bad("Np.Median", () => Np.Median(x, new[] { 1, 1 }));
        Bad("Np.Quantile", () => Np.Quantile(x, 0.5, 2));
        Bad("Np.ArgMin", () => Np.ArgMin(x, 2));
        Bad("Np.Any", () => Np.Any(x, new[] { 7 }));
        Bad("Np.CountNonzero", () => Np.CountNonzero(x, -5));
        Bad("Np.Cumprod", () => Np.Cumprod(x, 2));
        Bad("Lax.Cummax", () => Lax.Cummax(x, 2));
        Bad("Np.Linalg.Norm", () => Np.Linalg.Norm(x, 1.0, new[] { 0, 1, 0 }));
        Bad("Np.Average", () => Np.Average(x, 1, Np.Ones(new[] { 3 })));
        Bad("Np.Mean", () => Np.Mean(x, where: Np.Ones(new[] { 2 }, DType.Bool)));
    }
}
