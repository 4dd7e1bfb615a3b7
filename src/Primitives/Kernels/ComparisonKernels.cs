using System;
using System.Runtime.CompilerServices;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Functional.AD;

/// <summary>One comparison as a generic operator (a struct, so every use is specialized by the JIT compiler).</summary>
internal interface IComparison
{
    /// <summary>The comparison of <paramref name="a"/> with <paramref name="b"/> (IEEE semantics for floats: NaN compares false, but unequal).</summary>
    static abstract bool Test<T>(T a, T b) where T : IComparisonOperators<T, T, bool>;
}

/// <summary>a == b.</summary>
internal readonly struct EqualTo : IComparison { public static bool Test<T>(T a, T b) where T : IComparisonOperators<T, T, bool> => a == b; }

/// <summary>a != b.</summary>
internal readonly struct NotEqualTo : IComparison { public static bool Test<T>(T a, T b) where T : IComparisonOperators<T, T, bool> => a != b; }

/// <summary>a &lt; b.</summary>
internal readonly struct LessThan : IComparison { public static bool Test<T>(T a, T b) where T : IComparisonOperators<T, T, bool> => a < b; }

/// <summary>a &lt;= b.</summary>
internal readonly struct LessThanOrEqual : IComparison { public static bool Test<T>(T a, T b) where T : IComparisonOperators<T, T, bool> => a <= b; }

/// <summary>a &gt; b.</summary>
internal readonly struct GreaterThan : IComparison { public static bool Test<T>(T a, T b) where T : IComparisonOperators<T, T, bool> => a > b; }

/// <summary>a &gt;= b.</summary>
internal readonly struct GreaterThanOrEqual : IComparison { public static bool Test<T>(T a, T b) where T : IComparisonOperators<T, T, bool> => a >= b; }

/// <summary>
/// The span kernels of comparison <typeparamref name="TOp"/>, for every dtype: the one definition that the eager
/// kernel and the fused tiles of <c>eq ne lt le gt ge</c> share. Bools compare as 0 and 1 (false &lt; true).
/// </summary>
internal static class ComparisonKernels<TOp> where TOp : struct, IComparison
{
    /// <summary>The kernels for operands of type <typeparamref name="T"/>.</summary>
    internal static ElementwiseKernels.ComparisonKernels<T> For<T>() where T : unmanaged, IComparisonOperators<T, T, bool> =>
        new(Both, RightScalar, LeftScalar);

    /// <summary>The kernels for bool operands (compared as bytes 0 and 1).</summary>
    internal static readonly ElementwiseKernels.ComparisonKernels<bool> Bool = new(
        (x, y, z) => Both(MemoryMarshal.Cast<bool, byte>(x), MemoryMarshal.Cast<bool, byte>(y), z),
        (x, y, z) => RightScalar(MemoryMarshal.Cast<bool, byte>(x), y ? (byte)1 : (byte)0, z),
        (x, y, z) => LeftScalar(x ? (byte)1 : (byte)0, MemoryMarshal.Cast<bool, byte>(y), z));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Both<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<bool> z) where T : IComparisonOperators<T, T, bool>
    {
        for (int i = 0; i < z.Length; i++) z[i] = TOp.Test(x[i], y[i]);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RightScalar<T>(ReadOnlySpan<T> x, T y, Span<bool> z) where T : IComparisonOperators<T, T, bool>
    {
        for (int i = 0; i < z.Length; i++) z[i] = TOp.Test(x[i], y);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void LeftScalar<T>(T x, ReadOnlySpan<T> y, Span<bool> z) where T : IComparisonOperators<T, T, bool>
    {
        for (int i = 0; i < z.Length; i++) z[i] = TOp.Test(x, y[i]);
    }
}
