using System;
using System.Runtime.CompilerServices;

namespace Functional.AD;

/// <summary>The exponential: the double kernel on double lanes and the single-precision one on float lanes (see <see cref="FastMath"/> for the method).</summary>
internal static partial class FastMath
{
    /// <summary>Computes <c>y[i] = exp(x[i])</c> for double-precision values (about 1 ulp at worst).</summary>
    /// <param name="x">The exponents.</param>
    /// <param name="y">The destination; at least <c>x.Length</c> long; may be the same memory as <paramref name="x"/>.</param>
    internal static void Exp(ReadOnlySpan<double> x, Span<double> y) => MapDouble<ExpDouble>(x, y);

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

    /// <summary>
    /// Computes <c>y[i] = exp(x[i])</c> for single-precision values: at most 1 ulp from the correctly rounded result
    /// <c>(float)Math.Exp(x)</c>, checked over every float (subnormal results included); overflow gives +∞,
    /// underflow 0, <c>exp(−∞) = 0</c>, <c>exp(+∞) = +∞</c>, NaN stays NaN.
    /// </summary>
    /// <param name="x">The exponents.</param>
    /// <param name="y">The destination; at least <c>x.Length</c> long; may be the same memory as <paramref name="x"/>.</param>
    internal static void Exp(ReadOnlySpan<float> x, Span<float> y) => MapSingleLanes<ExpSingle>(x, y);

    /// <summary>1.5·2²³: adding it rounds a float of magnitude below 2²² to an integer held in the low mantissa bits.</summary>
    private const float SingleRoundingShift = 12582912f;

    /// <summary>The bit pattern of 1.0f: adding <c>n·2²³</c> to it gives the pattern of 2ⁿ.</summary>
    private const int SingleOneBits = 0x3F800000;

    /// <summary>log₂e rounded to float.</summary>
    private const float Log2EF = 1.44269502f;

    /// <summary>ln 2 rounded to float (FMA reduction, part 1): <c>x − n·Ln2SF1</c> is exact for every |x| ≤ 120.</summary>
    private const float Ln2SF1 = 0.693147182f;

    /// <summary>(ln 2 − Ln2SF1) rounded to float (negative); what remains of ln 2 is below 2⁻⁵³.</summary>
    private const float Ln2SF2 = -1.90465421e-09f;

    /// <summary>ln 2 truncated to 16 bits (reduction without FMA: <c>n·Ln2SU1</c> is exact for |n| &lt; 2⁸).</summary>
    private const float Ln2SU1 = 0.693145752f;

    /// <summary>(ln 2 − Ln2SU1) rounded to float; what remains of ln 2 is below 2⁻⁴⁴.</summary>
    private const float Ln2SU2 = 1.42860677e-06f;

    /// <summary>
    /// The bit pattern of 86f: lanes with |x| ≤ 86 have n = round(x·log₂e) within ±125, so that <c>(1 + s)·2ⁿ</c>
    /// is a normal float built by adding n to the exponent bits (the common path of <see cref="ExpSingle"/>).
    /// </summary>
    private const int ExpSingleCommonBits = 0x42AC0000;

    /// <summary>Lower clamp of the general exponential path: exp(−120) rounds to 0 (below 2⁻¹⁵⁰).</summary>
    private const float ExpSingleLow = -120f;

    /// <summary>Upper clamp of the general exponential path: exp(100) overflows to +∞.</summary>
    private const float ExpSingleHigh = 100f;

    // e^r ≈ 1 + r + r²·(SE2 + SE3 r + SE4 r² + SE5 r³ + SE6 r⁴), |r| ≤ ln2/2·1.0002. Minimax fit of the relative
    // error of e^r (Lawson's iteration in mpmath, 40 digits), the coefficients rounded to float one at a time
    // with the remaining ones refitted: final relative error 2⁻²⁸·³ with these float coefficients (degree 5
    // reaches only 2⁻²³·², which would cost half an ulp).

    /// <summary>Float-kernel exponential coefficient of r².</summary>
    private const float SE2 = 0.49999994f;
    /// <summary>Float-kernel exponential coefficient of r³.</summary>
    private const float SE3 = 0.166665211f;
    /// <summary>Float-kernel exponential coefficient of r⁴.</summary>
    private const float SE4 = 0.0416682623f;
    /// <summary>Float-kernel exponential coefficient of r⁵.</summary>
    private const float SE5 = 0.00836867467f;
    /// <summary>Float-kernel exponential coefficient of r⁶.</summary>
    private const float SE6 = 0.00138210633f;

