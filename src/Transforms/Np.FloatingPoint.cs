namespace Functional.AD;

public static partial class Np
{
    /// <summary>True where x is NaN (<c>jnp.isnan</c>); all false for integer and bool arrays.</summary>
    public static NDArray IsNan(NDArray x)
    {
        Guard.NotNull(x, "Np.IsNan");
        return Ops.Ne(x, x);
    }

    /// <summary>True where x is +inf or -inf (<c>jnp.isinf</c>); all false for integer and bool arrays.</summary>
    public static NDArray IsInf(NDArray x)
    {
        Guard.NotNull(x, "Np.IsInf");
        return x.DType.IsFloat() ? Ops.Eq(Ops.Abs(x), Ops.Const(x, double.PositiveInfinity)) : Ops.Ne(x, x);
    }

    /// <summary>True where x is +inf (<c>jnp.isposinf</c>).</summary>
    public static NDArray IsPosInf(NDArray x)
    {
        Guard.NotNull(x, "Np.IsPosInf");
        return x.DType.IsFloat() ? Ops.Eq(x, Ops.Const(x, double.PositiveInfinity)) : Ops.Ne(x, x);
    }

    /// <summary>True where x is -inf (<c>jnp.isneginf</c>).</summary>
    public static NDArray IsNegInf(NDArray x)
    {
        Guard.NotNull(x, "Np.IsNegInf");
        return x.DType.IsFloat() ? Ops.Eq(x, Ops.Const(x, double.NegativeInfinity)) : Ops.Ne(x, x);
    }

    /// <summary>
    /// x with NaN replaced by <paramref name="nan"/>, +inf by <paramref name="posinf"/> and -inf by
    /// <paramref name="neginf"/> (<c>jnp.nan_to_num</c>); the infinities default to the dtype's largest and
    /// smallest finite values. Integer and bool arrays come back unchanged. <paramref name="copy"/> is accepted for
    /// numpy's signature: arrays are immutable, so there is never anything to copy. The derivative passes through
    /// where x is finite and is zero at the replaced elements.
    /// </summary>
    public static NDArray NanToNum(NDArray x, bool copy = true, double nan = 0.0, double? posinf = null, double? neginf = null)
    {
        Guard.NotNull(x, "Np.NanToNum");
        _ = copy;
        if (!x.DType.IsFloat()) return x;
        double largest = x.DType == DType.Float32 ? float.MaxValue : double.MaxValue;
        NDArray Fill(double v) => Ops.BroadcastTo(Ops.Const(x, v), x.Shape);
        var result = Ops.Select(Ops.Ne(x, x), Fill(nan), x);
        result = Ops.Select(Ops.Eq(x, Ops.Const(x, double.PositiveInfinity)), Fill(posinf ?? largest), result);
        return Ops.Select(Ops.Eq(x, Ops.Const(x, double.NegativeInfinity)), Fill(neginf ?? -largest), result);
    }

    /// <summary>
    /// True where x's sign bit is set (<c>jnp.signbit</c>): negative numbers, -0 and -inf. (A NaN's sign bit is not
    /// read: NaN gives false.) Integers: x &lt; 0; bools: false.
    /// </summary>
    public static NDArray SignBit(NDArray x)
    {
        Guard.NotNull(x, "Np.SignBit");
        if (x.DType == DType.Bool) return Ops.Ne(x, x);
        var zero = Ops.Const(x, 0);
        if (!x.DType.IsFloat()) return Ops.Lt(x, zero);
        // -0 is the zero whose reciprocal is -inf.
        var negativeZero = Ops.BitwiseAnd(Ops.Eq(x, zero), Ops.Lt(Ops.Div(Ops.Const(x, 1), x), zero));
        return Ops.BitwiseOr(Ops.Lt(x, zero), negativeZero);
    }

    /// <summary>
    /// |x1| with the sign of x2 (<c>jnp.copysign</c>), with broadcasting; integers are promoted to float. The sign of
    /// -0 counts as negative (see <see cref="SignBit"/>).
    /// </summary>
    public static NDArray CopySign(NDArray x1, NDArray x2)
    {
        var (a, b) = Broadcast2("Np.CopySign", x1, x2);
        a = Promotion.ToFloat(a);
        b = Promotion.ToFloat(b);
        var magnitude = Ops.Abs(a);
        return Ops.Select(SignBit(b), Ops.Neg(magnitude), magnitude);
    }

    /// <summary>
    /// The Heaviside step (<c>jnp.heaviside</c>): 0 where x1 &lt; 0, 1 where x1 &gt; 0, x2 where x1 = 0; NaN where x1
    /// is NaN. The derivative in x1 is zero; in x2 it flows where x1 = 0.
    /// </summary>
    public static NDArray Heaviside(NDArray x1, NDArray x2)
    {
        var (a, b) = Broadcast2("Np.Heaviside", x1, x2);
        a = Promotion.ToFloat(a);
        b = Promotion.ToFloat(b);
        var zero = Ops.Const(a, 0);
        var step = Ops.Select(Ops.Gt(a, zero), Ops.BroadcastTo(Ops.Const(a, 1), a.Shape), Ops.ZerosLike(a));
        var result = Ops.Select(Ops.Eq(a, zero), b, step);
        return Ops.Select(Ops.Ne(a, a), Ops.StopGradient(a), result);
    }
}
