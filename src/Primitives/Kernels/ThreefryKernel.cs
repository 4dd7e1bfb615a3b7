using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Functional.AD;

/// <summary>
/// The Threefry-2x32 block cipher with 20 rounds (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", 2011),
/// the counter-based generator JAX's random module is built on: each output pair depends only on the key pair and the
/// counter pair, so results are the same on every machine, thread count and SIMD width. Vectorized over counters with
/// Vector512/256/128 lanes of uint (plain integer adds, xors and rotates, so every width gives the same bits); the
/// scalar loop finishes the tail. Hand-written: no package offers a SIMD Threefry.
/// </summary>
internal static class ThreefryKernel
{
    /// <summary>The Skein key-schedule parity constant.</summary>
    private const uint Parity = 0x1BD11BDA;

    /// <summary>
    /// (y0[i], y1[i]) = threefry2x32((k0[i], k1[i]), (x0[i], x1[i])) for every i; a key span of length 1 is the same
    /// key for every counter.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Hash(ReadOnlySpan<uint> k0, ReadOnlySpan<uint> k1, ReadOnlySpan<uint> x0, ReadOnlySpan<uint> x1, Span<uint> y0, Span<uint> y1)
    {
        int n = x0.Length;
        if (x1.Length != n || y0.Length != n || y1.Length != n || k0.Length != k1.Length || (k0.Length != 1 && k0.Length != n))
            throw new ArgumentException("threefry2x32: operand lengths differ");
        if (k0.Length == 1) HashOneKey(k0[0], k1[0], x0, x1, y0, y1);
        else for (int i = 0; i < n; i++) (y0[i], y1[i]) = Block(k0[i], k1[i], x0[i], x1[i]);
    }

