using System;
using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Functional.AD;

// The entry points: the Multiply overloads, operand validation, the choice between the direct and the blocked
// path (and of the micro-kernel and thread count), and the small helpers the paths share (block depth, packed
// buffers and their alignment). The paths, packing, threading and micro-kernels are in the other Gemm.*.cs files.

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
/// micro-panels of <c>MR</c> rows, or read in place when A is row-major and the 512- or 256-bit kernel runs, see
/// <c>ReadsAInPlace</c>); and the macro-kernel's <c>jr</c> / <c>ir</c> loops, which hand one
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
/// Large products run on up to <see cref="Parallelism.MaxThreads"/> threads of the one <see cref="WorkerPool"/>
/// (Gemm.Threading.cs): each thread computes one block of rows or of columns of C (whichever cut costs the busiest
/// thread less, counting whole tiles and packing), packing its own panels, except that a single panel of B too large
/// for a core's L2 is packed once by all the threads together and shared.
/// </para>
/// <para>
/// Operands must not overlap C. Strides must be non-negative. Results are not bitwise identical across the
/// small and blocked paths or across machines (summation order and fused multiply-add use differ).
/// </para>
/// </remarks>
internal static partial class Gemm
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
                ArithmeticKernels.RightScalar<ArithmeticKernels.MultiplyOp<T>, T>(row, a[i * aRowStride], c.Slice(i * cRowStride, n));
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    /// <summary>Rents a buffer for a packed operand: <paramref name="elements"/> elements plus room to align its start (see <see cref="Align{T}"/>).</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="elements">The elements the packed operand needs.</param>
    /// <returns>An array from <see cref="ArrayPool{T}.Shared"/>, to give back with <see cref="ReturnPacked{T}"/>.</returns>
    private static T[] RentPacked<T>(int elements)
        where T : unmanaged
        => ArrayPool<T>.Shared.Rent(elements + (BufferAlignment / Unsafe.SizeOf<T>()));

    /// <summary>Gives back a buffer taken with <see cref="RentPacked{T}"/>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="buffer">The buffer.</param>
    private static void ReturnPacked<T>(T[] buffer) => ArrayPool<T>.Shared.Return(buffer);
}
