using System;

namespace Functional.AD;

/// <summary>Slicing at traced start positions (<c>jax.lax.dynamic_slice</c>, <c>dynamic_update_slice</c> and their one-axis forms).</summary>
public static partial class Lax
{
    /// <summary>
    /// The box of shape <paramref name="sliceSizes"/> of <paramref name="operand"/> starting at <paramref name="startIndices"/>
    /// (one i32 scalar per axis, concrete or traced), as <c>jax.lax.dynamic_slice</c>. A negative start counts from the end
    /// once; then each start is clamped so the box fits (XLA's rule), so this never fails at run time.
    /// </summary>
    /// <exception cref="ArgumentException">Not one start and one size per axis, a start that is not an integer scalar, or a size that does not fit.</exception>
    public static NDArray DynamicSlice(NDArray operand, NDArray[] startIndices, int[] sliceSizes)
    {
        Guard.NotNull(operand, "Lax.DynamicSlice");
        Guard.NoNulls(startIndices, "Lax.DynamicSlice");
        Guard.NotNull(sliceSizes, "Lax.DynamicSlice");
        var starts = StartVector("Lax.DynamicSlice", operand, startIndices);
        if (sliceSizes.Length != operand.Rank)
            throw ShapeErrors.Error("Lax.DynamicSlice", $"sliceSizes has {sliceSizes.Length} entries for a rank-{operand.Rank} operand", operand.Type);
        for (int i = 0; i < sliceSizes.Length; i++)
            if (sliceSizes[i] < 0 || sliceSizes[i] > operand.Shape[i])
                throw ShapeErrors.Error("Lax.DynamicSlice", $"slice size {sliceSizes[i]} does not fit axis {i} of size {operand.Shape[i]}", operand.Type);
        if (operand.Rank == 0) return operand;
        var axes = new int[operand.Rank];
        for (int i = 0; i < axes.Length; i++) axes[i] = i;
        var dn = new GatherDimensionNumbers(new IntTuple(axes), IntTuple.Empty, new IntTuple(axes), IntTuple.Empty, IntTuple.Empty);
        return Ops.Gather(operand, starts, dn, new IntTuple(sliceSizes));
    }

    /// <summary>
    /// <paramref name="operand"/> with the box at <paramref name="startIndices"/> replaced by <paramref name="update"/>, as
    /// <c>jax.lax.dynamic_update_slice</c> (a new array; the operand is not modified). Starts wrap once if negative, then are
    /// clamped so the update fits. The update takes the operand's dtype.
    /// </summary>
    /// <exception cref="ArgumentException">Ranks differ, the update is larger than the operand, or the starts are not one integer scalar per axis.</exception>
    public static NDArray DynamicUpdateSlice(NDArray operand, NDArray update, NDArray[] startIndices)
    {
        Guard.NotNull(operand, "Lax.DynamicUpdateSlice");
        Guard.NotNull(update, "Lax.DynamicUpdateSlice");
        Guard.NoNulls(startIndices, "Lax.DynamicUpdateSlice");
        var starts = StartVector("Lax.DynamicUpdateSlice", operand, startIndices);
        if (update.Rank != operand.Rank)
            throw ShapeErrors.Error("Lax.DynamicUpdateSlice", "update and operand must have the same rank", operand.Type, update.Type);
        for (int i = 0; i < update.Rank; i++)
            if (update.Shape[i] > operand.Shape[i])
                throw ShapeErrors.Error("Lax.DynamicUpdateSlice", $"update axis {i} is larger than the operand's", operand.Type, update.Type);
        if (update.DType != operand.DType) update = Ops.ConvertElementType(update, operand.DType, weak: operand.Type.Weak);
        if (operand.Rank == 0) return update;
        var axes = new int[operand.Rank];
        for (int i = 0; i < axes.Length; i++) axes[i] = i;
        var dn = new ScatterDimensionNumbers(new IntTuple(axes), IntTuple.Empty, new IntTuple(axes), IntTuple.Empty, IntTuple.Empty);
        return Ops.Scatter(operand, starts, update, dn);
    }

    /// <summary>
    /// <paramref name="sliceSize"/> elements from <paramref name="startIndex"/> (an i32 scalar, possibly traced) along
    /// <paramref name="axis"/>, the other axes whole (<c>jax.lax.dynamic_slice_in_dim</c>).
    /// </summary>
    /// <exception cref="ArgumentException">The axis is out of range or the size does not fit.</exception>
    public static NDArray DynamicSliceInDim(NDArray operand, NDArray startIndex, int sliceSize, int axis = 0)
    {
        Guard.NotNull(operand, "Lax.DynamicSliceInDim");
        Guard.NotNull(startIndex, "Lax.DynamicSliceInDim");
        int a = Promotion.Axis("Lax.DynamicSliceInDim", axis, operand);
        var (starts, sizes) = OneAxis(operand, startIndex, a);
        sizes[a] = sliceSize;
        return DynamicSlice(operand, starts, sizes);
    }

