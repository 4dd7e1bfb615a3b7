using System;
using System.Runtime.CompilerServices;

namespace Functional.AD;

/// <summary>
/// The hyperbolic tangent kernels (float lanes for single precision, double lanes for double precision). Both
/// split at |x| = 0.625: below, an odd polynomial <c>tanh a ≈ a + a³·Q(a²)</c>; above,
/// <c>tanh a = 1 − 2/(e²ᵃ + 1)</c> with <c>e²ᵃ + 1 = 2ⁿ·s + (2ⁿ + 1)</c> formed by one multiply–add from the
/// reduced exponential (<c>e²ᵃ = 2ⁿ(1 + s)</c>). There the quotient is at most 0.445 of 1, so its errors are damped
/// (it matters only up to the sign of the damped error of the exponential), and 1 − q never cancels. Both
/// branches are computed for every lane and one is selected; the sign of x is or-ed back in, so the function
/// is odd and keeps <c>tanh(−0) = −0</c>. |x| is clamped to the saturation point before the exponential, so
/// ±∞ give ±1; NaN lanes take the polynomial branch and stay NaN.
/// </summary>
internal static partial class FastMath
{
    /// <summary>
    /// Computes <c>y[i] = tanh(x[i])</c> for single-precision values: at most 1 ulp from the correctly rounded result
    /// <c>(float)Math.Tanh(x)</c>, checked over every float.
    /// </summary>
    /// <param name="x">The arguments.</param>
    /// <param name="y">The destination; at least <c>x.Length</c> long; may be the same memory as <paramref name="x"/>.</param>
    internal static void Tanh(ReadOnlySpan<float> x, Span<float> y) => MapSingleLanes<TanhSingle>(x, y);

    /// <summary>
    /// Computes <c>y[i] = tanh(x[i])</c> for double-precision values: about 1 ulp at worst (tested within 2 ulp of
    /// <see cref="Math.Tanh(double)"/>).
    /// </summary>
    /// <param name="x">The arguments.</param>
    /// <param name="y">The destination; at least <c>x.Length</c> long; may be the same memory as <paramref name="x"/>.</param>
    internal static void Tanh(ReadOnlySpan<double> x, Span<double> y) => MapDouble<TanhDouble>(x, y);

    /// <summary>Below this |x| the tanh kernels use the odd polynomial, from it on <c>1 − 2/(e²ᵃ + 1)</c>.</summary>
    private const double TanhSplit = 0.625;

    /// <summary>
    /// |x| is clamped to this before the float exponential: 1 − tanh(9.1) ≈ 2.5·10⁻⁸ is below half an ulp of
    /// 1 (2⁻²⁵), so every |x| from here on rounds to ±1 (and e^18.2 is far from overflow).
    /// </summary>
    private const float TanhSingleSaturation = 9.1f;

    /// <summary>|x| is clamped to this before the double exponential: 1 − tanh(19.5) ≈ 2.3·10⁻¹⁷ is below 2⁻⁵⁴.</summary>
    private const double TanhDoubleSaturation = 19.5;

    // tanh a ≈ a + a³·(TQ1 + TQ2 z + TQ3 z² + TQ4 z³ + TQ5 z⁴), z = a², 0 ≤ a ≤ 0.625. Minimax fit of the relative
    // error of tanh (Lawson's iteration in mpmath), the coefficients rounded to float one at a time with the
    // rest refitted: final relative error 2⁻²⁷·⁷.

    /// <summary>Float tanh coefficient of a³.</summary>
    private const float TQ1 = -0.333332807f;
    /// <summary>Float tanh coefficient of a⁵.</summary>
    private const float TQ2 = 0.133314058f;
    /// <summary>Float tanh coefficient of a⁷.</summary>
    private const float TQ3 = -0.0537365191f;
    /// <summary>Float tanh coefficient of a⁹.</summary>
    private const float TQ4 = 0.0206281971f;
    /// <summary>Float tanh coefficient of a¹¹.</summary>
    private const float TQ5 = -0.00569235347f;

    // tanh a ≈ a + a³·(DT1 + DT2 z + … + DT11 z¹⁰), z = a², 0 ≤ a ≤ 0.625: the same kind of fit at 50 digits,
    // rounded to double: final relative error 2⁻⁵⁵·⁸.

    /// <summary>Double tanh coefficient of a³.</summary>
    private const double DT1 = -0.33333333333332854;
    /// <summary>Double tanh coefficient of a⁵.</summary>
    private const double DT2 = 0.1333333333326207;
    /// <summary>Double tanh coefficient of a⁷.</summary>
    private const double DT3 = -0.05396825393126105;
    /// <summary>Double tanh coefficient of a⁹.</summary>
    private const double DT4 = 0.021869487575992608;
    /// <summary>Double tanh coefficient of a¹¹.</summary>
    private const double DT5 = -0.008863221001753591;
    /// <summary>Double tanh coefficient of a¹³.</summary>
    private const double DT6 = 0.003591989169464028;
    /// <summary>Double tanh coefficient of a¹⁵.</summary>
    private const double DT7 = -0.0014549588663262346;
    /// <summary>Double tanh coefficient of a¹⁷.</summary>
    private const double DT8 = 0.0005863165295630897;
    /// <summary>Double tanh coefficient of a¹⁹.</summary>
    private const double DT9 = -0.0002285642336028;
    /// <summary>Double tanh coefficient of a²¹.</summary>
    private const double DT10 = 7.714443296056332e-05;
    /// <summary>Double tanh coefficient of a²³.</summary>
    private const double DT11 = -1.6072618394865745e-05;

