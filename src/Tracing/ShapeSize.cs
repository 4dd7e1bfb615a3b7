using System;
using System.Numerics;
using System.Text;

namespace Functional.AD;

/// <summary>
/// The size limit of shapes. An array may have at most <see cref="Max"/> elements, the most a .NET array holds
/// (<see cref="Array.MaxLength"/>, a little below <see cref="int.MaxValue"/>), so every element count, offset and
/// stride inside an array fits an <see cref="int"/>. A shape with a zero axis has no elements and is always allowed,
/// however large its other axes (their product may then exceed the limit: code walking such an array must check
/// for emptiness before multiplying sizes).
/// </summary>
internal static class ShapeSize
{
    /// <summary>The most elements an array may have.</summary>
    internal static int Max => Array.MaxLength;

    /// <summary>Whether a shape of these (non-negative) axis sizes is within <see cref="Max"/> elements (always when one is 0).</summary>
    internal static bool Fits(ReadOnlySpan<int> dims)
    {
        foreach (var d in dims) if (d == 0) return true;
        long size = 1;
        foreach (var d in dims)
        {
            size *= d;   // at most Max * int.MaxValue before the check: no overflow
            if (size > Max) return false;
        }
        return true;
    }

    /// <summary>The number of elements of a shape of these (non-negative) axis sizes, or <see cref="ShapeSizeException"/> beyond <see cref="Max"/>.</summary>
    internal static int Count(ReadOnlySpan<int> dims)
    {
        if (!Fits(dims)) throw new ShapeSizeException(Describe(dims));
        int size = 1;
        foreach (var d in dims) size *= d;
        return size;
    }

    /// <summary>
    /// Throws an <see cref="ArgumentException"/> naming <paramref name="operation"/> and the typed shapes of its
    /// <paramref name="inputs"/> when a result of shape <paramref name="dims"/> would have more than <see cref="Max"/> elements.
    /// </summary>
    internal static void Check(string operation, ReadOnlySpan<int> dims, params ReadOnlySpan<ArrayType> inputs)
    {
        // params span: no array is allocated on this path, which every broadcast runs (the error path copies).
        if (!Fits(dims)) throw Error(operation, Describe(dims), inputs.ToArray());
    }

    /// <summary>"{operation}: {reason} (got f32[3,4], f32[5])": the error for a result too large to hold.</summary>
    internal static ArgumentException Error(string operation, string reason, params ArrayType[] inputs)
    {
        var sb = new StringBuilder(operation).Append(": ").Append(reason);
        if (inputs.Length > 0)
        {
            sb.Append(" (got ");
            for (int i = 0; i < inputs.Length; i++) sb.Append(i > 0 ? ", " : "").Append(inputs[i]);
            sb.Append(')');
        }
        return new ArgumentException(sb.ToString());
    }

    /// <summary>The exact number of elements of a shape of these axis sizes, however large (for messages).</summary>
    internal static BigInteger ExactCount(ReadOnlySpan<int> dims)
    {
        var count = BigInteger.One;
        foreach (var d in dims) count *= d;
        return count;
    }

    /// <summary>"shape [65536,65536] has 4294967296 elements, more than the 2147483591 an array can hold".</summary>
    private static string Describe(ReadOnlySpan<int> dims)
    {
        var sb = new StringBuilder("shape [");
        for (int i = 0; i < dims.Length; i++) sb.Append(i > 0 ? "," : "").Append(dims[i]);
        return sb.Append("] has ").Append(ExactCount(dims)).Append(" elements, more than the ").Append(Max).Append(" an array can hold").ToString();
    }
}

/// <summary>
/// A shape beyond <see cref="ShapeSize.Max"/> elements, thrown where a shape is made without knowing the operation;
/// primitives rethrow it as an <see cref="ArgumentException"/> that names themselves and their typed operands.
/// </summary>
internal sealed class ShapeSizeException(string message) : ArgumentException(message);
