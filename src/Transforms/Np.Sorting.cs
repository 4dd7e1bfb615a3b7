using System.Linq;

namespace Functional.AD;

public static partial class Np
{
    /// <summary>
    /// The elements of <paramref name="a"/> sorted along <paramref name="axis"/> (<c>jnp.sort</c>): ascending, NaN last,
    /// ties in their original order; the flattened array when axis is null; descending is the ascending result reversed
    /// (NaN first). Differentiable: the gradient flows back through the permutation (at ties, to the element each
    /// position took). <paramref name="stable"/> is accepted for JAX's signature: the sort is always stable.
    /// </summary>
    public static NDArray Sort(NDArray a, int? axis = -1, bool stable = true, bool descending = false)
    {
        Guard.NotNull(a, "Np.Sort");
        _ = stable;
        var (x, ax) = SortAxis("Np.Sort", a, axis);
        var sorted = Ops.Sort(new[] { x }, ax)[0];
        return descending ? Reverse(sorted, ax) : sorted;
    }

    /// <summary>
    /// The indices that sort <paramref name="a"/> along <paramref name="axis"/> (<c>jnp.argsort</c>), int32: ascending
    /// with NaN last, equal elements in their original order (also when descending: the earlier one first). The
    /// flattened array's indices when axis is null.
    /// </summary>
    public static NDArray ArgSort(NDArray a, int? axis = -1, bool stable = true, bool descending = false)
    {
        Guard.NotNull(a, "Np.ArgSort");
        _ = stable;
        var (x, ax) = SortAxis("Np.ArgSort", a, axis);
        return ArgSortAlong(x, ax, descending);
    }

    /// <summary>The array and the sort axis (flattened for a null axis); a 0-d array has no axis to sort.</summary>
    private static (NDArray X, int Axis) SortAxis(string operation, NDArray a, int? axis)
    {
        if (axis is null) return (a.Rank == 1 ? a : a.Reshape(-1), 0);
        return (a, Promotion.Axis(operation, axis.Value, a));
    }

    /// <summary>Stable argsort along an axis; descending keeps equal elements in their original order too.</summary>
    internal static NDArray ArgSortAlong(NDArray x, int axis, bool descending)
    {
        var iota = Ops.Iota(DType.Int32, x.Shape, axis);
        if (!descending) return Ops.Sort(new[] { x, iota }, axis)[1];
        // Ascending on the reversed array puts, among equal elements, the later original first; reversing that order
        // and mapping positions back (n - 1 - i) gives descending order with the earlier original first.
        int n = x.Shape[axis];
        var ascending = Ops.Sort(new[] { Reverse(x, axis), iota }, axis)[1];
        return Reverse(Ops.Sub(Ops.Const(ascending, n - 1), ascending), axis);
    }

    /// <summary>x reversed along an axis: a sort keyed by the reversed positions (differentiable, any dtype).</summary>
    internal static NDArray Reverse(NDArray x, int axis)
    {
        var iota = Ops.Iota(DType.Int32, x.Shape, axis);
        var reversed = Ops.Sub(Ops.Const(iota, x.Shape[axis] - 1), iota);
        return Ops.Sort(new[] { reversed, x }, axis)[1];
    }

    /// <summary>
    /// Where each of <paramref name="v"/> would go in the sorted 1-d array <paramref name="a"/> to keep it sorted
    /// (<c>jnp.searchsorted</c>): with side "left" the first such index (the count of elements below it), with "right"
    /// the last (the count not above it); int32, shaped as v. <paramref name="sorter"/>, when given, holds the indices
    /// that sort a (as from <see cref="ArgSort"/>). A NaN in v goes after every number, as numpy sorts NaN last.
    /// <paramref name="method"/> as JAX's: "scan" (the default) runs a binary search, ⌈log2(n+1)⌉ gathers of v's size;
    /// "compare_all" compares every pair (a.Size · v.Size work, one fused pass; faster for short a).
    /// </summary>
    public static NDArray SearchSorted(NDArray a, NDArray v, string side = "left", NDArray? sorter = null, string method = "scan")
    {
        Guard.NotNull(a, "Np.SearchSorted");
        Guard.NotNull(v, "Np.SearchSorted");
        Guard.NotNull(side, "Np.SearchSorted");
        Guard.NotNull(method, "Np.SearchSorted");
        if (a.Rank != 1) throw ShapeErrors.Error("Np.SearchSorted", "a must be 1-d", a.Type);
        if (side != "left" && side != "right") throw new System.ArgumentException($"Np.SearchSorted: side must be \"left\" or \"right\", got \"{side}\"", nameof(side));
        if (method != "scan" && method != "compare_all")
            throw new System.ArgumentException($"Np.SearchSorted: method must be \"scan\" or \"compare_all\", got \"{method}\"", nameof(method));
        if (sorter is not null) a = Take(a, sorter);
        var (dtype, _) = Promotion.ResultType(a, v);
        (a, v) = (Promotion.Coerce(a, dtype), Promotion.Coerce(v, dtype));
        return method == "scan" && a.Shape[0] > 0 ? BinarySearch(a, v, side == "left") : CompareAll(a, v, side == "left");
    }

