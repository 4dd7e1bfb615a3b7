using System;
using System.Collections.Generic;

namespace Functional.AD;

/// <summary>How advanced (array) indices treat values outside their axis, after negative ones are wrapped once.</summary>
internal enum ArrayIndexPolicy
{
    /// <summary>Left to the gather, which clamps them (JAX's promise_in_bounds / clip reads).</summary>
    GatherClamps,

    /// <summary>The operand has one extra slot at the end of every axis; out-of-range indices point there.</summary>
    ToPadSlot,

    /// <summary>The operand has the extra slot, which clamping keeps out of reach: indices are clamped to [0, n-1].</summary>
    ClampLogical,
}

/// <summary>
/// Lowers a numpy index (<see cref="Ix"/> items) to primitives: one strided <c>slice</c>, reversals (a gather with
/// constant indices) for negative steps, one <c>reshape</c> for dropped and new axes, and one <c>gather</c> for the
/// advanced (array) items, placed as numpy does: where the first of them was when they are adjacent, in front otherwise.
/// </summary>
internal static class NumpyIndexing
{
    private enum Kind : byte { Int, Slice, NewAxis, Array }

    private struct Entry
    {
        public Kind Kind;
        public int Axis, Index, Start, Count, Step;
        public NDArray? Array;
    }

    /// <summary>The text of an index, for messages: <c>NDArray[1, ..., None]</c>.</summary>
    internal static string Describe(Ix[] items) => $"NDArray[{string.Join(", ", items)}]";

    /// <summary>
    /// Indexes <paramref name="x"/>, whose first axes may carry one extra (pad) slot beyond <paramref name="logical"/>
    /// (<see cref="ArrayIndexPolicy.ToPadSlot"/>, <see cref="ArrayIndexPolicy.ClampLogical"/>); bounds, messages and
    /// slices use the logical shape.
    /// </summary>
    internal static NDArray Apply(string op, NDArray x, ArrayType logical, Ix[] items, ArrayIndexPolicy policy)
    {
        var entries = Expand(op, logical, items, out bool advanced, out bool adjacent);
        int rank = logical.Rank;
        // 1. one strided slice over every axis, reversals for negative steps
        var starts = new int[rank];
        var limits = x.Shape.ToArray();
        var strides = new int[rank];
        strides.AsSpan().Fill(1);
        List<int>? flips = null;
        bool sliced = false;
        foreach (var e in entries)
        {
            int a = e.Axis;
            switch (e.Kind)
            {
                case Kind.Int:
                    starts[a] = e.Index;
                    limits[a] = e.Index + 1;
                    sliced = true;
                    break;
                case Kind.Slice:
                    if (e.Count == 0) { starts[a] = 0; limits[a] = 0; }
                    else if (e.Step > 0) { starts[a] = e.Start; limits[a] = e.Start + (e.Count - 1) * e.Step + 1; strides[a] = e.Step; }
                    else
                    {
                        int last = e.Start + (e.Count - 1) * e.Step;
                        starts[a] = last;
                        limits[a] = e.Start + 1;
                        strides[a] = -e.Step;
                        if (e.Count > 1) (flips ??= new()).Add(a);
                    }
                    sliced |= starts[a] != 0 || limits[a] != x.Shape[a] || strides[a] != 1;
                    break;
            }
        }
        var y = sliced ? Ops.Slice(x, new IntTuple(starts), new IntTuple(limits), new IntTuple(strides)) : x;
        if (flips is not null) y = Np.Flip(y, flips.ToArray());
        // 2. drop integer axes, insert new ones
        var dims = new List<int>(entries.Count);
        var advancedAxes = new List<int>();
        var arrays = new List<(NDArray Index, int Size)>();
        foreach (var e in entries)
        {
            switch (e.Kind)
            {
                case Kind.NewAxis: dims.Add(1); break;
                case Kind.Slice: dims.Add(y.Shape[e.Axis]); break;
                case Kind.Array:
                    advancedAxes.Add(dims.Count);
                    arrays.Add((e.Array!, logical.Shape[e.Axis]));
                    dims.Add(y.Shape[e.Axis]);
                    break;
            }
        }
        var shape = new Shape(dims.ToArray());
        if (shape != y.Shape) y = Ops.Reshape(y, shape);
        if (!advanced) return y;
        return GatherAdvanced(op, y, advancedAxes, arrays, adjacent, policy, logical);
    }

