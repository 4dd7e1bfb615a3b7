namespace Functional.AD;

/// <summary>How <see cref="Lax.Round"/> breaks ties (<c>jax.lax.RoundingMethod</c>).</summary>
public enum RoundingMethod
{
    /// <summary>Halves round away from zero (2.5 → 3, -2.5 → -3): lax.round's default.</summary>
    AwayFromZero = 0,
    /// <summary>Halves round to the even neighbour (2.5 → 2, 3.5 → 4): numpy's and jnp.round's rule.</summary>
    ToNearestEven = 1,
}

public static partial class Lax
{
    private static NDArray FloatOnly(string operation, NDArray x)
    {
        Guard.NotNull(x, operation);
        if (!x.DType.IsFloat()) throw ShapeErrors.Error(operation, "requires a floating-point operand", x.Type);
        return x;
    }

    /// <summary>Elementwise ceiling (<c>jax.lax.ceil</c>): floating-point operands only; the derivative is zero.</summary>
    public static NDArray Ceil(NDArray x) => Ops.Ceil(FloatOnly("Lax.Ceil", x));

    /// <summary>
    /// Rounds to the nearest integer (<c>jax.lax.round</c>), halves away from zero by default as in JAX, or to even
    /// with <see cref="RoundingMethod.ToNearestEven"/>. Floating-point operands only; the derivative is zero.
    /// </summary>
    public static NDArray Round(NDArray x, RoundingMethod roundingMethod = RoundingMethod.AwayFromZero)
    {
        FloatOnly("Lax.Round", x);
        var even = Ops.Round(x);
        if (roundingMethod == RoundingMethod.ToNearestEven) return even;
        // A tie is a value whose distance from its truncation is exactly one half; away from zero it goes to trunc + sign.
        var zero = Ops.Const(x, 0);
        var truncated = Ops.Select(Ops.Lt(x, zero), Ops.Ceil(x), Ops.Floor(x));
        var tie = Ops.Eq(Ops.Abs(Ops.Sub(x, truncated)), Ops.Const(x, 0.5));
        return Ops.Select(tie, Ops.Add(truncated, Ops.Sign(x)), even);
    }

    /// <summary>Elementwise hyperbolic sine (<c>jax.lax.sinh</c>).</summary>
    public static NDArray Sinh(NDArray x) => Ops.Sinh(FloatOnly("Lax.Sinh", x));

    /// <summary>Elementwise hyperbolic cosine (<c>jax.lax.cosh</c>).</summary>
    public static NDArray Cosh(NDArray x) => Ops.Cosh(FloatOnly("Lax.Cosh", x));

    /// <summary>Elementwise arcsine (<c>jax.lax.asin</c>).</summary>
    public static NDArray Asin(NDArray x) => Ops.Asin(FloatOnly("Lax.Asin", x));

    /// <summary>Elementwise arccosine (<c>jax.lax.acos</c>).</summary>
    public static NDArray Acos(NDArray x) => Ops.Acos(FloatOnly("Lax.Acos", x));

    /// <summary>Elementwise inverse hyperbolic sine (<c>jax.lax.asinh</c>).</summary>
    public static NDArray Asinh(NDArray x) => Ops.Asinh(FloatOnly("Lax.Asinh", x));

    /// <summary>Elementwise inverse hyperbolic cosine (<c>jax.lax.acosh</c>).</summary>
    public static NDArray Acosh(NDArray x) => Ops.Acosh(FloatOnly("Lax.Acosh", x));

    /// <summary>Elementwise inverse hyperbolic tangent (<c>jax.lax.atanh</c>).</summary>
    public static NDArray Atanh(NDArray x) => Ops.Atanh(FloatOnly("Lax.Atanh", x));

    /// <summary>Elementwise real cube root (<c>jax.lax.cbrt</c>).</summary>
    public static NDArray Cbrt(NDArray x) => Ops.Cbrt(FloatOnly("Lax.Cbrt", x));

    /// <summary>Elementwise 2^x (<c>jax.lax.exp2</c>).</summary>
    public static NDArray Exp2(NDArray x) => Ops.Exp2(FloatOnly("Lax.Exp2", x));

    /// <summary>The complementary error function 1 - erf(x), accurate in its tail (<c>jax.lax.erfc</c>).</summary>
    public static NDArray Erfc(NDArray x) => Ops.Erfc(FloatOnly("Lax.Erfc", x));

    /// <summary>
    /// The inverse error function on (-1, 1), ±inf at ±1, NaN beyond (<c>jax.lax.erf_inv</c>). f64 refines a polynomial
    /// start by Newton steps on erf and erfc (scalar); f32 is Giles' single-precision polynomial (as XLA computes it,
    /// within 4 f32 ulps), vectorized, and fused with its neighbours in jitted programs.
    /// </summary>
    public static NDArray ErfInv(NDArray x) => Ops.ErfInv(FloatOnly("Lax.ErfInv", x));

    /// <summary>log |Γ(x)|, +inf at the poles 0, -1, -2, ... (<c>jax.lax.lgamma</c>); its derivative is digamma.</summary>
    public static NDArray Lgamma(NDArray x) => Ops.Lgamma(FloatOnly("Lax.Lgamma", x));

    /// <summary>ψ(x) = Γ'(x)/Γ(x), NaN at the poles (<c>jax.lax.digamma</c>); its derivative is polygamma(1, x).</summary>
    public static NDArray Digamma(NDArray x) => Ops.Digamma(FloatOnly("Lax.Digamma", x));

