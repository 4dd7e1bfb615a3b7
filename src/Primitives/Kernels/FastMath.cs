using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Functional.AD;

// The machinery every FastMath function shares: the constants of the rounding trick, the argument checks, the
// choice of vector width, the loops over a span (whole vectors, then the tail through a padded vector) and the
// kernel contracts. Each function lives in its own file (FastMath.SinCos.cs, FastMath.Exp.cs, FastMath.Tanh.cs),
// the lane operations of each vector width in FastMath.VectorOps.cs.

/// <summary>
/// Vectorized span kernels for sine and cosine (float and double) and the double exponential, faster than
/// <see cref="System.Numerics.Tensors.TensorPrimitives"/> on AVX2 hardware and at least as accurate.
/// </summary>
/// <remarks>
/// <para>
/// <b>Method.</b> Every kernel is a classic three-step evaluation, run on SIMD lanes of
/// <see cref="Vector512{T}"/>, <see cref="Vector256{T}"/> or <see cref="Vector128{T}"/> (the widest the
/// hardware accelerates, chosen when the JIT compiles the method; without a hardware fused multiply–add the
/// 128-bit path uses separate multiply and add with reduction constants made for that):
/// </para>
/// <list type="number">
/// <item><description><b>Quotient.</b> <c>n = round(x / c)</c> with <c>c = π</c> (float sine/cosine),
/// <c>c = π/2</c> (double sine/cosine) or <c>c = ln 2</c> (exponential). The rounding adds and subtracts
/// <c>1.5·2⁵²</c>: after the addition the integer <c>n</c> sits in the low mantissa bits, so its parity (or its
/// value mod 4, or the exponent to add) is read from the bit pattern without a float-to-integer conversion.</description></item>
/// <item><description><b>Cody–Waite reduction.</b> <c>r = x − n·c</c>, subtracting <c>c</c> split into
/// several doubles (<c>c ≈ C1 + C2 + C3 (+ C4)</c>). With a fused multiply–add the first step
/// <c>x − n·C1</c> is exact for every argument below the range limit (both terms are multiples of
/// <c>ulp(C1)</c> and the difference is below 2); without FMA the leading parts carry only
/// <c>53 − log2(n_max)</c> significant bits so that every product <c>n·Ci</c> is exact. The split constants
/// were computed by truncating <c>c</c>, then the remainders, to the stated number of bits (rounding the last
/// part) in 100-digit arithmetic (mpmath). How many parts are needed was checked against the worst cases of
/// <c>|x − n·c|</c> over all doubles (floats) in each binade, found from the continued-fraction convergents of
/// <c>c/ulp</c>: at least 2⁻⁶⁰·⁵ for doubles below 2³¹ and 2⁻²⁶·⁸ for floats below 2²⁸. The double sine/cosine
/// keep the reduced argument as a sum <c>rh + rl</c> (see <see cref="SinCosDouble{TOps, TD, TF}"/>). Lanes whose
/// magnitude exceeds the kernel's limit (and ±∞) are computed by <see cref="Math"/> instead: when any lane of a
/// vector is over the limit the whole vector takes the scalar path.</description></item>
/// <item><description><b>Polynomial.</b> Odd <c>sin r ≈ r + r³·P(r²)</c>, even <c>cos r ≈ 1 − r²/2 + r⁴·Q(r²)</c>,
/// <c>eʳ ≈ 1 + r + r²·E(r)</c>, whose coefficients are weighted minimax (Remez exchange) fits minimizing the
/// relative error of <c>P</c>, <c>Q</c>, <c>E</c>, computed for this file in mpmath at 60 digits and rounded to
/// double; each fit's final relative error (with the rounded coefficients) is stated at its constants.</description></item>
/// </list>
/// <para>
/// <b>float</b> sine and cosine run on float lanes for |x| up to about 6437 (see <c>FastMath.SinCos.cs</c>: at most 1 ulp
/// from <c>(float)Math.Sin(x)</c>); vectors with a larger, infinite or NaN lane take the double-widened kernels
/// <see cref="SinSingle"/>/<see cref="CosSingle"/>, which widen each float vector to two double vectors, reduce by π (one odd polynomial of
/// degree 11 on <c>[−π/2, π/2]</c>; <c>cos x = ∓sin(x − (m + ½)π)</c>, which keeps full relative accuracy near the
/// zeros of cosine) and narrow the result: the double-precision value has relative error below 2⁻³³, so the float
/// result is the correctly rounded one except within 2⁻⁹ ulp of a rounding boundary. Verified over every float
/// with |x| ≤ 2²⁵: at most 0.5016 ulp from the exact value (at most 1 ulp from <c>(float)Math.Sin((double)x)</c>).
/// <b>double</b> sine/cosine reduce by π/2 to <c>[−π/4, π/4]</c> and evaluate both polynomials (degree 13 and 14),
/// selecting per lane by the quadrant's parity: about 1 ulp at worst (1.03 ulp from the exact value in an mpmath
/// check of 180 000 hard and random arguments; sweeps of 2·10⁸ arguments find at most 1 ulp difference from
/// <see cref="Math.Sin(double)"/>/<see cref="Math.Cos(double)"/>). The double exponential likewise (1.02 ulp, at most
/// 1 ulp from <see cref="Math.Exp(double)"/>).
/// </para>
/// <para>
/// Special values follow IEEE/<see cref="Math"/>: <c>sin(±0) = ±0</c>, <c>cos(±0) = 1</c>, NaN → NaN, ±∞ → NaN,
/// subnormals return themselves for sine; <c>exp(−∞) = 0</c>, <c>exp(+∞) = +∞</c>, overflow → +∞, subnormal results
/// exact as <see cref="Math.Exp(double)"/>. The destination must be at least as long as the source; the two may
/// be the same memory (in-place), but may not overlap otherwise.
/// </para>
/// </remarks>
internal static partial class FastMath
{
    // ----------------------------------------------------------------------------------------------
    // Constants shared by the kernels
    // ----------------------------------------------------------------------------------------------

