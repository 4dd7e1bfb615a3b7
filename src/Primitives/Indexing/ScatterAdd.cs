using System.Runtime.CompilerServices;
using System.Collections.Generic;

namespace Functional.AD;

/// <summary>
/// Dimension numbers of <c>scatter_add</c>, the mirror of <see cref="GatherDimensionNumbers"/>: update
/// axes holding the window, operand axes inserted with size 1, index-vector entries to operand axes, and
/// batching axes paired between operand and indices.
/// </summary>
internal sealed record ScatterDimensionNumbers(IntTuple UpdateWindowDims, IntTuple InsertedWindowDims, IntTuple ScatterDimsToOperandDims,
    IntTuple OperandBatchingDims, IntTuple ScatterIndicesBatchingDims)
{
    /// <summary>JAX's printed form.</summary>
    public override string ToString() =>
        $"ScatterDimensionNumbers(update_window_dims={UpdateWindowDims}, inserted_window_dims={InsertedWindowDims}, " +
        $"scatter_dims_to_operand_dims={ScatterDimsToOperandDims}, operand_batching_dims={OperandBatchingDims}, " +
        $"scatter_indices_batching_dims={ScatterIndicesBatchingDims})";
}

/// <summary>Parameters of <c>scatter_add</c>. Starts are clamped like <c>gather</c>'s, so the two are exact transposes.</summary>
internal sealed record ScatterAddParams(ScatterDimensionNumbers DimensionNumbers) : PrimitiveParams
{
    public override IEnumerable<(string Name, object? Value)> Entries()
    {
        yield return ("dimension_numbers", DimensionNumbers);
        yield return ("indices_are_sorted", false);
        yield return ("mode", "GatherScatterMode.CLIP");
        yield return ("unique_indices", false);
    }
}

/// <summary>
/// The <c>scatter_add</c> primitive: <c>scatter_add(operand, indices, updates)</c> adds each update window
/// into the operand at its index (repeated indices accumulate). Linear in operand and updates.
/// </summary>
internal sealed class ScatterAddPrimitive : SingleResultPrimitive<ScatterAddParams>, ILinearSingleResultPrimitive<ScatterAddParams>
{
    internal static readonly ScatterAddPrimitive Instance = new();

    private ScatterAddPrimitive() : base("scatter_add") { }

    protected override ArrayType ShapeRule(ArrayType[] inputs, ScatterAddParams p)
    {
        var (x, idx, upd) = (inputs[0], inputs[1], inputs[2]);
        var d = p.DimensionNumbers;
        if (idx.DType != DType.Int32) throw ShapeErrors.Error(Name, "indices must be i32", x, idx, upd);
        if (upd.DType != x.DType) throw ShapeErrors.Error(Name, "updates must have the operand's dtype", x, idx, upd);
        if (x.DType == DType.Bool) throw ShapeErrors.Error(Name, "cannot add bool values", x, idx, upd);
        if (idx.Rank < 1 || idx.Shape[idx.Rank - 1] != d.ScatterDimsToOperandDims.Count)
            throw ShapeErrors.Error(Name, $"indices need a trailing index vector of {d.ScatterDimsToOperandDims.Count} entries", x, idx, upd);
        if (upd.Rank != idx.Rank - 1 + d.UpdateWindowDims.Count)
            throw ShapeErrors.Error(Name, "updates must have the index batch axes plus the window axes", x, idx, upd);
        int windowAxes = x.Rank - d.InsertedWindowDims.Count - d.OperandBatchingDims.Count;
        if (windowAxes != d.UpdateWindowDims.Count)
            throw ShapeErrors.Error(Name, $"update_window_dims {d.UpdateWindowDims} must name one updates axis per operand window axis ({windowAxes})", x, idx, upd);
        for (int i = 0, w = 0, b = 0; i < upd.Rank; i++)
        {
            if (d.UpdateWindowDims.Contains(i))
            {
                while (d.InsertedWindowDims.Contains(w) || d.OperandBatchingDims.Contains(w)) w++;
                if (upd.Shape[i] > x.Shape[w]) throw ShapeErrors.Error(Name, $"update window axis {i} is larger than operand axis {w}", x, idx, upd);
                w++;
            }
            else if (upd.Shape[i] != idx.Shape[b++]) throw ShapeErrors.Error(Name, "updates batch axes must match the indices batch axes", x, idx, upd);
        }
        return x with { Weak = x.Weak && upd.Weak };
    }

    /// <summary>Slice sizes of the gather that reads the windows of this scatter.</summary>
    internal static IntTuple WindowSliceSizes(ArrayType operand, ArrayType updates, ScatterDimensionNumbers d)
    {
        var sizes = new int[operand.Rank];
        int u = 0;
        for (int i = 0; i < operand.Rank; i++)
            sizes[i] = d.InsertedWindowDims.Contains(i) || d.OperandBatchingDims.Contains(i) ? 1 : updates.Shape[d.UpdateWindowDims[u++]];
        return new IntTuple(sizes);
    }

