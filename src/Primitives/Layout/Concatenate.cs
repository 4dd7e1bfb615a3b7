using System.Runtime.CompilerServices;
using System.Collections.Generic;

namespace Functional.AD;

/// <summary>Parameters of <c>concatenate</c>: the axis joined along.</summary>
internal sealed record ConcatenateParams(int Dimension) : PrimitiveParams
{
    public override IEnumerable<(string Name, object? Value)> Entries() { yield return ("dimension", Dimension); }
}

/// <summary>The <c>concatenate</c> primitive: joins operands of one dtype along an axis. Linear; the transpose slices.</summary>
internal sealed class ConcatenatePrimitive : SingleResultPrimitive<ConcatenateParams>, ILinearSingleResultPrimitive<ConcatenateParams>
{
    internal static readonly ConcatenatePrimitive Instance = new();

    private ConcatenatePrimitive() : base("concatenate") { }

    protected override ArrayType ShapeRule(ArrayType[] inputs, ConcatenateParams p)
    {
        if (inputs.Length == 0) throw ShapeErrors.Error(Name, "needs at least one operand");
        var first = inputs[0];
        int axis = p.Dimension;
        if (axis < 0 || axis >= first.Rank) throw ShapeErrors.Error(Name, $"dimension {axis} is out of range", inputs);
        bool weak = true;
        foreach (var t in inputs)
        {
            if (t.DType != first.DType || t.Rank != first.Rank)
                throw ShapeErrors.Error(Name, "operands must have the same dtype and rank", inputs);
            for (int i = 0; i < t.Rank; i++)
                if (i != axis && t.Shape[i] != first.Shape[i])
                    throw ShapeErrors.Error(Name, $"operands must have equal sizes on every axis but {axis}", inputs);
            weak &= t.Weak;
        }
        var dims = CheckSize(Name, inputs, axis);
        return new ArrayType(Shape.Own(dims), first.DType, weak);
    }

    /// <summary>
    /// The dimensions of operands of <paramref name="inputs"/>' shapes (equal but for <paramref name="axis"/>) joined along
    /// <paramref name="axis"/>, or an <see cref="System.ArgumentException"/> naming <paramref name="operation"/> when the
    /// joined axis or the whole result would be larger than an array can hold.
    /// </summary>
    internal static int[] CheckSize(string operation, ArrayType[] inputs, int axis)
    {
        long total = 0;
        foreach (var t in inputs) total += t.Shape[axis];
        if (total > int.MaxValue)
            throw ShapeSize.Error(operation, $"axis {axis} would have {total} elements, more than the {ShapeSize.Max} an array can hold", inputs);
        var dims = inputs[0].Shape.ToArray();
        dims[axis] = (int)total;
        ShapeSize.Check(operation, dims, inputs);
        return dims;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override NDArray Kernel(NDArray[] args, ConcatenateParams p, ArrayType outType)
    {
        var output = ConcreteArray.Allocate(outType);
        var dst = output.Buffer;
        var outStrides = StridedCopy.RowMajorStrides(outType.Shape.Dims);
        int at = 0;
        foreach (var a in args)
        {
            var x = (ConcreteArray)a;
            if (x.Size > 0)
                StridedCopy.CopyArray(x, 0, StridedCopy.RowMajorStrides(x.Shape.Dims), dst, output.Offset + (at * outStrides[p.Dimension]), outStrides, x.Shape.Dims);
            at += x.Shape[p.Dimension];
        }
        return output;
    }

    protected override (NDArray Output, int OutDim) Batch(NDArray[] args, int[] dims, ConcatenateParams p, int axisSize)
    {
        var xs = new NDArray[args.Length];
        for (int i = 0; i < xs.Length; i++) xs[i] = Batching.ToFront(args[i], dims[i], axisSize);
        return (Apply(xs, new ConcatenateParams(p.Dimension + 1)), 0);
    }

    protected override (NDArray Primal, NDArray? Tangent) Jvp(NDArray[] primals, NDArray?[] tangents, ConcatenateParams p)
    {
        var y = Apply(primals, p);
        bool any = false;
        foreach (var t in tangents) any |= t is not null;
        if (!any) return (y, null);
        var ts = new NDArray[primals.Length];
        for (int i = 0; i < ts.Length; i++) ts[i] = tangents[i] ?? Ops.Zeros(primals[i].Type.Strong);
        return (y, Apply(ts, p));
    }

    public NDArray?[] Transpose(NDArray ct, TransposeArg[] args, ConcatenateParams p)
    {
        var result = new NDArray?[args.Length];
        int at = 0;
        for (int i = 0; i < args.Length; i++)
        {
            int n = args[i].Type.Shape[p.Dimension];
            if (args[i].IsLinear) result[i] = Ops.SliceAxis(ct, p.Dimension, at, at + n);
            at += n;
        }
        return result;
    }
}

internal static partial class Ops
{
    /// <summary><c>concatenate</c> along <paramref name="axis"/> (non-negative).</summary>
    internal static NDArray Concatenate(NDArray[] xs, int axis) =>
        xs.Length == 1 ? xs[0] : ConcatenatePrimitive.Instance.Apply(xs, new ConcatenateParams(axis));
}
