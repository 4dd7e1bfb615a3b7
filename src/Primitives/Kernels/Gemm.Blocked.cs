using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Functional.AD;

// The packed, cache-blocked path: the jc / pc / ic loops over panels of B and blocks of A (on one thread, or on
// one block of C per thread through the threaded job), and the macro-kernel that walks one packed block tile by tile.
internal static partial class Gemm
{
    /// <summary>
    /// Computes <c>C = A * B</c> with the packed, cache-blocked algorithm using micro-kernel <typeparamref name="TKernel"/>
    /// on up to <paramref name="threads"/> threads. <paramref name="m"/>, <paramref name="n"/>, <paramref name="k"/>
    /// are positive and the pointers cover the operands.
    /// </summary>
    /// <remarks>
    /// One thread runs <see cref="MultiplyBlocked{T, TKernel}"/> on the whole product. Several threads
    /// (<see cref="WorkerPool"/>) each compute one block of rows (or columns) of C (see <see cref="GemmJob{T, TKernel}"/>),
    /// sharing one packed copy of B when it is a single panel larger than a core's L2.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void MultiplyPacked<T, TKernel>(
        T* a, nint aRowStride, nint aColStride,
        T* b, nint bRowStride, nint bColStride,
        T* c, nint cRowStride, int m, int n, int k, int threads)
        where T : unmanaged, INumber<T>
        where TKernel : IMicroKernel<T>
    {
        if (threads <= 1)
        {
            MultiplyBlocked<T, TKernel>(a, aRowStride, aColStride, b, bRowStride, bColStride, c, cRowStride, m, n, k);
            return;
        }

        GemmJob<T, TKernel> job = GemmJob<T, TKernel>.Take();
        T[]? sharedB = null;
        try
        {
            job.Setup(a, aRowStride, aColStride, b, bRowStride, bColStride, c, cRowStride, m, n, k, threads);
            if (job.SharedBElements > 0)
            {
                sharedB = RentPacked<T>(job.SharedBElements);
            }

            fixed (T* sharedBase = sharedB)
            {
                job.UseSharedB(sharedB is null ? null : Align(sharedBase));
                WorkerPool.Run(job, threads, threads);
            }
        }
        finally
        {
            GemmJob<T, TKernel>.Return(job);
            if (sharedB is not null)
            {
                ReturnPacked(sharedB);
            }
        }
    }

    /// <summary>
    /// Computes <c>C = A * B</c> on the calling thread with the packed, cache-blocked algorithm: each <c>KC x NC</c>
    /// panel of B is packed once, then each <c>MC x KC</c> block of A in turn, and the macro-kernel multiplies them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void MultiplyBlocked<T, TKernel>(
        T* a, nint aRowStride, nint aColStride,
        T* b, nint bRowStride, nint bColStride,
        T* c, nint cRowStride, int m, int n, int k)
        where T : unmanaged, INumber<T>
        where TKernel : IMicroKernel<T>
    {
        int mr = TKernel.MR;
        int nr = TKernel.NR;
        int kcMax = KBlock(TKernel.KC, k);
        int ncMax = RoundUp(Math.Min(TKernel.NC, n), nr);
        T[] bArray = RentPacked<T>(kcMax * ncMax);
        T[] aArray = RentPacked<T>(kcMax * RoundUp(Math.Min(TKernel.MC, m), mr));
        try
        {
            fixed (T* bBase = bArray)
            fixed (T* aBase = aArray)
            {
                T* bPacked = Align(bBase);
                T* aPacked = Align(aBase);
                T* tile = stackalloc T[mr * nr];
                for (int jc = 0; jc < n; jc += TKernel.NC)
                {
                    int nc = Math.Min(TKernel.NC, n - jc);
                    for (int pc = 0; pc < k; pc += kcMax)
                    {
                        int kc = Math.Min(kcMax, k - pc);
                        PackB<T, TKernel>(b + (pc * bRowStride) + (jc * bColStride), bRowStride, bColStride, kc, nc, bPacked);
                        MultiplyPanel<T, TKernel>(
                            a + (pc * aColStride), aRowStride, aColStride, bPacked, c + jc, cRowStride, m, nc, kc, accumulate: pc > 0, aPacked, tile);
                    }
                }
            }
        }
        finally
        {
            ReturnPacked(aArray);
            ReturnPacked(bArray);
        }
    }

    /// <summary>
    /// Multiplies rows <c>0 .. m</c> of A (<paramref name="kc"/> of its columns, from <paramref name="a"/>) by one packed
    /// <c>kc x nc</c> panel of B into C (overwriting, or adding when <paramref name="accumulate"/>): the ic loop, packing
    /// each <c>MC x kc</c> block of A into <paramref name="aPacked"/> in turn, or reading it in place when the kernel
    /// can and A's layout allows (<see cref="ReadsAInPlace{T}"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void MultiplyPanel<T, TKernel>(
        T* a, nint aRowStride, nint aColStride, T* bPacked, T* c, nint cRowStride,
        int m, int nc, int kc, bool accumulate, T* aPacked, T* tile)
        where T : unmanaged, INumber<T>
        where TKernel : IMicroKernel<T>
    {
        if (TKernel.ReadsRowMajorA && ReadsAInPlace<T>(aRowStride, aColStride))
        {
            for (int ic = 0; ic < m; ic += TKernel.MC)
            {
                int mc = Math.Min(TKernel.MC, m - ic);
                MacroKernelRowMajorA<T, TKernel>(a + (ic * aRowStride), aRowStride, bPacked, c + (ic * cRowStride), cRowStride, mc, nc, kc, accumulate, aPacked, tile);
            }

            return;
        }

        for (int ic = 0; ic < m; ic += TKernel.MC)
        {
            int mc = Math.Min(TKernel.MC, m - ic);
            PackA<T, TKernel>(a + (ic * aRowStride), aRowStride, aColStride, mc, kc, aPacked);
            MacroKernel<T, TKernel>(aPacked, bPacked, c + (ic * cRowStride), cRowStride, mc, nc, kc, accumulate, tile);
        }
    }

    /// <summary>
    /// Whether the micro-kernels read A's rows in place instead of packing them: A row-major, and its rows not a
    /// multiple of 4 KiB apart. Packing a block of A is a transpose that costs about as much as 12 multiply-adds per
    /// element, 4-5% of a 256^3 product (f32, measured on Zen 4); read in place, the tile's 12 rows are 12 streams
    /// that stay in L1 while the macro-kernel walks B's micro-panels, except when they are a multiple of 4 KiB apart:
    /// then every row falls in the same set of the 8-way L1 and the streams evict each other (f64 n = 512 read in
    /// place ran 10% slower).
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="aRowStride">Element stride between rows of A.</param>
    /// <param name="aColStride">Element stride between columns of A.</param>
    /// <returns>True when the kernels should read A in place.</returns>
    private static bool ReadsAInPlace<T>(nint aRowStride, nint aColStride)
        where T : unmanaged
        => aColStride == 1 && aRowStride > 0 && ((long)aRowStride * Unsafe.SizeOf<T>()) % 4096 != 0;

    /// <summary>
    /// Multiplies an <c>mc x kc</c> block of a row-major A, read in place, by a packed <c>kc x nc</c> panel of B into C
    /// (overwriting, or adding when <paramref name="accumulate"/>): the full row panels go to
    /// <see cref="IMicroKernel{T}.RunRowMajorA"/>, the last partial one (fewer than <c>MR</c> rows) is packed into
    /// <paramref name="aPacked"/> and goes to <see cref="IMicroKernel{T}.RunRows"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void MacroKernelRowMajorA<T, TKernel>(
        T* a, nint lda, T* bPacked, T* c, nint cRowStride, int mc, int nc, int kc, bool accumulate, T* aPacked, T* tile)
        where T : unmanaged, INumber<T>
        where TKernel : IMicroKernel<T>
    {
        int mr = TKernel.MR;
        int nr = TKernel.NR;
        int fullRows = mc - (mc % mr);
        if (fullRows < mc)
        {
            PackA<T, TKernel>(a + (fullRows * lda), lda, 1, mc - fullRows, kc, aPacked);
        }

        for (int jr = 0; jr < nc; jr += nr)
        {
            int nrEff = Math.Min(nr, nc - jr);
            T* bPanel = bPacked + ((nint)jr * kc);
            for (int ir = 0; ir < mc; ir += mr)
            {
                int mrEff = Math.Min(mr, mc - ir);
                T* cTile = c + (ir * cRowStride) + jr;
                if (mrEff == mr && nrEff == nr)
                {
                    TKernel.RunRowMajorA(kc, a + (ir * lda), lda, bPanel, cTile, cRowStride, accumulate);
                    continue;
                }

                if (mrEff < mr)
                {
                    TKernel.RunRows(mrEff, kc, aPacked, bPanel, tile, nr);
                }
                else
                {
                    TKernel.RunRowMajorA(kc, a + (ir * lda), lda, bPanel, tile, nr, accumulate: false);
                }

                WriteEdgeTile(tile, nr, cTile, cRowStride, mrEff, nrEff, accumulate);
            }
        }
    }

    /// <summary>
    /// Multiplies a packed <c>mc x kc</c> block of A by a packed <c>kc x nc</c> panel of B into C (overwriting, or
    /// adding when <paramref name="accumulate"/>), one <c>MR x NR</c> tile at a time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void MacroKernel<T, TKernel>(
        T* aPacked, T* bPacked, T* c, nint cRowStride, int mc, int nc, int kc, bool accumulate, T* tile)
        where T : unmanaged, INumber<T>
        where TKernel : IMicroKernel<T>
    {
        int mr = TKernel.MR;
        int nr = TKernel.NR;
        for (int jr = 0; jr < nc; jr += nr)
        {
            int nrEff = Math.Min(nr, nc - jr);
            T* bPanel = bPacked + ((nint)jr * kc);
            for (int ir = 0; ir < mc; ir += mr)
            {
                int mrEff = Math.Min(mr, mc - ir);
                T* aPanel = aPacked + ((nint)ir * kc);
                T* cTile = c + (ir * cRowStride) + jr;
                if (mrEff == mr && nrEff == nr)
                {
                    TKernel.Run(kc, aPanel, bPanel, cTile, cRowStride, accumulate);
                }
                else
                {
                    if (mrEff < mr)
                    {
                        TKernel.RunRows(mrEff, kc, aPanel, bPanel, tile, nr);
                    }
                    else
                    {
                        TKernel.Run(kc, aPanel, bPanel, tile, nr, accumulate: false);
                    }

                    WriteEdgeTile(tile, nr, cTile, cRowStride, mrEff, nrEff, accumulate);
                }
            }
        }
    }

    /// <summary>
    /// Writes the real <paramref name="rows"/> x <paramref name="columns"/> part of a partial tile computed into the
    /// scratch <paramref name="tile"/> (row stride <paramref name="nr"/>) to C, overwriting or adding.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void WriteEdgeTile<T>(T* tile, int nr, T* cTile, nint cRowStride, int rows, int columns, bool accumulate)
        where T : unmanaged, INumber<T>
    {
        for (int r = 0; r < rows; r++)
        {
            T* src = tile + (r * nr);
            T* dst = cTile + (r * cRowStride);
            if (accumulate)
            {
                for (int j = 0; j < columns; j++)
                {
                    dst[j] += src[j];
                }
            }
            else
            {
                for (int j = 0; j < columns; j++)
                {
                    dst[j] = src[j];
                }
            }
        }
    }
}
