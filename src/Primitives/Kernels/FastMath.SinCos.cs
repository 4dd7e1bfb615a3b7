using System;
using System.Runtime.CompilerServices;

namespace Functional.AD;

/// <summary>
/// The single-precision sine and cosine on float lanes (eight per 256-bit vector). The common path (every lane of a
/// vector with |n| ≤ 4096, i.e. |x| up to about 6437) reduces by π/2 to <c>r = rh − rn</c> with |r| ≤ π/4 and picks,
/// per lane, a sine or a cosine polynomial by the quadrant; vectors with a larger, infinite or NaN lane take the
/// general path, the double-widened kernels <see cref="SinSingle"/>/<see cref="CosSingle"/> (and
/// <see cref="Math"/> beyond 2²⁴).
/// </summary>
/// <remarks>
/// <para>
/// <b>Reduction.</b> <c>n = round(x·2/π)</c> by a rounding shift, then <c>r = x − n·π/2</c> with π/2 split into
/// three floats: C1 = <see cref="HalfPiSF1"/> (π/2 rounded down to float), C2 = <see cref="HalfPiSF2"/> (the next
/// 11 bits, 1297·2⁻³⁴; the 4 bits after them are zero) and C3 = <see cref="HalfPiSF3"/> (the rest rounded to float;
/// what remains of π/2 is below 2⁻⁶³·⁴). With FMA, <c>r1 = x − n·C1</c> is exact (both terms are multiples of 2⁻²⁴
/// and |r1| &lt; 1); <c>rh = r1 − n·C2</c> is rounded once, and its rounding error is recovered exactly as
/// <c>rn = (rh − r1) + n·C2</c> (so that <c>r1 − n·C2 = rh − rn</c>): <c>rh − r1</c> is exact by Sterbenz's lemma when
/// <c>|n·C2| ≤ |r1|/2</c>; otherwise <c>r1 − n·C2</c>, a multiple of 2⁻³⁴ below <c>3·|n|·C2 &lt; 2⁻¹⁰</c> (for
/// |n| ≤ 4311), is a float, <c>rh</c> is exact and <c>rn = 0</c>. <c>rn</c> then also takes <c>n·C3</c> (rounded;
/// it is at most 4097·C3 ≈ 2⁻²⁶·⁵ plus half an ulp of rh). Over the common range the reduced argument is at least
/// 2⁻²⁷·⁸ (x = 252.898209; from the floats nearest to every multiple of π/2 up to 2¹⁴, in mpmath), so the rest of
/// π/2 left out (at most 4097·2⁻⁶³·⁴) is below 2⁻²⁴ of an ulp of r.
/// </para>
/// <para>
/// <b>Polynomials</b> on |r| ≤ 0.7857 (π/4 plus the error of the float 2/π at |x| ≈ 6437), with <c>z = rh²</c>:
/// <c>sin r ≈ rh − (rh·z·(−P(z)) + rn)</c>, <c>P</c> of degree 2 (a degree-7 odd polynomial), and
/// <c>cos r ≈ 1 + z·(−½ + z·Q(z))</c>, <c>Q</c> of degree 2 (degree 8). Both are minimax fits of the relative error
/// (Lawson's iteration in numpy over mpmath values on 3000 points), the coefficients rounded to float one at a time
/// with the rest refitted: relative error 2⁻²⁷·⁹ (sine) and 2⁻³³ (cosine) with the float coefficients. The sine
/// carries the low part <c>rn</c> of the reduced argument; the cosine leaves it out (its effect, at most
/// <c>sin(π/4)·(½ ulp(rh) + 4097·C3)</c>, is below 0.5 ulp of the cosine, whose value is at least 0.7): carrying
/// it as <c>z − 2·rh·rn</c> lowered the worst error from 1.27 to 1.12 ulp of the exact value but cost two
/// operations per vector (about 6% of the time). The quadrant q = n (sine) or n + 1 (cosine) is read from the
/// rounding shift's bits: q odd selects the cosine polynomial (a blend on the sign bit of the pattern shifted left
/// by 31), q mod 4 ∈ {2, 3} flips the sign (bit 1 of q xor-ed into the sign bit).
/// </para>
/// <para>
/// <b>Accuracy</b>, checked over all 2³² floats (AVX2): at most 1 ulp from the correctly rounded
/// <c>(float)Math.Sin(x)</c> / <c>(float)Math.Cos(x)</c>; the common path's worst error is 1.25 ulp (sine, at
/// x = 6313.7773) and 1.27 ulp (cosine, at x = 4020.4653) of the exact value, and 99.6% of the results over all
/// floats are the correctly rounded ones. <c>sin(±0) = ±0</c> (the bracket of the sine is +0 for a zero argument,
/// so the sign of <c>rh = x</c> survives the subtraction), <c>cos(±0) = 1</c>, ±∞ and NaN give NaN, subnormal
/// arguments give themselves for sine. Every operation is a correctly rounded IEEE operation or an FMA, so every
/// vector width gives the same bits on the same path (which path a value near the end of the common range takes
/// depends on its neighbours in the vector). Without a hardware fused multiply–add every vector takes the general path
/// (the exact first reduction step needs FMA).
/// </para>
/// </remarks>
internal static partial class FastMath
{
    /// <summary>
    /// Computes <c>y[i] = sin(x[i])</c> for single-precision values: at most 1 ulp from the correctly rounded result
    /// <c>(float)Math.Sin(x)</c>, checked over every float; <c>sin(±0) = ±0</c>, ±∞ and NaN give NaN.
    /// </summary>
    /// <param name="x">The arguments, in radians.</param>
    /// <param name="y">The destination; at least <c>x.Length</c> long; may be the same memory as <paramref name="x"/>.</param>
    internal static void Sin(ReadOnlySpan<float> x, Span<float> y) => MapSingleLanes<CircularSingleLanes<SinSingle>>(x, y);

