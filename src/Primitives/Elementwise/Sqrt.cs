
namespace Functional.AD;

/// <summary>The <c>sqrt</c> primitive: elementwise square root; d sqrt(x) = dx / (2 sqrt(x)).</summary>
internal sealed class SqrtPrimitive : UnaryElementwise
{
    internal static readonly SqrtPrimitive Instance = new();

    private SqrtPrimitive() : base("sqrt", ArithmeticKernels.Unary<ArithmeticKernels.SqrtOp<double>, double>, ArithmeticKernels.Unary<ArithmeticKernels.SqrtOp<float>, float>) { }

    protected override NDArray Jvp(NDArray x, NDArray y, NDArray t) => Ops.Div(t, Ops.Mul(Ops.Const(y, 2), y));
}

internal static partial class Ops
{
    /// <summary>Elementwise <c>sqrt</c>.</summary>
    internal static NDArray Sqrt(NDArray x) => SqrtPrimitive.Instance.Apply(x);
}
