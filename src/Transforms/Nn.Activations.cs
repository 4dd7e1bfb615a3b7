using System;

namespace Functional.AD;

/// <summary>
/// The elementwise activations of <c>jax.nn</c> beyond relu, sigmoid, softplus and gelu: each a composition of
/// primitives written in JAX's numerically stable form, with JAX's derivative at every kink (noted per function).
/// Integer and bool inputs are converted to f64; f32 stays f32 (the constants are weakly typed).
/// </summary>
public static partial class Nn
{
    private static NDArray Float(NDArray x, string operation)
    {
        Guard.NotNull(x, operation);
        return Promotion.ToFloat(x);
    }

    /// <summary>
    /// min(max(x, 0), 6), as <c>jax.nn.relu6</c>: the derivative is 1 strictly inside (0, 6) and 0 elsewhere, so 0 at
    /// both kinks (JAX's custom JVP); NaN stays NaN with derivative 0.
    /// </summary>
    public static NDArray Relu6(NDArray x)
    {
        x = Float(x, "Nn.Relu6");
        var inside = Ops.BitwiseAnd(Ops.Gt(x, Ops.Const(x, 0)), Ops.Lt(x, Ops.Const(x, 6)));
        // outside (0, 6) the value is a constant of the input, cut from differentiation
        var clamped = Ops.StopGradient(Ops.Min(Ops.Max(x, Ops.Const(x, 0)), Ops.Const(x, 6)));
        return Ops.Select(inside, x, clamped);
    }

    /// <summary>x where x ≥ 0, negativeSlope · x elsewhere, as <c>jax.nn.leaky_relu</c> (derivative 1 at 0).</summary>
    public static NDArray LeakyRelu(NDArray x, double negativeSlope = 1e-2)
    {
        x = Float(x, "Nn.LeakyRelu");
        return Ops.Select(Ops.Ge(x, Ops.Const(x, 0)), x, Ops.Mul(Ops.Const(x, negativeSlope), x));
    }

    /// <summary>
    /// x where x &gt; 0, alpha · (eᕽ - 1) elsewhere, as <c>jax.nn.elu</c>: expm1 of the input clamped to ≤ 0, so neither
    /// branch overflows in value or gradient; the derivative at 0 is alpha (the left branch's).
    /// </summary>
    public static NDArray Elu(NDArray x, double alpha = 1.0)
    {
        x = Float(x, "Nn.Elu");
        var positive = Ops.Gt(x, Ops.Const(x, 0));
        var safe = Ops.Select(positive, Ops.ZerosLike(x), x);
        return Ops.Select(positive, x, Ops.Mul(Ops.Const(x, alpha), Ops.Expm1(safe)));
    }

    /// <summary>
    /// max(x, 0) + alpha · expm1(min(x, 0) / alpha), as <c>jax.nn.celu</c> (derivative 1 at 0, ties of max and min
    /// splitting the derivative as JAX's do).
    /// </summary>
    public static NDArray Celu(NDArray x, double alpha = 1.0)
    {
        x = Float(x, "Nn.Celu");
        var zero = Ops.Const(x, 0);
        var a = Ops.Const(x, alpha);
        return Ops.Add(Ops.Max(x, zero), Ops.Mul(a, Ops.Expm1(Ops.Div(Ops.Min(x, zero), a))));
    }

    /// <summary>The SELU constant α = 1.6732632423543772848170429916717.</summary>
    private const double SeluAlpha = 1.6732632423543772848170429916717;

    /// <summary>The SELU constant λ = 1.0507009873554804934193349852946.</summary>
    private const double SeluScale = 1.0507009873554804934193349852946;

    /// <summary>λ · elu(x, α) with JAX's constants, as <c>jax.nn.selu</c> (derivative λα at 0).</summary>
    public static NDArray Selu(NDArray x)
    {
        x = Float(x, "Nn.Selu");
        return Ops.Mul(Ops.Const(x, SeluScale), Elu(x, SeluAlpha));
    }

    /// <summary>x · sigmoid(x), as <c>jax.nn.silu</c> (also <see cref="Swish"/>).</summary>
    public static NDArray Silu(NDArray x)
    {
        x = Float(x, "Nn.Silu");
        return Ops.Mul(x, Ops.Logistic(x));
    }

    /// <summary>The same function as <see cref="Silu"/>, as <c>jax.nn.swish</c>.</summary>
    public static NDArray Swish(NDArray x)
    {
        Guard.NotNull(x, "Nn.Swish");
        return Silu(x);
    }

    /// <summary>x · tanh(softplus(x)), as <c>jax.nn.mish</c>.</summary>
    public static NDArray Mish(NDArray x)
    {
        x = Float(x, "Nn.Mish");
        return Ops.Mul(x, Ops.Tanh(Softplus(x)));
    }

