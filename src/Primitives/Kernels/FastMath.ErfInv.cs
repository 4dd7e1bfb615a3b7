using System;
using System.Runtime.CompilerServices;

namespace Functional.AD;

/// <summary>
/// The single-precision inverse error function on float lanes: Giles' single-precision polynomial ("Approximating the
/// erfinv function", GPU Computing Gems, 2011), the algorithm XLA evaluates for f32 <c>erf_inv</c>. With
/// <c>w = −log((1 − |x|)(1 + |x|))</c> (the factored form keeps 1 − x² exact to a rounding near ±1, where 1 − x·x
/// loses the low bits of x), erfinv(x) ≈ x·P(w − 2.5) for w &lt; 5 and x·Q(√w − 3) beyond, each a degree-8 polynomial
/// in Horner form. Every operation is a float multiply, add, square root or bit manipulation, without fused
/// multiply–add, so the 512-, 256- and 128-bit paths and the scalar fallback give the same bits. The logarithm is the
/// Cephes single-precision one (mantissa in [√½, √2), a degree-8 polynomial of the reduced argument, ln 2 split in
/// two parts), about 1 ulp. Edges: ±0 keep their sign, ±1 give ±∞, |x| &gt; 1 and NaN give NaN.
/// </summary>
internal static partial class FastMath
{
    /// <summary>
    /// Computes <c>y[i] = erfinv(x[i])</c> for single-precision values (see the file's remarks): within a few ulps of
    /// the exact value over (−1, 1), near ±1 included (the tests state the bound they check).
    /// </summary>
    /// <param name="x">The arguments.</param>
    /// <param name="y">The destination; at least <c>x.Length</c> long; may be the same memory as <paramref name="x"/>.</param>
    internal static void ErfInv(ReadOnlySpan<float> x, Span<float> y) => MapSingleLanes<ErfInvSingle>(x, y);

    /// <summary>The scalar form of the float erf_inv kernel, the same operations as each vector lane (no SIMD needed).</summary>
    /// <param name="x">The argument.</param>
    /// <returns>erfinv(x) as the vector kernel computes it.</returns>
    internal static float ErfInvScalar(float x) => ErfInvSingle.Scalar(x);

    /// <summary>|x| above which w may reach 5 (at 0.996, w = 4.83): vectors with no lane beyond it skip the tail polynomial.</summary>
    private const float ErfInvCentralLimit = 0.996f;

