using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Functional.AD;

// Packing of A blocks and B panels into the micro-panel layout the micro-kernels read: contiguous runs,
// transposed lines (with AVX 8 x 8, 4 x 8 and 4 x 4 transposes), and the general strided case with zero padding.
internal static partial class Gemm
{
    /// <summary>
    /// Packs an <c>mc x kc</c> block of A into micro-panels of <c>MR</c> rows: panel <c>q</c> holds
    /// <c>A(q*MR + r, p)</c> at <c>dst[q*MR*kc + p*MR + r]</c>; rows past <paramref name="mc"/> are zero.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void PackA<T, TKernel>(T* a, nint rowStride, nint colStride, int mc, int kc, T* dst)
        where T : unmanaged, INumber<T>
        where TKernel : IMicroKernel<T>
        => PackPanels(a, rowStride, colStride, mc, TKernel.MR, kc, dst);

    /// <summary>
    /// Packs a <c>kc x nc</c> panel of B into micro-panels of <c>NR</c> columns: panel <c>q</c> holds
    /// <c>B(p, q*NR + j)</c> at <c>dst[q*NR*kc + p*NR + j]</c>; columns past <paramref name="nc"/> are zero.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void PackB<T, TKernel>(T* b, nint rowStride, nint colStride, int kc, int nc, T* dst)
        where T : unmanaged, INumber<T>
        where TKernel : IMicroKernel<T>
        => PackPanels(b, colStride, rowStride, nc, TKernel.NR, kc, dst);

    /// <summary>
    /// Packs <paramref name="count"/> lines (rows of A, or columns of B) into micro-panels of <paramref name="width"/>
    /// lines, each line <paramref name="kc"/> steps long: panel <c>q</c> holds step <c>p</c> of line <c>q*width + j</c>
    /// at <c>dst[q*width*kc + p*width + j]</c>; lines past <paramref name="count"/> are zero. Full panels whose lines sit
    /// side by side (unit line stride) are copied as contiguous runs, those whose lines are contiguous (unit step
    /// stride) are transposed, the rest go element by element.
    /// </summary>
    /// <param name="src">The first element of the first line.</param>
    /// <param name="lineStride">Element stride between consecutive lines.</param>
    /// <param name="stepStride">Element stride between consecutive steps of a line.</param>
    /// <param name="count">Number of lines.</param>
    /// <param name="width">Lines per micro-panel (the kernel's <c>MR</c> or <c>NR</c>, a JIT-time constant after inlining).</param>
    /// <param name="kc">Steps per line.</param>
    /// <param name="dst">The packed destination.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void PackPanels<T>(T* src, nint lineStride, nint stepStride, int count, int width, int kc, T* dst)
        where T : unmanaged, INumber<T>
    {
        for (int first = 0; first < count; first += width)
        {
            int lines = Math.Min(width, count - first);
            T* s = src + (first * lineStride);
            if (lines == width && lineStride == 1)
            {
                // The panel's lines side by side (row-major B, column-major A): each step is one contiguous run.
                PackRuns(s, stepStride, width, kc, dst);
            }
            else if (lines == width && stepStride == 1)
            {
                // Each line contiguous (row-major A, column-major B): a transpose of the panel.
                PackTransposed(s, lineStride, width, kc, dst);
            }
            else
            {
                PackStrided(s, lineStride, stepStride, lines, width, kc, dst);
            }

            dst += (nint)width * kc;
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
        if (Vector512.IsHardwareAccelerated && (bytes & 63) == 0)
        {
            byte* d = (byte*)dst;
            for (int p = 0; p < kc; p++)
            {
                byte* s = (byte*)(src + (p * stride));
                for (int off = 0; off < bytes; off += 64)
                {
                    Vector512.Store(Vector512.Load(s + off), d + off);
                }

                d += bytes;
            }

            return;
        }

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
                    int lines = Math.Min(8, width - j);
                    if (lines == 4)
                    {
                        // The last four lines of a 12-line panel: half the shuffles of a padded 8 x 8.
                        TransposeStore4x8((float*)(src + (j * lineStride) + p), lineStride, (float*)(dst + ((nint)p * width) + j), width);
                    }
                    else
                    {
                        TransposeStore8x8((float*)(src + (j * lineStride) + p), lineStride, lines, (float*)(dst + ((nint)p * width) + j), width);
                    }
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

    /// <summary>
    /// Transposes 4 lines of 8 consecutive floats (line stride <paramref name="lineStride"/>) and stores line element
    /// <c>p</c> of line <c>j</c> at <c>dst[p*dstStride + j]</c>: eight stores of four floats.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void TransposeStore4x8(float* src, nint lineStride, float* dst, nint dstStride)
    {
        Vector256<float> r0 = Avx.LoadVector256(src);
        Vector256<float> r1 = Avx.LoadVector256(src + lineStride);
        Vector256<float> r2 = Avx.LoadVector256(src + (2 * lineStride));
        Vector256<float> r3 = Avx.LoadVector256(src + (3 * lineStride));
        Vector256<float> t0 = Avx.UnpackLow(r0, r1);    // r0[0] r1[0] r0[1] r1[1] | r0[4] r1[4] r0[5] r1[5]
        Vector256<float> t1 = Avx.UnpackHigh(r0, r1);   // r0[2] r1[2] r0[3] r1[3] | r0[6] r1[6] r0[7] r1[7]
        Vector256<float> t2 = Avx.UnpackLow(r2, r3);
        Vector256<float> t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44); // step 0 | step 4
        Vector256<float> u1 = Avx.Shuffle(t0, t2, 0xEE); // step 1 | step 5
        Vector256<float> u2 = Avx.Shuffle(t1, t3, 0x44); // step 2 | step 6
        Vector256<float> u3 = Avx.Shuffle(t1, t3, 0xEE); // step 3 | step 7
        u0.GetLower().Store(dst);
        u1.GetLower().Store(dst + dstStride);
        u2.GetLower().Store(dst + (2 * dstStride));
        u3.GetLower().Store(dst + (3 * dstStride));
        u0.GetUpper().Store(dst + (4 * dstStride));
        u1.GetUpper().Store(dst + (5 * dstStride));
        u2.GetUpper().Store(dst + (6 * dstStride));
        u3.GetUpper().Store(dst + (7 * dstStride));
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
}
