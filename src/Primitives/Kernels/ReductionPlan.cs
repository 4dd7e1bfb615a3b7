using System.Runtime.CompilerServices;
using System.Collections.Generic;

namespace Functional.AD;

/// <summary>
/// How a reduction over some axes walks a row-major array without transposing it. Adjacent axes with the same
/// role (reduced or kept) merge into blocks and size-1 axes drop out; a trailing reduced block is folded as
/// contiguous runs of <see cref="Run"/> elements (one SIMD call per run), and, when reduced blocks remain before
/// the last kept block, whole contiguous rows of <see cref="Inner"/> elements are accumulated into the output
/// (one SIMD call per row) in the order <see cref="Rows"/> gives.
/// </summary>
internal readonly struct ReductionPlan
{
    private readonly int[] _dims;
    private readonly int[] _outStrides;

    /// <summary>Elements in the result.</summary>
    internal readonly int OutSize;

    /// <summary>Length of the contiguous runs a trailing reduced block folds to scalars, or 0 when the last block is kept.</summary>
    internal readonly int Run;

    /// <summary>Whether rows (of the input, or of the folded runs) remain to be accumulated into the output.</summary>
    internal readonly bool HasRows;

    /// <summary>Length of a row: the last kept block's size.</summary>
    internal readonly int Inner;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal ReductionPlan(Shape shape, IntTuple axes)
    {
        int outSize = 1;
        var groups = new List<(int Size, bool Reduced)>();
        for (int i = 0; i < shape.Rank; i++)
        {
            bool reduced = axes.Contains(i);
            int d = shape[i];
            if (!reduced) outSize *= d;
            if (d == 1) continue;
            if (groups.Count > 0 && groups[^1].Reduced == reduced) groups[^1] = (groups[^1].Size * d, reduced);
            else groups.Add((d, reduced));
        }
        OutSize = outSize;
        Run = 0;
        if (groups.Count > 0 && groups[^1].Reduced)
        {
            Run = groups[^1].Size;
            groups.RemoveAt(groups.Count - 1);
        }
        bool anyReduced = false;
        foreach (var g in groups) anyReduced |= g.Reduced;
        HasRows = anyReduced;
        Inner = HasRows ? groups[^1].Size : 0;
        int outer = HasRows ? groups.Count - 1 : 0;
        _dims = new int[outer];
        _outStrides = new int[outer];
        int stride = Inner;
        for (int g = outer - 1; g >= 0; g--)
        {
            _dims[g] = groups[g].Size;
            _outStrides[g] = groups[g].Reduced ? 0 : stride;
            if (!groups[g].Reduced) stride *= groups[g].Size;
        }
    }

    /// <summary>The rows in input order, each with the output row it accumulates into.</summary>
    internal RowCursor Rows() => new(_dims, _outStrides, Inner);

    /// <summary>
    /// Walks the rows of a reduction: starts at the first (<see cref="Source"/> = <see cref="Destination"/> = 0);
    /// <see cref="MoveNext"/> steps to the next row of the input and the output row it belongs to.
    /// </summary>
    internal struct RowCursor
    {
        private readonly int[] _dims;
        private readonly int[] _outStrides;
        private readonly int[] _index;
        private readonly int _inner;

        /// <summary>Offset of the current row in the input.</summary>
        internal int Source;

        /// <summary>Offset of the output row the current row accumulates into.</summary>
        internal int Destination;

        internal RowCursor(int[] dims, int[] outStrides, int inner)
        {
            _dims = dims;
            _outStrides = outStrides;
            _index = new int[dims.Length];
            _inner = inner;
            Source = 0;
            Destination = 0;
        }

        /// <summary>Steps to the next row; false after the last.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        internal bool MoveNext()
        {
            Source += _inner;
            for (int k = _dims.Length - 1; k >= 0; k--)
            {
                _index[k]++;
                Destination += _outStrides[k];
                if (_index[k] < _dims[k]) return true;
                Destination -= _outStrides[k] * _dims[k];
                _index[k] = 0;
            }
            return false;
        }
    }
}
