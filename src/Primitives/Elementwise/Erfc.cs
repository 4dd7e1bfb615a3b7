using System;

namespace Functional.AD;

/// <summary>The <c>erfc</c> primitive: elementwise 1 - erf(x), accurate in the tail; d erfc(x) = -2/sqrt(pi) e^(-x^2) dx.</summary>
internal sealed class ErfcPrimitive : UnaryElementwise
{
    internal static readonly ErfcPrimitive Instance = new();

    private ErfcPrimitive() : base("erfc", AccurateMath.Erfc, AccurateMath.Erfc) { }

    protected override NDArray Jvp(NDArray x, NDArray y, NDArray t) =>
        Ops.Mul(t, Ops.Mul(Ops.Const(x, -2 / Math.Sqrt(Math.PI)), Ops.Exp(Ops.Neg(Ops.Mul(x, x)))));
}

internal static partial class Ops
{
    /// <summary>Elementwise <c>erfc</c>.</summary>
    internal static NDArray Erfc(NDArray x) => ErfcPrimitive.Instance.Apply(x);
}
