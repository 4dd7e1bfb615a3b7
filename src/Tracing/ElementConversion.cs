using System;
using System.Runtime.CompilerServices;

namespace Functional.AD;

/// <summary>
/// Element-by-element conversion between the four dtypes (numpy <c>astype</c> semantics: floats truncate toward zero
/// into integers and saturate, NaN becomes 0, non-zero is true): the one definition that eager conversions and the
/// fused tiles of <c>convert_element_type</c> share.
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
            default: From(src, dst.Writable<bool>()); break;
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
            default: Convert(src.Span<bool>(), dst); break;
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

    /// <summary>One element converted (the type tests are constants for each instantiation, so this compiles to one conversion).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TTo To<TFrom, TTo>(TFrom v)
    {
        if (typeof(TTo) == typeof(bool))
        {
            bool nonZero = typeof(TFrom) == typeof(double) ? (double)(object)v! != 0 : typeof(TFrom) == typeof(float) ? (float)(object)v! != 0
                : typeof(TFrom) == typeof(int) ? (int)(object)v! != 0 : (bool)(object)v!;
            return (TTo)(object)nonZero;
        }
        if (typeof(TFrom) == typeof(bool))
        {
            bool b = (bool)(object)v!;
            return typeof(TTo) == typeof(double) ? (TTo)(object)(b ? 1.0 : 0.0) : typeof(TTo) == typeof(float) ? (TTo)(object)(b ? 1f : 0f) : (TTo)(object)(b ? 1 : 0);
        }
        if (typeof(TTo) == typeof(int))
            return (TTo)(object)Saturate(typeof(TFrom) == typeof(double) ? (double)(object)v! : (float)(object)v!);
        if (typeof(TTo) == typeof(float))
            return (TTo)(object)(typeof(TFrom) == typeof(double) ? (float)(double)(object)v! : (float)(int)(object)v!);
        return (TTo)(object)(typeof(TFrom) == typeof(float) ? (double)(float)(object)v! : (double)(int)(object)v!);
    }

    private static int Saturate(double v) =>
        double.IsNaN(v) ? 0 : v >= int.MaxValue ? int.MaxValue : v <= int.MinValue ? int.MinValue : (int)v;
}