    /// <summary>
    /// Single-precision eˣ on float lanes. n = round(x·log₂e) by the rounding shift, r = x − n·ln2 (two parts, the
    /// first exact), <c>s = r + r²·P(r) = eʳ − 1</c>, then <c>eˣ = (1 + s)·2ⁿ</c>. The common path (every
    /// |x| ≤ 86, see <see cref="ExpSingleCommonBits"/>) adds n to the exponent bits of <c>1 + s</c>. The general
    /// path clamps x to [−120, 100] and applies 2ⁿ as two factors, <c>2^⌊n/2⌉</c> to the exponent bits (exact, the
    /// value stays normal) and <c>2^(n−⌊n/2⌉)</c> by a multiplication, whose single rounding gives correctly
    /// rounded subnormal results (of the approximation), +∞ on overflow and 0 on underflow; NaN lanes are kept.
    /// Exhaustively: at most 1 ulp from <c>(float)Math.Exp(x)</c> for every float x.
    /// </summary>
    private readonly struct ExpSingle : ISingleKernel
    {
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool IsCommon<TOps, TD, TF>(TF x) where TOps : struct, IVectorOps<TD, TF> where TD : struct where TF : struct
            => !TOps.AnyAbsBitsAbove(x, ExpSingleCommonBits);

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TF EvaluateCommon<TOps, TD, TF>(TF x) where TOps : struct, IVectorOps<TD, TF> where TD : struct where TF : struct
        {
            TF s = ExpReducedSingle<TOps, TD, TF>(x, out TF t, exactTail: true);
            TF e = TOps.Add(s, TOps.SplatSingle(1f));
            return TOps.AddIntegers(e, TOps.ShiftLeftBits(t, 23));
        }

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TF Evaluate<TOps, TD, TF>(TF x) where TOps : struct, IVectorOps<TD, TF> where TD : struct where TF : struct
        {
            TF shift = TOps.SplatSingle(SingleRoundingShift);
            TF xc = TOps.MinNative(TOps.MaxNative(x, ExpSingleLow), ExpSingleHigh);
            TF s = ExpReducedSingle<TOps, TD, TF>(xc, out TF t, exactTail: true);
            TF e = TOps.Add(s, TOps.SplatSingle(1f));
            // n = n1 + n2 with n1 = round(n/2) (|n1|, |n2| ≤ 87): e·2^n1 is normal and exact; ·2^n2 rounds once.
            TF n = TOps.Subtract(t, shift);
            TF t1 = TOps.MulAdd(n, TOps.SplatSingle(0.5f), shift);
            TF t2 = TOps.Add(TOps.Subtract(n, TOps.Subtract(t1, shift)), shift);
            TF scaled = TOps.AddIntegers(e, TOps.ShiftLeftBits(t1, 23));
            TF factor = TOps.AddToBits(TOps.ShiftLeftBits(t2, 23), SingleOneBits);
            return TOps.KeepNaN(x, TOps.Multiply(scaled, factor));
        }

        /// <inheritdoc/>
        public static float Scalar(float x) => (float)Math.Exp(x);
    }

    /// <summary>
    /// The reduced single exponential shared by <see cref="ExpSingle"/> and <see cref="TanhSingle"/>:
    /// <c>eˣ = 2ⁿ·(1 + s)</c> with n = round(x·log₂e) and <c>s = eʳ − 1 = r + r²·P(r)</c>, r = x − n·ln2. With FMA
    /// the first reduction step is exact; the second part of ln 2 (<see cref="Ln2SF2"/>, about n·2⁻²⁹ relative) may
    /// be left out where the caller's formula damps the error (<paramref name="exactTail"/> false). Without FMA
    /// the reduction uses 16-bit <see cref="Ln2SU1"/> and <see cref="Ln2SU2"/> (so |n| &lt; 2⁸). Valid for |x| ≤ 120.
    /// </summary>
    /// <typeparam name="TOps">The vector operations.</typeparam>
    /// <typeparam name="TD">The double vector type.</typeparam>
    /// <typeparam name="TF">The float vector type.</typeparam>
    /// <param name="x">The exponents.</param>
    /// <param name="t">Receives <c>1.5·2²³ + n</c>: n sits in the low bits of its pattern.</param>
    /// <param name="exactTail">Whether to subtract the second part of ln 2 (a JIT-time constant).</param>
    /// <returns><c>s = eʳ − 1</c>.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TF ExpReducedSingle<TOps, TD, TF>(TF x, out TF t, bool exactTail) where TOps : struct, IVectorOps<TD, TF> where TD : struct where TF : struct
    {
        TF shift = TOps.SplatSingle(SingleRoundingShift);
        t = TOps.MulAdd(x, TOps.SplatSingle(Log2EF), shift);
        TF n = TOps.Subtract(t, shift);
        TF r;
        if (TOps.IsFused)
        {
            r = TOps.MulAdd(n, TOps.SplatSingle(-Ln2SF1), x);
            if (exactTail) r = TOps.MulAdd(n, TOps.SplatSingle(-Ln2SF2), r);
        }
        else
        {
            r = TOps.MulAdd(n, TOps.SplatSingle(-Ln2SU1), x);
            r = TOps.MulAdd(n, TOps.SplatSingle(-Ln2SU2), r);
        }
        TF p = TOps.MulAdd(TOps.SplatSingle(SE6), r, TOps.SplatSingle(SE5));
        p = TOps.MulAdd(p, r, TOps.SplatSingle(SE4));
        p = TOps.MulAdd(p, r, TOps.SplatSingle(SE3));
        p = TOps.MulAdd(p, r, TOps.SplatSingle(SE2));
        return TOps.MulAdd(TOps.Multiply(r, r), p, r);
    }
}
