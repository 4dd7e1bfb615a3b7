using System;

namespace Functional.AD;

/// <summary>Element-by-element conversion between the four dtypes (numpy <c>astype</c> semantics: floats truncate toward zero into integers, non-zero is true).</summary>
internal static class ElementConversion
{
    /// <summary>Converts every element of <paramref name="src"/> into <paramref name="dst"/>, an array of the target element type.</summary>
    internal static void Convert(ConcreteArray src, Array dst)
    {
        switch (dst)
        {
            case double[] d: ToDouble(src, d); break;
            case float[] f: ToSingle(src, f); break;
            case int[] i: ToInt(src, i); break;
            case bool[] b: ToBool(src, b); break;
            default: throw new ArgumentException("unsupported buffer type " + dst.GetType());
        }
    }

    /// <summary>Converts every element of <paramref name="src"/> into the freshly allocated <paramref name="dst"/> (same size).</summary>
    internal static void Convert(ConcreteArray src, ConcreteArray dst)
    {
        switch (dst.DType)
        {
            case DType.Float64: ToDouble(src, dst.Writable<double>()); break;
            case DType.Float32: ToSingle(src, dst.Writable<float>()); break;
            case DType.Int32: ToInt(src, dst.Writable<int>()); break;
            default: ToBool(src, dst.Writable<bool>()); break;
        }
    }

    private static void ToDouble(ConcreteArray src, Span<double> dst)
    {
        switch (src.DType)
        {
            case DType.Float64: src.Span<double>().CopyTo(dst); break;
            case DType.Float32: { var s = src.Span<float>(); for (int i = 0; i < s.Length; i++) dst[i] = s[i]; break; }
            case DType.Int32: { var s = src.Span<int>(); for (int i = 0; i < s.Length; i++) dst[i] = s[i]; break; }
            case DType.Bool: { var s = src.Span<bool>(); for (int i = 0; i < s.Length; i++) dst[i] = s[i] ? 1 : 0; break; }
        }
    }

    private static void ToSingle(ConcreteArray src, Span<float> dst)
    {
        switch (src.DType)
        {
            case DType.Float64: { var s = src.Span<double>(); for (int i = 0; i < s.Length; i++) dst[i] = (float)s[i]; break; }
            case DType.Float32: src.Span<float>().CopyTo(dst); break;
            case DType.Int32: { var s = src.Span<int>(); for (int i = 0; i < s.Length; i++) dst[i] = s[i]; break; }
            case DType.Bool: { var s = src.Span<bool>(); for (int i = 0; i < s.Length; i++) dst[i] = s[i] ? 1 : 0; break; }
        }
    }

    private static void ToInt(ConcreteArray src, Span<int> dst)
    {
        switch (src.DType)
        {
            case DType.Float64: { var s = src.Span<double>(); for (int i = 0; i < s.Length; i++) dst[i] = Saturate(s[i]); break; }
            case DType.Float32: { var s = src.Span<float>(); for (int i = 0; i < s.Length; i++) dst[i] = Saturate(s[i]); break; }
            case DType.Int32: src.Span<int>().CopyTo(dst); break;
            case DType.Bool: { var s = src.Span<bool>(); for (int i = 0; i < s.Length; i++) dst[i] = s[i] ? 1 : 0; break; }
        }
    }

    private static int Saturate(double v) =>
        double.IsNaN(v) ? 0 : v >= int.MaxValue ? int.MaxValue : v <= int.MinValue ? int.MinValue : (int)v;

    private static void ToBool(ConcreteArray src, Span<bool> dst)
    {
        switch (src.DType)
        {
            case DType.Float64: { var s = src.Span<double>(); for (int i = 0; i < s.Length; i++) dst[i] = s[i] != 0; break; }
            case DType.Float32: { var s = src.Span<float>(); for (int i = 0; i < s.Length; i++) dst[i] = s[i] != 0; break; }
            case DType.Int32: { var s = src.Span<int>(); for (int i = 0; i < s.Length; i++) dst[i] = s[i] != 0; break; }
            case DType.Bool: src.Span<bool>().CopyTo(dst); break;
        }
    }
}
