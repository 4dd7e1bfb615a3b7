using System;
using System.Runtime.CompilerServices;

namespace Functional.AD;

/// <summary>The <c>mul</c> primitive: x * y. Linear in each operand when the other is fixed.</summary>
internal sealed class MulPrimitive : BinaryElementwise, ILinearSingleResultPrimitive<NoParams>
{
    internal static readonly MulPrimitive Instance = new();

    /// <summary>x · 1 = x.</summary>
    internal override double? RightIdentity => 1;

    /// <summary>1 · x = x.</summary>
    internal override double? LeftIdentity => 1;

    private MulPrimitive() : base("mul", ElementwiseKernels.Std<double>.Mul, ElementwiseKernels.Std<float>.Mul, ElementwiseKernels.Std<int>.Mul, i64: ElementwiseKernels.Std<long>.Mul) { }

    internal override bool TransposeReadsCotangentOnce => true;

    protected override (NDArray Primal, NDArray? Tangent) Jvp(NDArray[] primals, NDArray?[] tangents, NoParams parameters)
    {
        var (a, b) = (primals[0], primals[1]);
        var y = Apply(a, b);
        var (ta, tb) = (tangents[0], tangents[1]);
        var da = ta is null ? null : Broadcast(Apply(ta, b), y);
        var db = tb is null ? null : Broadcast(Apply(a, tb), y);
        return (y, Ops.AddTangents(da, db));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public NDArray?[] Transpose(NDArray ct, TransposeArg[] args, NoParams parameters)
    {
        if (args[0].IsLinear && args[1].IsLinear)
            throw new InvalidOperationException("mul: cannot transpose a product of two linear values (the function is not linear)");
        return args[0].IsLinear
            ? new[] { Ops.SumToShape(Apply(ct, args[1].KnownValue), args[0].Type), null }
            : new[] { null, Ops.SumToShape(Apply(args[0].KnownValue, ct), args[1].Type) };
    }
}

internal static partial class Ops
{
    /// <summary>x * y (same dtype; equal shapes or a 0-d operand).</summary>
    internal static NDArray Mul(NDArray x, NDArray y) => MulPrimitive.Instance.Apply(x, y);
}
