using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Functional.AD;

/// <summary>
/// The basic arithmetic span kernels (add, subtract, multiply, divide, IEEE maximum and minimum; a multiply followed
/// by an add; negate, abs, sqrt, floor, reciprocal sqrt; sum, max and min reductions) as our own Vector512/256/128 loops over operator structs.
/// </summary>
/// <remarks>
/// Hand-written rather than <c>System.Numerics.Tensors.TensorPrimitives</c> (which computes the same values) for speed
/// from the first call: the package's assembly is not precompiled, so its loops start in unoptimized tier-0 code and
/// are only recompiled optimized by a background thread after 30 calls and a quiet spell; on one core (a one-CPU
/// container) that thread gets no time while the caller computes, and the kernels ran several times slower for
/// seconds. These loops carry <see cref="MethodImplOptions.AggressiveOptimization"/> and so are optimized at first use.
/// Maximum and minimum follow IEEE 754:2019 (a NaN operand gives NaN; -0 is less than +0), as
/// <see cref="Vector512.Max{T}"/>, <see cref="float.Max"/> and TensorPrimitives do.
/// </remarks>
internal static class ArithmeticKernels
{
    /// <summary>A binary operation on scalars and on vectors of every width.</summary>
    internal interface IBinaryOp<T> where T : unmanaged, INumber<T>
    {
        static abstract T Apply(T x, T y);
        static abstract Vector128<T> Apply(Vector128<T> x, Vector128<T> y);
        static abstract Vector256<T> Apply(Vector256<T> x, Vector256<T> y);
        static abstract Vector512<T> Apply(Vector512<T> x, Vector512<T> y);
    }

    /// <summary>A unary operation on scalars and on vectors of every width.</summary>
    internal interface IUnaryOp<T> where T : unmanaged, INumber<T>
    {
        static abstract T Apply(T x);
        static abstract Vector128<T> Apply(Vector128<T> x);
        static abstract Vector256<T> Apply(Vector256<T> x);
        static abstract Vector512<T> Apply(Vector512<T> x);
    }

    internal readonly struct AddOp<T> : IBinaryOp<T> where T : unmanaged, INumber<T>
    {
        public static T Apply(T x, T y) => x + y;
        public static Vector128<T> Apply(Vector128<T> x, Vector128<T> y) => x + y;
        public static Vector256<T> Apply(Vector256<T> x, Vector256<T> y) => x + y;
        public static Vector512<T> Apply(Vector512<T> x, Vector512<T> y) => x + y;
    }

    internal readonly struct SubtractOp<T> : IBinaryOp<T> where T : unmanaged, INumber<T>
    {
        public static T Apply(T x, T y) => x - y;
        public static Vector128<T> Apply(Vector128<T> x, Vector128<T> y) => x - y;
        public static Vector256<T> Apply(Vector256<T> x, Vector256<T> y) => x - y;
        public static Vector512<T> Apply(Vector512<T> x, Vector512<T> y) => x - y;
    }

    internal readonly struct MultiplyOp<T> : IBinaryOp<T> where T : unmanaged, INumber<T>
    {
        public static T Apply(T x, T y) => x * y;
        public static Vector128<T> Apply(Vector128<T> x, Vector128<T> y) => x * y;
        public static Vector256<T> Apply(Vector256<T> x, Vector256<T> y) => x * y;
        public static Vector512<T> Apply(Vector512<T> x, Vector512<T> y) => x * y;
    }

    internal readonly struct DivideOp<T> : IBinaryOp<T> where T : unmanaged, INumber<T>
    {
        public static T Apply(T x, T y) => x / y;
        public static Vector128<T> Apply(Vector128<T> x, Vector128<T> y) => x / y;
        public static Vector256<T> Apply(Vector256<T> x, Vector256<T> y) => x / y;
        public static Vector512<T> Apply(Vector512<T> x, Vector512<T> y) => x / y;
    }

    internal readonly struct MaxOp<T> : IBinaryOp<T> where T : unmanaged, INumber<T>
    {
        public static T Apply(T x, T y) => T.Max(x, y);
        public static Vector128<T> Apply(Vector128<T> x, Vector128<T> y) => Vector128.Max(x, y);
        public static Vector256<T> Apply(Vector256<T> x, Vector256<T> y) => Vector256.Max(x, y);
        public static Vector512<T> Apply(Vector512<T> x, Vector512<T> y) => Vector512.Max(x, y);
    }