    /// <summary>
    /// Single-precision tanh on float lanes (see the class remarks of this file). The exponential leaves out the
    /// second part of ln 2 (with FMA): its relative error n·2⁻²⁹ (n ≤ 27) is damped by the quotient, which at
    /// n = 2 is 0.445 and shrinks as 2¹⁻ⁿ. Exhaustively: at most 1 ulp from <c>(float)Math.Tanh(x)</c>.
    /// </summary>
    private readonly struct TanhSingle : ISingleKernel
    {
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool IsCommon<TOps, TD, TF>(TF x) where TOps : struct, IVectorOps<TD, TF> where TD : struct where TF : struct => true;

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TF EvaluateCommon<TOps, TD, TF>(TF x) where TOps : struct, IVectorOps<TD, TF> where TD : struct where TF : struct
            => Evaluate<TOps, TD, TF>(x);

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TF Evaluate<TOps, TD, TF>(TF x) where TOps : struct, IVectorOps<TD, TF> where TD : struct where TF : struct
        {
            TF sign = TOps.SplatSingle(-0f);
            TF one = TOps.SplatSingle(1f);
            TF a = TOps.AndNot(x, sign);
            TF large = TOps.GreaterOrEqualMask(a, (float)TanhSplit);

            // |x| ≥ 0.625: 1 − 2/(e^2a + 1), e^2a = 2ⁿ(1 + s), 2ⁿ built in the exponent bits.
            TF ac = TOps.MinNative(a, TanhSingleSaturation);
            TF s = ExpReducedSingle<TOps, TD, TF>(TOps.Add(ac, ac), out TF t, exactTail: false);
            TF scale = TOps.AddToBits(TOps.ShiftLeftBits(t, 23), SingleOneBits);
            TF d = TOps.MulAdd(scale, s, TOps.Add(scale, one));
            TF big = TOps.Subtract(one, TOps.Divide(TOps.SplatSingle(2f), d));

            // |x| < 0.625: a + a³·Q(a²) (a³ underflows harmlessly to 0 for tiny a; a = +0 gives +0).
            TF z = TOps.Multiply(a, a);
            TF q = TOps.MulAdd(TOps.SplatSingle(TQ5), z, TOps.SplatSingle(TQ4));
            q = TOps.MulAdd(q, z, TOps.SplatSingle(TQ3));
            q = TOps.MulAdd(q, z, TOps.SplatSingle(TQ2));
            q = TOps.MulAdd(q, z, TOps.SplatSingle(TQ1));
            TF small = TOps.MulAdd(TOps.Multiply(a, z), q, a);

            // Both branches are ≥ +0 (or NaN): or-ing the sign of x in gives the odd function.
            return TOps.Or(TOps.Select(large, big, small), TOps.And(x, sign));
        }

        /// <inheritdoc/>
        public static float Scalar(float x) => (float)Math.Tanh(x);
    }

    /// <summary>
    /// Double-precision tanh on double lanes, the same method as <see cref="TanhSingle"/> with the double
    /// exponential's reduction (<see cref="ExpReducedDouble"/>) and a degree-23 odd polynomial. Every lane is
    /// evaluated in vectors (no range limit).
    /// </summary>
    private readonly struct TanhDouble : IKernel
    {
        /// <inheritdoc/>
        public static bool ScalarNaN => false;

        /// <inheritdoc/>
        public static double Limit(bool fused) => double.PositiveInfinity;

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TD Evaluate<TOps, TD, TF>(TD x) where TOps : struct, IVectorOps<TD, TF> where TD : struct where TF : struct
        {
            TD sign = TOps.Splat(SignBit);
            TD one = TOps.Splat(1.0);
            TD a = TOps.AndNot(x, sign);
            TD large = TOps.GreaterOrEqualMask(a, TanhSplit);

            TD ac = TOps.MinNative(a, TanhDoubleSaturation);
            TD s = ExpReducedDouble<TOps, TD, TF>(TOps.Add(ac, ac), out TD t);
            TD scale = TOps.AddToBits(TOps.ShiftLeftBits(t, 52), 0x3FF0000000000000L);
            TD d = TOps.MulAdd(scale, s, TOps.Add(scale, one));
            TD big = TOps.Subtract(one, TOps.Divide(TOps.Splat(2.0), d));

            TD z = TOps.Multiply(a, a);
            TD q = TOps.MulAdd(TOps.Splat(DT11), z, TOps.Splat(DT10));
            q = TOps.MulAdd(q, z, TOps.Splat(DT9));
            q = TOps.MulAdd(q, z, TOps.Splat(DT8));
            q = TOps.MulAdd(q, z, TOps.Splat(DT7));
            q = TOps.MulAdd(q, z, TOps.Splat(DT6));
            q = TOps.MulAdd(q, z, TOps.Splat(DT5));
            q = TOps.MulAdd(q, z, TOps.Splat(DT4));
            q = TOps.MulAdd(q, z, TOps.Splat(DT3));
            q = TOps.MulAdd(q, z, TOps.Splat(DT2));
            q = TOps.MulAdd(q, z, TOps.Splat(DT1));
            TD small = TOps.MulAdd(TOps.Multiply(a, z), q, a);

            return TOps.Or(TOps.Select(large, big, small), TOps.And(x, sign));
        }

        /// <inheritdoc/>
        public static double Scalar(double x) => Math.Tanh(x);
    }
}
