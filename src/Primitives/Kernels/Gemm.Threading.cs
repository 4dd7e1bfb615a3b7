using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Functional.AD;

// The threaded part of the packed, cache-blocked path: the product is cut into one independent block of C per
// thread, and each thread runs the whole one-thread blocked algorithm on its block.
internal static partial class Gemm
{
    /// <summary>
    /// One parallel blocked GEMM: part <c>i</c> computes the <c>i</c>-th of <c>parts</c> nearly equal blocks of C
    /// (rows of C, or columns when C has few rows), packing its own panels of A and B, with no synchronisation
    /// between the parts until the end.
    /// </summary>
    /// <remarks>
    /// Each thread packs the whole of the operand it shares (B for a split by rows): that copies <c>k * n</c>
    /// elements per thread against <c>m * n * k / threads</c> multiply-adds, under 1% for the sizes that are
    /// threaded, and in exchange no thread ever waits for another one's packing (a shared panel needs two barriers
    /// per panel, and the slower thread sets the pace at each of them). Raw pointers are valid for the duration of
    /// the <see cref="WorkerPool.Run"/> call (the caller keeps the operands pinned).
    /// </remarks>
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
        private int _m;
        private int _n;
        private int _k;
        private int _parts;
        private bool _byRows;

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
            job._a = job._b = job._c = null;
            t_cached = job;
        }

        /// <summary>
        /// Records the operands of the product and cuts it into <paramref name="parts"/> blocks: by rows of C when it
        /// has at least as many <c>MR</c>-row panels as <c>NR</c>-column panels (or enough rows for every part to get
        /// several panels), else by columns.
        /// </summary>
        internal void Setup(
            T* a, nint aRowStride, nint aColStride, T* b, nint bRowStride, nint bColStride,
            T* c, nint cRowStride, int m, int n, int k, int parts)
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
            _n = n;
            _k = k;
            _parts = parts;
            int rowPanels = (m + TKernel.MR - 1) / TKernel.MR;
            int columnPanels = (n + TKernel.NR - 1) / TKernel.NR;
            _byRows = rowPanels >= columnPanels || rowPanels >= 4 * parts;
        }

        /// <summary>
        /// The range of part <paramref name="part"/> when <paramref name="count"/> lines are cut into
        /// <see cref="_parts"/> nearly equal ranges of whole panels of <paramref name="width"/> lines.
        /// </summary>
        private (int First, int Count) Range(int count, int width, int part)
        {
            int panels = (count + width - 1) / width;
            int first = (int)((long)panels * part / _parts) * width;
            int end = Math.Min((int)((long)panels * (part + 1) / _parts) * width, count);
            return (first, end - first);
        }

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override void Execute(int part)
        {
            var (first, count) = _byRows ? Range(_m, TKernel.MR, part) : Range(_n, TKernel.NR, part);
            if (count <= 0)
            {
                return;
            }

            if (_byRows)
            {
                MultiplyBlocked<T, TKernel>(
                    _a + (first * _aRowStride), _aRowStride, _aColStride, _b, _bRowStride, _bColStride,
                    _c + (first * _cRowStride), _cRowStride, count, _n, _k);
            }
            else
            {
                MultiplyBlocked<T, TKernel>(
                    _a, _aRowStride, _aColStride, _b + (first * _bColStride), _bRowStride, _bColStride,
                    _c + first, _cRowStride, _m, count, _k);
            }
        }
    }
}
