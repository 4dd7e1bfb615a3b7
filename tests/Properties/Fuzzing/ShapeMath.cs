using System;
using System.Collections.Generic;
using System.Linq;

namespace Functional.AD.Properties.Fuzzing;

/// <summary>numpy's shape rules, as the program resolver predicts the shapes of the values it builds.</summary>
public static class ShapeMath
{
    /// <summary>The number of elements.</summary>
    public static long Size(int[] shape)
    {
        long n = 1;
        foreach (var d in shape) n *= d;
        return n;
    }

    /// <summary>Whether two shapes broadcast together.</summary>
    public static bool Compatible(int[] a, int[] b) => Broadcast(a, b) is not null;

    /// <summary>The broadcast shape of two shapes, or null when they do not broadcast.</summary>
    public static int[]? Broadcast(int[] a, int[] b)
    {
        int rank = Math.Max(a.Length, b.Length);
        var r = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            int db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            if (da != db && da != 1 && db != 1) return null;
            r[i] = da == 1 ? db : da;
        }
        return r;
    }

    /// <summary>The shape after reducing <paramref name="axis"/> (all axes when null), with or without kept dimensions.</summary>
    public static int[] Reduce(int[] shape, int? axis, bool keepDims)
    {
        if (axis is not int a) return keepDims ? Enumerable.Repeat(1, shape.Length).ToArray() : Array.Empty<int>();
        var r = new List<int>(shape);
        if (keepDims) r[a] = 1;
        else r.RemoveAt(a);
        return r.ToArray();
    }

    /// <summary>The sizes of the reduced axes multiplied (all axes when null).</summary>
    public static long ReducedCount(int[] shape, int? axis) => axis is int a ? shape[a] : Size(shape);

    /// <summary>The shape with <paramref name="axis"/> removed.</summary>
    public static int[] Without(int[] shape, int axis) => shape.Where((_, i) => i != axis).ToArray();

    /// <summary>The shape with <paramref name="size"/> inserted at <paramref name="axis"/> (0 to rank).</summary>
    public static int[] Insert(int[] shape, int axis, int size)
    {
        var r = new List<int>(shape);
        r.Insert(axis, size);
        return r.ToArray();
    }

    /// <summary>C# text of an int array: <c>new[] { 2, 3 }</c>, or <c>new int[0]</c>.</summary>
    public static string Literal(int[] values) =>
        values.Length == 0 ? "new int[0]" : "new[] { " + string.Join(", ", values) + " }";

    /// <summary>Text of a shape as the library prints one: <c>[2,3]</c>.</summary>
    public static string Text(int[] shape) => "[" + string.Join(",", shape) + "]";

    /// <summary>Whether two shapes are equal.</summary>
    public static bool Same(int[] a, int[] b) => a.AsSpan().SequenceEqual(b);
}
