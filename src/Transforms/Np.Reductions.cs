using System;

namespace Functional.AD;

public static partial class Np
{
    /// <summary>
    /// The reduced axes for an optional (possibly negative) axis: all axes when null. The result must fit in an array
    /// (only an empty operand, reduced over its zero axis, can leave more elements than that).
    /// </summary>
    private static IntTuple ReduceAxes(string operation, NDArray x, int? axis)
    {
        var axes = axis is int a ? new IntTuple(Promotion.Axis(operation, a, x)) : ReductionShape.All(x.Rank);
        if (x.Size == 0) ShapeSize.Check(operation, ReductionShape.KeptSizes(x.Shape, axes), x.Type);
        return axes;
    }

    /// <summary>The reduced axes for a tuple of (possibly negative) axes, sorted; a repeated axis is an error.</summary>
    private static IntTuple ReduceAxes(string operation, NDArray x, int[] axis)
    {
        var seen = new bool[x.Rank];
        foreach (var given in axis)
        {
            int a = Promotion.Axis(operation, given, x);
            if (seen[a]) throw new ArgumentException($"{operation}: axis {given} is repeated in ({string.Join(", ", axis)}) for {x.Type}");
            seen[a] = true;
        }
        int count = 0;
        foreach (var s in seen) if (s) count++;
        var sorted = new int[count];
        for (int i = 0, j = 0; i < seen.Length; i++) if (seen[i]) sorted[j++] = i;
        var axes = new IntTuple(sorted);
        if (x.Size == 0) ShapeSize.Check(operation, ReductionShape.KeptSizes(x.Shape, axes), x.Type);
        return axes;
    }

    private static NDArray KeepDims(NDArray reduced, IntTuple axes, bool keepDims) =>
        keepDims ? Ops.ExpandDims(reduced, axes) : reduced;

    /// <summary>The number of elements the reduction over <paramref name="axes"/> combines.</summary>
    private static int ReducedCount(NDArray x, IntTuple axes)
    {
        long count = 1;
        foreach (var a in axes) count *= x.Shape[a];
        return (int)Math.Min(count, int.MaxValue);
    }

    /// <summary>A where-mask as bool of <paramref name="x"/>'s shape (it must broadcast to that shape).</summary>
    private static NDArray Mask(string operation, NDArray x, NDArray where)
    {
        var shape = Promotion.BroadcastShapes(operation, x, where);
        if (shape != x.Shape)
            throw new ArgumentException($"{operation}: the where mask {where.Type} does not broadcast to the operand {x.Type}");
        if (where.DType != DType.Bool) where = Ops.Ne(where, Ops.Const(where, 0));
        return Ops.BroadcastTo(where, x.Shape);
    }

    // ---------------------------------------------------------------- sum

    /// <summary>
    /// jax.numpy.sum: sum over one axis (negative counts from the end) or all axes (null); bools sum as i32.
    /// <paramref name="initial"/> is added to each sum; elements where <paramref name="where"/> is false count as 0.
    /// </summary>
    public static NDArray Sum(NDArray x, int? axis = null, bool keepDims = false, NDArray? initial = null, NDArray? where = null)
    {
        Guard.NotNull(x, "Np.Sum");
        return SumCore("Np.Sum", x, ReduceAxes("Np.Sum", x, axis), keepDims, initial, where);
    }

    /// <summary>jax.numpy.sum over several axes (a tuple in JAX); see <see cref="Sum(NDArray, int?, bool, NDArray?, NDArray?)"/>.</summary>
    public static NDArray Sum(NDArray x, int[] axis, bool keepDims = false, NDArray? initial = null, NDArray? where = null)
    {
        Guard.NotNull(x, "Np.Sum");
        Guard.NotNull(axis, "Np.Sum");
        return SumCore("Np.Sum", x, ReduceAxes("Np.Sum", x, axis), keepDims, initial, where);
    }

    private static NDArray SumCore(string operation, NDArray x, IntTuple axes, bool keepDims, NDArray? initial, NDArray? where)
    {
        x = AccumulationType(x);
        if (where is not null) x = Where(Mask(operation, x, where), x, Ops.Const(x, 0));
        var r = KeepDims(Ops.ReduceSum(x, axes), axes, keepDims);
        return initial is null ? r : Add(r, initial);
    }

    // ---------------------------------------------------------------- mean