    /// <summary>
    /// Computes <c>y[i] = cos(x[i])</c> for single-precision values: at most 1 ulp from the correctly rounded result
    /// <c>(float)Math.Cos(x)</c>, checked over every float; ±∞ and NaN give NaN.
    /// </summary>
    /// <param name="x">The arguments, in radians.</param>
    /// <param name="y">The destination; at least <c>x.Length</c> long; may be the same memory as <paramref name="x"/>.</param>
    internal static void Cos(ReadOnlySpan<float> x, Span<float> y) => MapSingleLanes<CircularSingleLanes<CosSingle>>(x, y);

    /// <summary>
    /// The sine's rounding shift, 1.5·2²³ + 4096: <c>t = x·2/π + SinSingleShift</c> rounds to an integer whose pattern
    /// is that of 1.5·2²³ plus <c>n + 4096</c>, so its low bits hold n mod 4 and, for n ∈ [−4096, 4095], all bits
    /// above the low 13 equal those of 1.5·2²³ (the common-range test, <see cref="SinCosSingleWindow"/>).
    /// </summary>
    private const float SinSingleShift = 12587008f;

    /// <summary>
    /// The cosine's rounding shift, 1.5·2²³ + 4097: the pattern of t holds <c>n + 1 + 4096</c>, so its low bits give
    /// the cosine's quadrant n + 1 directly; common range n ∈ [−4097, 4094].
    /// </summary>
    private const float CosSingleShift = 12587009f;

    /// <summary>
    /// The bits of <c>t</c>'s pattern xor that of 1.5·2²³ that must be clear on the common path: all but the low 13.
    /// That keeps |n| ≤ 4097 (|x| ≤ 6437), within the 4311 the exact reduction allows (see the remarks of this file).
    /// </summary>
    private const int SinCosSingleWindow = unchecked((int)0xFFFFE000);

    /// <summary>2/π rounded to float (quadrant estimate of the float-lane sine/cosine).</summary>
    private const float TwoOverPiF = 0.63661975f;

    /// <summary>π/2 rounded down to float (0x3FC90FDA): with FMA, <c>x − n·HalfPiSF1</c> is exact for the common range.</summary>
    private const float HalfPiSF1 = 1.57079625f;

    /// <summary>(π/2 − HalfPiSF1) truncated to 11 bits: 1297·2⁻³⁴ (0x33A22000); positive, so a zero argument keeps its sign.</summary>
    private const float HalfPiSF2 = 7.5495336e-08f;

    /// <summary>(π/2 − HalfPiSF1 − HalfPiSF2) rounded to float (0x2C34611A); what remains of π/2 is below 2⁻⁶³·⁴.</summary>
    private const float HalfPiSF3 = 2.563344e-12f;

    // sin r ≈ r + r³·(SS1 + SS2 z + SS3 z²), z = r², |r| ≤ 0.7857 (π/4 plus the quadrant estimate's error):
    // relative error 2⁻²⁷·⁹ with these float coefficients.

    /// <summary>Float-lane sine coefficient of r³.</summary>
    private const float SS1 = -0.166666552f;
    /// <summary>Float-lane sine coefficient of r⁵.</summary>
    private const float SS2 = 0.00833218824f;
    /// <summary>Float-lane sine coefficient of r⁷.</summary>
    private const float SS3 = -0.000195180983f;

