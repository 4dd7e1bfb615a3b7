using System;

namespace Functional.AD;

/// <summary>The <c>logistic</c> primitive: elementwise sigmoid 1 / (1 + e^-x), computed without overflow; d s = s (1 - s) dx.</summary>
internal sealed class LogisticPrimitive : UnaryElementwise
{
    internal static readonly LogisticPrimitive Instance = new();

    private LogisticPrimitive() : base("logistic", Sigmoid, Sigmoid) { }

    /// <summary>
    /// 1 / (1 + e^-x) in three passes of our own kernels (negate, <see cref="FastMath"/>'s exp, 1 / (1 + t)), each optimized
    /// from the first call, as TensorPrimitives.Sigmoid's are not; e^-x overflowing to infinity gives 0, as it should.
    /// </summary>
    private static void Sigmoid(ReadOnlySpan<double> x, Span<double> y)
    {
        ArithmeticKernels.Unary<ArithmeticKernels.NegateOp<double>, double>(x, y);
        FastMath.Exp(y, y);
        ArithmeticKernels.Unary<ArithmeticKernels.OneOverOnePlusOp<double>, double>(y, y);
    }

    /// <inheritdoc cref="Sigmoid(ReadOnlySpan{double}, Span{double})"/>
    private static void Sigmoid(ReadOnlySpan<float> x, Span<float> y)
    {
        ArithmeticKernels.Unary<ArithmeticKernels.NegateOp<float>, float>(x, y);
        FastMath.Exp(y, y);
        ArithmeticKernels.Unary<ArithmeticKernels.OneOverOnePlusOp<float>, float>(y, y);
    }

    protected override NDArray Jvp(NDArray x, NDArray y, NDArray t) => Ops.Mul(t, Ops.Mul(y, Ops.Sub(Ops.Const(y, 1), y)));
}

internal static partial class Ops
{
    /// <summary>Elementwise <c>logistic</c>.</summary>
    internal static NDArray Logistic(NDArray x) => LogisticPrimitive.Instance.Apply(x);
}
