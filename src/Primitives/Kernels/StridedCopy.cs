using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Functional.AD;

/// <summary>
/// Copies an n-d block between buffers with arbitrary element strides on both sides. One kernel
/// serves transpose (permuted source strides), broadcast_in_dim (zero source strides), slice (offset
/// and strided source), pad and concatenate (offset and strided destination). Adjacent axes that are
/// contiguous on both sides are merged, and the innermost run is a span copy or fill where possible.
/// </summary>
internal static class StridedCopy
{
    /// <summary>dst[dstOffset + Σ i_k dstStrides_k] = src[srcOffset + Σ i_k srcStrides_k] for every index i of <paramref name="shape"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Copy<T>(ReadOnlySpan<T> src, int srcOffset, ReadOnlySpan<int> srcStrides,
        Span<T> dst, int dstOffset, ReadOnlySpan<int> dstStrides, ReadOnlySpan<int> shape)
    {
        int rank = shape.Length;
        for (int i = 0; i < rank; i++) if (shape[i] == 0) return;
        // Drop size-1 axes and merge axes that are contiguous in both buffers.
        Span<int> dims = stackalloc int[Math.Max(rank, 1)];
        Span<int> ss = stackalloc int[Math.Max(rank, 1)];
        Span<int> ds = stackalloc int[Math.Max(rank, 1)];
        int n = 0;
        for (int i = 0; i < rank; i++)
        {
            if (shape[i] == 1) continue;
            // In long: a stepped slice's stride times its size may pass int (by less than one step) and must not wrap into a match.
            if (n > 0 && ss[n - 1] == (long)srcStrides[i] * shape[i] && ds[n - 1] == (long)dstStrides[i] * shape[i])
            {
                dims[n - 1] *= shape[i];
                ss[n - 1] = srcStrides[i];
                ds[n - 1] = dstStrides[i];
                continue;
            }
            dims[n] = shape[i];
            ss[n] = srcStrides[i];
            ds[n] = dstStrides[i];
            n++;
        }
        if (n == 0)
        {
            dst[dstOffset] = src[srcOffset];
            return;
        }
        int inner = dims[n - 1], innerSrc = ss[n - 1], innerDst = ds[n - 1];
        if (innerDst == 1 && innerSrc != 1 && innerSrc != 0)
        {
            // A transpose: the destination's contiguous axis is strided in the source. If another axis is
            // contiguous in the source, copy in square tiles so both sides stay in cache.
            for (int k = n - 2; k >= 0; k--)
                if (ss[k] == 1)
                {
                    CopyTiled(src, srcOffset, dst, dstOffset, dims[..n], ss[..n], ds[..n], k);
                    return;
                }
        }
        int outer = n - 1;
        Span<int> index = stackalloc int[Math.Max(outer, 1)];
        index.Clear();
        int si = srcOffset, di = dstOffset;
        while (true)
        {
            if (innerDst == 1)
            {
                if (innerSrc == 1) src.Slice(si, inner).CopyTo(dst.Slice(di, inner));
                else if (innerSrc == 0) Fill(dst.Slice(di, inner), src[si]);
                else for (int j = 0, s = si; j < inner; j++, s += innerSrc) dst[di + j] = src[s];
            }
            else
            {
                for (int j = 0, s = si, d = di; j < inner; j++, s += innerSrc, d += innerDst) dst[d] = src[s];
            }
            // advance the odometer over the outer axes
            int k = outer - 1;
            while (k >= 0)
            {
                index[k]++;
                si += ss[k];
                di += ds[k];
                if (index[k] < dims[k]) break;
                si -= ss[k] * dims[k];
                di -= ds[k] * dims[k];
                index[k] = 0;
                k--;
            }
            if (k < 0) break;
        }
    }

    /// <summary>
    /// Copies with the last axis (contiguous in the destination) and axis <paramref name="k"/> (contiguous in the
    /// source) walked in tiles; the remaining axes are walked by an odometer.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CopyTiled<T>(ReadOnlySpan<T> src, int srcOffset, Span<T> dst, int dstOffset,
        ReadOnlySpan<int> dims, ReadOnlySpan<int> ss, ReadOnlySpan<int> ds, int k)
    {
        // Each tile is read along the source's contiguous axis into a small local buffer and written out
        // along the destination's contiguous axis, so neither side is walked with a large stride (power-of-two
        // strides would otherwise map every element of a column to the same cache set).
        const int Tile = 32;
        int n = dims.Length;
        int rows = dims[k], cols = dims[n - 1];
        int srcColStride = ss[n - 1], dstRowStride = ds[k];
        var tile = new T[Tile * Tile];
        ref T t0 = ref tile[0];
        ref T s0 = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(src);
        ref T d0 = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(dst);
        Span<int> index = stackalloc int[n];
        index.Clear();
        int si = srcOffset, di = dstOffset;
        while (true)
        {
            for (int r0 = 0; r0 < rows; r0 += Tile)
            {
                int h = Math.Min(Tile, rows - r0);
                for (int c0 = 0; c0 < cols; c0 += Tile)
                {
                    int w = Math.Min(Tile, cols - c0);
                    if (h == Tile && w == Tile && TransposeBlocks.TryTile(ref s0, si + c0 * srcColStride + r0, srcColStride,
                            ref d0, di + r0 * dstRowStride + c0, dstRowStride, Tile))
                        continue;
                    for (int c = 0; c < w; c++)
                    {
                        ref T from = ref System.Runtime.CompilerServices.Unsafe.Add(ref s0, si + (c0 + c) * srcColStride + r0);
                        ref T to = ref System.Runtime.CompilerServices.Unsafe.Add(ref t0, c * Tile);
                        for (int r = 0; r < h; r++)
                            System.Runtime.CompilerServices.Unsafe.Add(ref to, r) = System.Runtime.CompilerServices.Unsafe.Add(ref from, r);
                    }
                    for (int r = 0; r < h; r++)
                    {
                        ref T row = ref System.Runtime.CompilerServices.Unsafe.Add(ref d0, di + (r0 + r) * dstRowStride + c0);
                        ref T col = ref System.Runtime.CompilerServices.Unsafe.Add(ref t0, r);
                        for (int c = 0; c < w; c++)
                            System.Runtime.CompilerServices.Unsafe.Add(ref row, c) = System.Runtime.CompilerServices.Unsafe.Add(ref col, c * Tile);
                    }
                }
            }
            // advance the odometer over the other axes
            int a = n - 2;
            while (a >= 0)
            {
                if (a == k) { a--; continue; }
                index[a]++;
                si += ss[a];
                di += ds[a];
                if (index[a] < dims[a]) break;
                si -= ss[a] * dims[a];
                di -= ds[a] * dims[a];
                index[a] = 0;
                a--;
            }
            if (a < 0) break;
        }
    }

    /// <summary>
    /// Sets every element of <paramref name="dst"/> to <paramref name="value"/> with full-width vector stores (Span.Fill
    /// ran several times slower than a copy here for the short runs of a broadcast along a leading axis).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Fill<T>(Span<T> dst, T value)
    {
        int i = 0;
        ref T d = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(dst);
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported && dst.Length >= Vector512<T>.Count)
        {
            var v = Vector512.Create(value);
            for (; i <= dst.Length - Vector512<T>.Count; i += Vector512<T>.Count) v.StoreUnsafe(ref d, (nuint)i);
            if (i < dst.Length) v.StoreUnsafe(ref d, (nuint)(dst.Length - Vector512<T>.Count));
            return;
        }
        if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported && dst.Length >= Vector256<T>.Count)
        {
            var v = Vector256.Create(value);
            for (; i <= dst.Length - Vector256<T>.Count; i += Vector256<T>.Count) v.StoreUnsafe(ref d, (nuint)i);
            if (i < dst.Length) v.StoreUnsafe(ref d, (nuint)(dst.Length - Vector256<T>.Count));
            return;
        }
        dst.Fill(value);
    }

    /// <summary>Row-major strides of <paramref name="shape"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int[] RowMajorStrides(ReadOnlySpan<int> shape)
    {
        var strides = new int[shape.Length];
        int s = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            strides[i] = s;
            s *= shape[i];
        }
        return strides;
    }

    /// <summary>Dispatches <see cref="Copy{T}"/> on the dtype of two concrete buffers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void CopyArray(ConcreteArray src, int srcOffset, ReadOnlySpan<int> srcStrides,
        Array dst, int dstOffset, ReadOnlySpan<int> dstStrides, ReadOnlySpan<int> shape)
    {
        // srcOffset is relative to the array's first element.
        switch (dst)
        {
            case double[] d: Copy(src.Span<double>(), srcOffset, srcStrides, d, dstOffset, dstStrides, shape); break;
            case float[] f: Copy(src.Span<float>(), srcOffset, srcStrides, f, dstOffset, dstStrides, shape); break;
            case int[] i: Copy(src.Span<int>(), srcOffset, srcStrides, i, dstOffset, dstStrides, shape); break;
            case bool[] b: Copy(src.Span<bool>(), srcOffset, srcStrides, b, dstOffset, dstStrides, shape); break;
            case long[] l: Copy(src.Span<long>(), srcOffset, srcStrides, l, dstOffset, dstStrides, shape); break;
            case byte[] u8: Copy(src.Span<byte>(), srcOffset, srcStrides, u8, dstOffset, dstStrides, shape); break;
            case uint[] u32: Copy(src.Span<uint>(), srcOffset, srcStrides, u32, dstOffset, dstStrides, shape); break;
            case Half[] h: Copy(src.Span<Half>(), srcOffset, srcStrides, h, dstOffset, dstStrides, shape); break;
            case BFloat16[] bf: Copy(src.Span<BFloat16>(), srcOffset, srcStrides, bf, dstOffset, dstStrides, shape); break;
            default: throw new ArgumentException("unsupported buffer " + dst.GetType());
        }
    }
}
