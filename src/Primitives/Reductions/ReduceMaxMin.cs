namespace Functional.AD;

/// <summary>
/// The <c>reduce_max</c> and <c>reduce_min</c> primitives. The derivative is shared equally among the
/// positions that attain the extreme value, as in JAX.
/// </summary>
internal sealed class ReduceChooserPrimitive : SingleResultPrimitive<ReduceParams>
{
    internal static readonly ReduceChooserPrimitive Max = new("reduce_max", ReduceOp.Max);
    internal static readonly ReduceChooserPrimitive Min = new("reduce_min", ReduceOp.Min);

    private readonly ReduceOp _op;

    private ReduceChooserPrimitive(string name, ReduceOp op) : base(name) => _op = op;

    protected override ArrayType ShapeRule(ArrayType[] inputs, ReduceParams p)
    {
        if (inputs[0].DType == DType.Bool) throw ShapeErrors.Error(Name, "is not defined for bool values", inputs[0]);
        return ReductionShape.Reduced(Name, inputs[0], p.Axes);
    }

    protected override NDArray Kernel(NDArray[] args, ReduceParams p, ArrayType outType) =>
        ReductionKernels.Reduce((ConcreteArray)args[0], p.Axes, outType, _op);

    protected override (NDArray Output, int OutDim) Batch(NDArray[] args, int[] dims, ReduceParams p, int axisSize)
    {
        var (axes, outDim) = ReductionShape.Batched(p.Axes, dims[0]);
        return (Apply(args, new ReduceParams(axes)), outDim);
    }

    protected override (NDArray Primal, NDArray? Tangent) Jvp(NDArray[] primals, NDArray?[] tangents, ReduceParams p)
    {
        var x = primals[0];
        var y = Apply(primals, p);
        var t = tangents[0];
        if (t is null) return (y, null);
        var kept = ReductionShape.Kept(x.Rank, p.Axes);
        var location = Ops.ConvertElementType(Ops.Eq(x, Ops.BroadcastInDim(y, x.Shape, kept)), x.DType);
        var counts = Ops.ReduceSum(location, p.Axes);
        return (y, Ops.Div(Ops.ReduceSum(Ops.Mul(t, location), p.Axes), counts));
    }
}

internal static partial class Ops
{
    /// <summary><c>reduce_max</c> over <paramref name="axes"/>.</summary>
    internal static NDArray ReduceMax(NDArray x, IntTuple axes) =>
        axes.Count == 0 ? x : ReduceChooserPrimitive.Max.Apply(new[] { x }, new ReduceParams(axes));

    /// <summary><c>reduce_min</c> over <paramref name="axes"/>.</summary>
    internal static NDArray ReduceMin(NDArray x, IntTuple axes) =>
        axes.Count == 0 ? x : ReduceChooserPrimitive.Min.Apply(new[] { x }, new ReduceParams(axes));
}