    /// <summary>1.5·2⁵²: adding it rounds a double of magnitude below 2⁵¹ to an integer held in the low mantissa bits.</summary>
    private const double RoundingShift = 6755399441055744.0;

    /// <summary>The bit pattern of the sign bit of a double, as a double (−0.0).</summary>
    private const double SignBit = -0.0;

    // ----------------------------------------------------------------------------------------------
    // Drivers
    // ----------------------------------------------------------------------------------------------

    /// <summary>True when <see cref="Vector128"/> multiply–add can be fused in hardware (x86 FMA3 or Arm64 AdvSimd).</summary>
    private static bool Fused128 => Fma.IsSupported || AdvSimd.Arm64.IsSupported;

    /// <summary>Checks the destination length and rejects partial overlap (exact aliasing is allowed).</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="x">The source.</param>
    /// <param name="y">The destination.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Validate<T>(ReadOnlySpan<T> x, Span<T> y)
    {
        if (y.Length < x.Length) throw new ArgumentException("Destination is shorter than the source.", nameof(y));
        if (x.Overlaps(y, out int offset) && offset != 0)
            throw new ArgumentException("Source and destination overlap without being the same memory.", nameof(y));
    }

    /// <summary>Applies a double kernel over a span, choosing the vector width at JIT time.</summary>
    /// <typeparam name="TK">The kernel.</typeparam>
    /// <param name="x">The source.</param>
    /// <param name="y">The destination.</param>
    private static void MapDouble<TK>(ReadOnlySpan<double> x, Span<double> y) where TK : struct, IKernel
        => Map<double, DoubleLoop<TK>>(x, y);

