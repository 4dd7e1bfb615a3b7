using System;
using System.Linq;

namespace Functional.AD;

/// <summary>Builds the <see cref="ArgumentException"/>s that shape rules throw: the operation, the typed shapes, the reason.</summary>
internal static class ShapeErrors
{
    /// <summary>"{op}: {reason} (got f32[3,4], f32[5])".</summary>
    internal static ArgumentException Error(string operation, string reason, params ArrayType[] types) =>
        new($"{operation}: {reason}" + (types.Length == 0 ? "" : $" (got {string.Join(", ", types.Select(t => t.ToString()))})"));

    /// <summary>Normalises a possibly negative axis against <paramref name="rank"/>, or throws naming the operation.</summary>
    internal static int Axis(string operation, int axis, int rank, ArrayType type)
    {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank)
            throw new ArgumentOutOfRangeException(nameof(axis), $"{operation}: axis {axis} is out of range for {type} (rank {rank})");
        return a;
    }

    /// <summary>Requires a float dtype.</summary>
    internal static void RequireFloat(string operation, ArrayType t)
    {
        if (!t.DType.IsFloat())
            throw Error(operation, "requires a floating-point operand", t);
    }
}
