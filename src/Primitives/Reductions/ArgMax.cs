using System.Collections.Generic;

namespace Functional.AD;

/// <summary>Parameters of <c>argmax</c>: the axis searched (as a 1-tuple, as JAX prints it) and the index dtype.</summary>
internal sealed record ArgMaxParams(int Axis) : PrimitiveParams
{
    public override IEnumerable<(string Name, object? Value)> Entries()
    {
        yield return ("axes", new IntTuple(Axis));
        yield return ("index_dtype", DType.Int32);
    }
}

/// <summary>The <c>argmax</c> primitive: i32 index of the first maximum along an axis (first NaN wins). Not differentiable (zero tangent).</summary>
internal sealed class ArgMaxPrimitive : SingleResultPrimitive<ArgMaxParams>
{
    internal static readonly ArgMaxPrimitive Instance = new();

    private ArgMaxPrimitive() : base("argmax") { }

    protected override ArrayType ShapeRule(ArrayType[] inputs, ArgMaxParams p)
    {
        var x = inputs[0];
        if (p.Axis < 0 || p.Axis >= x.Rank) throw ShapeErrors.Error(Name, $"axis {p.Axis} is out of range", x);
        if (x.Shape[p.Axis] == 0) throw ShapeErrors.Error(Name, $"axis {p.Axis} is empty, so it has no maximum", x);
        return ReductionShape.Reduced(Name, x, new IntTuple(p.Axis)) with { DType = DType.Int32, Weak = false };
    }

    // An empty result is not computed: the sizes around the axis may multiply past int (a [65536, 65536, 0] operand).
    protected override NDArray Kernel(NDArray[] args, ArgMaxParams p, ArrayType outType) => outType.Size == 0
        ? ConcreteArray.Allocate(outType)
        : ReductionKernels.ArgMax((ConcreteArray)args[0], p.Axis, outType);

    protected override (NDArray Output, int OutDim) Batch(NDArray[] args, int[] dims, ArgMaxParams p, int axisSize)
    {
        int d = dims[0];
        int axis = Batching.Shift(p.Axis, d);
        return (Apply(args, new ArgMaxParams(axis)), axis < d ? d - 1 : d);
    }

    protected override (NDArray Primal, NDArray? Tangent) Jvp(NDArray[] primals, NDArray?[] tangents, ArgMaxParams p) =>
        (Apply(primals, p), null);
}

internal static partial class Ops
{
    /// <summary><c>argmax</c> along <paramref name="axis"/> (non-negative).</summary>
    internal static NDArray ArgMax(NDArray x, int axis) => ArgMaxPrimitive.Instance.Apply(new[] { x }, new ArgMaxParams(axis));
}
