using System.Collections.Generic;

namespace Functional.AD;

/// <summary>
/// Dimension numbers of <c>gather</c> (XLA semantics; the index vector is the last axis of the indices):
/// <see cref="OffsetDims"/> are the output axes that hold the slice; <see cref="CollapsedSliceDims"/>
/// are operand axes sliced with size 1 and dropped; <see cref="StartIndexMap"/> maps index-vector entries
/// to operand axes; <see cref="OperandBatchingDims"/> are operand axes indexed by the position along
/// the matching <see cref="StartIndicesBatchingDims"/> of the indices (a batched gather).
/// </summary>
internal sealed record GatherDimensionNumbers(IntTuple OffsetDims, IntTuple CollapsedSliceDims, IntTuple StartIndexMap,
    IntTuple OperandBatchingDims, IntTuple StartIndicesBatchingDims)
{
    /// <summary>JAX's printed form.</summary>
    public override string ToString() =>
        $"GatherDimensionNumbers(offset_dims={OffsetDims}, collapsed_slice_dims={CollapsedSliceDims}, start_index_map={StartIndexMap}, " +
        $"operand_batching_dims={OperandBatchingDims}, start_indices_batching_dims={StartIndicesBatchingDims})";
}

/// <summary>Parameters of <c>gather</c>. Out-of-range starts are clamped so the slice fits (JAX's CLIP mode).</summary>
internal sealed record GatherParams(GatherDimensionNumbers DimensionNumbers, IntTuple SliceSizes) : PrimitiveParams
{
    public override IEnumerable<(string Name, object? Value)> Entries()
    {
        yield return ("dimension_numbers", DimensionNumbers);
        yield return ("fill_value", null);
        yield return ("indices_are_sorted", false);
        yield return ("mode", "GatherScatterMode.CLIP");
        yield return ("slice_sizes", SliceSizes);
        yield return ("unique_indices", false);
    }
}

/// <summary>
/// The <c>gather</c> primitive: for each index vector, a slice of the operand starting there. Linear in
/// the operand (transpose: <c>scatter_add</c> into zeros); the i32 indices get no tangent.
/// </summary>
internal sealed class GatherPrimitive : SingleResultPrimitive<GatherParams>, ILinearSingleResultPrimitive<GatherParams>
{
    internal static readonly GatherPrimitive Instance = new();

    private GatherPrimitive() : base("gather") { }

    protected override ArrayType ShapeRule(ArrayType[] inputs, GatherParams p)
    {
        var (x, idx) = (inputs[0], inputs[1]);
        var d = p.DimensionNumbers;
        if (idx.DType != DType.Int32) throw ShapeErrors.Error(Name, "indices must be i32", x, idx);
        if (idx.Rank < 1) throw ShapeErrors.Error(Name, "indices need a trailing index-vector axis", x, idx);
        int vec = idx.Shape[idx.Rank - 1];
        if (vec != d.StartIndexMap.Count) throw ShapeErrors.Error(Name, $"the index vector has {vec} entries but start_index_map {d.StartIndexMap} has {d.StartIndexMap.Count}", x, idx);
        if (p.SliceSizes.Count != x.Rank) throw ShapeErrors.Error(Name, $"slice_sizes {p.SliceSizes} needs one size per operand axis", x, idx);
        for (int i = 0; i < x.Rank; i++)
            if (p.SliceSizes[i] < 0 || p.SliceSizes[i] > x.Shape[i]) throw ShapeErrors.Error(Name, $"slice_sizes {p.SliceSizes} do not fit the operand", x, idx);
        foreach (var c in d.CollapsedSliceDims.Span)
            if (c < 0 || c >= x.Rank || p.SliceSizes[c] > 1) throw ShapeErrors.Error(Name, $"collapsed axis {c} must have slice size 0 or 1", x, idx);
        foreach (var c in d.OperandBatchingDims.Span)
            if (c < 0 || c >= x.Rank || p.SliceSizes[c] != 1) throw ShapeErrors.Error(Name, $"operand batching axis {c} must have slice size 1", x, idx);
        if (d.OperandBatchingDims.Count != d.StartIndicesBatchingDims.Count) throw ShapeErrors.Error(Name, "batching dims must pair up", x, idx);
        for (int i = 0; i < d.OperandBatchingDims.Count; i++)
        {
            int ib = d.StartIndicesBatchingDims[i];
            if (ib < 0 || ib >= idx.Rank - 1 || idx.Shape[ib] != x.Shape[d.OperandBatchingDims[i]])
                throw ShapeErrors.Error(Name, $"indices batching axis {ib} must match operand batching axis {d.OperandBatchingDims[i]}", x, idx);
        }
        var windowSizes = new List<int>();
        for (int i = 0; i < x.Rank; i++)
            if (!d.CollapsedSliceDims.Contains(i) && !d.OperandBatchingDims.Contains(i)) windowSizes.Add(p.SliceSizes[i]);
        if (windowSizes.Count != d.OffsetDims.Count) throw ShapeErrors.Error(Name, $"offset_dims {d.OffsetDims} must name one output axis per uncollapsed slice axis ({windowSizes.Count})", x, idx);
        int outRank = idx.Rank - 1 + d.OffsetDims.Count;
        var dims = new int[outRank];
        int w = 0, b = 0;
        for (int i = 0; i < outRank; i++)
        {
            if (d.OffsetDims.Contains(i)) dims[i] = windowSizes[w++];
            else dims[i] = idx.Shape[b++];
        }
        return x with { Shape = Shape.Own(dims) };
    }

