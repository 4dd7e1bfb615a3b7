namespace Functional.AD;

public static partial class Np
{
    /// <summary>
    /// The elements of <paramref name="a"/> sorted along <paramref name="axis"/> (<c>jnp.sort</c>): ascending, NaN last,
    /// ties in their original order; the flattened array when axis is null; descending is the ascending result reversed
    /// (NaN first). Differentiable: the gradient flows back through the permutation (at ties, to the element each
    /// position took). <paramref name="stable"/> is accepted for JAX's signature: the sort is always stable.
    /// </summary>
    public static NDArray Sort(NDArray a, int? axis = -1, bool stable = true, bool descending = false)
    {
        Guard.NotNull(a, "Np.Sort");
        _ = stable;
        var (x, ax) = SortAxis("Np.Sort", a, axis);
        var sorted = Ops.Sort(new[] { x }, ax)[0];
        return descending ? Reverse(sorted, ax) : sorted;
    }

    /// <summary>
    /// The indices that sort <paramref name="a"/> along <paramref name="axis"/> (<c>jnp.argsort</c>), int32: ascending
    /// with NaN last, equal elements in their original order (also when descending: the earlier one first). The
    /// flattened array's indices when axis is null.
    /// </summary>
    public static NDArray ArgSort(NDArray a, int? axis = -1, bool stable = true, bool descending = false)
    {
        Guard.NotNull(a, "Np.ArgSort");
        _ = stable;
        var (x, ax) = SortAxis("Np.ArgSort", a, axis);
        return ArgSortAlong(x, ax, descending);
    }

    /// <summary>The array and the sort axis (flattened for a null axis); a 0-d array has no axis to sort.</summary>
    private static (NDArray X, int Axis) SortAxis(string operation, NDArray a, int? axis)
    {
        if (axis is null) return (a.Rank == 1 ? a : a.Reshape(-1), 0);
        return (a, Promotion.Axis(operation, axis.Value, a));
    }

    /// <summary>Stable argsort along an axis; descending keeps equal elements in their original order too.</summary>
    internal static NDArray ArgSortAlong(NDArray x, int axis, bool descending)
    {
        var iota = Ops.Iota(DType.Int32, x.Shape, axis);
        if (!descending) return Ops.Sort(new[] { x, iota }, axis)[1];
        // Ascending on the reversed array puts, among equal elements, the later original first; reversing that order
        // and mapping positions back (n - 1 - i) gives descending order with the earlier original first.
        int n = x.Shape[axis];
        var ascending = Ops.Sort(new[] { Reverse(x, axis), iota }, axis)[1];
        return Reverse(Ops.Sub(Ops.Const(ascending, n - 1), ascending), axis);
    }

    /// <summary>x reversed along an axis: a sort keyed by the reversed positions (differentiable, any dtype).</summary>
    internal static NDArray Reverse(NDArray x, int axis)
    {
        var iota = Ops.Iota(DType.Int32, x.Shape, axis);
        var reversed = Ops.Sub(Ops.Const(iota, x.Shape[axis] - 1), iota);
        return Ops.Sort(new[] { reversed, x }, axis)[1];
    }
}
