using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Functional.AD;

/// <summary>
/// Sums of float32 data accumulated in float64, as torch and numpy's pairwise sum keep float sums accurate:
/// adding n floats in float32 loses up to n·2⁻²⁴ of the sum of their magnitudes (a sum of 4·10⁸ ones stops at
/// 2²⁴ per lane), in float64 n·2⁻⁵³, below float32's own rounding for any array .NET can hold. Every
/// eager and fused f32 reduction and running sum adds through here, so eager and compiled results agree to a
/// rounding that does not grow with n. Written with our own Vector512/256/128 loops: TensorPrimitives has no
/// widening sum (hand-written for that reason).
/// </summary>
internal static class WidenedSums
{
    /// <summary>Σ x in float64.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double Sum(ReadOnlySpan<float> x)
    {
        ref float p = ref MemoryMarshal.GetReference(x);
        int n = x.Length, i = 0;
        double total = 0;
        if (Vector512.IsHardwareAccelerated && n >= Vector512<float>.Count)
        {
            Vector512<double> a0 = Vector512<double>.Zero, a1 = a0;
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var (lo, hi) = Vector512.Widen(Vector512.LoadUnsafe(ref p, (nuint)i));
                a0 += lo;
                a1 += hi;
            }
            total = Vector512.Sum(a0 + a1);
        }
        else if (Vector256.IsHardwareAccelerated && n >= Vector256<float>.Count)
        {
            Vector256<double> a0 = Vector256<double>.Zero, a1 = a0;
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var (lo, hi) = Vector256.Widen(Vector256.LoadUnsafe(ref p, (nuint)i));
                a0 += lo;
                a1 += hi;
            }
            total = Vector256.Sum(a0 + a1);
        }
        else if (Vector128.IsHardwareAccelerated && n >= Vector128<float>.Count)
        {
            Vector128<double> a0 = Vector128<double>.Zero, a1 = a0;
            for (; i <= n - Vector128<float>.Count; i += Vector128<float>.Count)
            {
                var (lo, hi) = Vector128.Widen(Vector128.LoadUnsafe(ref p, (nuint)i));
                a0 += lo;
                a1 += hi;
            }
            total = Vector128.Sum(a0 + a1);
        }
        for (; i < n; i++) total += Unsafe.Add(ref p, i);
        return total;
    }

    /// <summary><paramref name="acc"/>[i] += <paramref name="row"/>[i] for every i, the floats widened to float64.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Add(Span<double> acc, ReadOnlySpan<float> row)
    {
        if (acc.Length != row.Length) throw new ArgumentException("WidenedSums.Add: lengths differ");
        ref double a = ref MemoryMarshal.GetReference(acc);
        ref float r = ref MemoryMarshal.GetReference(row);
        int n = row.Length, i = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var (lo, hi) = Vector256.Widen(Vector256.LoadUnsafe(ref r, (nuint)i));
                (Vector256.LoadUnsafe(ref a, (nuint)i) + lo).StoreUnsafe(ref a, (nuint)i);
                (Vector256.LoadUnsafe(ref a, (nuint)(i + Vector256<double>.Count)) + hi).StoreUnsafe(ref a, (nuint)(i + Vector256<double>.Count));
            }
        else if (Vector128.IsHardwareAccelerated)
            for (; i <= n - Vector128<float>.Count; i += Vector128<float>.Count)
            {
                var (lo, hi) = Vector128.Widen(Vector128.LoadUnsafe(ref r, (nuint)i));
                (Vector128.LoadUnsafe(ref a, (nuint)i) + lo).StoreUnsafe(ref a, (nuint)i);
                (Vector128.LoadUnsafe(ref a, (nuint)(i + Vector128<double>.Count)) + hi).StoreUnsafe(ref a, (nuint)(i + Vector128<double>.Count));
            }
        for (; i < n; i++) Unsafe.Add(ref a, i) += Unsafe.Add(ref r, i);
    }

    /// <summary>
    /// The column sums of a row-major [rows, columns] block: result[j] = (float)Σᵢ data[i·columns + j], each column
    /// added in float64 from 0 in row order, exactly as <see cref="Add"/> row after row would (so the result does not
    /// depend on the vector width). Blocks of columns keep their sums in registers across all rows: the bias gradient
    /// of a dense layer (a sum over the batch axis) is such a sum.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void SumColumns(ReadOnlySpan<float> data, int columns, Span<float> result)
    {
        if (result.Length != columns || data.Length % columns != 0) throw new ArgumentException("WidenedSums.SumColumns: lengths differ");
        ref float p = ref MemoryMarshal.GetReference(data);
        int rows = data.Length / columns, j = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; j <= columns - 2 * Vector512<float>.Count; j += 2 * Vector512<float>.Count)
            {
                Vector512<double> a0 = Vector512<double>.Zero, a1 = a0, a2 = a0, a3 = a0;
                for (int i = 0, at = j; i < rows; i++, at += columns)
                {
                    var (l0, h0) = Vector512.Widen(Vector512.LoadUnsafe(ref p, (nuint)at));
                    var (l1, h1) = Vector512.Widen(Vector512.LoadUnsafe(ref p, (nuint)(at + Vector512<float>.Count)));
                    a0 += l0;
                    a1 += h0;
                    a2 += l1;
                    a3 += h1;
                }
                Narrow4(a0.GetLower(), a0.GetUpper(), a1.GetLower(), a1.GetUpper(), result.Slice(j, Vector512<float>.Count));
                Narrow4(a2.GetLower(), a2.GetUpper(), a3.GetLower(), a3.GetUpper(), result.Slice(j + Vector512<float>.Count, Vector512<float>.Count));
            }
        if (Vector256.IsHardwareAccelerated)
            for (; j <= columns - 2 * Vector256<float>.Count; j += 2 * Vector256<float>.Count)
            {
                Vector256<double> a0 = Vector256<double>.Zero, a1 = a0, a2 = a0, a3 = a0;
                for (int i = 0, at = j; i < rows; i++, at += columns)
                {
                    var (l0, h0) = Vector256.Widen(Vector256.LoadUnsafe(ref p, (nuint)at));
                    var (l1, h1) = Vector256.Widen(Vector256.LoadUnsafe(ref p, (nuint)(at + Vector256<float>.Count)));
                    a0 += l0;
                    a1 += h0;
                    a2 += l1;
                    a3 += h1;
                }
                Narrow4(a0, a1, a2, a3, result.Slice(j, 2 * Vector256<float>.Count));
            }
        for (; j < columns; j++)
        {
            double total = 0;
            for (int i = 0, at = j; i < rows; i++, at += columns) total += Unsafe.Add(ref p, at);
            result[j] = (float)total;
        }
    }

    /// <summary>Narrows four vectors of four doubles into 16 consecutive floats.</summary>
    private static void Narrow4(Vector256<double> a, Vector256<double> b, Vector256<double> c, Vector256<double> d, Span<float> destination)
    {
        Vector256.Narrow(a, b).CopyTo(destination);
        Vector256.Narrow(c, d).CopyTo(destination[Vector256<float>.Count..]);
    }

    /// <summary><paramref name="destination"/>[i] = (float)<paramref name="source"/>[i], rounded to nearest.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Narrow(ReadOnlySpan<double> source, Span<float> destination)
    {
        if (source.Length != destination.Length) throw new ArgumentException("WidenedSums.Narrow: lengths differ");
        for (int i = 0; i < source.Length; i++) destination[i] = (float)source[i];
    }
}