    /// <summary>Expands the ellipsis, adds trailing whole slices, normalises ints and slices, turns masks into index arrays.</summary>
    private static List<Entry> Expand(string op, ArrayType logical, Ix[] items, out bool advanced, out bool adjacent)
    {
        int rank = logical.Rank, consumed = 0, ellipses = 0;
        advanced = false;
        foreach (var it in items)
        {
            switch (it.Kind)
            {
                case Ix.Kinds.Int or Ix.Kinds.Slice: consumed++; break;
                case Ix.Kinds.Ellipsis: ellipses++; break;
                case Ix.Kinds.Array:
                    advanced = true;
                    consumed += it.ArrayValue!.DType == DType.Bool ? Math.Max(1, it.ArrayValue.Rank) : 1;
                    break;
            }
        }
        if (ellipses > 1) throw ShapeErrors.Error(op, "an index can only have a single ellipsis ('...')", logical);
        if (consumed > rank)
            throw ShapeErrors.Error(op, $"too many indices: the array is {rank}-dimensional, but {consumed} were indexed", logical);
        var entries = new List<Entry>(items.Length + rank);
        int axis = 0, firstAdvanced = -1, lastAdvanced = -1, advancedCount = 0;
        foreach (var it in items)
        {
            switch (it.Kind)
            {
                case Ix.Kinds.Ellipsis:
                    for (int k = consumed; k < rank; k++) entries.Add(WholeAxis(axis++, logical.Shape[axis - 1]));
                    break;
                case Ix.Kinds.NewAxis:
                    entries.Add(new Entry { Kind = Kind.NewAxis, Axis = -1 });
                    break;
                case Ix.Kinds.Int:
                {
                    int n = logical.Shape[axis];
                    int i = it.Value < 0 ? it.Value + n : it.Value;
                    if (it.FromEnd || i < 0 || i >= n)
                        throw ShapeErrors.Error(op, $"index {it} is out of bounds for axis {axis} with size {n}", logical);
                    if (advanced)
                    {
                        Note(entries.Count, ref firstAdvanced, ref lastAdvanced, ref advancedCount);
                        entries.Add(new Entry { Kind = Kind.Array, Axis = axis++, Array = ConcreteArray.Scalar(i, DType.Int32) });
                    }
                    else entries.Add(new Entry { Kind = Kind.Int, Axis = axis++, Index = i });
                    break;
                }
                case Ix.Kinds.Slice:
                    entries.Add(SliceEntry(it, axis, logical.Shape[axis]));
                    axis++;
                    break;
                case Ix.Kinds.Array:
                {
                    var arr = it.ArrayValue!;
                    if (arr.DType == DType.Bool)
                    {
                        foreach (var ix in MaskIndices(op, arr, logical, axis))
                        {
                            Note(entries.Count, ref firstAdvanced, ref lastAdvanced, ref advancedCount);
                            entries.Add(new Entry { Kind = Kind.Array, Axis = axis++, Array = ix });
                        }
                        break;
                    }
                    if (arr.DType != DType.Int32)
                        throw ShapeErrors.Error(op, $"index arrays must be i32 (or a bool mask), got {arr.Type}", logical);
                    Note(entries.Count, ref firstAdvanced, ref lastAdvanced, ref advancedCount);
                    entries.Add(new Entry { Kind = Kind.Array, Axis = axis++, Array = arr });
                    break;
                }
            }
        }
        while (axis < rank) { entries.Add(WholeAxis(axis, logical.Shape[axis])); axis++; }
        adjacent = advancedCount > 0 && lastAdvanced - firstAdvanced + 1 == advancedCount;
        return entries;
    }

    private static void Note(int position, ref int first, ref int last, ref int count)
    {
        if (first < 0) first = position;
        last = position;
        count++;
    }

    private static Entry WholeAxis(int axis, int n) => new() { Kind = Kind.Slice, Axis = axis, Start = 0, Count = n, Step = 1 };

    /// <summary>numpy's slice normalisation: defaults by the step's direction, negative bounds from the end, clamping.</summary>
    private static Entry SliceEntry(Ix it, int axis, int n)
    {
        int? startBound = it.Start, stopBound = it.Stop;
        int step = it.Step;
        if (it.RangeValue is { } r)
        {
            startBound = r.Start.IsFromEnd ? -r.Start.Value : r.Start.Value;
            stopBound = r.End.IsFromEnd ? (r.End.Value == 0 ? null : -r.End.Value) : r.End.Value;
            if (r.Start.IsFromEnd && r.Start.Value == 0) startBound = n;
            step = 1;
        }
        int start, stop;
        if (step > 0)
        {
            start = startBound is { } s ? Math.Clamp(s < 0 ? s + n : s, 0, n) : 0;
            stop = stopBound is { } t ? Math.Clamp(t < 0 ? t + n : t, 0, n) : n;
        }
        else
        {
            start = startBound is { } s ? Math.Clamp(s < 0 ? s + n : s, -1, n - 1) : n - 1;
            stop = stopBound is { } t ? Math.Clamp(t < 0 ? t + n : t, -1, n - 1) : -1;
        }
        int count = step > 0 ? Math.Max(0, (stop - start + step - 1) / step) : Math.Max(0, (start - stop - step - 1) / -step);
        return new Entry { Kind = Kind.Slice, Axis = axis, Start = start, Count = count, Step = step };
    }

