namespace Functional.AD;

/// <summary>The <c>sub</c> primitive: x - y. Linear in both operands.</summary>
internal sealed class SubPrimitive : BinaryElementwise, ILinearSingleResultPrimitive<NoParams>
{
    internal static readonly SubPrimitive Instance = new();

    /// <summary>x - 0 = x.</summary>
    internal override double? RightIdentity => 0;

    private SubPrimitive() : base("sub", ElementwiseKernels.Std<double>.Sub, ElementwiseKernels.Std<float>.Sub, ElementwiseKernels.Std<int>.Sub, i64: ElementwiseKernels.Std<long>.Sub) { }

    protected override (NDArray Primal, NDArray? Tangent) Jvp(NDArray[] primals, NDArray?[] tangents, NoParams parameters)
    {
        var y = Apply(primals[0], primals[1]);
        var (ta, tb) = (tangents[0], tangents[1]);
        NDArray? t = ta is null ? (tb is null ? null : Broadcast(Ops.Neg(tb), y))
            : tb is null ? Broadcast(ta, y) : Apply(ta, tb);
        return (y, t);
    }

    public NDArray?[] Transpose(NDArray ct, TransposeArg[] args, NoParams parameters) => new[]
    {
        args[0].IsLinear ? Ops.SumToShape(ct, args[0].Type) : null,
        args[1].IsLinear ? Ops.SumToShape(Ops.Neg(ct), args[1].Type) : null,
    };
}

internal static partial class Ops
{
    /// <summary>x - y (same dtype; equal shapes or a 0-d operand).</summary>
    internal static NDArray Sub(NDArray x, NDArray y) => SubPrimitive.Instance.Apply(x, y);
}
