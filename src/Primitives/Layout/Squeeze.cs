using System.Collections.Generic;

namespace Functional.AD;

/// <summary>Parameters of <c>squeeze</c>: the size-1 axes removed.</summary>
internal sealed record SqueezeParams(IntTuple Dimensions) : PrimitiveParams
{
    public override IEnumerable<(string Name, object? Value)> Entries() { yield return ("dimensions", Dimensions); }
}

/// <summary>The <c>squeeze</c> primitive: removes the given size-1 axes (no copy). Linear.</summary>
internal sealed class SqueezePrimitive : SingleResultPrimitive<SqueezeParams>, ILinearSingleResultPrimitive<SqueezeParams>, IFusibleElementwise
{
    internal static readonly SqueezePrimitive Instance = new();

    /// <summary>Fused: the same elements in the same order (see <see cref="AliasOperator"/>).</summary>
    public ElementwiseOperator? Operator(ArrayType[] inputs, PrimitiveParams parameters, ArrayType output) => AliasOperator.Instance;

    private SqueezePrimitive() : base("squeeze") { }

    protected override ArrayType ShapeRule(ArrayType[] inputs, SqueezeParams p)
    {
        var x = inputs[0];
        var keep = new List<int>();
        foreach (var d in p.Dimensions)
            if (d < 0 || d >= x.Rank || x.Shape[d] != 1)
                throw ShapeErrors.Error(Name, $"dimensions {p.Dimensions} must be size-1 axes of the operand", x);
        for (int i = 0; i < x.Rank; i++)
            if (!p.Dimensions.Contains(i)) keep.Add(x.Shape[i]);
        return x with { Shape = Shape.Own(keep.ToArray()) };
    }

    protected override NDArray Kernel(NDArray[] args, SqueezeParams p, ArrayType outType) => ((ConcreteArray)args[0]).WithShape(outType.Shape);

    protected override (NDArray Output, int OutDim) Batch(NDArray[] args, int[] dims, SqueezeParams p, int axisSize)
    {
        int d = dims[0];
        var shifted = new int[p.Dimensions.Count];
        int before = 0;
        for (int i = 0; i < shifted.Length; i++)
        {
            shifted[i] = Batching.Shift(p.Dimensions[i], d);
            if (shifted[i] < d) before++;
        }
        return (Apply(new[] { args[0] }, new SqueezeParams(new IntTuple(shifted))), d - before);
    }

    protected override (NDArray Primal, NDArray? Tangent) Jvp(NDArray[] primals, NDArray?[] tangents, SqueezeParams p) =>
        (Apply(primals, p), tangents[0] is { } t ? Apply(new[] { t }, p) : null);

    public NDArray?[] Transpose(NDArray ct, TransposeArg[] args, SqueezeParams p) =>
        new[] { Ops.ExpandDims(ct, p.Dimensions) };
}

internal static partial class Ops
{
    /// <summary><c>squeeze</c>: removes the size-1 axes <paramref name="dimensions"/> (sorted, non-negative).</summary>
    internal static NDArray Squeeze(NDArray x, IntTuple dimensions) =>
        dimensions.Count == 0 ? x : SqueezePrimitive.Instance.Apply(new[] { x }, new SqueezeParams(dimensions));
}