    /// <summary>The float erf_inv on float lanes.</summary>
    private readonly struct ErfInvSingle : ISingleKernel
    {
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool IsCommon<TOps, TD, TF>(TF x) where TOps : struct, IVectorOps<TD, TF> where TD : struct where TF : struct
            => !TOps.AnyAbsAboveOrNaN(x, ErfInvCentralLimit);

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TF EvaluateCommon<TOps, TD, TF>(TF x) where TOps : struct, IVectorOps<TD, TF> where TD : struct where TF : struct
            => TOps.Multiply(Central<TOps, TD, TF>(W<TOps, TD, TF>(x)), x);

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TF Evaluate<TOps, TD, TF>(TF x) where TOps : struct, IVectorOps<TD, TF> where TD : struct where TF : struct
        {
            TF w = W<TOps, TD, TF>(x);
            TF tail = Tail<TOps, TD, TF>(TOps.SqrtSingle(w));
            TF p = TOps.Select(TOps.GreaterOrEqualMask(w, 5f), tail, Central<TOps, TD, TF>(w));
            TF r = TOps.Multiply(p, x);
            // |x| = 1 gives ±∞, |x| > 1 NaN; NaN stays NaN.
            TF a = TOps.AndNot(x, TOps.SplatSingle(-0f));
            TF edge = TOps.Select(TOps.GreaterOrEqualMask(a, ErfInvOneUp), TOps.SplatSingle(float.NaN), TOps.Multiply(x, TOps.SplatSingle(float.PositiveInfinity)));
            return TOps.KeepNaN(x, TOps.Select(TOps.GreaterOrEqualMask(a, 1f), edge, r));
        }

        /// <inheritdoc/>
        public static float Scalar(float x)
        {
            float a = Math.Abs(x);
            if (float.IsNaN(x) || a > 1) return float.NaN;
            if (a == 1) return x * float.PositiveInfinity;
            float t = (1f - a) * (1f + a);
            int bits = BitConverter.SingleToInt32Bits(t);
            float e = BitConverter.Int32BitsToSingle((bits >> 23) | ErfInvExponentMagicBits) - ErfInvExponentMagicBias;
            float m = BitConverter.Int32BitsToSingle((bits & ErfInvMantissaBits) | ErfInvOneBits);
            if (m >= ErfInvSqrt2) { m *= 0.5f; e += 1f; }
            float f = m - 1f, z = f * f;
            float y = LogPolynomial(f) * f * z;
            y += e * ErfInvLn2Low;
            y += -0.5f * z;
            float log = f + y + e * ErfInvLn2High;
            float w = -log;
            float p = w < 5f ? CentralPolynomial(w - 2.5f) : TailPolynomial(MathF.Sqrt(w) - 3f);
            return p * x;
        }

        /// <summary>w = −log((1 − |x|)(1 + |x|)) per lane (meaningful for |x| &lt; 1).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static TF W<TOps, TD, TF>(TF x) where TOps : struct, IVectorOps<TD, TF> where TD : struct where TF : struct
        {
            TF one = TOps.SplatSingle(1f);
            TF a = TOps.AndNot(x, TOps.SplatSingle(-0f));
            TF t = TOps.Multiply(TOps.Subtract(one, a), TOps.Add(one, a));
            // t = 2^e·m, m in [1, 2), then m in [√½, √2): e as a float through the exponent field under 2^23.
            TF e = TOps.Subtract(TOps.Or(TOps.ShiftRightArithmeticBits(t, 23), TOps.SplatSingle(ErfInvExponentMagic)), TOps.SplatSingle(ErfInvExponentMagicBias));
            TF m = TOps.Or(TOps.And(t, TOps.SplatSingle(ErfInvMantissaMask)), one);
            TF big = TOps.GreaterOrEqualMask(m, ErfInvSqrt2);
            m = TOps.Select(big, TOps.Multiply(m, TOps.SplatSingle(0.5f)), m);
            e = TOps.Select(big, TOps.Add(e, one), e);
            TF f = TOps.Subtract(m, one);
            TF z = TOps.Multiply(f, f);
            TF p = TOps.SplatSingle(ErfInvL8);
            p = TOps.Add(TOps.Multiply(p, f), TOps.SplatSingle(ErfInvL7));
            p = TOps.Add(TOps.Multiply(p, f), TOps.SplatSingle(ErfInvL6));
            p = TOps.Add(TOps.Multiply(p, f), TOps.SplatSingle(ErfInvL5));
            p = TOps.Add(TOps.Multiply(p, f), TOps.SplatSingle(ErfInvL4));
            p = TOps.Add(TOps.Multiply(p, f), TOps.SplatSingle(ErfInvL3));
            p = TOps.Add(TOps.Multiply(p, f), TOps.SplatSingle(ErfInvL2));
            p = TOps.Add(TOps.Multiply(p, f), TOps.SplatSingle(ErfInvL1));
            p = TOps.Add(TOps.Multiply(p, f), TOps.SplatSingle(ErfInvL0));
            TF y = TOps.Multiply(TOps.Multiply(p, f), z);
            y = TOps.Add(y, TOps.Multiply(e, TOps.SplatSingle(ErfInvLn2Low)));
            y = TOps.Add(y, TOps.Multiply(TOps.SplatSingle(-0.5f), z));
            TF log = TOps.Add(TOps.Add(f, y), TOps.Multiply(e, TOps.SplatSingle(ErfInvLn2High)));
            return TOps.Subtract(TOps.SplatSingle(0f), log);
        }

        /// <summary>P(w − 2.5), the polynomial for w &lt; 5.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static TF Central<TOps, TD, TF>(TF w) where TOps : struct, IVectorOps<TD, TF> where TD : struct where TF : struct =>
            Horner<TOps, TD, TF>(TOps.Subtract(w, TOps.SplatSingle(2.5f)), ErfInvC8, ErfInvC7, ErfInvC6, ErfInvC5, ErfInvC4, ErfInvC3, ErfInvC2, ErfInvC1, ErfInvC0);

        /// <summary>Q(√w − 3), the polynomial for w ≥ 5, given √w.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static TF Tail<TOps, TD, TF>(TF rootW) where TOps : struct, IVectorOps<TD, TF> where TD : struct where TF : struct =>
            Horner<TOps, TD, TF>(TOps.Subtract(rootW, TOps.SplatSingle(3f)), ErfInvT8, ErfInvT7, ErfInvT6, ErfInvT5, ErfInvT4, ErfInvT3, ErfInvT2, ErfInvT1, ErfInvT0);

        /// <summary>((c8·v + c7)·v + …)·v + c0, a rounded product then a rounded sum at each step.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static TF Horner<TOps, TD, TF>(TF v, float c8, float c7, float c6, float c5, float c4, float c3, float c2, float c1, float c0)
            where TOps : struct, IVectorOps<TD, TF> where TD : struct where TF : struct
        {
            TF p = TOps.SplatSingle(c8);
            p = TOps.Add(TOps.SplatSingle(c7), TOps.Multiply(p, v));
            p = TOps.Add(TOps.SplatSingle(c6), TOps.Multiply(p, v));
            p = TOps.Add(TOps.SplatSingle(c5), TOps.Multiply(p, v));
            p = TOps.Add(TOps.SplatSingle(c4), TOps.Multiply(p, v));
            p = TOps.Add(TOps.SplatSingle(c3), TOps.Multiply(p, v));
            p = TOps.Add(TOps.SplatSingle(c2), TOps.Multiply(p, v));
            p = TOps.Add(TOps.SplatSingle(c1), TOps.Multiply(p, v));
            return TOps.Add(TOps.SplatSingle(c0), TOps.Multiply(p, v));
        }

        private static float LogPolynomial(float f)
        {
            float p = ErfInvL8;
            p = p * f + ErfInvL7; p = p * f + ErfInvL6; p = p * f + ErfInvL5; p = p * f + ErfInvL4;
            p = p * f + ErfInvL3; p = p * f + ErfInvL2; p = p * f + ErfInvL1; p = p * f + ErfInvL0;
            return p;
        }

        private static float CentralPolynomial(float v) =>
            HornerScalar(v, ErfInvC8, ErfInvC7, ErfInvC6, ErfInvC5, ErfInvC4, ErfInvC3, ErfInvC2, ErfInvC1, ErfInvC0);

        private static float TailPolynomial(float v) =>
            HornerScalar(v, ErfInvT8, ErfInvT7, ErfInvT6, ErfInvT5, ErfInvT4, ErfInvT3, ErfInvT2, ErfInvT1, ErfInvT0);

        private static float HornerScalar(float v, float c8, float c7, float c6, float c5, float c4, float c3, float c2, float c1, float c0)
        {
            float p = c8;
            p = c7 + p * v; p = c6 + p * v; p = c5 + p * v; p = c4 + p * v;
            p = c3 + p * v; p = c2 + p * v; p = c1 + p * v; p = c0 + p * v;
            return p;
        }
    }

