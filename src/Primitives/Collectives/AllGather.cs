using System.Collections.Generic;

namespace Functional.AD;

/// <summary>Parameters of <c>all_gather</c>: the named axis, where the gathered axis goes, whether examples are concatenated (tiled) rather than stacked, and the axis size.</summary>
internal sealed record AllGatherParams(string Axis, int Dimension, bool Tiled, int AxisSize) : PrimitiveParams
{
    public override IEnumerable<(string Name, object? Value)> Entries()
    {
        yield return ("all_gather_dimension", Dimension);
        yield return ("axis_index_groups", null);
        yield return ("axis_name", Axis);
        yield return ("axis_size", AxisSize);
        yield return ("tiled", Tiled);
    }
}

/// <summary>
/// The <c>all_gather</c> primitive: every example receives the values of all examples of the <c>Vmap</c> axis it names,
/// stacked along a new axis at <c>Dimension</c> (or, tiled, concatenated along axis <c>Dimension</c>). Linear; its
/// transpose sums the cotangents over the axis and keeps each example's own slice (JAX's <c>psum_scatter</c>).
/// </summary>
internal sealed class AllGatherPrimitive : SingleResultPrimitive<AllGatherParams>, ILinearSingleResultPrimitive<AllGatherParams>, ICollectivePrimitive
{
    internal static readonly AllGatherPrimitive Instance = new();

    private AllGatherPrimitive() : base("all_gather") { }

    protected override ArrayType ShapeRule(ArrayType[] inputs, AllGatherParams p)
    {
        var x = inputs[0];
        int limit = p.Tiled ? x.Rank - 1 : x.Rank;
        if (p.Dimension < 0 || p.Dimension > limit)
            throw ShapeErrors.Error(Name, p.Tiled
                ? $"axis {p.Dimension} is out of range for a tiled gather of rank {x.Rank}"
                : $"axis {p.Dimension} is out of range for a gather of rank {x.Rank} (at most {x.Rank})", x);
        if (!p.Tiled) return x with { Shape = Batching.Insert(x.Shape, p.Dimension, p.AxisSize) };
        var dims = x.Shape.Dims.ToArray();
        dims[p.Dimension] *= p.AxisSize;
        return x with { Shape = Shape.Own(dims) };
    }

    protected override NDArray Kernel(NDArray[] args, AllGatherParams p, ArrayType outType) => throw AxisEnv.Unbound(p.Axis, Name);

    /// <summary>Under a Vmap of another axis: the batch axis in front, the gather one axis further.</summary>
    protected override (NDArray Output, int OutDim) Batch(NDArray[] args, int[] dims, AllGatherParams p, int axisSize) =>
        (Apply(new[] { Batching.MoveAxis(args[0], dims[0], 0) }, p with { Dimension = p.Dimension + 1 }), 0);

    public string AxisName(PrimitiveParams parameters) => ((AllGatherParams)parameters).Axis;

    public (NDArray[] Outputs, int[] OutDims) BatchNamed(NDArray[] args, int[] dims, PrimitiveParams parameters, int axisSize)
    {
        var p = (AllGatherParams)parameters;
        var stacked = Batching.MoveAxis(Batching.ToFront(args[0], dims[0], axisSize), 0, p.Dimension);
        if (p.Tiled)
        {
            // [.., N, s_d, ..] -> [.., N * s_d, ..]: example n's block comes n-th.
            var s = stacked.Shape.Dims.ToArray();
            var merged = new int[s.Length - 1];
            for (int i = 0, j = 0; i < s.Length; i++)
            {
                if (i == p.Dimension + 1) continue;
                merged[j++] = i == p.Dimension ? s[i] * s[i + 1] : s[i];
            }
            stacked = Ops.Reshape(stacked, Shape.Own(merged));
        }
        return (new[] { stacked }, new[] { Batching.NotMapped });
    }

    protected override (NDArray Primal, NDArray? Tangent) Jvp(NDArray[] primals, NDArray?[] tangents, AllGatherParams p) =>
        (Apply(primals, p), tangents[0] is { } t ? Apply(new[] { t }, p) : null);

    public NDArray?[] Transpose(NDArray ct, TransposeArg[] args, AllGatherParams p)
    {
        var total = Ops.Psum(ct, p.Axis);
        var x = args[0].Type;
        if (p.Tiled)
        {
            // Split the gathered axis into (examples, block) so each example picks its own block.
            total = Ops.Reshape(total, Batching.Insert(x.Shape, p.Dimension, p.AxisSize));
        }
        var n = Shape.Own(new[] { p.AxisSize });
        var own = Ops.Eq(Ops.Iota(DType.Int32, n, 0), Ops.BroadcastInDim(Ops.AxisIndex(p.Axis), n, new IntTuple(System.Array.Empty<int>())));
        var mask = Ops.BroadcastInDim(Ops.ConvertElementType(own, ct.DType), total.Shape, new IntTuple(p.Dimension));
        return new[] { Ops.ReduceSum(Ops.Mul(total, mask), new IntTuple(p.Dimension)) };
    }
}

internal static partial class Ops
{
    /// <summary><c>all_gather</c> of <paramref name="x"/> over the named axis <paramref name="axis"/> of size <paramref name="axisSize"/>.</summary>
    internal static NDArray AllGather(NDArray x, string axis, int dimension, bool tiled, int axisSize) =>
        AllGatherPrimitive.Instance.Apply(new[] { x }, new AllGatherParams(axis, dimension, tiled, axisSize));
}