    /// <summary>
    /// jax.numpy.mean: arithmetic mean over one axis or all axes (integers give f64; an empty reduction gives NaN);
    /// with <paramref name="where"/>, the mean of the selected elements only.
    /// </summary>
    public static NDArray Mean(NDArray x, int? axis = null, bool keepDims = false, NDArray? where = null)
    {
        Guard.NotNull(x, "Np.Mean");
        return MeanCore("Np.Mean", x, ReduceAxes("Np.Mean", x, axis), keepDims, where);
    }

    /// <summary>jax.numpy.mean over several axes; see <see cref="Mean(NDArray, int?, bool, NDArray?)"/>.</summary>
    public static NDArray Mean(NDArray x, int[] axis, bool keepDims = false, NDArray? where = null)
    {
        Guard.NotNull(x, "Np.Mean");
        Guard.NotNull(axis, "Np.Mean");
        return MeanCore("Np.Mean", x, ReduceAxes("Np.Mean", x, axis), keepDims, where);
    }

    private static NDArray MeanCore(string operation, NDArray x, IntTuple axes, bool keepDims, NDArray? where)
    {
        x = Promotion.ToFloat(x);
        if (where is null)
        {
            var sum = Ops.ReduceSum(x, axes);
            return KeepDims(Ops.Div(sum, Ops.Const(sum, ReducedCount(x, axes))), axes, keepDims);
        }
        var mask = Mask(operation, x, where);
        var total = Ops.ReduceSum(Where(mask, x, Ops.Const(x, 0)), axes);
        var count = Ops.ReduceSum(Ops.ConvertElementType(mask, x.DType), axes);
        return KeepDims(Ops.Div(total, count), axes, keepDims);
    }

    // ---------------------------------------------------------------- max, min

    /// <summary>
    /// jax.numpy.max: maximum over one axis or all axes (NaN propagates; the derivative is shared equally among ties).
    /// An empty reduction needs <paramref name="initial"/>, which also bounds every result from below; a
    /// <paramref name="where"/> mask needs it too, as in JAX.
    /// </summary>
    public static NDArray Max(NDArray x, int? axis = null, bool keepDims = false, NDArray? initial = null, NDArray? where = null)
    {
        Guard.NotNull(x, "Np.Max");
        return Extreme("Np.Max", x, ReduceAxes("Np.Max", x, axis), keepDims, initial, where, max: true);
    }

    /// <summary>jax.numpy.max over several axes; see <see cref="Max(NDArray, int?, bool, NDArray?, NDArray?)"/>.</summary>
    public static NDArray Max(NDArray x, int[] axis, bool keepDims = false, NDArray? initial = null, NDArray? where = null)
    {
        Guard.NotNull(x, "Np.Max");
        Guard.NotNull(axis, "Np.Max");
        return Extreme("Np.Max", x, ReduceAxes("Np.Max", x, axis), keepDims, initial, where, max: true);
    }

    /// <summary>
    /// jax.numpy.min: minimum over one axis or all axes (NaN propagates; the derivative is shared equally among ties).
    /// An empty reduction needs <paramref name="initial"/>, which also bounds every result from above; a
    /// <paramref name="where"/> mask needs it too, as in JAX.
    /// </summary>
    public static NDArray Min(NDArray x, int? axis = null, bool keepDims = false, NDArray? initial = null, NDArray? where = null)
    {
        Guard.NotNull(x, "Np.Min");
        return Extreme("Np.Min", x, ReduceAxes("Np.Min", x, axis), keepDims, initial, where, max: false);
    }

    /// <summary>jax.numpy.min over several axes; see <see cref="Min(NDArray, int?, bool, NDArray?, NDArray?)"/>.</summary>
    public static NDArray Min(NDArray x, int[] axis, bool keepDims = false, NDArray? initial = null, NDArray? where = null)
    {
        Guard.NotNull(x, "Np.Min");
        Guard.NotNull(axis, "Np.Min");
        return Extreme("Np.Min", x, ReduceAxes("Np.Min", x, axis), keepDims, initial, where, max: false);
    }

    /// <summary>
    /// The dtype sums and products accumulate in, as <c>jnp.sum</c> with <c>promote_integers</c>: integers narrower than
    /// the default int (bool) go to i32, and narrower unsigned ones (u8) to u32; the rest keep their dtype.
    /// </summary>
    private static NDArray AccumulationType(NDArray x) => x.DType switch
    {
        DType.Bool => Promotion.Coerce(x, DType.Int32),
        DType.UInt8 => Promotion.Coerce(x, DType.UInt32),
        _ => x,
    };