    /// <summary>The float just above 1: |x| at or beyond it is outside erfinv's domain.</summary>
    private const float ErfInvOneUp = 1.00000012f;

    private const float ErfInvSqrt2 = 1.41421356f;
    private const int ErfInvOneBits = 0x3F800000;
    private const int ErfInvMantissaBits = 0x007FFFFF;
    private const int ErfInvExponentMagicBits = 0x4B000000;
    /// <summary>2^23 plus the exponent bias: (2^23 + biased exponent) − this is the unbiased exponent, exactly.</summary>
    private const float ErfInvExponentMagicBias = 8388608f + 127f;
    private static float ErfInvExponentMagic => BitConverter.Int32BitsToSingle(ErfInvExponentMagicBits);
    private static float ErfInvMantissaMask => BitConverter.Int32BitsToSingle(ErfInvMantissaBits);

    // ln 2 in two parts (Cephes): the high part has few bits, so e·ErfInvLn2High is exact for every float exponent.
    private const float ErfInvLn2High = 0.693359375f;
    private const float ErfInvLn2Low = -2.12194440e-4f;

    // Cephes logf: log(1 + f) ≈ f − f²/2 + f³·L(f), f in [√½ − 1, √2 − 1].
    private const float ErfInvL8 = 7.0376836292e-2f;
    private const float ErfInvL7 = -1.1514610310e-1f;
    private const float ErfInvL6 = 1.1676998740e-1f;
    private const float ErfInvL5 = -1.2420140846e-1f;
    private const float ErfInvL4 = 1.4249322787e-1f;
    private const float ErfInvL3 = -1.6668057665e-1f;
    private const float ErfInvL2 = 2.0000714765e-1f;
    private const float ErfInvL1 = -2.4999993993e-1f;
    private const float ErfInvL0 = 3.3333331174e-1f;

    // Giles' single-precision erfinv polynomials: P for w < 5 (in w − 2.5), Q for w ≥ 5 (in √w − 3).
    private const float ErfInvC8 = 2.81022636e-08f;
    private const float ErfInvC7 = 3.43273939e-07f;
    private const float ErfInvC6 = -3.5233877e-06f;
    private const float ErfInvC5 = -4.39150654e-06f;
    private const float ErfInvC4 = 0.00021858087f;
    private const float ErfInvC3 = -0.00125372503f;
    private const float ErfInvC2 = -0.00417768164f;
    private const float ErfInvC1 = 0.246640727f;
    private const float ErfInvC0 = 1.50140941f;
    private const float ErfInvT8 = -0.000200214257f;
    private const float ErfInvT7 = 0.000100950558f;
    private const float ErfInvT6 = 0.00134934322f;
    private const float ErfInvT5 = -0.00367342844f;
    private const float ErfInvT4 = 0.00573950773f;
    private const float ErfInvT3 = -0.0076224613f;
    private const float ErfInvT2 = 0.00943887047f;
    private const float ErfInvT1 = 1.00167406f;
    private const float ErfInvT0 = 2.83297682f;
}
