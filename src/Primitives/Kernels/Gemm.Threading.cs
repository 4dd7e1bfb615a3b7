using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Threading;

namespace Functional.AD;

// The threaded part of the packed, cache-blocked path: the product is cut into one block of C per thread. When B is
// one panel (k <= KC, n <= NC) larger than a core's L2 and C is cut by rows, the threads pack it once, together, and share it;
// otherwise each thread runs the whole one-thread blocked algorithm on its block.
internal static partial class Gemm
{
    /// <summary>
    /// One parallel blocked GEMM: part <c>i</c> computes the <c>i</c>-th of <c>parts</c> nearly equal blocks of C
    /// (of rows or of columns, see <see cref="SplitByRows"/>).
    /// </summary>
    /// <remarks>
    /// <para>
    /// When C is cut by rows and B is a single packed panel too large for a core's L2 (see
    /// <see cref="SharedPanelMinBytes"/>), the parts share one packed copy of it: each part first
    /// claims chunks of B's micro-panels from a counter and packs them, then waits until every chunk is packed
    /// (only for chunks another running part is packing at that moment), then multiplies its rows. A part that starts
    /// late finds the panel packed; a part run after another on the same thread (the pool was busy) packs what is
    /// left. No part ever waits for one that has not started, so this never deadlocks however the parts are
    /// scheduled. At two threads it saves half the packing of B.
    /// </para>
    /// <para>
    /// Otherwise each part runs <see cref="MultiplyBlocked{T, TKernel}"/> on its block, packing its own panels of
    /// both operands, with no synchronisation between the parts until the end (a shared panel among several would
    /// need every part to wait for the slowest at each panel, and a part may not have started at all). Raw
    /// pointers are valid for the duration of the <see cref="WorkerPool.Run"/> call (the caller keeps the operands
    /// and the shared buffer pinned).
    /// </para>
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

        /// <summary>The shared packed panel of B, or null when each part packs its own.</summary>
        private T* _bPacked;

        /// <summary>How many chunks of <see cref="ChunkPanels"/> micro-panels the shared panel of B is packed in.</summary>
        private int _packChunks;

        /// <summary>The next chunk of the shared panel to claim (may run past <see cref="_packChunks"/>).</summary>
        private int _packNext;

        /// <summary>How many chunks of the shared panel have been packed.</summary>
        private int _packDone;

        /// <summary>
        /// The packed panel of B is shared only above this size. A panel each core packs itself stays in that core's
        /// L2 (when it fits) and is read from there; a shared one is half written by the other core, whose lines
        /// the reader must fetch across the cache hierarchy. Measured at two threads on Zen 4 (1 MiB L2 per core):
        /// sharing cost 3-7% at 256 KiB (f32 n = 256), was even at 1-2.25 MiB, and gained 2-6% at 3.2-8 MiB
        /// (f64 n = 640, f32 and f64 n = 1024), where neither core's L2 holds the panel anyway.
        /// </summary>
        private const long SharedPanelMinBytes = 2 * 1024 * 1024;

        /// <summary>Micro-panels of B per packing chunk: small, so that a part waiting for another's chunk waits briefly.</summary>
        private const int ChunkPanels = 2;

        /// <summary>
        /// Gets the elements of the shared packed panel of B this product needs (0 when the parts pack their own);
        /// known after <see cref="Setup"/>.
        /// </summary>
        internal int SharedBElements { get; private set; }

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