    /// <summary>The value that never wins a max (min) of the dtype: -inf (+inf) for floats, the extreme integer otherwise.</summary>
    private static double Identity(DType dtype, bool max) => dtype switch
    {
        _ when dtype.IsFloat() => max ? double.NegativeInfinity : double.PositiveInfinity,
        DType.Int64 => max ? long.MinValue : long.MaxValue,   // saturating conversions make these exact
        DType.UInt8 => max ? 0 : byte.MaxValue,
        DType.UInt32 => max ? 0 : uint.MaxValue,
        _ => max ? int.MinValue : int.MaxValue,
    };

    private static NDArray Extreme(string operation, NDArray x, IntTuple axes, bool keepDims, NDArray? initial, NDArray? where, bool max)
    {
        if (where is not null && initial is null)
            throw new ArgumentException($"{operation}: a where mask on {x.Type} needs an initial value: the reduction has no identity");
        bool empty = false;
        foreach (var a in axes)
            if (x.Shape[a] == 0)
            {
                if (initial is null)
                    throw new ArgumentException($"{operation}: cannot reduce {x.Type} over its empty axis {a}: the reduction has no identity; pass initial");
                empty = true;
            }
        if (x.DType == DType.Bool) x = Promotion.Coerce(x, DType.Int32);
        if (empty)
        {
            var kept = ReductionShape.KeptSizes(x.Shape, axes);
            var (dtype, _) = Promotion.ResultType(x, initial!);
            var filled = Ops.BroadcastTo(Promotion.Coerce(initial!, dtype), Shape.Own(kept));
            return KeepDims(filled, axes, keepDims);
        }
        if (where is not null) x = Where(Mask(operation, x, where), x, Ops.Const(x, Identity(x.DType, max)));
        var r = KeepDims(max ? Ops.ReduceMax(x, axes) : Ops.ReduceMin(x, axes), axes, keepDims);
        return initial is null ? r : max ? Maximum(r, initial) : Minimum(r, initial);
    }

    // ---------------------------------------------------------------- prod

    /// <summary>
    /// jax.numpy.prod: product over one axis or all axes, computed as a tree of pairwise products (exact gradients,
    /// also at zeros); <paramref name="initial"/> multiplies each product; elements where <paramref name="where"/> is
    /// false count as 1.
    /// </summary>
    public static NDArray Prod(NDArray x, int? axis = null, bool keepDims = false, NDArray? initial = null, NDArray? where = null)
    {
        Guard.NotNull(x, "Np.Prod");
        return ProdCore("Np.Prod", x, ReduceAxes("Np.Prod", x, axis), keepDims, initial, where);
    }

    /// <summary>jax.numpy.prod over several axes; see <see cref="Prod(NDArray, int?, bool, NDArray?, NDArray?)"/>.</summary>
    public static NDArray Prod(NDArray x, int[] axis, bool keepDims = false, NDArray? initial = null, NDArray? where = null)
    {
        Guard.NotNull(x, "Np.Prod");
        Guard.NotNull(axis, "Np.Prod");
        return ProdCore("Np.Prod", x, ReduceAxes("Np.Prod", x, axis), keepDims, initial, where);
    }

    private static NDArray ProdCore(string operation, NDArray x, IntTuple axes, bool keepDims, NDArray? initial, NDArray? where)
    {
        x = AccumulationType(x);
        if (where is not null) x = Where(Mask(operation, x, where), x, Ops.Const(x, 1));
        var kept = ReductionShape.KeptSizes(x.Shape, axes);
        var r = ProdAlong(Ops.Reshape(AxesToEnd(x, axes), Shape.Own(Append(kept, ReducedCount(x, axes)))), kept.Length);
        r = KeepDims(r, axes, keepDims);
        return initial is null ? r : Multiply(r, initial);
    }

    /// <summary><paramref name="x"/> with the <paramref name="axes"/> moved, in order, behind the others.</summary>
    private static NDArray AxesToEnd(NDArray x, IntTuple axes)
    {
        var perm = new int[x.Rank];
        int j = 0;
        for (int i = 0; i < x.Rank; i++) if (axes.IndexOf(i) < 0) perm[j++] = i;
        foreach (var a in axes) perm[j++] = a;
        bool identity = true;
        for (int i = 0; i < perm.Length; i++) identity &= perm[i] == i;
        return identity ? x : Ops.Transpose(x, new IntTuple(perm));
    }