    /// <summary>The index arrays of a concrete bool mask over the axes from <paramref name="axis"/> (numpy's nonzero).</summary>
    private static NDArray[] MaskIndices(string op, NDArray mask, ArrayType logical, int axis)
    {
        if (mask.Rank == 0) throw ShapeErrors.Error(op, "a 0-d bool index is not supported", logical, mask.Type);
        if (mask is not ConcreteArray c)
            throw new ConcretizationException(
                $"{op}: a boolean mask index must be concrete, got a traced {mask.Type}: the result's shape would depend on its values. " +
                "Use Np.Where(mask, x, other) (or multiply by the mask) to keep the shape static.");
        for (int k = 0; k < mask.Rank; k++)
            if (mask.Shape[k] != logical.Shape[axis + k])
                throw ShapeErrors.Error(op, $"the bool mask does not match the indexed axes {axis}..{axis + mask.Rank - 1}", logical, mask.Type);
        var values = c.Span<bool>();
        int count = 0;
        foreach (var v in values) count += v ? 1 : 0;
        var result = new int[mask.Rank][];
        for (int k = 0; k < result.Length; k++) result[k] = new int[count];
        var position = new int[mask.Rank];
        for (int i = 0, found = 0; i < values.Length; i++)
        {
            if (values[i])
            {
                for (int k = 0; k < position.Length; k++) result[k][found] = position[k];
                found++;
            }
            for (int k = position.Length - 1; k >= 0; k--)
            {
                if (++position[k] < mask.Shape[k]) break;
                position[k] = 0;
            }
        }
        GC.KeepAlive(c);
        var arrays = new NDArray[result.Length];
        for (int k = 0; k < arrays.Length; k++) arrays[k] = ConcreteArray.Own(result[k], new Shape(count));
        return arrays;
    }

    /// <summary>One gather over the advanced axes of <paramref name="y"/>, with the index arrays broadcast together.</summary>
    private static NDArray GatherAdvanced(string op, NDArray y, List<int> axes, List<(NDArray Index, int Size)> arrays, bool adjacent,
        ArrayIndexPolicy policy, ArrayType logical)
    {
        var batch = arrays[0].Index.Shape;
        for (int k = 1; k < arrays.Count; k++)
            batch = Promotion.BroadcastShapes(op, batch, arrays[k].Index.Shape, arrays[0].Index.Type, arrays[k].Index.Type);
        int bRank = batch.Rank, k0 = axes.Count;
        var columns = new NDArray[k0];
        for (int k = 0; k < k0; k++)
        {
            var (idx, n) = arrays[k];
            if (y.Shape[axes[k]] == 0 && batch.Size > 0)
                throw ShapeErrors.Error(op, $"cannot index the empty axis {axes[k]}", logical);
            idx = Normalize(idx, n, policy);
            columns[k] = Ops.ExpandDims(Ops.BroadcastTo(idx, batch), new IntTuple(bRank));
        }
        var indices = k0 == 1 ? columns[0] : Ops.Concatenate(columns, bRank);
        int r = y.Rank, outRank = bRank + r - k0;
        int place = adjacent ? axes[0] : 0;
        var sizes = y.Shape.ToArray();
        var collapsed = new int[k0];
        for (int k = 0; k < k0; k++) { sizes[axes[k]] = 1; collapsed[k] = axes[k]; }
        var offsets = new int[r - k0];
        for (int i = 0, o = 0; i < outRank; i++)
            if (i < place || i >= place + bRank) offsets[o++] = i;
        if (batch.Size == 0 || HasEmptyWindow(y, axes))
        {
            var outDims = new int[outRank];
            for (int i = 0, w = 0, b = 0; i < outRank; i++)
            {
                if (i >= place && i < place + bRank) { outDims[i] = batch[b++]; continue; }
                while (axes.Contains(w)) w++;
                outDims[i] = y.Shape[w++];
            }
            return Ops.Zeros(new ArrayType(new Shape(outDims), y.DType) with { Weak = y.Type.Weak });
        }
        var dn = new GatherDimensionNumbers(new IntTuple(offsets), new IntTuple(collapsed), new IntTuple(collapsed), IntTuple.Empty, IntTuple.Empty);
        return Ops.Gather(y, indices, dn, new IntTuple(sizes));
    }

    private static bool HasEmptyWindow(NDArray y, List<int> axes)
    {
        for (int i = 0; i < y.Rank; i++)
            if (y.Shape[i] == 0 && !axes.Contains(i)) return true;
        return false;
    }

    /// <summary>Wraps negative indices once, then applies <paramref name="policy"/> to what is still out of range.</summary>
    private static NDArray Normalize(NDArray idx, int n, ArrayIndexPolicy policy)
    {
        var zero = Ops.Const(idx, 0);
        var size = Ops.Const(idx, n);
        var wrapped = Ops.Select(Ops.Lt(idx, zero), Ops.Add(idx, size), idx);
        return policy switch
        {
            ArrayIndexPolicy.ToPadSlot => Ops.Select(Ops.Lt(wrapped, zero), Ops.BroadcastTo(size, wrapped.Shape),
                Ops.Select(Ops.Ge(wrapped, size), Ops.BroadcastTo(size, wrapped.Shape), wrapped)),
            ArrayIndexPolicy.ClampLogical => Ops.Max(Ops.Min(wrapped, Ops.Const(idx, n - 1)), zero),
            _ => wrapped,
        };
    }
}
