using System;

namespace Functional.AD;

/// <summary>The <c>div</c> primitive: x / y (integers truncate toward zero). Linear in x.</summary>
internal sealed class DivPrimitive : BinaryElementwise, ILinearSingleResultPrimitive<NoParams>
{
    internal static readonly DivPrimitive Instance = new();

    /// <summary>x / 1 = x.</summary>
    internal override double? RightIdentity => 1;

    private DivPrimitive() : base("div", ElementwiseKernels.Std<double>.Div, ElementwiseKernels.Std<float>.Div, ElementwiseKernels.IntDiv, i64: ElementwiseKernels.LongDiv) { }

    internal override bool TransposeReadsCotangentOnce => true;

    protected override (NDArray Primal, NDArray? Tangent) Jvp(NDArray[] primals, NDArray?[] tangents, NoParams parameters)
    {
        var (a, b) = (primals[0], primals[1]);
        var y = Apply(a, b);
        var (ta, tb) = (tangents[0], tangents[1]);
        var da = ta is null ? null : Broadcast(Apply(ta, b), y);
        // d(a/b)/db = -a / b^2 = -(a/b) / b
        var db = tb is null ? null : Broadcast(Ops.Neg(Apply(Ops.Mul(tb, y), b)), y);
        return (y, Ops.AddTangents(da, db));
    }

    public NDArray?[] Transpose(NDArray ct, TransposeArg[] args, NoParams parameters)
    {
        if (args[1].IsLinear)
            throw new InvalidOperationException("div: cannot transpose with respect to the divisor (the function is not linear in it)");
        return new[] { Ops.SumToShape(Apply(ct, args[1].KnownValue), args[0].Type), null };
    }
}

internal static partial class Ops
{
    /// <summary>x / y (same dtype; equal shapes or a 0-d operand).</summary>
    internal static NDArray Div(NDArray x, NDArray y) => DivPrimitive.Instance.Apply(x, y);
}
