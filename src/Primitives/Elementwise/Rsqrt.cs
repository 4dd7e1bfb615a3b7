
namespace Functional.AD;

/// <summary>The <c>rsqrt</c> primitive: elementwise 1 / sqrt(x); d = -rsqrt(x) / (2 x) dx.</summary>
internal sealed class RsqrtPrimitive : UnaryElementwise
{
    internal static readonly RsqrtPrimitive Instance = new();

    private RsqrtPrimitive() : base("rsqrt", ArithmeticKernels.Unary<ArithmeticKernels.ReciprocalSqrtOp<double>, double>, ArithmeticKernels.Unary<ArithmeticKernels.ReciprocalSqrtOp<float>, float>) { }

    protected override NDArray Jvp(NDArray x, NDArray y, NDArray t) => Ops.Mul(t, Ops.Mul(Ops.Const(y, -0.5), Ops.Div(y, x)));
}

internal static partial class Ops
{
    /// <summary>Elementwise <c>rsqrt</c>.</summary>
    internal static NDArray Rsqrt(NDArray x) => RsqrtPrimitive.Instance.Apply(x);
}
