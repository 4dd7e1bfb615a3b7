using System.Collections.Generic;

namespace Functional.AD;

/// <summary>Parameters of <c>reshape</c>: the new shape.</summary>
internal sealed record ReshapeParams(Shape NewSizes) : PrimitiveParams
{
    public override IEnumerable<(string Name, object? Value)> Entries()
    {
        yield return ("dimensions", null);
        yield return ("new_sizes", NewSizes);
        yield return ("sharding", null);
    }
}

/// <summary>The <c>reshape</c> primitive: same elements in row-major order, new shape of the same size (no copy). Linear.</summary>
internal sealed class ReshapePrimitive : SingleResultPrimitive<ReshapeParams>, ILinearSingleResultPrimitive<ReshapeParams>, IFusibleElementwise
{
    internal static readonly ReshapePrimitive Instance = new();

    /// <summary>Fused: the same elements in the same order (see <see cref="AliasOperator"/>).</summary>
    public ElementwiseOperator? Operator(ArrayType[] inputs, PrimitiveParams parameters, ArrayType output) => AliasOperator.Instance;

    private ReshapePrimitive() : base("reshape") { }

    protected override ArrayType ShapeRule(ArrayType[] inputs, ReshapeParams p)
    {
        var x = inputs[0];
        if (x.Size != p.NewSizes.Size)
            throw ShapeErrors.Error(Name, $"cannot reshape {x} to {p.NewSizes}: sizes {x.Size} and {p.NewSizes.Size} differ", x);
        return x with { Shape = p.NewSizes };
    }

    protected override NDArray Kernel(NDArray[] args, ReshapeParams p, ArrayType outType) => ((ConcreteArray)args[0]).WithShape(p.NewSizes);

    protected override (NDArray Output, int OutDim) Batch(NDArray[] args, int[] dims, ReshapeParams p, int axisSize) =>
        (Ops.Reshape(Batching.MoveAxis(args[0], dims[0], 0), Batching.Prepend(axisSize, p.NewSizes)), 0);

    protected override (NDArray Primal, NDArray? Tangent) Jvp(NDArray[] primals, NDArray?[] tangents, ReshapeParams p) =>
        (Apply(primals, p), tangents[0] is { } t ? Apply(new[] { t }, p) : null);

    public NDArray?[] Transpose(NDArray ct, TransposeArg[] args, ReshapeParams p) =>
        new[] { Ops.Reshape(ct, args[0].Type.Shape) };
}

internal static partial class Ops
{
    /// <summary><c>reshape</c> to <paramref name="shape"/> (same size); <paramref name="x"/> itself when the shape already matches.</summary>
    internal static NDArray Reshape(NDArray x, Shape shape) =>
        x.Shape == shape ? x : ReshapePrimitive.Instance.Apply(new[] { x }, new ReshapeParams(shape));
}
