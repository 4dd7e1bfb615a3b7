using System;
using System.Collections.Generic;

namespace Functional.AD;

public static partial class Np
{
    /// <summary>The same elements in a new shape; one entry may be -1 (inferred).</summary>
    public static NDArray Reshape(NDArray x, int[] shape)
    {
        Guard.NotNull(x, "Np.Reshape");
        Guard.NotNull(shape, "Np.Reshape");
        var dims = (int[])shape.Clone();
        int infer = -1;
        long known = 1;   // may exceed int when x is empty: [65536, 65536, -1] of 0 elements is [65536, 65536, 0]
        for (int i = 0; i < dims.Length; i++)
        {
            if (dims[i] == -1)
            {
                if (infer >= 0) throw new ArgumentException($"Np.Reshape: only one axis may be -1, got [{string.Join(",", shape)}]");
                infer = i;
            }
            else if (dims[i] < 0) throw new ArgumentException($"Np.Reshape: invalid axis size {dims[i]} in [{string.Join(",", shape)}]");
            else known = Math.Min(known * dims[i], (long)int.MaxValue + 1);
        }
        if (infer >= 0)
        {
            if (known == 0 || x.Size % known != 0)
                throw new ArgumentException($"Np.Reshape: cannot reshape {x.Type} to [{string.Join(",", shape)}]");
            dims[infer] = (int)(x.Size / known);
        }
        if (!ShapeSize.Fits(dims))
            throw new ArgumentException($"Np.Reshape: cannot reshape {x.Type} to [{string.Join(",", shape)}]: sizes {x.Size} and {ShapeSize.ExactCount(dims)} differ");
        var target = Shape.Own(dims);
        if (target.Size != x.Size)
            throw new ArgumentException($"Np.Reshape: cannot reshape {x.Type} to {target}: sizes {x.Size} and {target.Size} differ");
        return Ops.Reshape(x, target);
    }

    /// <summary>Permutes the axes (reverses them when <paramref name="axes"/> is null); negative axes count from the end.</summary>
    public static NDArray Transpose(NDArray x, int[]? axes = null)
    {
        Guard.NotNull(x, "Np.Transpose");
        int rank = x.Rank;
        var perm = new int[rank];
        if (axes is null)
        {
            for (int i = 0; i < rank; i++) perm[i] = rank - 1 - i;
        }
        else
        {
            if (axes.Length != rank)
                throw new ArgumentException($"Np.Transpose: axes [{string.Join(",", axes)}] must list each of the {rank} axes of {x.Type} once");
            var seen = new bool[rank];
            for (int i = 0; i < rank; i++)
            {
                int a = axes[i] < 0 ? axes[i] + rank : axes[i];
                if (a < 0 || a >= rank || seen[a])
                    throw new ArgumentException($"Np.Transpose: axes [{string.Join(",", axes)}] must list each of the {rank} axes of {x.Type} once");
                seen[a] = true;
                perm[i] = a;
            }
        }
        for (int i = 0; i < rank; i++)
            if (perm[i] != i) return Ops.Transpose(x, new IntTuple(perm));
        return x;
    }

    /// <summary>Inserts a size-1 axis at <paramref name="axis"/> (-1 appends).</summary>
    public static NDArray ExpandDims(NDArray x, int axis)
    {
        Guard.NotNull(x, "Np.ExpandDims");
        int a = ShapeErrors.Axis("Np.ExpandDims", axis, x.Rank + 1, x.Type);
        return Ops.ExpandDims(x, new IntTuple(a));
    }

    /// <summary>Removes one size-1 axis, or all of them when <paramref name="axis"/> is null.</summary>
    public static NDArray Squeeze(NDArray x, int? axis = null)
    {
        Guard.NotNull(x, "Np.Squeeze");
        if (axis is int ax)
        {
            int a = Promotion.Axis("Np.Squeeze", ax, x);
            if (x.Shape[a] != 1) throw new ArgumentException($"Np.Squeeze: axis {ax} of {x.Type} has size {x.Shape[a]}, not 1");
            return Ops.Squeeze(x, new IntTuple(a));
        }
        var ones = new List<int>();
        for (int i = 0; i < x.Rank; i++) if (x.Shape[i] == 1) ones.Add(i);
        return Ops.Squeeze(x, new IntTuple(ones.ToArray()));
    }

