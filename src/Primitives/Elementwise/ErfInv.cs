using System;

namespace Functional.AD;

/// <summary>The <c>erf_inv</c> primitive: elementwise inverse error function; d erfinv(y) = √π/2 · e^(erfinv(y)²) dy.</summary>
internal sealed class ErfInvPrimitive : UnaryElementwise
{
    internal static readonly ErfInvPrimitive Instance = new();

    private ErfInvPrimitive() : base("erf_inv", AccurateMath.ErfInv, FastMath.ErfInv) { }

    protected override NDArray Jvp(NDArray x, NDArray y, NDArray t) =>
        Ops.Mul(t, Ops.Mul(Ops.Const(y, Math.Sqrt(Math.PI) / 2), Ops.Exp(Ops.Mul(y, y))));
}

internal static partial class Ops
{
    /// <summary>Elementwise <c>erf_inv</c>.</summary>
    internal static NDArray ErfInv(NDArray x) => ErfInvPrimitive.Instance.Apply(x);
}
