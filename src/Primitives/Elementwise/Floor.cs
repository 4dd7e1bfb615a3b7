namespace Functional.AD;

/// <summary>The <c>floor</c> primitive: the largest integer not above x, elementwise (floats only); its derivative is zero, as in JAX.</summary>
internal sealed class FloorPrimitive : PiecewiseConstantUnary
{
    internal static readonly FloorPrimitive Instance = new();

    private FloorPrimitive() : base("floor", ArithmeticKernels.Unary<ArithmeticKernels.FloorOp<double>, double>, ArithmeticKernels.Unary<ArithmeticKernels.FloorOp<float>, float>) { }
}

internal static partial class Ops
{
    /// <summary>Elementwise floor.</summary>
    internal static NDArray Floor(NDArray x) => FloorPrimitive.Instance.Apply(x);
}