    /// <summary>
    /// ψ^(m)(x), the m-th derivative of digamma, for an order 1 ≤ m ≤ 32 (<c>jax.lax.polygamma</c>, whose order is an
    /// array there and a number here); NaN at the poles 0, -1, -2, ....
    /// </summary>
    public static NDArray Polygamma(int m, NDArray x)
    {
        FloatOnly("Lax.Polygamma", x);
        if (m < 1 || m > PolygammaPrimitive.MaxOrder)
            throw new System.ArgumentOutOfRangeException(nameof(m), $"Lax.Polygamma: the order must be between 1 and {PolygammaPrimitive.MaxOrder}, got {m} (for m = 0 use Lax.Digamma)");
        return Ops.Polygamma(m, x);
    }

    /// <summary>Both operands of a binary Lax function after the null checks: one dtype, equal shapes or one 0-d, as lax requires.</summary>
    private static (NDArray X, NDArray Y) LaxPair(string operation, NDArray x, NDArray y,
        [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(x))] string? xName = null,
        [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(y))] string? yName = null)
    {
        Guard.NotNull(x, operation, xName);
        Guard.NotNull(y, operation, yName);
        if (x.DType != y.DType || !(x.Shape == y.Shape || x.Rank == 0 || y.Rank == 0))
            throw ShapeErrors.Error(operation, "operands must have the same dtype and equal shapes (or one 0-d); use the Np form to promote and broadcast", x.Type, y.Type);
        return (x, y);
    }

    /// <summary>The angle of (y, x) for operands (x, y), atan(x / y) in the right quadrant (<c>jax.lax.atan2(x, y)</c>); floats only.</summary>
    public static NDArray Atan2(NDArray x, NDArray y)
    {
        (x, y) = LaxPair("Lax.Atan2", x, y);
        FloatOnly("Lax.Atan2", x);
        return Ops.Atan2(x, y);
    }

    /// <summary>The remainder of truncated division with the sign of x (<c>jax.lax.rem</c>, C's fmod); integer x rem 0 = x.</summary>
    public static NDArray Rem(NDArray x, NDArray y)
    {
        (x, y) = LaxPair("Lax.Rem", x, y);
        if (x.DType == DType.Bool) throw ShapeErrors.Error("Lax.Rem", "is not defined for bool operands", x.Type, y.Type);
        return Ops.Rem(x, y);
    }

    /// <summary>Bitwise and of integer operands, logical and of bools (<c>jax.lax.bitwise_and</c>).</summary>
    public static NDArray BitwiseAnd(NDArray x, NDArray y)
    {
        (x, y) = LaxPair("Lax.BitwiseAnd", x, y);
        return Ops.BitwiseAnd(x, y);
    }

    /// <summary>Bitwise or of integer operands, logical or of bools (<c>jax.lax.bitwise_or</c>).</summary>
    public static NDArray BitwiseOr(NDArray x, NDArray y)
    {
        (x, y) = LaxPair("Lax.BitwiseOr", x, y);
        return Ops.BitwiseOr(x, y);
    }

    /// <summary>Bitwise exclusive or of integer operands, logical xor of bools (<c>jax.lax.bitwise_xor</c>).</summary>
    public static NDArray BitwiseXor(NDArray x, NDArray y)
    {
        (x, y) = LaxPair("Lax.BitwiseXor", x, y);
        return Ops.BitwiseXor(x, y);
    }

    /// <summary>
    /// x shifted left by y bits (<c>jax.lax.shift_left</c>): integer operands of one dtype; y is read as unsigned, so
    /// a shift by the bit width or more (or by a negative amount) gives 0.
    /// </summary>
    public static NDArray ShiftLeft(NDArray x, NDArray y)
    {
        (x, y) = LaxPair("Lax.ShiftLeft", x, y);
        return Ops.ShiftLeft(x, y);
    }

    /// <summary>
    /// x shifted right by y bits filling with zeros (<c>jax.lax.shift_right_logical</c>): integer operands of one dtype;
    /// a shift by the bit width or more gives 0.
    /// </summary>
    public static NDArray ShiftRightLogical(NDArray x, NDArray y)
    {
        (x, y) = LaxPair("Lax.ShiftRightLogical", x, y);
        return Ops.ShiftRightLogical(x, y);
    }

    /// <summary>
    /// x shifted right by y bits filling with the top (sign) bit (<c>jax.lax.shift_right_arithmetic</c>): integer
    /// operands of one dtype; a shift by the bit width or more fills every bit with the sign.
    /// </summary>
    public static NDArray ShiftRightArithmetic(NDArray x, NDArray y)
    {
        (x, y) = LaxPair("Lax.ShiftRightArithmetic", x, y);
        return Ops.ShiftRightArithmetic(x, y);
    }

    /// <summary>Bitwise not of an integer operand, logical not of bools (<c>jax.lax.bitwise_not</c>).</summary>
    public static NDArray BitwiseNot(NDArray x) => Np.BitwiseNot(Guard.NotNull(x, "Lax.BitwiseNot"));

    /// <summary>
    /// The bits of <paramref name="operand"/> read as <paramref name="newDtype"/> (<c>jax.lax.bitcast_convert_type</c>),
    /// which must have the same width: u32, i32 and f32; i64 and f64; f16 and bf16; u8. Not differentiable.
    /// </summary>
    /// <param name="operand">The array whose bits are read.</param>
    /// <param name="newDtype">The dtype to read them as.</param>
    public static NDArray BitcastConvertType(NDArray operand, DType newDtype)
    {
        Guard.NotNull(operand, "Lax.BitcastConvertType");
        return Ops.BitcastConvertType(operand, newDtype);
    }
}