    // cos r ≈ 1 − z/2 + z²·(SC1 + SC2 z + SC3 z²), z = r², |r| ≤ 0.7857: relative error 2⁻³³ with these float
    // coefficients.

    /// <summary>Float-lane cosine coefficient of r⁴.</summary>
    private const float SC1 = 0.0416666456f;
    /// <summary>Float-lane cosine coefficient of r⁶.</summary>
    private const float SC2 = -0.00138873095f;
    /// <summary>Float-lane cosine coefficient of r⁸.</summary>
    private const float SC3 = 2.44323273e-05f;

    /// <summary>
    /// Single-precision sine or cosine on float lanes: the common path of this file for |n| ≤ 4096 (sine) or 4097
    /// (cosine), with FMA, else the double-widened kernel <typeparamref name="TC"/>. At most 1 ulp from
    /// <c>(float)Math.Sin(x)</c> / <c>(float)Math.Cos(x)</c> for every float.
    /// </summary>
    /// <typeparam name="TC">The double-widened kernel of the same function, <see cref="SinSingle"/> or <see cref="CosSingle"/>,
    /// which also says which function this is and gives its scalar form.</typeparam>
    private readonly struct CircularSingleLanes<TC> : ISingleKernel where TC : struct, IKernel, ICircular
    {
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool IsCommon<TOps, TD, TF>(TF x) where TOps : struct, IVectorOps<TD, TF> where TD : struct where TF : struct
            => SinCosSingleIsCommon<TOps, TD, TF>(x, TC.IsCosine);

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TF EvaluateCommon<TOps, TD, TF>(TF x) where TOps : struct, IVectorOps<TD, TF> where TD : struct where TF : struct
            => SinCosSingleLanes<TOps, TD, TF>(x, TC.IsCosine);

        /// <inheritdoc/>
        public static TF Evaluate<TOps, TD, TF>(TF x) where TOps : struct, IVectorOps<TD, TF> where TD : struct where TF : struct
            => SinCosSingleGeneral<TC, TOps, TD, TF>(x);

        /// <inheritdoc/>
        public static float Scalar(float x) => (float)TC.Scalar(x);
    }

    /// <summary>
    /// The float-lane sine or cosine for lanes that all pass <see cref="SinCosSingleIsCommon"/> (|n| ≤ 4097, not
    /// NaN), with FMA (see the remarks of this file for the method and its error analysis).
    /// </summary>
    /// <typeparam name="TOps">The vector operations (fused multiply–add).</typeparam>
    /// <typeparam name="TD">The double vector type.</typeparam>
    /// <typeparam name="TF">The float vector type.</typeparam>
    /// <param name="x">The arguments.</param>
    /// <param name="cosine">True for cosine (a JIT-time constant after inlining).</param>
    /// <returns>The results.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TF SinCosSingleLanes<TOps, TD, TF>(TF x, bool cosine) where TOps : struct, IVectorOps<TD, TF> where TD : struct where TF : struct
    {
        TF shift = TOps.SplatSingle(cosine ? CosSingleShift : SinSingleShift);
        TF t = TOps.MulAdd(x, TOps.SplatSingle(TwoOverPiF), shift);
        TF n = TOps.Subtract(t, shift);

        // r = x − n·π/2 = rh − rn: r1 exact, rh rounded once, rn = (rh − r1) + n·C2 its exact rounding error
        // (negated), plus n·C3. For x = ±0 (n = +0): rh = x and rn = +0.
        TF r1 = TOps.MulAdd(n, TOps.SplatSingle(-HalfPiSF1), x);
        TF rh = TOps.MulAdd(n, TOps.SplatSingle(-HalfPiSF2), r1);
        TF rn = TOps.MulAdd(n, TOps.SplatSingle(HalfPiSF2), TOps.Subtract(rh, r1));
        rn = TOps.MulAdd(n, TOps.SplatSingle(HalfPiSF3), rn);
        TF z = TOps.Multiply(rh, rh);

        // sin r ≈ rh − (rh·z·(−P(z)) + rn): the bracket is +0 for rh = ±0, so sin(−0) = −0.
        TF ps = TOps.MulAdd(TOps.SplatSingle(-SS3), z, TOps.SplatSingle(-SS2));
        ps = TOps.MulAdd(ps, z, TOps.SplatSingle(-SS1));
        TF s = TOps.Subtract(rh, TOps.MulAdd(TOps.Multiply(rh, z), ps, rn));

        // cos r ≈ 1 + z·(−½ + z·Q(z)).
        TF pc = TOps.MulAdd(TOps.SplatSingle(SC3), z, TOps.SplatSingle(SC2));
        pc = TOps.MulAdd(pc, z, TOps.SplatSingle(SC1));
        pc = TOps.MulAdd(pc, z, TOps.SplatSingle(-0.5f));
        TF c = TOps.MulAdd(z, pc, TOps.SplatSingle(1f));

        // Quadrant q = n (sine) or n + 1 (cosine), q mod 4 in the low bits of t's pattern: odd → the cosine
        // polynomial, q mod 4 ≥ 2 → negated.
        TF v = TOps.SelectBySignBit(TOps.ShiftLeftBits(t, 31), c, s);
        return TOps.Xor(v, TOps.And(TOps.ShiftLeftBits(t, 30), TOps.SplatSingle(-0f)));
    }

