using System.Runtime.CompilerServices;
using System.Collections.Generic;

namespace Functional.AD;

/// <summary>Parameters of <c>broadcast_in_dim</c>: the output shape and, for each operand axis, the output axis it maps to.</summary>
internal sealed record BroadcastInDimParams(Shape Shape, IntTuple BroadcastDimensions) : PrimitiveParams
{
    public override IEnumerable<(string Name, object? Value)> Entries()
    {
        yield return ("broadcast_dimensions", BroadcastDimensions);
        yield return ("shape", Shape);
        yield return ("sharding", null);
    }
}

/// <summary>
/// The <c>broadcast_in_dim</c> primitive: places operand axis i at output axis
/// <c>broadcast_dimensions[i]</c> (a size-1 operand axis may stretch) and repeats along the others.
/// Linear; its transpose sums over the broadcast axes.
/// </summary>
internal sealed class BroadcastInDimPrimitive : SingleResultPrimitive<BroadcastInDimParams>, ILinearSingleResultPrimitive<BroadcastInDimParams>, IFusibleElementwise
{
    internal static readonly BroadcastInDimPrimitive Instance = new();

    /// <summary>
    /// Fused when it copies nothing into new places (one element spread over the output, or as many elements as the
    /// output has), or when the operand fills the output's trailing axes and repeats along the leading ones (a bias
    /// added to every row): output element i is operand element i mod its size (<see cref="RepeatOperator"/>).
    /// </summary>
    public ElementwiseOperator? Operator(ArrayType[] inputs, PrimitiveParams parameters, ArrayType output)
    {
        var x = inputs[0];
        if (x.Size == 1 || x.Size == output.Size) return AliasOperator.Instance;
        var p = (BroadcastInDimParams)parameters;
        int lead = output.Rank - x.Rank;
        if (x.Size == 0 || lead < 0) return null;
        for (int i = 0; i < x.Rank; i++)
            if (p.BroadcastDimensions[i] != lead + i || x.Shape[i] != output.Shape[lead + i]) return null;
        return RepeatOperator.Instance;
    }

    private BroadcastInDimPrimitive() : base("broadcast_in_dim") { }

    protected override ArrayType ShapeRule(ArrayType[] inputs, BroadcastInDimParams p)
    {
        var x = inputs[0];
        var dims = p.BroadcastDimensions;
        if (dims.Count != x.Rank)
            throw ShapeErrors.Error(Name, $"broadcast_dimensions {dims} must name one output axis per operand axis, to shape {p.Shape}", x);
        for (int i = 0; i < dims.Count; i++)
        {
            int d = dims[i];
            if (d < 0 || d >= p.Shape.Rank || (i > 0 && d <= dims[i - 1]))
                throw ShapeErrors.Error(Name, $"broadcast_dimensions {dims} must be increasing axes of the output shape {p.Shape}", x);
            if (x.Shape[i] != 1 && x.Shape[i] != p.Shape[d])
                throw ShapeErrors.Error(Name, $"operand axis {i} of size {x.Shape[i]} cannot be broadcast to size {p.Shape[d]} (to shape {p.Shape})", x);
        }
        return x with { Shape = p.Shape };
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override NDArray Kernel(NDArray[] args, BroadcastInDimParams p, ArrayType outType)
    {
        var x = (ConcreteArray)args[0];
        if (x.Size == outType.Size) return x.WithShape(outType.Shape);
        var xStrides = StridedCopy.RowMajorStrides(x.Shape.Dims);
        var srcStrides = new int[outType.Rank];
        for (int i = 0; i < p.BroadcastDimensions.Count; i++)
            if (x.Shape[i] != 1) srcStrides[p.BroadcastDimensions[i]] = xStrides[i];
        var output = ConcreteArray.Allocate(outType);
        var dst = output.Buffer;
        StridedCopy.CopyArray(x, 0, srcStrides, dst, output.Offset, StridedCopy.RowMajorStrides(outType.Shape.Dims), outType.Shape.Dims);
        return output;
    }

    protected override (NDArray Output, int OutDim) Batch(NDArray[] args, int[] dims, BroadcastInDimParams p, int axisSize)
    {
        var x = Batching.MoveAxis(args[0], dims[0], 0);
        return (Ops.BroadcastInDim(x, Batching.Prepend(axisSize, p.Shape), Batching.ShiftAll(p.BroadcastDimensions, withBatch: true)), 0);
    }

    protected override (NDArray Primal, NDArray? Tangent) Jvp(NDArray[] primals, NDArray?[] tangents, BroadcastInDimParams p)
    {
        var y = Apply(primals, p);
        var t = tangents[0];
        return (y, t is null ? null : Apply(new[] { t }, p));
    }

    public NDArray?[] Transpose(NDArray ct, TransposeArg[] args, BroadcastInDimParams p)
    {
        var operand = args[0].Type;
        var sumAxes = new List<int>();
        for (int d = 0; d < p.Shape.Rank; d++)
        {
            int i = p.BroadcastDimensions.IndexOf(d);
            if (i < 0 || (operand.Shape[i] == 1 && p.Shape[d] != 1)) sumAxes.Add(d);
        }
        var summed = sumAxes.Count == 0 ? ct : Ops.ReduceSum(ct, new IntTuple(sumAxes.ToArray()));
        if (summed.Shape != operand.Shape) summed = Ops.Reshape(summed, operand.Shape);
        return new[] { summed };
    }
}

internal static partial class Ops
{
    /// <summary><c>broadcast_in_dim</c>: operand axis i goes to output axis <paramref name="broadcastDimensions"/>[i].</summary>
    internal static NDArray BroadcastInDim(NDArray x, Shape shape, IntTuple broadcastDimensions) =>
        BroadcastInDimPrimitive.Instance.Apply(new[] { x }, new BroadcastInDimParams(shape, broadcastDimensions));
}
