using System.Collections.Generic;

namespace Functional.AD;

/// <summary>Parameters of <c>cumsum</c>: the axis and the direction.</summary>
internal sealed record CumsumParams(int Axis, bool Reverse) : PrimitiveParams
{
    public override IEnumerable<(string Name, object? Value)> Entries()
    {
        yield return ("axis", Axis);
        yield return ("reverse", Reverse);
    }
}

/// <summary>The <c>cumsum</c> primitive: running sums along an axis. Linear; its transpose is the cumsum in the other direction.</summary>
internal sealed class CumsumPrimitive : SingleResultPrimitive<CumsumParams>, ILinearSingleResultPrimitive<CumsumParams>
{
    internal static readonly CumsumPrimitive Instance = new();

    private CumsumPrimitive() : base("cumsum") { }

    protected override ArrayType ShapeRule(ArrayType[] inputs, CumsumParams p)
    {
        var x = inputs[0];
        if (p.Axis < 0 || p.Axis >= x.Rank) throw ShapeErrors.Error(Name, $"axis {p.Axis} is out of range", x);
        if (x.DType == DType.Bool) throw ShapeErrors.Error(Name, "cannot sum bool values; convert them first", x);
        return x;
    }

    // An empty operand is not walked: the sizes around its axis may multiply past int (a [65536, 65536, 0] array).
    protected override NDArray Kernel(NDArray[] args, CumsumParams p, ArrayType outType) => outType.Size == 0
        ? ConcreteArray.Allocate(outType)
        : ReductionKernels.Cumsum((ConcreteArray)args[0], p.Axis, p.Reverse, outType);

    protected override (NDArray Output, int OutDim) Batch(NDArray[] args, int[] dims, CumsumParams p, int axisSize) =>
        (Apply(args, p with { Axis = Batching.Shift(p.Axis, dims[0]) }), dims[0]);

    protected override (NDArray Primal, NDArray? Tangent) Jvp(NDArray[] primals, NDArray?[] tangents, CumsumParams p) =>
        (Apply(primals, p), tangents[0] is { } t ? Apply(new[] { t }, p) : null);

    public NDArray?[] Transpose(NDArray ct, TransposeArg[] args, CumsumParams p) =>
        new[] { Ops.Cumsum(ct, p.Axis, !p.Reverse) };
}

internal static partial class Ops
{
    /// <summary><c>cumsum</c> along <paramref name="axis"/>.</summary>
    internal static NDArray Cumsum(NDArray x, int axis, bool reverse = false) =>
        CumsumPrimitive.Instance.Apply(new[] { x }, new CumsumParams(axis, reverse));
}
