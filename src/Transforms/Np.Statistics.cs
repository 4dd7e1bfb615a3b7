using System;

namespace Functional.AD;

public static partial class Np
{
    // ---------------------------------------------------------------- var, std

    /// <summary>
    /// jax.numpy.var: the variance over one axis or all axes, the squared deviations from the mean summed and divided by
    /// (count - <paramref name="ddof"/>); with <paramref name="where"/>, of the selected elements only. Integers give f64.
    /// </summary>
    public static NDArray Var(NDArray x, int? axis = null, int ddof = 0, bool keepDims = false, NDArray? where = null)
    {
        Guard.NotNull(x, "Np.Var");
        return VarCore("Np.Var", x, ReduceAxes("Np.Var", x, axis), ddof, keepDims, where);
    }

    /// <summary>jax.numpy.var over several axes; see <see cref="Var(NDArray, int?, int, bool, NDArray?)"/>.</summary>
    public static NDArray Var(NDArray x, int[] axis, int ddof = 0, bool keepDims = false, NDArray? where = null)
    {
        Guard.NotNull(x, "Np.Var");
        Guard.NotNull(axis, "Np.Var");
        return VarCore("Np.Var", x, ReduceAxes("Np.Var", x, axis), ddof, keepDims, where);
    }

    /// <summary>jax.numpy.std: the square root of <see cref="Var(NDArray, int?, int, bool, NDArray?)"/>.</summary>
    public static NDArray Std(NDArray x, int? axis = null, int ddof = 0, bool keepDims = false, NDArray? where = null)
    {
        Guard.NotNull(x, "Np.Std");
        return Ops.Sqrt(VarCore("Np.Std", x, ReduceAxes("Np.Std", x, axis), ddof, keepDims, where));
    }

    /// <summary>jax.numpy.std over several axes; see <see cref="Std(NDArray, int?, int, bool, NDArray?)"/>.</summary>
    public static NDArray Std(NDArray x, int[] axis, int ddof = 0, bool keepDims = false, NDArray? where = null)
    {
        Guard.NotNull(x, "Np.Std");
        Guard.NotNull(axis, "Np.Std");
        return Ops.Sqrt(VarCore("Np.Std", x, ReduceAxes("Np.Std", x, axis), ddof, keepDims, where));
    }

    private static NDArray VarCore(string operation, NDArray x, IntTuple axes, int ddof, bool keepDims, NDArray? where)
    {
        x = Promotion.ToFloat(x);
        var mean = MeanCore(operation, x, axes, keepDims: true, where);
        var centered = Ops.Sub(x, Ops.BroadcastTo(mean, x.Shape));
        var squares = Ops.Mul(centered, centered);
        NDArray count;
        if (where is null) count = Ops.Const(x, ReducedCount(x, axes));
        else
        {
            var mask = Mask(operation, x, where);
            squares = Where(mask, squares, Ops.Const(x, 0));
            count = Ops.ReduceSum(Ops.ConvertElementType(mask, x.DType), axes);
        }
        var normalizer = Ops.Sub(count, Ops.Const(count, ddof));
        return KeepDims(Ops.Div(Ops.ReduceSum(squares, axes), normalizer), axes, keepDims);
    }

    // ---------------------------------------------------------------- average

    /// <summary>
    /// jax.numpy.average (returned=False): the mean over one axis or all axes weighted by <paramref name="weights"/>,
    /// which have the shape of <paramref name="a"/>, or are 1-d along the one reduced <paramref name="axis"/>; no weights
    /// give <see cref="Mean(NDArray, int?, bool, NDArray?)"/>.
    /// </summary>
    public static NDArray Average(NDArray a, int? axis = null, NDArray? weights = null, bool keepDims = false)
    {
        Guard.NotNull(a, "Np.Average");
        var axes = ReduceAxes("Np.Average", a, axis);
        return AverageCore(a, axes, axis, weights, keepDims);
    }

    /// <summary>jax.numpy.average over several axes; the weights have the shape of <paramref name="a"/>.</summary>
    public static NDArray Average(NDArray a, int[] axis, NDArray? weights = null, bool keepDims = false)
    {
        Guard.NotNull(a, "Np.Average");
        Guard.NotNull(axis, "Np.Average");
        var axes = ReduceAxes("Np.Average", a, axis);
        return AverageCore(a, axes, axis.Length == 1 ? axis[0] : null, weights, keepDims);
    }

