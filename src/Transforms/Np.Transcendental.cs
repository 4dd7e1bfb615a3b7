using System;

namespace Functional.AD;

public static partial class Np
{
    /// <summary>Hyperbolic sine (<c>jnp.sinh</c>); integer and bool arrays are promoted to float.</summary>
    public static NDArray Sinh(NDArray x) => FloatUnary("Np.Sinh", x, Ops.Sinh);

    /// <summary>Hyperbolic cosine (<c>jnp.cosh</c>).</summary>
    public static NDArray Cosh(NDArray x) => FloatUnary("Np.Cosh", x, Ops.Cosh);

    /// <summary>Arcsine (<c>jnp.arcsin</c>): NaN outside [-1, 1]; the derivative is infinite at ±1.</summary>
    public static NDArray Arcsin(NDArray x) => FloatUnary("Np.Arcsin", x, Ops.Asin);

    /// <summary>Arccosine (<c>jnp.arccos</c>): NaN outside [-1, 1]; the derivative is infinite at ±1.</summary>
    public static NDArray Arccos(NDArray x) => FloatUnary("Np.Arccos", x, Ops.Acos);

    /// <summary>Inverse hyperbolic sine (<c>jnp.arcsinh</c>).</summary>
    public static NDArray Arcsinh(NDArray x) => FloatUnary("Np.Arcsinh", x, Ops.Asinh);

    /// <summary>Inverse hyperbolic cosine (<c>jnp.arccosh</c>): NaN below 1.</summary>
    public static NDArray Arccosh(NDArray x) => FloatUnary("Np.Arccosh", x, Ops.Acosh);

    /// <summary>Inverse hyperbolic tangent (<c>jnp.arctanh</c>): ±∞ at ±1, NaN beyond.</summary>
    public static NDArray Arctanh(NDArray x) => FloatUnary("Np.Arctanh", x, Ops.Atanh);

    /// <summary>The real cube root (<c>jnp.cbrt</c>): negative for negative x; the derivative is infinite at 0.</summary>
    public static NDArray Cbrt(NDArray x) => FloatUnary("Np.Cbrt", x, Ops.Cbrt);

    /// <summary>2^x (<c>jnp.exp2</c>).</summary>
    public static NDArray Exp2(NDArray x) => FloatUnary("Np.Exp2", x, Ops.Exp2);

    /// <summary>The base-2 logarithm (<c>jnp.log2</c>: log(x) / log(2), as JAX computes it).</summary>
    public static NDArray Log2(NDArray x)
    {
        var fx = Promotion.ToFloat(Guard.NotNull(x, "Np.Log2"));
        return Ops.Div(Ops.Log(fx), Ops.Const(fx, Math.Log(2)));
    }

    /// <summary>The base-10 logarithm (<c>jnp.log10</c>: log(x) / log(10), as JAX computes it).</summary>
    public static NDArray Log10(NDArray x)
    {
        var fx = Promotion.ToFloat(Guard.NotNull(x, "Np.Log10"));
        return Ops.Div(Ops.Log(fx), Ops.Const(fx, Math.Log(10)));
    }

    /// <summary>
    /// log(e^x1 + e^x2) without overflow (<c>jnp.logaddexp</c>): max + log1p(e^-|x1 - x2|); where x1 = x2 = ±inf the
    /// result is that infinity. The gradient is the softmax of (x1, x2): 1/2 each at ties.
    /// </summary>
    public static NDArray LogAddExp(NDArray x1, NDArray x2) => LogAddExpBase("Np.LogAddExp", x1, x2, base2: false);

    /// <summary>log2(2^x1 + 2^x2) without overflow (<c>jnp.logaddexp2</c>).</summary>
    public static NDArray LogAddExp2(NDArray x1, NDArray x2) => LogAddExpBase("Np.LogAddExp2", x1, x2, base2: true);

    private static NDArray LogAddExpBase(string operation, NDArray x1, NDArray x2, bool base2)
    {
        var (a, b) = Broadcast2(operation, x1, x2);
        a = Promotion.ToFloat(a);
        b = Promotion.ToFloat(b);
        var largest = Ops.Max(a, b);
        var delta = Ops.Sub(a, b);
        // Equal infinities make delta NaN: the sum a + b is then the right infinity (and NaN stays NaN).
        var undefined = Ops.Ne(delta, delta);
        var gap = Ops.Neg(Ops.Abs(Ops.Select(undefined, Ops.ZerosLike(delta), delta)));
        var tail = base2
            ? Ops.Div(Ops.Log1p(Ops.Exp2(gap)), Ops.Const(gap, Math.Log(2)))
            : Ops.Log1p(Ops.Exp(gap));
        return Ops.Select(undefined, Ops.Add(a, b), Ops.Add(largest, tail));
    }
}
