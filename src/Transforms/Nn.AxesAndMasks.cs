using System;

namespace Functional.AD;

/// <summary>The axis lists and <c>where</c> masks shared by the reducing <c>Nn</c> functions (softmax, logsumexp, standardize).</summary>
public static partial class Nn
{
    /// <summary>
    /// Several axes, each possibly counting from the end, as a sorted tuple; null means every axis, as JAX's
    /// <c>axis=None</c>. A repeated axis is an error, as in JAX.
    /// </summary>
    private static IntTuple AxesOf(string operation, NDArray x, int[]? axis)
    {
        if (axis is null) return ReductionShape.All(x.Rank);
        var seen = new bool[x.Rank];
        foreach (var a in axis)
        {
            int n = Promotion.Axis(operation, a, x);
            if (seen[n]) throw new ArgumentException($"{operation}: axis {a} is repeated in [{string.Join(", ", axis)}] for {x.Type}");
            seen[n] = true;
        }
        int count = 0;
        foreach (var s in seen) if (s) count++;
        var sorted = new int[count];
        for (int i = 0, k = 0; i < seen.Length; i++) if (seen[i]) sorted[k++] = i;
        return new IntTuple(sorted);
    }

    /// <summary>
    /// A <c>where</c> mask as a bool array of <paramref name="x"/>'s shape (nonzero is true), or null for no mask. The
    /// mask must broadcast to x's shape.
    /// </summary>
    private static NDArray? MaskOf(string operation, NDArray? where, NDArray x)
    {
        if (where is null) return null;
        var mask = where.DType == DType.Bool ? where : Ops.Ne(where, Ops.Const(where, 0));
        var shape = Promotion.BroadcastShapes(operation, mask, x);
        if (shape != x.Shape)
            throw new ArgumentException($"{operation}: where {where.Type} does not broadcast to the shape of {x.Type}");
        return Ops.BroadcastTo(mask, x.Shape);
    }

    /// <summary>x where the mask holds and <paramref name="fill"/> elsewhere (x itself without a mask).</summary>
    private static NDArray Masked(NDArray x, NDArray? mask, double fill) =>
        mask is null ? x : Ops.Select(mask, x, Ops.Full(x.Type, fill));
}