    private static NDArray AverageCore(NDArray a, IntTuple axes, int? single, NDArray? weights, bool keepDims)
    {
        if (weights is null) return MeanCore("Np.Average", a, axes, keepDims, null);
        var (ta, tw) = (a.Type, weights.Type);
        var (dtype, _) = Promotion.ResultType(a, weights);
        if (!dtype.IsFloat()) dtype = DType.Float64;
        a = Promotion.Coerce(a, dtype);
        weights = Promotion.Coerce(weights, dtype);
        if (weights.Shape != a.Shape)
        {
            if (single is null)
                throw new ArgumentException($"Np.Average: weights {tw} differ in shape from {ta}, so one axis must be given");
            int ax = axes[0];
            if (weights.Rank != 1)
                throw new ArgumentException($"Np.Average: weights {tw} differ in shape from {ta}, so they must be 1-d");
            if (weights.Shape[0] != a.Shape[ax])
                throw new ArgumentException($"Np.Average: weights {tw} do not match axis {single} of {ta}");
            weights = Ops.BroadcastInDim(weights, a.Shape, new IntTuple(ax));
        }
        var total = Ops.ReduceSum(Ops.Mul(a, weights), axes);
        var norm = Ops.ReduceSum(weights, axes);
        return KeepDims(Ops.Div(total, norm), axes, keepDims);
    }

    // ---------------------------------------------------------------- median, quantile, percentile

    /// <summary>jax.numpy.median: the middle of the sorted values (the mean of the two middle ones for an even count); NaN propagates.</summary>
    public static NDArray Median(NDArray a, int? axis = null, bool keepDims = false)
    {
        Guard.NotNull(a, "Np.Median");
        return QuantileCore("Np.Median", a, 0.5, ReduceAxes("Np.Median", a, axis), "midpoint", keepDims);
    }

    /// <summary>jax.numpy.median over several axes.</summary>
    public static NDArray Median(NDArray a, int[] axis, bool keepDims = false)
    {
        Guard.NotNull(a, "Np.Median");
        Guard.NotNull(axis, "Np.Median");
        return QuantileCore("Np.Median", a, 0.5, ReduceAxes("Np.Median", a, axis), "midpoint", keepDims);
    }

    /// <summary>
    /// jax.numpy.quantile: the <paramref name="q"/>-th quantiles (q in [0, 1], any shape, which leads the result's shape)
    /// over one axis or all axes. <paramref name="method"/>: "linear" (default), "lower", "higher", "midpoint" or
    /// "nearest", as JAX defines them for the position q·(n - 1) in the sorted values. NaN propagates. The derivative
    /// flows to the selected elements, as through a stable sort.
    /// </summary>
    public static NDArray Quantile(NDArray a, NDArray q, int? axis = null, string method = "linear", bool keepDims = false)
    {
        Guard.NotNull(a, "Np.Quantile");
        Guard.NotNull(q, "Np.Quantile");
        Guard.NotNull(method, "Np.Quantile");
        return QuantileCore("Np.Quantile", a, q, ReduceAxes("Np.Quantile", a, axis), method, keepDims);
    }

    /// <summary>jax.numpy.quantile over several axes.</summary>
    public static NDArray Quantile(NDArray a, NDArray q, int[] axis, string method = "linear", bool keepDims = false)
    {
        Guard.NotNull(a, "Np.Quantile");
        Guard.NotNull(q, "Np.Quantile");
        Guard.NotNull(axis, "Np.Quantile");
        Guard.NotNull(method, "Np.Quantile");
        return QuantileCore("Np.Quantile", a, q, ReduceAxes("Np.Quantile", a, axis), method, keepDims);
    }

    /// <summary>jax.numpy.percentile: <see cref="Quantile(NDArray, NDArray, int?, string, bool)"/> with q in percent.</summary>
    public static NDArray Percentile(NDArray a, NDArray q, int? axis = null, string method = "linear", bool keepDims = false)
    {
        Guard.NotNull(a, "Np.Percentile");
        Guard.NotNull(q, "Np.Percentile");
        Guard.NotNull(method, "Np.Percentile");
        return QuantileCore("Np.Percentile", a, Divide(Promotion.ToFloat(q), 100.0), ReduceAxes("Np.Percentile", a, axis), method, keepDims);
    }

    /// <summary>jax.numpy.percentile over several axes.</summary>
    public static NDArray Percentile(NDArray a, NDArray q, int[] axis, string method = "linear", bool keepDims = false)
    {
        Guard.NotNull(a, "Np.Percentile");
        Guard.NotNull(q, "Np.Percentile");
        Guard.NotNull(axis, "Np.Percentile");
        Guard.NotNull(method, "Np.Percentile");
        return QuantileCore("Np.Percentile", a, Divide(Promotion.ToFloat(q), 100.0), ReduceAxes("Np.Percentile", a, axis), method, keepDims);
    }

