using System;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Functional.AD;

internal static partial class FastMath
{
    /// <summary>
    /// The float vector operations a compiled fused loop (<c>FusedTileCompiler</c>) calls, at the width the f32
    /// span kernels run at on this machine (512 bits, else 256 with FMA, else 128; null without SIMD). Each function
    /// gives the bits its span kernel gives for the same vector of a tile: the same path choice per vector, and the
    /// tail as one zero-padded vector.
    /// </summary>
    internal static Type? SingleLanesType()
    {
        if (Vector512.IsHardwareAccelerated) return typeof(SingleLanes<Ops512, Vector512<double>, Vector512<float>>);
        if (Vector256.IsHardwareAccelerated && Fma.IsSupported) return typeof(SingleLanes<Ops256, Vector256<double>, Vector256<float>>);
        if (Vector128.IsHardwareAccelerated) return typeof(SingleLanes<Ops128, Vector128<double>, Vector128<float>>);
        return null;
    }

    /// <summary>
    /// What the float and double lanes for compiled loops share: loads and stores (whole, and of a zero-padded tail)
    /// and the lane-wise arithmetic, with the operators the span kernels use.
    /// </summary>
    /// <typeparam name="TL">The lane operations of the width.</typeparam>
    /// <typeparam name="TV">The vector type.</typeparam>
    /// <typeparam name="T">The element type.</typeparam>
    private abstract class VectorLanes<TL, TV, T> where TL : struct, ILanes<TV, T> where TV : struct where T : struct
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Load(ref T source, nint at) => TL.Load(ref Unsafe.Add(ref source, at));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(TV value, ref T destination, nint at) => TL.Store(value, ref Unsafe.Add(ref destination, at));

        /// <summary>The <paramref name="rest"/> elements from <paramref name="at"/>, zero-padded to a vector (as the span kernels pad their tail).</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static TV LoadPadded(ref T source, nint at, int rest)
        {
            TV v = default;
            ref T lanes = ref Unsafe.As<TV, T>(ref v);
            for (int j = 0; j < rest; j++) Unsafe.Add(ref lanes, j) = Unsafe.Add(ref source, at + j);
            return v;
        }

        /// <summary>Stores the first <paramref name="rest"/> lanes.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void StorePartial(TV value, ref T destination, nint at, int rest)
        {
            ref T lanes = ref Unsafe.As<TV, T>(ref value);
            for (int j = 0; j < rest; j++) Unsafe.Add(ref destination, at + j) = Unsafe.Add(ref lanes, j);
        }