    /// <summary>Applies a float-lane kernel over a span, choosing the vector width at JIT time.</summary>
    /// <typeparam name="TK">The kernel (evaluated on float lanes, without widening).</typeparam>
    /// <param name="x">The source.</param>
    /// <param name="y">The destination.</param>
    private static void MapSingleLanes<TK>(ReadOnlySpan<float> x, Span<float> y) where TK : struct, ISingleKernel
        => Map<float, SingleLoop<TK>>(x, y);

    /// <summary>
    /// Checks the spans, then runs the loop <typeparamref name="TLoop"/> at the widest vector width the hardware
    /// accelerates (a JIT-time choice: 512 bits, else 256 with FMA, else 128), or its scalar form without SIMD.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <typeparam name="TLoop">The loop over the span (the kernel is its type argument).</typeparam>
    /// <param name="x">The source.</param>
    /// <param name="y">The destination.</param>
    /// <remarks>The loops themselves are kept out of line (as the JIT chose before this dispatch was shared): inlined
    /// into the entry point, they used up its inlining budget and left calls in the loop body.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Map<T, TLoop>(ReadOnlySpan<T> x, Span<T> y) where TLoop : struct, ISpanLoop<T>
    {
        Validate(x, y);
        if (Vector512.IsHardwareAccelerated)
            TLoop.Run<Ops512, Vector512<double>, Vector512<float>>(x, y);
        else if (Vector256.IsHardwareAccelerated && Fma.IsSupported)
            TLoop.Run<Ops256, Vector256<double>, Vector256<float>>(x, y);
        else if (Vector128.IsHardwareAccelerated)
            TLoop.Run<Ops128, Vector128<double>, Vector128<float>>(x, y);
        else
            TLoop.RunScalar(x, y);
    }

    /// <summary>A loop applying one kernel over a span, at a vector width given as type arguments or without SIMD.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    private interface ISpanLoop<T>
    {
        /// <summary>Runs the loop with the vector operations <typeparamref name="TOps"/>.</summary>
        /// <typeparam name="TOps">The vector operations of this width.</typeparam>
        /// <typeparam name="TD">The double vector type.</typeparam>
        /// <typeparam name="TF">The float vector type of the same width.</typeparam>
        /// <param name="x">The source.</param>
        /// <param name="y">The destination.</param>
        static abstract void Run<TOps, TD, TF>(ReadOnlySpan<T> x, Span<T> y) where TOps : struct, IVectorOps<TD, TF> where TD : struct where TF : struct;

        /// <summary>Runs the kernel's scalar function element by element (hardware without SIMD acceleration).</summary>
        /// <param name="x">The source.</param>
        /// <param name="y">The destination.</param>
        static abstract void RunScalar(ReadOnlySpan<T> x, Span<T> y);
    }

    /// <summary>The double loop of <see cref="MapDouble{TK}"/>.</summary>
    /// <typeparam name="TK">The kernel.</typeparam>
    private readonly struct DoubleLoop<TK> : ISpanLoop<double> where TK : struct, IKernel
    {
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Run<TOps, TD, TF>(ReadOnlySpan<double> x, Span<double> y) where TOps : struct, IVectorOps<TD, TF> where TD : struct where TF : struct
            => MapDouble<TK, TOps, TD, TF>(x, y);

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void RunScalar(ReadOnlySpan<double> x, Span<double> y)
        {
            for (int i = 0; i < x.Length; i++) y[i] = TK.Scalar(x[i]);
        }
    }

    /// <summary>The float-lane loop of <see cref="MapSingleLanes{TK}"/>.</summary>
    /// <typeparam name="TK">The kernel.</typeparam>
    private readonly struct SingleLoop<TK> : ISpanLoop<float> where TK : struct, ISingleKernel
    {
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Run<TOps, TD, TF>(ReadOnlySpan<float> x, Span<float> y) where TOps : struct, IVectorOps<TD, TF> where TD : struct where TF : struct
            => MapSingleLanes<TK, TOps, TD, TF>(x, y);

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void RunScalar(ReadOnlySpan<float> x, Span<float> y)
        {
            for (int i = 0; i < x.Length; i++) y[i] = TK.Scalar(x[i]);
        }
    }

