using System;
using System.Runtime.CompilerServices;

namespace Functional.AD;

/// <summary>The single-precision exponential, evaluated on float lanes (see <see cref="FastMath"/> for the method).</summary>
internal static partial class FastMath
{
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