    /// <summary>One block: the 20 rounds on one counter pair.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static (uint, uint) Block(uint key0, uint key1, uint x0, uint x1)
    {
        uint key2 = key0 ^ key1 ^ Parity;
        x0 += key0;
        x1 += key1;
        Four(ref x0, ref x1, 13, 15, 26, 6);
        x0 += key1; x1 += key2 + 1;
        Four(ref x0, ref x1, 17, 29, 16, 24);
        x0 += key2; x1 += key0 + 2;
        Four(ref x0, ref x1, 13, 15, 26, 6);
        x0 += key0; x1 += key1 + 3;
        Four(ref x0, ref x1, 17, 29, 16, 24);
        x0 += key1; x1 += key2 + 4;
        Four(ref x0, ref x1, 13, 15, 26, 6);
        x0 += key2; x1 += key0 + 5;
        return (x0, x1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Four(ref uint x0, ref uint x1, int r0, int r1, int r2, int r3)
    {
        x0 += x1; x1 = uint.RotateLeft(x1, r0) ^ x0;
        x0 += x1; x1 = uint.RotateLeft(x1, r1) ^ x0;
        x0 += x1; x1 = uint.RotateLeft(x1, r2) ^ x0;
        x0 += x1; x1 = uint.RotateLeft(x1, r3) ^ x0;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void HashOneKey(uint key0, uint key1, ReadOnlySpan<uint> x0, ReadOnlySpan<uint> x1, Span<uint> y0, Span<uint> y1)
    {
        int n = x0.Length, i = 0;
        uint key2 = key0 ^ key1 ^ Parity;
        ref uint a0 = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(x0);
        ref uint a1 = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(x1);
        ref uint b0 = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(y0);
        ref uint b1 = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(y1);
        if (Vector512.IsHardwareAccelerated)
            for (; i + Vector512<uint>.Count <= n; i += Vector512<uint>.Count)
            {
                var v0 = Vector512.LoadUnsafe(ref a0, (nuint)i);
                var v1 = Vector512.LoadUnsafe(ref a1, (nuint)i);
                Rounds512(ref v0, ref v1, key0, key1, key2);
                v0.StoreUnsafe(ref b0, (nuint)i);
                v1.StoreUnsafe(ref b1, (nuint)i);
            }
        if (Vector256.IsHardwareAccelerated)
            for (; i + Vector256<uint>.Count <= n; i += Vector256<uint>.Count)
            {
                var v0 = Vector256.LoadUnsafe(ref a0, (nuint)i);
                var v1 = Vector256.LoadUnsafe(ref a1, (nuint)i);
                Rounds256(ref v0, ref v1, key0, key1, key2);
                v0.StoreUnsafe(ref b0, (nuint)i);
                v1.StoreUnsafe(ref b1, (nuint)i);
            }
        if (Vector128.IsHardwareAccelerated)
            for (; i + Vector128<uint>.Count <= n; i += Vector128<uint>.Count)
            {
                var v0 = Vector128.LoadUnsafe(ref a0, (nuint)i);
                var v1 = Vector128.LoadUnsafe(ref a1, (nuint)i);
                Rounds128(ref v0, ref v1, key0, key1, key2);
                v0.StoreUnsafe(ref b0, (nuint)i);
                v1.StoreUnsafe(ref b1, (nuint)i);
            }
        for (; i < n; i++) (y0[i], y1[i]) = Block(key0, key1, x0[i], x1[i]);
    }

    /// <summary>
    /// JAX's classic <c>threefry_2x32</c> of the counters 0 .. n − 1 under one key, written into <paramref name="output"/>
    /// (n = its length) without materializing the counters: with half = ⌈n/2⌉, counter pair i (for i in
    /// [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>) ⊆ [0, half)) is (i, half + i), the
    /// second word 0 where half + i = n (the pad of an odd n); its first output word goes to element i, its second to
    /// element half + i when that is below n. Disjoint ranges of i write disjoint elements, so parts may run on
    /// different threads.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void CounterBits(uint key0, uint key1, Span<uint> output, int start, int count)
    {
        int n = output.Length, half = (n + 1) / 2;
        if (start < 0 || count < 0 || start + count > half) throw new ArgumentOutOfRangeException(nameof(count), "threefry counter bits: the part is outside the counter pairs");
        uint key2 = key0 ^ key1 ^ Parity;
        int end = start + count, i = start;
        // The pair whose second counter is the pad (odd n) is left to the scalar loop.
        int vectorEnd = n % 2 == 1 && end == half ? end - 1 : end;
        ref uint low = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(output);
        ref uint high = ref Unsafe.Add(ref low, half);
        if (Vector512.IsHardwareAccelerated)
            for (; i + Vector512<uint>.Count <= vectorEnd; i += Vector512<uint>.Count)
            {
                var v0 = Vector512.Create((uint)i) + Vector512<uint>.Indices;
                var v1 = v0 + Vector512.Create((uint)half);
                Rounds512(ref v0, ref v1, key0, key1, key2);
                v0.StoreUnsafe(ref low, (nuint)i);
                v1.StoreUnsafe(ref high, (nuint)i);
            }
        if (Vector256.IsHardwareAccelerated)
            for (; i + Vector256<uint>.Count <= vectorEnd; i += Vector256<uint>.Count)
            {
                var v0 = Vector256.Create((uint)i) + Vector256<uint>.Indices;
                var v1 = v0 + Vector256.Create((uint)half);
                Rounds256(ref v0, ref v1, key0, key1, key2);
                v0.StoreUnsafe(ref low, (nuint)i);
                v1.StoreUnsafe(ref high, (nuint)i);
            }
        if (Vector128.IsHardwareAccelerated)
            for (; i + Vector128<uint>.Count <= vectorEnd; i += Vector128<uint>.Count)
            {
                var v0 = Vector128.Create((uint)i) + Vector128<uint>.Indices;
                var v1 = v0 + Vector128.Create((uint)half);
                Rounds128(ref v0, ref v1, key0, key1, key2);
                v0.StoreUnsafe(ref low, (nuint)i);
                v1.StoreUnsafe(ref high, (nuint)i);
            }
        for (; i < end; i++)
        {
            uint second = half + i < n ? (uint)(half + i) : 0u;
            var (y0, y1) = Block(key0, key1, (uint)i, second);
            output[i] = y0;
            if (half + i < n) output[half + i] = y1;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> Rotl(Vector512<uint> v, int r) => Vector512.ShiftLeft(v, r) | Vector512.ShiftRightLogical(v, 32 - r);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Rotl(Vector256<uint> v, int r) => Vector256.ShiftLeft(v, r) | Vector256.ShiftRightLogical(v, 32 - r);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> Rotl(Vector128<uint> v, int r) => Vector128.ShiftLeft(v, r) | Vector128.ShiftRightLogical(v, 32 - r);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Four512(ref Vector512<uint> x0, ref Vector512<uint> x1, int r0, int r1, int r2, int r3)
    {
        x0 += x1; x1 = Rotl(x1, r0) ^ x0;
        x0 += x1; x1 = Rotl(x1, r1) ^ x0;
        x0 += x1; x1 = Rotl(x1, r2) ^ x0;
        x0 += x1; x1 = Rotl(x1, r3) ^ x0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Four256(ref Vector256<uint> x0, ref Vector256<uint> x1, int r0, int r1, int r2, int r3)
    {
        x0 += x1; x1 = Rotl(x1, r0) ^ x0;
        x0 += x1; x1 = Rotl(x1, r1) ^ x0;
        x0 += x1; x1 = Rotl(x1, r2) ^ x0;
        x0 += x1; x1 = Rotl(x1, r3) ^ x0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Four128(ref Vector128<uint> x0, ref Vector128<uint> x1, int r0, int r1, int r2, int r3)
    {
        x0 += x1; x1 = Rotl(x1, r0) ^ x0;
        x0 += x1; x1 = Rotl(x1, r1) ^ x0;
        x0 += x1; x1 = Rotl(x1, r2) ^ x0;
        x0 += x1; x1 = Rotl(x1, r3) ^ x0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Rounds512(ref Vector512<uint> x0, ref Vector512<uint> x1, uint key0, uint key1, uint key2)
    {
        x0 += Vector512.Create(key0); x1 += Vector512.Create(key1);
        Four512(ref x0, ref x1, 13, 15, 26, 6);
        x0 += Vector512.Create(key1); x1 += Vector512.Create(key2 + 1);
        Four512(ref x0, ref x1, 17, 29, 16, 24);
        x0 += Vector512.Create(key2); x1 += Vector512.Create(key0 + 2);
        Four512(ref x0, ref x1, 13, 15, 26, 6);
        x0 += Vector512.Create(key0); x1 += Vector512.Create(key1 + 3);
        Four512(ref x0, ref x1, 17, 29, 16, 24);
        x0 += Vector512.Create(key1); x1 += Vector512.Create(key2 + 4);
        Four512(ref x0, ref x1, 13, 15, 26, 6);
        x0 += Vector512.Create(key2); x1 += Vector512.Create(key0 + 5);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Rounds256(ref Vector256<uint> x0, ref Vector256<uint> x1, uint key0, uint key1, uint key2)
    {
        x0 += Vector256.Create(key0); x1 += Vector256.Create(key1);
        Four256(ref x0, ref x1, 13, 15, 26, 6);
        x0 += Vector256.Create(key1); x1 += Vector256.Create(key2 + 1);
        Four256(ref x0, ref x1, 17, 29, 16, 24);
        x0 += Vector256.Create(key2); x1 += Vector256.Create(key0 + 2);
        Four256(ref x0, ref x1, 13, 15, 26, 6);
        x0 += Vector256.Create(key0); x1 += Vector256.Create(key1 + 3);
        Four256(ref x0, ref x1, 17, 29, 16, 24);
        x0 += Vector256.Create(key1); x1 += Vector256.Create(key2 + 4);
        Four256(ref x0, ref x1, 13, 15, 26, 6);
        x0 += Vector256.Create(key2); x1 += Vector256.Create(key0 + 5);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Rounds128(ref Vector128<uint> x0, ref Vector128<uint> x1, uint key0, uint key1, uint key2)
    {
        x0 += Vector128.Create(key0); x1 += Vector128.Create(key1);
        Four128(ref x0, ref x1, 13, 15, 26, 6);
        x0 += Vector128.Create(key1); x1 += Vector128.Create(key2 + 1);
        Four128(ref x0, ref x1, 17, 29, 16, 24);
        x0 += Vector128.Create(key2); x1 += Vector128.Create(key0 + 2);
        Four128(ref x0, ref x1, 13, 15, 26, 6);
        x0 += Vector128.Create(key0); x1 += Vector128.Create(key1 + 3);
        Four128(ref x0, ref x1, 17, 29, 16, 24);
        x0 += Vector128.Create(key1); x1 += Vector128.Create(key2 + 4);
        Four128(ref x0, ref x1, 13, 15, 26, 6);
        x0 += Vector128.Create(key2); x1 += Vector128.Create(key0 + 5);
    }
}