    /// <summary>
    /// The double loop for one vector width: whole vectors, then the remainder through a zero-padded
    /// vector-sized local, so that nothing is read twice after being written (safe in place).
    /// </summary>
    /// <typeparam name="TK">The kernel.</typeparam>
    /// <typeparam name="TOps">The vector operations of this width.</typeparam>
    /// <typeparam name="TD">The double vector type.</typeparam>
    /// <typeparam name="TF">The float vector type of the same width.</typeparam>
    /// <param name="x">The source.</param>
    /// <param name="y">The destination.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void MapDouble<TK, TOps, TD, TF>(ReadOnlySpan<double> x, Span<double> y)
        where TK : struct, IKernel where TOps : struct, IVectorOps<TD, TF> where TD : struct where TF : struct
    {
        ref double xs = ref MemoryMarshal.GetReference(x);
        ref double ys = ref MemoryMarshal.GetReference(y);
        int length = x.Length, width = TOps.DoubleCount, i = 0;
        double limit = TK.Limit(TOps.IsFused);
        // A kernel with an infinite limit and no NaN escape evaluates every vector itself (a JIT-time constant).
        bool check = TK.ScalarNaN || limit < double.PositiveInfinity;
        // Two vectors per iteration while both are in range (as in MapSingleLanes); a vector out of range ends it.
        for (; i <= length - 2 * width; i += 2 * width)
        {
            TD v0 = TOps.Load(ref Unsafe.Add(ref xs, i));
            TD v1 = TOps.Load(ref Unsafe.Add(ref xs, i + width));
            if (check && (TK.ScalarNaN ? TOps.AnyAbsAboveOrNaN(v0, limit) || TOps.AnyAbsAboveOrNaN(v1, limit)
                                       : TOps.AnyAbsGreater(v0, limit) || TOps.AnyAbsGreater(v1, limit)))
                break;
            TD r0 = TK.Evaluate<TOps, TD, TF>(v0);
            TD r1 = TK.Evaluate<TOps, TD, TF>(v1);
            TOps.Store(r0, ref Unsafe.Add(ref ys, i));
            TOps.Store(r1, ref Unsafe.Add(ref ys, i + width));
        }
        for (; i <= length - width; i += width)
        {
            TD v = TOps.Load(ref Unsafe.Add(ref xs, i));
            if (check && (TK.ScalarNaN ? TOps.AnyAbsAboveOrNaN(v, limit) : TOps.AnyAbsGreater(v, limit)))
                for (int j = i; j < i + width; j++) Unsafe.Add(ref ys, j) = TK.Scalar(Unsafe.Add(ref xs, j));
            else
                TOps.Store(TK.Evaluate<TOps, TD, TF>(v), ref Unsafe.Add(ref ys, i));
        }
        if (i == length) return;
        int rest = length - i;
        if (rest <= 2)
        {
            // A vector evaluation costs about two scalar ones: short tails (and 1-element arrays) go scalar.
            for (int j = i; j < length; j++) Unsafe.Add(ref ys, j) = TK.Scalar(Unsafe.Add(ref xs, j));
            return;
        }
        TD tail = default;
        ref double tr = ref Unsafe.As<TD, double>(ref tail);
        for (int j = 0; j < rest; j++) Unsafe.Add(ref tr, j) = Unsafe.Add(ref xs, i + j);
        if (check && (TK.ScalarNaN ? TOps.AnyAbsAboveOrNaN(tail, limit) : TOps.AnyAbsGreater(tail, limit)))
        {
            for (int j = i; j < length; j++) Unsafe.Add(ref ys, j) = TK.Scalar(Unsafe.Add(ref xs, j));
            return;
        }
        tail = TK.Evaluate<TOps, TD, TF>(tail);
        for (int j = 0; j < rest; j++) Unsafe.Add(ref ys, i + j) = Unsafe.Add(ref tr, j);
    }

