using System;
using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Functional.AD;

// The direct path for small and matrix-vector shaped products: register-tiled loops at the widest vector width that
// fits a row of C, straight on the operands, without packing, each element of C written once.
internal static partial class Gemm
{
    /// <summary>
    /// Computes <c>C = A * B</c> with direct loops and no packing. Used for small products and for the
    /// memory-bound matrix-vector shapes (<c>m == 1</c> or <c>n == 1</c>). Correct for any shape; the caller
    /// guarantees that <paramref name="m"/>, <paramref name="n"/>, <paramref name="k"/> are positive and that the
    /// pointers cover the operands (as validated by the public <c>Multiply</c> overloads).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

        // The widest vectors that fit in a row of C (Vector<T> is 256 bits even where 512-bit vectors run at full speed).
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported && n >= Vector512<T>.Count)
            MultiplyDirectTiled<T, Vector512<T>, Kernel512<T>.Lanes>(a, aRowStride, aColStride, b, bRowStride, bColStride, c, cRowStride, m, n, k);
        else if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported && n >= Vector256<T>.Count)
            MultiplyDirectTiled<T, Vector256<T>, Kernel256<T>.Lanes>(a, aRowStride, aColStride, b, bRowStride, bColStride, c, cRowStride, m, n, k);
        else if (Vector128.IsHardwareAccelerated && Vector128<T>.IsSupported && n >= Vector128<T>.Count)
            MultiplyDirectTiled<T, Vector128<T>, Kernel128<T>.Lanes>(a, aRowStride, aColStride, b, bRowStride, bColStride, c, cRowStride, m, n, k);
        else
            MultiplyDirectByDots(a, aRowStride, aColStride, b, bRowStride, bColStride, c, cRowStride, m, n, k);
    }

    /// <summary>
    /// No SIMD, or C rows shorter than a vector: one dot product per element of C (vectorised along k when both A rows
    /// and B columns are contiguous).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void MultiplyDirectByDots<T>(
        T* a, nint aRowStride, nint aColStride,
        T* b, nint bRowStride, nint bColStride,
        T* c, nint cRowStride, int m, int n, int k)
        where T : unmanaged, INumber<T>
    {
        for (int i = 0; i < m; i++)
        {
            T* ai = a + (i * aRowStride);
            T* ci = c + (i * cRowStride);
            for (int j = 0; j < n; j++)
            {
                ci[j] = Dot(ai, aColStride, b + (j * bColStride), bRowStride, k);
            }
        }
    }

    /// <summary>
    /// The register-tiled direct loops for C rows of at least one <typeparamref name="TV"/> (n ≥ TW.Count): vectors run
    /// along rows of C, four rows at a time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void MultiplyDirectTiled<T, TV, TW>(
        T* a, nint aRowStride, nint aColStride,
        T* b, nint bRowStride, nint bColStride,
        T* c, nint cRowStride, int m, int n, int k)
        where T : unmanaged, INumber<T>
        where TV : struct
        where TW : struct, ITileVector<TV, T>
    {
        int vc = TW.Count;
        if (bColStride != 1 && m > 1)
        {
            // B is not row-contiguous (e.g. transposed): copy it to a row-major temporary so that the
            // register-tiled loops below apply. This costs k * n moves against m * n * k multiply-adds.
            T[] bArray = ArrayPool<T>.Shared.Rent(k * n);
            try
            {
                fixed (T* bRowMajor = bArray)
                {
                    CopyToRowMajor(b, bRowStride, bColStride, bRowMajor, k, n);
                    MultiplyDirectTiled<T, TV, TW>(a, aRowStride, aColStride, bRowMajor, n, 1, c, cRowStride, m, n, k);
                }
            }
            finally
            {
                ArrayPool<T>.Shared.Return(bArray);
            }

            return;
        }

        if (bColStride != 1)
        {
            // A single row of C against a non-row-contiguous B: one dot product per element.
            MultiplyDirectByDots(a, aRowStride, aColStride, b, bRowStride, bColStride, c, cRowStride, m, n, k);
            return;
        }

        // Row-contiguous B: the last, partial vector of a row is handled by recomputing an overlapping full vector that
        // ends at column n (C is overwritten, so this is harmless).
        int row = 0;
        for (; row + 4 <= m; row += 4)
        {
            T* ai = a + (row * aRowStride);
            T* ci = c + (row * cRowStride);
            int j = 0;
            for (; j <= n - (2 * vc); j += 2 * vc)
            {
                DirectTile<T, TV, TW, TwoVectors>(ai, aRowStride, aColStride, b + j, bRowStride, ci + j, cRowStride, k);
            }

            for (; j < n; j += vc)
            {
                int jj = Math.Min(j, n - vc);
                DirectTile<T, TV, TW, OneVector>(ai, aRowStride, aColStride, b + jj, bRowStride, ci + jj, cRowStride, k);
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
                TV s0 = default, s1 = default, s2 = default, s3 = default;
                T* ap = ai;
                T* bp = b + j;
                for (int p = 0; p < k; p++)
                {
                    TV av = TW.Splat(*ap);
                    s0 = TW.MulAdd(av, TW.Load(bp), s0);
                    s1 = TW.MulAdd(av, TW.Load(bp + vc), s1);
                    s2 = TW.MulAdd(av, TW.Load(bp + (2 * vc)), s2);
                    s3 = TW.MulAdd(av, TW.Load(bp + (3 * vc)), s3);
                    ap += aColStride;
                    bp += bRowStride;
                }

                TW.Store(s0, ci + j);
                TW.Store(s1, ci + j + vc);
                TW.Store(s2, ci + j + (2 * vc));
                TW.Store(s3, ci + j + (3 * vc));
            }

            for (; j < n; j += vc)
            {
                int jj = Math.Min(j, n - vc);
                TV s0 = default, s1 = default;
                T* ap = ai;
                T* bp = b + jj;
                int p = 0;
                for (; p + 2 <= k; p += 2)
                {
                    s0 = TW.MulAdd(TW.Splat(*ap), TW.Load(bp), s0);
                    s1 = TW.MulAdd(TW.Splat(ap[aColStride]), TW.Load(bp + bRowStride), s1);
                    ap += 2 * aColStride;
                    bp += 2 * bRowStride;
                }

                if (p < k)
                {
                    s0 = TW.MulAdd(TW.Splat(*ap), TW.Load(bp), s0);
                }

                TW.Store(TW.Add(s0, s1), ci + jj);
            }
        }
    }

    /// <summary>
    /// dst[p·n + j] = b[p·bRowStride + j·bColStride] for a k×n B. A transposed B (bRowStride 1, as in the A·Bᵀ of
    /// a dense layer's input gradient) is copied in 8×8 register transposes; the edges and other layouts element by
    /// element.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void CopyToRowMajor<T>(T* b, nint bRowStride, nint bColStride, T* dst, int k, int n) where T : unmanaged
    {
        const int Tile = 8;
        int tiledRows = 0, tiledColumns = 0;
        if (bRowStride == 1 && bColStride <= int.MaxValue / Tile && k >= Tile && n >= Tile
            && TransposeBlocks.TryTile(ref *b, 0, (int)bColStride, ref *dst, 0, n, Tile))
        {
            tiledRows = k - (k % Tile);
            tiledColumns = n - (n % Tile);
            for (int p = 0; p < tiledRows; p += Tile)
                for (int j = p == 0 ? Tile : 0; j < tiledColumns; j += Tile)
                    TransposeBlocks.TryTile(ref *(b + p + (j * bColStride)), 0, (int)bColStride, ref *(dst + ((nint)p * n) + j), 0, n, Tile);
        }
        for (int p = 0; p < k; p++)
        {
            T* src = b + (p * bRowStride);
            T* row = dst + ((nint)p * n);
            for (int j = p < tiledRows ? tiledColumns : 0; j < n; j++) row[j] = src[j * bColStride];
        }
    }

    /// <summary>
    /// Direct-path tile: four rows of C by one or two vectors of columns (<typeparamref name="TWidth"/>), the sums
    /// held in four or eight registers.
    /// </summary>
    /// <remarks>Not inlined on purpose: a small method of its own keeps every pointer in a register.</remarks>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static unsafe void DirectTile<T, TV, TW, TWidth>(T* a, nint aRowStride, nint aColStride, T* b, nint bRowStride, T* c, nint cRowStride, int k)
        where T : unmanaged, INumber<T>
        where TV : struct
        where TW : struct, ITileVector<TV, T>
        where TWidth : struct, ITileWidth
    {
        int vc = TW.Count;
        TV c00 = default, c01 = default, c10 = default, c11 = default;
        TV c20 = default, c21 = default, c30 = default, c31 = default;
        T* a1 = a + aRowStride;
        T* a2 = a1 + aRowStride;
        T* a3 = a2 + aRowStride;
        for (int p = 0; p < k; p++)
        {
            TV b0 = TW.Load(b);
            TV b1 = TWidth.TwoVectors ? TW.Load(b + vc) : default;
            DirectRowStep<T, TV, TW, TWidth>(*a, b0, b1, ref c00, ref c01);
            DirectRowStep<T, TV, TW, TWidth>(*a1, b0, b1, ref c10, ref c11);
            DirectRowStep<T, TV, TW, TWidth>(*a2, b0, b1, ref c20, ref c21);
            DirectRowStep<T, TV, TW, TWidth>(*a3, b0, b1, ref c30, ref c31);
            a += aColStride;
            a1 += aColStride;
            a2 += aColStride;
            a3 += aColStride;
            b += bRowStride;
        }

        DirectRowStore<T, TV, TW, TWidth>(c, vc, c00, c01);
        DirectRowStore<T, TV, TW, TWidth>(c + cRowStride, vc, c10, c11);
        DirectRowStore<T, TV, TW, TWidth>(c + (2 * cRowStride), vc, c20, c21);
        DirectRowStore<T, TV, TW, TWidth>(c + (3 * cRowStride), vc, c30, c31);
    }

    /// <summary>One step of the shared dimension for one row of a direct-path tile: <c>(c0, c1) += a * (b0, b1)</c>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <typeparam name="TV">The vector type.</typeparam>
    /// <typeparam name="TW">The width's vector operations.</typeparam>
    /// <typeparam name="TWidth">One or two vectors of columns (with one, <paramref name="b1"/> and <paramref name="c1"/> are not used).</typeparam>
    /// <param name="a">The row's A value of this step.</param>
    /// <param name="b0">The first vector of this step's B row.</param>
    /// <param name="b1">The second vector of this step's B row.</param>
    /// <param name="c0">The row's first accumulator.</param>
    /// <param name="c1">The row's second accumulator.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void DirectRowStep<T, TV, TW, TWidth>(T a, TV b0, TV b1, ref TV c0, ref TV c1)
        where T : unmanaged, INumber<T>
        where TV : struct
        where TW : struct, ITileVector<TV, T>
        where TWidth : struct, ITileWidth
    {
        TV x = TW.Splat(a);
        c0 = TW.MulAdd(x, b0, c0);
        if (TWidth.TwoVectors)
        {
            c1 = TW.MulAdd(x, b1, c1);
        }
    }

    /// <summary>Stores one row of a direct-path tile.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <typeparam name="TV">The vector type.</typeparam>
    /// <typeparam name="TW">The width's vector operations.</typeparam>
    /// <typeparam name="TWidth">One or two vectors of columns.</typeparam>
    /// <param name="row">The first element of the row of C.</param>
    /// <param name="vc">Elements per vector.</param>
    /// <param name="c0">The first vector.</param>
    /// <param name="c1">The second vector (stored only with two).</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void DirectRowStore<T, TV, TW, TWidth>(T* row, int vc, TV c0, TV c1)
        where T : unmanaged, INumber<T>
        where TV : struct
        where TW : struct, ITileVector<TV, T>
        where TWidth : struct, ITileWidth
    {
        TW.Store(c0, row);
        if (TWidth.TwoVectors)
        {
            TW.Store(c1, row + vc);
        }
    }

    /// <summary>How many vectors of columns a direct-path tile spans (a JIT-time constant of each instantiation).</summary>
    private interface ITileWidth
    {
        /// <summary>Gets a value indicating whether the tile spans two vectors of columns (else one).</summary>
        static abstract bool TwoVectors { get; }
    }

    /// <summary>A direct-path tile one vector wide.</summary>
    private readonly struct OneVector : ITileWidth
    {
        /// <inheritdoc/>
        static bool ITileWidth.TwoVectors => false;
    }

    /// <summary>A direct-path tile two vectors wide.</summary>
    private readonly struct TwoVectors : ITileWidth
    {
        /// <inheritdoc/>
        static bool ITileWidth.TwoVectors => true;
    }

    /// <summary>Strided dot product <c>sum_p x[p * incX] * y[p * incY]</c>, vectorised when both strides are 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
}
