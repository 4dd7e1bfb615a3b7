using System;
using System.Runtime.CompilerServices;
using System.Numerics;
using System.Numerics.Tensors;

namespace Functional.AD;

/// <summary>A unary float kernel over contiguous spans (one per float type).</summary>
internal delegate void SpanMap<T>(ReadOnlySpan<T> x, Span<T> y);

/// <summary>A binary kernel over two equal-length contiguous spans.</summary>
internal delegate void SpanZip<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> z);

/// <summary>A binary kernel with a scalar right operand.</summary>
internal delegate void SpanZipScalar<T>(ReadOnlySpan<T> x, T y, Span<T> z);

/// <summary>A binary kernel with a scalar left operand.</summary>
internal delegate void ScalarZipSpan<T>(T x, ReadOnlySpan<T> y, Span<T> z);

/// <summary>A comparison kernel over two equal-length spans.</summary>
internal delegate void SpanCompare<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<bool> z);

/// <summary>A comparison kernel with a scalar right operand.</summary>
internal delegate void SpanCompareScalar<T>(ReadOnlySpan<T> x, T y, Span<bool> z);

/// <summary>A comparison kernel with a scalar left operand.</summary>
internal delegate void ScalarCompareSpan<T>(T x, ReadOnlySpan<T> y, Span<bool> z);

/// <summary>
/// Elementwise kernels: apply a span kernel (an <see cref="ArithmeticKernels"/> or <see cref="FastMath"/> loop) to whole
/// contiguous buffers. Binary primitives take equal shapes or one 0-d operand, so each call is one
/// span-span or span-scalar kernel invocation.
/// </summary>
internal static class ElementwiseKernels
{
    /// <summary>A unary float op: f64 and f32 kernels.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static ConcreteArray Map(NDArray x, ArrayType outType, SpanMap<double> f64, SpanMap<float> f32)
    {
        var a = (ConcreteArray)x;
        var result = BufferDonation.Output(outType, a);
        if (outType.Size == 0) return result;
        switch (outType.DType)
        {
            case DType.Float64:
                if (ParallelElementwise.Splits(outType.Size)) ParallelElementwise.Map(f64, a, result);
                else f64(a.Span<double>(), result.Writable<double>());
                return result;
            case DType.Float32:
                if (ParallelElementwise.Splits(outType.Size)) ParallelElementwise.Map(f32, a, result);
                else f32(a.Span<float>(), result.Writable<float>());
                return result;
            default:
                throw new InvalidOperationException($"float kernel called on {outType}");
        }
    }

    /// <summary>A unary numeric op that also applies to i32 (neg, abs, sign).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static ConcreteArray MapNumeric(NDArray x, ArrayType outType, SpanMap<double> f64, SpanMap<float> f32, SpanMap<int> i32, SpanMap<long>? i64 = null)
    {
        if (outType.DType == DType.Int64 && outType.Size != 0)
        {
            var l = (ConcreteArray)x;
            var r = ConcreteArray.Allocate(outType);
            (i64 ?? throw new ArgumentException($"not defined for {outType}"))(l.Span<long>(), r.Writable<long>());
            return r;
        }
        if (outType.DType != DType.Int32 || outType.Size == 0) return Map(x, outType, f64, f32);
        var a = (ConcreteArray)x;
        var result = BufferDonation.Output(outType, a);
        if (ParallelElementwise.Splits(outType.Size)) ParallelElementwise.Map(i32, a, result);
        else i32(a.Span<int>(), result.Writable<int>());
        return result;
    }

    /// <summary>The kernels of one binary op for one element type.</summary>
    internal sealed record BinaryKernels<T>(SpanZip<T> Both, SpanZipScalar<T> RightScalar, ScalarZipSpan<T> LeftScalar)
    {
        /// <summary>
        /// The operation on two scalars, for operations whose span kernels compute each element exactly as this does
        /// (IEEE add, subtract, multiply, divide): a chain of 0-d values then runs without spans. Null otherwise.
        /// </summary>
        internal Func<T, T, T>? Scalar { get; init; }
    }