    /// <summary>
    /// True where the element <paramref name="x"/> of the sorted array goes before the query <paramref name="q"/>: below
    /// it (left) or not above it (right), NaN counting as the largest value.
    /// </summary>
    private static NDArray GoesBefore(NDArray x, NDArray q, bool left)
    {
        var qNaN = Ops.Ne(q, q);
        return left
            ? Ops.BitwiseOr(Ops.Lt(x, q), Ops.BitwiseAnd(qNaN, Ops.Eq(Ops.Ne(x, x), Ops.Const(DType.Bool, 0))))
            : Ops.BitwiseOr(Ops.Le(x, q), qNaN);
    }

    /// <summary>The count of elements of <paramref name="a"/> that go before each query, by comparing every pair.</summary>
    private static NDArray CompareAll(NDArray a, NDArray v, bool left)
    {
        int n = a.Shape[0];
        // [..v.Shape, n] comparisons, summed over the last axis.
        var shape = v.Shape.ToArray().Append(n).ToArray();
        var av = Ops.BroadcastInDim(a, Shape.Own(shape), new IntTuple(v.Rank));
        var vv = Ops.BroadcastInDim(v, Shape.Own(shape), new IntTuple(Enumerable.Range(0, v.Rank).ToArray()));
        return Ops.ReduceSum(Ops.ConvertElementType(GoesBefore(av, vv, left), DType.Int32), new IntTuple(v.Rank));
    }

    /// <summary>
    /// The same count by bisection: [lo, hi) starts as [0, n) and halves ⌈log2(n+1)⌉ times, each step reading a[mid] for
    /// every query (a gather) and keeping the half where the answer lies; a step with lo = hi changes nothing.
    /// </summary>
    private static NDArray BinarySearch(NDArray a, NDArray v, bool left)
    {
        int n = a.Shape[0];
        var lo = Ops.Full(new ArrayType(v.Shape, DType.Int32), 0);
        var hi = Ops.Full(new ArrayType(v.Shape, DType.Int32), n);
        var one = Ops.Const(lo, 1);
        for (int width = n; width > 0; width >>= 1)
        {
            var mid = Ops.Div(Ops.Add(lo, hi), Ops.Const(lo, 2));
            var open = Ops.Lt(lo, hi);
            var probe = Gather(a, Ops.Min(mid, Ops.Const(mid, n - 1)), 0);
            var before = Ops.BitwiseAnd(open, GoesBefore(probe, v, left));
            var after = Ops.BitwiseAnd(open, Ops.Eq(before, Ops.Const(DType.Bool, 0)));
            lo = Ops.Select(before, Ops.Add(mid, one), lo);
            hi = Ops.Select(after, mid, hi);
        }
        return lo;
    }

    /// <summary>
    /// The indices that sort by several keys, the last key primary (<c>jnp.lexsort</c>): <paramref name="keys"/> of one
    /// shape, sorted along <paramref name="axis"/>; stable, NaN last; int32.
    /// </summary>
    public static NDArray Lexsort(NDArray[] keys, int axis = -1)
    {
        Guard.NoNulls(keys, "Np.Lexsort");
        if (keys.Length == 0) throw new System.ArgumentException("Np.Lexsort: needs at least one key", nameof(keys));
        int ax = Promotion.Axis("Np.Lexsort", axis, keys[0]);
        var operands = new NDArray[keys.Length + 1];
        for (int k = 0; k < keys.Length; k++) operands[k] = keys[keys.Length - 1 - k];
        operands[keys.Length] = Ops.Iota(DType.Int32, keys[0].Shape, ax);
        return Ops.Sort(operands, ax, keys.Length)[keys.Length];
    }