    /// <summary>
    /// Whether every lane can take the common path: <c>t = x·2/π + shift</c> (the same value as in
    /// <see cref="SinCosSingleLanes"/>, which the JIT computes once) lies in the 8192 integers from 1.5·2²³ on,
    /// i.e. n ∈ [−4096, 4095] (sine) or [−4097, 4094] (cosine); NaN and ±∞ fall outside. Without FMA, never.
    /// </summary>
    /// <typeparam name="TOps">The vector operations.</typeparam>
    /// <typeparam name="TD">The double vector type.</typeparam>
    /// <typeparam name="TF">The float vector type.</typeparam>
    /// <param name="x">The arguments.</param>
    /// <param name="cosine">True for cosine (a JIT-time constant after inlining).</param>
    /// <returns>True when all lanes are within the common range.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool SinCosSingleIsCommon<TOps, TD, TF>(TF x, bool cosine) where TOps : struct, IVectorOps<TD, TF> where TD : struct where TF : struct
    {
        if (!TOps.IsFused) return false;
        TF t = TOps.MulAdd(x, TOps.SplatSingle(TwoOverPiF), TOps.SplatSingle(cosine ? CosSingleShift : SinSingleShift));
        return !TOps.AnyBitsSet(TOps.Xor(t, TOps.SplatSingle(SingleRoundingShift)), SinCosSingleWindow);
    }

    /// <summary>
    /// The general float sine/cosine path: the double-widened kernel <typeparamref name="TK"/> for every lane when
    /// all are at most 2²⁴ in magnitude (NaN lanes stay NaN), else <see cref="IKernel.Scalar"/> lane by lane
    /// (±∞ give NaN).
    /// </summary>
    /// <typeparam name="TK">The double-lane kernel (<see cref="SinSingle"/> or <see cref="CosSingle"/>).</typeparam>
    /// <typeparam name="TOps">The vector operations.</typeparam>
    /// <typeparam name="TD">The double vector type.</typeparam>
    /// <typeparam name="TF">The float vector type.</typeparam>
    /// <param name="x">The arguments.</param>
    /// <returns>The results.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TF SinCosSingleGeneral<TK, TOps, TD, TF>(TF x)
        where TK : struct, IKernel where TOps : struct, IVectorOps<TD, TF> where TD : struct where TF : struct
        // Adding −0 (an identity, NaN included) to the call's result keeps the JIT from homing the merged result in
        // memory, which slowed the double-widened branch by a tenth.
        => TOps.AnyAbsGreater(x, SingleLimit) ? TOps.Add(ScalarLanes<TK, TOps, TD, TF>(x), TOps.SplatSingle(-0f)) : EvaluateSingle<TK, TOps, TD, TF>(x);

    /// <summary>Applies <see cref="IKernel.Scalar"/> to each lane of a float vector (kept out of line: the rarest path).</summary>
    /// <typeparam name="TK">The kernel.</typeparam>
    /// <typeparam name="TOps">The vector operations.</typeparam>
    /// <typeparam name="TD">The double vector type.</typeparam>
    /// <typeparam name="TF">The float vector type.</typeparam>
    /// <param name="x">The arguments.</param>
    /// <returns>The results, each rounded to float.</returns>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static TF ScalarLanes<TK, TOps, TD, TF>(TF x)
        where TK : struct, IKernel where TOps : struct, IVectorOps<TD, TF> where TD : struct where TF : struct
    {
        TF y = x;
        ref float lanes = ref Unsafe.As<TF, float>(ref y);
        for (int j = 0; j < 2 * TOps.DoubleCount; j++) Unsafe.Add(ref lanes, j) = (float)TK.Scalar(Unsafe.Add(ref lanes, j));
        return y;
    }
}
