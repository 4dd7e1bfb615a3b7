using System;

namespace Functional.AD;

public static partial class Np
{
    /// <summary>
    /// The angle of the point (x2, x1) in radians, in (-π, π] (<c>jnp.arctan2(x1, x2)</c>: x1 is the y coordinate),
    /// with numpy broadcasting; integers are promoted to float. The derivative is NaN at the origin, as in JAX.
    /// </summary>
    public static NDArray Arctan2(NDArray x1, NDArray x2)
    {
        var (a, b) = Broadcast2("Np.Arctan2", x1, x2);
        return Ops.Atan2(Promotion.ToFloat(a), Promotion.ToFloat(b));
    }

    /// <summary>
    /// sqrt(x1² + x2²) without overflow or underflow in between (<c>jnp.hypot</c>): computed as
    /// max · sqrt(1 + (min / max)²), with hypot(±inf, NaN) = inf as numpy.
    /// </summary>
    public static NDArray Hypot(NDArray x1, NDArray x2)
    {
        var (a, b) = Broadcast2("Np.Hypot", x1, x2);
        a = Ops.Abs(Promotion.ToFloat(a));
        b = Ops.Abs(Promotion.ToFloat(b));
        var inf = Ops.Const(a, double.PositiveInfinity);
        var infinite = Ops.BitwiseOr(Ops.Eq(a, inf), Ops.Eq(b, inf));
        var (large, small) = (Ops.Max(a, b), Ops.Min(a, b));
        var zero = Ops.Eq(large, Ops.Const(a, 0));
        var safeLarge = Ops.Select(zero, Ops.BroadcastTo(Ops.Const(a, 1), a.Shape), large);
        var ratio = Ops.Div(small, safeLarge);
        var value = Ops.Select(zero, large, Ops.Mul(large, Ops.Sqrt(Ops.Add(Ops.Const(a, 1), Ops.Mul(ratio, ratio)))));
        return Ops.Select(infinite, Ops.BroadcastTo(inf, a.Shape), value);
    }

    /// <summary>Degrees to radians, x · π / 180 (<c>jnp.deg2rad</c>).</summary>
    public static NDArray Deg2Rad(NDArray x)
    {
        var fx = Promotion.ToFloat(Guard.NotNull(x, "Np.Deg2Rad"));
        return Ops.Mul(fx, Ops.Const(fx, Math.PI / 180));
    }

    /// <summary>Radians to degrees, x · 180 / π (<c>jnp.rad2deg</c>).</summary>
    public static NDArray Rad2Deg(NDArray x)
    {
        var fx = Promotion.ToFloat(Guard.NotNull(x, "Np.Rad2Deg"));
        return Ops.Mul(fx, Ops.Const(fx, 180 / Math.PI));
    }

    /// <summary>The same as <see cref="Deg2Rad"/> (<c>jnp.radians</c>).</summary>
    public static NDArray Radians(NDArray x) => Deg2Rad(Guard.NotNull(x, "Np.Radians"));

    /// <summary>The same as <see cref="Rad2Deg"/> (<c>jnp.degrees</c>).</summary>
    public static NDArray Degrees(NDArray x) => Rad2Deg(Guard.NotNull(x, "Np.Degrees"));

    /// <summary>
    /// The normalized sinc, sin(πx) / (πx), with sinc(0) = 1 (<c>jnp.sinc</c>). Near 0 it is evaluated by its
    /// Maclaurin series, so the value and the derivatives of the first orders are right at 0 (sinc'(0) = 0,
    /// sinc''(0) = -π²/3), as JAX's custom rule gives them.
    /// </summary>
    public static NDArray Sinc(NDArray x)
    {
        var fx = Promotion.ToFloat(Guard.NotNull(x, "Np.Sinc"));
        var pix = Ops.Mul(fx, Ops.Const(fx, Math.PI));
        // |πx| below the threshold: 1 - u/6 + u²/120 - u³/5040 with u = (πx)², exact to rounding there (the next
        // term is below 1e-20 for f64's threshold); elsewhere sin(πx)/(πx) on an argument kept away from 0.
        double threshold = fx.DType == DType.Float32 ? 0.1 : 1e-3;
        var small = Ops.Lt(Ops.Abs(pix), Ops.Const(pix, threshold));
        var safe = Ops.Select(small, Ops.BroadcastTo(Ops.Const(pix, 1), pix.Shape), pix);
        var u = Ops.Mul(pix, pix);
        var series = Ops.Add(Ops.Const(u, 1), Ops.Mul(u, Ops.Add(Ops.Const(u, -1.0 / 6),
            Ops.Mul(u, Ops.Add(Ops.Const(u, 1.0 / 120), Ops.Mul(u, Ops.Const(u, -1.0 / 5040)))))));
        return Ops.Select(small, series, Ops.Div(Ops.Sin(safe), safe));
    }
}
