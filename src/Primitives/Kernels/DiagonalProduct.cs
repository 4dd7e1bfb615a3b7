using System;
using System.Runtime.CompilerServices;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Functional.AD;

/// <summary>
/// Matrix products where one factor is diagonal, done as row or column scaling (O(n²) instead of O(n³)).
/// Jacobians push identity or diagonal matrices of basis vectors through linear maps (A·I in forward mode,
/// diag(s)·A in reverse mode), so this turns their matrix products into scalings. Diagonality is checked
/// in place and the check stops at the first non-zero off-diagonal element, so a dense matrix costs one or
/// two reads. The shortcut is taken only when the other factor is finite, where it equals the full product
/// exactly (a GEMM would turn 0·∞ off the diagonal into NaN).
/// </summary>
internal static class DiagonalProduct
{
    private const int MinSize = 8;

    /// <summary>
    /// C[b] = A[b]·B[b] (each m×k times k×n, strided) when A is square and diagonal or B is; returns false
    /// otherwise, having perhaps written part of C (the caller then computes the full product into it).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static bool TryMultiply<T>(
        ReadOnlySpan<T> a, int aBatchStride, int aRowStride, int aColStride,
        ReadOnlySpan<T> b, int bBatchStride, int bRowStride, int bColStride,
        Span<T> c, int batch, int m, int n, int k) where T : unmanaged, INumber<T>
    {
        if (k < MinSize) return false;
        if (m == k && IsDiagonal(a, aBatchStride, aRowStride, aColStride, batch, m))
        {
            if (bColStride == 1)
            {
                // Rows of B are contiguous: scale each into C in one pass that also checks it is finite.
                if (ScaleRows(a, aBatchStride, aRowStride + aColStride, b, bBatchStride, bRowStride, c, batch, m, n)) return true;
            }
            else if (AllFinite(b, bBatchStride, bRowStride, bColStride, batch, k, n))
            {
                // C[b, i, :] = A[b, i, i] · B[b, i, :]
                for (int bi = 0; bi < batch; bi++)
                {
                    var block = c.Slice(bi * m * n, m * n);
                    CopyMatrix(b, bi * bBatchStride, bRowStride, bColStride, block, k, n);
                    for (int i = 0; i < m; i++)
                    {
                        var row = block.Slice(i * n, n);
                        ArithmeticKernels.RightScalar<ArithmeticKernels.MultiplyOp<T>, T>(row, a[bi * aBatchStride + i * (aRowStride + aColStride)], row);
                    }
                }
                return true;
            }
        }
        if (k == n && IsDiagonal(b, bBatchStride, bRowStride, bColStride, batch, n))
        {
            if (aColStride == 1)
            {
                // Rows of A are contiguous: multiply each by the diagonal into C in one pass that also checks it is finite.
                return MultiplyColumns(a, aBatchStride, aRowStride, b, bBatchStride, bRowStride + bColStride, c, batch, m, n);
            }
            if (AllFinite(a, aBatchStride, aRowStride, aColStride, batch, m, k))
            {
                // C[b, :, j] = A[b, :, j] · B[b, j, j]
                var diagonal = new T[n];
                for (int bi = 0; bi < batch; bi++)
                {
                    for (int j = 0; j < n; j++) diagonal[j] = b[bi * bBatchStride + j * (bRowStride + bColStride)];
                    var block = c.Slice(bi * m * n, m * n);
                    CopyMatrix(a, bi * aBatchStride, aRowStride, aColStride, block, m, n);
                    for (int i = 0; i < m; i++)
                    {
                        var row = block.Slice(i * n, n);
                        ArithmeticKernels.Binary<ArithmeticKernels.MultiplyOp<T>, T>(row, diagonal, row);
                    }
                }
                return true;
            }
        }
        return false;
    }

    /// <summary>C[b, i, :] = A[b, i, i] · B[b, i, :] for a diagonal A and B with contiguous rows; false when B holds a non-finite value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool ScaleRows<T>(ReadOnlySpan<T> a, int aBatchStride, int aDiagonalStride, ReadOnlySpan<T> b, int bBatchStride, int bRowStride,
        Span<T> c, int batch, int m, int n) where T : unmanaged, INumber<T>
    {
        for (int bi = 0; bi < batch; bi++)
            for (int i = 0; i < m; i++)
                if (!MultiplyFinite(b.Slice(bi * bBatchStride + i * bRowStride, n), a.Slice(bi * aBatchStride + i * aDiagonalStride, 1),
                        uniform: true, c.Slice((bi * m + i) * n, n)))
                    return false;
        return true;
    }

    /// <summary>C[b, :, j] = A[b, :, j] · B[b, j, j] for a diagonal B and A with contiguous rows; false when A holds a non-finite value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool MultiplyColumns<T>(ReadOnlySpan<T> a, int aBatchStride, int aRowStride, ReadOnlySpan<T> b, int bBatchStride, int bDiagonalStride,
        Span<T> c, int batch, int m, int n) where T : unmanaged, INumber<T>
    {
        var diagonal = new T[n];
        for (int bi = 0; bi < batch; bi++)
        {
            for (int j = 0; j < n; j++) diagonal[j] = b[bi * bBatchStride + j * bDiagonalStride];
            for (int i = 0; i < m; i++)
                if (!MultiplyFinite(a.Slice(bi * aBatchStride + i * aRowStride, n), diagonal, uniform: false, c.Slice((bi * m + i) * n, n)))
                    return false;
        }
        return true;
    }

    /// <summary>
    /// c = x · d element by element, or c = x · d[0] when <paramref name="uniform"/>; false when some element of x is
    /// not finite (c is then partly written).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool MultiplyFinite<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> d, bool uniform, Span<T> c) where T : unmanaged, INumber<T>
    {
        // x - x is zero for a finite x and NaN for an infinite or NaN one; the sum of those stays zero only if all are finite.
        int i = 0;
        ref T xs = ref MemoryMarshal.GetReference(x);
        ref T ds = ref MemoryMarshal.GetReference(d);
        ref T cs = ref MemoryMarshal.GetReference(c);
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported && x.Length >= Vector512<T>.Count)
        {
            var scale = Vector512.Create(ds);
            var check = Vector512<T>.Zero;
            for (; i <= x.Length - Vector512<T>.Count; i += Vector512<T>.Count)
            {
                var v = Vector512.LoadUnsafe(ref xs, (nuint)i);
                check += v - v;
                (v * (uniform ? scale : Vector512.LoadUnsafe(ref ds, (nuint)i))).StoreUnsafe(ref cs, (nuint)i);
            }
            if (!Vector512.EqualsAll(check, Vector512<T>.Zero)) return false;
        }
        if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported && x.Length - i >= Vector256<T>.Count)
        {
            var scale = Vector256.Create(ds);
            var check = Vector256<T>.Zero;
            for (; i <= x.Length - Vector256<T>.Count; i += Vector256<T>.Count)
            {
                var v = Vector256.LoadUnsafe(ref xs, (nuint)i);
                check += v - v;
                (v * (uniform ? scale : Vector256.LoadUnsafe(ref ds, (nuint)i))).StoreUnsafe(ref cs, (nuint)i);
            }
            if (!Vector256.EqualsAll(check, Vector256<T>.Zero)) return false;
        }
        for (; i < x.Length; i++)
        {
            if (!T.IsFinite(x[i])) return false;
            c[i] = x[i] * (uniform ? ds : d[i]);
        }
        return true;
    }

    /// <summary>Copies a strided rows×cols matrix into a contiguous block (tiled when it is transposed).</summary>
    private static void CopyMatrix<T>(ReadOnlySpan<T> x, int offset, int rowStride, int colStride, Span<T> block, int rows, int cols)
    {
        Span<int> src = stackalloc int[] { rowStride, colStride };
        Span<int> dst = stackalloc int[] { cols, 1 };
        Span<int> shape = stackalloc int[] { rows, cols };
        StridedCopy.Copy(x, offset, src, block, 0, dst, shape);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool IsDiagonal<T>(ReadOnlySpan<T> x, int batchStride, int rowStride, int colStride, int batch, int size)
        where T : unmanaged, INumber<T>
    {
        // A square matrix is diagonal when every row, or equally every column, is zero off the diagonal: walk
        // whichever lines are contiguous, with vector compares.
        int lineStride = colStride == 1 ? rowStride : rowStride == 1 ? colStride : 0;
        for (int bi = 0; bi < batch; bi++)
            for (int i = 0; i < size; i++)
            {
                if (lineStride != 0)
                {
                    var line = x.Slice(bi * batchStride + i * lineStride, size);
                    if (!AllZero(line[..i]) || !AllZero(line[(i + 1)..])) return false;
                    continue;
                }
                int rowStart = bi * batchStride + i * rowStride;
                for (int j = 0; j < size; j++)
                    if (j != i && !T.IsZero(x[rowStart + j * colStride])) return false;
            }
        return true;
    }

    /// <summary>Whether every element compares equal to zero (so -0 counts as zero and NaN does not).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool AllZero<T>(ReadOnlySpan<T> x) where T : unmanaged, INumber<T>
    {
        int i = 0;
        ref T start = ref MemoryMarshal.GetReference(x);
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported)
            for (; i <= x.Length - Vector512<T>.Count; i += Vector512<T>.Count)
                if (!Vector512.EqualsAll(Vector512.LoadUnsafe(ref start, (nuint)i), Vector512<T>.Zero)) return false;
        if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
            for (; i <= x.Length - Vector256<T>.Count; i += Vector256<T>.Count)
                if (!Vector256.EqualsAll(Vector256.LoadUnsafe(ref start, (nuint)i), Vector256<T>.Zero)) return false;
        for (; i < x.Length; i++)
            if (!T.IsZero(x[i])) return false;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool AllFinite<T>(ReadOnlySpan<T> x, int batchStride, int rowStride, int colStride, int batch, int rows, int cols)
        where T : unmanaged, INumber<T>
    {
        // An operand that covers its whole buffer is checked in one contiguous pass, whatever its strides.
        if (x.Length == batch * rows * cols) return TensorPrimitives.IsFiniteAll(x);
        for (int bi = 0; bi < batch; bi++)
            for (int i = 0; i < rows; i++)
            {
                int start = bi * batchStride + i * rowStride;
                if (colStride == 1)
                {
                    if (!TensorPrimitives.IsFiniteAll(x.Slice(start, cols))) return false;
                }
                else
                    for (int j = 0; j < cols; j++)
                        if (!T.IsFinite(x[start + j * colStride])) return false;
            }
        return true;
    }
}