    private static int[] Append(int[] dims, int last)
    {
        var d = new int[dims.Length + 1];
        dims.CopyTo(d, 0);
        d[^1] = last;
        return d;
    }

    private static NDArray ProdAlong(NDArray x, int axis)
    {
        int n = x.Shape[axis];
        if (n == 0)
        {
            var dims = x.Shape.ToArray();
            var kept = new int[dims.Length - 1];
            for (int i = 0, j = 0; i < dims.Length; i++) if (i != axis) kept[j++] = dims[i];
            return Ops.Full(new ArrayType(Shape.Own(kept), x.DType), 1);
        }
        while (n > 1)
        {
            int half = n / 2;
            var prod = Ops.Mul(Ops.SliceAxis(x, axis, 0, half), Ops.SliceAxis(x, axis, half, 2 * half));
            x = n % 2 == 0 ? prod : Ops.Concatenate(new[] { prod, Ops.SliceAxis(x, axis, 2 * half, n) }, axis);
            n = x.Shape[axis];
        }
        return Ops.Squeeze(x, new IntTuple(axis));
    }

    // ---------------------------------------------------------------- argmax, argmin

    /// <summary>Index (i32) of the first maximum along an axis (the first NaN wins, as in JAX).</summary>
    public static NDArray ArgMax(NDArray x, int axis)
    {
        Guard.NotNull(x, "Np.ArgMax");
        return ArgExtreme("Np.ArgMax", x, axis, false, max: true);
    }

    /// <summary>
    /// jax.numpy.argmax: index (i32) of the first maximum along <paramref name="axis"/>, or into the flattened array
    /// when it is null; the first NaN wins.
    /// </summary>
    public static NDArray ArgMax(NDArray x, int? axis = null, bool keepDims = false)
    {
        Guard.NotNull(x, "Np.ArgMax");
        return ArgExtreme("Np.ArgMax", x, axis, keepDims, max: true);
    }

    /// <summary>
    /// jax.numpy.argmin: index (i32) of the first minimum along <paramref name="axis"/>, or into the flattened array
    /// when it is null; the first NaN wins.
    /// </summary>
    public static NDArray ArgMin(NDArray x, int? axis = null, bool keepDims = false)
    {
        Guard.NotNull(x, "Np.ArgMin");
        return ArgExtreme("Np.ArgMin", x, axis, keepDims, max: false);
    }

    private static NDArray ArgExtreme(string operation, NDArray x, int? axis, bool keepDims, bool max)
    {
        int rank = x.Rank;
        int a;
        if (axis is int given) a = Promotion.Axis(operation, given, x);
        else
        {
            x = Ops.Reshape(x, new Shape(x.Size));
            a = 0;
        }
        if (x.Shape[a] == 0)
            throw new ArgumentException($"{operation}: axis {axis?.ToString() ?? "None"} of {x.Type} is empty, so it has no {(max ? "maximum" : "minimum")}");
        if (x.DType == DType.Bool) x = Promotion.Coerce(x, DType.Int32);
        // argmin is the argmax of an order-reversing map: -x for floats (NaN stays NaN), ~x = -x - 1 for integers (no overflow).
        if (!max) x = x.DType.IsFloat() ? Ops.Neg(x) : BitwiseNot(x);
        var r = Ops.ArgMax(x, a);
        if (!keepDims) return r;
        if (axis is null) return Ops.Reshape(r, Shape.Own(OnesOfRank(rank)));
        return Ops.ExpandDims(r, new IntTuple(a));
    }

    private static int[] OnesOfRank(int rank)
    {
        var d = new int[rank];
        System.Array.Fill(d, 1);
        return d;
    }

    // ---------------------------------------------------------------- any, all, count_nonzero

    /// <summary>jax.numpy.any: whether any element (where <paramref name="where"/> holds) is nonzero; false over an empty axis.</summary>
    public static NDArray Any(NDArray x, int? axis = null, bool keepDims = false, NDArray? where = null)
    {
        Guard.NotNull(x, "Np.Any");
        return Truth("Np.Any", x, ReduceAxes("Np.Any", x, axis), keepDims, where, any: true);
    }

