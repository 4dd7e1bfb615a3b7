using System;
using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Functional.AD;

/// <summary>
/// Dense general matrix multiplication (GEMM) kernels: <c>C = A * B</c> for <see cref="float"/> and
/// <see cref="double"/> operands described by spans plus element strides.
/// </summary>
/// <remarks>
/// <para>
/// Large products use a packed, cache-blocked algorithm in the style of GotoBLAS / BLIS. The loops, from the
/// outside in, are: <c>jc</c> over columns of C in blocks of <c>NC</c>; <c>pc</c> over the shared dimension in
/// blocks of <c>KC</c> (a <c>KC x NC</c> panel of B is packed once into contiguous micro-panels of <c>NR</c>
/// columns); <c>ic</c> over rows of C in blocks of <c>MC</c> (an <c>MC x KC</c> block of A is packed into
/// micro-panels of <c>MR</c> rows); and the macro-kernel's <c>jr</c> / <c>ir</c> loops, which hand one
/// <c>MR x NR</c> tile of C at a time to a register-blocked SIMD micro-kernel. Packing absorbs arbitrary operand
/// strides, so transposed operands never need a separate copy, and zero-pads the edges so the micro-kernel always
/// works on full tiles (partial tiles of C go through a small scratch tile). Packed buffers are rented from
/// <see cref="ArrayPool{T}.Shared"/>, so steady-state calls do not allocate.
/// </para>
/// <para>
/// The micro-kernel is picked at run time (the checks are JIT-time constants): <see cref="Vector512{T}"/> when
/// hardware accelerated, else <see cref="Vector256{T}"/>, else <see cref="Vector128{T}"/>, else a portable
/// scalar kernel. Small products (see <see cref="DirectWorkThreshold"/>) and matrix-vector shapes skip packing and
/// use direct register-tiled loops over <see cref="Vector{T}"/> instead (a non-row-contiguous B is first copied to a
/// small row-major temporary there).
/// </para>
/// <para>
/// The code is single-threaded. The <c>ic</c> loop (<see cref="MultiplyPacked{T, TKernel}"/>) and the macro-kernel's
/// <c>jr</c> loop (<see cref="MacroKernel{T, TKernel}"/>) touch disjoint parts of C, so either can later be split
/// across threads (each thread then needs its own packed-A buffer; the packed-B panel can be shared).
/// </para>
/// <para>
/// Operands must not overlap C. Strides must be non-negative. Results are not bitwise identical across the
/// small and blocked paths or across machines (summation order and fused multiply-add use differ).
/// </para>
/// </remarks>
internal static class Gemm
{
    /// <summary>
    /// Products with at most this many multiply-adds (<c>m * n * k</c>) use the direct, unpacked register-tiled
    /// loops when C rows span at least one SIMD vector; below about 64^3 they beat the packed path because they
    /// skip packing and partial-tile overhead.
    /// </summary>
    internal const long DirectWorkThreshold = 64 * 64 * 64;

    /// <summary>
    /// The direct path is also used, whatever <c>m</c>, when B (<c>k * n</c> elements) fits in this many bytes:
    /// it then stays in L1 across all row blocks, so packing buys nothing.
    /// </summary>
    internal const long DirectPanelBytes = 16 * 1024;

    /// <summary>Products with fewer multiply-adds than this always use the direct loops.</summary>
    internal const long TinyWorkThreshold = 4096;

    /// <summary>
    /// Blocked products are split across threads only when each thread gets at least this many multiply-adds
    /// (<c>m * n * k</c>); below it, waking a worker and sharing the packed panels cost more than they save.
    /// </summary>
    internal const long ParallelWorkPerThread = 64 * 64 * 64;

    /// <summary>The compute phase of a threaded product is cut into about this many parts per thread.</summary>
    private const int PartsPerThread = 2;

    /// <summary>Alignment, in bytes, of the packed buffers.</summary>
    private const int BufferAlignment = 64;

    /// <summary>
    /// Computes <c>C[m,n] = A[m,k] * B[k,n]</c> in double precision, overwriting C (when <paramref name="k"/> is 0,
    /// C is zero-filled).
    /// </summary>
    /// <param name="a">Storage of A; element <c>A(i,p)</c> is <c>a[i * aRowStride + p * aColStride]</c>.</param>
    /// <param name="aRowStride">Element stride between consecutive rows of A (non-negative).</param>
    /// <param name="aColStride">Element stride between consecutive columns of A (non-negative).</param>
    /// <param name="b">Storage of B; element <c>B(p,j)</c> is <c>b[p * bRowStride + j * bColStride]</c>.</param>
    /// <param name="bRowStride">Element stride between consecutive rows of B (non-negative).</param>
    /// <param name="bColStride">Element stride between consecutive columns of B (non-negative).</param>
    /// <param name="c">Storage of C; element <c>C(i,j)</c> is <c>c[i * cRowStride + j]</c> (rows are contiguous).</param>
    /// <param name="cRowStride">Element stride between consecutive rows of C (at least <paramref name="n"/> when <paramref name="m"/> &gt; 1).</param>
    /// <param name="m">Number of rows of A and C.</param>
    /// <param name="n">Number of columns of B and C.</param>
    /// <param name="k">Number of columns of A and rows of B.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size or stride is negative, or a span is too short for the described operand.</exception>
    internal static void Multiply(
        ReadOnlySpan<double> a, int aRowStride, int aColStride,
        ReadOnlySpan<double> b, int bRowStride, int bColStride,
        Span<double> c, int cRowStride, int m, int n, int k)
        => Multiply<double>(a, aRowStride, aColStride, b, bRowStride, bColStride, c, cRowStride, m, n, k, Parallelism.MaxThreads);

    /// <summary>
    /// Computes <c>C[m,n] = A[m,k] * B[k,n]</c> like the overload without <paramref name="maxThreads"/>, using at most
    /// <paramref name="maxThreads"/> threads instead of <see cref="Parallelism.MaxThreads"/>.
    /// </summary>
    /// <param name="a">Storage of A; element <c>A(i,p)</c> is <c>a[i * aRowStride + p * aColStride]</c>.</param>
    /// <param name="aRowStride">Element stride between consecutive rows of A (non-negative).</param>
    /// <param name="aColStride">Element stride between consecutive columns of A (non-negative).</param>
    /// <param name="b">Storage of B; element <c>B(p,j)</c> is <c>b[p * bRowStride + j * bColStride]</c>.</param>
    /// <param name="bRowStride">Element stride between consecutive rows of B (non-negative).</param>
    /// <param name="bColStride">Element stride between consecutive columns of B (non-negative).</param>
    /// <param name="c">Storage of C; element <c>C(i,j)</c> is <c>c[i * cRowStride + j]</c> (rows are contiguous).</param>
    /// <param name="cRowStride">Element stride between consecutive rows of C (at least <paramref name="n"/> when <paramref name="m"/> &gt; 1).</param>
    /// <param name="m">Number of rows of A and C.</param>
    /// <param name="n">Number of columns of B and C.</param>
    /// <param name="k">Number of columns of A and rows of B.</param>
    /// <param name="maxThreads">The most threads to use, counting the calling thread (at least 1).</param>
    /// <exception cref="ArgumentOutOfRangeException">A size or stride is negative, <paramref name="maxThreads"/> is below 1, or a span is too short for the described operand.</exception>
    internal static void Multiply(
        ReadOnlySpan<double> a, int aRowStride, int aColStride,
        ReadOnlySpan<double> b, int bRowStride, int bColStride,
        Span<double> c, int cRowStride, int m, int n, int k, int maxThreads)
        => Multiply<double>(a, aRowStride, aColStride, b, bRowStride, bColStride, c, cRowStride, m, n, k, maxThreads);

    /// <summary>
    /// Computes <c>C[m,n] = A[m,k] * B[k,n]</c> in single precision, overwriting C (when <paramref name="k"/> is 0,
    /// C is zero-filled).
    /// </summary>
    /// <param name="a">Storage of A; element <c>A(i,p)</c> is <c>a[i * aRowStride + p * aColStride]</c>.</param>
    /// <param name="aRowStride">Element stride between consecutive rows of A (non-negative).</param>
    /// <param name="aColStride">Element stride between consecutive columns of A (non-negative).</param>
    /// <param name="b">Storage of B; element <c>B(p,j)</c> is <c>b[p * bRowStride + j * bColStride]</c>.</param>
    /// <param name="bRowStride">Element stride between consecutive rows of B (non-negative).</param>
    /// <param name="bColStride">Element stride between consecutive columns of B (non-negative).</param>
    /// <param name="c">Storage of C; element <c>C(i,j)</c> is <c>c[i * cRowStride + j]</c> (rows are contiguous).</param>
    /// <param name="cRowStride">Element stride between consecutive rows of C (at least <paramref name="n"/> when <paramref name="m"/> &gt; 1).</param>
    /// <param name="m">Number of rows of A and C.</param>
    /// <param name="n">Number of columns of B and C.</param>
    /// <param name="k">Number of columns of A and rows of B.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size or stride is negative, or a span is too short for the described operand.</exception>
    internal static void Multiply(
        ReadOnlySpan<float> a, int aRowStride, int aColStride,
        ReadOnlySpan<float> b, int bRowStride, int bColStride,
        Span<float> c, int cRowStride, int m, int n, int k)
        => Multiply<float>(a, aRowStride, aColStride, b, bRowStride, bColStride, c, cRowStride, m, n, k, Parallelism.MaxThreads);

