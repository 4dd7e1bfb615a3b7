using System;
using System.Runtime.CompilerServices;

namespace Functional.AD;

/// <summary>
/// Element type of an <see cref="NDArray"/>. Members are numbered in the order they were added (never by rank); promotion
/// follows JAX's type lattice (see <see cref="DTypes.Promote"/>).
/// </summary>
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
    /// <summary>64-bit signed integers (<c>long</c>), printed <c>i64</c>.</summary>
    Int64,
    /// <summary>8-bit unsigned integers (<c>byte</c>), printed <c>u8</c>; arithmetic wraps modulo 2^8.</summary>
    UInt8,
    /// <summary>32-bit unsigned integers (<c>uint</c>), printed <c>u32</c>; arithmetic wraps modulo 2^32.</summary>
    UInt32,
    /// <summary>IEEE half-precision floats (<see cref="Half"/>), printed <c>f16</c>; stored as f16, computed in f32.</summary>
    Float16,
    /// <summary>Brain floats (<see cref="Functional.AD.BFloat16"/>), printed <c>bf16</c>; stored as bf16, computed in f32.</summary>
    BFloat16,
}

/// <summary>Names, categories and promotion of <see cref="DType"/> values.</summary>
public static class DTypes
{
    /// <summary>The short name JAX prints: <c>bool</c>, <c>i32</c>, <c>f32</c>, <c>f64</c>, <c>i64</c>, <c>u8</c>, <c>u32</c>, <c>f16</c>, <c>bf16</c>.</summary>
    public static string ShortName(this DType dtype) => dtype switch
    {
        DType.Bool => "bool",
        DType.Int32 => "i32",
        DType.Float32 => "f32",
        DType.Float64 => "f64",
        DType.Int64 => "i64",
        DType.UInt8 => "u8",
        DType.UInt32 => "u32",
        DType.Float16 => "f16",
        DType.BFloat16 => "bf16",
        _ => throw Invalid("DTypes.ShortName", dtype),
    };

    /// <summary>The numpy name printed in primitive parameters: <c>bool</c>, <c>int32</c>, <c>float32</c>, <c>float64</c>, <c>int64</c>, <c>uint8</c>, <c>uint32</c>, <c>float16</c>, <c>bfloat16</c>.</summary>
    public static string NumpyName(this DType dtype) => dtype switch
    {
        DType.Bool => "bool",
        DType.Int32 => "int32",
        DType.Float32 => "float32",
        DType.Float64 => "float64",
        DType.Int64 => "int64",
        DType.UInt8 => "uint8",
        DType.UInt32 => "uint32",
        DType.Float16 => "float16",
        DType.BFloat16 => "bfloat16",
        _ => throw Invalid("DTypes.NumpyName", dtype),
    };

    /// <summary>True for the floating-point dtypes: f16, bf16, f32 and f64.</summary>
    public static bool IsFloat(this DType dtype) => dtype is DType.Float32 or DType.Float64 or DType.Float16 or DType.BFloat16;

    /// <summary>True for the integer dtypes, signed or unsigned: i32, i64, u8, u32 (not bool).</summary>
    public static bool IsInteger(this DType dtype) => dtype is DType.Int32 or DType.Int64 or DType.UInt8 or DType.UInt32;

    /// <summary>True for the unsigned integer dtypes u8 and u32.</summary>
    public static bool IsUnsigned(this DType dtype) => dtype is DType.UInt8 or DType.UInt32;

    /// <summary>
    /// The join of two dtypes in JAX's type lattice (both strongly typed):
    /// <c>bool &lt; u8 &lt; u32 &lt; i64</c>, <c>u8 &lt; i32 &lt; i64</c>, <c>i64 &lt; f16, bf16 &lt; f32 &lt; f64</c>,
    /// so u8 and i32 give i32, u32 and i32 give i64, any integer and f16 give f16, and f16 and bf16 give f32.
    /// </summary>
    public static DType Promote(DType a, DType b) => TypeLattice.Join(a, b);

    /// <summary>Size in bytes of one element.</summary>
    public static int ItemSize(this DType dtype) => dtype switch
    {
        DType.Bool => 1,
        DType.Int32 => 4,
        DType.Float32 => 4,
        DType.Float64 => 8,
        DType.Int64 => 8,
        DType.UInt8 => 1,
        DType.UInt32 => 4,
        DType.Float16 => 2,
        DType.BFloat16 => 2,
        _ => throw Invalid("DTypes.ItemSize", dtype),
    };

    /// <summary>
    /// The dtype kernels compute in for a dtype that is only stored: f16 and bf16 compute in f32, u8 in i32 and u32 in
    /// i64 (results are rounded or wrapped back); every other dtype computes in itself.
    /// </summary>
    internal static DType ComputeType(this DType dtype) => dtype switch
    {
        DType.Float16 or DType.BFloat16 => DType.Float32,
        DType.UInt8 => DType.Int32,
        DType.UInt32 => DType.Int64,
        _ => dtype,
    };

    /// <summary>True for the dtypes that kernels do not compute in directly (see <see cref="ComputeType"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsStorageOnly(this DType dtype) => dtype >= DType.UInt8;

    /// <summary>
    /// Throws an <see cref="ArgumentOutOfRangeException"/> naming <paramref name="operation"/> when <paramref name="dtype"/>
    /// is not one of the dtypes (a value cast from an integer).
    /// </summary>
    internal static void Check(string operation, DType dtype)
    {
        if (dtype is < DType.Bool or > DType.BFloat16) throw Invalid(operation, dtype);
    }

    private static ArgumentOutOfRangeException Invalid(string operation, DType dtype) =>
        new(nameof(dtype), dtype, $"{operation}: {(int)dtype} is not a dtype; use DType.Bool, DType.Int32, DType.Int64, DType.UInt8, DType.UInt32, DType.Float16, DType.BFloat16, DType.Float32 or DType.Float64");

    /// <summary>The dtype that stores elements of the CLR type <typeparamref name="T"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static DType Of<T>()
    {
        if (typeof(T) == typeof(double)) return DType.Float64;
        if (typeof(T) == typeof(float)) return DType.Float32;
        if (typeof(T) == typeof(int)) return DType.Int32;
        if (typeof(T) == typeof(bool)) return DType.Bool;
        if (typeof(T) == typeof(long)) return DType.Int64;
        if (typeof(T) == typeof(byte)) return DType.UInt8;
        if (typeof(T) == typeof(uint)) return DType.UInt32;
        if (typeof(T) == typeof(Half)) return DType.Float16;
        if (typeof(T) == typeof(BFloat16)) return DType.BFloat16;
        throw new NotSupportedException($"no dtype stores {typeof(T).Name}; use double, float, int, long, uint, byte, Half, BFloat16 or bool");
    }
}