    /// <summary>jax.numpy.any over several axes; see <see cref="Any(NDArray, int?, bool, NDArray?)"/>.</summary>
    public static NDArray Any(NDArray x, int[] axis, bool keepDims = false, NDArray? where = null)
    {
        Guard.NotNull(x, "Np.Any");
        Guard.NotNull(axis, "Np.Any");
        return Truth("Np.Any", x, ReduceAxes("Np.Any", x, axis), keepDims, where, any: true);
    }

    /// <summary>jax.numpy.all: whether every element (where <paramref name="where"/> holds) is nonzero; true over an empty axis.</summary>
    public static NDArray All(NDArray x, int? axis = null, bool keepDims = false, NDArray? where = null)
    {
        Guard.NotNull(x, "Np.All");
        return Truth("Np.All", x, ReduceAxes("Np.All", x, axis), keepDims, where, any: false);
    }

    /// <summary>jax.numpy.all over several axes; see <see cref="All(NDArray, int?, bool, NDArray?)"/>.</summary>
    public static NDArray All(NDArray x, int[] axis, bool keepDims = false, NDArray? where = null)
    {
        Guard.NotNull(x, "Np.All");
        Guard.NotNull(axis, "Np.All");
        return Truth("Np.All", x, ReduceAxes("Np.All", x, axis), keepDims, where, any: false);
    }

    private static NDArray Truth(string operation, NDArray x, IntTuple axes, bool keepDims, NDArray? where, bool any)
    {
        // any: some element is nonzero; all: no element is zero. Counting keeps both total on empty axes.
        var hit = any
            ? (x.DType == DType.Bool ? x : Ops.Ne(x, Ops.Const(x, 0)))
            : (x.DType == DType.Bool ? LogicalNot(x) : Ops.Eq(x, Ops.Const(x, 0)));
        if (where is not null) hit = LogicalAnd(hit, Mask(operation, x, where));
        var count = Ops.ReduceSum(Ops.ConvertElementType(hit, DType.Int32), axes);
        var zero = Ops.Const(count, 0);
        return KeepDims(any ? Ops.Gt(count, zero) : Ops.Eq(count, zero), axes, keepDims);
    }

    /// <summary>jax.numpy.count_nonzero: the number (i32) of nonzero elements over one axis or all axes.</summary>
    public static NDArray CountNonzero(NDArray x, int? axis = null, bool keepDims = false)
    {
        Guard.NotNull(x, "Np.CountNonzero");
        return CountCore(x, ReduceAxes("Np.CountNonzero", x, axis), keepDims);
    }

    /// <summary>jax.numpy.count_nonzero over several axes.</summary>
    public static NDArray CountNonzero(NDArray x, int[] axis, bool keepDims = false)
    {
        Guard.NotNull(x, "Np.CountNonzero");
        Guard.NotNull(axis, "Np.CountNonzero");
        return CountCore(x, ReduceAxes("Np.CountNonzero", x, axis), keepDims);
    }

    private static NDArray CountCore(NDArray x, IntTuple axes, bool keepDims)
    {
        var nonzero = x.DType == DType.Bool ? x : Ops.Ne(x, Ops.Const(x, 0));
        return KeepDims(Ops.ReduceSum(Ops.ConvertElementType(nonzero, DType.Int32), axes), axes, keepDims);
    }

    // ---------------------------------------------------------------- cumulative

    /// <summary>Running sum along an axis (bools count as i32).</summary>
    public static NDArray Cumsum(NDArray x, int axis)
    {
        Guard.NotNull(x, "Np.Cumsum");
        return Cumulative("Np.Cumsum", x, axis, CumulativeOp.Sum, reverse: false);
    }

    /// <summary>jax.numpy.cumsum: running sum along <paramref name="axis"/>, or over the flattened array when it is null.</summary>
    public static NDArray Cumsum(NDArray x, int? axis = null)
    {
        Guard.NotNull(x, "Np.Cumsum");
        return Cumulative("Np.Cumsum", x, axis, CumulativeOp.Sum, reverse: false);
    }

    /// <summary>jax.numpy.cumprod: running product along <paramref name="axis"/>, or over the flattened array when it is null.</summary>
    public static NDArray Cumprod(NDArray x, int? axis = null)
    {
        Guard.NotNull(x, "Np.Cumprod");
        return Cumulative("Np.Cumprod", x, axis, CumulativeOp.Prod, reverse: false);
    }
}
