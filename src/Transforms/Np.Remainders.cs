using System.Runtime.CompilerServices;

namespace Functional.AD;

public static partial class Np
{
    /// <summary>
    /// Both operands after the null checks, promoted to their common dtype and broadcast to one full shape (0-d
    /// operands too), for compositions that select between results.
    /// </summary>
    private static (NDArray A, NDArray B) Broadcast2(string operation, NDArray a, NDArray b,
        [CallerArgumentExpression(nameof(a))] string? aName = null, [CallerArgumentExpression(nameof(b))] string? bName = null)
    {
        Guard.NotNull(a, operation, aName);
        Guard.NotNull(b, operation, bName);
        var shape = Promotion.BroadcastShapes(operation, a, b);
        (a, b) = Promotion.Binary(operation, a, b);
        return (Ops.BroadcastTo(a, shape), Ops.BroadcastTo(b, shape));
    }

    /// <summary>
    /// The remainder of truncated division, with the sign of <paramref name="x1"/> (<c>jnp.fmod</c>, C's fmod):
    /// fmod(-7, 3) = -1. Integer division by zero gives x1 (as XLA); float division by zero gives NaN.
    /// d/dx1 = 1, d/dx2 = -trunc(x1 / x2).
    /// </summary>
    public static NDArray Fmod(NDArray x1, NDArray x2)
    {
        var (a, b) = Broadcast2("Np.Fmod", x1, x2);
        if (a.DType == DType.Bool) throw ShapeErrors.Error("Np.Fmod", "is not defined for bool operands", x1.Type, x2.Type);
        return Ops.Rem(a, b);
    }

    /// <summary>
    /// The remainder of floor division, with the sign of <paramref name="x2"/> (<c>jnp.remainder</c>, Python's %):
    /// remainder(-7, 3) = 2, so that floor_divide(x1, x2) · x2 + remainder(x1, x2) = x1. Integer division by zero gives
    /// x1's fmod (x1), float division by zero NaN.
    /// </summary>
    public static NDArray Remainder(NDArray x1, NDArray x2)
    {
        var (a, b) = Broadcast2("Np.Remainder", x1, x2);
        if (a.DType == DType.Bool) throw ShapeErrors.Error("Np.Remainder", "is not defined for bool operands", x1.Type, x2.Type);
        return FloorRemainder(a, b);
    }

    /// <summary>The same as <see cref="Remainder"/> (<c>jnp.mod</c>).</summary>
    public static NDArray Mod(NDArray x1, NDArray x2)
    {
        var (a, b) = Broadcast2("Np.Mod", x1, x2);
        if (a.DType == DType.Bool) throw ShapeErrors.Error("Np.Mod", "is not defined for bool operands", x1.Type, x2.Type);
        return FloorRemainder(a, b);
    }

    /// <summary>
    /// The floor of x1 / x2 (<c>jnp.floor_divide</c>, Python's //): floor_divide(-7, 2) = -4. For integers the
    /// exact integer result (division by zero gives 0, as the library's integer division); for floats
    /// numpy's divmod rule ((x1 - fmod) / x2, adjusted to the floor; x1 / x2 where x2 = 0). The derivative is zero.
    /// </summary>
    public static NDArray FloorDivide(NDArray x1, NDArray x2)
    {
        var (a, b) = Broadcast2("Np.FloorDivide", x1, x2);
        if (a.DType == DType.Bool) return Ops.BitwiseAnd(a, b);
        var zero = Ops.Const(a, 0);
        var one = Ops.Const(a, 1);
        var truncMod = Ops.Rem(a, b);
        if (a.DType.IsInteger())
        {
            // Truncated quotient, one less where the exact quotient is negative and not whole.
            var quotient = Ops.Div(a, b);
            var negative = Ops.Ne(Ops.Lt(a, zero), Ops.Lt(b, zero));
            var adjust = Ops.BitwiseAnd(negative, Ops.Ne(truncMod, zero));
            return Ops.Select(adjust, Ops.Sub(quotient, one), quotient);
        }
        // numpy's float divmod: (a - fmod) / b is a whole number up to rounding; one less where fmod's sign is not b's;
        // then the nearest whole number below or above. Division by zero gives a / b (±inf or NaN), as numpy.
        var (sa, sb, mod) = (Ops.StopGradient(a), Ops.StopGradient(b), Ops.StopGradient(truncMod));
        var division = Ops.Div(Ops.Sub(sa, mod), sb);
        var wrongSign = Ops.BitwiseAnd(Ops.Ne(mod, zero), Ops.Ne(Ops.Lt(sb, zero), Ops.Lt(mod, zero)));
        division = Ops.Select(wrongSign, Ops.Sub(division, one), division);
        var floor = Ops.Floor(division);
        var nearest = Ops.Select(Ops.Gt(Ops.Sub(division, floor), Ops.Const(a, 0.5)), Ops.Add(floor, one), floor);
        return Ops.Select(Ops.Eq(sb, zero), Ops.Div(sa, sb), nearest);
    }

    /// <summary>rem(a, b) moved onto the sign of b where they differ (operands of one dtype and shape).</summary>
    private static NDArray FloorRemainder(NDArray a, NDArray b)
    {
        var zero = Ops.Const(a, 0);
        var truncMod = Ops.Rem(a, b);
        var shift = Ops.BitwiseAnd(Ops.Ne(truncMod, zero), Ops.Ne(Ops.Lt(truncMod, zero), Ops.Lt(b, zero)));
        return Ops.Select(shift, Ops.Add(truncMod, b), truncMod);
    }
}
