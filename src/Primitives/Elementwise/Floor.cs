using System;

namespace Functional.AD;

/// <summary>The <c>floor</c> primitive: the largest integer not above x, elementwise (floats only); its derivative is zero, as in JAX.</summary>
internal sealed class FloorPrimitive : UnaryElementwise
{
    internal static readonly FloorPrimitive Instance = new();

    private FloorPrimitive() : base("floor", ArithmeticKernels.Unary<ArithmeticKernels.FloorOp<double>, double>, ArithmeticKernels.Unary<ArithmeticKernels.FloorOp<float>, float>) { }

    protected override (NDArray Primal, NDArray? Tangent) Jvp(NDArray[] primals, NDArray?[] tangents, NoParams parameters) =>
        (Apply(primals[0]), null);

    protected override NDArray Jvp(NDArray x, NDArray y, NDArray t) => throw new InvalidOperationException("unreachable: the tangent is zero");
}

internal static partial class Ops
{
    /// <summary>Elementwise floor.</summary>
    internal static NDArray Floor(NDArray x) => FloorPrimitive.Instance.Apply(x);
}
