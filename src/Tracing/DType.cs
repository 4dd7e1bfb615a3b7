using System;
using System.Runtime.CompilerServices;

namespace Functional.AD;

/// <summary>Element type of an <see cref="NDArray"/>. Promotion order: Bool &lt; Int32 &lt; Float32 &lt; Float64.</summary>
public enum DType
{
    /// <summary>Booleans (<c>bool</c>), printed <c>bool</c>.</summary>
    Bool,
    /// <summary>32-bit signed integers (<c>int</c>), printed <c>i32</c>.</summary>
    Int32,
    /// <summary>32-bit floats (<c>float</c>), printed <c>f32</c>.</summary>
    Float32,
    /// <summary>64-bit floats (<c>double</c>), printed <c>f64</c>.</summary>
    Float64,
}

/// <summary>Names, categories and promotion of <see cref="DType"/> values.</summary>
public static class DTypes
{
    /// <summary>The short name JAX prints: <c>bool</c>, <c>i32</c>, <c>f32</c>, <c>f64</c>.</summary>
    public static string ShortName(this DType dtype) => dtype switch
    {
        DType.Bool => "bool",
        DType.Int32 => "i32",
        DType.Float32 => "f32",
        DType.Float64 => "f64",
        _ => throw Invalid("DTypes.ShortName", dtype),
    };

    /// <summary>The numpy name printed in primitive parameters: <c>bool</c>, <c>int32</c>, <c>float32</c>, <c>float64</c>.</summary>
    public static string NumpyName(this DType dtype) => dtype switch
    {
        DType.Bool => "bool",
        DType.Int32 => "int32",
        DType.Float32 => "float32",
        DType.Float64 => "float64",
        _ => throw Invalid("DTypes.NumpyName", dtype),
    };

    /// <summary>True for <see cref="DType.Float32"/> and <see cref="DType.Float64"/>.</summary>
    public static bool IsFloat(this DType dtype) => dtype >= DType.Float32;

    /// <summary>The larger of two dtypes in the order bool &lt; i32 &lt; f32 &lt; f64.</summary>
    public static DType Promote(DType a, DType b) => a >= b ? a : b;

    /// <summary>Size in bytes of one element.</summary>
    public static int ItemSize(this DType dtype) => dtype switch
    {
        DType.Bool => 1,
        DType.Int32 => 4,
        DType.Float32 => 4,
        DType.Float64 => 8,
        _ => throw Invalid("DTypes.ItemSize", dtype),
    };

    /// <summary>
    /// Throws an <see cref="ArgumentOutOfRangeException"/> naming <paramref name="operation"/> when <paramref name="dtype"/>
    /// is not one of the four dtypes (a value cast from an integer).
    /// </summary>
    internal static void Check(string operation, DType dtype)
    {
        if (dtype is < DType.Bool or > DType.Float64) throw Invalid(operation, dtype);
    }

    private static ArgumentOutOfRangeException Invalid(string operation, DType dtype) =>
        new(nameof(dtype), dtype, $"{operation}: {(int)dtype} is not a dtype; use DType.Bool, DType.Int32, DType.Float32 or DType.Float64");

    /// <summary>The dtype that stores elements of the CLR type <typeparamref name="T"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static DType Of<T>()
    {
        if (typeof(T) == typeof(double)) return DType.Float64;
        if (typeof(T) == typeof(float)) return DType.Float32;
        if (typeof(T) == typeof(int)) return DType.Int32;
        if (typeof(T) == typeof(bool)) return DType.Bool;
        throw new NotSupportedException($"no dtype stores {typeof(T).Name}; use double, float, int or bool");
    }
}
