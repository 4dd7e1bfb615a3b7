using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Functional.AD;

/// <summary>
/// Register-level transposes of square blocks with AVX: 8×8 for 4-byte elements (float, int) and 4×4 for
/// doubles, built from unpack, shuffle and 128-bit lane permutes. Used by <see cref="StridedCopy"/> for the
/// full tiles of a transpose; anything else (edges, bools, machines without AVX) takes the scalar path.
/// </summary>
internal static class TransposeBlocks
{
    /// <summary>
    /// Transposes a <paramref name="tile"/>×<paramref name="tile"/> block: source element (r, c) at
    /// src[srcStart + c·srcStride + r] goes to dst[dstStart + r·dstStride + c]. Returns false (nothing written)
    /// when no vector path applies to <typeparamref name="T"/> on this machine.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static bool TryTile<T>(ref T src, int srcStart, int srcStride, ref T dst, int dstStart, int dstStride, int tile)
    {
        if (!Avx.IsSupported) return false;
        if (Unsafe.SizeOf<T>() == 4 && !RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            ref float s = ref Unsafe.As<T, float>(ref Unsafe.Add(ref src, srcStart));
            ref float d = ref Unsafe.As<T, float>(ref Unsafe.Add(ref dst, dstStart));
            for (int c = 0; c < tile; c += 8)
                for (int r = 0; r < tile; r += 8)
                    Transpose8x8(ref Unsafe.Add(ref s, c * srcStride + r), srcStride, ref Unsafe.Add(ref d, r * dstStride + c), dstStride);
            return true;
        }
        if (typeof(T) == typeof(double))
        {
            ref double s = ref Unsafe.As<T, double>(ref Unsafe.Add(ref src, srcStart));
            ref double d = ref Unsafe.As<T, double>(ref Unsafe.Add(ref dst, dstStart));
            for (int c = 0; c < tile; c += 4)
                for (int r = 0; r < tile; r += 4)
                    Transpose4x4(ref Unsafe.Add(ref s, c * srcStride + r), srcStride, ref Unsafe.Add(ref d, r * dstStride + c), dstStride);
            return true;
        }
        return false;
    }

    /// <summary>Loads 8 vectors (one per source column), transposes them in registers, stores 8 destination rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Transpose8x8(ref float src, int srcStride, ref float dst, int dstStride)
    {
        var v0 = Vector256.LoadUnsafe(ref src);
        var v1 = Vector256.LoadUnsafe(ref Unsafe.Add(ref src, srcStride));
        var v2 = Vector256.LoadUnsafe(ref Unsafe.Add(ref src, 2 * srcStride));
        var v3 = Vector256.LoadUnsafe(ref Unsafe.Add(ref src, 3 * srcStride));
        var v4 = Vector256.LoadUnsafe(ref Unsafe.Add(ref src, 4 * srcStride));
        var v5 = Vector256.LoadUnsafe(ref Unsafe.Add(ref src, 5 * srcStride));
        var v6 = Vector256.LoadUnsafe(ref Unsafe.Add(ref src, 6 * srcStride));
        var v7 = Vector256.LoadUnsafe(ref Unsafe.Add(ref src, 7 * srcStride));
        // interleave pairs of columns
        var t0 = Avx.UnpackLow(v0, v1);
        var t1 = Avx.UnpackHigh(v0, v1);
        var t2 = Avx.UnpackLow(v2, v3);
        var t3 = Avx.UnpackHigh(v2, v3);
        var t4 = Avx.UnpackLow(v4, v5);
        var t5 = Avx.UnpackHigh(v4, v5);
        var t6 = Avx.UnpackLow(v6, v7);
        var t7 = Avx.UnpackHigh(v6, v7);
        // gather groups of four within each 128-bit lane
        var u0 = Avx.Shuffle(t0, t2, 0x44);
        var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44);
        var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44);
        var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44);
        var u7 = Avx.Shuffle(t5, t7, 0xEE);
        // combine the low and high lanes
        Avx.Permute2x128(u0, u4, 0x20).StoreUnsafe(ref dst);
        Avx.Permute2x128(u1, u5, 0x20).StoreUnsafe(ref Unsafe.Add(ref dst, dstStride));
        Avx.Permute2x128(u2, u6, 0x20).StoreUnsafe(ref Unsafe.Add(ref dst, 2 * dstStride));
        Avx.Permute2x128(u3, u7, 0x20).StoreUnsafe(ref Unsafe.Add(ref dst, 3 * dstStride));
        Avx.Permute2x128(u0, u4, 0x31).StoreUnsafe(ref Unsafe.Add(ref dst, 4 * dstStride));
        Avx.Permute2x128(u1, u5, 0x31).StoreUnsafe(ref Unsafe.Add(ref dst, 5 * dstStride));
        Avx.Permute2x128(u2, u6, 0x31).StoreUnsafe(ref Unsafe.Add(ref dst, 6 * dstStride));
        Avx.Permute2x128(u3, u7, 0x31).StoreUnsafe(ref Unsafe.Add(ref dst, 7 * dstStride));
    }

    /// <summary>The 4×4 double version of <see cref="Transpose8x8"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Transpose4x4(ref double src, int srcStride, ref double dst, int dstStride)
    {
        var v0 = Vector256.LoadUnsafe(ref src);
        var v1 = Vector256.LoadUnsafe(ref Unsafe.Add(ref src, srcStride));
        var v2 = Vector256.LoadUnsafe(ref Unsafe.Add(ref src, 2 * srcStride));
        var v3 = Vector256.LoadUnsafe(ref Unsafe.Add(ref src, 3 * srcStride));
        var t0 = Avx.UnpackLow(v0, v1);
        var t1 = Avx.UnpackHigh(v0, v1);
        var t2 = Avx.UnpackLow(v2, v3);
        var t3 = Avx.UnpackHigh(v2, v3);
        Avx.Permute2x128(t0, t2, 0x20).StoreUnsafe(ref dst);
        Avx.Permute2x128(t1, t3, 0x20).StoreUnsafe(ref Unsafe.Add(ref dst, dstStride));
        Avx.Permute2x128(t0, t2, 0x31).StoreUnsafe(ref Unsafe.Add(ref dst, 2 * dstStride));
        Avx.Permute2x128(t1, t3, 0x31).StoreUnsafe(ref Unsafe.Add(ref dst, 3 * dstStride));
    }
}
