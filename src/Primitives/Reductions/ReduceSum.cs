namespace Functional.AD;

/// <summary>The <c>reduce_sum</c> primitive: sums over axes. Linear; its transpose broadcasts back.</summary>
internal sealed class ReduceSumPrimitive : SingleResultPrimitive<ReduceParams>, ILinearSingleResultPrimitive<ReduceParams>
{
    internal static readonly ReduceSumPrimitive Instance = new();

    private ReduceSumPrimitive() : base("reduce_sum") { }

    protected override ArrayType ShapeRule(ArrayType[] inputs, ReduceParams p)
    {
        if (inputs[0].DType == DType.Bool) throw ShapeErrors.Error(Name, "cannot sum bool values; convert them first", inputs[0]);
        return ReductionShape.Reduced(Name, inputs[0], p.Axes);
    }

    protected override NDArray Kernel(NDArray[] args, ReduceParams p, ArrayType outType) =>
        ReductionKernels.Reduce((ConcreteArray)args[0], p.Axes, outType, ReduceOp.Sum);

    protected override (NDArray Output, int OutDim) Batch(NDArray[] args, int[] dims, ReduceParams p, int axisSize)
    {
        var (axes, outDim) = ReductionShape.Batched(p.Axes, dims[0]);
        return (Apply(args, new ReduceParams(axes)), outDim);
    }

    protected override (NDArray Primal, NDArray? Tangent) Jvp(NDArray[] primals, NDArray?[] tangents, ReduceParams p) =>
        (Apply(primals, p), tangents[0] is { } t ? Apply(new[] { t }, p) : null);

    public NDArray?[] Transpose(NDArray ct, TransposeArg[] args, ReduceParams p)
    {
        var x = args[0].Type;
        return new[] { Ops.BroadcastInDim(ct, x.Shape, ReductionShape.Kept(x.Rank, p.Axes)) };
    }
}

internal static partial class Ops
{
    /// <summary><c>reduce_sum</c> over <paramref name="axes"/> (sorted, non-negative); <paramref name="x"/> itself for no axes.</summary>
    internal static NDArray ReduceSum(NDArray x, IntTuple axes) =>
        axes.Count == 0 ? x : ReduceSumPrimitive.Instance.Apply(new[] { x }, new ReduceParams(axes));

    /// <summary>Sum of all elements (0-d).</summary>
    internal static NDArray ReduceSumAll(NDArray x) => ReduceSum(x, ReductionShape.All(x.Rank));
}