    /// <summary>
    /// The float-lane loop for one vector width: whole vectors (each through the kernel's common path when
    /// <see cref="ISingleKernel.IsCommon"/> holds for all its lanes, else its general path), then the remainder,
    /// of any length, through a zero-padded vector-sized local, so that every element gets the same vector
    /// evaluation wherever it sits in the span (and nothing is read after being written: safe in place).
    /// </summary>
    /// <typeparam name="TK">The kernel.</typeparam>
    /// <typeparam name="TOps">The vector operations of this width.</typeparam>
    /// <typeparam name="TD">The double vector type.</typeparam>
    /// <typeparam name="TF">The float vector type of the same width.</typeparam>
    /// <param name="x">The source.</param>
    /// <param name="y">The destination.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void MapSingleLanes<TK, TOps, TD, TF>(ReadOnlySpan<float> x, Span<float> y)
        where TK : struct, ISingleKernel where TOps : struct, IVectorOps<TD, TF> where TD : struct where TF : struct
    {
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float ys = ref MemoryMarshal.GetReference(y);
        int length = x.Length, width = 2 * TOps.DoubleCount, i = 0;
        // Two vectors per iteration while both take the common path: their independent chains overlap in the
        // out-of-order window (tanh 0.54 -> 0.49 ns per element, sine 0.28 -> 0.22 on the AVX-512 machine measured).
        for (; i <= length - 2 * width; i += 2 * width)
        {
            TF v0 = TOps.Load(ref Unsafe.Add(ref xs, i));
            TF v1 = TOps.Load(ref Unsafe.Add(ref xs, i + width));
            if (TK.IsCommon<TOps, TD, TF>(v0) && TK.IsCommon<TOps, TD, TF>(v1))
            {
                TF r0 = TK.EvaluateCommon<TOps, TD, TF>(v0);
                TF r1 = TK.EvaluateCommon<TOps, TD, TF>(v1);
                TOps.Store(r0, ref Unsafe.Add(ref ys, i));
                TOps.Store(r1, ref Unsafe.Add(ref ys, i + width));
            }
            else
            {
                break;   // the single-vector loop below finishes: each vector takes the path it would take alone
            }
        }
        for (; i <= length - width; i += width)
        {
            TF v = TOps.Load(ref Unsafe.Add(ref xs, i));
            // Separate stores on the two paths keep the result in a register (a merged value is spilled).
            if (TK.IsCommon<TOps, TD, TF>(v))
                TOps.Store(TK.EvaluateCommon<TOps, TD, TF>(v), ref Unsafe.Add(ref ys, i));
            else
                TOps.Store(TK.Evaluate<TOps, TD, TF>(v), ref Unsafe.Add(ref ys, i));
        }
        if (i == length) return;
        int rest = length - i;
        TF tail = default;
        ref float tr = ref Unsafe.As<TF, float>(ref tail);
        for (int j = 0; j < rest; j++) Unsafe.Add(ref tr, j) = Unsafe.Add(ref xs, i + j);
        tail = TK.IsCommon<TOps, TD, TF>(tail) ? TK.EvaluateCommon<TOps, TD, TF>(tail) : TK.Evaluate<TOps, TD, TF>(tail);
        for (int j = 0; j < rest; j++) Unsafe.Add(ref ys, i + j) = Unsafe.Add(ref tr, j);
    }

    /// <summary>Widens a float vector to double lanes, applies the kernel and narrows back.</summary>
    /// <typeparam name="TK">The kernel.</typeparam>
    /// <typeparam name="TOps">The vector operations.</typeparam>
    /// <typeparam name="TD">The double vector type.</typeparam>
    /// <typeparam name="TF">The float vector type.</typeparam>
    /// <param name="v">The float arguments.</param>
    /// <returns>The float results.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TF EvaluateSingle<TK, TOps, TD, TF>(TF v)
        where TK : struct, IKernel where TOps : struct, IVectorOps<TD, TF> where TD : struct where TF : struct
    {
        (TD lo, TD hi) = TOps.Widen(v);
        return TOps.Narrow(TK.Evaluate<TOps, TD, TF>(lo), TK.Evaluate<TOps, TD, TF>(hi));
    }