    protected override NDArray Kernel(NDArray[] args, ScatterAddParams p, ArrayType outType)
    {
        var x = (ConcreteArray)args[0];
        var idx = (ConcreteArray)args[1];
        var upd = (ConcreteArray)args[2];
        var d = p.DimensionNumbers;
        var output = x.Copy(outType);
        var result = output.Buffer;
        if (upd.Size == 0) return output;
        var plan = new IndexPlan(x.Shape, idx.Shape, d.UpdateWindowDims, d.InsertedWindowDims, d.ScatterDimsToOperandDims,
            d.OperandBatchingDims, d.ScatterIndicesBatchingDims, WindowSliceSizes(x.Type, upd.Type, d), upd.Shape);
        var indices = idx.Span<int>();
        switch (result)
        {
            case double[] r: { var u = upd.Span<double>().ToArray(); plan.ForEachWindow(indices, (o, s) => AddWindow<double>(r, output.Offset + o, u, s, plan)); break; }
            case float[] r: { var u = upd.Span<float>().ToArray(); plan.ForEachWindow(indices, (o, s) => AddWindow<float>(r, output.Offset + o, u, s, plan)); break; }
            case int[] r: { var u = upd.Span<int>().ToArray(); plan.ForEachWindow(indices, (o, s) => AddWindow<int>(r, output.Offset + o, u, s, plan)); break; }
            case long[] r: { var u = upd.Span<long>().ToArray(); plan.ForEachWindow(indices, (o, s) => AddWindow<long>(r, output.Offset + o, u, s, plan)); break; }
        }
        return output;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddWindow<T>(T[] operand, int operandOffset, T[] updates, int updateOffset, IndexPlan plan)
        where T : System.Numerics.INumber<T>
    {
        var shape = plan.WindowShape;
        int n = shape.Length;
        int total = 1;
        foreach (var s in shape) total *= s;
        if (total == 0) return;
        var index = new int[n];
        for (int e = 0; e < total; e++)
        {
            int o = operandOffset, u = updateOffset;
            for (int k = 0; k < n; k++)
            {
                o += index[k] * plan.OperandWindowStrides[k];
                u += index[k] * plan.ResultWindowStrides[k];
            }
            operand[o] += updates[u];
            for (int k = n - 1; k >= 0; k--)
            {
                if (++index[k] < shape[k]) break;
                index[k] = 0;
            }
        }
    }

    /// <summary>
    /// Batching: the operand (and updates) get a leading batch axis; with unbatched indices it is a window
    /// axis of every update, with batched indices operand and indices pair it as a batching dimension.
    /// </summary>
    protected override (NDArray Output, int OutDim) Batch(NDArray[] args, int[] dims, ScatterAddParams p, int axisSize)
    {
        var x = Batching.ToFront(args[0], dims[0], axisSize);
        var u = Batching.ToFront(args[2], dims[2], axisSize);
        var d = p.DimensionNumbers;
        if (dims[1] == Batching.NotMapped)
        {
            var dn = new ScatterDimensionNumbers(Batching.ShiftAll(d.UpdateWindowDims, withBatch: true), Batching.ShiftAll(d.InsertedWindowDims),
                Batching.ShiftAll(d.ScatterDimsToOperandDims), Batching.ShiftAll(d.OperandBatchingDims), d.ScatterIndicesBatchingDims);
            return (Ops.ScatterAdd(x, args[1], u, dn), 0);
        }
        var paired = new ScatterDimensionNumbers(Batching.ShiftAll(d.UpdateWindowDims), Batching.ShiftAll(d.InsertedWindowDims),
            Batching.ShiftAll(d.ScatterDimsToOperandDims), Batching.ShiftAll(d.OperandBatchingDims, withBatch: true),
            Batching.ShiftAll(d.ScatterIndicesBatchingDims, withBatch: true));
        return (Ops.ScatterAdd(x, Batching.MoveAxis(args[1], dims[1], 0), u, paired), 0);
    }

    protected override (NDArray Primal, NDArray? Tangent) Jvp(NDArray[] primals, NDArray?[] tangents, ScatterAddParams p)
    {
        var y = Apply(primals, p);
        var (tx, tu) = (tangents[0], tangents[2]);
        if (tx is null && tu is null) return (y, null);
        return (y, Apply(new[] { tx ?? Ops.Zeros(primals[0].Type.Strong), primals[1], tu ?? Ops.Zeros(primals[2].Type.Strong) }, p));
    }

    public NDArray?[] Transpose(NDArray ct, TransposeArg[] args, ScatterAddParams p)
    {
        var d = p.DimensionNumbers;
        NDArray? ctUpdates = null;
        if (args[2].IsLinear)
        {
            var dn = new GatherDimensionNumbers(d.UpdateWindowDims, d.InsertedWindowDims, d.ScatterDimsToOperandDims,
                d.OperandBatchingDims, d.ScatterIndicesBatchingDims);
            ctUpdates = Ops.Gather(ct, args[1].KnownValue, dn, WindowSliceSizes(args[0].Type, args[2].Type, d));
        }
        return new[] { args[0].IsLinear ? ct : null, null, ctUpdates };
    }
}

internal static partial class Ops
{
    /// <summary><c>scatter_add(operand, indices, updates)</c>.</summary>
    internal static NDArray ScatterAdd(NDArray operand, NDArray indices, NDArray updates, ScatterDimensionNumbers dimensionNumbers) =>
        ScatterAddPrimitive.Instance.Apply(new[] { operand, indices, updates }, new ScatterAddParams(dimensionNumbers));
}