        /// <summary>The first <paramref name="rest"/> lanes, the others zero.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static TV KeepFirst(TV value, int rest)
        {
            TV v = default;
            ref T lanes = ref Unsafe.As<TV, T>(ref v);
            ref T source = ref Unsafe.As<TV, T>(ref value);
            for (int j = 0; j < rest; j++) Unsafe.Add(ref lanes, j) = Unsafe.Add(ref source, j);
            return v;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Add(TV a, TV b) => TL.Add(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Subtract(TV a, TV b) => TL.Subtract(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Multiply(TV a, TV b) => TL.Multiply(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Divide(TV a, TV b) => TL.Divide(a, b);

        /// <summary>x·x, as the kernel of <c>integer_pow</c> with exponent 2 computes it.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Square(TV x) => TL.Multiply(x, x);

        /// <summary>The correctly rounded square root, as <see cref="ArithmeticKernels.SqrtOp{T}"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Sqrt(TV x)
        {
            if (typeof(TV) == typeof(Vector512<T>)) { var r = Vector512.Sqrt(Unsafe.As<TV, Vector512<T>>(ref x)); return Unsafe.As<Vector512<T>, TV>(ref r); }
            if (typeof(TV) == typeof(Vector256<T>)) { var r = Vector256.Sqrt(Unsafe.As<TV, Vector256<T>>(ref x)); return Unsafe.As<Vector256<T>, TV>(ref r); }
            var q = Vector128.Sqrt(Unsafe.As<TV, Vector128<T>>(ref x));
            return Unsafe.As<Vector128<T>, TV>(ref q);
        }

        /// <summary>1 / sqrt(x), both correctly rounded, as <see cref="ArithmeticKernels.ReciprocalSqrtOp{T}"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV ReciprocalSqrt(TV x)
        {
            if (typeof(TV) == typeof(Vector512<T>)) { var r = Vector512<T>.One / Vector512.Sqrt(Unsafe.As<TV, Vector512<T>>(ref x)); return Unsafe.As<Vector512<T>, TV>(ref r); }
            if (typeof(TV) == typeof(Vector256<T>)) { var r = Vector256<T>.One / Vector256.Sqrt(Unsafe.As<TV, Vector256<T>>(ref x)); return Unsafe.As<Vector256<T>, TV>(ref r); }
            var q = Vector128<T>.One / Vector128.Sqrt(Unsafe.As<TV, Vector128<T>>(ref x));
            return Unsafe.As<Vector128<T>, TV>(ref q);
        }

        /// <summary>(x·y ^ productSign) + (w ^ addendSign), as <see cref="ArithmeticKernels.MultiplyAdd{T}"/> (signs −0 or +0).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV MultiplyAdd(TV x, TV y, TV w, TV productSign, TV addendSign) =>
            TL.Add(TL.Xor(TL.Multiply(x, y), productSign), TL.Xor(w, addendSign));
    }

    /// <summary>One vector width's float operations for compiled loops (see <see cref="SingleLanesType"/>); looked up by name.</summary>
    private sealed class SingleLanes<TOps, TD, TF> : VectorLanes<TOps, TF, float> where TOps : struct, IVectorOps<TD, TF> where TD : struct where TF : struct
    {
        /// <summary>Floats per vector.</summary>
        public static int Count => 2 * TOps.DoubleCount;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TF Splat(float value) => TOps.SplatSingle(value);

        /// <summary>−x as <see cref="ArithmeticKernels.NegateOp{T}"/> computes it (the vector negation operator).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TF Negate(TF x)
        {
            if (typeof(TF) == typeof(Vector512<float>)) { var r = -Unsafe.As<TF, Vector512<float>>(ref x); return Unsafe.As<Vector512<float>, TF>(ref r); }
            if (typeof(TF) == typeof(Vector256<float>)) { var r = -Unsafe.As<TF, Vector256<float>>(ref x); return Unsafe.As<Vector256<float>, TF>(ref r); }
            var q = -Unsafe.As<TF, Vector128<float>>(ref x);
            return Unsafe.As<Vector128<float>, TF>(ref q);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TF Tanh(TF x) => Apply<TanhSingle>(x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TF Exp(TF x) => Apply<ExpSingle>(x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TF ErfInv(TF x) => Apply<ErfInvSingle>(x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TF Sin(TF x) => Apply<CircularSingleLanes<SinSingle>>(x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TF Cos(TF x) => Apply<CircularSingleLanes<CosSingle>>(x);

        /// <summary>The sine, and the cosine in <paramref name="cos"/>, as the span kernel <c>FastMath.SinCos</c> gives them.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TF SinCos(TF x, out TF cos)
        {
            if (SinCosSingleIsCommon<TOps, TD, TF>(x)) return SinCosSingleLanesBoth<TOps, TD, TF>(x, out cos);
            cos = SinCosSingleGeneral<CosSingle, TOps, TD, TF>(x);
            return SinCosSingleGeneral<SinSingle, TOps, TD, TF>(x);
        }

        // The tail forms: the function of the first rest lanes as the span kernel computes its zero-padded tail
        // (lanes past the tail may hold anything after arithmetic, 0/0 say, and the path choice looks at every lane).
        public static TF TanhTail(TF x, int rest) => Tanh(KeepFirst(x, rest));

        public static TF ExpTail(TF x, int rest) => Exp(KeepFirst(x, rest));

        public static TF ErfInvTail(TF x, int rest) => ErfInv(KeepFirst(x, rest));

        public static TF SinTail(TF x, int rest) => Sin(KeepFirst(x, rest));

        public static TF CosTail(TF x, int rest) => Cos(KeepFirst(x, rest));

        public static TF SinCosTail(TF x, int rest, out TF cos) => SinCos(KeepFirst(x, rest), out cos);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static TF Apply<TK>(TF x) where TK : struct, ISingleKernel =>
            TK.IsCommon<TOps, TD, TF>(x) ? TK.EvaluateCommon<TOps, TD, TF>(x) : TK.Evaluate<TOps, TD, TF>(x);
    }

    /// <summary>
    /// The double vector operations for compiled fused loops, at the width of the f64 span kernels (as
    /// <see cref="SingleLanesType"/>); null without SIMD.
    /// </summary>
    internal static Type? DoubleLanesType()
    {
        if (Vector512.IsHardwareAccelerated) return typeof(DoubleLanes<Ops512, Vector512<double>, Vector512<float>>);
        if (Vector256.IsHardwareAccelerated && Fma.IsSupported) return typeof(DoubleLanes<Ops256, Vector256<double>, Vector256<float>>);
        if (Vector128.IsHardwareAccelerated) return typeof(DoubleLanes<Ops128, Vector128<double>, Vector128<float>>);
        return null;
    }

    /// <summary>One vector width's double operations for compiled loops (see <see cref="DoubleLanesType"/>); looked up by name.</summary>
    private sealed class DoubleLanes<TOps, TD, TF> : VectorLanes<TOps, TD, double> where TOps : struct, IVectorOps<TD, TF> where TD : struct where TF : struct
    {
        /// <summary>Doubles per vector.</summary>
        public static int Count => TOps.DoubleCount;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TD Splat(double value) => TOps.Splat(value);

        /// <summary>−x as <see cref="ArithmeticKernels.NegateOp{T}"/> computes it (the vector negation operator).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TD Negate(TD x)
        {
            if (typeof(TD) == typeof(Vector512<double>)) { var r = -Unsafe.As<TD, Vector512<double>>(ref x); return Unsafe.As<Vector512<double>, TD>(ref r); }
            if (typeof(TD) == typeof(Vector256<double>)) { var r = -Unsafe.As<TD, Vector256<double>>(ref x); return Unsafe.As<Vector256<double>, TD>(ref r); }
            var q = -Unsafe.As<TD, Vector128<double>>(ref x);
            return Unsafe.As<Vector128<double>, TD>(ref q);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TD Tanh(TD x) => Apply<TanhDouble>(x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TD Exp(TD x) => Apply<ExpDouble>(x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TD Sin(TD x) => Apply<CircularDouble<SinSingle>>(x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TD Cos(TD x) => Apply<CircularDouble<CosSingle>>(x);

        public static TD TanhTail(TD x, int rest) => Tail<TanhDouble>(x, rest);

        public static TD ExpTail(TD x, int rest) => Tail<ExpDouble>(x, rest);

        public static TD SinTail(TD x, int rest) => Tail<CircularDouble<SinSingle>>(x, rest);

        public static TD CosTail(TD x, int rest) => Tail<CircularDouble<CosSingle>>(x, rest);

        /// <summary>A vector as MapDouble evaluates it: lanes past the kernel's range (or NaN, when it says so) send the whole vector to the scalar function.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static TD Apply<TK>(TD x) where TK : struct, IKernel
        {
            double limit = TK.Limit(TOps.IsFused);
            bool check = TK.ScalarNaN || limit < double.PositiveInfinity;
            if (check && (TK.ScalarNaN ? TOps.AnyAbsAboveOrNaN(x, limit) : TOps.AnyAbsGreater(x, limit))) return Scalar<TK>(x, Count);
            return TK.Evaluate<TOps, TD, TF>(x);
        }

        /// <summary>The tail as MapDouble computes it: up to two elements by the scalar function, more as a zero-padded vector.</summary>
        private static TD Tail<TK>(TD x, int rest) where TK : struct, IKernel
        {
            return rest <= 2 ? Scalar<TK>(x, rest) : Apply<TK>(KeepFirst(x, rest));
        }

        /// <summary>The scalar function of the first <paramref name="lanes"/> lanes (the others zero).</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static TD Scalar<TK>(TD x, int lanes) where TK : struct, IKernel
        {
            TD r = default;
            ref double result = ref Unsafe.As<TD, double>(ref r);
            ref double source = ref Unsafe.As<TD, double>(ref x);
            for (int j = 0; j < lanes; j++) Unsafe.Add(ref result, j) = TK.Scalar(Unsafe.Add(ref source, j));
            return r;
        }
    }

    /// <summary>A public static method of a <see cref="SingleLanesType"/> or <see cref="DoubleLanesType"/> class, by name (for the fused loop compiler).</summary>
    internal static MethodInfo Lane(Type lanes, string name) =>
        lanes.GetMethod(name, BindingFlags.Public | BindingFlags.Static | BindingFlags.FlattenHierarchy) ?? throw new MissingMethodException(lanes.Name, name);
}
