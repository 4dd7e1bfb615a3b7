using System;

namespace Functional.AD;

/// <summary>The associative operations the cumulative reductions scan with.</summary>
internal enum CumulativeOp { Sum, Prod, Max, Min, LogSumExp }

public static partial class Np
{
    /// <summary>The numpy-style cumulative reduction: null axis flattens, bools count as i32.</summary>
    private static NDArray Cumulative(string operation, NDArray x, int? axis, CumulativeOp op, bool reverse)
    {
        int a;
        if (axis is int given) a = Promotion.Axis(operation, given, x);
        else
        {
            x = Ops.Reshape(x, new Shape(x.Size));
            a = 0;
        }
        if (x.DType == DType.Bool) x = Promotion.Coerce(x, DType.Int32);
        // jnp.cumsum and jnp.cumprod accumulate u8 in the default unsigned int, as jnp.sum does.
        if (x.DType == DType.UInt8 && op is CumulativeOp.Sum or CumulativeOp.Prod) x = Promotion.Coerce(x, DType.UInt32);
        return CumulativeScan(x, a, op, reverse);
    }

    /// <summary>
    /// An inclusive scan of <paramref name="op"/> along <paramref name="axis"/> (non-negative). Sums use the
    /// <c>cumsum</c> primitive; the other operations double the reach of each element log2(n) times (Hillis and Steele),
    /// so values and derivatives are those of the elementwise primitives they are made of.
    /// </summary>
    internal static NDArray CumulativeScan(NDArray x, int axis, CumulativeOp op, bool reverse)
    {
        if (op == CumulativeOp.Sum) return Ops.Cumsum(x, axis, reverse);
        int n = x.Shape[axis];
        for (int step = 1; step < n; step *= 2)
        {
            var earlier = Ops.SliceAxis(x, axis, 0, n - step);
            var later = Ops.SliceAxis(x, axis, step, n);
            var combined = Combine(op, earlier, later);
            x = reverse
                ? Ops.Concatenate(new[] { combined, Ops.SliceAxis(x, axis, n - step, n) }, axis)
                : Ops.Concatenate(new[] { Ops.SliceAxis(x, axis, 0, step), combined }, axis);
        }
        return x;
    }

    private static NDArray Combine(CumulativeOp op, NDArray a, NDArray b) => op switch
    {
        CumulativeOp.Prod => Ops.Mul(a, b),
        CumulativeOp.Max => Ops.Max(a, b),
        CumulativeOp.Min => Ops.Min(a, b),
        CumulativeOp.LogSumExp => LogAddExp(a, b),
        _ => Ops.Add(a, b),
    };
}

public static partial class Lax
{
    private static NDArray Cumulative(string operation, NDArray operand, int axis, bool reverse, CumulativeOp op)
    {
        Guard.NotNull(operand, operation);
        int a = Promotion.Axis(operation, axis, operand);
        if (operand.DType == DType.Bool)
            throw new ArgumentException($"{operation}: {operand.Type} is bool; convert it to a number type first");
        if (op == CumulativeOp.LogSumExp && !operand.DType.IsFloat())
            throw new ArgumentException($"{operation}: {operand.Type} is not a float type");
        return Np.CumulativeScan(operand, a, op, reverse);
    }

    /// <summary>jax.lax.cumsum: running sum along <paramref name="axis"/>, from the end when <paramref name="reverse"/>.</summary>
    public static NDArray Cumsum(NDArray operand, int axis = 0, bool reverse = false) =>
        Cumulative("Lax.Cumsum", operand, axis, reverse, CumulativeOp.Sum);

    /// <summary>jax.lax.cumprod: running product along <paramref name="axis"/>, from the end when <paramref name="reverse"/>.</summary>
    public static NDArray Cumprod(NDArray operand, int axis = 0, bool reverse = false) =>
        Cumulative("Lax.Cumprod", operand, axis, reverse, CumulativeOp.Prod);

    /// <summary>jax.lax.cummax: running maximum along <paramref name="axis"/> (NaN propagates), from the end when <paramref name="reverse"/>.</summary>
    public static NDArray Cummax(NDArray operand, int axis = 0, bool reverse = false) =>
        Cumulative("Lax.Cummax", operand, axis, reverse, CumulativeOp.Max);

    /// <summary>jax.lax.cummin: running minimum along <paramref name="axis"/> (NaN propagates), from the end when <paramref name="reverse"/>.</summary>
    public static NDArray Cummin(NDArray operand, int axis = 0, bool reverse = false) =>
        Cumulative("Lax.Cummin", operand, axis, reverse, CumulativeOp.Min);

    /// <summary>jax.lax.cumlogsumexp: running log(sum(exp)) along <paramref name="axis"/> (floats), from the end when <paramref name="reverse"/>.</summary>
    public static NDArray CumLogSumExp(NDArray operand, int axis = 0, bool reverse = false) =>
        Cumulative("Lax.CumLogSumExp", operand, axis, reverse, CumulativeOp.LogSumExp);
}