    internal readonly struct MinOp<T> : IBinaryOp<T> where T : unmanaged, INumber<T>
    {
        public static T Apply(T x, T y) => T.Min(x, y);
        public static Vector128<T> Apply(Vector128<T> x, Vector128<T> y) => Vector128.Min(x, y);
        public static Vector256<T> Apply(Vector256<T> x, Vector256<T> y) => Vector256.Min(x, y);
        public static Vector512<T> Apply(Vector512<T> x, Vector512<T> y) => Vector512.Min(x, y);
    }

    internal readonly struct NegateOp<T> : IUnaryOp<T> where T : unmanaged, INumber<T>
    {
        public static T Apply(T x) => -x;
        public static Vector128<T> Apply(Vector128<T> x) => -x;
        public static Vector256<T> Apply(Vector256<T> x) => -x;
        public static Vector512<T> Apply(Vector512<T> x) => -x;
    }

    /// <summary>Absolute value of floats (integers have their own kernel: |int.MinValue| wraps there).</summary>
    internal readonly struct AbsOp<T> : IUnaryOp<T> where T : unmanaged, INumber<T>
    {
        public static T Apply(T x) => T.Abs(x);
        public static Vector128<T> Apply(Vector128<T> x) => Vector128.Abs(x);
        public static Vector256<T> Apply(Vector256<T> x) => Vector256.Abs(x);
        public static Vector512<T> Apply(Vector512<T> x) => Vector512.Abs(x);
    }

    internal readonly struct SqrtOp<T> : IUnaryOp<T> where T : unmanaged, INumber<T>, IRootFunctions<T>
    {
        public static T Apply(T x) => T.Sqrt(x);
        public static Vector128<T> Apply(Vector128<T> x) => Vector128.Sqrt(x);
        public static Vector256<T> Apply(Vector256<T> x) => Vector256.Sqrt(x);
        public static Vector512<T> Apply(Vector512<T> x) => Vector512.Sqrt(x);
    }

    /// <summary>1 / sqrt(x), correctly rounded division of a correctly rounded root (no approximate rsqrt instruction).</summary>
    internal readonly struct ReciprocalSqrtOp<T> : IUnaryOp<T> where T : unmanaged, INumber<T>, IRootFunctions<T>
    {
        public static T Apply(T x) => T.One / T.Sqrt(x);
        public static Vector128<T> Apply(Vector128<T> x) => Vector128<T>.One / Vector128.Sqrt(x);
        public static Vector256<T> Apply(Vector256<T> x) => Vector256<T>.One / Vector256.Sqrt(x);
        public static Vector512<T> Apply(Vector512<T> x) => Vector512<T>.One / Vector512.Sqrt(x);
    }

    /// <summary>1 / (1 + x): the last step of the logistic function 1 / (1 + e^-x) (infinity gives 0).</summary>
    internal readonly struct OneOverOnePlusOp<T> : IUnaryOp<T> where T : unmanaged, INumber<T>
    {
        public static T Apply(T x) => T.One / (T.One + x);
        public static Vector128<T> Apply(Vector128<T> x) => Vector128<T>.One / (Vector128<T>.One + x);
        public static Vector256<T> Apply(Vector256<T> x) => Vector256<T>.One / (Vector256<T>.One + x);
        public static Vector512<T> Apply(Vector512<T> x) => Vector512<T>.One / (Vector512<T>.One + x);
    }

    internal readonly struct FloorOp<T> : IUnaryOp<T> where T : unmanaged, INumber<T>, IFloatingPoint<T>
    {
        public static T Apply(T x) => T.Floor(x);
        public static Vector128<T> Apply(Vector128<T> x) => typeof(T) == typeof(float)
            ? Vector128.Floor(x.AsSingle()).As<float, T>() : Vector128.Floor(x.AsDouble()).As<double, T>();
        public static Vector256<T> Apply(Vector256<T> x) => typeof(T) == typeof(float)
            ? Vector256.Floor(x.AsSingle()).As<float, T>() : Vector256.Floor(x.AsDouble()).As<double, T>();
        public static Vector512<T> Apply(Vector512<T> x) => typeof(T) == typeof(float)
            ? Vector512.Floor(x.AsSingle()).As<float, T>() : Vector512.Floor(x.AsDouble()).As<double, T>();
    }