    /// <summary>Broadcasts to <paramref name="shape"/> by numpy's rules.</summary>
    public static NDArray BroadcastTo(NDArray x, int[] shape)
    {
        Guard.NotNull(x, "Np.BroadcastTo");
        Guard.NotNull(shape, "Np.BroadcastTo");
        var target = CheckedShape("Np.BroadcastTo", shape, x.Type);
        var result = Promotion.BroadcastShapes("Np.BroadcastTo", x.Shape, target, x.Type, new ArrayType(target, x.DType));
        if (result != target)
            throw new ArgumentException($"Np.BroadcastTo: cannot broadcast {x.Type} to shape {target}");
        return Ops.BroadcastTo(x, target);
    }

    /// <summary>Joins arrays along an existing axis (dtypes promoted).</summary>
    public static NDArray Concatenate(NDArray[] arrays, int axis = 0)
    {
        Guard.NoNulls(arrays, "Np.Concatenate");
        if (arrays.Length == 0) throw new ArgumentException("Np.Concatenate: needs at least one array");
        var first = arrays[0];
        if (first.Rank == 0) throw new ArgumentException($"Np.Concatenate: 0-d arrays cannot be concatenated, got {first.Type}");
        int a = Promotion.Axis("Np.Concatenate", axis, first);
        foreach (var x in arrays)
        {
            bool ok = x.Rank == first.Rank;
            for (int i = 0; ok && i < x.Rank; i++) ok = i == a || x.Shape[i] == first.Shape[i];
            if (!ok)
                throw new ArgumentException($"Np.Concatenate: {x.Type} does not match {first.Type} on every axis but {axis}");
        }
        ConcatenatePrimitive.CheckSize("Np.Concatenate", System.Array.ConvertAll(arrays, x => x.Type), a);
        return Ops.Concatenate(Promotion.Common(arrays), a);
    }

    /// <summary>Joins equal-shape arrays along a new axis.</summary>
    public static NDArray Stack(NDArray[] arrays, int axis = 0)
    {
        Guard.NoNulls(arrays, "Np.Stack");
        if (arrays.Length == 0) throw new ArgumentException("Np.Stack: needs at least one array");
        var first = arrays[0];
        int a = ShapeErrors.Axis("Np.Stack", axis, first.Rank + 1, first.Type);
        foreach (var x in arrays)
            if (x.Shape != first.Shape)
                throw new ArgumentException($"Np.Stack: all arrays must have the same shape, got {first.Type} and {x.Type}");
        var stacked = new int[first.Rank + 1];
        for (int i = 0, j = 0; i < stacked.Length; i++) stacked[i] = i == a ? arrays.Length : first.Shape[j++];
        ShapeSize.Check("Np.Stack", stacked, first.Type);
        var common = Promotion.Common(arrays);
        var expanded = new NDArray[common.Length];
        for (int i = 0; i < common.Length; i++) expanded[i] = Ops.ExpandDims(common[i], new IntTuple(a));
        return Ops.Concatenate(expanded, a);
    }

