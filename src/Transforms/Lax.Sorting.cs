using System;

namespace Functional.AD;

public static partial class Lax
{
    /// <summary>
    /// <paramref name="operand"/> sorted along <paramref name="dimension"/> (<c>jax.lax.sort</c>): ascending, NaN last,
    /// stable (<paramref name="isStable"/> is accepted for JAX's signature; the sort is always stable).
    /// </summary>
    public static NDArray Sort(NDArray operand, int dimension = -1, bool isStable = true)
    {
        Guard.NotNull(operand, "Lax.Sort");
        _ = isStable;
        return Ops.Sort(new[] { operand }, Promotion.Axis("Lax.Sort", dimension, operand))[0];
    }

    /// <summary>
    /// Several operands of one shape sorted together along <paramref name="dimension"/> (<c>jax.lax.sort</c> of a
    /// sequence): ordered by the first <paramref name="numKeys"/> operands lexicographically, the rest permuted alike
    /// (sort keys with values, or by an index operand for a permutation).
    /// </summary>
    public static NDArray[] Sort(NDArray[] operands, int dimension = -1, bool isStable = true, int numKeys = 1)
    {
        Guard.NoNulls(operands, "Lax.Sort");
        _ = isStable;
        if (operands.Length == 0) throw new ArgumentException("Lax.Sort: needs at least one operand", nameof(operands));
        return Ops.Sort(operands, Promotion.Axis("Lax.Sort", dimension, operands[0]), numKeys);
    }

    /// <summary>
    /// The <paramref name="k"/> largest entries along the last axis and their indices (<c>jax.lax.top_k</c>): values in
    /// descending order, NaN counted largest, equal values by lower index first; indices int32. Differentiable in the
    /// values.
    /// </summary>
    public static (NDArray Values, NDArray Indices) TopK(NDArray operand, int k)
    {
        Guard.NotNull(operand, "Lax.TopK");
        if (operand.Rank == 0) throw ShapeErrors.Error("Lax.TopK", "needs an operand of rank 1 or more", operand.Type);
        int axis = operand.Rank - 1, n = operand.Shape[axis];
        if (k < 0 || k > n) throw ShapeErrors.Error("Lax.TopK", $"k = {k} must be between 0 and the last axis' size {n}", operand.Type);
        var indices = Np.ArgSortAlong(operand, axis, descending: true);
        // The values by the same permutation: operand sorted by the rank each index gives it.
        var values = Ops.Sort(new[] { Np.ArgSortAlong(indices, axis, descending: false), operand }, axis)[1];
        var start = new int[operand.Rank];
        var limit = operand.Shape.ToArray();
        limit[axis] = k;
        return (Ops.Slice(values, start, limit), Ops.Slice(indices, start, limit));
    }
}
