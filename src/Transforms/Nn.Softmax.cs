namespace Functional.AD;

/// <summary>
/// <c>jax.nn.softmax</c> and <c>jax.nn.log_softmax</c> over one axis, several or all, with JAX's <c>where</c> masks:
/// shifted by the (masked) maximum, cut from differentiation, so nothing overflows in value or gradient.
/// </summary>
public static partial class Nn
{
    /// <summary>The maximum along the axes with kept dims, made safe (0 where infinite) and cut from differentiation.</summary>
    private static NDArray StableShift(NDArray x, IntTuple axes)
    {
        var m = Ops.ExpandDims(Ops.ReduceMax(x, axes), axes);
        var finite = Ops.Eq(Ops.Sub(m, m), Ops.Const(m, 0));
        return Ops.StopGradient(Ops.Select(finite, m, Ops.ZerosLike(m)));
    }

    /// <summary>x minus its stable shift along the axes (masked-out elements become -∞ first), and the shift.</summary>
    private static (NDArray Shifted, NDArray Shift) Shifted(NDArray x, IntTuple axes, NDArray? mask)
    {
        var safe = Masked(x, mask, double.NegativeInfinity);
        var shift = StableShift(safe, axes);
        return (Ops.Sub(safe, Ops.BroadcastTo(shift, x.Shape)), shift);
    }

    /// <summary>The sum along the axes with kept dims.</summary>
    private static NDArray SumKept(NDArray x, IntTuple axes) => Ops.ExpandDims(Ops.ReduceSum(x, axes), axes);

    private static NDArray SoftmaxCore(string operation, NDArray x, IntTuple axes, NDArray? where)
    {
        var mask = MaskOf(operation, where, x);
        var unnormalized = Ops.Exp(Shifted(x, axes, mask).Shifted);
        var result = Ops.Div(unnormalized, Ops.BroadcastTo(SumKept(unnormalized, axes), x.Shape));
        return Masked(result, mask, 0);
    }

    private static NDArray LogSoftmaxCore(string operation, NDArray x, IntTuple axes, NDArray? where)
    {
        var mask = MaskOf(operation, where, x);
        var shifted = Shifted(x, axes, mask).Shifted;
        var result = Ops.Sub(shifted, Ops.BroadcastTo(Ops.Log(SumKept(Ops.Exp(shifted), axes)), x.Shape));
        return Masked(result, mask, double.NegativeInfinity);
    }

    /// <summary>e^x / Σ e^x along an axis, shifted by the maximum.</summary>
    public static NDArray Softmax(NDArray x, int axis = -1) => Softmax(x, axis, null);

    /// <summary>
    /// The softmax along one axis over the elements where <paramref name="where"/> (broadcast to x's shape) holds, as
    /// <c>jax.nn.softmax(x, axis, where)</c>: masked-out elements are 0 (a line with nothing selected is all 0).
    /// </summary>
    public static NDArray Softmax(NDArray x, int axis, NDArray? where)
    {
        Guard.NotNull(x, "Nn.Softmax");
        x = Promotion.ToFloat(x);
        return SoftmaxCore("Nn.Softmax", x, new IntTuple(Promotion.Axis("Nn.Softmax", axis, x)), where);
    }

    /// <summary>
    /// The softmax over several axes jointly (null: all axes), optionally over the elements where
    /// <paramref name="where"/> holds, as <c>jax.nn.softmax(x, axis=(…), where)</c>; masked-out elements are 0.
    /// </summary>
    public static NDArray Softmax(NDArray x, int[]? axis, NDArray? where = null)
    {
        Guard.NotNull(x, "Nn.Softmax");
        x = Promotion.ToFloat(x);
        return SoftmaxCore("Nn.Softmax", x, AxesOf("Nn.Softmax", x, axis), where);
    }

    /// <summary>x - LogSumExp(x) along an axis.</summary>
    public static NDArray LogSoftmax(NDArray x, int axis = -1) => LogSoftmax(x, axis, null);

    /// <summary>
    /// The log-softmax along one axis over the elements where <paramref name="where"/> holds, as
    /// <c>jax.nn.log_softmax(x, axis, where)</c>: masked-out elements are -∞.
    /// </summary>
    public static NDArray LogSoftmax(NDArray x, int axis, NDArray? where)
    {
        Guard.NotNull(x, "Nn.LogSoftmax");
        x = Promotion.ToFloat(x);
        return LogSoftmaxCore("Nn.LogSoftmax", x, new IntTuple(Promotion.Axis("Nn.LogSoftmax", axis, x)), where);
    }

    /// <summary>
    /// The log-softmax over several axes jointly (null: all axes), optionally masked by <paramref name="where"/>, as
    /// <c>jax.nn.log_softmax(x, axis=(…), where)</c>: masked-out elements are -∞.
    /// </summary>
    public static NDArray LogSoftmax(NDArray x, int[]? axis, NDArray? where = null)
    {
        Guard.NotNull(x, "Nn.LogSoftmax");
        x = Promotion.ToFloat(x);
        return LogSoftmaxCore("Nn.LogSoftmax", x, AxesOf("Nn.LogSoftmax", x, axis), where);
    }
}