    /// <summary>
    /// Computes <c>C[m,n] = A[m,k] * B[k,n]</c> like the overload without <paramref name="maxThreads"/>, using at most
    /// <paramref name="maxThreads"/> threads instead of <see cref="Parallelism.MaxThreads"/>.
    /// </summary>
    /// <param name="a">Storage of A; element <c>A(i,p)</c> is <c>a[i * aRowStride + p * aColStride]</c>.</param>
    /// <param name="aRowStride">Element stride between consecutive rows of A (non-negative).</param>
    /// <param name="aColStride">Element stride between consecutive columns of A (non-negative).</param>
    /// <param name="b">Storage of B; element <c>B(p,j)</c> is <c>b[p * bRowStride + j * bColStride]</c>.</param>
    /// <param name="bRowStride">Element stride between consecutive rows of B (non-negative).</param>
    /// <param name="bColStride">Element stride between consecutive columns of B (non-negative).</param>
    /// <param name="c">Storage of C; element <c>C(i,j)</c> is <c>c[i * cRowStride + j]</c> (rows are contiguous).</param>
    /// <param name="cRowStride">Element stride between consecutive rows of C (at least <paramref name="n"/> when <paramref name="m"/> &gt; 1).</param>
    /// <param name="m">Number of rows of A and C.</param>
    /// <param name="n">Number of columns of B and C.</param>
    /// <param name="k">Number of columns of A and rows of B.</param>
    /// <param name="maxThreads">The most threads to use, counting the calling thread (at least 1).</param>
    /// <exception cref="ArgumentOutOfRangeException">A size or stride is negative, <paramref name="maxThreads"/> is below 1, or a span is too short for the described operand.</exception>
    internal static void Multiply(
        ReadOnlySpan<float> a, int aRowStride, int aColStride,
        ReadOnlySpan<float> b, int bRowStride, int bColStride,
        Span<float> c, int cRowStride, int m, int n, int k, int maxThreads)
        => Multiply<float>(a, aRowStride, aColStride, b, bRowStride, bColStride, c, cRowStride, m, n, k, maxThreads);

