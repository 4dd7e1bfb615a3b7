using System;
using System.Runtime.CompilerServices;

namespace Functional.AD;

/// <summary>
/// Element-by-element conversion between all dtypes (numpy/JAX <c>astype</c> semantics): floats truncate toward zero
/// into integers and saturate at the target's range, NaN becomes 0; integers convert to narrower or unsigned integers by
/// wrapping (two's complement, keeping the low bits); anything non-zero (NaN too) is true; floats round to nearest even
/// (f64 to bf16 rounds through f32). The one definition that eager conversions and the fused tiles of
/// <c>convert_element_type</c> share.
/// </summary>
internal static class ElementConversion
{
    /// <summary>Converts every element of <paramref name="src"/> into <paramref name="dst"/>, an array of the target element type.</summary>
    internal static void Convert(ConcreteArray src, Array dst)
    {
        switch (dst)
        {
            case double[] d: From(src, d.AsSpan()); break;
            case float[] f: From(src, f.AsSpan()); break;
            case int[] i: From(src, i.AsSpan()); break;
            case bool[] b: From(src, b.AsSpan()); break;
            case long[] l: From(src, l.AsSpan()); break;
            case byte[] u8: From(src, u8.AsSpan()); break;
            case uint[] u32: From(src, u32.AsSpan()); break;
            case Half[] h: From(src, h.AsSpan()); break;
            case BFloat16[] bf: From(src, bf.AsSpan()); break;
            default: throw new ArgumentException("unsupported buffer type " + dst.GetType());
        }
    }

    /// <summary>Converts every element of <paramref name="src"/> into the freshly allocated <paramref name="dst"/> (same size).</summary>
    internal static void Convert(ConcreteArray src, ConcreteArray dst)
    {
        switch (dst.DType)
        {
            case DType.Float64: From(src, dst.Writable<double>()); break;
            case DType.Float32: From(src, dst.Writable<float>()); break;
            case DType.Int32: From(src, dst.Writable<int>()); break;
            case DType.Bool: From(src, dst.Writable<bool>()); break;
            case DType.Int64: From(src, dst.Writable<long>()); break;
            case DType.UInt8: From(src, dst.Writable<byte>()); break;
            case DType.UInt32: From(src, dst.Writable<uint>()); break;
            case DType.Float16: From(src, dst.Writable<Half>()); break;
            case DType.BFloat16: From(src, dst.Writable<BFloat16>()); break;
            default: throw new ArgumentOutOfRangeException(nameof(dst));
        }
    }

    /// <summary>Converts every element of <paramref name="src"/> into <paramref name="dst"/> (at least as long).</summary>
    internal static void From<TTo>(ConcreteArray src, Span<TTo> dst) where TTo : unmanaged
    {
        switch (src.DType)
        {
            case DType.Float64: Convert(src.Span<double>(), dst); break;
            case DType.Float32: Convert(src.Span<float>(), dst); break;
            case DType.Int32: Convert(src.Span<int>(), dst); break;
            case DType.Bool: Convert(src.Span<bool>(), dst); break;
            case DType.Int64: Convert(src.Span<long>(), dst); break;
            case DType.UInt8: Convert(src.Span<byte>(), dst); break;
            case DType.UInt32: Convert(src.Span<uint>(), dst); break;
            case DType.Float16: Convert(src.Span<Half>(), dst); break;
            case DType.BFloat16: Convert(src.Span<BFloat16>(), dst); break;
            default: throw new ArgumentOutOfRangeException(nameof(src));
        }
    }

    /// <summary>Converts <paramref name="src"/> element by element into <paramref name="dst"/> (of the same length).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Convert<TFrom, TTo>(ReadOnlySpan<TFrom> src, Span<TTo> dst) where TFrom : unmanaged where TTo : unmanaged
    {
        if (typeof(TFrom) == typeof(TTo))
        {
            src.CopyTo(System.Runtime.InteropServices.MemoryMarshal.Cast<TTo, TFrom>(dst));
            return;
        }
        for (int i = 0; i < src.Length; i++) dst[i] = To<TFrom, TTo>(src[i]);
    }

