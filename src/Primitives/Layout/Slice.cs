using System;
using System.Runtime.CompilerServices;
using System.Collections.Generic;

namespace Functional.AD;

/// <summary>Parameters of <c>slice</c>: per axis, start (inclusive), limit (exclusive) and stride (null: all 1).</summary>
internal sealed record SliceParams(IntTuple StartIndices, IntTuple LimitIndices, IntTuple? Strides) : PrimitiveParams
{
    public override IEnumerable<(string Name, object? Value)> Entries()
    {
        yield return ("limit_indices", LimitIndices);
        yield return ("start_indices", StartIndices);
        yield return ("strides", Strides);
    }

    /// <summary>The stride of axis <paramref name="i"/>.</summary>
    internal int Stride(int i) => Strides is { } s ? s[i] : 1;
}

/// <summary>The <c>slice</c> primitive: a strided box of the operand. Linear; its transpose pads with zeros.</summary>
internal sealed class SlicePrimitive : SingleResultPrimitive<SliceParams>, ILinearSingleResultPrimitive<SliceParams>
{
    internal static readonly SlicePrimitive Instance = new();

    private SlicePrimitive() : base("slice") { }

    protected override ArrayType ShapeRule(ArrayType[] inputs, SliceParams p)
    {
        var x = inputs[0];
        if (p.StartIndices.Count != x.Rank || p.LimitIndices.Count != x.Rank || (p.Strides is { } s && s.Count != x.Rank))
            throw ShapeErrors.Error(Name, $"start {p.StartIndices}, limit {p.LimitIndices} and strides must have one entry per axis", x);
        var dims = new int[x.Rank];
        for (int i = 0; i < x.Rank; i++)
        {
            int start = p.StartIndices[i], limit = p.LimitIndices[i], stride = p.Stride(i);
            if (start < 0 || limit > x.Shape[i] || start > limit || stride < 1)
                throw ShapeErrors.Error(Name, $"axis {i}: start {start}, limit {limit}, stride {stride} do not fit size {x.Shape[i]}", x);
            dims[i] = limit == start ? 0 : ((limit - start - 1) / stride) + 1;   // (limit - start + stride - 1) / stride overflows for large strides
        }
        return x with { Shape = Shape.Own(dims) };
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override NDArray Kernel(NDArray[] args, SliceParams p, ArrayType outType)
    {
        var x = (ConcreteArray)args[0];
        var xStrides = StridedCopy.RowMajorStrides(x.Shape.Dims);
        int offset = 0;
        var srcStrides = new int[x.Rank];
        for (int i = 0; i < x.Rank; i++)
        {
            offset += p.StartIndices[i] * xStrides[i];
            srcStrides[i] = xStrides[i] * p.Stride(i);
        }
        if (outType.Size == 0) return ConcreteArray.Allocate(outType);
        // A contiguous block along axis 0 shares the buffer.
        bool rowsOnly = x.Rank > 0 && p.Stride(0) == 1;
        for (int i = 1; i < x.Rank && rowsOnly; i++)
            rowsOnly = p.StartIndices[i] == 0 && p.LimitIndices[i] == x.Shape[i] && p.Stride(i) == 1;
        if (rowsOnly) return x.SliceAxis0(p.StartIndices[0], outType.Shape[0], keepAxis: true);
        var output = ConcreteArray.Allocate(outType);
        var dst = output.Buffer;
        StridedCopy.CopyArray(x, offset, srcStrides, dst, output.Offset, StridedCopy.RowMajorStrides(outType.Shape.Dims), outType.Shape.Dims);
        return output;
    }

    protected override (NDArray Output, int OutDim) Batch(NDArray[] args, int[] dims, SliceParams p, int axisSize)
    {
        var x = Batching.MoveAxis(args[0], dims[0], 0);
        var strides = p.Strides is { } s ? Batching.Prepend(1, s) : (IntTuple?)null;
        return (Ops.Slice(x, Batching.Prepend(0, p.StartIndices), Batching.Prepend(axisSize, p.LimitIndices), strides), 0);
    }

    protected override (NDArray Primal, NDArray? Tangent) Jvp(NDArray[] primals, NDArray?[] tangents, SliceParams p) =>
        (Apply(primals, p), tangents[0] is { } t ? Apply(new[] { t }, p) : null);

    public NDArray?[] Transpose(NDArray ct, TransposeArg[] args, SliceParams p)
    {
        var operand = args[0].Type;
        int rank = operand.Rank;
        var lo = new int[rank];
        var hi = new int[rank];
        var interior = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int stride = p.Stride(i);
            int n = ct.Shape[i];
            int used = n == 0 ? 0 : p.StartIndices[i] + (n - 1) * stride + 1;
            lo[i] = n == 0 ? operand.Shape[i] : p.StartIndices[i];
            hi[i] = operand.Shape[i] - Math.Max(used, n == 0 ? operand.Shape[i] : used);
            interior[i] = n == 0 ? 0 : stride - 1;
        }
        return new[] { Ops.Pad(ct, Ops.Const(ct, 0), new IntTuple(lo), new IntTuple(hi), new IntTuple(interior)) };
    }
}

internal static partial class Ops
{
    /// <summary><c>slice</c> with unit strides when <paramref name="strides"/> is null.</summary>
    internal static NDArray Slice(NDArray x, IntTuple start, IntTuple limit, IntTuple? strides = null) =>
        SlicePrimitive.Instance.Apply(new[] { x }, new SliceParams(start, limit, strides));

    /// <summary>Elements <paramref name="start"/> .. <paramref name="limit"/> (exclusive) of one axis, the others whole.</summary>
    internal static NDArray SliceAxis(NDArray x, int axis, int start, int limit)
    {
        var s = new int[x.Rank];
        var l = x.Shape.ToArray();
        s[axis] = start;
        l[axis] = limit;
        return Slice(x, new IntTuple(s), new IntTuple(l));
    }
}
