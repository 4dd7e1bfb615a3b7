using System.Numerics.Tensors;

namespace Functional.AD;

/// <summary>The <c>cosh</c> primitive: elementwise hyperbolic cosine; d cosh(x) = sinh(x) dx.</summary>
internal sealed class CoshPrimitive : UnaryElementwise
{
    internal static readonly CoshPrimitive Instance = new();

    private CoshPrimitive() : base("cosh", TensorPrimitives.Cosh, TensorPrimitives.Cosh) { }

    protected override NDArray Jvp(NDArray x, NDArray y, NDArray t) => Ops.Mul(t, Ops.Sinh(x));
}

internal static partial class Ops
{
    /// <summary>Elementwise <c>cosh</c>.</summary>
    internal static NDArray Cosh(NDArray x) => CoshPrimitive.Instance.Apply(x);
}
