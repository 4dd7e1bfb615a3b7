using System.Numerics.Tensors;

namespace Functional.AD;

/// <summary>The <c>sinh</c> primitive: elementwise hyperbolic sine; d sinh(x) = cosh(x) dx.</summary>
internal sealed class SinhPrimitive : UnaryElementwise
{
    internal static readonly SinhPrimitive Instance = new();

    private SinhPrimitive() : base("sinh", TensorPrimitives.Sinh, TensorPrimitives.Sinh) { }

    protected override NDArray Jvp(NDArray x, NDArray y, NDArray t) => Ops.Mul(t, Ops.Cosh(x));
}

internal static partial class Ops
{
    /// <summary>Elementwise <c>sinh</c>.</summary>
    internal static NDArray Sinh(NDArray x) => SinhPrimitive.Instance.Apply(x);
}
