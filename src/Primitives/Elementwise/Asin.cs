using System.Numerics.Tensors;

namespace Functional.AD;

/// <summary>The <c>asin</c> primitive: elementwise arcsine (NaN outside [-1, 1]); d asin(x) = dx / sqrt((1 - x)(1 + x)).</summary>
internal sealed class AsinPrimitive : UnaryElementwise
{
    internal static readonly AsinPrimitive Instance = new();

    private AsinPrimitive() : base("asin", TensorPrimitives.Asin, TensorPrimitives.Asin) { }

    protected override NDArray Jvp(NDArray x, NDArray y, NDArray t) => Ops.Mul(t, Ops.Rsqrt(Ops.Mul(Ops.Sub(Ops.Const(x, 1), x), Ops.Add(Ops.Const(x, 1), x))));
}

internal static partial class Ops
{
    /// <summary>Elementwise <c>asin</c>.</summary>
    internal static NDArray Asin(NDArray x) => AsinPrimitive.Instance.Apply(x);
}
