using System;
using System.Runtime.CompilerServices;
using System.Numerics;

namespace Functional.AD;

// The threaded part of the packed, cache-blocked path: the worker-pool job whose parts first pack a panel of B
// together, then compute disjoint blocks of C (the panel loop that drives it is MultiplyPacked's).
internal static partial class Gemm
{
    /// <summary>
    /// The parts of one parallel blocked GEMM: while <see cref="Packing"/>, part <c>i</c> packs a range of B
    /// micro-panels into the shared buffer; otherwise part <c>i</c> computes one block of C. Raw pointers are valid
    /// for the duration of the <see cref="WorkerPool.Run"/> calls (the caller keeps the operands pinned).
    /// </summary>
    private sealed unsafe class GemmJob<T, TKernel> : WorkerJob
        where T : unmanaged, INumber<T>
        where TKernel : IMicroKernel<T>
    {
        [ThreadStatic]
        private static GemmJob<T, TKernel>? t_cached;

        private T* _a;
        private nint _aRowStride;
        private nint _aColStride;
        private T* _b;
        private nint _bRowStride;
        private nint _bColStride;
        private T* _c;
        private nint _cRowStride;
        private T* _bPacked;
        private int _m;
        private int _k;
        private int _threads;
        private int _jc;
        private int _nc;
        private int _pc;
        private int _kc;
        private int _panels;
        private int _rowPanels;
        private int _rowParts;
        private int _columnParts;

        /// <summary>Gets or sets a value indicating whether the next dispatch packs B (true) or computes C (false).</summary>
        internal bool Packing { get; set; }

        /// <summary>Gets the number of parts of the packing phase for the current panel.</summary>
        internal int PackParts { get; private set; }

        /// <summary>Gets the number of parts of the compute phase for the current panel.</summary>
        internal int ComputeParts { get; private set; }

        /// <summary>Takes this thread's cached job (or a new one); give it back with <see cref="Return"/>.</summary>
        internal static GemmJob<T, TKernel> Take()
        {
            GemmJob<T, TKernel>? job = t_cached;
            t_cached = null;
            return job ?? new GemmJob<T, TKernel>();
        }

        /// <summary>Caches <paramref name="job"/> for this thread's next parallel GEMM.</summary>
        internal static void Return(GemmJob<T, TKernel> job)
        {
            job._a = job._b = job._c = job._bPacked = null;
            t_cached = job;
        }

        /// <summary>Records the operands of the product.</summary>
        internal void Setup(
            T* a, nint aRowStride, nint aColStride, T* b, nint bRowStride, nint bColStride,
            T* c, nint cRowStride, int m, int k, T* bPacked, int threads)
        {
            _a = a;
            _aRowStride = aRowStride;
            _aColStride = aColStride;
            _b = b;
            _bRowStride = bRowStride;
            _bColStride = bColStride;
            _c = c;
            _cRowStride = cRowStride;
            _m = m;
            _k = k;
            _bPacked = bPacked;
            _threads = threads;
        }

        /// <summary>Selects the <c>kc x nc</c> panel of B at (<paramref name="pc"/>, <paramref name="jc"/>) and plans its parts.</summary>
        internal void SetPanel(int jc, int nc, int pc, int kc)
        {
            _jc = jc;
            _nc = nc;
            _pc = pc;
            _kc = kc;
            int mr = TKernel.MR;
            int nr = TKernel.NR;
            _panels = (nc + nr - 1) / nr;
            PackParts = Math.Min(_panels, _threads);

            // Parts of (nearly) equal size, about PartsPerThread per thread, so that the threads finish together and
            // a thread slowed down by other work is compensated by the others. Rows are split first (each part then
            // packs only its own rows of A); C with few rows is also split by column panels of B.
            int target = PartsPerThread * _threads;
            _rowPanels = (_m + mr - 1) / mr;
            _rowParts = Math.Min(_rowPanels, Math.Max(target, (_m + TKernel.MC - 1) / TKernel.MC));
            _rowParts = RoundUp(_rowParts, _threads) <= _rowPanels ? RoundUp(_rowParts, _threads) : _rowParts;
            _columnParts = _rowParts >= target ? 1 : Math.Min(_panels, (target + _rowParts - 1) / _rowParts);
            ComputeParts = _rowParts * _columnParts;
        }

        /// <summary>Start of part <paramref name="part"/> when <paramref name="count"/> items are split into <paramref name="parts"/> nearly equal ranges.</summary>
        private static int Split(int count, int parts, int part) => (int)((long)count * part / parts);

        /// <inheritdoc/>
        public override void Execute(int part)
        {
            if (Packing)
            {
                int nr = TKernel.NR;
                int first = Split(_panels, PackParts, part) * nr;
                int count = Math.Min(Split(_panels, PackParts, part + 1) * nr, _nc) - first;
                PackB<T, TKernel>(
                    _b + (_pc * _bRowStride) + ((_jc + first) * _bColStride), _bRowStride, _bColStride, _kc, count,
                    _bPacked + ((nint)first * _kc));
                return;
            }

            Compute(part / _columnParts, part % _columnParts);
        }

        /// <summary>Computes the block of C in row part <paramref name="rowPart"/> and column part <paramref name="columnPart"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Compute(int rowPart, int columnPart)
        {
            int mr = TKernel.MR;
            int nr = TKernel.NR;
            int row0 = Split(_rowPanels, _rowParts, rowPart) * mr;
            int rows = Math.Min(Split(_rowPanels, _rowParts, rowPart + 1) * mr, _m) - row0;
            int col0 = Split(_panels, _columnParts, columnPart) * nr;
            int cols = Math.Min(Split(_panels, _columnParts, columnPart + 1) * nr, _nc) - col0;
            int mcMax = RoundUp(Math.Min(TKernel.MC, rows), mr);
            T[] aArray = RentPacked<T>(_kc * mcMax);
            try
            {
                fixed (T* aBase = aArray)
                {
                    T* aPacked = Align(aBase);
                    T* tile = stackalloc T[mr * nr];
                    for (int ic = row0; ic < row0 + rows; ic += TKernel.MC)
                    {
                        int mc = Math.Min(TKernel.MC, row0 + rows - ic);
                        PackA<T, TKernel>(_a + (ic * _aRowStride) + (_pc * _aColStride), _aRowStride, _aColStride, mc, _kc, aPacked);
                        MacroKernel<T, TKernel>(
                            aPacked, _bPacked + ((nint)col0 * _kc), _c + (ic * _cRowStride) + _jc + col0, _cRowStride,
                            mc, cols, _kc, accumulate: _pc > 0, tile);
                    }
                }
            }
            finally
            {
                ReturnPacked(aArray);
            }
        }
    }
}
