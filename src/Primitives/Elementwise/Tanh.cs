using System;
using System.Numerics.Tensors;

namespace Functional.AD;

/// <summary>The <c>tanh</c> primitive: elementwise hyperbolic tangent; d tanh(x) = (1 - tanh(x)^2) dx.</summary>
internal sealed class TanhPrimitive : UnaryElementwise
{
    internal static readonly TanhPrimitive Instance = new();

    private TanhPrimitive() : base("tanh", FastMath.Tanh, FastMath.Tanh) { }

    protected override NDArray Tangent(NDArray x, NDArray y, NDArray t) => Ops.Mul(t, Ops.Sub(Ops.Const(y, 1), Ops.Mul(y, y)));
}

internal static partial class Ops
{
    /// <summary>Elementwise <c>tanh</c>.</summary>
    internal static NDArray Tanh(NDArray x) => TanhPrimitive.Instance.Apply(x);
}