    /// <summary>z[i] = x[i] op y[i] over z's length (x and y at least as long; z may be x or y).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Binary<TOp, T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> z) where TOp : IBinaryOp<T> where T : unmanaged, INumber<T>
    {
        int n = z.Length;
        if (x.Length < n || y.Length < n) throw new ArgumentException("ArithmeticKernels.Binary: an operand is shorter than the result");
        ref T xr = ref MemoryMarshal.GetReference(x), yr = ref MemoryMarshal.GetReference(y), zr = ref MemoryMarshal.GetReference(z);
        nuint i = 0, count = (nuint)n;
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported)
            for (; i + (nuint)Vector512<T>.Count <= count; i += (nuint)Vector512<T>.Count)
                TOp.Apply(Vector512.LoadUnsafe(ref xr, i), Vector512.LoadUnsafe(ref yr, i)).StoreUnsafe(ref zr, i);
        else if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
            for (; i + (nuint)Vector256<T>.Count <= count; i += (nuint)Vector256<T>.Count)
                TOp.Apply(Vector256.LoadUnsafe(ref xr, i), Vector256.LoadUnsafe(ref yr, i)).StoreUnsafe(ref zr, i);
        else if (Vector128.IsHardwareAccelerated && Vector128<T>.IsSupported)
            for (; i + (nuint)Vector128<T>.Count <= count; i += (nuint)Vector128<T>.Count)
                TOp.Apply(Vector128.LoadUnsafe(ref xr, i), Vector128.LoadUnsafe(ref yr, i)).StoreUnsafe(ref zr, i);
        for (; i < count; i++) Unsafe.Add(ref zr, i) = TOp.Apply(Unsafe.Add(ref xr, i), Unsafe.Add(ref yr, i));
    }

    /// <summary>z[i] = x[i] op s over z's length (z may be x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void RightScalar<TOp, T>(ReadOnlySpan<T> x, T s, Span<T> z) where TOp : IBinaryOp<T> where T : unmanaged, INumber<T>
    {
        int n = z.Length;
        if (x.Length < n) throw new ArgumentException("ArithmeticKernels.RightScalar: the operand is shorter than the result");
        ref T xr = ref MemoryMarshal.GetReference(x), zr = ref MemoryMarshal.GetReference(z);
        nuint i = 0, count = (nuint)n;
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported)
        {
            var v = Vector512.Create(s);
            for (; i + (nuint)Vector512<T>.Count <= count; i += (nuint)Vector512<T>.Count)
                TOp.Apply(Vector512.LoadUnsafe(ref xr, i), v).StoreUnsafe(ref zr, i);
        }
        else if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
        {
            var v = Vector256.Create(s);
            for (; i + (nuint)Vector256<T>.Count <= count; i += (nuint)Vector256<T>.Count)
                TOp.Apply(Vector256.LoadUnsafe(ref xr, i), v).StoreUnsafe(ref zr, i);
        }
        else if (Vector128.IsHardwareAccelerated && Vector128<T>.IsSupported)
        {
            var v = Vector128.Create(s);
            for (; i + (nuint)Vector128<T>.Count <= count; i += (nuint)Vector128<T>.Count)
                TOp.Apply(Vector128.LoadUnsafe(ref xr, i), v).StoreUnsafe(ref zr, i);
        }
        for (; i < count; i++) Unsafe.Add(ref zr, i) = TOp.Apply(Unsafe.Add(ref xr, i), s);
    }

    /// <summary>z[i] = s op y[i] over z's length (z may be y).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void LeftScalar<TOp, T>(T s, ReadOnlySpan<T> y, Span<T> z) where TOp : IBinaryOp<T> where T : unmanaged, INumber<T>
    {
        int n = z.Length;
        if (y.Length < n) throw new ArgumentException("ArithmeticKernels.LeftScalar: the operand is shorter than the result");
        ref T yr = ref MemoryMarshal.GetReference(y), zr = ref MemoryMarshal.GetReference(z);
        nuint i = 0, count = (nuint)n;
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported)
        {
            var v = Vector512.Create(s);
            for (; i + (nuint)Vector512<T>.Count <= count; i += (nuint)Vector512<T>.Count)
                TOp.Apply(v, Vector512.LoadUnsafe(ref yr, i)).StoreUnsafe(ref zr, i);
        }
        else if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
        {
            var v = Vector256.Create(s);
            for (; i + (nuint)Vector256<T>.Count <= count; i += (nuint)Vector256<T>.Count)
                TOp.Apply(v, Vector256.LoadUnsafe(ref yr, i)).StoreUnsafe(ref zr, i);
        }
        else if (Vector128.IsHardwareAccelerated && Vector128<T>.IsSupported)
        {
            var v = Vector128.Create(s);
            for (; i + (nuint)Vector128<T>.Count <= count; i += (nuint)Vector128<T>.Count)
                TOp.Apply(v, Vector128.LoadUnsafe(ref yr, i)).StoreUnsafe(ref zr, i);
        }
        for (; i < count; i++) Unsafe.Add(ref zr, i) = TOp.Apply(s, Unsafe.Add(ref yr, i));
    }

    /// <summary>y[i] = op(x[i]) over y's length (y may be x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Unary<TOp, T>(ReadOnlySpan<T> x, Span<T> y) where TOp : IUnaryOp<T> where T : unmanaged, INumber<T>
    {
        int n = y.Length;
        if (x.Length < n) throw new ArgumentException("ArithmeticKernels.Unary: the operand is shorter than the result");
        ref T xr = ref MemoryMarshal.GetReference(x), yr = ref MemoryMarshal.GetReference(y);
        nuint i = 0, count = (nuint)n;
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported)
            for (; i + (nuint)Vector512<T>.Count <= count; i += (nuint)Vector512<T>.Count)
                TOp.Apply(Vector512.LoadUnsafe(ref xr, i)).StoreUnsafe(ref yr, i);
        else if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
            for (; i + (nuint)Vector256<T>.Count <= count; i += (nuint)Vector256<T>.Count)
                TOp.Apply(Vector256.LoadUnsafe(ref xr, i)).StoreUnsafe(ref yr, i);
        else if (Vector128.IsHardwareAccelerated && Vector128<T>.IsSupported)
            for (; i + (nuint)Vector128<T>.Count <= count; i += (nuint)Vector128<T>.Count)
                TOp.Apply(Vector128.LoadUnsafe(ref xr, i)).StoreUnsafe(ref yr, i);
        for (; i < count; i++) Unsafe.Add(ref yr, i) = TOp.Apply(Unsafe.Add(ref xr, i));
    }

    /// <summary>
    /// z[i] = ±(x[i] * y[i]) ± w[i] over z's length: the product is rounded before the sum (no fused multiply-add), so
    /// the result is bit for bit a multiply followed by an add or subtract (negation is exact: <c>w - x*y</c> is
    /// <c>-(x*y) + w</c>). Operands at least as long as z; z may be any of them.
    /// </summary>
    /// <param name="x">First factor.</param>
    /// <param name="y">Second factor.</param>
    /// <param name="w">Addend.</param>
    /// <param name="z">Result.</param>
    /// <param name="negateProduct">Subtract the product instead of adding it.</param>
    /// <param name="negateAddend">Subtract the addend instead of adding it.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void MultiplyAdd<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> w, Span<T> z, bool negateProduct, bool negateAddend)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = z.Length;
        if (x.Length < n || y.Length < n || w.Length < n) throw new ArgumentException("ArithmeticKernels.MultiplyAdd: an operand is shorter than the result");
        ref T xr = ref MemoryMarshal.GetReference(x), yr = ref MemoryMarshal.GetReference(y), wr = ref MemoryMarshal.GetReference(w), zr = ref MemoryMarshal.GetReference(z);
        T signP = negateProduct ? T.NegativeZero : T.Zero, signW = negateAddend ? T.NegativeZero : T.Zero;
        nuint i = 0, count = (nuint)n;
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported)
        {
            Vector512<T> sp = Vector512.Create(signP), sw = Vector512.Create(signW);
            for (; i + (nuint)Vector512<T>.Count <= count; i += (nuint)Vector512<T>.Count)
                (((Vector512.LoadUnsafe(ref xr, i) * Vector512.LoadUnsafe(ref yr, i)) ^ sp) + (Vector512.LoadUnsafe(ref wr, i) ^ sw)).StoreUnsafe(ref zr, i);
        }
        else if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
        {
            Vector256<T> sp = Vector256.Create(signP), sw = Vector256.Create(signW);
            for (; i + (nuint)Vector256<T>.Count <= count; i += (nuint)Vector256<T>.Count)
                (((Vector256.LoadUnsafe(ref xr, i) * Vector256.LoadUnsafe(ref yr, i)) ^ sp) + (Vector256.LoadUnsafe(ref wr, i) ^ sw)).StoreUnsafe(ref zr, i);
        }
        else if (Vector128.IsHardwareAccelerated && Vector128<T>.IsSupported)
        {
            Vector128<T> sp = Vector128.Create(signP), sw = Vector128.Create(signW);
            for (; i + (nuint)Vector128<T>.Count <= count; i += (nuint)Vector128<T>.Count)
                (((Vector128.LoadUnsafe(ref xr, i) * Vector128.LoadUnsafe(ref yr, i)) ^ sp) + (Vector128.LoadUnsafe(ref wr, i) ^ sw)).StoreUnsafe(ref zr, i);
        }
        for (; i < count; i++)
        {
            T product = Unsafe.Add(ref xr, i) * Unsafe.Add(ref yr, i);
            T addend = Unsafe.Add(ref wr, i);
            Unsafe.Add(ref zr, i) = (negateProduct ? -product : product) + (negateAddend ? -addend : addend);
        }
    }

    /// <summary>
    /// z[i] = ±(x[i] * s) ± w[i] over z's length: <see cref="MultiplyAdd{T}"/> with a scalar second factor.
    /// </summary>
    /// <param name="x">First factor.</param>
    /// <param name="s">Second factor, the same for every element.</param>
    /// <param name="w">Addend.</param>
    /// <param name="z">Result.</param>
    /// <param name="negateProduct">Subtract the product instead of adding it.</param>
    /// <param name="negateAddend">Subtract the addend instead of adding it.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void MultiplyScalarAdd<T>(ReadOnlySpan<T> x, T s, ReadOnlySpan<T> w, Span<T> z, bool negateProduct, bool negateAddend)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = z.Length;
        if (x.Length < n || w.Length < n) throw new ArgumentException("ArithmeticKernels.MultiplyScalarAdd: an operand is shorter than the result");
        ref T xr = ref MemoryMarshal.GetReference(x), wr = ref MemoryMarshal.GetReference(w), zr = ref MemoryMarshal.GetReference(z);
        T signP = negateProduct ? T.NegativeZero : T.Zero, signW = negateAddend ? T.NegativeZero : T.Zero;
        nuint i = 0, count = (nuint)n;
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported)
        {
            Vector512<T> sv = Vector512.Create(s), sp = Vector512.Create(signP), sw = Vector512.Create(signW);
            for (; i + (nuint)Vector512<T>.Count <= count; i += (nuint)Vector512<T>.Count)
                (((Vector512.LoadUnsafe(ref xr, i) * sv) ^ sp) + (Vector512.LoadUnsafe(ref wr, i) ^ sw)).StoreUnsafe(ref zr, i);
        }
        else if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
        {
            Vector256<T> sv = Vector256.Create(s), sp = Vector256.Create(signP), sw = Vector256.Create(signW);
            for (; i + (nuint)Vector256<T>.Count <= count; i += (nuint)Vector256<T>.Count)
                (((Vector256.LoadUnsafe(ref xr, i) * sv) ^ sp) + (Vector256.LoadUnsafe(ref wr, i) ^ sw)).StoreUnsafe(ref zr, i);
        }
        else if (Vector128.IsHardwareAccelerated && Vector128<T>.IsSupported)
        {
            Vector128<T> sv = Vector128.Create(s), sp = Vector128.Create(signP), sw = Vector128.Create(signW);
            for (; i + (nuint)Vector128<T>.Count <= count; i += (nuint)Vector128<T>.Count)
                (((Vector128.LoadUnsafe(ref xr, i) * sv) ^ sp) + (Vector128.LoadUnsafe(ref wr, i) ^ sw)).StoreUnsafe(ref zr, i);
        }
        for (; i < count; i++)
        {
            T product = Unsafe.Add(ref xr, i) * s;
            T addend = Unsafe.Add(ref wr, i);
            Unsafe.Add(ref zr, i) = (negateProduct ? -product : product) + (negateAddend ? -addend : addend);
        }
    }

    /// <summary>
    /// x[0] op x[1] op ... for an associative, commutative op (sum, max, min), in an order that depends on the vector
    /// width; <paramref name="empty"/> for an empty span.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static T Aggregate<TOp, T>(ReadOnlySpan<T> x, T empty) where TOp : IBinaryOp<T> where T : unmanaged, INumber<T>
    {
        if (x.IsEmpty) return empty;
        ref T xr = ref MemoryMarshal.GetReference(x);
        nuint i = 0, count = (nuint)x.Length;
        T result;
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported && count >= (nuint)Vector512<T>.Count)
        {
            var acc = Vector512.LoadUnsafe(ref xr);
            for (i = (nuint)Vector512<T>.Count; i + (nuint)Vector512<T>.Count <= count; i += (nuint)Vector512<T>.Count)
                acc = TOp.Apply(acc, Vector512.LoadUnsafe(ref xr, i));
            result = acc[0];
            for (int k = 1; k < Vector512<T>.Count; k++) result = TOp.Apply(result, acc[k]);
        }
        else if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported && count >= (nuint)Vector256<T>.Count)
        {
            var acc = Vector256.LoadUnsafe(ref xr);
            for (i = (nuint)Vector256<T>.Count; i + (nuint)Vector256<T>.Count <= count; i += (nuint)Vector256<T>.Count)
                acc = TOp.Apply(acc, Vector256.LoadUnsafe(ref xr, i));
            result = acc[0];
            for (int k = 1; k < Vector256<T>.Count; k++) result = TOp.Apply(result, acc[k]);
        }
        else if (Vector128.IsHardwareAccelerated && Vector128<T>.IsSupported && count >= (nuint)Vector128<T>.Count)
        {
            var acc = Vector128.LoadUnsafe(ref xr);
            for (i = (nuint)Vector128<T>.Count; i + (nuint)Vector128<T>.Count <= count; i += (nuint)Vector128<T>.Count)
                acc = TOp.Apply(acc, Vector128.LoadUnsafe(ref xr, i));
            result = acc[0];
            for (int k = 1; k < Vector128<T>.Count; k++) result = TOp.Apply(result, acc[k]);
        }
        else
        {
            result = xr;
            i = 1;
        }
        for (; i < count; i++) result = TOp.Apply(result, Unsafe.Add(ref xr, i));
        return result;
    }

    /// <summary>The sum of <paramref name="x"/> (0 when empty).</summary>
    internal static T Sum<T>(ReadOnlySpan<T> x) where T : unmanaged, INumber<T> => Aggregate<AddOp<T>, T>(x, T.Zero);

    /// <summary>The IEEE maximum of a non-empty span (NaN if any element is NaN).</summary>
    internal static T Max<T>(ReadOnlySpan<T> x) where T : unmanaged, INumber<T> =>
        x.IsEmpty ? throw new ArgumentException("ArithmeticKernels.Max: the span is empty") : Aggregate<MaxOp<T>, T>(x, T.Zero);

    /// <summary>The IEEE minimum of a non-empty span (NaN if any element is NaN).</summary>
    internal static T Min<T>(ReadOnlySpan<T> x) where T : unmanaged, INumber<T> =>
        x.IsEmpty ? throw new ArgumentException("ArithmeticKernels.Min: the span is empty") : Aggregate<MinOp<T>, T>(x, T.Zero);
}