    // ----------------------------------------------------------------------------------------------
    // Kernel contracts
    // ----------------------------------------------------------------------------------------------

    /// <summary>An elementwise function: a vector evaluation on double lanes and its scalar reference.</summary>
    private interface IKernel
    {
        /// <summary>Evaluates the function on every lane (all lanes are within the kernel's range limit, or NaN).</summary>
        /// <typeparam name="TOps">The vector operations.</typeparam>
        /// <typeparam name="TD">The double vector type.</typeparam>
        /// <typeparam name="TF">The float vector type.</typeparam>
        /// <param name="x">The arguments.</param>
        /// <returns>The results.</returns>
        static abstract TD Evaluate<TOps, TD, TF>(TD x) where TOps : struct, IVectorOps<TD, TF> where TD : struct where TF : struct;

        /// <summary>Whether NaN lanes must also take the scalar path (the kernel's bit manipulation could turn them into numbers).</summary>
        static abstract bool ScalarNaN { get; }

        /// <summary>The largest |x| the vector path accepts, given whether multiply–add is fused.</summary>
        /// <param name="fused">Whether the vector operations fuse multiply–add.</param>
        /// <returns>The limit.</returns>
        static abstract double Limit(bool fused);

        /// <summary>The scalar function used for lanes beyond the range limit.</summary>
        /// <param name="x">The argument.</param>
        /// <returns>The result.</returns>
        static abstract double Scalar(double x);
    }

    /// <summary>
    /// An elementwise single-precision function evaluated on float lanes (eight per 256-bit vector, twice as many
    /// as widened double lanes), with a common path for the usual arguments and a general path for any.
    /// </summary>
    private interface ISingleKernel
    {
        /// <summary>Whether every lane can take <see cref="EvaluateCommon"/>.</summary>
        /// <typeparam name="TOps">The vector operations.</typeparam>
        /// <typeparam name="TD">The double vector type.</typeparam>
        /// <typeparam name="TF">The float vector type.</typeparam>
        /// <param name="x">The arguments.</param>
        /// <returns>True when the common path is valid for all lanes.</returns>
        static abstract bool IsCommon<TOps, TD, TF>(TF x) where TOps : struct, IVectorOps<TD, TF> where TD : struct where TF : struct;

        /// <summary>Evaluates the function on lanes that all satisfy <see cref="IsCommon"/>.</summary>
        /// <typeparam name="TOps">The vector operations.</typeparam>
        /// <typeparam name="TD">The double vector type.</typeparam>
        /// <typeparam name="TF">The float vector type.</typeparam>
        /// <param name="x">The arguments.</param>
        /// <returns>The results.</returns>
        static abstract TF EvaluateCommon<TOps, TD, TF>(TF x) where TOps : struct, IVectorOps<TD, TF> where TD : struct where TF : struct;

        /// <summary>Evaluates the function on any lanes (±∞, NaN and out-of-range values included).</summary>
        /// <typeparam name="TOps">The vector operations.</typeparam>
        /// <typeparam name="TD">The double vector type.</typeparam>
        /// <typeparam name="TF">The float vector type.</typeparam>
        /// <param name="x">The arguments.</param>
        /// <returns>The results.</returns>
        static abstract TF Evaluate<TOps, TD, TF>(TF x) where TOps : struct, IVectorOps<TD, TF> where TD : struct where TF : struct;

        /// <summary>The function for hardware without SIMD acceleration.</summary>
        /// <param name="x">The argument.</param>
        /// <returns>The result.</returns>
        static abstract float Scalar(float x);
    }
}