    /// <summary>
    /// Element <paramref name="index"/> (an i32 scalar, possibly traced; clamped into range) along <paramref name="axis"/>,
    /// keeping that axis with size 1 when <paramref name="keepDims"/> (JAX's default), as <c>jax.lax.dynamic_index_in_dim</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The axis is out of range or the axis is empty.</exception>
    public static NDArray DynamicIndexInDim(NDArray operand, NDArray index, int axis = 0, bool keepDims = true)
    {
        Guard.NotNull(operand, "Lax.DynamicIndexInDim");
        Guard.NotNull(index, "Lax.DynamicIndexInDim");
        int a = Promotion.Axis("Lax.DynamicIndexInDim", axis, operand);
        var sliced = DynamicSliceInDim(operand, index, 1, a);
        return keepDims ? sliced : Ops.Squeeze(sliced, new IntTuple(a));
    }

    /// <summary>
    /// <paramref name="operand"/> with <paramref name="update"/> written from <paramref name="startIndex"/> (an i32 scalar,
    /// possibly traced) along <paramref name="axis"/> (<c>jax.lax.dynamic_update_slice_in_dim</c>); the update spans the
    /// other axes from 0.
    /// </summary>
    /// <exception cref="ArgumentException">The axis is out of range, or the update does not fit.</exception>
    public static NDArray DynamicUpdateSliceInDim(NDArray operand, NDArray update, NDArray startIndex, int axis)
    {
        Guard.NotNull(operand, "Lax.DynamicUpdateSliceInDim");
        Guard.NotNull(update, "Lax.DynamicUpdateSliceInDim");
        Guard.NotNull(startIndex, "Lax.DynamicUpdateSliceInDim");
        int a = Promotion.Axis("Lax.DynamicUpdateSliceInDim", axis, operand);
        var (starts, _) = OneAxis(operand, startIndex, a);
        return DynamicUpdateSlice(operand, update, starts);
    }

    /// <summary>
    /// <paramref name="operand"/> with index <paramref name="index"/> along <paramref name="axis"/> replaced by
    /// <paramref name="update"/> (<c>jax.lax.dynamic_update_index_in_dim</c>); an update of rank one less gets the axis back.
    /// </summary>
    /// <exception cref="ArgumentException">The axis is out of range, or the update does not fit.</exception>
    public static NDArray DynamicUpdateIndexInDim(NDArray operand, NDArray update, NDArray index, int axis)
    {
        Guard.NotNull(operand, "Lax.DynamicUpdateIndexInDim");
        Guard.NotNull(update, "Lax.DynamicUpdateIndexInDim");
        Guard.NotNull(index, "Lax.DynamicUpdateIndexInDim");
        int a = Promotion.Axis("Lax.DynamicUpdateIndexInDim", axis, operand);
        if (update.Rank == operand.Rank - 1) update = Ops.ExpandDims(update, new IntTuple(a));
        return DynamicUpdateSliceInDim(operand, update, index, a);
    }

    private static (NDArray[] Starts, int[] Sizes) OneAxis(NDArray operand, NDArray start, int axis)
    {
        var zero = ConcreteArray.Scalar(0, DType.Int32);
        var starts = new NDArray[operand.Rank];
        for (int i = 0; i < starts.Length; i++) starts[i] = i == axis ? start : zero;
        return (starts, operand.Shape.ToArray());
    }

    /// <summary>The starts as one i32 vector, negative ones wrapped once (the gather or scatter then clamps).</summary>
    private static NDArray StartVector(string op, NDArray operand, NDArray[] startIndices)
    {
        if (startIndices.Length != operand.Rank)
            throw ShapeErrors.Error(op, $"{startIndices.Length} start indices for a rank-{operand.Rank} operand", operand.Type);
        var columns = new NDArray[startIndices.Length];
        for (int i = 0; i < columns.Length; i++)
        {
            var s = startIndices[i];
            if (s.Rank != 0 || s.DType != DType.Int32)
                throw ShapeErrors.Error(op, $"start index {i} must be an i32 scalar", operand.Type, s.Type);
            var n = Ops.Const(DType.Int32, operand.Shape[i]);
            var wrapped = Ops.Select(Ops.Lt(s, Ops.Const(DType.Int32, 0)), Ops.Add(s, n), s);
            columns[i] = Ops.Reshape(Ops.ConvertElementType(wrapped, DType.Int32), new Shape(1));
        }
        return columns.Length == 0 ? ConcreteArray.Own(Array.Empty<int>(), new Shape(0)) : columns.Length == 1 ? columns[0] : Ops.Concatenate(columns, 0);
    }
}
