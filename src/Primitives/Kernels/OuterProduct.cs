using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Functional.AD;

/// <summary>
/// Matrix products with a contraction of length 1, C[b] = a[b]·b[b]ᵀ (each m×1 times 1×n): every row of C is the rhs
/// row scaled by one lhs element. Per-example gradients of a dense layer are such products (an input times an output
/// cotangent, for every example), and a GEMM spends most of its time packing operands and accumulating zeros on them.
/// Each element is the one rounded product, as the GEMM computes it (up to the sign of a zero result).
/// </summary>
internal static class OuterProduct
{
    /// <summary>
    /// C[bi, i, j] = a[aOffset + bi·aBatchStride + i·aRowStride] · b[bOffset + bi·bBatchStride + j·bColStride], C dense
    /// [batch, m, n] (offsets relative to each array's first element), when the rows of b are contiguous (or, for n = 1,
    /// the column of a is); returns false, having written nothing, otherwise. Large products are split by batch across
    /// <see cref="Parallelism.MaxThreads"/> threads; every element is computed the same way whatever the split.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static bool TryMultiply<T>(ConcreteArray a, int aOffset, int aBatchStride, int aRowStride,
        ConcreteArray b, int bOffset, int bBatchStride, int bColStride, ConcreteArray c, int batch, int m, int n)
        where T : unmanaged, INumber<T>
    {
        bool columns = n == 1 && (aRowStride == 1 || m == 1);
        if (!columns && bColStride != 1 && n > 1) return false;
        var job = new Job<T>(a, aOffset, aBatchStride, aRowStride, b, bOffset, bBatchStride, c, m, n, columns)
        {
            Streams = !columns && (long)c.Size * Unsafe.SizeOf<T>() >= StreamingBytes,
        };
        if (batch > 1 && ParallelElementwise.Splits(c.Size))
        {
            int perPart = Math.Max(1, ParallelElementwise.PartElements / Math.Max(1, m * n));
            job.BatchesPerPart = perPart;
            WorkerPool.Run(job, PartRanges.Count(batch, perPart), Parallelism.MaxThreads);
        }
        else
        {
            job.BatchesPerPart = batch;
            job.Execute(0);
        }
        return true;
    }

    /// <summary>
    /// Outputs of at least this many bytes are written with non-temporal stores: they do not fit in a core's L2, so the
    /// ordinary stores would first read every line of C from memory only to overwrite it. Per-example gradients of a
    /// dense layer (W6: 8 MiB) are such outputs; writing them is most of the per-example gradient's time.
    /// </summary>
    internal const long StreamingBytes = 2L << 20;

    /// <summary>The batches of one part: the rows of C, each the rhs row scaled by one lhs element (or, with <c>columns</c>, the lhs column scaled by the one rhs element).</summary>
    private sealed class Job<T>(ConcreteArray a, int aOffset, int aBatchStride, int aRowStride,
        ConcreteArray b, int bOffset, int bBatchStride, ConcreteArray c, int m, int n, bool columns) : WorkerJob
        where T : unmanaged, INumber<T>
    {
        internal int BatchesPerPart;

        /// <summary>Whether rows of C go to memory with non-temporal stores (see <see cref="StreamingBytes"/>).</summary>
        internal bool Streams;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override void Execute(int part)
        {
            int batch = c.Size / (m * n);
            var (first, count) = PartRanges.Range(part, BatchesPerPart, batch);
            var av = a.Span<T>()[aOffset..];
            var bv = b.Span<T>()[bOffset..];
            var cv = c.Writable<T>();
            for (int bi = first; bi < first + count; bi++)
            {
                if (columns)
                {
                    Scale(av.Slice(bi * aBatchStride, m), bv[bi * bBatchStride], cv.Slice(bi * m, m));
                    continue;
                }
                var row = bv.Slice(bi * bBatchStride, n);
                for (int i = 0; i < m; i++)
                {
                    var z = cv.Slice((bi * m + i) * n, n);
                    T s = av[bi * aBatchStride + i * aRowStride];
                    if (!Streams || !StreamingScale.TryScale(row, s, z)) Scale(row, s, z);
                }
            }
            if (Streams) StreamingScale.Fence();
        }

        private static void Scale(ReadOnlySpan<T> x, T s, Span<T> z) => ArithmeticKernels.RightScalar<ArithmeticKernels.MultiplyOp<T>, T>(x, s, z);
    }
}