    /// <summary>
    /// <paramref name="a"/> rearranged along <paramref name="axis"/> so that the element at <paramref name="kth"/> is the
    /// one a full sort puts there, with no larger element before it and no smaller one after (<c>jnp.partition</c>).
    /// This implementation returns the fully sorted array, which is such an arrangement.
    /// </summary>
    public static NDArray Partition(NDArray a, int kth, int axis = -1)
    {
        Guard.NotNull(a, "Np.Partition");
        int ax = Promotion.Axis("Np.Partition", axis, a);
        CheckKth("Np.Partition", a, kth, ax);
        return Ops.Sort(new[] { a }, ax)[0];
    }

    /// <summary>The indices of <see cref="Partition"/>'s arrangement (<c>jnp.argpartition</c>): here those of a full stable sort.</summary>
    public static NDArray ArgPartition(NDArray a, int kth, int axis = -1)
    {
        Guard.NotNull(a, "Np.ArgPartition");
        int ax = Promotion.Axis("Np.ArgPartition", axis, a);
        CheckKth("Np.ArgPartition", a, kth, ax);
        return ArgSortAlong(a, ax, descending: false);
    }

    private static void CheckKth(string operation, NDArray a, int kth, int axis)
    {
        int n = a.Shape[axis];
        if (kth < -n || kth >= n) throw ShapeErrors.Error(operation, $"kth = {kth} is out of range for an axis of size {n}", a.Type);
    }

    /// <summary>
    /// The distinct values of <paramref name="ar"/> (flattened), ascending, padded to the static <paramref name="size"/>
    /// that tracing needs (<c>jnp.unique(ar, size=..., fill_value=...)</c>): the first size distinct values, then
    /// <paramref name="fillValue"/> (default: the smallest value, as JAX). NaNs count as distinct values, after every
    /// number.
    /// </summary>
    public static NDArray Unique(NDArray ar, int size, NDArray? fillValue = null)
    {
        Guard.NotNull(ar, "Np.Unique");
        if (size < 0) throw new System.ArgumentOutOfRangeException(nameof(size), $"Np.Unique: size must be non-negative, got {size}");
        var flat = ar.Rank == 1 ? ar : ar.Reshape(-1);
        int n = flat.Shape[0];
        if (n == 0 || size == 0)
        {
            if (size == 0) return Ops.Slice(flat, new[] { 0 }, new[] { 0 });
            if (fillValue is null) throw ShapeErrors.Error("Np.Unique", "an empty array needs a fill value to pad to size " + size, ar.Type);
            return Ops.BroadcastTo(Promotion.Coerce(fillValue, flat.DType), Shape.Own(new[] { size }));
        }
        var sorted = Ops.Sort(new[] { flat }, 0)[0];
        // An element repeats its predecessor when equal to it (NaN repeats NaN); the first is never a repeat.
        var previous = Ops.Concatenate(new[] { Ops.Slice(sorted, new[] { 0 }, new[] { 1 }), Ops.Slice(sorted, new[] { 0 }, new[] { n - 1 }) }, 0);
        var bothNaN = Ops.BitwiseAnd(Ops.Ne(sorted, sorted), Ops.Ne(previous, previous));
        var repeat = Ops.BitwiseOr(Ops.Eq(sorted, previous), bothNaN);
        var first = Ops.Ne(Ops.Iota(DType.Int32, sorted.Shape, 0), Ops.Const(DType.Int32, 0));
        repeat = Ops.BitwiseAnd(repeat, first);
        // Distinct values first (stable: in ascending order), repeats after.
        var compact = Ops.Sort(new[] { Ops.ConvertElementType(repeat, DType.Int32), sorted }, 0)[1];
        var count = Ops.ReduceSum(Ops.ConvertElementType(Ops.Eq(repeat, Ops.Const(DType.Bool, 0)), DType.Int32), new IntTuple(0));
        var taken = size <= n
            ? Ops.Slice(compact, new[] { 0 }, new[] { size })
            : Ops.Concatenate(new[] { compact, Ops.BroadcastTo(Ops.Slice(compact, new[] { 0 }, new[] { 1 }), Shape.Own(new[] { size - n })) }, 0);
        var fill = fillValue is null ? Ops.Slice(sorted, new[] { 0 }, new[] { 1 }).Reshape(System.Array.Empty<int>()) : Promotion.Coerce(fillValue, flat.DType);
        var keep = Ops.Lt(Ops.Iota(DType.Int32, taken.Shape, 0), Ops.BroadcastTo(count, taken.Shape));
        return Ops.Select(keep, taken, Ops.BroadcastTo(fill, taken.Shape));
    }
}
