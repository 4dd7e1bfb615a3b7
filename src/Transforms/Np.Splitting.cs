using System;

namespace Functional.AD;

/// <summary>Splitting an array into pieces and stacking pieces by axis: split, array_split, hstack, vstack, dstack, column_stack.</summary>
public static partial class Np
{
    /// <summary>Splits <paramref name="ary"/> into <paramref name="indicesOrSections"/> equal pieces along <paramref name="axis"/>, as <c>jnp.split</c>.</summary>
    /// <exception cref="ArgumentException">The axis does not divide into that many equal pieces.</exception>
    public static NDArray[] Split(NDArray ary, int indicesOrSections, int axis = 0)
    {
        Guard.NotNull(ary, "Np.Split");
        int a = SplitAxis("Np.Split", ary, axis);
        int n = ary.Shape[a];
        if (indicesOrSections <= 0 || n % indicesOrSections != 0)
            throw ShapeErrors.Error("Np.Split", $"axis {axis} of size {n} does not split into {indicesOrSections} equal sections", ary.Type);
        return SplitSections(ary, indicesOrSections, a);
    }

    /// <summary>Splits <paramref name="ary"/> before each of <paramref name="indicesOrSections"/> along <paramref name="axis"/>, as <c>jnp.split</c> with indices (negative count from the end, out-of-range ones clamp, as Python slices).</summary>
    public static NDArray[] Split(NDArray ary, int[] indicesOrSections, int axis = 0)
    {
        Guard.NotNull(ary, "Np.Split");
        Guard.NotNull(indicesOrSections, "Np.Split");
        return SplitIndices(ary, indicesOrSections, SplitAxis("Np.Split", ary, axis));
    }

    /// <summary>
    /// Splits <paramref name="ary"/> into <paramref name="indicesOrSections"/> pieces along <paramref name="axis"/>, the first
    /// <c>n % sections</c> one element longer, as <c>jnp.array_split</c>.
    /// </summary>
    public static NDArray[] ArraySplit(NDArray ary, int indicesOrSections, int axis = 0)
    {
        Guard.NotNull(ary, "Np.ArraySplit");
        int a = SplitAxis("Np.ArraySplit", ary, axis);
        if (indicesOrSections <= 0)
            throw ShapeErrors.Error("Np.ArraySplit", $"the number of sections must be positive, got {indicesOrSections}", ary.Type);
        return SplitSections(ary, indicesOrSections, a);
    }

    /// <summary>Splits <paramref name="ary"/> before each of <paramref name="indicesOrSections"/> along <paramref name="axis"/>, as <c>jnp.array_split</c> with indices.</summary>
    public static NDArray[] ArraySplit(NDArray ary, int[] indicesOrSections, int axis = 0)
    {
        Guard.NotNull(ary, "Np.ArraySplit");
        Guard.NotNull(indicesOrSections, "Np.ArraySplit");
        return SplitIndices(ary, indicesOrSections, SplitAxis("Np.ArraySplit", ary, axis));
    }

    private static int SplitAxis(string operation, NDArray ary, int axis)
    {
        if (ary.Rank == 0) throw ShapeErrors.Error(operation, "cannot split a 0-d array", ary.Type);
        return Promotion.Axis(operation, axis, ary);
    }

    private static NDArray[] SplitSections(NDArray ary, int sections, int a)
    {
        int n = ary.Shape[a], size = n / sections, extra = n % sections;
        var result = new NDArray[sections];
        for (int i = 0, start = 0; i < sections; i++)
        {
            int len = size + (i < extra ? 1 : 0);
            result[i] = Ops.SliceAxis(ary, a, start, start + len);
            start += len;
        }
        return result;
    }

    private static NDArray[] SplitIndices(NDArray ary, int[] indices, int a)
    {
        int n = ary.Shape[a];
        var result = new NDArray[indices.Length + 1];
        int Clamp(int i) => i < 0 ? Math.Max(i + n, 0) : Math.Min(i, n);
        for (int i = 0; i <= indices.Length; i++)
        {
            int start = i == 0 ? 0 : Clamp(indices[i - 1]);
            int end = i == indices.Length ? n : Clamp(indices[i]);
            result[i] = Ops.SliceAxis(ary, a, start, Math.Max(start, end));
        }
        return result;
    }

    /// <summary>Joins arrays along axis 1, or along axis 0 when they are 1-d (0-d ones become 1-d), as <c>jnp.hstack</c>.</summary>
    public static NDArray HStack(NDArray[] tup)
    {
        Guard.NoNulls(tup, "Np.HStack");
        var arrs = System.Array.ConvertAll(tup, AtLeast1d);
        return StackAlong("Np.HStack", arrs, arrs.Length > 0 && arrs[0].Rank == 1 ? 0 : 1);
    }

    /// <summary>Joins arrays along axis 0 after making them at least 2-d ([n] becomes a row [1,n]), as <c>jnp.vstack</c>.</summary>
    public static NDArray VStack(NDArray[] tup)
    {
        Guard.NoNulls(tup, "Np.VStack");
        return StackAlong("Np.VStack", System.Array.ConvertAll(tup, AtLeast2d), 0);
    }

    /// <summary>Joins arrays along axis 2 after making them at least 3-d, as <c>jnp.dstack</c>.</summary>
    public static NDArray DStack(NDArray[] tup)
    {
        Guard.NoNulls(tup, "Np.DStack");
        return StackAlong("Np.DStack", System.Array.ConvertAll(tup, AtLeast3d), 2);
    }

    /// <summary>Joins arrays as columns along axis 1: 0-d and 1-d ones become columns [n,1], as <c>jnp.column_stack</c>.</summary>
    public static NDArray ColumnStack(NDArray[] tup)
    {
        Guard.NoNulls(tup, "Np.ColumnStack");
        var arrs = System.Array.ConvertAll(tup, x => x.Rank < 2 ? Ops.Reshape(x, new Shape(x.Size, 1)) : x);
        return StackAlong("Np.ColumnStack", arrs, 1);
    }

    private static NDArray StackAlong(string operation, NDArray[] arrays, int axis)
    {
        if (arrays.Length == 0) throw new ArgumentException($"{operation}: needs at least one array");
        var first = arrays[0];
        foreach (var x in arrays)
        {
            bool ok = x.Rank == first.Rank;
            for (int i = 0; ok && i < x.Rank; i++) ok = i == axis || x.Shape[i] == first.Shape[i];
            if (!ok) throw ShapeErrors.Error(operation, $"the arrays must match on every axis but {axis}", first.Type, x.Type);
        }
        ConcatenatePrimitive.CheckSize(operation, System.Array.ConvertAll(arrays, x => x.Type), axis);
        return Ops.Concatenate(Promotion.Common(arrays), axis);
    }
}
