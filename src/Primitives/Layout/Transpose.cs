using System.Runtime.CompilerServices;
using System.Collections.Generic;

namespace Functional.AD;

/// <summary>Parameters of <c>transpose</c>: output axis i is operand axis permutation[i].</summary>
internal sealed record TransposeParams(IntTuple Permutation) : PrimitiveParams
{
    public override IEnumerable<(string Name, object? Value)> Entries() { yield return ("permutation", Permutation); }
}

/// <summary>The <c>transpose</c> primitive: permutes axes. Linear; its transpose applies the inverse permutation.</summary>
internal sealed class TransposePrimitive : SingleResultPrimitive<TransposeParams>, ILinearSingleResultPrimitive<TransposeParams>
{
    internal static readonly TransposePrimitive Instance = new();

    private TransposePrimitive() : base("transpose") { }

    protected override ArrayType ShapeRule(ArrayType[] inputs, TransposeParams p)
    {
        var x = inputs[0];
        var perm = p.Permutation;
        if (perm.Count != x.Rank)
            throw ShapeErrors.Error(Name, $"permutation {perm} must list every axis of the operand once", x);
        var seen = new bool[x.Rank];
        var dims = new int[x.Rank];
        for (int i = 0; i < perm.Count; i++)
        {
            int a = perm[i];
            if (a < 0 || a >= x.Rank || seen[a])
                throw ShapeErrors.Error(Name, $"permutation {perm} must list every axis of the operand once", x);
            seen[a] = true;
            dims[i] = x.Shape[a];
        }
        return x with { Shape = Shape.Own(dims) };
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override NDArray Kernel(NDArray[] args, TransposeParams p, ArrayType outType)
    {
        var x = (ConcreteArray)args[0];
        // When the axes longer than 1 keep their order, the elements do too: the result is a reshape of x.
        bool keepsOrder = true;
        for (int i = 0, last = -1; i < p.Permutation.Count; i++)
        {
            int axis = p.Permutation[i];
            if (x.Shape[axis] == 1) continue;
            keepsOrder &= axis > last;
            last = axis;
        }
        if (keepsOrder) return x.Shape == outType.Shape ? x : x.WithShape(outType.Shape);
        var xStrides = StridedCopy.RowMajorStrides(x.Shape.Dims);
        var srcStrides = new int[outType.Rank];
        for (int i = 0; i < srcStrides.Length; i++) srcStrides[i] = xStrides[p.Permutation[i]];
        var output = ConcreteArray.Allocate(outType);
        var dst = output.Buffer;
        StridedCopy.CopyArray(x, 0, srcStrides, dst, output.Offset, StridedCopy.RowMajorStrides(outType.Shape.Dims), outType.Shape.Dims);
        return output;
    }

    protected override (NDArray Output, int OutDim) Batch(NDArray[] args, int[] dims, TransposeParams p, int axisSize) =>
        (Ops.Transpose(Batching.MoveAxis(args[0], dims[0], 0), Batching.ShiftAll(p.Permutation, withBatch: true)), 0);

    protected override (NDArray Primal, NDArray? Tangent) Jvp(NDArray[] primals, NDArray?[] tangents, TransposeParams p) =>
        (Apply(primals, p), tangents[0] is { } t ? Apply(new[] { t }, p) : null);

    public NDArray?[] Transpose(NDArray ct, TransposeArg[] args, TransposeParams p) =>
        new[] { Ops.Transpose(ct, Inverse(p.Permutation)) };

    /// <summary>The inverse permutation.</summary>
    internal static IntTuple Inverse(IntTuple perm)
    {
        var inv = new int[perm.Count];
        for (int i = 0; i < inv.Length; i++) inv[perm[i]] = i;
        return new IntTuple(inv);
    }
}

internal static partial class Ops
{
    /// <summary><c>transpose</c>: output axis i is axis <paramref name="permutation"/>[i].</summary>
    internal static NDArray Transpose(NDArray x, IntTuple permutation) =>
        TransposePrimitive.Instance.Apply(new[] { x }, new TransposeParams(permutation));
}