    private static NDArray QuantileCore(string operation, NDArray a, NDArray q, IntTuple axes, string method, bool keepDims)
    {
        if (method is not ("linear" or "lower" or "higher" or "midpoint" or "nearest"))
            throw new ArgumentException($"{operation}: method \"{method}\" is not one of linear, lower, higher, midpoint, nearest");
        foreach (var ax in axes)
            if (a.Shape[ax] == 0) throw new ArgumentException($"{operation}: axis {ax} of {a.Type} is empty, so it has no quantiles");
        var (dtype, _) = Promotion.ResultType(Promotion.ToFloat(a), Promotion.ToFloat(q));
        a = Promotion.Coerce(a, dtype);
        q = Promotion.Coerce(q, dtype);
        var kept = ReductionShape.KeptSizes(a.Shape, axes);
        int n = ReducedCount(a, axes);
        var rows = Ops.Reshape(AxesToEnd(a, axes), Shape.Own(Append(kept, n)));       // [K..., n]
        int last = kept.Length;
        var nanRow = Ops.ReduceMax(Ops.ConvertElementType(IsNan(rows), DType.Int32), new IntTuple(last));
        var hasNan = Ops.Gt(nanRow, Ops.Const(nanRow, 0));                             // [K...]
        rows = Where(Ops.ExpandDims(hasNan, new IntTuple(last)), Ops.Const(rows, 0), rows);
        var sorted = SortRows(rows);

        // positions q·(n - 1), with the quantile axes in front and the kept axes behind them
        var qShape = q.Shape.ToArray();
        var bshape = new int[qShape.Length + kept.Length + 1];
        qShape.CopyTo(bshape, 0);
        for (int i = qShape.Length; i < bshape.Length; i++) bshape[i] = 1;
        var pos = Ops.Mul(q, Ops.Const(q, n - 1));
        pos = Ops.Min(Ops.Max(pos, Ops.Const(q, 0)), Ops.Const(q, n - 1));
        var lo = Ops.Floor(pos);
        var hi = Ops.Ceil(pos);
        var highWeight = Ops.Sub(pos, lo);
        var lowWeight = Ops.Sub(Ops.Const(pos, 1), highWeight);
        var lowValue = Pick(sorted, Ops.Reshape(lo, Shape.Own(bshape)));
        var highValue = Pick(sorted, Ops.Reshape(hi, Shape.Own(bshape)));
        var inner = Shape.Own(bshape[..^1]);
        NDArray result = method switch
        {
            "lower" => lowValue,
            "higher" => highValue,
            "midpoint" => Multiply(Add(lowValue, highValue), 0.5),
            "nearest" => Where(Ops.Le(Ops.Reshape(highWeight, inner), Ops.Const(pos, 0.5)), lowValue, highValue),
            _ => Add(Multiply(lowValue, Ops.Reshape(lowWeight, inner)), Multiply(highValue, Ops.Reshape(highWeight, inner))),
        };
        result = Where(hasNan, Ops.Const(result, double.NaN), result);
        if (keepDims)
        {
            var at = new int[axes.Count];
            for (int i = 0; i < at.Length; i++) at[i] = axes[i] + q.Rank;
            result = Ops.ExpandDims(result, new IntTuple(at));
        }
        return result;
    }

    /// <summary>
    /// The rows (last axis) in ascending order, ties in their original order, through the sort primitive: the gradient
    /// goes back through the permutation to the element each position took.
    /// </summary>
    private static NDArray SortRows(NDArray rows) => Ops.Sort(new[] { rows }, rows.Rank - 1)[0];

    /// <summary>The elements of the sorted rows [K..., n] at float positions [Q..., 1.., 1]: a result [Q..., K...].</summary>
    private static NDArray Pick(NDArray sorted, NDArray position)
    {
        int n = sorted.Shape[sorted.Rank - 1];
        var k = Ops.Iota(sorted.DType, new Shape(n), 0);
        var at = Equal(position, k);
        var picked = Where(at, sorted, Ops.Const(sorted, 0));
        return Ops.ReduceSum(picked, new IntTuple(picked.Rank - 1));
    }

    // ---------------------------------------------------------------- nan-ignoring reductions

    /// <summary>jax.numpy.nansum: <see cref="Sum(NDArray, int?, bool, NDArray?, NDArray?)"/> with NaNs counted as 0.</summary>
    public static NDArray NanSum(NDArray x, int? axis = null, bool keepDims = false, NDArray? initial = null, NDArray? where = null)
    {
        Guard.NotNull(x, "Np.NanSum");
        return SumCore("Np.NanSum", NanAs(x, 0), ReduceAxes("Np.NanSum", x, axis), keepDims, initial, where);
    }

