using System.Numerics.Tensors;

namespace Functional.AD;

/// <summary>The <c>tan</c> primitive: elementwise tangent; d tan(x) = (1 + tan(x)^2) dx.</summary>
internal sealed class TanPrimitive : UnaryElementwise
{
    internal static readonly TanPrimitive Instance = new();

    private TanPrimitive() : base("tan", TensorPrimitives.Tan, TensorPrimitives.Tan) { }

    protected override NDArray Jvp(NDArray x, NDArray y, NDArray t) => Ops.Mul(t, Ops.Add(Ops.Const(y, 1), Ops.Mul(y, y)));
}

internal static partial class Ops
{
    /// <summary>Elementwise <c>tan</c>.</summary>
    internal static NDArray Tan(NDArray x) => TanPrimitive.Instance.Apply(x);
}
