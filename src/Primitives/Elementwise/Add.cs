namespace Functional.AD;

/// <summary>The <c>add</c> primitive: x + y. Linear in both operands.</summary>
internal sealed class AddPrimitive : BinaryElementwise, ILinearSingleResultPrimitive<NoParams>
{
    internal static readonly AddPrimitive Instance = new();

    /// <summary>x + 0 = 0 + x = x.</summary>
    internal override double? RightIdentity => 0;

    /// <summary>0 + x = x.</summary>
    internal override double? LeftIdentity => 0;

    private AddPrimitive() : base("add", ElementwiseKernels.Std<double>.Add, ElementwiseKernels.Std<float>.Add, ElementwiseKernels.Std<int>.Add, i64: ElementwiseKernels.Std<long>.Add) { }

    protected override (NDArray Primal, NDArray? Tangent) Jvp(NDArray[] primals, NDArray?[] tangents, NoParams parameters)
    {
        var y = Apply(primals[0], primals[1]);
        var (ta, tb) = (tangents[0], tangents[1]);
        NDArray? t = ta is null ? (tb is null ? null : Broadcast(tb, y))
            : tb is null ? Broadcast(ta, y) : Apply(ta, tb);
        return (y, t);
    }

    public NDArray?[] Transpose(NDArray ct, TransposeArg[] args, NoParams parameters) => new[]
    {
        args[0].IsLinear ? Ops.SumToShape(ct, args[0].Type) : null,
        args[1].IsLinear ? Ops.SumToShape(ct, args[1].Type) : null,
    };
}

internal static partial class Ops
{
    /// <summary>x + y (same dtype; equal shapes or a 0-d operand).</summary>
    internal static NDArray Add(NDArray x, NDArray y) => AddPrimitive.Instance.Apply(x, y);
}
