using System.Numerics.Tensors;

namespace Functional.AD;

/// <summary>The <c>ceil</c> primitive: the smallest integer not below x, elementwise (floats only); its derivative is zero, as in JAX.</summary>
internal sealed class CeilPrimitive : PiecewiseConstantUnary
{
    internal static readonly CeilPrimitive Instance = new();

    private CeilPrimitive() : base("ceil", TensorPrimitives.Ceiling, TensorPrimitives.Ceiling) { }
}

internal static partial class Ops
{
    /// <summary>Elementwise ceil.</summary>
    internal static NDArray Ceil(NDArray x) => CeilPrimitive.Instance.Apply(x);
}