    /// <summary>
    /// GELU, as <c>jax.nn.gelu(x, approximate)</c>. With <paramref name="approximate"/> the tanh form
    /// x/2 · (1 + tanh(√(2/π) (x + 0.044715 x³))), computed as x · sigmoid(2 √(2/π) (x + 0.044715 x³)) (the same
    /// function without the cancellation of 1 + tanh for negative x); otherwise the exact form x/2 · erfc(-x/√2).
    /// <see cref="Gelu(NDArray)"/> without the flag stays the exact form (JAX's default is the approximation).
    /// </summary>
    public static NDArray Gelu(NDArray x, bool approximate)
    {
        Guard.NotNull(x, "Nn.Gelu");
        if (!approximate) return Gelu(x);
        x = Promotion.ToFloat(x);
        var inner = Ops.Add(x, Ops.Mul(Ops.Const(x, 0.044715), Ops.IntegerPow(x, 3)));
        return Ops.Mul(x, Ops.Logistic(Ops.Mul(Ops.Const(x, 2 * Math.Sqrt(2 / Math.PI)), inner)));
    }

    /// <summary>
    /// The gated linear unit, as <c>jax.nn.glu</c>: the array split in two halves along <paramref name="axis"/>,
    /// first · sigmoid(second). The axis size must be even.
    /// </summary>
    public static NDArray Glu(NDArray x, int axis = -1)
    {
        x = Float(x, "Nn.Glu");
        int a = Promotion.Axis("Nn.Glu", axis, x);
        int n = x.Shape[a];
        if (n % 2 != 0) throw new ArgumentException($"Nn.Glu: the size of axis {axis} of {x.Type} must be even, got {n}");
        var first = Ops.SliceAxis(x, a, 0, n / 2);
        var second = Ops.SliceAxis(x, a, n / 2, n);
        return Ops.Mul(first, Ops.Logistic(second));
    }

    /// <summary>x clamped to [-1, 1], as <c>jax.nn.hard_tanh</c> (derivative 1 at ±1, 0 outside).</summary>
    public static NDArray HardTanh(NDArray x)
    {
        x = Float(x, "Nn.HardTanh");
        var one = Ops.Const(x, 1);
        var minusOne = Ops.Const(x, -1);
        var lower = Ops.Select(Ops.Lt(x, minusOne), Ops.BroadcastTo(minusOne, x.Shape), x);
        return Ops.Select(Ops.Gt(x, one), Ops.BroadcastTo(one, x.Shape), lower);
    }

    /// <summary>relu6(x + 3) / 6, as <c>jax.nn.hard_sigmoid</c> (derivative 0 at the kinks ±3).</summary>
    public static NDArray HardSigmoid(NDArray x)
    {
        x = Float(x, "Nn.HardSigmoid");
        return Ops.Div(Relu6(Ops.Add(x, Ops.Const(x, 3))), Ops.Const(x, 6));
    }

    /// <summary>x · hard_sigmoid(x), as <c>jax.nn.hard_silu</c> (also <see cref="HardSwish"/>).</summary>
    public static NDArray HardSilu(NDArray x)
    {
        x = Float(x, "Nn.HardSilu");
        return Ops.Mul(x, HardSigmoid(x));
    }

    /// <summary>The same function as <see cref="HardSilu"/>, as <c>jax.nn.hard_swish</c>.</summary>
    public static NDArray HardSwish(NDArray x)
    {
        Guard.NotNull(x, "Nn.HardSwish");
        return HardSilu(x);
    }

    /// <summary>log(sigmoid(x)) computed as -softplus(-x), as <c>jax.nn.log_sigmoid</c>: finite for any finite x.</summary>
    public static NDArray LogSigmoid(NDArray x)
    {
        x = Float(x, "Nn.LogSigmoid");
        return Ops.Neg(Softplus(Ops.Neg(x)));
    }

    /// <summary>x / (|x| + 1), as <c>jax.nn.soft_sign</c>.</summary>
    public static NDArray SoftSign(NDArray x)
    {
        x = Float(x, "Nn.SoftSign");
        return Ops.Div(x, Ops.Add(Ops.Abs(x), Ops.Const(x, 1)));
    }

    /// <summary>
    /// 0 for x ≤ -1, (x + 1)²/4 on (-1, 1), x for x ≥ 1, as <c>jax.nn.sparse_plus</c> (continuously differentiable).
    /// </summary>
    public static NDArray SparsePlus(NDArray x)
    {
        x = Float(x, "Nn.SparsePlus");
        var quadratic = Ops.Div(Ops.IntegerPow(Ops.Add(x, Ops.Const(x, 1)), 2), Ops.Const(x, 4));
        var upper = Ops.Select(Ops.Ge(x, Ops.Const(x, 1)), x, quadratic);
        return Ops.Select(Ops.Le(x, Ops.Const(x, -1)), Ops.ZerosLike(x), upper);
    }

    /// <summary>
    /// (x + √(x² + b)) / 2, as <c>jax.nn.squareplus</c> (b &gt; 0 keeps it smooth). For large negative x this form
    /// cancels, as JAX's does.
    /// </summary>
    public static NDArray Squareplus(NDArray x, double b = 4)
    {
        x = Float(x, "Nn.Squareplus");
        var root = Ops.Sqrt(Ops.Add(Ops.IntegerPow(x, 2), Ops.Const(x, b)));
        return Ops.Div(Ops.Add(x, root), Ops.Const(x, 2));
    }
}
