using System;

namespace Functional.AD;

/// <summary>The <c>erf</c> primitive: elementwise error function; d erf(x) = 2/sqrt(pi) e^(-x^2) dx.</summary>
internal sealed class ErfPrimitive : UnaryElementwise
{
    internal static readonly ErfPrimitive Instance = new();

    private ErfPrimitive() : base("erf", AccurateMath.Erf, AccurateMath.Erf) { }

    protected override NDArray Jvp(NDArray x, NDArray y, NDArray t) => Ops.Mul(t, Ops.Mul(Ops.Const(x, 2 / Math.Sqrt(Math.PI)), Ops.Exp(Ops.Neg(Ops.Mul(x, x)))));
}

internal static partial class Ops
{
    /// <summary>Elementwise <c>erf</c>.</summary>
    internal static NDArray Erf(NDArray x) => ErfPrimitive.Instance.Apply(x);
}
