using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Functional.AD;

// Sine and cosine: the float functions on float lanes (the common path, whose method and error analysis the class
// remarks below give), and on double lanes the double-precision functions (reduction by π/2, both polynomials,
// per-lane choice by quadrant) and the double-widened float kernels of the float general path (reduction by π,
// one odd polynomial); with their constants.

/// <summary>
/// The single-precision sine and cosine on float lanes (eight per 256-bit vector). The common path (every lane of a
/// vector with |n| ≤ 4096, i.e. |x| up to about 6437) reduces by π/2 to <c>r = rh − rn</c> with |r| ≤ π/4 and picks,
/// per lane, a sine or a cosine polynomial by the quadrant (the sine and the cosine of one argument share the
/// reduction, so <see cref="FastMath.SinCos(ReadOnlySpan{float}, Span{float}, Span{float})"/> computes both for little
/// more than one); vectors with a larger, infinite or NaN lane take the
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
/// by 31), q mod 4 ∈ {2, 3} flips the sign (bit 1 of q xor-ed into the sign bit). (Until 2026-12 the cosine had a
/// rounding shift of its own, one more, which rounds x·2/π the other way when it is exactly half an integer; the
/// two reductions are equally accurate there.)
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
    /// Computes <c>sin[i] = sin(x[i])</c> and <c>cos[i] = cos(x[i])</c> for single-precision values, with one range
    /// reduction for both: the same bits as <see cref="Sin(ReadOnlySpan{float}, Span{float})"/> and
    /// <see cref="Cos(ReadOnlySpan{float}, Span{float})"/>, in little more than the time of one of them.
    /// </summary>
    /// <param name="x">The arguments, in radians.</param>
    /// <param name="sin">The sines; at least <c>x.Length</c> long; may be the same memory as <paramref name="x"/>.</param>
    /// <param name="cos">The cosines; at least <c>x.Length</c> long; may be the same memory as <paramref name="x"/>, not as <paramref name="sin"/>.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void SinCos(ReadOnlySpan<float> x, Span<float> sin, Span<float> cos)
    {
        Validate(x, sin);
        Validate(x, cos);
        if (sin.Overlaps(cos)) throw new ArgumentException("The sine and cosine destinations overlap.", nameof(cos));
        if (Vector512.IsHardwareAccelerated)
            SinCosSingleLoop<Ops512, Vector512<double>, Vector512<float>>(x, sin, cos);
        else if (Vector256.IsHardwareAccelerated && Fma.IsSupported)
            SinCosSingleLoop<Ops256, Vector256<double>, Vector256<float>>(x, sin, cos);
        else if (Vector128.IsHardwareAccelerated)
            SinCosSingleLoop<Ops128, Vector128<double>, Vector128<float>>(x, sin, cos);
        else
        {
            for (int i = 0; i < x.Length; i++)
            {
                float v = x[i];
                sin[i] = CircularSingleLanes<SinSingle>.Scalar(v);
                cos[i] = CircularSingleLanes<CosSingle>.Scalar(v);
            }
        }
    }

    /// <summary>
    /// The loop of <see cref="SinCos(ReadOnlySpan{float}, Span{float}, Span{float})"/>: a vector whose lanes are all in
    /// the common range takes <see cref="SinCosSingleLanesBoth"/>, any other the general path of each function (the
    /// same choice, per vector and for the padded tail, as the separate kernels make).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SinCosSingleLoop<TOps, TD, TF>(ReadOnlySpan<float> x, Span<float> sin, Span<float> cos)
        where TOps : struct, IVectorOps<TD, TF> where TD : struct where TF : struct
    {
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float ss = ref MemoryMarshal.GetReference(sin);
        ref float cs = ref MemoryMarshal.GetReference(cos);
        int length = x.Length, width = 2 * TOps.DoubleCount, i = 0;
        // two vectors per iteration while both take the common path, as in MapSingleLanes
        for (; i <= length - 2 * width; i += 2 * width)
        {
            TF v0 = TOps.Load(ref Unsafe.Add(ref xs, i));
            TF v1 = TOps.Load(ref Unsafe.Add(ref xs, i + width));
            if (!SinCosSingleIsCommon<TOps, TD, TF>(v0) || !SinCosSingleIsCommon<TOps, TD, TF>(v1)) break;
            TF s0 = SinCosSingleLanesBoth<TOps, TD, TF>(v0, out TF c0);
            TF s1 = SinCosSingleLanesBoth<TOps, TD, TF>(v1, out TF c1);
            TOps.Store(s0, ref Unsafe.Add(ref ss, i));
            TOps.Store(c0, ref Unsafe.Add(ref cs, i));
            TOps.Store(s1, ref Unsafe.Add(ref ss, i + width));
            TOps.Store(c1, ref Unsafe.Add(ref cs, i + width));
        }
        for (; i <= length - width; i += width)
        {
            TF v = TOps.Load(ref Unsafe.Add(ref xs, i));
            if (SinCosSingleIsCommon<TOps, TD, TF>(v))
            {
                TOps.Store(SinCosSingleLanesBoth<TOps, TD, TF>(v, out TF c), ref Unsafe.Add(ref ss, i));
                TOps.Store(c, ref Unsafe.Add(ref cs, i));
            }
            else
            {
                TOps.Store(SinCosSingleGeneral<SinSingle, TOps, TD, TF>(v), ref Unsafe.Add(ref ss, i));
                TOps.Store(SinCosSingleGeneral<CosSingle, TOps, TD, TF>(v), ref Unsafe.Add(ref cs, i));
            }
        }
        if (i == length) return;
        int rest = length - i;
        TF tail = default;
        ref float tr = ref Unsafe.As<TF, float>(ref tail);
        for (int j = 0; j < rest; j++) Unsafe.Add(ref tr, j) = Unsafe.Add(ref xs, i + j);
        TF tailSin, tailCos;
        if (SinCosSingleIsCommon<TOps, TD, TF>(tail))
            tailSin = SinCosSingleLanesBoth<TOps, TD, TF>(tail, out tailCos);
        else
        {
            tailSin = SinCosSingleGeneral<SinSingle, TOps, TD, TF>(tail);
            tailCos = SinCosSingleGeneral<CosSingle, TOps, TD, TF>(tail);
        }
        ref float sr = ref Unsafe.As<TF, float>(ref tailSin);
        ref float cr = ref Unsafe.As<TF, float>(ref tailCos);
        for (int j = 0; j < rest; j++)
        {
            Unsafe.Add(ref ss, i + j) = Unsafe.Add(ref sr, j);
            Unsafe.Add(ref cs, i + j) = Unsafe.Add(ref cr, j);
        }
    }

    /// <summary>
    /// The rounding shift of the sine and the cosine, 1.5·2²³ + 4096: <c>t = x·2/π + SinSingleShift</c> rounds to an
    /// integer whose pattern is that of 1.5·2²³ plus <c>n + 4096</c>, so its low bits hold n mod 4 (and those of
    /// <c>t + 1</c>, exact, the cosine's quadrant n + 1) and, for n ∈ [−4096, 4095], all bits above the low 13 equal
    /// those of 1.5·2²³ (the common-range test, <see cref="SinCosSingleWindow"/>). The sine and the cosine share n, so
    /// one reduction serves both (<see cref="SinCos(ReadOnlySpan{float}, Span{float}, Span{float})"/>).
    /// </summary>
    private const float SinSingleShift = 12587008f;

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
            => SinCosSingleIsCommon<TOps, TD, TF>(x);

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TF EvaluateCommon<TOps, TD, TF>(TF x) where TOps : struct, IVectorOps<TD, TF> where TD : struct where TF : struct
            => SinCosSingleLanes<TOps, TD, TF>(x, TC.IsCosine);

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static TF Evaluate<TOps, TD, TF>(TF x) where TOps : struct, IVectorOps<TD, TF> where TD : struct where TF : struct
            => SinCosSingleGeneral<TC, TOps, TD, TF>(x);

        /// <inheritdoc/>
        public static float Scalar(float x) => (float)TC.Scalar(x);
    }

    /// <summary>
    /// The float-lane sine or cosine for lanes that all pass <see cref="SinCosSingleIsCommon"/> (|n| ≤ 4096, not
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
        TF t = SinCosSingleReduce<TOps, TD, TF>(x, out TF s, out TF c);
        return SinCosSingleQuadrant<TOps, TD, TF>(cosine ? TOps.Add(t, TOps.SplatSingle(1f)) : t, s, c);
    }

    /// <summary>
    /// The sine and the cosine of lanes that all pass <see cref="SinCosSingleIsCommon"/>, from one reduction: the
    /// same bits as <see cref="SinCosSingleLanes"/> for each.
    /// </summary>
    /// <typeparam name="TOps">The vector operations (fused multiply–add).</typeparam>
    /// <typeparam name="TD">The double vector type.</typeparam>
    /// <typeparam name="TF">The float vector type.</typeparam>
    /// <param name="x">The arguments.</param>
    /// <param name="cos">The cosines.</param>
    /// <returns>The sines.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TF SinCosSingleLanesBoth<TOps, TD, TF>(TF x, out TF cos) where TOps : struct, IVectorOps<TD, TF> where TD : struct where TF : struct
    {
        TF t = SinCosSingleReduce<TOps, TD, TF>(x, out TF s, out TF c);
        cos = SinCosSingleQuadrant<TOps, TD, TF>(TOps.Add(t, TOps.SplatSingle(1f)), s, c);
        return SinCosSingleQuadrant<TOps, TD, TF>(t, s, c);
    }

    /// <summary>
    /// The reduction and both polynomials of the float-lane sine and cosine: returns the rounding-shifted quadrant
    /// estimate t (pattern 1.5·2²³ + n + 4096) and gives sin r and cos r of the reduced argument.
    /// </summary>
    /// <typeparam name="TOps">The vector operations (fused multiply–add).</typeparam>
    /// <typeparam name="TD">The double vector type.</typeparam>
    /// <typeparam name="TF">The float vector type.</typeparam>
    /// <param name="x">The arguments.</param>
    /// <param name="s">sin r.</param>
    /// <param name="c">cos r.</param>
    /// <returns>t.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TF SinCosSingleReduce<TOps, TD, TF>(TF x, out TF s, out TF c) where TOps : struct, IVectorOps<TD, TF> where TD : struct where TF : struct
    {
        TF shift = TOps.SplatSingle(SinSingleShift);
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
        s = TOps.Subtract(rh, TOps.MulAdd(TOps.Multiply(rh, z), ps, rn));

        // cos r ≈ 1 + z·(−½ + z·Q(z)).
        TF pc = TOps.MulAdd(TOps.SplatSingle(SC3), z, TOps.SplatSingle(SC2));
        pc = TOps.MulAdd(pc, z, TOps.SplatSingle(SC1));
        pc = TOps.MulAdd(pc, z, TOps.SplatSingle(-0.5f));
        c = TOps.MulAdd(z, pc, TOps.SplatSingle(1f));
        return t;
    }

    /// <summary>
    /// Picks and signs the polynomial for quadrant q, read from the low bits of <paramref name="tq"/> (t for the sine,
    /// t + 1 for the cosine): q odd → the cosine polynomial, q mod 4 ≥ 2 → negated.
    /// </summary>
    /// <typeparam name="TOps">The vector operations.</typeparam>
    /// <typeparam name="TD">The double vector type.</typeparam>
    /// <typeparam name="TF">The float vector type.</typeparam>
    /// <param name="tq">The rounding-shifted quadrant.</param>
    /// <param name="s">sin r.</param>
    /// <param name="c">cos r.</param>
    /// <returns>The result.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TF SinCosSingleQuadrant<TOps, TD, TF>(TF tq, TF s, TF c) where TOps : struct, IVectorOps<TD, TF> where TD : struct where TF : struct
    {
        TF v = TOps.SelectBySignBit(TOps.ShiftLeftBits(tq, 31), c, s);
        return TOps.Xor(v, TOps.And(TOps.ShiftLeftBits(tq, 30), TOps.SplatSingle(-0f)));
    }

    /// <summary>
    /// Whether every lane can take the common path: <c>t = x·2/π + shift</c> (the same value as in
    /// <see cref="SinCosSingleReduce"/>, which the JIT computes once) lies in the 8192 integers from 1.5·2²³ on,
    /// i.e. n ∈ [−4096, 4095]; NaN and ±∞ fall outside. Without FMA, never.
    /// </summary>
    /// <typeparam name="TOps">The vector operations.</typeparam>
    /// <typeparam name="TD">The double vector type.</typeparam>
    /// <typeparam name="TF">The float vector type.</typeparam>
    /// <param name="x">The arguments.</param>
    /// <returns>True when all lanes are within the common range.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool SinCosSingleIsCommon<TOps, TD, TF>(TF x) where TOps : struct, IVectorOps<TD, TF> where TD : struct where TF : struct
    {
        if (!TOps.IsFused) return false;
        TF t = TOps.MulAdd(x, TOps.SplatSingle(TwoOverPiF), TOps.SplatSingle(SinSingleShift));
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static TF ScalarLanes<TK, TOps, TD, TF>(TF x)
        where TK : struct, IKernel where TOps : struct, IVectorOps<TD, TF> where TD : struct where TF : struct
    {
        TF y = x;
        ref float lanes = ref Unsafe.As<TF, float>(ref y);
        for (int j = 0; j < 2 * TOps.DoubleCount; j++) Unsafe.Add(ref lanes, j) = (float)TK.Scalar(Unsafe.Add(ref lanes, j));
        return y;
    }

    // ----------------------------------------------------------------------------------------------
    // On double lanes: the double-precision functions and the widened kernels of the float general path
    // ----------------------------------------------------------------------------------------------

    /// <summary>Computes <c>y[i] = sin(x[i])</c> for double-precision values (about 1 ulp at worst).</summary>
    /// <param name="x">The arguments, in radians.</param>
    /// <param name="y">The destination; at least <c>x.Length</c> long; may be the same memory as <paramref name="x"/>.</param>
    internal static void Sin(ReadOnlySpan<double> x, Span<double> y) => MapDouble<CircularDouble<SinSingle>>(x, y);

    /// <summary>Computes <c>y[i] = cos(x[i])</c> for double-precision values (about 1 ulp at worst).</summary>
    /// <param name="x">The arguments, in radians.</param>
    /// <param name="y">The destination; at least <c>x.Length</c> long; may be the same memory as <paramref name="x"/>.</param>
    internal static void Cos(ReadOnlySpan<double> x, Span<double> y) => MapDouble<CircularDouble<CosSingle>>(x, y);

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

    /// <summary>Single-precision sine, evaluated in double.</summary>
    private readonly struct SinSingle : IKernel, ICircular
    {
        /// <inheritdoc/>
        public static bool IsCosine => false;

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
    private readonly struct CosSingle : IKernel, ICircular
    {
        /// <inheritdoc/>
        public static bool IsCosine => true;

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

    /// <summary>Which of sine and cosine a kernel computes (a JIT-time constant in the code shared by the two).</summary>
    private interface ICircular
    {
        /// <summary>Gets a value indicating whether the function is the cosine (else the sine).</summary>
        static abstract bool IsCosine { get; }
    }

    /// <summary>
    /// Double-precision sine or cosine (<see cref="SinCosDouble{TOps, TD, TF}"/>); <typeparamref name="TC"/>, the
    /// float kernel of the same function, says which and gives the scalar function for lanes beyond the limit.
    /// </summary>
    /// <typeparam name="TC"><see cref="SinSingle"/> or <see cref="CosSingle"/>.</typeparam>
    private readonly struct CircularDouble<TC> : IKernel where TC : struct, IKernel, ICircular
    {
        /// <inheritdoc/>
        public static bool ScalarNaN => false;

        /// <inheritdoc/>
        public static double Limit(bool fused) => fused ? DoubleLimitFused : DoubleLimitUnfused;

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TD Evaluate<TOps, TD, TF>(TD x) where TOps : struct, IVectorOps<TD, TF> where TD : struct where TF : struct
            => SinCosDouble<TOps, TD, TF>(x, TC.IsCosine);

        /// <inheritdoc/>
        public static double Scalar(double x) => TC.Scalar(x);
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
}