    /// <summary>jax.numpy.nansum over several axes.</summary>
    public static NDArray NanSum(NDArray x, int[] axis, bool keepDims = false, NDArray? initial = null, NDArray? where = null)
    {
        Guard.NotNull(x, "Np.NanSum");
        Guard.NotNull(axis, "Np.NanSum");
        return SumCore("Np.NanSum", NanAs(x, 0), ReduceAxes("Np.NanSum", x, axis), keepDims, initial, where);
    }

    /// <summary>jax.numpy.nanmean: the mean of the elements that are not NaN (NaN where there are none).</summary>
    public static NDArray NanMean(NDArray x, int? axis = null, bool keepDims = false, NDArray? where = null)
    {
        Guard.NotNull(x, "Np.NanMean");
        return MeanCore("Np.NanMean", x, ReduceAxes("Np.NanMean", x, axis), keepDims, NotNanWhere("Np.NanMean", x, where));
    }

    /// <summary>jax.numpy.nanmean over several axes.</summary>
    public static NDArray NanMean(NDArray x, int[] axis, bool keepDims = false, NDArray? where = null)
    {
        Guard.NotNull(x, "Np.NanMean");
        Guard.NotNull(axis, "Np.NanMean");
        return MeanCore("Np.NanMean", x, ReduceAxes("Np.NanMean", x, axis), keepDims, NotNanWhere("Np.NanMean", x, where));
    }

    /// <summary>jax.numpy.nanmax: the maximum ignoring NaNs; NaN where every element is NaN.</summary>
    public static NDArray NanMax(NDArray x, int? axis = null, bool keepDims = false, NDArray? initial = null, NDArray? where = null)
    {
        Guard.NotNull(x, "Np.NanMax");
        return NanExtreme("Np.NanMax", x, ReduceAxes("Np.NanMax", x, axis), keepDims, initial, where, max: true);
    }

    /// <summary>jax.numpy.nanmax over several axes.</summary>
    public static NDArray NanMax(NDArray x, int[] axis, bool keepDims = false, NDArray? initial = null, NDArray? where = null)
    {
        Guard.NotNull(x, "Np.NanMax");
        Guard.NotNull(axis, "Np.NanMax");
        return NanExtreme("Np.NanMax", x, ReduceAxes("Np.NanMax", x, axis), keepDims, initial, where, max: true);
    }

    /// <summary>jax.numpy.nanmin: the minimum ignoring NaNs; NaN where every element is NaN.</summary>
    public static NDArray NanMin(NDArray x, int? axis = null, bool keepDims = false, NDArray? initial = null, NDArray? where = null)
    {
        Guard.NotNull(x, "Np.NanMin");
        return NanExtreme("Np.NanMin", x, ReduceAxes("Np.NanMin", x, axis), keepDims, initial, where, max: false);
    }

    /// <summary>jax.numpy.nanmin over several axes.</summary>
    public static NDArray NanMin(NDArray x, int[] axis, bool keepDims = false, NDArray? initial = null, NDArray? where = null)
    {
        Guard.NotNull(x, "Np.NanMin");
        Guard.NotNull(axis, "Np.NanMin");
        return NanExtreme("Np.NanMin", x, ReduceAxes("Np.NanMin", x, axis), keepDims, initial, where, max: false);
    }

    private static NDArray NanAs(NDArray x, double value) =>
        x.DType.IsFloat() ? Where(IsNan(x), Ops.Const(x, value), x) : x;

    private static NDArray NotNanWhere(string operation, NDArray x, NDArray? where)
    {
        var notNan = x.DType.IsFloat() ? LogicalNot(IsNan(x)) : Ops.BroadcastTo(ConcreteArray.Scalar(1, DType.Bool, weak: false), x.Shape);
        return where is null ? notNan : LogicalAnd(notNan, Mask(operation, x, where));
    }

    private static NDArray NanExtreme(string operation, NDArray x, IntTuple axes, bool keepDims, NDArray? initial, NDArray? where, bool max)
    {
        if (!x.DType.IsFloat()) return Extreme(operation, x, axes, keepDims, initial, where, max);
        var r = Extreme(operation, NanAs(x, Identity(x.DType, max)), axes, keepDims, initial, where, max);
        var allNan = Truth(operation, IsNan(x), axes, keepDims, null, any: false);
        return Where(allNan, Ops.Const(r, double.NaN), r);
    }
}
