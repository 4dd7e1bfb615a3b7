using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Functional.AD;

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
    // Public entry points
    // ----------------------------------------------------------------------------------------------

    /// <summary>Computes <c>y[i] = sin(x[i])</c> for double-precision values (about 1 ulp at worst).</summary>
    /// <param name="x">The arguments, in radians.</param>
    /// <param name="y">The destination; at least <c>x.Length</c> long; may be the same memory as <paramref name="x"/>.</param>
    internal static void Sin(ReadOnlySpan<double> x, Span<double> y) => MapDouble<SinDouble>(x, y);

    /// <summary>Computes <c>y[i] = cos(x[i])</c> for double-precision values (about 1 ulp at worst).</summary>
    /// <param name="x">The arguments, in radians.</param>
    /// <param name="y">The destination; at least <c>x.Length</c> long; may be the same memory as <paramref name="x"/>.</param>
    internal static void Cos(ReadOnlySpan<double> x, Span<double> y) => MapDouble<CosDouble>(x, y);

    /// <summary>Computes <c>y[i] = exp(x[i])</c> for double-precision values (about 1 ulp at worst).</summary>
    /// <param name="x">The exponents.</param>
    /// <param name="y">The destination; at least <c>x.Length</c> long; may be the same memory as <paramref name="x"/>.</param>
    internal static void Exp(ReadOnlySpan<double> x, Span<double> y) => MapDouble<ExpDouble>(x, y);

    // ----------------------------------------------------------------------------------------------
    // Constants
    // ----------------------------------------------------------------------------------------------

    /// <summary>1.5·2⁵²: adding it rounds a double of magnitude below 2⁵¹ to an integer held in the low mantissa bits.</summary>
    private const double RoundingShift = 6755399441055744.0;

    /// <summary>The bit pattern of the sign bit of a double, as a double (−0.0).</summary>
    private const double SignBit = -0.0;

    // The split constants below are all positive (parts other than the last are truncated, or rounded down):
    // for x = ±0 the reduction then only adds −0 products, so the reduced argument keeps the sign of zero.

    /// <summary>1/π rounded to double (float kernels' quadrant estimate).</summary>
    private const double InvPi = 0.3183098861837907;

    /// <summary>2/π rounded to double (double kernels' quadrant estimate).</summary>
    private const double TwoOverPi = 0.6366197723675814;

    /// <summary>π rounded to double (float kernels, FMA reduction, part 1; below π).</summary>
    private const double PiF1 = 3.141592653589793;

    /// <summary>(π − PiF1) rounded to double; what remains of π is below 2⁻¹⁰⁸.</summary>
    private const double PiF2 = 1.2246467991473532e-16;

    /// <summary>π truncated to 28 bits: with <c>|n| &lt; 2²³</c> (also half-integers), <c>n·PiA</c> is exact even without FMA.</summary>
    private const double PiA = 3.141592651605606;

    /// <summary>(π − PiA) truncated to 28 bits.</summary>
    private const double PiB = 1.9841871479187034e-09;

    /// <summary>(π − PiA − PiB) rounded to double; what remains of π is below 2⁻¹¹³.</summary>
    private const double PiC = 1.1442377452219664e-17;

    /// <summary>π/2 rounded to double (FMA reduction, part 1).</summary>
    private const double HalfPiF1 = 1.5707963267948966;

    /// <summary>(π/2 − HalfPiF1) truncated to double (FMA reduction, part 2).</summary>
    private const double HalfPiF2 = 6.123233995736765e-17;

    /// <summary>(π/2 − HalfPiF1 − HalfPiF2) rounded to double; what remains is below 2⁻¹⁶⁰.</summary>
    private const double HalfPiF3 = 1.082856673921914e-32;

    /// <summary>π/2 truncated to 37 bits (reduction without FMA: <c>n·HalfPiU1</c> is exact for <c>|n| &lt; 2¹⁶</c>).</summary>
    private const double HalfPiU1 = 1.5707963267923333;

    /// <summary>(π/2 − HalfPiU1) truncated to 37 bits.</summary>
    private const double HalfPiU2 = 2.5633441515839558e-12;

    /// <summary>(π/2 − HalfPiU1 − HalfPiU2) truncated to 37 bits.</summary>
    private const double HalfPiU3 = 1.0562999066944068e-23;

    /// <summary>The rest of π/2 rounded to double; what remains is below 2⁻¹⁶⁸.</summary>
    private const double HalfPiU4 = 4.3359050650618903e-35;

    /// <summary>
    /// Largest |x| the float kernels reduce themselves: |n| = |x|/π stays below 2²³, so every product with
    /// <see cref="PiA"/>/<see cref="PiB"/> is exact. Verified exhaustively over every float below the limit.
    /// </summary>
    private const float SingleLimit = 16777216f;

    /// <summary>Largest |x| the double kernels reduce themselves with FMA (|n| &lt; 2²⁶).</summary>
    private const double DoubleLimitFused = 1e8;

    /// <summary>Largest |x| the double kernels reduce themselves without FMA (|n| &lt; 2¹⁶, see <see cref="HalfPiU1"/>).</summary>
    private const double DoubleLimitUnfused = 1e5;

    // sin r ≈ r·(1 + S1 z + S2 z² + S3 z³ + S4 z⁴ + S5 z⁵), z = r², |r| ≤ π/2·1.0001. Remez fit of the relative
    // error of (sin r − r)/r³; final relative error 1.0e-10 (2⁻³³·²) with these double coefficients.

    /// <summary>Float-kernel sine coefficient of r³.</summary>
    private const double FS1 = -0.1666666666371858;
    /// <summary>Float-kernel sine coefficient of r⁵.</summary>
    private const double FS2 = 0.008333332747846598;
    /// <summary>Float-kernel sine coefficient of r⁷.</summary>
    private const double FS3 = -0.00019841082340248128;
    /// <summary>Float-kernel sine coefficient of r⁹.</summary>
    private const double FS4 = 2.7536190115071832e-06;
    /// <summary>Float-kernel sine coefficient of r¹¹.</summary>
    private const double FS5 = -2.4074646699920713e-08;

    // sin r ≈ r + r³·(S1 + S2 z + ... + S6 z⁵), |r| ≤ π/4·1.00001; final relative error 2.0e-17 (2⁻⁵⁵·⁴).

    /// <summary>Double-kernel sine coefficient of r³.</summary>
    private const double DS1 = -0.16666666666666666;
    /// <summary>Double-kernel sine coefficient of r⁵.</summary>
    private const double DS2 = 0.008333333333330924;
    /// <summary>Double-kernel sine coefficient of r⁷.</summary>
    private const double DS3 = -0.00019841269836727446;
    /// <summary>Double-kernel sine coefficient of r⁹.</summary>
    private const double DS4 = 2.7557316088417145e-06;
    /// <summary>Double-kernel sine coefficient of r¹¹.</summary>
    private const double DS5 = -2.50511292243349e-08;
    /// <summary>Double-kernel sine coefficient of r¹³.</summary>
    private const double DS6 = 1.591795920465797e-10;

    // cos r ≈ 1 − z/2 + z²·(C1 + C2 z + ... + C6 z⁵), |r| ≤ π/4·1.00001; final relative error 1.2e-18 (2⁻⁵⁹·⁵).

    /// <summary>Double-kernel cosine coefficient of r⁴.</summary>
    private const double DC1 = 0.041666666666666664;
    /// <summary>Double-kernel cosine coefficient of r⁶.</summary>
    private const double DC2 = -0.0013888888888887387;
    /// <summary>Double-kernel cosine coefficient of r⁸.</summary>
    private const double DC3 = 2.4801587298753e-05;
    /// <summary>Double-kernel cosine coefficient of r¹⁰.</summary>
    private const double DC4 = -2.755731726596172e-07;
    /// <summary>Double-kernel cosine coefficient of r¹².</summary>
    private const double DC5 = 2.087614519776663e-09;
    /// <summary>Double-kernel cosine coefficient of r¹⁴.</summary>
    private const double DC6 = -1.1382562861523369e-11;

    /// <summary>log₂e rounded to double.</summary>
    private const double Log2E = 1.4426950408889634;

    /// <summary>ln 2 rounded to double (below ln 2): with FMA, <c>x − n·Ln2F1</c> is exact for <c>|n| ≤ 1022</c>
    /// (both terms are multiples of 2⁻⁵³ and the difference is below ½).</summary>
    private const double Ln2F1 = 0.6931471805599453;

    /// <summary>(ln 2 − Ln2F1) rounded to double; what remains is below 2⁻¹⁰⁸.</summary>
    private const double Ln2F2 = 2.3190468138462996e-17;

    /// <summary>ln 2 truncated to 42 bits: without FMA, <c>n·Ln2U1</c> is exact for <c>|n| ≤ 1022</c>.</summary>
    private const double Ln2U1 = 0.6931471805598903;

    /// <summary>(ln 2 − Ln2U1) rounded to double; what remains is below 2⁻¹⁰².</summary>
    private const double Ln2U2 = 5.497923018708371e-14;

    /// <summary>
    /// Largest |x| the exponential kernel evaluates in vectors: |n| = |x|·log₂e ≤ 1022 keeps 2ⁿ and the result
    /// normal doubles; larger |x| (overflow, subnormal results), ±∞ and NaN take <see cref="Math.Exp(double)"/>.
    /// </summary>
    private const double ExpLimit = 708.0;

    // e^r ≈ 1 + r + r²·(E2 + E3 r + … + E11 r⁹), |r| ≤ ln2/2·1.0001; final relative error 2⁻⁵⁵·⁸ (double kernel).

    /// <summary>Double-kernel exponential coefficient of r².</summary>
    private const double DE2 = 0.5000000000000001;
    /// <summary>Double-kernel exponential coefficient of r³.</summary>
    private const double DE3 = 0.16666666666666644;
    /// <summary>Double-kernel exponential coefficient of r⁴.</summary>
    private const double DE4 = 0.04166666666662431;
    /// <summary>Double-kernel exponential coefficient of r⁵.</summary>
    private const double DE5 = 0.008333333333356199;
    /// <summary>Double-kernel exponential coefficient of r⁶.</summary>
    private const double DE6 = 0.0013888888917138404;
    /// <summary>Double-kernel exponential coefficient of r⁷.</summary>
    private const double DE7 = 0.00019841269784670685;
    /// <summary>Double-kernel exponential coefficient of r⁸.</summary>
    private const double DE8 = 2.4801521396298663e-05;
    /// <summary>Double-kernel exponential coefficient of r⁹.</summary>
    private const double DE9 = 2.7557355503569093e-06;
    /// <summary>Double-kernel exponential coefficient of r¹⁰.</summary>
    private const double DE10 = 2.7620046671107256e-07;
    /// <summary>Double-kernel exponential coefficient of r¹¹.</summary>
    private const double DE11 = 2.5068169833213268e-08;

    // ----------------------------------------------------------------------------------------------
    // Drivers
    // ----------------------------------------------------------------------------------------------

    /// <summary>True when <see cref="Vector128"/> multiply–add can be fused in hardware (x86 FMA3 or Arm64 AdvSimd).</summary>
    private static bool Fused128 => Fma.IsSupported || AdvSimd.Arm64.IsSupported;

    /// <summary>Checks the destination length and rejects partial overlap (exact aliasing is allowed).</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="x">The source.</param>
    /// <param name="y">The destination.</param>
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
    {
        Validate(x, y);
        if (Vector512.IsHardwareAccelerated)
            MapDouble<TK, Ops512, Vector512<double>, Vector512<float>>(x, y);
        else if (Vector256.IsHardwareAccelerated && Fma.IsSupported)
            MapDouble<TK, Ops256, Vector256<double>, Vector256<float>>(x, y);
        else if (Vector128.IsHardwareAccelerated && Fused128)
            MapDouble<TK, Ops128Fused, Vector128<double>, Vector128<float>>(x, y);
        else if (Vector128.IsHardwareAccelerated)
            MapDouble<TK, Ops128, Vector128<double>, Vector128<float>>(x, y);
        else
            for (int i = 0; i < x.Length; i++) y[i] = TK.Scalar(x[i]);
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
    private static void MapDouble<TK, TOps, TD, TF>(ReadOnlySpan<double> x, Span<double> y)
        where TK : struct, IKernel where TOps : struct, IVectorOps<TD, TF> where TD : struct where TF : struct
    {
        ref double xs = ref MemoryMarshal.GetReference(x);
        ref double ys = ref MemoryMarshal.GetReference(y);
        int length = x.Length, width = TOps.DoubleCount, i = 0;
        double limit = TK.Limit(TOps.IsFused);
        // A kernel with an infinite limit and no NaN escape evaluates every vector itself (a JIT-time constant).
        bool check = TK.ScalarNaN || limit < double.PositiveInfinity;
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

    /// <summary>Applies a float-lane kernel over a span, choosing the vector width at JIT time.</summary>
    /// <typeparam name="TK">The kernel (evaluated on float lanes, without widening).</typeparam>
    /// <param name="x">The source.</param>
    /// <param name="y">The destination.</param>
    private static void MapSingleLanes<TK>(ReadOnlySpan<float> x, Span<float> y) where TK : struct, ISingleKernel
    {
        Validate(x, y);
        if (Vector512.IsHardwareAccelerated)
            MapSingleLanes<TK, Ops512, Vector512<double>, Vector512<float>>(x, y);
        else if (Vector256.IsHardwareAccelerated && Fma.IsSupported)
            MapSingleLanes<TK, Ops256, Vector256<double>, Vector256<float>>(x, y);
        else if (Vector128.IsHardwareAccelerated && Fused128)
            MapSingleLanes<TK, Ops128Fused, Vector128<double>, Vector128<float>>(x, y);
        else if (Vector128.IsHardwareAccelerated)
            MapSingleLanes<TK, Ops128, Vector128<double>, Vector128<float>>(x, y);
        else
            for (int i = 0; i < x.Length; i++) y[i] = TK.Scalar(x[i]);
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
    private static void MapSingleLanes<TK, TOps, TD, TF>(ReadOnlySpan<float> x, Span<float> y)
        where TK : struct, ISingleKernel where TOps : struct, IVectorOps<TD, TF> where TD : struct where TF : struct
    {
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float ys = ref MemoryMarshal.GetReference(y);
        int length = x.Length, width = 2 * TOps.DoubleCount, i = 0;
        for (; i <= length - width; i += width)
        {
            TF v = TOps.LoadSingle(ref Unsafe.Add(ref xs, i));
            // Separate stores on the two paths keep the result in a register (a merged value is spilled).
            if (TK.IsCommon<TOps, TD, TF>(v))
                TOps.StoreSingle(TK.EvaluateCommon<TOps, TD, TF>(v), ref Unsafe.Add(ref ys, i));
            else
                TOps.StoreSingle(TK.Evaluate<TOps, TD, TF>(v), ref Unsafe.Add(ref ys, i));
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
    // Kernels
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

    /// <summary>Single-precision sine, evaluated in double.</summary>
    private readonly struct SinSingle : IKernel
    {
        /// <inheritdoc/>
        public static bool ScalarNaN => false;

        /// <inheritdoc/>
        public static double Limit(bool fused) => SingleLimit;

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TD Evaluate<TOps, TD, TF>(TD x) where TOps : struct, IVectorOps<TD, TF> where TD : struct where TF : struct
        {
            // n = round(x/π); r = x − nπ ∈ [−π/2, π/2]; sin x = (−1)ⁿ sin r.
            TD shift = TOps.Splat(RoundingShift);
            TD t = TOps.MulAdd(x, TOps.Splat(InvPi), shift);
            TD n = TOps.Subtract(t, shift);
            TD s = SinOverPi<TOps, TD, TF>(x, n);
            return TOps.Xor(s, TOps.ShiftLeftBits(t, 63));
        }

        /// <inheritdoc/>
        public static double Scalar(double x) => Math.Sin(x);
    }

    /// <summary>Single-precision cosine, evaluated in double.</summary>
    private readonly struct CosSingle : IKernel
    {
        /// <inheritdoc/>
        public static bool ScalarNaN => false;

        /// <inheritdoc/>
        public static double Limit(bool fused) => SingleLimit;

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TD Evaluate<TOps, TD, TF>(TD x) where TOps : struct, IVectorOps<TD, TF> where TD : struct where TF : struct
        {
            // m = round(x/π − ½); h = m + ½; r = x − hπ ∈ [−π/2, π/2]; cos x = −(−1)ᵐ sin r.
            // Shifting by a half-odd multiple of π (rather than cos(r) near ±π/2) keeps full relative accuracy
            // near the zeros of cosine.
            TD shift = TOps.Splat(RoundingShift);
            TD t = TOps.Add(TOps.MulAdd(x, TOps.Splat(InvPi), TOps.Splat(-0.5)), shift);
            TD h = TOps.Add(TOps.Subtract(t, shift), TOps.Splat(0.5));
            TD s = SinOverPi<TOps, TD, TF>(x, h);
            return TOps.Xor(s, TOps.Xor(TOps.ShiftLeftBits(t, 63), TOps.Splat(SignBit)));
        }

        /// <inheritdoc/>
        public static double Scalar(double x) => Math.Cos(x);
    }

    /// <summary>
    /// sin(x − n·π) for the float kernels. Reduction: with FMA two parts of π (<see cref="PiF1"/>,
    /// <see cref="PiF2"/>; the first step is exact), without FMA three (<see cref="PiA"/>, <see cref="PiB"/>,
    /// <see cref="PiC"/>; every product exact since n is an integer or half-integer below 2²³). Then
    /// <c>sin r = r·(1 + S1 z + … + S5 z⁵)</c>, <c>z = r²</c>, by Horner's rule (the loop is bound by
    /// multiply–add throughput, not latency, so the fewest operations win). Writing the result as
    /// <c>r·P(z)</c> with <c>P ≥ 0.6</c> also keeps <c>sin(−0) = −0</c>; the double rounding errors of this
    /// form (~2⁻⁵¹ relative) are far below float precision.
    /// </summary>
    /// <typeparam name="TOps">The vector operations.</typeparam>
    /// <typeparam name="TD">The double vector type.</typeparam>
    /// <typeparam name="TF">The float vector type.</typeparam>
    /// <param name="x">The arguments.</param>
    /// <param name="n">The multiple of π to remove.</param>
    /// <returns><c>sin(x − nπ)</c>.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TD SinOverPi<TOps, TD, TF>(TD x, TD n) where TOps : struct, IVectorOps<TD, TF> where TD : struct where TF : struct
    {
        TD r;
        if (TOps.IsFused)
        {
            r = TOps.MulAdd(n, TOps.Splat(-PiF1), x);
            r = TOps.MulAdd(n, TOps.Splat(-PiF2), r);
        }
        else
        {
            r = TOps.MulAdd(n, TOps.Splat(-PiA), x);
            r = TOps.MulAdd(n, TOps.Splat(-PiB), r);
            r = TOps.MulAdd(n, TOps.Splat(-PiC), r);
        }
        TD z = TOps.Multiply(r, r);
        TD p = TOps.MulAdd(TOps.Splat(FS5), z, TOps.Splat(FS4));
        p = TOps.MulAdd(p, z, TOps.Splat(FS3));
        p = TOps.MulAdd(p, z, TOps.Splat(FS2));
        p = TOps.MulAdd(p, z, TOps.Splat(FS1));
        p = TOps.MulAdd(p, z, TOps.Splat(1.0));
        return TOps.Multiply(r, p);
    }

    /// <summary>Double-precision sine.</summary>
    private readonly struct SinDouble : IKernel
    {
        /// <inheritdoc/>
        public static bool ScalarNaN => false;

        /// <inheritdoc/>
        public static double Limit(bool fused) => fused ? DoubleLimitFused : DoubleLimitUnfused;

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TD Evaluate<TOps, TD, TF>(TD x) where TOps : struct, IVectorOps<TD, TF> where TD : struct where TF : struct
            => SinCosDouble<TOps, TD, TF>(x, cosine: false);

        /// <inheritdoc/>
        public static double Scalar(double x) => Math.Sin(x);
    }

    /// <summary>Double-precision cosine.</summary>
    private readonly struct CosDouble : IKernel
    {
        /// <inheritdoc/>
        public static bool ScalarNaN => false;

        /// <inheritdoc/>
        public static double Limit(bool fused) => fused ? DoubleLimitFused : DoubleLimitUnfused;

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TD Evaluate<TOps, TD, TF>(TD x) where TOps : struct, IVectorOps<TD, TF> where TD : struct where TF : struct
            => SinCosDouble<TOps, TD, TF>(x, cosine: true);

        /// <inheritdoc/>
        public static double Scalar(double x) => Math.Cos(x);
    }

    /// <summary>
    /// sin x or cos x in double: n = round(2x/π), r = x − n·π/2 ∈ [−π/4, π/4] by a three-part (FMA) or four-part
    /// (no FMA) Cody–Waite reduction that keeps r as <c>rh + rl</c> (the rounding error of the one inexact step
    /// is recovered, so r is accurate to far below an ulp of rh), both polynomials evaluated at <c>rh</c> with
    /// first-order corrections for <c>rl</c>, and a per-lane choice by quadrant q = n (sine) or n + 1 (cosine):
    /// q mod 4 = 0, 1, 2, 3 gives sin r, cos r, −sin r, −cos r. Without the <c>rl</c> correction the error
    /// reached 1.5 ulp (2 ulp from <see cref="Math.Sin(double)"/>); with it, about 1 ulp: the remaining error is
    /// the final rounding plus the roundings of <c>rh²</c> and of the polynomial's last step.
    /// </summary>
    /// <typeparam name="TOps">The vector operations.</typeparam>
    /// <typeparam name="TD">The double vector type.</typeparam>
    /// <typeparam name="TF">The float vector type.</typeparam>
    /// <param name="x">The arguments, within the range limit.</param>
    /// <param name="cosine">True for cosine (a JIT-time constant after inlining).</param>
    /// <returns>The results.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TD SinCosDouble<TOps, TD, TF>(TD x, bool cosine) where TOps : struct, IVectorOps<TD, TF> where TD : struct where TF : struct
    {
        TD shift = TOps.Splat(RoundingShift);
        TD t = TOps.MulAdd(x, TOps.Splat(TwoOverPi), shift);
        TD n = TOps.Subtract(t, shift);

        // r = x − n·π/2 as rh + rl. r1 = x − n·C1 is exact; rh = r1 − n·C2 is rounded once, and its rounding
        // error is recovered as (r1 − rh) − n·C2: r1 − rh is exact by Sterbenz's lemma whenever |n·C2| ≤ |r1|/2,
        // which the guard |r1| > threshold ensures (|n·C2| is below half the threshold at the range limit). Below
        // it, x is within ~1e-8 of a multiple of π/2, rh already has full relative accuracy and only the
        // remaining parts of π/2 go into rl.
        TD r1, rh, rl;
        if (TOps.IsFused)
        {
            r1 = TOps.MulAdd(n, TOps.Splat(-HalfPiF1), x);
            rh = TOps.MulAdd(n, TOps.Splat(-HalfPiF2), r1);
            rl = TOps.MulAdd(n, TOps.Splat(-HalfPiF2), TOps.Subtract(r1, rh));
            rl = TOps.ZeroUnlessAbsAbove(rl, r1, 1e-8);
            rl = TOps.MulAdd(n, TOps.Splat(-HalfPiF3), rl);
        }
        else
        {
            r1 = TOps.MulAdd(n, TOps.Splat(-HalfPiU1), x);
            rh = TOps.MulAdd(n, TOps.Splat(-HalfPiU2), r1);
            rl = TOps.MulAdd(n, TOps.Splat(-HalfPiU2), TOps.Subtract(r1, rh));
            rl = TOps.ZeroUnlessAbsAbove(rl, r1, 1e-6);
            rl = TOps.MulAdd(n, TOps.Splat(-HalfPiU3), rl);
            rl = TOps.MulAdd(n, TOps.Splat(-HalfPiU4), rl);
        }
        TD z = TOps.Multiply(rh, rh);

        TD ps = TOps.MulAdd(TOps.Splat(DS6), z, TOps.Splat(DS5));
        TD pc = TOps.MulAdd(TOps.Splat(DC6), z, TOps.Splat(DC5));
        ps = TOps.MulAdd(ps, z, TOps.Splat(DS4));
        pc = TOps.MulAdd(pc, z, TOps.Splat(DC4));
        ps = TOps.MulAdd(ps, z, TOps.Splat(DS3));
        pc = TOps.MulAdd(pc, z, TOps.Splat(DC3));
        ps = TOps.MulAdd(ps, z, TOps.Splat(DS2));
        pc = TOps.MulAdd(pc, z, TOps.Splat(DC2));
        ps = TOps.MulAdd(ps, z, TOps.Splat(DS1));
        pc = TOps.MulAdd(pc, z, TOps.Splat(DC1));

        // sin(rh + rl) ≈ rh + (rh³·P + rl); or-ing rh's sign bit in keeps sin(−0) = −0 (sin r has the sign of r).
        TD s = TOps.Add(rh, TOps.MulAdd(TOps.Multiply(rh, z), ps, rl));
        s = TOps.Or(s, TOps.And(rh, TOps.Splat(SignBit)));
        // cos(rh + rl) ≈ 1 + zc·(−½ + z·Q) with zc = rh² + 2·rh·rl ≈ (rh + rl)²: the first-order correction −rh·rl.
        TD zc = TOps.MulAdd(TOps.Add(rh, rh), rl, z);
        TD c = TOps.MulAdd(TOps.MulAdd(pc, z, TOps.Splat(-0.5)), zc, TOps.Splat(1.0));

        TD q = cosine ? TOps.AddToBits(t, 1) : t;
        TD v = TOps.SelectIfOdd(q, c, s);
        return TOps.Xor(v, TOps.And(TOps.ShiftLeftBits(q, 62), TOps.Splat(SignBit)));
    }

    /// <summary>
    /// Double-precision eˣ: n = round(x·log₂e), r = x − n·ln2 in two parts (the first exact), then
    /// <c>eʳ = 1 + (r + r²·P(r))</c> with a degree-9 P (relative error 2⁻⁵⁵·⁸), so that only the last addition
    /// rounds at the result's scale, and 2ⁿ applied to the exponent bits.
    /// </summary>
    private readonly struct ExpDouble : IKernel
    {
        /// <inheritdoc/>
        public static bool ScalarNaN => true;

        /// <inheritdoc/>
        public static double Limit(bool fused) => ExpLimit;

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TD Evaluate<TOps, TD, TF>(TD x) where TOps : struct, IVectorOps<TD, TF> where TD : struct where TF : struct
        {
            TD s = ExpReducedDouble<TOps, TD, TF>(x, out TD t);
            TD e = TOps.Add(s, TOps.Splat(1.0));
            return TOps.AddIntegers(e, TOps.ShiftLeftBits(t, 52));
        }

        /// <inheritdoc/>
        public static double Scalar(double x) => Math.Exp(x);
    }

    /// <summary>
    /// The reduced double exponential shared by <see cref="ExpDouble"/> and <see cref="TanhDouble"/>:
    /// <c>eˣ = 2ⁿ·(1 + s)</c> with n = round(x·log₂e), r = x − n·ln2 (two parts, the first exact) and
    /// <c>s = r + r²·P(r) = eʳ − 1</c> (relative error of <c>1 + s</c> 2⁻⁵⁵·⁸ before rounding). Valid for
    /// |x·log₂e| &lt; 2⁵¹ (the rounding trick) and |n| ≤ 1022 (exact first reduction step).
    /// </summary>
    /// <typeparam name="TOps">The vector operations.</typeparam>
    /// <typeparam name="TD">The double vector type.</typeparam>
    /// <typeparam name="TF">The float vector type.</typeparam>
    /// <param name="x">The exponents.</param>
    /// <param name="t">Receives <c>1.5·2⁵² + n</c>: n sits in the low bits of its pattern.</param>
    /// <returns><c>s = e^r − 1</c>.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TD ExpReducedDouble<TOps, TD, TF>(TD x, out TD t) where TOps : struct, IVectorOps<TD, TF> where TD : struct where TF : struct
    {
        TD shift = TOps.Splat(RoundingShift);
        t = TOps.MulAdd(x, TOps.Splat(Log2E), shift);
        TD n = TOps.Subtract(t, shift);
        TD r = TOps.MulAdd(n, TOps.Splat(TOps.IsFused ? -Ln2F1 : -Ln2U1), x);
        r = TOps.MulAdd(n, TOps.Splat(TOps.IsFused ? -Ln2F2 : -Ln2U2), r);
        TD p = TOps.MulAdd(TOps.Splat(DE11), r, TOps.Splat(DE10));
        p = TOps.MulAdd(p, r, TOps.Splat(DE9));
        p = TOps.MulAdd(p, r, TOps.Splat(DE8));
        p = TOps.MulAdd(p, r, TOps.Splat(DE7));
        p = TOps.MulAdd(p, r, TOps.Splat(DE6));
        p = TOps.MulAdd(p, r, TOps.Splat(DE5));
        p = TOps.MulAdd(p, r, TOps.Splat(DE4));
        p = TOps.MulAdd(p, r, TOps.Splat(DE3));
        p = TOps.MulAdd(p, r, TOps.Splat(DE2));
        return TOps.MulAdd(TOps.Multiply(r, r), p, r);
    }

    // ----------------------------------------------------------------------------------------------
    // Vector operations, one implementation per width
    // ----------------------------------------------------------------------------------------------

    /// <summary>
    /// The lane operations the kernels need, implemented for one vector width so that the kernels are
    /// written once; every member is a thin, inlined wrapper over <see cref="Vector128"/>/<see cref="Vector256"/>/<see cref="Vector512"/>.
    /// </summary>
    /// <typeparam name="TD">The double vector type.</typeparam>
    /// <typeparam name="TF">The float vector type of the same width.</typeparam>
    private interface IVectorOps<TD, TF> where TD : struct where TF : struct
    {
        /// <summary>Number of double lanes.</summary>
        static abstract int DoubleCount { get; }

        /// <summary>Whether <see cref="MulAdd(TD, TD, TD)"/> and <see cref="MulAdd(TF, TF, TF)"/> are fused (one rounding).</summary>
        static abstract bool IsFused { get; }

        /// <summary>Loads a double vector.</summary>
        /// <param name="source">The first element.</param>
        /// <returns>The vector.</returns>
        static abstract TD Load(ref double source);

        /// <summary>Stores a double vector.</summary>
        /// <param name="value">The vector.</param>
        /// <param name="destination">The first element.</param>
        static abstract void Store(TD value, ref double destination);

        /// <summary>Loads a float vector.</summary>
        /// <param name="source">The first element.</param>
        /// <returns>The vector.</returns>
        static abstract TF LoadSingle(ref float source);

        /// <summary>Stores a float vector.</summary>
        /// <param name="value">The vector.</param>
        /// <param name="destination">The first element.</param>
        static abstract void StoreSingle(TF value, ref float destination);

        /// <summary>Converts a float vector to two double vectors (lower and upper halves).</summary>
        /// <param name="value">The floats.</param>
        /// <returns>The lower and upper halves as doubles.</returns>
        static abstract (TD Lower, TD Upper) Widen(TF value);

        /// <summary>Converts two double vectors to one float vector (rounding to nearest).</summary>
        /// <param name="lower">The lower half.</param>
        /// <param name="upper">The upper half.</param>
        /// <returns>The floats.</returns>
        static abstract TF Narrow(TD lower, TD upper);

        /// <summary>Whether any lane has |v| &gt; limit (false for NaN lanes, true for infinite ones).</summary>
        /// <param name="value">The vector.</param>
        /// <param name="limit">The limit.</param>
        /// <returns>True when some lane is beyond the limit.</returns>
        static abstract bool AnyAbsGreater(TD value, double limit);

        /// <summary>Whether any lane has |v| &gt; limit (false for NaN lanes, true for infinite ones).</summary>
        /// <param name="value">The vector.</param>
        /// <param name="limit">The limit.</param>
        /// <returns>True when some lane is beyond the limit.</returns>
        static abstract bool AnyAbsGreater(TF value, float limit);

        /// <summary>Whether any lane has |v| &gt; limit or is NaN.</summary>
        /// <param name="value">The vector.</param>
        /// <param name="limit">The limit.</param>
        /// <returns>True when some lane is beyond the limit or NaN.</returns>
        static abstract bool AnyAbsAboveOrNaN(TD value, double limit);

        /// <summary>Whether any lane has |v| &gt; limit or is NaN.</summary>
        /// <param name="value">The vector.</param>
        /// <param name="limit">The limit.</param>
        /// <returns>True when some lane is beyond the limit or NaN.</returns>
        static abstract bool AnyAbsAboveOrNaN(TF value, float limit);

        /// <summary>Adds the lanes' 64-bit patterns as integers.</summary>
        /// <param name="a">Left.</param>
        /// <param name="b">Right.</param>
        /// <returns>The bit patterns' sums.</returns>
        static abstract TD AddIntegers(TD a, TD b);

        /// <summary>Broadcasts a constant.</summary>
        /// <param name="value">The constant.</param>
        /// <returns>The vector with every lane equal to <paramref name="value"/>.</returns>
        static abstract TD Splat(double value);

        /// <summary>Lane-wise a + b.</summary>
        /// <param name="a">Left.</param>
        /// <param name="b">Right.</param>
        /// <returns>The sums.</returns>
        static abstract TD Add(TD a, TD b);

        /// <summary>Lane-wise a − b.</summary>
        /// <param name="a">Left.</param>
        /// <param name="b">Right.</param>
        /// <returns>The differences.</returns>
        static abstract TD Subtract(TD a, TD b);

        /// <summary>Lane-wise a·b.</summary>
        /// <param name="a">Left.</param>
        /// <param name="b">Right.</param>
        /// <returns>The products.</returns>
        static abstract TD Multiply(TD a, TD b);

        /// <summary>Lane-wise a·b + c: fused when <see cref="IsFused"/>, else a rounded product then a rounded sum.</summary>
        /// <param name="a">Factor.</param>
        /// <param name="b">Factor.</param>
        /// <param name="c">Addend.</param>
        /// <returns>The results.</returns>
        static abstract TD MulAdd(TD a, TD b, TD c);

        /// <summary>Bitwise and.</summary>
        /// <param name="a">Left.</param>
        /// <param name="b">Right.</param>
        /// <returns>The bits.</returns>
        static abstract TD And(TD a, TD b);

        /// <summary>Bitwise or.</summary>
        /// <param name="a">Left.</param>
        /// <param name="b">Right.</param>
        /// <returns>The bits.</returns>
        static abstract TD Or(TD a, TD b);

        /// <summary>Bitwise exclusive or.</summary>
        /// <param name="a">Left.</param>
        /// <param name="b">Right.</param>
        /// <returns>The bits.</returns>
        static abstract TD Xor(TD a, TD b);

        /// <summary>Shifts each lane's 64-bit pattern left.</summary>
        /// <param name="value">The lanes.</param>
        /// <param name="count">The shift count.</param>
        /// <returns>The shifted bits.</returns>
        static abstract TD ShiftLeftBits(TD value, int count);

        /// <summary>Adds an integer to each lane's 64-bit pattern.</summary>
        /// <param name="value">The lanes.</param>
        /// <param name="addend">The integer.</param>
        /// <returns>The bits plus <paramref name="addend"/>.</returns>
        static abstract TD AddToBits(TD value, long addend);

        /// <summary>Per lane: <paramref name="value"/> where |<paramref name="test"/>| &gt; <paramref name="threshold"/>, else +0.</summary>
        /// <param name="value">The lanes kept.</param>
        /// <param name="test">The lanes tested.</param>
        /// <param name="threshold">The threshold.</param>
        /// <returns>The masked lanes.</returns>
        static abstract TD ZeroUnlessAbsAbove(TD value, TD test, double threshold);

        /// <summary>Per lane: <paramref name="ifOdd"/> where the lowest bit of <paramref name="bits"/> is set, else <paramref name="ifEven"/>.</summary>
        /// <param name="bits">The selector lanes.</param>
        /// <param name="ifOdd">Chosen for odd selectors.</param>
        /// <param name="ifEven">Chosen for even selectors.</param>
        /// <returns>The selection.</returns>
        static abstract TD SelectIfOdd(TD bits, TD ifOdd, TD ifEven);

        /// <summary>Lane-wise a / b.</summary>
        /// <param name="a">Dividend.</param>
        /// <param name="b">Divisor.</param>
        /// <returns>The quotients.</returns>
        static abstract TD Divide(TD a, TD b);

        /// <summary>Bitwise a and not b.</summary>
        /// <param name="a">Left.</param>
        /// <param name="b">Right (complemented).</param>
        /// <returns>The bits of <c>a &amp; ~b</c>.</returns>
        static abstract TD AndNot(TD a, TD b);

        /// <summary>Per lane: <paramref name="ifSet"/> where <paramref name="mask"/> is all ones, else <paramref name="ifClear"/> (a bitwise select).</summary>
        /// <param name="mask">The lane masks (all ones or all zeros).</param>
        /// <param name="ifSet">Chosen where the mask is set.</param>
        /// <param name="ifClear">Chosen where the mask is clear.</param>
        /// <returns>The selection.</returns>
        static abstract TD Select(TD mask, TD ifSet, TD ifClear);

        /// <summary>Per lane: all ones where <paramref name="value"/> ≥ <paramref name="limit"/> (false for NaN), else zeros.</summary>
        /// <param name="value">The lanes.</param>
        /// <param name="limit">The limit.</param>
        /// <returns>The mask.</returns>
        static abstract TD GreaterOrEqualMask(TD value, double limit);

        /// <summary>Per lane: the smaller of <paramref name="value"/> and <paramref name="limit"/>, by the hardware's minimum (for NaN lanes the result is unspecified).</summary>
        /// <param name="value">The lanes.</param>
        /// <param name="limit">The upper bound.</param>
        /// <returns>The bounded lanes.</returns>
        static abstract TD MinNative(TD value, double limit);

        // ---- float lanes (kernels evaluated without widening) ----

        /// <summary>Broadcasts a float constant.</summary>
        /// <param name="value">The constant.</param>
        /// <returns>The float vector with every lane equal to <paramref name="value"/>.</returns>
        static abstract TF SplatSingle(float value);

        /// <summary>Lane-wise a + b (float lanes).</summary>
        /// <param name="a">Left.</param>
        /// <param name="b">Right.</param>
        /// <returns>The sums.</returns>
        static abstract TF Add(TF a, TF b);

        /// <summary>Lane-wise a − b (float lanes).</summary>
        /// <param name="a">Left.</param>
        /// <param name="b">Right.</param>
        /// <returns>The differences.</returns>
        static abstract TF Subtract(TF a, TF b);

        /// <summary>Lane-wise a·b (float lanes).</summary>
        /// <param name="a">Left.</param>
        /// <param name="b">Right.</param>
        /// <returns>The products.</returns>
        static abstract TF Multiply(TF a, TF b);

        /// <summary>Lane-wise a / b (float lanes).</summary>
        /// <param name="a">Dividend.</param>
        /// <param name="b">Divisor.</param>
        /// <returns>The quotients.</returns>
        static abstract TF Divide(TF a, TF b);

        /// <summary>Lane-wise a·b + c (float lanes): fused when <see cref="IsFused"/>, else a rounded product then a rounded sum.</summary>
        /// <param name="a">Factor.</param>
        /// <param name="b">Factor.</param>
        /// <param name="c">Addend.</param>
        /// <returns>The results.</returns>
        static abstract TF MulAdd(TF a, TF b, TF c);

        /// <summary>Bitwise and (float lanes).</summary>
        /// <param name="a">Left.</param>
        /// <param name="b">Right.</param>
        /// <returns>The bits.</returns>
        static abstract TF And(TF a, TF b);

        /// <summary>Bitwise or (float lanes).</summary>
        /// <param name="a">Left.</param>
        /// <param name="b">Right.</param>
        /// <returns>The bits.</returns>
        static abstract TF Or(TF a, TF b);

        /// <summary>Bitwise exclusive or (float lanes).</summary>
        /// <param name="a">Left.</param>
        /// <param name="b">Right.</param>
        /// <returns>The bits.</returns>
        static abstract TF Xor(TF a, TF b);

        /// <summary>
        /// Per lane: <paramref name="ifSet"/> where the sign bit of <paramref name="mask"/> is set, else
        /// <paramref name="ifClear"/> (only the sign bit is read: one variable blend on x86).
        /// </summary>
        /// <param name="mask">The selector lanes (their sign bits).</param>
        /// <param name="ifSet">Chosen where the sign bit is set.</param>
        /// <param name="ifClear">Chosen where it is clear.</param>
        /// <returns>The selection.</returns>
        static abstract TF SelectBySignBit(TF mask, TF ifSet, TF ifClear);

        /// <summary>Bitwise a and not b (float lanes).</summary>
        /// <param name="a">Left.</param>
        /// <param name="b">Right (complemented).</param>
        /// <returns>The bits of <c>a &amp; ~b</c>.</returns>
        static abstract TF AndNot(TF a, TF b);

        /// <summary>Per lane: <paramref name="ifSet"/> where <paramref name="mask"/> is all ones, else <paramref name="ifClear"/> (float lanes).</summary>
        /// <param name="mask">The lane masks (all ones or all zeros).</param>
        /// <param name="ifSet">Chosen where the mask is set.</param>
        /// <param name="ifClear">Chosen where the mask is clear.</param>
        /// <returns>The selection.</returns>
        static abstract TF Select(TF mask, TF ifSet, TF ifClear);

        /// <summary>Per lane: all ones where <paramref name="value"/> ≥ <paramref name="limit"/> (false for NaN), else zeros (float lanes).</summary>
        /// <param name="value">The lanes.</param>
        /// <param name="limit">The limit.</param>
        /// <returns>The mask.</returns>
        static abstract TF GreaterOrEqualMask(TF value, float limit);

        /// <summary>Per lane: the smaller of <paramref name="value"/> and <paramref name="limit"/> by the hardware's minimum (NaN lanes: unspecified).</summary>
        /// <param name="value">The lanes.</param>
        /// <param name="limit">The upper bound.</param>
        /// <returns>The bounded lanes.</returns>
        static abstract TF MinNative(TF value, float limit);

        /// <summary>Per lane: the larger of <paramref name="value"/> and <paramref name="limit"/> by the hardware's maximum (NaN lanes: unspecified).</summary>
        /// <param name="value">The lanes.</param>
        /// <param name="limit">The lower bound.</param>
        /// <returns>The bounded lanes.</returns>
        static abstract TF MaxNative(TF value, float limit);

        /// <summary>Per lane: <paramref name="x"/> where it is NaN, else <paramref name="value"/>.</summary>
        /// <param name="x">The lanes tested (and kept where NaN).</param>
        /// <param name="value">The lanes kept elsewhere.</param>
        /// <returns>The selection.</returns>
        static abstract TF KeepNaN(TF x, TF value);

        /// <summary>Adds the lanes' 32-bit patterns as integers.</summary>
        /// <param name="a">Left.</param>
        /// <param name="b">Right.</param>
        /// <returns>The bit patterns' sums.</returns>
        static abstract TF AddIntegers(TF a, TF b);

        /// <summary>Adds an integer to each lane's 32-bit pattern.</summary>
        /// <param name="value">The lanes.</param>
        /// <param name="addend">The integer.</param>
        /// <returns>The bits plus <paramref name="addend"/>.</returns>
        static abstract TF AddToBits(TF value, int addend);

        /// <summary>Shifts each lane's 32-bit pattern left.</summary>
        /// <param name="value">The lanes.</param>
        /// <param name="count">The shift count.</param>
        /// <returns>The shifted bits.</returns>
        static abstract TF ShiftLeftBits(TF value, int count);

        /// <summary>Shifts each lane's 32-bit pattern right, as a signed integer (copying the sign bit).</summary>
        /// <param name="value">The lanes.</param>
        /// <param name="count">The shift count.</param>
        /// <returns>The shifted bits.</returns>
        static abstract TF ShiftRightArithmeticBits(TF value, int count);

        /// <summary>
        /// Whether any lane's bit pattern without the sign bit, as an integer, exceeds <paramref name="limitBits"/>: for a
        /// finite positive limit's pattern, whether any |v| &gt; limit or is NaN.
        /// </summary>
        /// <param name="value">The lanes.</param>
        /// <param name="limitBits">The bit pattern of the limit.</param>
        /// <returns>True when some lane is beyond the limit or NaN.</returns>
        static abstract bool AnyAbsBitsAbove(TF value, int limitBits);

        /// <summary>Whether any lane's bit pattern shares a set bit with <paramref name="mask"/> (one <c>vptest</c> on x86).</summary>
        /// <param name="value">The lanes.</param>
        /// <param name="mask">The bits tested.</param>
        /// <returns>True when <c>value &amp; mask</c> is not zero in some lane.</returns>
        static abstract bool AnyBitsSet(TF value, int mask);
    }

    /// <summary>512-bit operations (AVX-512: FMA always present).</summary>
    private readonly struct Ops512 : IVectorOps<Vector512<double>, Vector512<float>>
    {
        /// <inheritdoc/>
        public static int DoubleCount => Vector512<double>.Count;
        /// <inheritdoc/>
        public static bool IsFused => true;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> Load(ref double source) => Vector512.LoadUnsafe(ref source);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(Vector512<double> value, ref double destination) => value.StoreUnsafe(ref destination);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> LoadSingle(ref float source) => Vector512.LoadUnsafe(ref source);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void StoreSingle(Vector512<float> value, ref float destination) => value.StoreUnsafe(ref destination);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static (Vector512<double> Lower, Vector512<double> Upper) Widen(Vector512<float> value) => Vector512.Widen(value);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Narrow(Vector512<double> lower, Vector512<double> upper) => Vector512.Narrow(lower, upper);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool AnyAbsGreater(Vector512<double> value, double limit) => Vector512.GreaterThanAny(Vector512.Abs(value), Vector512.Create(limit));
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool AnyAbsGreater(Vector512<float> value, float limit) => Vector512.GreaterThanAny(Vector512.Abs(value), Vector512.Create(limit));
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool AnyAbsAboveOrNaN(Vector512<double> value, double limit) => !Vector512.LessThanOrEqualAll(Vector512.Abs(value), Vector512.Create(limit));
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool AnyAbsAboveOrNaN(Vector512<float> value, float limit) => !Vector512.LessThanOrEqualAll(Vector512.Abs(value), Vector512.Create(limit));
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> AddIntegers(Vector512<double> a, Vector512<double> b) => (a.AsInt64() + b.AsInt64()).AsDouble();
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> Splat(double value) => Vector512.Create(value);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> Add(Vector512<double> a, Vector512<double> b) => a + b;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> Subtract(Vector512<double> a, Vector512<double> b) => a - b;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> Multiply(Vector512<double> a, Vector512<double> b) => a * b;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> MulAdd(Vector512<double> a, Vector512<double> b, Vector512<double> c) => Vector512.FusedMultiplyAdd(a, b, c);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> And(Vector512<double> a, Vector512<double> b) => a & b;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> Or(Vector512<double> a, Vector512<double> b) => a | b;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> Xor(Vector512<double> a, Vector512<double> b) => a ^ b;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> ShiftLeftBits(Vector512<double> value, int count) => Vector512.ShiftLeft(value.AsUInt64(), count).AsDouble();
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> AddToBits(Vector512<double> value, long addend) => (value.AsInt64() + Vector512.Create(addend)).AsDouble();
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> ZeroUnlessAbsAbove(Vector512<double> value, Vector512<double> test, double threshold)
            => Vector512.GreaterThan(Vector512.Abs(test), Vector512.Create(threshold)) & value;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> SelectIfOdd(Vector512<double> bits, Vector512<double> ifOdd, Vector512<double> ifEven)
        {
            Vector512<ulong> one = Vector512<ulong>.One;
            return Vector512.ConditionalSelect(Vector512.Equals(bits.AsUInt64() & one, one).AsDouble(), ifOdd, ifEven);
        }
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> Divide(Vector512<double> a, Vector512<double> b) => a / b;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> AndNot(Vector512<double> a, Vector512<double> b) => Vector512.AndNot(a, b);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> Select(Vector512<double> mask, Vector512<double> ifSet, Vector512<double> ifClear) => Vector512.ConditionalSelect(mask, ifSet, ifClear);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> GreaterOrEqualMask(Vector512<double> value, double limit) => Vector512.GreaterThanOrEqual(value, Vector512.Create(limit));
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> MinNative(Vector512<double> value, double limit) => Vector512.MinNative(Vector512.Create(limit), value);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> SplatSingle(float value) => Vector512.Create(value);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Subtract(Vector512<float> a, Vector512<float> b) => a - b;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Multiply(Vector512<float> a, Vector512<float> b) => a * b;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Divide(Vector512<float> a, Vector512<float> b) => a / b;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> MulAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Vector512.FusedMultiplyAdd(a, b, c);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> And(Vector512<float> a, Vector512<float> b) => a & b;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Or(Vector512<float> a, Vector512<float> b) => a | b;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Xor(Vector512<float> a, Vector512<float> b) => a ^ b;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> SelectBySignBit(Vector512<float> mask, Vector512<float> ifSet, Vector512<float> ifClear)
            => Vector512.ConditionalSelect(Vector512.ShiftRightArithmetic(mask.AsInt32(), 31).AsSingle(), ifSet, ifClear);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> AndNot(Vector512<float> a, Vector512<float> b) => Vector512.AndNot(a, b);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Select(Vector512<float> mask, Vector512<float> ifSet, Vector512<float> ifClear) => Vector512.ConditionalSelect(mask, ifSet, ifClear);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> GreaterOrEqualMask(Vector512<float> value, float limit) => Vector512.GreaterThanOrEqual(value, Vector512.Create(limit));
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> MinNative(Vector512<float> value, float limit) => Vector512.MinNative(Vector512.Create(limit), value);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> MaxNative(Vector512<float> value, float limit) => Vector512.MaxNative(Vector512.Create(limit), value);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> KeepNaN(Vector512<float> x, Vector512<float> value) => Vector512.ConditionalSelect(Vector512.Equals(x, x), value, x);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> AddIntegers(Vector512<float> a, Vector512<float> b) => (a.AsInt32() + b.AsInt32()).AsSingle();
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> AddToBits(Vector512<float> value, int addend) => (value.AsInt32() + Vector512.Create(addend)).AsSingle();
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> ShiftLeftBits(Vector512<float> value, int count) => Vector512.ShiftLeft(value.AsInt32(), count).AsSingle();
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> ShiftRightArithmeticBits(Vector512<float> value, int count) => Vector512.ShiftRightArithmetic(value.AsInt32(), count).AsSingle();
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool AnyAbsBitsAbove(Vector512<float> value, int limitBits) => Vector512.GreaterThanAny(value.AsInt32() & Vector512.Create(int.MaxValue), Vector512.Create(limitBits));
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool AnyBitsSet(Vector512<float> value, int mask) => (value.AsInt32() & Vector512.Create(mask)) != Vector512<int>.Zero;
    }

    /// <summary>256-bit operations (AVX2 with FMA3).</summary>
    private readonly struct Ops256 : IVectorOps<Vector256<double>, Vector256<float>>
    {
        /// <inheritdoc/>
        public static int DoubleCount => Vector256<double>.Count;
        /// <inheritdoc/>
        public static bool IsFused => true;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> Load(ref double source) => Vector256.LoadUnsafe(ref source);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(Vector256<double> value, ref double destination) => value.StoreUnsafe(ref destination);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> LoadSingle(ref float source) => Vector256.LoadUnsafe(ref source);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void StoreSingle(Vector256<float> value, ref float destination) => value.StoreUnsafe(ref destination);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static (Vector256<double> Lower, Vector256<double> Upper) Widen(Vector256<float> value) => Vector256.Widen(value);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Narrow(Vector256<double> lower, Vector256<double> upper) => Vector256.Narrow(lower, upper);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool AnyAbsGreater(Vector256<double> value, double limit) => Vector256.GreaterThanAny(Vector256.Abs(value), Vector256.Create(limit));
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool AnyAbsGreater(Vector256<float> value, float limit) => Vector256.GreaterThanAny(Vector256.Abs(value), Vector256.Create(limit));
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool AnyAbsAboveOrNaN(Vector256<double> value, double limit) => !Vector256.LessThanOrEqualAll(Vector256.Abs(value), Vector256.Create(limit));
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool AnyAbsAboveOrNaN(Vector256<float> value, float limit) => !Vector256.LessThanOrEqualAll(Vector256.Abs(value), Vector256.Create(limit));
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> AddIntegers(Vector256<double> a, Vector256<double> b) => (a.AsInt64() + b.AsInt64()).AsDouble();
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> Splat(double value) => Vector256.Create(value);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> Add(Vector256<double> a, Vector256<double> b) => a + b;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> Subtract(Vector256<double> a, Vector256<double> b) => a - b;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> Multiply(Vector256<double> a, Vector256<double> b) => a * b;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> MulAdd(Vector256<double> a, Vector256<double> b, Vector256<double> c) => Vector256.FusedMultiplyAdd(a, b, c);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> And(Vector256<double> a, Vector256<double> b) => a & b;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> Or(Vector256<double> a, Vector256<double> b) => a | b;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> Xor(Vector256<double> a, Vector256<double> b) => a ^ b;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> ShiftLeftBits(Vector256<double> value, int count) => Vector256.ShiftLeft(value.AsUInt64(), count).AsDouble();
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> AddToBits(Vector256<double> value, long addend) => (value.AsInt64() + Vector256.Create(addend)).AsDouble();
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> ZeroUnlessAbsAbove(Vector256<double> value, Vector256<double> test, double threshold)
            => Vector256.GreaterThan(Vector256.Abs(test), Vector256.Create(threshold)) & value;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> SelectIfOdd(Vector256<double> bits, Vector256<double> ifOdd, Vector256<double> ifEven)
        {
            Vector256<ulong> one = Vector256<ulong>.One;
            return Vector256.ConditionalSelect(Vector256.Equals(bits.AsUInt64() & one, one).AsDouble(), ifOdd, ifEven);
        }
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> Divide(Vector256<double> a, Vector256<double> b) => a / b;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> AndNot(Vector256<double> a, Vector256<double> b) => Vector256.AndNot(a, b);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> Select(Vector256<double> mask, Vector256<double> ifSet, Vector256<double> ifClear) => Vector256.ConditionalSelect(mask, ifSet, ifClear);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> GreaterOrEqualMask(Vector256<double> value, double limit) => Vector256.GreaterThanOrEqual(value, Vector256.Create(limit));
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> MinNative(Vector256<double> value, double limit) => Vector256.MinNative(Vector256.Create(limit), value);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> SplatSingle(float value) => Vector256.Create(value);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Subtract(Vector256<float> a, Vector256<float> b) => a - b;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Multiply(Vector256<float> a, Vector256<float> b) => a * b;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Divide(Vector256<float> a, Vector256<float> b) => a / b;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> MulAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) => Vector256.FusedMultiplyAdd(a, b, c);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> And(Vector256<float> a, Vector256<float> b) => a & b;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Or(Vector256<float> a, Vector256<float> b) => a | b;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Xor(Vector256<float> a, Vector256<float> b) => a ^ b;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> SelectBySignBit(Vector256<float> mask, Vector256<float> ifSet, Vector256<float> ifClear)
            => Avx.BlendVariable(ifClear, ifSet, mask);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> AndNot(Vector256<float> a, Vector256<float> b) => Vector256.AndNot(a, b);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Select(Vector256<float> mask, Vector256<float> ifSet, Vector256<float> ifClear) => Vector256.ConditionalSelect(mask, ifSet, ifClear);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> GreaterOrEqualMask(Vector256<float> value, float limit) => Vector256.GreaterThanOrEqual(value, Vector256.Create(limit));
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> MinNative(Vector256<float> value, float limit) => Vector256.MinNative(Vector256.Create(limit), value);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> MaxNative(Vector256<float> value, float limit) => Vector256.MaxNative(Vector256.Create(limit), value);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> KeepNaN(Vector256<float> x, Vector256<float> value) => Vector256.ConditionalSelect(Vector256.Equals(x, x), value, x);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> AddIntegers(Vector256<float> a, Vector256<float> b) => (a.AsInt32() + b.AsInt32()).AsSingle();
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> AddToBits(Vector256<float> value, int addend) => (value.AsInt32() + Vector256.Create(addend)).AsSingle();
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> ShiftLeftBits(Vector256<float> value, int count) => Vector256.ShiftLeft(value.AsInt32(), count).AsSingle();
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> ShiftRightArithmeticBits(Vector256<float> value, int count) => Vector256.ShiftRightArithmetic(value.AsInt32(), count).AsSingle();
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool AnyAbsBitsAbove(Vector256<float> value, int limitBits) => Vector256.GreaterThanAny(value.AsInt32() & Vector256.Create(int.MaxValue), Vector256.Create(limitBits));
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool AnyBitsSet(Vector256<float> value, int mask) => (value.AsInt32() & Vector256.Create(mask)) != Vector256<int>.Zero;
    }

    /// <summary>128-bit operations with a fused multiply–add (x86 FMA3 or Arm64).</summary>
    private readonly struct Ops128Fused : IVectorOps<Vector128<double>, Vector128<float>>
    {
        /// <inheritdoc/>
        public static int DoubleCount => Vector128<double>.Count;
        /// <inheritdoc/>
        public static bool IsFused => true;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> Load(ref double source) => Ops128.Load(ref source);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(Vector128<double> value, ref double destination) => Ops128.Store(value, ref destination);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> LoadSingle(ref float source) => Ops128.LoadSingle(ref source);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void StoreSingle(Vector128<float> value, ref float destination) => Ops128.StoreSingle(value, ref destination);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static (Vector128<double> Lower, Vector128<double> Upper) Widen(Vector128<float> value) => Ops128.Widen(value);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Narrow(Vector128<double> lower, Vector128<double> upper) => Ops128.Narrow(lower, upper);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool AnyAbsGreater(Vector128<double> value, double limit) => Ops128.AnyAbsGreater(value, limit);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool AnyAbsGreater(Vector128<float> value, float limit) => Ops128.AnyAbsGreater(value, limit);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool AnyAbsAboveOrNaN(Vector128<double> value, double limit) => Ops128.AnyAbsAboveOrNaN(value, limit);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool AnyAbsAboveOrNaN(Vector128<float> value, float limit) => Ops128.AnyAbsAboveOrNaN(value, limit);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> AddIntegers(Vector128<double> a, Vector128<double> b) => Ops128.AddIntegers(a, b);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> Splat(double value) => Vector128.Create(value);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> Add(Vector128<double> a, Vector128<double> b) => a + b;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> Subtract(Vector128<double> a, Vector128<double> b) => a - b;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> Multiply(Vector128<double> a, Vector128<double> b) => a * b;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> MulAdd(Vector128<double> a, Vector128<double> b, Vector128<double> c) => Vector128.FusedMultiplyAdd(a, b, c);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> And(Vector128<double> a, Vector128<double> b) => a & b;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> Or(Vector128<double> a, Vector128<double> b) => a | b;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> Xor(Vector128<double> a, Vector128<double> b) => a ^ b;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> ShiftLeftBits(Vector128<double> value, int count) => Ops128.ShiftLeftBits(value, count);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> AddToBits(Vector128<double> value, long addend) => Ops128.AddToBits(value, addend);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> ZeroUnlessAbsAbove(Vector128<double> value, Vector128<double> test, double threshold) => Ops128.ZeroUnlessAbsAbove(value, test, threshold);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> SelectIfOdd(Vector128<double> bits, Vector128<double> ifOdd, Vector128<double> ifEven) => Ops128.SelectIfOdd(bits, ifOdd, ifEven);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> Divide(Vector128<double> a, Vector128<double> b) => Ops128.Divide(a, b);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> AndNot(Vector128<double> a, Vector128<double> b) => Ops128.AndNot(a, b);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> Select(Vector128<double> mask, Vector128<double> ifSet, Vector128<double> ifClear) => Ops128.Select(mask, ifSet, ifClear);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> GreaterOrEqualMask(Vector128<double> value, double limit) => Ops128.GreaterOrEqualMask(value, limit);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> MinNative(Vector128<double> value, double limit) => Ops128.MinNative(value, limit);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> SplatSingle(float value) => Ops128.SplatSingle(value);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Add(Vector128<float> a, Vector128<float> b) => Ops128.Add(a, b);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Subtract(Vector128<float> a, Vector128<float> b) => Ops128.Subtract(a, b);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Multiply(Vector128<float> a, Vector128<float> b) => Ops128.Multiply(a, b);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Divide(Vector128<float> a, Vector128<float> b) => Ops128.Divide(a, b);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> MulAdd(Vector128<float> a, Vector128<float> b, Vector128<float> c) => Vector128.FusedMultiplyAdd(a, b, c);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> And(Vector128<float> a, Vector128<float> b) => Ops128.And(a, b);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Or(Vector128<float> a, Vector128<float> b) => Ops128.Or(a, b);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Xor(Vector128<float> a, Vector128<float> b) => Ops128.Xor(a, b);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> SelectBySignBit(Vector128<float> mask, Vector128<float> ifSet, Vector128<float> ifClear) => Ops128.SelectBySignBit(mask, ifSet, ifClear);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> AndNot(Vector128<float> a, Vector128<float> b) => Ops128.AndNot(a, b);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Select(Vector128<float> mask, Vector128<float> ifSet, Vector128<float> ifClear) => Ops128.Select(mask, ifSet, ifClear);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> GreaterOrEqualMask(Vector128<float> value, float limit) => Ops128.GreaterOrEqualMask(value, limit);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> MinNative(Vector128<float> value, float limit) => Ops128.MinNative(value, limit);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> MaxNative(Vector128<float> value, float limit) => Ops128.MaxNative(value, limit);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> KeepNaN(Vector128<float> x, Vector128<float> value) => Ops128.KeepNaN(x, value);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> AddIntegers(Vector128<float> a, Vector128<float> b) => Ops128.AddIntegers(a, b);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> AddToBits(Vector128<float> value, int addend) => Ops128.AddToBits(value, addend);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> ShiftLeftBits(Vector128<float> value, int count) => Ops128.ShiftLeftBits(value, count);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> ShiftRightArithmeticBits(Vector128<float> value, int count) => Ops128.ShiftRightArithmeticBits(value, count);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool AnyAbsBitsAbove(Vector128<float> value, int limitBits) => Ops128.AnyAbsBitsAbove(value, limitBits);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool AnyBitsSet(Vector128<float> value, int mask) => Ops128.AnyBitsSet(value, mask);
    }

    /// <summary>128-bit operations without a fused multiply–add (e.g. SSE4-only x86).</summary>
    private readonly struct Ops128 : IVectorOps<Vector128<double>, Vector128<float>>
    {
        /// <inheritdoc/>
        public static int DoubleCount => Vector128<double>.Count;
        /// <inheritdoc/>
        public static bool IsFused => false;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> Load(ref double source) => Vector128.LoadUnsafe(ref source);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(Vector128<double> value, ref double destination) => value.StoreUnsafe(ref destination);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> LoadSingle(ref float source) => Vector128.LoadUnsafe(ref source);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void StoreSingle(Vector128<float> value, ref float destination) => value.StoreUnsafe(ref destination);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static (Vector128<double> Lower, Vector128<double> Upper) Widen(Vector128<float> value) => Vector128.Widen(value);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Narrow(Vector128<double> lower, Vector128<double> upper) => Vector128.Narrow(lower, upper);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool AnyAbsGreater(Vector128<double> value, double limit) => Vector128.GreaterThanAny(Vector128.Abs(value), Vector128.Create(limit));
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool AnyAbsGreater(Vector128<float> value, float limit) => Vector128.GreaterThanAny(Vector128.Abs(value), Vector128.Create(limit));
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool AnyAbsAboveOrNaN(Vector128<double> value, double limit) => !Vector128.LessThanOrEqualAll(Vector128.Abs(value), Vector128.Create(limit));
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool AnyAbsAboveOrNaN(Vector128<float> value, float limit) => !Vector128.LessThanOrEqualAll(Vector128.Abs(value), Vector128.Create(limit));
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> AddIntegers(Vector128<double> a, Vector128<double> b) => (a.AsInt64() + b.AsInt64()).AsDouble();
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> Splat(double value) => Vector128.Create(value);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> Add(Vector128<double> a, Vector128<double> b) => a + b;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> Subtract(Vector128<double> a, Vector128<double> b) => a - b;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> Multiply(Vector128<double> a, Vector128<double> b) => a * b;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> MulAdd(Vector128<double> a, Vector128<double> b, Vector128<double> c) => a * b + c;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> And(Vector128<double> a, Vector128<double> b) => a & b;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> Or(Vector128<double> a, Vector128<double> b) => a | b;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> Xor(Vector128<double> a, Vector128<double> b) => a ^ b;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> ShiftLeftBits(Vector128<double> value, int count) => Vector128.ShiftLeft(value.AsUInt64(), count).AsDouble();
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> AddToBits(Vector128<double> value, long addend) => (value.AsInt64() + Vector128.Create(addend)).AsDouble();
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> ZeroUnlessAbsAbove(Vector128<double> value, Vector128<double> test, double threshold)
            => Vector128.GreaterThan(Vector128.Abs(test), Vector128.Create(threshold)) & value;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> SelectIfOdd(Vector128<double> bits, Vector128<double> ifOdd, Vector128<double> ifEven)
        {
            Vector128<ulong> one = Vector128<ulong>.One;
            return Vector128.ConditionalSelect(Vector128.Equals(bits.AsUInt64() & one, one).AsDouble(), ifOdd, ifEven);
        }
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> Divide(Vector128<double> a, Vector128<double> b) => a / b;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> AndNot(Vector128<double> a, Vector128<double> b) => Vector128.AndNot(a, b);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> Select(Vector128<double> mask, Vector128<double> ifSet, Vector128<double> ifClear) => Vector128.ConditionalSelect(mask, ifSet, ifClear);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> GreaterOrEqualMask(Vector128<double> value, double limit) => Vector128.GreaterThanOrEqual(value, Vector128.Create(limit));
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> MinNative(Vector128<double> value, double limit) => Vector128.MinNative(Vector128.Create(limit), value);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> SplatSingle(float value) => Vector128.Create(value);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Add(Vector128<float> a, Vector128<float> b) => a + b;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Subtract(Vector128<float> a, Vector128<float> b) => a - b;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Multiply(Vector128<float> a, Vector128<float> b) => a * b;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Divide(Vector128<float> a, Vector128<float> b) => a / b;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> MulAdd(Vector128<float> a, Vector128<float> b, Vector128<float> c) => a * b + c;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> And(Vector128<float> a, Vector128<float> b) => a & b;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Or(Vector128<float> a, Vector128<float> b) => a | b;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Xor(Vector128<float> a, Vector128<float> b) => a ^ b;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> SelectBySignBit(Vector128<float> mask, Vector128<float> ifSet, Vector128<float> ifClear)
            => Sse41.IsSupported
                ? Sse41.BlendVariable(ifClear, ifSet, mask)
                : Vector128.ConditionalSelect(Vector128.ShiftRightArithmetic(mask.AsInt32(), 31).AsSingle(), ifSet, ifClear);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> AndNot(Vector128<float> a, Vector128<float> b) => Vector128.AndNot(a, b);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Select(Vector128<float> mask, Vector128<float> ifSet, Vector128<float> ifClear) => Vector128.ConditionalSelect(mask, ifSet, ifClear);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> GreaterOrEqualMask(Vector128<float> value, float limit) => Vector128.GreaterThanOrEqual(value, Vector128.Create(limit));
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> MinNative(Vector128<float> value, float limit) => Vector128.MinNative(Vector128.Create(limit), value);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> MaxNative(Vector128<float> value, float limit) => Vector128.MaxNative(Vector128.Create(limit), value);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> KeepNaN(Vector128<float> x, Vector128<float> value) => Vector128.ConditionalSelect(Vector128.Equals(x, x), value, x);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> AddIntegers(Vector128<float> a, Vector128<float> b) => (a.AsInt32() + b.AsInt32()).AsSingle();
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> AddToBits(Vector128<float> value, int addend) => (value.AsInt32() + Vector128.Create(addend)).AsSingle();
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> ShiftLeftBits(Vector128<float> value, int count) => Vector128.ShiftLeft(value.AsInt32(), count).AsSingle();
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> ShiftRightArithmeticBits(Vector128<float> value, int count) => Vector128.ShiftRightArithmetic(value.AsInt32(), count).AsSingle();
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool AnyAbsBitsAbove(Vector128<float> value, int limitBits) => Vector128.GreaterThanAny(value.AsInt32() & Vector128.Create(int.MaxValue), Vector128.Create(limitBits));
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool AnyBitsSet(Vector128<float> value, int mask) => (value.AsInt32() & Vector128.Create(mask)) != Vector128<int>.Zero;
    }
}