        /// <summary>
        /// Records the operands of the product and cuts it into <paramref name="parts"/> blocks, by rows or by
        /// columns of C as <see cref="SplitByRows"/> finds cheaper.
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
            int columnPanels = (n + TKernel.NR - 1) / TKernel.NR;
            bool onePanel = KBlock(TKernel.KC, k) == k && n <= TKernel.NC;
            long packedBytes = (long)k * columnPanels * TKernel.NR * Unsafe.SizeOf<T>();
            bool canShareB = onePanel && packedBytes > SharedPanelMinBytes;
            _byRows = SplitByRows(m, n, k, parts, canShareB);
            SharedBElements = _byRows && canShareB ? (int)(packedBytes / Unsafe.SizeOf<T>()) : 0;
            _packChunks = (columnPanels + ChunkPanels - 1) / ChunkPanels;
            _packNext = 0;
            _packDone = 0;
            _bPacked = null;
        }

        /// <summary>
        /// Whether cutting C into <paramref name="parts"/> blocks of rows costs the busiest part less than cutting it
        /// into blocks of columns. A part's cost is its multiply-adds, counted on whole <c>MR x NR</c> tiles (a block
        /// of 68 rows costs six 12-row panels, one of 64 would cost 5.33), plus <see cref="PackCost"/> per element it
        /// packs: all of the operand the cut shares (B for rows, unless one packed copy is shared; A for columns)
        /// and its own block of the other.
        /// </summary>
        /// <remarks>
        /// W3's layer products (C 128 x 512) show why both terms count: by rows, 128 rows are 10.67 panels, cut 5 / 6
        /// (6% over an even half), and each part packs the whole 784 x 512 B for only 64 rows of use; by columns each
        /// part gets 8 of 16 panels and packs half of B. Measured at two threads on Zen 4 (W3's three products of that shape): 591 / 383 / 410 µs by rows, 509 / 335 / 344 µs by columns.
        /// </remarks>
        private static bool SplitByRows(int m, int n, int k, int parts, bool sharesB)
        {
            long rowPanels = (m + TKernel.MR - 1) / TKernel.MR;
            long columnPanels = (n + TKernel.NR - 1) / TKernel.NR;
            long busiestRows = (rowPanels + parts - 1) / parts * TKernel.MR;
            long busiestColumns = (columnPanels + parts - 1) / parts * TKernel.NR;
            long byRows = (busiestRows * columnPanels * TKernel.NR * k)
                + (PackCost * ((sharesB ? (long)k * n / parts : (long)k * n) + (busiestRows * k)));
            long byColumns = (busiestColumns * rowPanels * TKernel.MR * k)
                + (PackCost * (((long)m * k) + (busiestColumns * k)));
            return byRows <= byColumns;
        }

        /// <summary>
        /// The cost of packing one element in multiply-adds of the micro-kernel: measured on Zen 4, packing ran at
        /// about 0.2 ns per element against about 56 multiply-adds per ns in the kernel; taken lower, as packing
        /// also warms the caches for the kernel.
        /// </summary>
        private const long PackCost = 8;

        /// <summary>
        /// Gives the job the pinned buffer of <see cref="SharedBElements"/> elements the parts pack B into and share
        /// (null: each part packs its own).
        /// </summary>
        internal void UseSharedB(T* bPacked) => _bPacked = bPacked;

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

            if (_bPacked is not null)
            {
                PackSharedB();
                MultiplyRowsOnSharedB(first, count);
            }
            else if (_byRows)
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

        /// <summary>
        /// Packs the chunks of the shared panel of B no other part has claimed, then waits until every chunk is
        /// packed (a chunk being packed by another part takes microseconds).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void PackSharedB()
        {
            int chunkColumns = ChunkPanels * TKernel.NR;
            while (true)
            {
                int chunk = Interlocked.Increment(ref _packNext) - 1;
                if (chunk >= _packChunks)
                {
                    break;
                }

                int column = chunk * chunkColumns;
                PackB<T, TKernel>(
                    _b + (column * _bColStride), _bRowStride, _bColStride, _k, Math.Min(chunkColumns, _n - column),
                    _bPacked + ((nint)column * _k));
                Interlocked.Increment(ref _packDone); // full fence: the chunk's stores are visible before the count
            }

            var spinner = default(SpinWait);
            while (Volatile.Read(ref _packDone) < _packChunks)
            {
                spinner.SpinOnce(sleep1Threshold: -1);
            }
        }

        /// <summary>Computes rows <c>first .. first + count</c> of C from the shared packed panel of B.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void MultiplyRowsOnSharedB(int first, int count)
        {
            T[] aArray = RentPacked<T>(_k * RoundUp(Math.Min(TKernel.MC, count), TKernel.MR));
            try
            {
                fixed (T* aBase = aArray)
                {
                    T* tile = stackalloc T[TKernel.MR * TKernel.NR];
                    MultiplyPanel<T, TKernel>(
                        _a + (first * _aRowStride), _aRowStride, _aColStride, _bPacked, _c + (first * _cRowStride), _cRowStride,
                        count, _n, _k, accumulate: false, Align(aBase), tile);
                }
            }
            finally
            {
                ReturnPacked(aArray);
            }
        }
    }
}
