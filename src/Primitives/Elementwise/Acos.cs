using System.Numerics.Tensors;

namespace Functional.AD;

/// <summary>The <c>acos</c> primitive: elementwise arccosine (NaN outside [-1, 1]); d acos(x) = -dx / sqrt((1 - x)(1 + x)).</summary>
internal sealed class AcosPrimitive : UnaryElementwise
{
    internal static readonly AcosPrimitive Instance = new();

    private AcosPrimitive() : base("acos", TensorPrimitives.Acos, TensorPrimitives.Acos) { }

    protected override NDArray Jvp(NDArray x, NDArray y, NDArray t) => Ops.Neg(Ops.Mul(t, Ops.Rsqrt(Ops.Mul(Ops.Sub(Ops.Const(x, 1), x), Ops.Add(Ops.Const(x, 1), x)))));
}

internal static partial class Ops
{
    /// <summary>Elementwise <c>acos</c>.</summary>
    internal static NDArray Acos(NDArray x) => AcosPrimitive.Instance.Apply(x);
}