    /// <summary>
    /// Elements of <paramref name="x"/> at integer <paramref name="indices"/> along an axis (jax.numpy.take): the
    /// result has shape x.shape[:axis] + indices.shape + x.shape[axis+1:]. Out-of-range indices follow
    /// <paramref name="mode"/>, identically in eager and jitted code; by default (JAX's "fill") negative indices
    /// count from the end and indices outside [-n, n) give <paramref name="fillValue"/> (NaN for floats).
    /// Differentiable in x (<c>gather</c>); filled elements pass no gradient.
    /// </summary>
    /// <param name="x">The array to read from.</param>
    /// <param name="indices">i32 indices along <paramref name="axis"/>, of any shape.</param>
    /// <param name="axis">The axis to index (negative counts from the end).</param>
    /// <param name="mode">What an out-of-range index does (see <see cref="IndexingMode"/>).</param>
    /// <param name="fillValue">The value of out-of-range elements in <see cref="IndexingMode.Fill"/> mode; by default NaN
    /// for floats, the smallest int for i32, true for bool (as JAX).</param>
    public static NDArray Take(NDArray x, NDArray indices, int axis = 0, IndexingMode mode = IndexingMode.Fill, double? fillValue = null)
    {
        Guard.NotNull(x, "Np.Take");
        Guard.NotNull(indices, "Np.Take");
        int a = Promotion.Axis("Np.Take", axis, x);
        ShapeSize.Check("Np.Take", TakeDims(x.Shape, indices.Shape, a), x.Type, indices.Type);
        if (!indices.DType.IsInteger())
            throw new ArgumentException($"Np.Take: indices must be integers, got {indices.Type}");
        // Gathers index with i32 (an i64 index beyond the i32 range addresses nothing an array here can hold).
        indices = Promotion.Coerce(indices, DType.Int32);
        if (mode is not (IndexingMode.Fill or IndexingMode.Clip or IndexingMode.PromiseInBounds))
            throw new ArgumentOutOfRangeException(nameof(mode), mode, $"Np.Take: unknown mode {mode}");
        int n = x.Shape[a];
        var outShape = new Shape([.. x.Shape.ToArray()[..a], .. indices.Shape.ToArray(), .. x.Shape.ToArray()[(a + 1)..]]);
        double fill = fillValue ?? DefaultFill(x.DType);
        if (n == 0)
        {
            if (mode != IndexingMode.Fill && indices.Size > 0)
                throw new ArgumentException($"Np.Take: cannot index the empty axis {axis} of {x.Type} in {mode} mode");
            return Ops.Full(new ArrayType(outShape, x.DType), fill);   // nothing to read: every index is out of range
        }
        if (mode == IndexingMode.Clip) return Gather(x, indices, a);   // the gather clamps
        var wrapped = Ops.Select(Ops.Lt(indices, Ops.Const(indices, 0)), Ops.Add(indices, Ops.Const(indices, n)), indices);
        if (mode == IndexingMode.PromiseInBounds || AllWithin(indices, n)) return Gather(x, wrapped, a);
        // Fill: read a safe index, then replace the elements of out-of-range indices.
        var inRange = Ops.Select(Ops.Ge(wrapped, Ops.Const(wrapped, 0)), Ops.Lt(wrapped, Ops.Const(wrapped, n)), Ops.Full(new ArrayType(indices.Shape, DType.Bool), 0));
        var safe = Ops.Select(inRange, wrapped, Ops.ZerosLike(wrapped));
        var dims = new int[indices.Rank];
        for (int i = 0; i < dims.Length; i++) dims[i] = a + i;
        var mask = Ops.BroadcastInDim(inRange, outShape, new IntTuple(dims));
        return Ops.Select(mask, Gather(x, safe, a), Ops.Full(new ArrayType(outShape, x.DType), fill));
    }

    /// <summary>JAX's fill for out-of-range reads: NaN for floats, the smallest value of signed ints, the largest of unsigned ones, true for bool.</summary>
    private static double DefaultFill(DType dtype) => dtype switch
    {
        DType.Int32 => int.MinValue,
        DType.Int64 => long.MinValue,
        DType.UInt8 => byte.MaxValue,
        DType.UInt32 => uint.MaxValue,
        DType.Bool => 1,
        _ => double.NaN,
    };

    /// <summary>Whether concrete <paramref name="indices"/> all lie in [-n, n) (false for traced ones, which are checked at run time).</summary>
    private static bool AllWithin(NDArray indices, int n)
    {
        if (indices is not ConcreteArray c) return false;
        bool within = true;
        foreach (int v in c.Span<int>()) within &= v >= -n && v < n;
        GC.KeepAlive(c);   // the span reads c's pooled buffer
        return within;
    }

    /// <summary><c>gather</c> of slices of <paramref name="x"/> at <paramref name="indices"/> along axis <paramref name="a"/> (clamped into range).</summary>
    private static NDArray Gather(NDArray x, NDArray indices, int a)
    {
        int ir = indices.Rank;
        var idx = Ops.ExpandDims(indices, new IntTuple(ir));
        var offsetDims = new List<int>();
        for (int i = 0; i < a; i++) offsetDims.Add(i);
        for (int i = a + 1; i < x.Rank; i++) offsetDims.Add(i - 1 + ir);
        var sizes = x.Shape.ToArray();
        sizes[a] = 1;
        var dn = new GatherDimensionNumbers(new IntTuple(offsetDims.ToArray()), new IntTuple(a), new IntTuple(a), IntTuple.Empty, IntTuple.Empty);
        return Ops.Gather(x, idx, dn, new IntTuple(sizes));
    }

    /// <summary>The result dimensions of <see cref="Take"/>: x's axes before <paramref name="axis"/>, the indices' axes, x's axes after it.</summary>
    private static int[] TakeDims(Shape x, Shape indices, int axis)
    {
        var dims = new int[x.Rank - 1 + indices.Rank];
        x.Dims[..axis].CopyTo(dims);
        indices.Dims.CopyTo(dims.AsSpan(axis));
        x.Dims[(axis + 1)..].CopyTo(dims.AsSpan(axis + indices.Rank));
        return dims;
    }
}