    protected override NDArray Kernel(NDArray[] args, GatherParams p, ArrayType outType)
    {
        var x = (ConcreteArray)args[0];
        var idx = (ConcreteArray)args[1];
        var output = ConcreteArray.Allocate(outType);
        var dst = output.Buffer;
        if (outType.Size == 0) return output;
        var plan = new IndexPlan(x.Shape, idx.Shape, p.DimensionNumbers.OffsetDims, p.DimensionNumbers.CollapsedSliceDims,
            p.DimensionNumbers.StartIndexMap, p.DimensionNumbers.OperandBatchingDims, p.DimensionNumbers.StartIndicesBatchingDims,
            p.SliceSizes, outType.Shape);
        var indices = idx.Span<int>();
        plan.ForEachWindow(indices, (operandOffset, resultOffset) =>
            StridedCopy.CopyArray(x, operandOffset, plan.OperandWindowStrides, dst, output.Offset + resultOffset, plan.ResultWindowStrides, plan.WindowShape));
        return output;
    }

    /// <summary>
    /// Batching: a batched operand adds a leading window axis (the whole batch is sliced); batched indices add
    /// a leading index batch axis; both batched pair them up as batching dimensions. One gather either way.
    /// </summary>
    protected override (NDArray Output, int OutDim) Batch(NDArray[] args, int[] dims, GatherParams p, int axisSize)
    {
        var (x, idx) = (args[0], args[1]);
        var (dx, di) = (dims[0], dims[1]);
        var d = p.DimensionNumbers;
        if (di == Batching.NotMapped)
        {
            var dn = new GatherDimensionNumbers(Batching.ShiftAll(d.OffsetDims, withBatch: true), Batching.ShiftAll(d.CollapsedSliceDims),
                Batching.ShiftAll(d.StartIndexMap), Batching.ShiftAll(d.OperandBatchingDims), d.StartIndicesBatchingDims);
            return (Ops.Gather(Batching.MoveAxis(x, dx, 0), idx, dn, Batching.Prepend(axisSize, p.SliceSizes)), 0);
        }
        if (dx == Batching.NotMapped)
        {
            var dn = d with { OffsetDims = Batching.ShiftAll(d.OffsetDims), StartIndicesBatchingDims = Batching.ShiftAll(d.StartIndicesBatchingDims) };
            return (Ops.Gather(x, Batching.MoveAxis(idx, di, 0), dn, p.SliceSizes), 0);
        }
        var paired = new GatherDimensionNumbers(Batching.ShiftAll(d.OffsetDims), Batching.ShiftAll(d.CollapsedSliceDims),
            Batching.ShiftAll(d.StartIndexMap), Batching.ShiftAll(d.OperandBatchingDims, withBatch: true),
            Batching.ShiftAll(d.StartIndicesBatchingDims, withBatch: true));
        return (Ops.Gather(Batching.MoveAxis(x, dx, 0), Batching.MoveAxis(idx, di, 0), paired, Batching.Prepend(1, p.SliceSizes)), 0);
    }

    protected override (NDArray Primal, NDArray? Tangent) Jvp(NDArray[] primals, NDArray?[] tangents, GatherParams p)
    {
        var y = Apply(primals, p);
        return (y, tangents[0] is { } t ? Apply(new[] { t, primals[1] }, p) : null);
    }

    public NDArray?[] Transpose(NDArray ct, TransposeArg[] args, GatherParams p)
    {
        if (!args[0].IsLinear) return new NDArray?[2];
        var d = p.DimensionNumbers;
        var dn = new ScatterDimensionNumbers(d.OffsetDims, d.CollapsedSliceDims, d.StartIndexMap, d.OperandBatchingDims, d.StartIndicesBatchingDims);
        return new NDArray?[] { Ops.ScatterAdd(Ops.Zeros(args[0].Type.Strong), args[1].KnownValue, ct, dn), null };
    }
}

internal static partial class Ops
{
    /// <summary><c>gather</c> with the given dimension numbers and slice sizes.</summary>
    internal static NDArray Gather(NDArray x, NDArray indices, GatherDimensionNumbers dimensionNumbers, IntTuple sliceSizes) =>
        GatherPrimitive.Instance.Apply(new[] { x, indices }, new GatherParams(dimensionNumbers, sliceSizes));
}
