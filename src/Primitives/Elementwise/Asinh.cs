using System.Numerics.Tensors;

namespace Functional.AD;

/// <summary>The <c>asinh</c> primitive: elementwise inverse hyperbolic sine; d asinh(x) = dx / sqrt(x^2 + 1).</summary>
internal sealed class AsinhPrimitive : UnaryElementwise
{
    internal static readonly AsinhPrimitive Instance = new();

    private AsinhPrimitive() : base("asinh", TensorPrimitives.Asinh, TensorPrimitives.Asinh) { }

    protected override NDArray Jvp(NDArray x, NDArray y, NDArray t) => Ops.Mul(t, Ops.Rsqrt(Ops.Add(Ops.Mul(x, x), Ops.Const(x, 1))));
}

internal static partial class Ops
{
    /// <summary>Elementwise <c>asinh</c>.</summary>
    internal static NDArray Asinh(NDArray x) => AsinhPrimitive.Instance.Apply(x);
}
