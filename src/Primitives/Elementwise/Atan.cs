using System.Numerics.Tensors;

namespace Functional.AD;

/// <summary>The <c>atan</c> primitive: elementwise arctangent; d atan(x) = dx / (1 + x^2).</summary>
internal sealed class AtanPrimitive : UnaryElementwise
{
    internal static readonly AtanPrimitive Instance = new();

    private AtanPrimitive() : base("atan", TensorPrimitives.Atan, TensorPrimitives.Atan) { }

    protected override NDArray Jvp(NDArray x, NDArray y, NDArray t) => Ops.Div(t, Ops.Add(Ops.Const(x, 1), Ops.Mul(x, x)));
}

internal static partial class Ops
{
    /// <summary>Elementwise <c>atan</c>.</summary>
    internal static NDArray Atan(NDArray x) => AtanPrimitive.Instance.Apply(x);
}
