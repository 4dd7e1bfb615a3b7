using System;
using System.Runtime.CompilerServices;

namespace Functional.AD;

/// <summary>
/// Walks the windows of a gather (or scatter): for each position of the index batch, the clamped start
/// of the window in the operand and the matching position in the result (or updates) array, with the
/// strides that map window coordinates on both sides.
/// </summary>
internal sealed class IndexPlan
{
    private readonly int[] _operandDims, _operandStrides, _sliceSizes;
    private readonly int[] _startIndexMap, _operandBatching, _indicesBatching;
    private readonly int[] _batchShape, _resultBatchStrides;
    private readonly int _vectorLength;

    /// <summary>Sizes of the (uncollapsed) window axes.</summary>
    internal readonly int[] WindowShape;

    /// <summary>Operand strides of the window axes.</summary>
    internal readonly int[] OperandWindowStrides;

    /// <summary>Result (or updates) strides of the window axes.</summary>
    internal readonly int[] ResultWindowStrides;

    internal IndexPlan(Shape operand, Shape indices, IntTuple windowDims, IntTuple collapsedDims, IntTuple startIndexMap,
        IntTuple operandBatchingDims, IntTuple indicesBatchingDims, IntTuple sliceSizes, Shape result)
    {
        _operandDims = operand.ToArray();
        _operandStrides = StridedCopy.RowMajorStrides(_operandDims);
        _sliceSizes = sliceSizes.ToArray();
        _startIndexMap = startIndexMap.ToArray();
        _operandBatching = operandBatchingDims.ToArray();
        _indicesBatching = indicesBatchingDims.ToArray();
        _vectorLength = indices[indices.Rank - 1];
        _batchShape = indices.Dims[..^1].ToArray();
        var resultStrides = StridedCopy.RowMajorStrides(result.Dims);
        _resultBatchStrides = new int[_batchShape.Length];
        for (int i = 0, b = 0; i < result.Rank; i++)
            if (!windowDims.Contains(i)) _resultBatchStrides[b++] = resultStrides[i];
        int nw = windowDims.Count;
        WindowShape = new int[nw];
        OperandWindowStrides = new int[nw];
        ResultWindowStrides = new int[nw];
        for (int i = 0, w = 0; i < _operandDims.Length; i++)
        {
            if (collapsedDims.Contains(i) || operandBatchingDims.Contains(i)) continue;
            WindowShape[w] = _sliceSizes[i];
            OperandWindowStrides[w] = _operandStrides[i];
            ResultWindowStrides[w] = resultStrides[windowDims[w]];
            w++;
        }
    }

    /// <summary>Calls <paramref name="window"/>(operand offset, result offset) for each index-batch position.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void ForEachWindow(ReadOnlySpan<int> indices, Action<int, int> window)
    {
        int batchSize = 1;
        foreach (var b in _batchShape) batchSize *= b;
        var position = new int[_batchShape.Length];
        var start = new int[_operandDims.Length];
        for (int g = 0; g < batchSize; g++)
        {
            Array.Clear(start);
            for (int k = 0; k < _vectorLength; k++) start[_startIndexMap[k]] = indices[g * _vectorLength + k];
            for (int i = 0; i < _operandBatching.Length; i++) start[_operandBatching[i]] = position[_indicesBatching[i]];
            int operandOffset = 0, resultOffset = 0;
            for (int d = 0; d < start.Length; d++)
            {
                int s = Math.Clamp(start[d], 0, _operandDims[d] - _sliceSizes[d]);
                operandOffset += s * _operandStrides[d];
            }
            for (int i = 0; i < position.Length; i++) resultOffset += position[i] * _resultBatchStrides[i];
            window(operandOffset, resultOffset);
            for (int k = position.Length - 1; k >= 0; k--)
            {
                if (++position[k] < _batchShape[k]) break;
                position[k] = 0;
            }
        }
    }
}
