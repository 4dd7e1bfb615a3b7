using System.Numerics.Tensors;

namespace Functional.AD;

/// <summary>The <c>atanh</c> primitive: elementwise inverse hyperbolic tangent (NaN outside [-1, 1], infinite at ±1); d atanh(x) = dx / ((1 - x)(1 + x)).</summary>
internal sealed class AtanhPrimitive : UnaryElementwise
{
    internal static readonly AtanhPrimitive Instance = new();

    private AtanhPrimitive() : base("atanh", TensorPrimitives.Atanh, TensorPrimitives.Atanh) { }

    protected override NDArray Jvp(NDArray x, NDArray y, NDArray t) => Ops.Div(t, Ops.Mul(Ops.Sub(Ops.Const(x, 1), x), Ops.Add(Ops.Const(x, 1), x)));
}

internal static partial class Ops
{
    /// <summary>Elementwise <c>atanh</c>.</summary>
    internal static NDArray Atanh(NDArray x) => AtanhPrimitive.Instance.Apply(x);
}
