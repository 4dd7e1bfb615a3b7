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
internal sealed class ScatterAddPrimitive : CombiningScatterPrimitive, ILinearSingleResultPrimitive<ScatterAddParams>
{
    internal static readonly ScatterAddPrimitive Instance = new();

    private ScatterAddPrimitive() : base("scatter_add", ScatterCombine.Add) { }

    /// <summary>Slice sizes of the gather that reads the windows of this scatter.</summary>
    internal static IntTuple WindowSliceSizes(ArrayType operand, ArrayType updates, ScatterDimensionNumbers d)
    {
        var sizes = new int[operand.Rank];
        int u = 0;
        for (int i = 0; i < operand.Rank; i++)
            sizes[i] = d.InsertedWindowDims.Contains(i) || d.OperandBatchingDims.Contains(i) ? 1 : updates.Shape[d.UpdateWindowDims[u++]];
        return new IntTuple(sizes);
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