    /// <summary>A binary op whose output has the operands' dtype (equal shapes, or one operand 0-d).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static ConcreteArray Zip(NDArray x, NDArray y, ArrayType outType,
        BinaryKernels<double>? f64, BinaryKernels<float>? f32, BinaryKernels<int>? i32, string name, BinaryKernels<bool>? b8 = null,
        BinaryKernels<long>? i64 = null)
    {
        var a = (ConcreteArray)x;
        var b = (ConcreteArray)y;
        switch (outType.DType)
        {
            case DType.Float64: return ZipTyped(a, b, outType, f64 ?? throw Unsupported(name, outType));
            case DType.Float32: return ZipTyped(a, b, outType, f32 ?? throw Unsupported(name, outType));
            case DType.Int32: return ZipTyped(a, b, outType, i32 ?? throw Unsupported(name, outType));
            case DType.Bool: return ZipTyped(a, b, outType, b8 ?? throw Unsupported(name, outType));
            case DType.Int64: return ZipTyped(a, b, outType, i64 ?? throw Unsupported(name, outType));
            default: throw Unsupported(name, outType);
        }
    }

    private static Exception Unsupported(string name, ArrayType t) => new ArgumentException($"{name}: not defined for {t}");

    /// <summary>
    /// A binary op on operands of element type <typeparamref name="T"/> (equal shapes, or one operand 0-d) for a kernel
    /// that handles its own dtype (u8 and u32 included), split across threads for large arrays.
    /// </summary>
    internal static ConcreteArray ZipOf<T>(NDArray x, NDArray y, ArrayType outType, BinaryKernels<T> k) where T : unmanaged =>
        ZipTyped((ConcreteArray)x, (ConcreteArray)y, outType, k);

    /// <summary>Bitwise and, or and xor over an integer element type (u8, u32, i64) with TensorPrimitives' SIMD loops.</summary>
    internal static class Bitwise<T> where T : unmanaged, IBitwiseOperators<T, T, T>
    {
        internal static readonly BinaryKernels<T> And = new(
            (x, y, z) => TensorPrimitives.BitwiseAnd(x, y, z), (x, s, z) => TensorPrimitives.BitwiseAnd(x, s, z), (s, y, z) => TensorPrimitives.BitwiseAnd(y, s, z));
        internal static readonly BinaryKernels<T> Or = new(
            (x, y, z) => TensorPrimitives.BitwiseOr(x, y, z), (x, s, z) => TensorPrimitives.BitwiseOr(x, s, z), (s, y, z) => TensorPrimitives.BitwiseOr(y, s, z));
        internal static readonly BinaryKernels<T> Xor = new(
            (x, y, z) => TensorPrimitives.Xor(x, y, z), (x, s, z) => TensorPrimitives.Xor(x, s, z), (s, y, z) => TensorPrimitives.Xor(y, s, z));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ConcreteArray ZipTyped<T>(ConcreteArray a, ConcreteArray b, ArrayType outType, BinaryKernels<T> k) where T : unmanaged
    {
        var result = BufferDonation.Output(outType, a, b);
        var z = result.Writable<T>();
        if (z.Length == 0) return result;
        if (ParallelElementwise.Splits(z.Length))
        {
            if (b.Rank == 0 && a.Rank != 0) ParallelElementwise.ZipRight(k.RightScalar, a, b.Span<T>()[0], result);
            else if (a.Rank == 0 && b.Rank != 0) ParallelElementwise.ZipLeft(k.LeftScalar, a.Span<T>()[0], b, result);
            else ParallelElementwise.Zip(k.Both, a, b, result);
            return result;
        }
        if (b.Rank == 0 && a.Rank != 0) k.RightScalar(a.Span<T>(), b.Span<T>()[0], z);
        else if (a.Rank == 0 && b.Rank != 0) k.LeftScalar(a.Span<T>()[0], b.Span<T>(), z);
        else k.Both(a.Span<T>(), b.Span<T>(), z);
        return result;
    }

    /// <summary>A comparison's span kernels for one dtype: both operands spans, a scalar right operand, a scalar left operand.</summary>
    internal sealed record ComparisonKernels<T>(SpanCompare<T> Both, SpanCompareScalar<T> RightScalar, ScalarCompareSpan<T> LeftScalar);

    /// <summary>A comparison into bools (equal shapes, or one operand 0-d), through its kernels for the operands' dtype.</summary>
    internal static ConcreteArray Compare(NDArray x, NDArray y, ArrayType outType, ComparisonKernels<double> f64,
        ComparisonKernels<float> f32, ComparisonKernels<int> i32, ComparisonKernels<bool> b8, ComparisonKernels<long> i64)
    {
        var a = (ConcreteArray)x;
        var b = (ConcreteArray)y;
        var result = ConcreteArray.Allocate(outType);
        var z = result.Writable<bool>();
        switch (a.DType)
        {
            case DType.Float64: CompareTyped(a.Span<double>(), b.Span<double>(), z, f64); break;
            case DType.Float32: CompareTyped(a.Span<float>(), b.Span<float>(), z, f32); break;
            case DType.Int32: CompareTyped(a.Span<int>(), b.Span<int>(), z, i32); break;
            case DType.Bool: CompareTyped(a.Span<bool>(), b.Span<bool>(), z, b8); break;
            case DType.Int64: CompareTyped(a.Span<long>(), b.Span<long>(), z, i64); break;
            default: throw new ArgumentException($"comparison: not defined for {a.Type}");
        }
        return result;
    }

    private static void CompareTyped<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<bool> z, ComparisonKernels<T> k)
    {
        if (a.Length == z.Length && b.Length == z.Length) k.Both(a, b, z);
        else if (b.Length == 1 && a.Length == z.Length) k.RightScalar(a, b[0], z);
        else k.LeftScalar(a[0], b, z);
    }

    /// <summary>Standard kernels for the arithmetic every numeric type has (our own loops, <see cref="ArithmeticKernels"/>).</summary>
    internal static class Std<T> where T : unmanaged, INumber<T>
    {
        internal static readonly BinaryKernels<T> Add = Of<ArithmeticKernels.AddOp<T>>((a, b) => a + b);
        internal static readonly BinaryKernels<T> Sub = Of<ArithmeticKernels.SubtractOp<T>>((a, b) => a - b);
        internal static readonly BinaryKernels<T> Mul = Of<ArithmeticKernels.MultiplyOp<T>>((a, b) => a * b);
        internal static readonly BinaryKernels<T> Div = Of<ArithmeticKernels.DivideOp<T>>((a, b) => a / b);
        internal static readonly BinaryKernels<T> Max = Of<ArithmeticKernels.MaxOp<T>>(null);
        internal static readonly BinaryKernels<T> Min = Of<ArithmeticKernels.MinOp<T>>(null);

        private static BinaryKernels<T> Of<TOp>(Func<T, T, T>? scalar) where TOp : ArithmeticKernels.IBinaryOp<T> =>
            new(ArithmeticKernels.Binary<TOp, T>, ArithmeticKernels.RightScalar<TOp, T>, ArithmeticKernels.LeftScalar<TOp, T>) { Scalar = scalar };
    }

    /// <summary>A binary kernel over longs from its scalar operation (plain loops, for the 64-bit integer dtype).</summary>
    internal static BinaryKernels<long> Int64(Func<long, long, long> op) => new(
        (x, y, z) => { for (int i = 0; i < z.Length; i++) z[i] = op(x[i], y[i]); },
        (x, s, z) => { for (int i = 0; i < z.Length; i++) z[i] = op(x[i], s); },
        (s, y, z) => { for (int i = 0; i < z.Length; i++) z[i] = op(s, y[i]); });

    /// <summary>A unary kernel over longs from its scalar operation.</summary>
    internal static SpanMap<long> Int64(Func<long, long> op) =>
        (x, y) => { for (int i = 0; i < y.Length; i++) y[i] = op(x[i]); };

    /// <summary>Integer division of longs truncating toward zero; x / 0 = 0 and long.MinValue / -1 wraps (as <see cref="IntDiv"/>).</summary>
    internal static readonly BinaryKernels<long> LongDiv = Int64((x, y) => y == 0 ? 0 : y == -1 ? unchecked(-x) : x / y);

    /// <summary>Integer power of longs by repeated squaring (wrapping); a negative exponent truncates 1/x^n toward zero.</summary>
    internal static readonly BinaryKernels<long> LongPow = Int64(LongPower);

    /// <summary>x^y for longs (see <see cref="LongPow"/>).</summary>
    internal static long LongPower(long x, long y)
    {
        if (y < 0) return x == 1 ? 1 : x == -1 ? ((y & 1) == 0 ? 1 : -1) : 0;
        long result = 1, b = x;
        while (y > 0)
        {
            if ((y & 1) != 0) result = unchecked(result * b);
            b = unchecked(b * b);
            y >>= 1;
        }
        return result;
    }

    /// <summary>Logical or of bools (the maximum of false &lt; true).</summary>
    internal static readonly BinaryKernels<bool> Or = new(
        (x, y, z) => { for (int i = 0; i < z.Length; i++) z[i] = x[i] | y[i]; },
        (x, s, z) => { for (int i = 0; i < z.Length; i++) z[i] = x[i] | s; },
        (s, y, z) => { for (int i = 0; i < z.Length; i++) z[i] = s | y[i]; });

    /// <summary>Logical and of bools (the minimum of false &lt; true).</summary>
    internal static readonly BinaryKernels<bool> And = new(
        (x, y, z) => { for (int i = 0; i < z.Length; i++) z[i] = x[i] & y[i]; },
        (x, s, z) => { for (int i = 0; i < z.Length; i++) z[i] = x[i] & s; },
        (s, y, z) => { for (int i = 0; i < z.Length; i++) z[i] = s & y[i]; });

    /// <summary>Integer power by repeated squaring; a negative exponent truncates 1/x^n toward zero (0 unless |x| = 1).</summary>
    internal static readonly BinaryKernels<int> IntPow = new(
        (x, y, z) => { for (int i = 0; i < z.Length; i++) z[i] = IntPower(x[i], y[i]); },
        (x, s, z) => { for (int i = 0; i < z.Length; i++) z[i] = IntPower(x[i], s); },
        (s, y, z) => { for (int i = 0; i < z.Length; i++) z[i] = IntPower(s, y[i]); });

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int IntPower(int x, int y)
    {
        if (y < 0) return x == 1 ? 1 : x == -1 ? ((y & 1) == 0 ? 1 : -1) : 0;
        int result = 1, b = x;
        while (y > 0)
        {
            if ((y & 1) != 0) result = unchecked(result * b);
            b = unchecked(b * b);
            y >>= 1;
        }
        return result;
    }

    /// <summary>
    /// Integer division truncating toward zero, as C and XLA do; division by zero gives 0 and int.MinValue / -1
    /// wraps to int.MinValue (two's complement), rather than a crash.
    /// </summary>
    internal static readonly BinaryKernels<int> IntDiv = new(
        (x, y, z) => { for (int i = 0; i < z.Length; i++) z[i] = IntQuotient(x[i], y[i]); },
        (x, s, z) => { for (int i = 0; i < z.Length; i++) z[i] = IntQuotient(x[i], s); },
        (s, y, z) => { for (int i = 0; i < z.Length; i++) z[i] = IntQuotient(s, y[i]); });

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int IntQuotient(int x, int y) => y == 0 ? 0 : y == -1 ? unchecked(-x) : x / y;
}
