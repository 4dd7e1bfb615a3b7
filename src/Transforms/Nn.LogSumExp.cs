namespace Functional.AD;

/// <summary>
/// <c>jax.nn.logsumexp</c> (= <c>jax.scipy.special.logsumexp</c>): log Σ b·e^a over one axis, several or all, with
/// scale weights b, a <c>where</c> mask, kept dims, and the sign of the sum on request; shifted by the maximum so it
/// neither overflows nor underflows.
/// </summary>
public static partial class Nn
{
    /// <summary>log Σ e^x over one axis or all axes, shifted by the maximum so it neither overflows nor underflows.</summary>
    public static NDArray LogSumExp(NDArray x, int? axis = null, bool keepDims = false)
    {
        Guard.NotNull(x, "Nn.LogSumExp");
        return LogSumExpCore("Nn.LogSumExp", x, OneOrAll(axis), null, keepDims, null, returnSign: false).Result;
    }

    /// <summary>
    /// log Σ b·e^a over one axis (null: all axes), as <c>jax.nn.logsumexp(a, axis, b, keepdims, where=where)</c>:
    /// <paramref name="b"/> (null: 1) broadcasts with <paramref name="a"/>, elements where b is 0 or
    /// <paramref name="where"/> is false do not count, and a negative sum gives NaN (see <see cref="LogSumExpWithSign"/>).
    /// </summary>
    public static NDArray LogSumExp(NDArray a, int? axis, NDArray? b, bool keepDims = false, NDArray? where = null)
    {
        Guard.NotNull(a, "Nn.LogSumExp");
        return LogSumExpCore("Nn.LogSumExp", a, OneOrAll(axis), b, keepDims, where, returnSign: false).Result;
    }

    /// <summary>
    /// log Σ b·e^a over several axes jointly (null: all axes), as <c>jax.nn.logsumexp(a, axis=(…), b, keepdims,
    /// where=where)</c>; see <see cref="LogSumExp(NDArray, int?, NDArray?, bool, NDArray?)"/>.
    /// </summary>
    public static NDArray LogSumExp(NDArray a, int[]? axis, NDArray? b = null, bool keepDims = false, NDArray? where = null)
    {
        Guard.NotNull(a, "Nn.LogSumExp");
        return LogSumExpCore("Nn.LogSumExp", a, axis, b, keepDims, where, returnSign: false).Result;
    }

    /// <summary>
    /// <c>jax.nn.logsumexp(…, return_sign=True)</c>: log |Σ b·e^a| over the axes (null: all) and the sign of the sum
    /// (-1, 0 or 1), so negative weights <paramref name="b"/> give a finite result.
    /// </summary>
    public static (NDArray Result, NDArray Sign) LogSumExpWithSign(NDArray a, int[]? axis = null, NDArray? b = null, bool keepDims = false, NDArray? where = null)
    {
        Guard.NotNull(a, "Nn.LogSumExpWithSign");
        return LogSumExpCore("Nn.LogSumExpWithSign", a, axis, b, keepDims, where, returnSign: true);
    }

    private static int[]? OneOrAll(int? axis) => axis is int one ? new[] { one } : null;

    private static (NDArray Result, NDArray Sign) LogSumExpCore(string operation, NDArray a, int[]? axis, NDArray? b,
        bool keepDims, NDArray? where, bool returnSign)
    {
        a = Promotion.ToFloat(a);
        if (b is not null)
        {
            (a, b) = Promotion.Binary(operation, a, Promotion.ToFloat(b));
            if (a.Rank == 0 && b.Rank != 0) a = Ops.BroadcastTo(a, b.Shape);
            if (b.Rank == 0 && a.Rank != 0) b = Ops.BroadcastTo(b, a.Shape);
            // a zero weight removes its term (even where a is +inf or NaN), as JAX's
            a = Ops.Select(Ops.Ne(b, Ops.Const(b, 0)), a, Ops.Full(a.Type, double.NegativeInfinity));
        }
        var axes = AxesOf(operation, a, axis);
        var mask = MaskOf(operation, where, a);
        var (shifted, shift) = Shifted(a, axes, mask);
        var terms = Ops.Exp(shifted);
        if (b is not null) terms = Masked(Ops.Mul(terms, b), mask, 0);
        var sum = Ops.ReduceSum(terms, axes);
        var sign = Ops.Sign(sum);
        var result = Ops.Add(Ops.Log(Ops.Abs(sum)), Ops.Reshape(shift, sum.Shape));
        if (b is not null && !returnSign)
            result = Ops.Select(Ops.Lt(sign, Ops.Const(sign, 0)), Ops.Full(result.Type, double.NaN), result);
        return keepDims ? (Ops.ExpandDims(result, axes), Ops.ExpandDims(sign, axes)) : (result, sign);
    }
}
