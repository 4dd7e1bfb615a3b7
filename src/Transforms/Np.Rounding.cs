namespace Functional.AD;

public static partial class Np
{
    /// <summary>
    /// The smallest integer not below x, elementwise (<c>jnp.ceil</c>): integer and bool arrays come back unchanged;
    /// the derivative is zero.
    /// </summary>
    public static NDArray Ceil(NDArray x)
    {
        Guard.NotNull(x, "Np.Ceil");
        return x.DType.IsFloat() ? Ops.Ceil(x) : x;
    }

    /// <summary>
    /// x rounded to <paramref name="decimals"/> decimal places, halves to even (<c>jnp.round</c>): with decimals = 0
    /// the nearest integer (2.5 → 2, -0.5 → -0); otherwise round(x · 10^decimals) / 10^decimals (round(x / 10^-decimals) · 10^-decimals for negative decimals), so results carry
    /// the usual binary rounding (numpy's rule too). Integer and bool arrays come back unchanged for decimals ≥ 0.
    /// The derivative is zero.
    /// </summary>
    public static NDArray Round(NDArray x, int decimals = 0)
    {
        Guard.NotNull(x, "Np.Round");
        if (!x.DType.IsFloat())
        {
            if (decimals >= 0) return x;
            x = Promotion.ToFloat(x);
        }
        if (decimals == 0) return Ops.Round(x);
        if (decimals > 0)
        {
            var scale = Ops.Const(x, System.Math.Pow(10, decimals));
            return Ops.Div(Ops.Round(Ops.Mul(x, scale)), scale);
        }
        // Negative decimals divide by the exact power of ten first, as numpy does (10^-d is not exact in binary).
        var divisor = Ops.Const(x, System.Math.Pow(10, -decimals));
        return Ops.Mul(Ops.Round(Ops.Div(x, divisor)), divisor);
    }

    /// <summary>The integer part of x, rounding toward zero (<c>jnp.trunc</c>); integers and bools unchanged; derivative zero.</summary>
    public static NDArray Trunc(NDArray x)
    {
        Guard.NotNull(x, "Np.Trunc");
        return x.DType.IsFloat() ? Truncate(x) : x;
    }

    /// <summary>Rounds toward zero, as <see cref="Trunc"/> (<c>jnp.fix</c>).</summary>
    public static NDArray Fix(NDArray x)
    {
        Guard.NotNull(x, "Np.Fix");
        return x.DType.IsFloat() ? Truncate(x) : x;
    }

    /// <summary>where(x &lt; 0, ceil(x), floor(x)) on a float array: JAX's composition, with a zero derivative.</summary>
    private static NDArray Truncate(NDArray x) => Ops.Select(Ops.Lt(x, Ops.Const(x, 0)), Ops.Ceil(x), Ops.Floor(x));
}