    /// <summary>Validates the operands, handles the degenerate shapes and dispatches to the direct or blocked path.</summary>
    private static unsafe void Multiply<T>(
        ReadOnlySpan<T> a, int aRowStride, int aColStride,
        ReadOnlySpan<T> b, int bRowStride, int bColStride,
        Span<T> c, int cRowStride, int m, int n, int k, int maxThreads)
        where T : unmanaged, INumber<T>
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxThreads, 1);
        Validate(a.Length, b.Length, c.Length, aRowStride, aColStride, bRowStride, bColStride, cRowStride, m, n, k);
        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0)
        {
            for (int i = 0; i < m; i++)
            {
                c.Slice(i * cRowStride, n).Clear();
            }

            return;
        }

        if (k == 1 && bColStride == 1)
        {
            // A rank-1 product (an outer product, as in per-example weight gradients): each row of C is
            // the row of B scaled by one element of A, a single SIMD pass per row.
            var row = b.Slice(0, n);
            for (int i = 0; i < m; i++)
            {
                System.Numerics.Tensors.TensorPrimitives.Multiply(row, a[i * aRowStride], c.Slice(i * cRowStride, n));
            }

            return;
        }

        fixed (T* pa = a)
        fixed (T* pb = b)
        fixed (T* pc = c)
        {
            if (UseDirect<T>(m, n, k))
            {
                MultiplyDirect(pa, aRowStride, aColStride, pb, bRowStride, bColStride, pc, cRowStride, m, n, k);
            }
            else
            {
                int threads = ThreadsFor(m, n, k, maxThreads);
                if (Kernel512<T>.IsAccelerated)
                {
                    MultiplyPacked<T, Kernel512<T>>(pa, aRowStride, aColStride, pb, bRowStride, bColStride, pc, cRowStride, m, n, k, threads);
                }
                else if (Kernel256<T>.IsAccelerated)
                {
                    MultiplyPacked<T, Kernel256<T>>(pa, aRowStride, aColStride, pb, bRowStride, bColStride, pc, cRowStride, m, n, k, threads);
                }
                else if (Kernel128<T>.IsAccelerated)
                {
                    MultiplyPacked<T, Kernel128<T>>(pa, aRowStride, aColStride, pb, bRowStride, bColStride, pc, cRowStride, m, n, k, threads);
                }
                else
                {
                    MultiplyPacked<T, ScalarKernel<T>>(pa, aRowStride, aColStride, pb, bRowStride, bColStride, pc, cRowStride, m, n, k, threads);
                }
            }
        }
    }

    /// <summary>
    /// How many threads a blocked product of this size uses: one per <see cref="ParallelWorkPerThread"/> multiply-adds,
    /// at most <paramref name="maxThreads"/>.
    /// </summary>
    internal static int ThreadsFor(int m, int n, int k, int maxThreads)
    {
        if (maxThreads <= 1)
        {
            return 1;
        }

        long work = (long)m * n * k;
        return (int)Math.Clamp(work / ParallelWorkPerThread, 1, maxThreads);
    }

    /// <summary>Chooses between the direct loops and the packed, blocked algorithm (positive sizes).</summary>
    private static bool UseDirect<T>(int m, int n, int k)
        where T : unmanaged
    {
        long work = (long)m * n * k;
        if (m == 1 || n == 1 || work < TinyWorkThreshold)
        {
            // Matrix-vector shapes are memory bound: packing would only add traffic.
            return true;
        }

        // The register-tiled direct loops need C rows of at least one vector.
        return Vector.IsHardwareAccelerated
            && n >= Vector<T>.Count
            && (work <= DirectWorkThreshold || (long)k * n * Unsafe.SizeOf<T>() <= DirectPanelBytes);
    }

    /// <summary>Checks sizes, strides and span lengths so that the pointer-based kernels stay in bounds.</summary>
    private static void Validate(
        int aLength, int bLength, int cLength,
        int aRowStride, int aColStride, int bRowStride, int bColStride, int cRowStride,
        int m, int n, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfNegative(aRowStride);
        ArgumentOutOfRangeException.ThrowIfNegative(aColStride);
        ArgumentOutOfRangeException.ThrowIfNegative(bRowStride);
        ArgumentOutOfRangeException.ThrowIfNegative(bColStride);
        ArgumentOutOfRangeException.ThrowIfNegative(cRowStride);
        if (m > 1 && cRowStride < n)
        {
            throw new ArgumentOutOfRangeException(nameof(cRowStride), cRowStride, "The row stride of C must be at least n.");
        }

        if (m > 0 && k > 0 && ((long)(m - 1) * aRowStride) + ((long)(k - 1) * aColStride) >= aLength)
        {
            throw new ArgumentOutOfRangeException("a", aLength, "The span of A is too short for its shape and strides.");
        }

        if (k > 0 && n > 0 && ((long)(k - 1) * bRowStride) + ((long)(n - 1) * bColStride) >= bLength)
        {
            throw new ArgumentOutOfRangeException("b", bLength, "The span of B is too short for its shape and strides.");
        }

        if (m > 0 && n > 0 && ((long)(m - 1) * cRowStride) + n > cLength)
        {
            throw new ArgumentOutOfRangeException("c", cLength, "The span of C is too short for its shape and row stride.");
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Direct path (small or matrix-vector shaped products): no packing, C written once.
    // ------------------------------------------------------------------------------------------------------------

    /// <summary>
    /// Computes <c>C = A * B</c> with direct loops and no packing. Used for small products and for the
    /// memory-bound matrix-vector shapes (<c>m == 1</c> or <c>n == 1</c>). Correct for any shape; the caller
    /// guarantees that <paramref name="m"/>, <paramref name="n"/>, <paramref name="k"/> are positive and that the
    /// pointers cover the operands (as validated by the public <c>Multiply</c> overloads).
    /// </summary>
    internal static unsafe void MultiplyDirect<T>(
        T* a, nint aRowStride, nint aColStride,
        T* b, nint bRowStride, nint bColStride,
        T* c, nint cRowStride, int m, int n, int k)
        where T : unmanaged, INumber<T>
    {
        if (n == 1 && aRowStride == 1 && aColStride != 1)
        {
            // Matrix-vector product with a column-major A: walk A column by column (contiguous) and
            // accumulate into C, instead of striding across A once per row.
            MatrixVectorColumnMajor(a, aColStride, b, bRowStride, c, cRowStride, m, k);
            return;
        }

        int vc = Vector<T>.Count;
        if (Vector.IsHardwareAccelerated && bColStride != 1 && m > 1 && n >= vc)
        {
            // B is not row-contiguous (e.g. transposed): copy it to a row-major temporary so that the
            // register-tiled loops below apply. This costs k * n moves against m * n * k multiply-adds.
            T[] bArray = ArrayPool<T>.Shared.Rent(k * n);
            try
            {
                fixed (T* bRowMajor = bArray)
                {
                    for (int p = 0; p < k; p++)
                    {
                        T* src = b + (p * bRowStride);
                        T* dst = bRowMajor + ((nint)p * n);
                        for (int j = 0; j < n; j++)
                        {
                            dst[j] = src[j * bColStride];
                        }
                    }

                    MultiplyDirect(a, aRowStride, aColStride, bRowMajor, n, 1, c, cRowStride, m, n, k);
                }
            }
            finally
            {
                ArrayPool<T>.Shared.Return(bArray);
            }

            return;
        }

        if (!Vector.IsHardwareAccelerated || bColStride != 1 || n < vc)
        {
            // No SIMD, C rows shorter than a vector, or a single row of C against a non-row-contiguous B: one dot
            // product per element of C (vectorised along k when both A rows and B columns are contiguous).
            for (int i = 0; i < m; i++)
            {
                T* ai = a + (i * aRowStride);
                T* ci = c + (i * cRowStride);
                for (int j = 0; j < n; j++)
                {
                    ci[j] = Dot(ai, aColStride, b + (j * bColStride), bRowStride, k);
                }
            }

            return;
        }

        // Row-contiguous B and n >= vc: vectors run along rows of C. The last, partial vector of a row is handled by
        // recomputing an overlapping full vector that ends at column n (C is overwritten, so this is harmless).
        int row = 0;
        for (; row + 4 <= m; row += 4)
        {
            T* ai = a + (row * aRowStride);
            T* ci = c + (row * cRowStride);
            int j = 0;
            for (; j <= n - (2 * vc); j += 2 * vc)
            {
                DirectTile4x2(ai, aRowStride, aColStride, b + j, bRowStride, ci + j, cRowStride, k);
            }

            for (; j < n; j += vc)
            {
                int jj = Math.Min(j, n - vc);
                DirectTile4x1(ai, aRowStride, aColStride, b + jj, bRowStride, ci + jj, cRowStride, k);
            }
        }

        for (; row < m; row++)
        {
            T* ai = a + (row * aRowStride);
            T* ci = c + (row * cRowStride);
            int j = 0;
            // j <= n - 4vc, not j + 4vc <= n: with 512-bit vectors j + 64 wraps for n within 64 of Array.MaxLength.
            for (; j <= n - (4 * vc); j += 4 * vc)
            {
                Vector<T> s0 = Vector<T>.Zero, s1 = Vector<T>.Zero, s2 = Vector<T>.Zero, s3 = Vector<T>.Zero;
                T* ap = ai;
                T* bp = b + j;
                for (int p = 0; p < k; p++)
                {
                    Vector<T> av = new Vector<T>(*ap);
                    s0 = Fma(av, LoadVector(bp), s0);
                    s1 = Fma(av, LoadVector(bp + vc), s1);
                    s2 = Fma(av, LoadVector(bp + (2 * vc)), s2);
                    s3 = Fma(av, LoadVector(bp + (3 * vc)), s3);
                    ap += aColStride;
                    bp += bRowStride;
                }

                StoreVector(s0, ci + j);
                StoreVector(s1, ci + j + vc);
                StoreVector(s2, ci + j + (2 * vc));
                StoreVector(s3, ci + j + (3 * vc));
            }

            for (; j < n; j += vc)
            {
                int jj = Math.Min(j, n - vc);
                Vector<T> s0 = Vector<T>.Zero, s1 = Vector<T>.Zero;
                T* ap = ai;
                T* bp = b + jj;
                int p = 0;
                for (; p + 2 <= k; p += 2)
                {
                    s0 = Fma(new Vector<T>(*ap), LoadVector(bp), s0);
                    s1 = Fma(new Vector<T>(ap[aColStride]), LoadVector(bp + bRowStride), s1);
                    ap += 2 * aColStride;
                    bp += 2 * bRowStride;
                }

                if (p < k)
                {
                    s0 = Fma(new Vector<T>(*ap), LoadVector(bp), s0);
                }

                StoreVector(s0 + s1, ci + jj);
            }
        }
    }

    /// <summary>Direct-path tile: four rows of C by two vectors of columns, the sums held in eight registers.</summary>
    /// <remarks>Not inlined on purpose: a small method of its own keeps every pointer in a register.</remarks>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static unsafe void DirectTile4x2<T>(T* a, nint aRowStride, nint aColStride, T* b, nint bRowStride, T* c, nint cRowStride, int k)
        where T : unmanaged, INumber<T>
    {
        int vc = Vector<T>.Count;
        Vector<T> c00 = Vector<T>.Zero, c01 = Vector<T>.Zero, c10 = Vector<T>.Zero, c11 = Vector<T>.Zero;
        Vector<T> c20 = Vector<T>.Zero, c21 = Vector<T>.Zero, c30 = Vector<T>.Zero, c31 = Vector<T>.Zero;
        T* a1 = a + aRowStride;
        T* a2 = a1 + aRowStride;
        T* a3 = a2 + aRowStride;
        for (int p = 0; p < k; p++)
        {
            Vector<T> b0 = LoadVector(b);
            Vector<T> b1 = LoadVector(b + vc);
            Vector<T> x = new Vector<T>(*a);
            c00 = Fma(x, b0, c00);
            c01 = Fma(x, b1, c01);
            x = new Vector<T>(*a1);
            c10 = Fma(x, b0, c10);
            c11 = Fma(x, b1, c11);
            x = new Vector<T>(*a2);
            c20 = Fma(x, b0, c20);
            c21 = Fma(x, b1, c21);
            x = new Vector<T>(*a3);
            c30 = Fma(x, b0, c30);
            c31 = Fma(x, b1, c31);
            a += aColStride;
            a1 += aColStride;
            a2 += aColStride;
            a3 += aColStride;
            b += bRowStride;
        }

        StoreVector(c00, c);
        StoreVector(c01, c + vc);
        StoreVector(c10, c + cRowStride);
        StoreVector(c11, c + cRowStride + vc);
        StoreVector(c20, c + (2 * cRowStride));
        StoreVector(c21, c + (2 * cRowStride) + vc);
        StoreVector(c30, c + (3 * cRowStride));
        StoreVector(c31, c + (3 * cRowStride) + vc);
    }

    /// <summary>Direct-path tile: four rows of C by one vector of columns.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static unsafe void DirectTile4x1<T>(T* a, nint aRowStride, nint aColStride, T* b, nint bRowStride, T* c, nint cRowStride, int k)
        where T : unmanaged, INumber<T>
    {
        Vector<T> c0 = Vector<T>.Zero, c1 = Vector<T>.Zero, c2 = Vector<T>.Zero, c3 = Vector<T>.Zero;
        T* a1 = a + aRowStride;
        T* a2 = a1 + aRowStride;
        T* a3 = a2 + aRowStride;
        for (int p = 0; p < k; p++)
        {
            Vector<T> b0 = LoadVector(b);
            c0 = Fma(new Vector<T>(*a), b0, c0);
            c1 = Fma(new Vector<T>(*a1), b0, c1);
            c2 = Fma(new Vector<T>(*a2), b0, c2);
            c3 = Fma(new Vector<T>(*a3), b0, c3);
            a += aColStride;
            a1 += aColStride;
            a2 += aColStride;
            a3 += aColStride;
            b += bRowStride;
        }

        StoreVector(c0, c);
        StoreVector(c1, c + cRowStride);
        StoreVector(c2, c + (2 * cRowStride));
        StoreVector(c3, c + (3 * cRowStride));
    }

    /// <summary>Loads a <see cref="Vector{T}"/> from a possibly unaligned address.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector<T> LoadVector<T>(T* p)
        where T : unmanaged
        => Unsafe.ReadUnaligned<Vector<T>>(p);

    /// <summary>Stores a <see cref="Vector{T}"/> to a possibly unaligned address.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void StoreVector<T>(Vector<T> value, T* p)
        where T : unmanaged
        => Unsafe.WriteUnaligned(p, value);

    /// <summary><c>x * y + acc</c>, fused where the hardware supports it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<T> Fma<T>(Vector<T> x, Vector<T> y, Vector<T> acc)
        where T : unmanaged, INumber<T>
    {
        if (typeof(T) == typeof(float))
        {
            return Vector.As<float, T>(Vector.MultiplyAddEstimate(Vector.As<T, float>(x), Vector.As<T, float>(y), Vector.As<T, float>(acc)));
        }

        if (typeof(T) == typeof(double))
        {
            return Vector.As<double, T>(Vector.MultiplyAddEstimate(Vector.As<T, double>(x), Vector.As<T, double>(y), Vector.As<T, double>(acc)));
        }

        return (x * y) + acc;
    }

    /// <summary>Strided dot product <c>sum_p x[p * incX] * y[p * incY]</c>, vectorised when both strides are 1.</summary>
    private static unsafe T Dot<T>(T* x, nint incX, T* y, nint incY, int k)
        where T : unmanaged, INumber<T>
    {
        int p = 0;
        T sum = T.Zero;
        if (incX == 1 && incY == 1 && Vector.IsHardwareAccelerated && k >= 2 * Vector<T>.Count)
        {
            int vc = Vector<T>.Count;
            Vector<T> s0 = Vector<T>.Zero, s1 = Vector<T>.Zero;
            for (; p + (2 * vc) <= k; p += 2 * vc)
            {
                s0 += Unsafe.ReadUnaligned<Vector<T>>(x + p) * Unsafe.ReadUnaligned<Vector<T>>(y + p);
                s1 += Unsafe.ReadUnaligned<Vector<T>>(x + p + vc) * Unsafe.ReadUnaligned<Vector<T>>(y + p + vc);
            }

            sum = Vector.Sum(s0 + s1);
        }

        T sum2 = T.Zero;
        for (; p + 2 <= k; p += 2)
        {
            sum += x[p * incX] * y[p * incY];
            sum2 += x[(p + 1) * incX] * y[(p + 1) * incY];
        }

        if (p < k)
        {
            sum += x[p * incX] * y[p * incY];
        }

        return sum + sum2;
    }

    /// <summary>
    /// <c>c[i * incC] = sum_p a[i + p * lda] * x[p * incX]</c> for a column-major A (unit row stride): a sequence of
    /// axpy updates over contiguous columns of A.
    /// </summary>
    private static unsafe void MatrixVectorColumnMajor<T>(T* a, nint lda, T* x, nint incX, T* c, nint incC, int m, int k)
        where T : unmanaged, INumber<T>
    {
        for (int i = 0; i < m; i++)
        {
            c[i * incC] = T.Zero;
        }

        int vc = Vector<T>.Count;
        bool vector = Vector.IsHardwareAccelerated && incC == 1;
        for (int p = 0; p < k; p++)
        {
            T xp = x[p * incX];
            T* ap = a + (p * lda);
            int i = 0;
            if (vector)
            {
                Vector<T> xv = new Vector<T>(xp);
                for (; i + vc <= m; i += vc)
                {
                    Unsafe.WriteUnaligned(c + i, Unsafe.ReadUnaligned<Vector<T>>(c + i) + (xv * Unsafe.ReadUnaligned<Vector<T>>(ap + i)));
                }
            }

            for (; i < m; i++)
            {
                c[i * incC] += ap[i] * xp;
            }
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Blocked path.
    // ------------------------------------------------------------------------------------------------------------

    /// <summary>
    /// Computes <c>C = A * B</c> with the packed, cache-blocked algorithm using micro-kernel <typeparamref name="TKernel"/>
    /// on up to <paramref name="threads"/> threads. <paramref name="m"/>, <paramref name="n"/>, <paramref name="k"/>
    /// are positive and the pointers cover the operands.
    /// </summary>
    internal static unsafe void MultiplyPacked<T, TKernel>(
        T* a, nint aRowStride, nint aColStride,
        T* b, nint bRowStride, nint bColStride,
        T* c, nint cRowStride, int m, int n, int k, int threads)
        where T : unmanaged, INumber<T>
        where TKernel : IMicroKernel<T>
    {
        if (threads > 1)
        {
            MultiplyPackedParallel<T, TKernel>(a, aRowStride, aColStride, b, bRowStride, bColStride, c, cRowStride, m, n, k, threads);
            return;
        }

        int mr = TKernel.MR;
        int nr = TKernel.NR;
        int kcMax = KBlock(TKernel.KC, k);
        int ncMax = RoundUp(Math.Min(TKernel.NC, n), nr);
        int mcMax = RoundUp(Math.Min(TKernel.MC, m), mr);
        int pad = BufferAlignment / Unsafe.SizeOf<T>();

        T[] bArray = ArrayPool<T>.Shared.Rent((kcMax * ncMax) + pad);
        T[] aArray = ArrayPool<T>.Shared.Rent((kcMax * mcMax) + pad);
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
            ArrayPool<T>.Shared.Return(aArray);
            ArrayPool<T>.Shared.Return(bArray);
        }
    }

    /// <summary>
    /// The blocked algorithm split across threads of <see cref="WorkerPool"/>. For every <c>KC x NC</c> panel of B,
    /// the threads first pack the panel together (each a range of micro-panels, into one shared buffer), then share
    /// the <c>MR</c>-aligned row blocks of C (and, when C has few rows, ranges of its <c>NR</c>-aligned column
    /// micro-panels): each part packs its own rows of A into a buffer of its own and runs the macro-kernel on them.
    /// </summary>
    private static unsafe void MultiplyPackedParallel<T, TKernel>(
        T* a, nint aRowStride, nint aColStride,
        T* b, nint bRowStride, nint bColStride,
        T* c, nint cRowStride, int m, int n, int k, int threads)
        where T : unmanaged, INumber<T>
        where TKernel : IMicroKernel<T>
    {
        int nr = TKernel.NR;
        int kcMax = KBlock(TKernel.KC, k);
        int ncMax = RoundUp(Math.Min(TKernel.NC, n), nr);
        int pad = BufferAlignment / Unsafe.SizeOf<T>();
        GemmJob<T, TKernel> job = GemmJob<T, TKernel>.Take();
        T[] bArray = ArrayPool<T>.Shared.Rent((kcMax * ncMax) + pad);
        try
        {
            fixed (T* bBase = bArray)
            {
                job.Setup(a, aRowStride, aColStride, b, bRowStride, bColStride, c, cRowStride, m, k, Align(bBase), threads);
                for (int jc = 0; jc < n; jc += TKernel.NC)
                {
                    int nc = Math.Min(TKernel.NC, n - jc);
                    for (int pc = 0; pc < k; pc += kcMax)
                    {
                        int kc = Math.Min(kcMax, k - pc);
                        job.SetPanel(jc, nc, pc, kc);
                        job.Packing = true;
                        WorkerPool.Run(job, job.PackParts, threads);
                        job.Packing = false;
                        WorkerPool.Run(job, job.ComputeParts, threads);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(bArray);
            GemmJob<T, TKernel>.Return(job);
        }
    }

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
        private void Compute(int rowPart, int columnPart)
        {
            int mr = TKernel.MR;
            int nr = TKernel.NR;
            int row0 = Split(_rowPanels, _rowParts, rowPart) * mr;
            int rows = Math.Min(Split(_rowPanels, _rowParts, rowPart + 1) * mr, _m) - row0;
            int col0 = Split(_panels, _columnParts, columnPart) * nr;
            int cols = Math.Min(Split(_panels, _columnParts, columnPart + 1) * nr, _nc) - col0;
            int mcMax = RoundUp(Math.Min(TKernel.MC, rows), mr);
            int pad = BufferAlignment / Unsafe.SizeOf<T>();
            T[] aArray = ArrayPool<T>.Shared.Rent((_kc * mcMax) + pad);
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
                ArrayPool<T>.Shared.Return(aArray);
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

    /// <summary>
    /// Packs an <c>mc x kc</c> block of A into micro-panels of <c>MR</c> rows: panel <c>q</c> holds
    /// <c>A(q*MR + r, p)</c> at <c>dst[q*MR*kc + p*MR + r]</c>; rows past <paramref name="mc"/> are zero.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void PackA<T, TKernel>(T* a, nint rowStride, nint colStride, int mc, int kc, T* dst)
        where T : unmanaged, INumber<T>
        where TKernel : IMicroKernel<T>
    {
        int mr = TKernel.MR;
        for (int ir = 0; ir < mc; ir += mr)
        {
            int rows = Math.Min(mr, mc - ir);
            T* src = a + (ir * rowStride);
            if (rows == mr && rowStride == 1)
            {
                // Column-major A (e.g. a transposed operand): each column of the panel is contiguous.
                PackRuns(src, colStride, mr, kc, dst);
            }
            else if (rows == mr && colStride == 1)
            {
                // Row-major A: a transpose of mr contiguous rows.
                PackTransposed(src, rowStride, mr, kc, dst);
            }
            else
            {
                PackStrided(src, rowStride, colStride, rows, mr, kc, dst);
            }

            dst += (nint)mr * kc;
        }
    }

    /// <summary>
    /// Packs a <c>kc x nc</c> panel of B into micro-panels of <c>NR</c> columns: panel <c>q</c> holds
    /// <c>B(p, q*NR + j)</c> at <c>dst[q*NR*kc + p*NR + j]</c>; columns past <paramref name="nc"/> are zero.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void PackB<T, TKernel>(T* b, nint rowStride, nint colStride, int kc, int nc, T* dst)
        where T : unmanaged, INumber<T>
        where TKernel : IMicroKernel<T>
    {
        int nr = TKernel.NR;
        for (int jr = 0; jr < nc; jr += nr)
        {
            int cols = Math.Min(nr, nc - jr);
            T* src = b + (jr * colStride);
            if (cols == nr && colStride == 1)
            {
                // Row-major B: each row of the panel is contiguous.
                PackRuns(src, rowStride, nr, kc, dst);
            }
            else if (cols == nr && rowStride == 1)
            {
                // Column-major B (e.g. a transposed operand): a transpose of nr contiguous columns.
                PackTransposed(src, colStride, nr, kc, dst);
            }
            else
            {
                PackStrided(src, colStride, rowStride, cols, nr, kc, dst);
            }

            dst += (nint)nr * kc;
        }
    }

    /// <summary>
    /// Packs <paramref name="width"/> contiguous elements per step: <c>dst[p*width + j] = src[p*stride + j]</c> for
    /// <c>p &lt; kc</c>, <c>j &lt; width</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void PackRuns<T>(T* src, nint stride, int width, int kc, T* dst)
        where T : unmanaged
    {
        int bytes = width * Unsafe.SizeOf<T>();
        if (Vector256.IsHardwareAccelerated && (bytes & 31) == 0)
        {
            byte* d = (byte*)dst;
            for (int p = 0; p < kc; p++)
            {
                byte* s = (byte*)(src + (p * stride));
                for (int off = 0; off < bytes; off += 32)
                {
                    Vector256.Store(Vector256.Load(s + off), d + off);
                }

                d += bytes;
            }

            return;
        }

        for (int p = 0; p < kc; p++)
        {
            Unsafe.CopyBlockUnaligned(dst + ((nint)p * width), src + (p * stride), (uint)bytes);
        }
    }

    /// <summary>
    /// Packs <paramref name="width"/> lines that are contiguous along the shared dimension (line stride
    /// <paramref name="lineStride"/>), transposing: <c>dst[p*width + j] = src[j*lineStride + p]</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void PackTransposed<T>(T* src, nint lineStride, int width, int kc, T* dst)
        where T : unmanaged
    {
        int p = 0;
        if (Avx.IsSupported && typeof(T) == typeof(float))
        {
            for (; p + 8 <= kc; p += 8)
            {
                for (int j = 0; j < width; j += 8)
                {
                    TransposeStore8x8((float*)(src + (j * lineStride) + p), lineStride, Math.Min(8, width - j), (float*)(dst + ((nint)p * width) + j), width);
                }
            }
        }
        else if (Avx.IsSupported && typeof(T) == typeof(double))
        {
            for (; p + 4 <= kc; p += 4)
            {
                for (int j = 0; j < width; j += 4)
                {
                    TransposeStore4x4((double*)(src + (j * lineStride) + p), lineStride, Math.Min(4, width - j), (double*)(dst + ((nint)p * width) + j), width);
                }
            }
        }

        for (; p < kc; p++)
        {
            T* d = dst + ((nint)p * width);
            T* s = src + p;
            for (int j = 0; j < width; j++)
            {
                d[j] = s[j * lineStride];
            }
        }
    }

    /// <summary>
    /// Transposes <paramref name="lines"/> (at most 8) lines of 8 consecutive floats (line stride
    /// <paramref name="lineStride"/>) and stores line element <c>p</c> of line <c>j</c> at <c>dst[p*dstStride + j]</c>.
    /// Only the first <paramref name="lines"/> elements of each destination row are written (2, 4, 6 or 8 lines).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void TransposeStore8x8(float* src, nint lineStride, int lines, float* dst, nint dstStride)
    {
        // Missing lines re-read the last present line; their lanes are never stored.
        Vector256<float> r0 = Avx.LoadVector256(src);
        Vector256<float> r1 = Avx.LoadVector256(src + (Math.Min(1, lines - 1) * lineStride));
        Vector256<float> r2 = Avx.LoadVector256(src + (Math.Min(2, lines - 1) * lineStride));
        Vector256<float> r3 = Avx.LoadVector256(src + (Math.Min(3, lines - 1) * lineStride));
        Vector256<float> r4 = Avx.LoadVector256(src + (Math.Min(4, lines - 1) * lineStride));
        Vector256<float> r5 = Avx.LoadVector256(src + (Math.Min(5, lines - 1) * lineStride));
        Vector256<float> r6 = Avx.LoadVector256(src + (Math.Min(6, lines - 1) * lineStride));
        Vector256<float> r7 = Avx.LoadVector256(src + (Math.Min(7, lines - 1) * lineStride));
        Vector256<float> t0 = Avx.UnpackLow(r0, r1);
        Vector256<float> t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3);
        Vector256<float> t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5);
        Vector256<float> t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7);
        Vector256<float> t7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44);
        Vector256<float> u1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> u2 = Avx.Shuffle(t1, t3, 0x44);
        Vector256<float> u3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44);
        Vector256<float> u5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> u6 = Avx.Shuffle(t5, t7, 0x44);
        Vector256<float> u7 = Avx.Shuffle(t5, t7, 0xEE);
        StoreFirst(Avx.Permute2x128(u0, u4, 0x20), dst, lines);
        StoreFirst(Avx.Permute2x128(u1, u5, 0x20), dst + dstStride, lines);
        StoreFirst(Avx.Permute2x128(u2, u6, 0x20), dst + (2 * dstStride), lines);
        StoreFirst(Avx.Permute2x128(u3, u7, 0x20), dst + (3 * dstStride), lines);
        StoreFirst(Avx.Permute2x128(u0, u4, 0x31), dst + (4 * dstStride), lines);
        StoreFirst(Avx.Permute2x128(u1, u5, 0x31), dst + (5 * dstStride), lines);
        StoreFirst(Avx.Permute2x128(u2, u6, 0x31), dst + (6 * dstStride), lines);
        StoreFirst(Avx.Permute2x128(u3, u7, 0x31), dst + (7 * dstStride), lines);
    }

    /// <summary>Stores the first <paramref name="count"/> lanes (2, 4, 6 or 8) of <paramref name="v"/> at <paramref name="dst"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void StoreFirst(Vector256<float> v, float* dst, int count)
    {
        if (count == 8)
        {
            v.Store(dst);
            return;
        }

        Vector128<float> lower = v.GetLower();
        if (count >= 4)
        {
            lower.Store(dst);
            if (count == 6)
            {
                *(double*)(dst + 4) = v.GetUpper().AsDouble().ToScalar();
            }
        }
        else
        {
            *(double*)dst = lower.AsDouble().ToScalar();
        }
    }

    /// <summary>
    /// Transposes <paramref name="lines"/> (at most 4) lines of 4 consecutive doubles (line stride
    /// <paramref name="lineStride"/>) and stores line element <c>p</c> of line <c>j</c> at <c>dst[p*dstStride + j]</c>.
    /// Only the first <paramref name="lines"/> elements of each destination row are written (2 or 4 lines).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void TransposeStore4x4(double* src, nint lineStride, int lines, double* dst, nint dstStride)
    {
        Vector256<double> r0 = Avx.LoadVector256(src);
        Vector256<double> r1 = Avx.LoadVector256(src + (Math.Min(1, lines - 1) * lineStride));
        Vector256<double> t0 = Avx.UnpackLow(r0, r1);   // r0[0] r1[0] | r0[2] r1[2]
        Vector256<double> t1 = Avx.UnpackHigh(r0, r1);  // r0[1] r1[1] | r0[3] r1[3]
        if (lines <= 2)
        {
            t0.GetLower().Store(dst);
            t1.GetLower().Store(dst + dstStride);
            t0.GetUpper().Store(dst + (2 * dstStride));
            t1.GetUpper().Store(dst + (3 * dstStride));
            return;
        }

        Vector256<double> r2 = Avx.LoadVector256(src + (Math.Min(2, lines - 1) * lineStride));
        Vector256<double> r3 = Avx.LoadVector256(src + (Math.Min(3, lines - 1) * lineStride));
        Vector256<double> t2 = Avx.UnpackLow(r2, r3);
        Vector256<double> t3 = Avx.UnpackHigh(r2, r3);
        Avx.Permute2x128(t0, t2, 0x20).Store(dst);
        Avx.Permute2x128(t1, t3, 0x20).Store(dst + dstStride);
        Avx.Permute2x128(t0, t2, 0x31).Store(dst + (2 * dstStride));
        Avx.Permute2x128(t1, t3, 0x31).Store(dst + (3 * dstStride));
    }

    /// <summary>
    /// General packing with zero padding: <c>dst[p*width + j] = src[j*lineStride + p*stepStride]</c> for
    /// <c>j &lt; count</c> and zero for <c>count &lt;= j &lt; width</c>.
    /// </summary>
    private static unsafe void PackStrided<T>(T* src, nint lineStride, nint stepStride, int count, int width, int kc, T* dst)
        where T : unmanaged, INumber<T>
    {
        for (int p = 0; p < kc; p++)
        {
            T* d = dst + ((nint)p * width);
            T* s = src + (p * stepStride);
            int j = 0;
            for (; j < count; j++)
            {
                d[j] = s[j * lineStride];
            }

            for (; j < width; j++)
            {
                d[j] = T.Zero;
            }
        }
    }

    /// <summary>
    /// The depth of the k-blocks for a product with inner size <paramref name="k"/>: the fewest blocks of at most
    /// <paramref name="kcMax"/>, of equal depth (784 = 4 x 196, not 3 x 256 + 16: a shallow last block would load and
    /// store every tile of C for a few multiply-adds).
    /// </summary>
    private static int KBlock(int kcMax, int k)
    {
        int blocks = (k + kcMax - 1) / kcMax;
        return (k + blocks - 1) / blocks;
    }

    /// <summary>Rounds <paramref name="value"/> up to a multiple of <paramref name="multiple"/>.</summary>
    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    /// <summary>Advances <paramref name="p"/> to the next <see cref="BufferAlignment"/>-byte boundary.</summary>
    private static unsafe T* Align<T>(T* p)
        where T : unmanaged
    {
        nint address = (nint)p;
        nint aligned = (address + (BufferAlignment - 1)) & ~(nint)(BufferAlignment - 1);
        return (T*)aligned;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Micro-kernels.
    // ------------------------------------------------------------------------------------------------------------

    /// <summary>
    /// A register-blocked micro-kernel computing one <c>MR x NR</c> tile of C from packed micro-panels, together
    /// with the cache-blocking parameters tuned for it. Implementations are structs so that generic code using
    /// them is specialised and the static members become JIT-time constants.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    internal interface IMicroKernel<T>
        where T : unmanaged, INumber<T>
    {
        /// <summary>Gets the number of rows of the register tile (rows of a packed A micro-panel).</summary>
        static abstract int MR { get; }

        /// <summary>Gets the number of columns of the register tile (columns of a packed B micro-panel).</summary>
        static abstract int NR { get; }

        /// <summary>Gets the block size over the shared dimension (a <c>KC x NR</c> micro-panel of B should fit in L1).</summary>
        static abstract int KC { get; }

        /// <summary>Gets the block size over rows of C (a multiple of <see cref="MR"/>; an <c>MC x KC</c> block of A should fit in L2).</summary>
        static abstract int MC { get; }

        /// <summary>Gets the block size over columns of C (a multiple of <see cref="NR"/>; a <c>KC x NC</c> panel of B should fit in L3).</summary>
        static abstract int NC { get; }

        /// <summary>Gets a value indicating whether this kernel's vector width is hardware accelerated for <typeparamref name="T"/>.</summary>
        static abstract bool IsAccelerated { get; }

        /// <summary>
        /// Computes the tile <c>C[0..MR, 0..NR] (+)= Apanel * Bpanel</c>, where <paramref name="a"/> holds <c>MR</c>
        /// consecutive values per step of the shared dimension and <paramref name="b"/> holds <c>NR</c>.
        /// </summary>
        /// <param name="kc">Length of the shared dimension.</param>
        /// <param name="a">Packed A micro-panel (<c>kc * MR</c> elements).</param>
        /// <param name="b">Packed B micro-panel (<c>kc * NR</c> elements).</param>
        /// <param name="c">Top-left element of the C tile.</param>
        /// <param name="ldc">Element stride between rows of the C tile.</param>
        /// <param name="accumulate">Whether to add to C (true) or overwrite it (false).</param>
        static abstract unsafe void Run(int kc, T* a, T* b, T* c, nint ldc, bool accumulate);
    }

    /// <summary>AVX-512 class micro-kernel: a 12 x (2 * Vector512&lt;T&gt;.Count) tile (12 x 32 floats, 12 x 16 doubles) held in 24 of the 32 vector registers.</summary>
    internal readonly struct Kernel512<T> : IMicroKernel<T>
        where T : unmanaged, INumber<T>
    {
        /// <inheritdoc/>
        public static int MR => 12;
        /// <inheritdoc/>
        public static int NR => 2 * Vector512<T>.Count;
        /// <inheritdoc/>
        public static int KC => 128;
        /// <inheritdoc/>
        public static int MC => Unsafe.SizeOf<T>() == 4 ? 192 : 96;
        /// <inheritdoc/>
        public static int NC => 4096;
        /// <inheritdoc/>
        public static bool IsAccelerated => Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported;

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static unsafe void Run(int kc, T* a, T* b, T* c, nint ldc, bool accumulate)
        {
            int vc = Vector512<T>.Count;
            Vector512<T> c00 = default; Vector512<T> c01 = default;
            Vector512<T> c10 = default; Vector512<T> c11 = default;
            Vector512<T> c20 = default; Vector512<T> c21 = default;
            Vector512<T> c30 = default; Vector512<T> c31 = default;
            Vector512<T> c40 = default; Vector512<T> c41 = default;
            Vector512<T> c50 = default; Vector512<T> c51 = default;
            Vector512<T> c60 = default; Vector512<T> c61 = default;
            Vector512<T> c70 = default; Vector512<T> c71 = default;
            Vector512<T> c80 = default; Vector512<T> c81 = default;
            Vector512<T> c90 = default; Vector512<T> c91 = default;
            Vector512<T> c100 = default; Vector512<T> c101 = default;
            Vector512<T> c110 = default; Vector512<T> c111 = default;
            int p = 0;
            for (; p + 2 <= kc; p += 2)
            {
                {
                    Vector512<T> b0 = Vector512.Load(b);
                    Vector512<T> b1 = Vector512.Load(b + 1 * vc);
                    {
                        Vector512<T> ar = Vector512.Create(a[0]);
                        c00 = Fma(ar, b0, c00);
                        c01 = Fma(ar, b1, c01);
                    }
                    {
                        Vector512<T> ar = Vector512.Create(a[1]);
                        c10 = Fma(ar, b0, c10);
                        c11 = Fma(ar, b1, c11);
                    }
                    {
                        Vector512<T> ar = Vector512.Create(a[2]);
                        c20 = Fma(ar, b0, c20);
                        c21 = Fma(ar, b1, c21);
                    }
                    {
                        Vector512<T> ar = Vector512.Create(a[3]);
                        c30 = Fma(ar, b0, c30);
                        c31 = Fma(ar, b1, c31);
                    }
                    {
                        Vector512<T> ar = Vector512.Create(a[4]);
                        c40 = Fma(ar, b0, c40);
                        c41 = Fma(ar, b1, c41);
                    }
                    {
                        Vector512<T> ar = Vector512.Create(a[5]);
                        c50 = Fma(ar, b0, c50);
                        c51 = Fma(ar, b1, c51);
                    }
                    {
                        Vector512<T> ar = Vector512.Create(a[6]);
                        c60 = Fma(ar, b0, c60);
                        c61 = Fma(ar, b1, c61);
                    }
                    {
                        Vector512<T> ar = Vector512.Create(a[7]);
                        c70 = Fma(ar, b0, c70);
                        c71 = Fma(ar, b1, c71);
                    }
                    {
                        Vector512<T> ar = Vector512.Create(a[8]);
                        c80 = Fma(ar, b0, c80);
                        c81 = Fma(ar, b1, c81);
                    }
                    {
                        Vector512<T> ar = Vector512.Create(a[9]);
                        c90 = Fma(ar, b0, c90);
                        c91 = Fma(ar, b1, c91);
                    }
                    {
                        Vector512<T> ar = Vector512.Create(a[10]);
                        c100 = Fma(ar, b0, c100);
                        c101 = Fma(ar, b1, c101);
                    }
                    {
                        Vector512<T> ar = Vector512.Create(a[11]);
                        c110 = Fma(ar, b0, c110);
                        c111 = Fma(ar, b1, c111);
                    }
                }
                {
                    Vector512<T> b0 = Vector512.Load(b + 2 * vc + 0 * vc);
                    Vector512<T> b1 = Vector512.Load(b + 2 * vc + 1 * vc);
                    {
                        Vector512<T> ar = Vector512.Create(a[12]);
                        c00 = Fma(ar, b0, c00);
                        c01 = Fma(ar, b1, c01);
                    }
                    {
                        Vector512<T> ar = Vector512.Create(a[13]);
                        c10 = Fma(ar, b0, c10);
                        c11 = Fma(ar, b1, c11);
                    }
                    {
                        Vector512<T> ar = Vector512.Create(a[14]);
                        c20 = Fma(ar, b0, c20);
                        c21 = Fma(ar, b1, c21);
                    }
                    {
                        Vector512<T> ar = Vector512.Create(a[15]);
                        c30 = Fma(ar, b0, c30);
                        c31 = Fma(ar, b1, c31);
                    }
                    {
                        Vector512<T> ar = Vector512.Create(a[16]);
                        c40 = Fma(ar, b0, c40);
                        c41 = Fma(ar, b1, c41);
                    }
                    {
                        Vector512<T> ar = Vector512.Create(a[17]);
                        c50 = Fma(ar, b0, c50);
                        c51 = Fma(ar, b1, c51);
                    }
                    {
                        Vector512<T> ar = Vector512.Create(a[18]);
                        c60 = Fma(ar, b0, c60);
                        c61 = Fma(ar, b1, c61);
                    }
                    {
                        Vector512<T> ar = Vector512.Create(a[19]);
                        c70 = Fma(ar, b0, c70);
                        c71 = Fma(ar, b1, c71);
                    }
                    {
                        Vector512<T> ar = Vector512.Create(a[20]);
                        c80 = Fma(ar, b0, c80);
                        c81 = Fma(ar, b1, c81);
                    }
                    {
                        Vector512<T> ar = Vector512.Create(a[21]);
                        c90 = Fma(ar, b0, c90);
                        c91 = Fma(ar, b1, c91);
                    }
                    {
                        Vector512<T> ar = Vector512.Create(a[22]);
                        c100 = Fma(ar, b0, c100);
                        c101 = Fma(ar, b1, c101);
                    }
                    {
                        Vector512<T> ar = Vector512.Create(a[23]);
                        c110 = Fma(ar, b0, c110);
                        c111 = Fma(ar, b1, c111);
                    }
                }
                a += 24;
                b += 4 * vc;
            }
            for (; p < kc; p++)
            {
                Vector512<T> b0 = Vector512.Load(b);
                Vector512<T> b1 = Vector512.Load(b + 1 * vc);
                {
                    Vector512<T> ar = Vector512.Create(a[0]);
                    c00 = Fma(ar, b0, c00);
                    c01 = Fma(ar, b1, c01);
                }
                {
                    Vector512<T> ar = Vector512.Create(a[1]);
                    c10 = Fma(ar, b0, c10);
                    c11 = Fma(ar, b1, c11);
                }
                {
                    Vector512<T> ar = Vector512.Create(a[2]);
                    c20 = Fma(ar, b0, c20);
                    c21 = Fma(ar, b1, c21);
                }
                {
                    Vector512<T> ar = Vector512.Create(a[3]);
                    c30 = Fma(ar, b0, c30);
                    c31 = Fma(ar, b1, c31);
                }
                {
                    Vector512<T> ar = Vector512.Create(a[4]);
                    c40 = Fma(ar, b0, c40);
                    c41 = Fma(ar, b1, c41);
                }
                {
                    Vector512<T> ar = Vector512.Create(a[5]);
                    c50 = Fma(ar, b0, c50);
                    c51 = Fma(ar, b1, c51);
                }
                {
                    Vector512<T> ar = Vector512.Create(a[6]);
                    c60 = Fma(ar, b0, c60);
                    c61 = Fma(ar, b1, c61);
                }
                {
                    Vector512<T> ar = Vector512.Create(a[7]);
                    c70 = Fma(ar, b0, c70);
                    c71 = Fma(ar, b1, c71);
                }
                {
                    Vector512<T> ar = Vector512.Create(a[8]);
                    c80 = Fma(ar, b0, c80);
                    c81 = Fma(ar, b1, c81);
                }
                {
                    Vector512<T> ar = Vector512.Create(a[9]);
                    c90 = Fma(ar, b0, c90);
                    c91 = Fma(ar, b1, c91);
                }
                {
                    Vector512<T> ar = Vector512.Create(a[10]);
                    c100 = Fma(ar, b0, c100);
                    c101 = Fma(ar, b1, c101);
                }
                {
                    Vector512<T> ar = Vector512.Create(a[11]);
                    c110 = Fma(ar, b0, c110);
                    c111 = Fma(ar, b1, c111);
                }
                a += 12;
                b += 2 * vc;
            }

            if (accumulate)
            {
                c00 += Vector512.Load(c);
                c01 += Vector512.Load(c + 1 * vc);
                c10 += Vector512.Load(c + 1 * ldc);
                c11 += Vector512.Load(c + 1 * ldc + 1 * vc);
                c20 += Vector512.Load(c + 2 * ldc);
                c21 += Vector512.Load(c + 2 * ldc + 1 * vc);
                c30 += Vector512.Load(c + 3 * ldc);
                c31 += Vector512.Load(c + 3 * ldc + 1 * vc);
                c40 += Vector512.Load(c + 4 * ldc);
                c41 += Vector512.Load(c + 4 * ldc + 1 * vc);
                c50 += Vector512.Load(c + 5 * ldc);
                c51 += Vector512.Load(c + 5 * ldc + 1 * vc);
                c60 += Vector512.Load(c + 6 * ldc);
                c61 += Vector512.Load(c + 6 * ldc + 1 * vc);
                c70 += Vector512.Load(c + 7 * ldc);
                c71 += Vector512.Load(c + 7 * ldc + 1 * vc);
                c80 += Vector512.Load(c + 8 * ldc);
                c81 += Vector512.Load(c + 8 * ldc + 1 * vc);
                c90 += Vector512.Load(c + 9 * ldc);
                c91 += Vector512.Load(c + 9 * ldc + 1 * vc);
                c100 += Vector512.Load(c + 10 * ldc);
                c101 += Vector512.Load(c + 10 * ldc + 1 * vc);
                c110 += Vector512.Load(c + 11 * ldc);
                c111 += Vector512.Load(c + 11 * ldc + 1 * vc);
            }

            Vector512.Store(c00, c);
            Vector512.Store(c01, c + 1 * vc);
            Vector512.Store(c10, c + 1 * ldc);
            Vector512.Store(c11, c + 1 * ldc + 1 * vc);
            Vector512.Store(c20, c + 2 * ldc);
            Vector512.Store(c21, c + 2 * ldc + 1 * vc);
            Vector512.Store(c30, c + 3 * ldc);
            Vector512.Store(c31, c + 3 * ldc + 1 * vc);
            Vector512.Store(c40, c + 4 * ldc);
            Vector512.Store(c41, c + 4 * ldc + 1 * vc);
            Vector512.Store(c50, c + 5 * ldc);
            Vector512.Store(c51, c + 5 * ldc + 1 * vc);
            Vector512.Store(c60, c + 6 * ldc);
            Vector512.Store(c61, c + 6 * ldc + 1 * vc);
            Vector512.Store(c70, c + 7 * ldc);
            Vector512.Store(c71, c + 7 * ldc + 1 * vc);
            Vector512.Store(c80, c + 8 * ldc);
            Vector512.Store(c81, c + 8 * ldc + 1 * vc);
            Vector512.Store(c90, c + 9 * ldc);
            Vector512.Store(c91, c + 9 * ldc + 1 * vc);
            Vector512.Store(c100, c + 10 * ldc);
            Vector512.Store(c101, c + 10 * ldc + 1 * vc);
            Vector512.Store(c110, c + 11 * ldc);
            Vector512.Store(c111, c + 11 * ldc + 1 * vc);
        }

        /// <summary><c>x * y + acc</c>, fused where the hardware supports it.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<T> Fma(Vector512<T> x, Vector512<T> y, Vector512<T> acc)
        {
            if (typeof(T) == typeof(float))
            {
                return Vector512.MultiplyAddEstimate(x.AsSingle(), y.AsSingle(), acc.AsSingle()).As<float, T>();
            }

            if (typeof(T) == typeof(double))
            {
                return Vector512.MultiplyAddEstimate(x.AsDouble(), y.AsDouble(), acc.AsDouble()).As<double, T>();
            }

            return (x * y) + acc;
        }
    }

    /// <summary>AVX2/FMA class micro-kernel: a 6 x (2 * Vector256&lt;T&gt;.Count) tile (6 x 16 floats, 6 x 8 doubles) held in 12 of the 16 vector registers.</summary>
    internal readonly struct Kernel256<T> : IMicroKernel<T>
        where T : unmanaged, INumber<T>
    {
        /// <inheritdoc/>
        public static int MR => 6;
        /// <inheritdoc/>
        public static int NR => 2 * Vector256<T>.Count;
        /// <inheritdoc/>
        public static int KC => 256;
        /// <inheritdoc/>
        public static int MC => Unsafe.SizeOf<T>() == 4 ? 144 : 72;
        /// <inheritdoc/>
        public static int NC => 4080;
        /// <inheritdoc/>
        public static bool IsAccelerated => Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported;

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static unsafe void Run(int kc, T* a, T* b, T* c, nint ldc, bool accumulate)
        {
            int vc = Vector256<T>.Count;
            Vector256<T> c00 = default; Vector256<T> c01 = default;
            Vector256<T> c10 = default; Vector256<T> c11 = default;
            Vector256<T> c20 = default; Vector256<T> c21 = default;
            Vector256<T> c30 = default; Vector256<T> c31 = default;
            Vector256<T> c40 = default; Vector256<T> c41 = default;
            Vector256<T> c50 = default; Vector256<T> c51 = default;
            int p = 0;
            for (; p + 4 <= kc; p += 4)
            {
                {
                    Vector256<T> b0 = Vector256.Load(b);
                    Vector256<T> b1 = Vector256.Load(b + 1 * vc);
                    {
                        Vector256<T> ar = Vector256.Create(a[0]);
                        c00 = Fma(ar, b0, c00);
                        c01 = Fma(ar, b1, c01);
                    }
                    {
                        Vector256<T> ar = Vector256.Create(a[1]);
                        c10 = Fma(ar, b0, c10);
                        c11 = Fma(ar, b1, c11);
                    }
                    {
                        Vector256<T> ar = Vector256.Create(a[2]);
                        c20 = Fma(ar, b0, c20);
                        c21 = Fma(ar, b1, c21);
                    }
                    {
                        Vector256<T> ar = Vector256.Create(a[3]);
                        c30 = Fma(ar, b0, c30);
                        c31 = Fma(ar, b1, c31);
                    }
                    {
                        Vector256<T> ar = Vector256.Create(a[4]);
                        c40 = Fma(ar, b0, c40);
                        c41 = Fma(ar, b1, c41);
                    }
                    {
                        Vector256<T> ar = Vector256.Create(a[5]);
                        c50 = Fma(ar, b0, c50);
                        c51 = Fma(ar, b1, c51);
                    }
                }
                {
                    Vector256<T> b0 = Vector256.Load(b + 2 * vc + 0 * vc);
                    Vector256<T> b1 = Vector256.Load(b + 2 * vc + 1 * vc);
                    {
                        Vector256<T> ar = Vector256.Create(a[6]);
                        c00 = Fma(ar, b0, c00);
                        c01 = Fma(ar, b1, c01);
                    }
                    {
                        Vector256<T> ar = Vector256.Create(a[7]);
                        c10 = Fma(ar, b0, c10);
                        c11 = Fma(ar, b1, c11);
                    }
                    {
                        Vector256<T> ar = Vector256.Create(a[8]);
                        c20 = Fma(ar, b0, c20);
                        c21 = Fma(ar, b1, c21);
                    }
                    {
                        Vector256<T> ar = Vector256.Create(a[9]);
                        c30 = Fma(ar, b0, c30);
                        c31 = Fma(ar, b1, c31);
                    }
                    {
                        Vector256<T> ar = Vector256.Create(a[10]);
                        c40 = Fma(ar, b0, c40);
                        c41 = Fma(ar, b1, c41);
                    }
                    {
                        Vector256<T> ar = Vector256.Create(a[11]);
                        c50 = Fma(ar, b0, c50);
                        c51 = Fma(ar, b1, c51);
                    }
                }
                {
                    Vector256<T> b0 = Vector256.Load(b + 4 * vc + 0 * vc);
                    Vector256<T> b1 = Vector256.Load(b + 4 * vc + 1 * vc);
                    {
                        Vector256<T> ar = Vector256.Create(a[12]);
                        c00 = Fma(ar, b0, c00);
                        c01 = Fma(ar, b1, c01);
                    }
                    {
                        Vector256<T> ar = Vector256.Create(a[13]);
                        c10 = Fma(ar, b0, c10);
                        c11 = Fma(ar, b1, c11);
                    }
                    {
                        Vector256<T> ar = Vector256.Create(a[14]);
                        c20 = Fma(ar, b0, c20);
                        c21 = Fma(ar, b1, c21);
                    }
                    {
                        Vector256<T> ar = Vector256.Create(a[15]);
                        c30 = Fma(ar, b0, c30);
                        c31 = Fma(ar, b1, c31);
                    }
                    {
                        Vector256<T> ar = Vector256.Create(a[16]);
                        c40 = Fma(ar, b0, c40);
                        c41 = Fma(ar, b1, c41);
                    }
                    {
                        Vector256<T> ar = Vector256.Create(a[17]);
                        c50 = Fma(ar, b0, c50);
                        c51 = Fma(ar, b1, c51);
                    }
                }
                {
                    Vector256<T> b0 = Vector256.Load(b + 6 * vc + 0 * vc);
                    Vector256<T> b1 = Vector256.Load(b + 6 * vc + 1 * vc);
                    {
                        Vector256<T> ar = Vector256.Create(a[18]);
                        c00 = Fma(ar, b0, c00);
                        c01 = Fma(ar, b1, c01);
                    }
                    {
                        Vector256<T> ar = Vector256.Create(a[19]);
                        c10 = Fma(ar, b0, c10);
                        c11 = Fma(ar, b1, c11);
                    }
                    {
                        Vector256<T> ar = Vector256.Create(a[20]);
                        c20 = Fma(ar, b0, c20);
                        c21 = Fma(ar, b1, c21);
                    }
                    {
                        Vector256<T> ar = Vector256.Create(a[21]);
                        c30 = Fma(ar, b0, c30);
                        c31 = Fma(ar, b1, c31);
                    }
                    {
                        Vector256<T> ar = Vector256.Create(a[22]);
                        c40 = Fma(ar, b0, c40);
                        c41 = Fma(ar, b1, c41);
                    }
                    {
                        Vector256<T> ar = Vector256.Create(a[23]);
                        c50 = Fma(ar, b0, c50);
                        c51 = Fma(ar, b1, c51);
                    }
                }
                a += 24;
                b += 8 * vc;
            }
            for (; p < kc; p++)
            {
                Vector256<T> b0 = Vector256.Load(b);
                Vector256<T> b1 = Vector256.Load(b + 1 * vc);
                {
                    Vector256<T> ar = Vector256.Create(a[0]);
                    c00 = Fma(ar, b0, c00);
                    c01 = Fma(ar, b1, c01);
                }
                {
                    Vector256<T> ar = Vector256.Create(a[1]);
                    c10 = Fma(ar, b0, c10);
                    c11 = Fma(ar, b1, c11);
                }
                {
                    Vector256<T> ar = Vector256.Create(a[2]);
                    c20 = Fma(ar, b0, c20);
                    c21 = Fma(ar, b1, c21);
                }
                {
                    Vector256<T> ar = Vector256.Create(a[3]);
                    c30 = Fma(ar, b0, c30);
                    c31 = Fma(ar, b1, c31);
                }
                {
                    Vector256<T> ar = Vector256.Create(a[4]);
                    c40 = Fma(ar, b0, c40);
                    c41 = Fma(ar, b1, c41);
                }
                {
                    Vector256<T> ar = Vector256.Create(a[5]);
                    c50 = Fma(ar, b0, c50);
                    c51 = Fma(ar, b1, c51);
                }
                a += 6;
                b += 2 * vc;
            }

            if (accumulate)
            {
                c00 += Vector256.Load(c);
                c01 += Vector256.Load(c + 1 * vc);
                c10 += Vector256.Load(c + 1 * ldc);
                c11 += Vector256.Load(c + 1 * ldc + 1 * vc);
                c20 += Vector256.Load(c + 2 * ldc);
                c21 += Vector256.Load(c + 2 * ldc + 1 * vc);
                c30 += Vector256.Load(c + 3 * ldc);
                c31 += Vector256.Load(c + 3 * ldc + 1 * vc);
                c40 += Vector256.Load(c + 4 * ldc);
                c41 += Vector256.Load(c + 4 * ldc + 1 * vc);
                c50 += Vector256.Load(c + 5 * ldc);
                c51 += Vector256.Load(c + 5 * ldc + 1 * vc);
            }

            Vector256.Store(c00, c);
            Vector256.Store(c01, c + 1 * vc);
            Vector256.Store(c10, c + 1 * ldc);
            Vector256.Store(c11, c + 1 * ldc + 1 * vc);
            Vector256.Store(c20, c + 2 * ldc);
            Vector256.Store(c21, c + 2 * ldc + 1 * vc);
            Vector256.Store(c30, c + 3 * ldc);
            Vector256.Store(c31, c + 3 * ldc + 1 * vc);
            Vector256.Store(c40, c + 4 * ldc);
            Vector256.Store(c41, c + 4 * ldc + 1 * vc);
            Vector256.Store(c50, c + 5 * ldc);
            Vector256.Store(c51, c + 5 * ldc + 1 * vc);
        }

        /// <summary><c>x * y + acc</c>, fused where the hardware supports it.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<T> Fma(Vector256<T> x, Vector256<T> y, Vector256<T> acc)
        {
            if (typeof(T) == typeof(float))
            {
                return Vector256.MultiplyAddEstimate(x.AsSingle(), y.AsSingle(), acc.AsSingle()).As<float, T>();
            }

            if (typeof(T) == typeof(double))
            {
                return Vector256.MultiplyAddEstimate(x.AsDouble(), y.AsDouble(), acc.AsDouble()).As<double, T>();
            }

            return (x * y) + acc;
        }
    }

    /// <summary>128-bit SIMD micro-kernel (SSE/NEON): a 6 x (2 * Vector128&lt;T&gt;.Count) tile (6 x 8 floats, 6 x 4 doubles).</summary>
    internal readonly struct Kernel128<T> : IMicroKernel<T>
        where T : unmanaged, INumber<T>
    {
        /// <inheritdoc/>
        public static int MR => 6;
        /// <inheritdoc/>
        public static int NR => 2 * Vector128<T>.Count;
        /// <inheritdoc/>
        public static int KC => 256;
        /// <inheritdoc/>
        public static int MC => Unsafe.SizeOf<T>() == 4 ? 96 : 48;
        /// <inheritdoc/>
        public static int NC => 4080;
        /// <inheritdoc/>
        public static bool IsAccelerated => Vector128.IsHardwareAccelerated && Vector128<T>.IsSupported;

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static unsafe void Run(int kc, T* a, T* b, T* c, nint ldc, bool accumulate)
        {
            int vc = Vector128<T>.Count;
            Vector128<T> c00 = default; Vector128<T> c01 = default;
            Vector128<T> c10 = default; Vector128<T> c11 = default;
            Vector128<T> c20 = default; Vector128<T> c21 = default;
            Vector128<T> c30 = default; Vector128<T> c31 = default;
            Vector128<T> c40 = default; Vector128<T> c41 = default;
            Vector128<T> c50 = default; Vector128<T> c51 = default;
            int p = 0;
            for (; p + 2 <= kc; p += 2)
            {
                {
                    Vector128<T> b0 = Vector128.Load(b);
                    Vector128<T> b1 = Vector128.Load(b + 1 * vc);
                    {
                        Vector128<T> ar = Vector128.Create(a[0]);
                        c00 = Fma(ar, b0, c00);
                        c01 = Fma(ar, b1, c01);
                    }
                    {
                        Vector128<T> ar = Vector128.Create(a[1]);
                        c10 = Fma(ar, b0, c10);
                        c11 = Fma(ar, b1, c11);
                    }
                    {
                        Vector128<T> ar = Vector128.Create(a[2]);
                        c20 = Fma(ar, b0, c20);
                        c21 = Fma(ar, b1, c21);
                    }
                    {
                        Vector128<T> ar = Vector128.Create(a[3]);
                        c30 = Fma(ar, b0, c30);
                        c31 = Fma(ar, b1, c31);
                    }
                    {
                        Vector128<T> ar = Vector128.Create(a[4]);
                        c40 = Fma(ar, b0, c40);
                        c41 = Fma(ar, b1, c41);
                    }
                    {
                        Vector128<T> ar = Vector128.Create(a[5]);
                        c50 = Fma(ar, b0, c50);
                        c51 = Fma(ar, b1, c51);
                    }
                }
                {
                    Vector128<T> b0 = Vector128.Load(b + 2 * vc + 0 * vc);
                    Vector128<T> b1 = Vector128.Load(b + 2 * vc + 1 * vc);
                    {
                        Vector128<T> ar = Vector128.Create(a[6]);
                        c00 = Fma(ar, b0, c00);
                        c01 = Fma(ar, b1, c01);
                    }
                    {
                        Vector128<T> ar = Vector128.Create(a[7]);
                        c10 = Fma(ar, b0, c10);
                        c11 = Fma(ar, b1, c11);
                    }
                    {
                        Vector128<T> ar = Vector128.Create(a[8]);
                        c20 = Fma(ar, b0, c20);
                        c21 = Fma(ar, b1, c21);
                    }
                    {
                        Vector128<T> ar = Vector128.Create(a[9]);
                        c30 = Fma(ar, b0, c30);
                        c31 = Fma(ar, b1, c31);
                    }
                    {
                        Vector128<T> ar = Vector128.Create(a[10]);
                        c40 = Fma(ar, b0, c40);
                        c41 = Fma(ar, b1, c41);
                    }
                    {
                        Vector128<T> ar = Vector128.Create(a[11]);
                        c50 = Fma(ar, b0, c50);
                        c51 = Fma(ar, b1, c51);
                    }
                }
                a += 12;
                b += 4 * vc;
            }
            for (; p < kc; p++)
            {
                Vector128<T> b0 = Vector128.Load(b);
                Vector128<T> b1 = Vector128.Load(b + 1 * vc);
                {
                    Vector128<T> ar = Vector128.Create(a[0]);
                    c00 = Fma(ar, b0, c00);
                    c01 = Fma(ar, b1, c01);
                }
                {
                    Vector128<T> ar = Vector128.Create(a[1]);
                    c10 = Fma(ar, b0, c10);
                    c11 = Fma(ar, b1, c11);
                }
                {
                    Vector128<T> ar = Vector128.Create(a[2]);
                    c20 = Fma(ar, b0, c20);
                    c21 = Fma(ar, b1, c21);
                }
                {
                    Vector128<T> ar = Vector128.Create(a[3]);
                    c30 = Fma(ar, b0, c30);
                    c31 = Fma(ar, b1, c31);
                }
                {
                    Vector128<T> ar = Vector128.Create(a[4]);
                    c40 = Fma(ar, b0, c40);
                    c41 = Fma(ar, b1, c41);
                }
                {
                    Vector128<T> ar = Vector128.Create(a[5]);
                    c50 = Fma(ar, b0, c50);
                    c51 = Fma(ar, b1, c51);
                }
                a += 6;
                b += 2 * vc;
            }

            if (accumulate)
            {
                c00 += Vector128.Load(c);
                c01 += Vector128.Load(c + 1 * vc);
                c10 += Vector128.Load(c + 1 * ldc);
                c11 += Vector128.Load(c + 1 * ldc + 1 * vc);
                c20 += Vector128.Load(c + 2 * ldc);
                c21 += Vector128.Load(c + 2 * ldc + 1 * vc);
                c30 += Vector128.Load(c + 3 * ldc);
                c31 += Vector128.Load(c + 3 * ldc + 1 * vc);
                c40 += Vector128.Load(c + 4 * ldc);
                c41 += Vector128.Load(c + 4 * ldc + 1 * vc);
                c50 += Vector128.Load(c + 5 * ldc);
                c51 += Vector128.Load(c + 5 * ldc + 1 * vc);
            }

            Vector128.Store(c00, c);
            Vector128.Store(c01, c + 1 * vc);
            Vector128.Store(c10, c + 1 * ldc);
            Vector128.Store(c11, c + 1 * ldc + 1 * vc);
            Vector128.Store(c20, c + 2 * ldc);
            Vector128.Store(c21, c + 2 * ldc + 1 * vc);
            Vector128.Store(c30, c + 3 * ldc);
            Vector128.Store(c31, c + 3 * ldc + 1 * vc);
            Vector128.Store(c40, c + 4 * ldc);
            Vector128.Store(c41, c + 4 * ldc + 1 * vc);
            Vector128.Store(c50, c + 5 * ldc);
            Vector128.Store(c51, c + 5 * ldc + 1 * vc);
        }

        /// <summary><c>x * y + acc</c>, fused where the hardware supports it.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector128<T> Fma(Vector128<T> x, Vector128<T> y, Vector128<T> acc)
        {
            if (typeof(T) == typeof(float))
            {
                return Vector128.MultiplyAddEstimate(x.AsSingle(), y.AsSingle(), acc.AsSingle()).As<float, T>();
            }

            if (typeof(T) == typeof(double))
            {
                return Vector128.MultiplyAddEstimate(x.AsDouble(), y.AsDouble(), acc.AsDouble()).As<double, T>();
            }

            return (x * y) + acc;
        }
    }

    /// <summary>Portable scalar 4x4 micro-kernel, used when no SIMD width is hardware accelerated.</summary>
    internal readonly struct ScalarKernel<T> : IMicroKernel<T>
        where T : unmanaged, INumber<T>
    {
        /// <inheritdoc/>
        public static int MR => 4;
        /// <inheritdoc/>
        public static int NR => 4;
        /// <inheritdoc/>
        public static int KC => 256;
        /// <inheritdoc/>
        public static int MC => 128;
        /// <inheritdoc/>
        public static int NC => 2048;
        /// <inheritdoc/>
        public static bool IsAccelerated => true;

        /// <inheritdoc/>
        public static unsafe void Run(int kc, T* a, T* b, T* c, nint ldc, bool accumulate)
        {
            T c00 = T.Zero; T c01 = T.Zero; T c02 = T.Zero; T c03 = T.Zero;
            T c10 = T.Zero; T c11 = T.Zero; T c12 = T.Zero; T c13 = T.Zero;
            T c20 = T.Zero; T c21 = T.Zero; T c22 = T.Zero; T c23 = T.Zero;
            T c30 = T.Zero; T c31 = T.Zero; T c32 = T.Zero; T c33 = T.Zero;
            for (int p = 0; p < kc; p++)
            {
                T b0 = b[0]; T b1 = b[1]; T b2 = b[2]; T b3 = b[3];
                T a0 = a[0];
                c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
                T a1 = a[1];
                c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
                T a2 = a[2];
                c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
                T a3 = a[3];
                c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
                a += 4;
                b += 4;
            }

            if (accumulate)
            {
                {
                    T* cr = c;
                    c00 += cr[0]; c01 += cr[1]; c02 += cr[2]; c03 += cr[3];
                }
                {
                    T* cr = c + 1 * ldc;
                    c10 += cr[0]; c11 += cr[1]; c12 += cr[2]; c13 += cr[3];
                }
                {
                    T* cr = c + 2 * ldc;
                    c20 += cr[0]; c21 += cr[1]; c22 += cr[2]; c23 += cr[3];
                }
                {
                    T* cr = c + 3 * ldc;
                    c30 += cr[0]; c31 += cr[1]; c32 += cr[2]; c33 += cr[3];
                }
            }

            {
                T* cr = c;
                cr[0] = c00; cr[1] = c01; cr[2] = c02; cr[3] = c03;
            }
            {
                T* cr = c + 1 * ldc;
                cr[0] = c10; cr[1] = c11; cr[2] = c12; cr[3] = c13;
            }
            {
                T* cr = c + 2 * ldc;
                cr[0] = c20; cr[1] = c21; cr[2] = c22; cr[3] = c23;
            }
            {
                T* cr = c + 3 * ldc;
                cr[0] = c30; cr[1] = c31; cr[2] = c32; cr[3] = c33;
            }
        }
    }
}
