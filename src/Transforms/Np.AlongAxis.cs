using System;

namespace Functional.AD;

/// <summary><c>jnp.take_along_axis</c> and <c>jnp.put_along_axis</c>, lowered to numpy indexing with broadcast position arrays.</summary>
public static partial class Np
{
    /// <summary>
    /// Picks elements of <paramref name="arr"/> at <paramref name="indices"/> along <paramref name="axis"/>, matching the other
    /// axes position by position (<c>jnp.take_along_axis</c>): indices has arr's rank and broadcasts against it off the axis.
    /// A null axis works on the flattened arrays. Out-of-range indices follow <paramref name="mode"/> (default fill:
    /// <paramref name="fillValue"/>, NaN for floats); negative ones count from the end. Differentiable in arr.
    /// </summary>
    /// <exception cref="ArgumentException">Ranks differ, the indices are not i32, or the shapes do not broadcast.</exception>
    public static NDArray TakeAlongAxis(NDArray arr, NDArray indices, int? axis, IndexingMode? mode = null, double? fillValue = null)
    {
        Guard.NotNull(arr, "Np.TakeAlongAxis");
        Guard.NotNull(indices, "Np.TakeAlongAxis");
        if (axis is null) { arr = Ops.Reshape(arr, new Shape(arr.Size)); indices = Ops.Reshape(indices, new Shape(indices.Size)); }
        var items = AlongAxisItems("Np.TakeAlongAxis", arr, indices, axis ?? 0);
        return arr.At[items].Get(mode ?? IndexingMode.Fill, fillValue);
    }

    /// <summary>
    /// <paramref name="arr"/> with <paramref name="values"/> written at <paramref name="indices"/> along <paramref name="axis"/>
    /// (<c>jnp.put_along_axis</c>); a null axis works on the flattened array. As in JAX the result is a new array and
    /// <paramref name="inplace"/> must be false (the default true throws, a reminder that nothing is modified in place).
    /// Out-of-range indices are dropped unless <paramref name="mode"/> is clip.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="inplace"/> is true, ranks differ, or shapes do not broadcast.</exception>
    public static NDArray PutAlongAxis(NDArray arr, NDArray indices, NDArray values, int? axis, bool inplace = true, IndexingMode? mode = null)
    {
        Guard.NotNull(arr, "Np.PutAlongAxis");
        Guard.NotNull(indices, "Np.PutAlongAxis");
        Guard.NotNull(values, "Np.PutAlongAxis");
        if (inplace)
            throw new ArgumentException("Np.PutAlongAxis: arrays are immutable, so the result is a new array; pass inplace: false (as JAX requires)", nameof(inplace));
        var shape = arr.Shape;
        if (axis is null) { arr = Ops.Reshape(arr, new Shape(arr.Size)); indices = Ops.Reshape(indices, new Shape(indices.Size)); }
        var items = AlongAxisItems("Np.PutAlongAxis", arr, indices, axis ?? 0);
        var result = arr.At[items].Set(values, mode);
        return axis is null ? Ops.Reshape(result, shape) : result;
    }

    /// <summary>The index items of an along-axis operation: the indices on the axis, a broadcastable arange on every other.</summary>
    private static Ix[] AlongAxisItems(string op, NDArray arr, NDArray indices, int axis)
    {
        int a = Promotion.Axis(op, axis, arr);
        if (indices.Rank != arr.Rank)
            throw ShapeErrors.Error(op, $"indices must have the array's rank {arr.Rank}", arr.Type, indices.Type);
        if (indices.DType != DType.Int32)
            throw ShapeErrors.Error(op, "indices must be i32", arr.Type, indices.Type);
        var items = new Ix[arr.Rank];
        for (int i = 0; i < arr.Rank; i++)
        {
            if (i == a) { items[i] = indices; continue; }
            int n = arr.Shape[i];
            if (indices.Shape[i] != n && indices.Shape[i] != 1 && n != 1)
                throw ShapeErrors.Error(op, $"axis {i} of the indices does not broadcast against the array", arr.Type, indices.Type);
            var dims = new int[arr.Rank];
            dims.AsSpan().Fill(1);
            dims[i] = n;
            var range = new int[n];
            for (int k = 0; k < n; k++) range[k] = k;
            items[i] = ConcreteArray.Own(range, new Shape(dims));
        }
        return items;
    }
}
