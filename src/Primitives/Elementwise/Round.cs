using System.Numerics.Tensors;

namespace Functional.AD;

/// <summary>The <c>round</c> primitive: the nearest integer, halves to even (numpy's and jnp.round's rule), elementwise (floats only); its derivative is zero, as in JAX.</summary>
internal sealed class RoundPrimitive : PiecewiseConstantUnary
{
    internal static readonly RoundPrimitive Instance = new();

    private RoundPrimitive() : base("round", TensorPrimitives.Round, TensorPrimitives.Round) { }
}

internal static partial class Ops
{
    /// <summary>Elementwise round.</summary>
    internal static NDArray Round(NDArray x) => RoundPrimitive.Instance.Apply(x);
}
