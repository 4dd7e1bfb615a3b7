
namespace Functional.AD;

/// <summary>The <c>neg</c> primitive: elementwise negation. Linear; its transpose is itself.</summary>
internal sealed class NegPrimitive : UnaryElementwise, ILinearSingleResultPrimitive<NoParams>
{
    internal static readonly NegPrimitive Instance = new();

    /// <summary>-(-x) = x.</summary>
    internal override bool IsInvolution => true;

    private NegPrimitive() : base("neg", ArithmeticKernels.Unary<ArithmeticKernels.NegateOp<double>, double>, ArithmeticKernels.Unary<ArithmeticKernels.NegateOp<float>, float>, ArithmeticKernels.Unary<ArithmeticKernels.NegateOp<int>, int>,
        ElementwiseKernels.Int64(x => unchecked(-x))) { }

    internal override bool TransposeReadsCotangentOnce => true;

    protected override NDArray Jvp(NDArray x, NDArray y, NDArray t) => Ops.Neg(t);

    public NDArray?[] Transpose(NDArray cotangent, TransposeArg[] args, NoParams parameters) =>
        new[] { Ops.Neg(cotangent) };
}

internal static partial class Ops
{
    /// <summary>Elementwise negation.</summary>
    internal static NDArray Neg(NDArray x) => NegPrimitive.Instance.Apply(x);
}
