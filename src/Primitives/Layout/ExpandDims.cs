using System.Collections.Generic;

namespace Functional.AD;

/// <summary>Parameters of <c>expand_dims</c>: the positions of the new size-1 axes in the output.</summary>
internal sealed record ExpandDimsParams(IntTuple Dimensions) : PrimitiveParams
{
    public override IEnumerable<(string Name, object? Value)> Entries() { yield return ("dimensions", Dimensions); }
}

/// <summary>The <c>expand_dims</c> primitive: inserts size-1 axes at the given output positions (no copy). Linear.</summary>
internal sealed class ExpandDimsPrimitive : SingleResultPrimitive<ExpandDimsParams>, ILinearSingleResultPrimitive<ExpandDimsParams>, IFusibleElementwise
{
    internal static readonly ExpandDimsPrimitive Instance = new();

    /// <summary>Fused: the same elements in the same order (see <see cref="AliasOperator"/>).</summary>
    public ElementwiseOperator? Operator(ArrayType[] inputs, PrimitiveParams parameters, ArrayType output) => AliasOperator.Instance;

    private ExpandDimsPrimitive() : base("expand_dims") { }

    protected override ArrayType ShapeRule(ArrayType[] inputs, ExpandDimsParams p)
    {
        var x = inputs[0];
        int rank = x.Rank + p.Dimensions.Count;
        var dims = new int[rank];
        var isNew = new bool[rank];
        foreach (var d in p.Dimensions)
        {
            if (d < 0 || d >= rank || isNew[d])
                throw ShapeErrors.Error(Name, $"dimensions {p.Dimensions} must be distinct positions in an output of rank {rank}", x);
            isNew[d] = true;
        }
        for (int i = 0, j = 0; i < rank; i++) dims[i] = isNew[i] ? 1 : x.Shape[j++];
        return x with { Shape = Shape.Own(dims) };
    }

    protected override NDArray Kernel(NDArray[] args, ExpandDimsParams p, ArrayType outType) => ((ConcreteArray)args[0]).WithShape(outType.Shape);

    protected override (NDArray Output, int OutDim) Batch(NDArray[] args, int[] dims, ExpandDimsParams p, int axisSize) =>
        (Apply(new[] { Batching.MoveAxis(args[0], dims[0], 0) }, new ExpandDimsParams(Batching.ShiftAll(p.Dimensions))), 0);

    protected override (NDArray Primal, NDArray? Tangent) Jvp(NDArray[] primals, NDArray?[] tangents, ExpandDimsParams p) =>
        (Apply(primals, p), tangents[0] is { } t ? Apply(new[] { t }, p) : null);

    public NDArray?[] Transpose(NDArray ct, TransposeArg[] args, ExpandDimsParams p)
    {
        var sorted = p.Dimensions.ToArray();
        System.Array.Sort(sorted);
        return new[] { Ops.Squeeze(ct, new IntTuple(sorted)) };
    }
}

internal static partial class Ops
{
    /// <summary><c>expand_dims</c>: new size-1 axes at output positions <paramref name="dimensions"/>.</summary>
    internal static NDArray ExpandDims(NDArray x, IntTuple dimensions) =>
        dimensions.Count == 0 ? x : ExpandDimsPrimitive.Instance.Apply(new[] { x }, new ExpandDimsParams(dimensions));
}
