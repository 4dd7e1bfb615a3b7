using System;

namespace Functional.AD;

/// <summary>Static slicing and indexing along any axes (<c>jax.lax.slice</c>, <c>slice_in_dim</c>, <c>index_in_dim</c>, <c>squeeze</c>).</summary>
public static partial class Lax
{
    /// <summary>
    /// The box of <paramref name="operand"/> from <paramref name="startIndices"/> (inclusive) to
    /// <paramref name="limitIndices"/> (exclusive) on every axis, taking every <paramref name="strides"/>-th element
    /// (all 1 when null), as <c>jax.lax.slice</c>. Indices are not negative and not clamped: out-of-range ones are an error.
    /// </summary>
    /// <exception cref="ArgumentException">The index lists do not have one entry per axis, or do not fit the shape.</exception>
    public static NDArray Slice(NDArray operand, int[] startIndices, int[] limitIndices, int[]? strides = null)
    {
        Guard.NotNull(operand, "Lax.Slice");
        Guard.NotNull(startIndices, "Lax.Slice");
        Guard.NotNull(limitIndices, "Lax.Slice");
        if (startIndices.Length != operand.Rank || limitIndices.Length != operand.Rank || (strides is not null && strides.Length != operand.Rank))
            throw ShapeErrors.Error("Lax.Slice",
                $"startIndices ({startIndices.Length}), limitIndices ({limitIndices.Length}){(strides is null ? "" : $" and strides ({strides.Length})")} need one entry per axis",
                operand.Type);
        for (int i = 0; i < operand.Rank; i++)
        {
            int start = startIndices[i], limit = limitIndices[i], stride = strides?[i] ?? 1;
            if (start < 0 || limit > operand.Shape[i] || start > limit || stride < 1)
                throw ShapeErrors.Error("Lax.Slice", $"axis {i}: start {start}, limit {limit}, stride {stride} do not fit size {operand.Shape[i]}", operand.Type);
        }
        return Ops.Slice(operand, new IntTuple(startIndices), new IntTuple(limitIndices), strides is null ? (IntTuple?)null : new IntTuple(strides));
    }

    /// <summary>
    /// Elements <paramref name="startIndex"/> to <paramref name="limitIndex"/> (exclusive) with step <paramref name="stride"/>
    /// along <paramref name="axis"/>, the other axes whole (<c>jax.lax.slice_in_dim</c>). Null bounds mean the axis's ends;
    /// negative bounds and axes count from the end.
    /// </summary>
    /// <exception cref="ArgumentException">The axis or the bounds are out of range, or the stride is not positive.</exception>
    public static NDArray SliceInDim(NDArray operand, int? startIndex, int? limitIndex, int stride = 1, int axis = 0)
    {
        Guard.NotNull(operand, "Lax.SliceInDim");
        int a = Promotion.Axis("Lax.SliceInDim", axis, operand);
        int n = operand.Shape[a];
        int start = startIndex is { } s ? (s < 0 ? s + n : s) : 0;
        int limit = limitIndex is { } l ? (l < 0 ? l + n : l) : n;
        if (start < 0 || limit > n || start > limit || stride < 1)
            throw ShapeErrors.Error("Lax.SliceInDim",
                $"axis {axis}: start {startIndex?.ToString() ?? "None"}, limit {limitIndex?.ToString() ?? "None"}, stride {stride} do not fit size {n}",
                operand.Type);
        var starts = new int[operand.Rank];
        var limits = operand.Shape.ToArray();
        starts[a] = start;
        limits[a] = limit;
        int[]? strides = null;
        if (stride != 1)
        {
            strides = new int[operand.Rank];
            strides.AsSpan().Fill(1);
            strides[a] = stride;
        }
        return Ops.Slice(operand, new IntTuple(starts), new IntTuple(limits), strides is null ? (IntTuple?)null : new IntTuple(strides));
    }

    /// <summary>
    /// Element <paramref name="index"/> along <paramref name="axis"/> (negative counts from the end), keeping that axis with
    /// size 1 when <paramref name="keepDims"/> (JAX's default) or dropping it (<c>jax.lax.index_in_dim</c>).
    /// </summary>
    /// <exception cref="ArgumentException">The axis or the index is out of range.</exception>
    public static NDArray IndexInDim(NDArray operand, int index, int axis = 0, bool keepDims = true)
    {
        Guard.NotNull(operand, "Lax.IndexInDim");
        int a = Promotion.Axis("Lax.IndexInDim", axis, operand);
        int n = operand.Shape[a];
        int i = index < 0 ? index + n : index;
        if (i < 0 || i >= n)
            throw ShapeErrors.Error("Lax.IndexInDim", $"index {index} is out of range for axis {axis} of size {n}", operand.Type);
        var sliced = Ops.SliceAxis(operand, a, i, i + 1);
        return keepDims ? sliced : Ops.Squeeze(sliced, new IntTuple(a));
    }

    /// <summary>Removes the size-1 axes <paramref name="dimensions"/> (negative counts from the end), as <c>jax.lax.squeeze</c>.</summary>
    /// <exception cref="ArgumentException">An axis is out of range, repeated, or not of size 1.</exception>
    public static NDArray Squeeze(NDArray array, params int[] dimensions)
    {
        Guard.NotNull(array, "Lax.Squeeze");
        Guard.NotNull(dimensions, "Lax.Squeeze");
        var axes = new int[dimensions.Length];
        for (int k = 0; k < axes.Length; k++)
        {
            axes[k] = Promotion.Axis("Lax.Squeeze", dimensions[k], array);
            if (Array.IndexOf(axes, axes[k], 0, k) >= 0)
                throw ShapeErrors.Error("Lax.Squeeze", $"axis {dimensions[k]} is repeated", array.Type);
            if (array.Shape[axes[k]] != 1)
                throw ShapeErrors.Error("Lax.Squeeze", $"axis {dimensions[k]} has size {array.Shape[axes[k]]}, not 1", array.Type);
        }
        Array.Sort(axes);
        return Ops.Squeeze(array, new IntTuple(axes));
    }
}
