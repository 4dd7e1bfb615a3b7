using System.Numerics.Tensors;

namespace Functional.AD;

/// <summary>The <c>cbrt</c> primitive: elementwise real cube root (negative for negative x); d cbrt(x) = dx / (3 cbrt(x)^2).</summary>
internal sealed class CbrtPrimitive : UnaryElementwise
{
    internal static readonly CbrtPrimitive Instance = new();

    private CbrtPrimitive() : base("cbrt", TensorPrimitives.Cbrt, TensorPrimitives.Cbrt) { }

    protected override NDArray Jvp(NDArray x, NDArray y, NDArray t) => Ops.Div(t, Ops.Mul(Ops.Const(y, 3), Ops.Mul(y, y)));
}

internal static partial class Ops
{
    /// <summary>Elementwise <c>cbrt</c>.</summary>
    internal static NDArray Cbrt(NDArray x) => CbrtPrimitive.Instance.Apply(x);
}
