using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Functional.AD;

/// <summary>
/// z = x · s written with non-temporal (streaming) stores, for outputs too large for the cache: the stores go to
/// memory without first reading the lines they overwrite. Each element is the one rounded product, as
/// <see cref="ArithmeticKernels"/> computes it, so results do not depend on which path ran. Only f32 and f64 on x86
/// with AVX-512 or AVX have such stores; elsewhere, and for rows too short or not 64/32-byte aligned, the caller's
/// ordinary kernel runs.
/// </summary>
internal static class StreamingScale
{
    /// <summary>Writes z = x·s with streaming stores and returns true, or returns false having written nothing.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe bool TryScale<T>(ReadOnlySpan<T> x, T s, Span<T> z) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
            return Stream(MemoryMarshal.Cast<T, float>(x), Unsafe.As<T, float>(ref s), MemoryMarshal.Cast<T, float>(z));
        if (typeof(T) == typeof(double))
            return Stream(MemoryMarshal.Cast<T, double>(x), Unsafe.As<T, double>(ref s), MemoryMarshal.Cast<T, double>(z));
        return false;
    }

    /// <summary>Orders the streaming stores before the ones that follow (another thread may read C next).</summary>
    internal static void Fence()
    {
        if (Sse.IsSupported) Sse.StoreFence();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe bool Stream<T>(ReadOnlySpan<T> x, T s, Span<T> z) where T : unmanaged
    {
        fixed (T* px = x)
        fixed (T* pz = z)
        {
            if (Avx512F.IsSupported && Vector512.IsHardwareAccelerated)
            {
                int w = Vector512<T>.Count;
                if (z.Length % w != 0 || ((nuint)pz & 63) != 0) return false;
                var vs = Vector512.Create(s);
                for (int i = 0; i < z.Length; i += w)
                {
                    var v = Vector512.Load(px + i) * vs;
                    if (typeof(T) == typeof(float)) Avx512F.StoreAlignedNonTemporal((float*)(pz + i), v.AsSingle());
                    else Avx512F.StoreAlignedNonTemporal((double*)(pz + i), v.AsDouble());
                }
                return true;
            }
            if (Avx.IsSupported)
            {
                int w = Vector256<T>.Count;
                if (z.Length % w != 0 || ((nuint)pz & 31) != 0) return false;
                var vs = Vector256.Create(s);
                for (int i = 0; i < z.Length; i += w)
                {
                    var v = Vector256.Load(px + i) * vs;
                    if (typeof(T) == typeof(float)) Avx.StoreAlignedNonTemporal((float*)(pz + i), v.AsSingle());
                    else Avx.StoreAlignedNonTemporal((double*)(pz + i), v.AsDouble());
                }
                return true;
            }
            return false;
        }
    }
}
