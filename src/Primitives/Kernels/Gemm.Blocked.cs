using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Functional.AD;

// The packed, cache-blocked path: the jc / pc / ic loops over panels of B and blocks of A (on one thread, or
// handing each panel to the threaded job), and the macro-kernel that walks one packed block tile by tile.
internal static partial class Gemm
{
    /// <summary>
    /// Computes <c>C = A * B</c> with the packed, cache-blocked algorithm using micro-kernel <typeparamref name="TKernel"/>
    /// on up to <paramref name="threads"/> threads. <paramref name="m"/>, <paramref name="n"/>, <paramref name="k"/>
    /// are positive and the pointers cover the operands.
    /// </summary>
    /// <remarks>
    /// One thread packs each <c>KC x NC</c> panel of B, then each <c>MC x KC</c> block of A in turn, and runs the
    /// macro-kernel on them. Several threads (<see cref="WorkerPool"/>) share the same panel loop: for every panel
    /// they first pack B together (each a range of micro-panels, into the one shared buffer), then share the
    /// <c>MR</c>-aligned row blocks of C (and, when C has few rows, ranges of its <c>NR</c>-aligned column
    /// micro-panels): each part packs its own rows of A into a buffer of its own (see <see cref="GemmJob{T, TKernel}"/>).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void MultiplyPacked<T, TKernel>(
        T* a, nint aRowStride, nint aColStride,
        T* b, nint bRowStride, nint bColStride,
        T* c, nint cRowStride, int m, int n, int k, int threads)
        where T : unmanaged, INumber<T>
        where TKernel : IMicroKernel<T>
    {
        int mr = TKernel.MR;
        int nr = TKernel.NR;
        int kcMax = KBlock(TKernel.KC, k);
        int ncMax = RoundUp(Math.Min(TKernel.NC, n), nr);

        GemmJob<T, TKernel>? job = threads > 1 ? GemmJob<T, TKernel>.Take() : null;
        T[] bArray = RentPacked<T>(kcMax * ncMax);
        T[]? aArray = job is null ? RentPacked<T>(kcMax * RoundUp(Math.Min(TKernel.MC, m), mr)) : null;
        try
        {
            fixed (T* bBase = bArray)
            fixed (T* aBase = aArray)
            {
                T* bPacked = Align(bBase);
                T* aPacked = Align(aBase);
                T* tile = stackalloc T[job is null ? mr * nr : 0];
                job?.Setup(a, aRowStride, aColStride, b, bRowStride, bColStride, c, cRowStride, m, k, bPacked, threads);
                for (int jc = 0; jc < n; jc += TKernel.NC)
                {
                    int nc = Math.Min(TKernel.NC, n - jc);
                    for (int pc = 0; pc < k; pc += kcMax)
                    {
                        int kc = Math.Min(kcMax, k - pc);
                        if (job is not null)
                        {
                            job.SetPanel(jc, nc, pc, kc);
                            job.Packing = true;
                            WorkerPool.Run(job, job.PackParts, threads);
                            job.Packing = false;
                            WorkerPool.Run(job, job.ComputeParts, threads);
                            continue;
                        }

                        PackB<T, TKernel>(b + (pc * bRowStride) + (jc * bColStride), bRowStride, bColStride, kc, nc, bPacked);
                        for (int ic = 0; ic < m; ic += TKernel.MC)
                        {
                            int mc = Math.Min(TKernel.MC, m - ic);
                            PackA<T, TKernel>(a + (ic * aRowStride) + (pc * aColStride), aRowStride, aColStride, mc, kc, aPacked);
                            MacroKernel<T, TKernel>(aPacked, bPacked, c + (ic * cRowStride) + jc, cRowStride, mc, nc, kc, accumulate: pc > 0, tile);
                        }
                    }
                }
            }
        }
        finally
        {
            if (aArray is not null) ReturnPacked(aArray);
            ReturnPacked(bArray);
            if (job is not null) GemmJob<T, TKernel>.Return(job);
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
                    TKernel.Run(kc, aPanel, bPanel, tile, nr, accumulate: false);
                    for (int r = 0; r < mrEff; r++)
                    {
                        T* src = tile + (r * nr);
                        T* dst = cTile + (r * cRowStride);
                        if (accumulate)
                        {
                            for (int j = 0; j < nrEff; j++)
                            {
                                dst[j] += src[j];
                            }
                        }
                        else
                        {
                            for (int j = 0; j < nrEff; j++)
                            {
                                dst[j] = src[j];
                            }
                        }
                    }
                }
            }
        }
    }
}
