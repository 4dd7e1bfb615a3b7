using System;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Functional.AD;

internal static partial class FastMath
{
    /// <summary>
    /// The float vector operations a compiled fused loop (<see cref="FusedTileCompiler"/>) calls, at the width the f32
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

    /// <summary>One vector width's float operations for compiled loops (see <see cref="SingleLanesType"/>); looked up by name.</summary>
    private static class SingleLanes<TOps, TD, TF> where TOps : struct, IVectorOps<TD, TF> where TD : struct where TF : struct
    {
        /// <summary>Floats per vector.</summary>
        public static int Count => 2 * TOps.DoubleCount;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TF Load(ref float source, nint at) => TOps.Load(ref Unsafe.Add(ref source, at));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(TF value, ref float destination, nint at) => TOps.Store(value, ref Unsafe.Add(ref destination, at));

        /// <summary>The <paramref name="rest"/> elements from <paramref name="at"/>, zero-padded to a vector (as the span kernels pad their tail).</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static TF LoadPadded(ref float source, nint at, int rest)
        {
            TF v = default;
            ref float lanes = ref Unsafe.As<TF, float>(ref v);
            for (int j = 0; j < rest; j++) Unsafe.Add(ref lanes, j) = Unsafe.Add(ref source, at + j);
            return v;
        }

        /// <summary>Stores the first <paramref name="rest"/> lanes.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void StorePartial(TF value, ref float destination, nint at, int rest)
        {
            ref float lanes = ref Unsafe.As<TF, float>(ref value);
            for (int j = 0; j < rest; j++) Unsafe.Add(ref destination, at + j) = Unsafe.Add(ref lanes, j);
        }

        /// <summary>
        /// The first <paramref name="rest"/> lanes, the others zero: the argument a span kernel gives a function on its
        /// zero-padded tail (lanes past the tail may hold anything after arithmetic, 0/0 say, and a function's path
        /// choice looks at every lane).
        /// </summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static TF KeepFirst(TF value, int rest)
        {
            TF v = default;
            ref float lanes = ref Unsafe.As<TF, float>(ref v);
            ref float source = ref Unsafe.As<TF, float>(ref value);
            for (int j = 0; j < rest; j++) Unsafe.Add(ref lanes, j) = Unsafe.Add(ref source, j);
            return v;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TF Splat(float value) => TOps.SplatSingle(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TF Add(TF a, TF b) => TOps.Add(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TF Subtract(TF a, TF b) => TOps.Subtract(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TF Multiply(TF a, TF b) => TOps.Multiply(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TF Divide(TF a, TF b) => TOps.Divide(a, b);

        /// <summary>−x as <see cref="ArithmeticKernels.NegateOp{T}"/> computes it (the vector negation operator).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TF Negate(TF x)
        {
            if (typeof(TF) == typeof(Vector512<float>)) { var r = -Unsafe.As<TF, Vector512<float>>(ref x); return Unsafe.As<Vector512<float>, TF>(ref r); }
            if (typeof(TF) == typeof(Vector256<float>)) { var r = -Unsafe.As<TF, Vector256<float>>(ref x); return Unsafe.As<Vector256<float>, TF>(ref r); }
            var q = -Unsafe.As<TF, Vector128<float>>(ref x);
            return Unsafe.As<Vector128<float>, TF>(ref q);
        }

        /// <summary>(x·y ^ productSign) + (w ^ addendSign), as <see cref="ArithmeticKernels.MultiplyAdd{T}"/> (signs −0 or +0).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TF MultiplyAdd(TF x, TF y, TF w, TF productSign, TF addendSign) =>
            TOps.Add(TOps.Xor(TOps.Multiply(x, y), productSign), TOps.Xor(w, addendSign));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TF Tanh(TF x) => Apply<TanhSingle>(x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TF Exp(TF x) => Apply<ExpSingle>(x);

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

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static TF Apply<TK>(TF x) where TK : struct, ISingleKernel =>
            TK.IsCommon<TOps, TD, TF>(x) ? TK.EvaluateCommon<TOps, TD, TF>(x) : TK.Evaluate<TOps, TD, TF>(x);
    }

    /// <summary>A public static method of a <see cref="SingleLanesType"/> class, by name (for the fused loop compiler).</summary>
    internal static MethodInfo SingleLane(Type lanes, string name) =>
        lanes.GetMethod(name, BindingFlags.Public | BindingFlags.Static) ?? throw new MissingMethodException(lanes.Name, name);
}