    /// <summary>True when <typeparamref name="T"/> is an element type read exactly as a long (bool and the integers).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsIntegral<T>() =>
        typeof(T) == typeof(bool) || typeof(T) == typeof(int) || typeof(T) == typeof(long) || typeof(T) == typeof(byte) || typeof(T) == typeof(uint);

    /// <summary>One element converted (the type tests are constants for each instantiation, so this compiles to one conversion).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TTo To<TFrom, TTo>(TFrom v)
    {
        if (typeof(TFrom) == typeof(TTo)) return (TTo)(object)v!;
        if (IsIntegral<TFrom>()) return FromLong<TTo>(AsLong(v));
        // f32 to f32-backed targets directly, so f32 -> f16/bf16 rounds once.
        if (typeof(TFrom) == typeof(float) && typeof(TTo) == typeof(BFloat16)) return (TTo)(object)BFloat16.FromSingle((float)(object)v!);
        return FromDouble<TTo>(AsDouble(v));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long AsLong<T>(T v)
    {
        if (typeof(T) == typeof(bool)) return (bool)(object)v! ? 1 : 0;
        if (typeof(T) == typeof(int)) return (int)(object)v!;
        if (typeof(T) == typeof(long)) return (long)(object)v!;
        if (typeof(T) == typeof(byte)) return (byte)(object)v!;
        return (uint)(object)v!;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double AsDouble<T>(T v)
    {
        if (typeof(T) == typeof(double)) return (double)(object)v!;
        if (typeof(T) == typeof(float)) return (float)(object)v!;
        if (typeof(T) == typeof(Half)) return (double)(Half)(object)v!;
        return ((BFloat16)(object)v!).ToSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TTo FromLong<TTo>(long l)
    {
        if (typeof(TTo) == typeof(bool)) return (TTo)(object)(l != 0);
        if (typeof(TTo) == typeof(int)) return (TTo)(object)unchecked((int)l);
        if (typeof(TTo) == typeof(long)) return (TTo)(object)l;
        if (typeof(TTo) == typeof(byte)) return (TTo)(object)unchecked((byte)l);
        if (typeof(TTo) == typeof(uint)) return (TTo)(object)unchecked((uint)l);
        if (typeof(TTo) == typeof(double)) return (TTo)(object)(double)l;
        if (typeof(TTo) == typeof(float)) return (TTo)(object)(float)l;
        if (typeof(TTo) == typeof(Half)) return (TTo)(object)(Half)l;
        return (TTo)(object)BFloat16.FromSingle(l);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TTo FromDouble<TTo>(double d)
    {
        if (typeof(TTo) == typeof(double)) return (TTo)(object)d;
        if (typeof(TTo) == typeof(float)) return (TTo)(object)(float)d;
        if (typeof(TTo) == typeof(bool)) return (TTo)(object)(d != 0);
        if (typeof(TTo) == typeof(int)) return (TTo)(object)(int)Saturate(d, int.MinValue, int.MaxValue);
        if (typeof(TTo) == typeof(long)) return (TTo)(object)SaturateLong(d);
        if (typeof(TTo) == typeof(byte)) return (TTo)(object)(byte)Saturate(d, byte.MinValue, byte.MaxValue);
        if (typeof(TTo) == typeof(uint)) return (TTo)(object)(uint)Saturate(d, uint.MinValue, uint.MaxValue);
        if (typeof(TTo) == typeof(Half)) return (TTo)(object)(Half)d;
        return (TTo)(object)BFloat16.FromSingle((float)d);
    }

    /// <summary>Truncates toward zero and clamps to [min, max]; NaN gives 0.</summary>
    private static long Saturate(double v, long min, long max) =>
        double.IsNaN(v) ? 0 : v >= max ? max : v <= min ? min : (long)v;

    /// <summary>Truncates toward zero and clamps to the long range; NaN gives 0.</summary>
    private static long SaturateLong(double v) =>
        double.IsNaN(v) ? 0 : v >= 9.2233720368547758E18 ? long.MaxValue : v <= long.MinValue ? long.MinValue : (long)v;
}
