using System;
using System.Runtime.CompilerServices;

namespace Functional.AD;

/// <summary>
/// Scalar functions that <see cref="System.Numerics.Tensors.TensorPrimitives"/> lacks or computes
/// inaccurately (its ExpM1/LogP1 lose all digits near zero), as span kernels.
/// </summary>
internal static class AccurateMath
{
    /// <summary>log(1 + x) with full relative accuracy for tiny x (Goldberg's correction).</summary>
    internal static double Log1p(double x)
    {
        double u = 1.0 + x;
        if (u == 1.0) return x;
        if (double.IsInfinity(u)) return Math.Log(u);
        return Math.Log(u) * (x / (u - 1.0));
    }

    /// <summary>e^x - 1 with full relative accuracy for tiny x (Kahan's correction).</summary>
    internal static double Expm1(double x)
    {
        if (Math.Abs(x) >= 0.5) return Math.Exp(x) - 1.0;
        double u = Math.Exp(x);
        if (u == 1.0) return x;
        double um1 = u - 1.0;
        if (um1 == -1.0) return -1.0;
        return um1 * x / Math.Log(u);
    }

    /// <summary>The error function, to about 1e-15 relative accuracy.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double Erf(double x)
    {
        if (double.IsNaN(x)) return x;
        double ax = Math.Abs(x);
        double r;
        if (ax < 2.5)
        {
            // erf(x) = 2/sqrt(pi) e^{-x^2} sum_n 2^n x^{2n+1} / (1*3*...*(2n+1)): positive terms, no cancellation.
            double x2 = ax * ax, term = ax, sum = ax;
            for (int n = 1; n < 200; n++)
            {
                term *= 2 * x2 / (2 * n + 1);
                sum += term;
                if (term < sum * 1e-17) break;
            }
            r = 2 / Math.Sqrt(Math.PI) * Math.Exp(-x2) * sum;
        }
        else if (ax < 6.5)
        {
            r = 1 - ErfcContinuedFraction(ax);
        }
        else r = 1;
        return x < 0 ? -r : r;
    }

    /// <summary>
    /// The complementary error function 1 - erf(x), with full relative accuracy in its tail (x large),
    /// where 1 - erf(x) would cancel.
    /// </summary>
    internal static double Erfc(double x)
    {
        if (double.IsNaN(x)) return x;
        if (x < 0) return 2 - Erfc(-x);
        if (x < 1.5) return 1 - Erf(x);
        if (x > 27.3) return 0;
        return ErfcContinuedFraction(x);
    }

    /// <summary>erfc(x) for x >= 1.5 by Lentz's evaluation of its continued fraction.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double ErfcContinuedFraction(double x)
    {
        // erfc(x) = e^{-x^2}/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...)))))
        const double tiny = 1e-300;
        double f = x, c = x, d = 0;
        for (int n = 1; n < 500; n++)
        {
            double a = n * 0.5;
            d = x + a * d;
            if (Math.Abs(d) < tiny) d = tiny;
            c = x + a / c;
            if (Math.Abs(c) < tiny) c = tiny;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1) < 1e-16) break;
        }
        return Math.Exp(-x * x) / Math.Sqrt(Math.PI) / f;
    }

    /// <summary>Span kernel of <see cref="Log1p(double)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Log1p(ReadOnlySpan<double> x, Span<double> y) { for (int i = 0; i < x.Length; i++) y[i] = Log1p(x[i]); }

    /// <summary>Span kernel of <see cref="Log1p(double)"/> for floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Log1p(ReadOnlySpan<float> x, Span<float> y) { for (int i = 0; i < x.Length; i++) y[i] = (float)Log1p((double)x[i]); }

    /// <summary>Span kernel of <see cref="Expm1(double)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Expm1(ReadOnlySpan<double> x, Span<double> y) { for (int i = 0; i < x.Length; i++) y[i] = Expm1(x[i]); }

    /// <summary>Span kernel of <see cref="Expm1(double)"/> for floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Expm1(ReadOnlySpan<float> x, Span<float> y) { for (int i = 0; i < x.Length; i++) y[i] = (float)Expm1((double)x[i]); }

    /// <summary>Span kernel of <see cref="Erf(double)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Erf(ReadOnlySpan<double> x, Span<double> y) { for (int i = 0; i < x.Length; i++) y[i] = Erf(x[i]); }

    /// <summary>Span kernel of <see cref="Erfc(double)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Erfc(ReadOnlySpan<double> x, Span<double> y) { for (int i = 0; i < x.Length; i++) y[i] = Erfc(x[i]); }

    /// <summary>Span kernel of <see cref="Erfc(double)"/> for floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Erfc(ReadOnlySpan<float> x, Span<float> y) { for (int i = 0; i < x.Length; i++) y[i] = (float)Erfc((double)x[i]); }

    /// <summary>Span kernel of <see cref="Erf(double)"/> for floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Erf(ReadOnlySpan<float> x, Span<float> y) { for (int i = 0; i < x.Length; i++) y[i] = (float)Erf((double)x[i]); }

    /// <summary>
    /// Span kernel of 2^x for floats, evaluated in f64 a block at a time and rounded once. (TensorPrimitives' f32
    /// form scales x by ln 2 in single precision, which costs about |x| ulps: 7 near x = 50.)
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Exp2(ReadOnlySpan<float> x, Span<float> y)
    {
        Span<double> block = stackalloc double[256];
        for (int i = 0; i < x.Length; i += block.Length)
        {
            int n = Math.Min(block.Length, x.Length - i);
            var wide = block[..n];
            System.Numerics.Tensors.TensorPrimitives.ConvertChecked<float, double>(x.Slice(i, n), wide);
            System.Numerics.Tensors.TensorPrimitives.Exp2(wide, wide);
            System.Numerics.Tensors.TensorPrimitives.ConvertTruncating<double, float>(wide, y.Slice(i, n));
        }
    }

    // ------------------------------------------------------------------ gamma family and inverse error function

    /// <summary>Lanczos coefficients for g = 7, nine terms (Γ to about 1e-15 relative).</summary>
    private static readonly double[] Lanczos =
    {
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
        12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
    };

    /// <summary>
    /// log |Γ(x)| (<c>lgamma</c>): +inf at 0 and the negative integers, the reflection formula below 1/2, Lanczos'
    /// series above (absolute error about 1e-15 near the zeros at 1 and 2, relative elsewhere).
    /// </summary>
    internal static double Lgamma(double x)
    {
        if (double.IsNaN(x)) return x;
        if (double.IsInfinity(x)) return double.PositiveInfinity;
        if (x <= 0 && x == Math.Floor(x)) return double.PositiveInfinity;
        if (x < 0.5)
        {
            // Γ(x) Γ(1 - x) = π / sin(πx); sin(πx) from the distance to the nearest integer keeps its digits.
            double s = Math.Abs(SinPi(x));
            return Math.Log(Math.PI / s) - Lgamma(1 - x);
        }
        double z = x - 1;
        double sum = Lanczos[0];
        for (int k = 1; k < Lanczos.Length; k++) sum += Lanczos[k] / (z + k);
        double t = z + 7.5;
        return 0.5 * Math.Log(2 * Math.PI) + (z + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }

    /// <summary>sin(πx) with the argument reduced exactly to [-1/2, 1/2] first.</summary>
    private static double SinPi(double x)
    {
        double n = Math.Round(x);
        double r = x - n;   // exact
        double s = Math.Sin(Math.PI * r);
        return ((long)n & 1) == 0 ? s : -s;
    }

    /// <summary>
    /// The digamma function ψ(x) = Γ'(x)/Γ(x): NaN at 0 and the negative integers (the poles), the reflection
    /// formula below 0, the recurrence ψ(x) = ψ(x + 1) - 1/x up to x ≥ 10, then its asymptotic series.
    /// </summary>
    internal static double Digamma(double x)
    {
        if (double.IsNaN(x) || x == double.NegativeInfinity) return double.NaN;
        if (x == double.PositiveInfinity) return x;
        if (x <= 0 && x == Math.Floor(x)) return double.NaN;
        if (x < 0)
        {
            // ψ(1 - x) - ψ(x) = π cot(πx)
            return Digamma(1 - x) - Math.PI * CosPi(x) / SinPi(x);
        }
        double shift = 0;
        while (x < 10)
        {
            shift -= 1 / x;
            x += 1;
        }
        double inv2 = 1 / (x * x);
        // -Σ B_2k / (2k x^2k), k = 1..6
        double series = inv2 * (1.0 / 12 - inv2 * (1.0 / 120 - inv2 * (1.0 / 252 - inv2 * (1.0 / 240 - inv2 * (1.0 / 132 - inv2 * (691.0 / 32760))))));
        return shift + Math.Log(x) - 0.5 / x - series;
    }

    /// <summary>cos(πx) with the argument reduced exactly first.</summary>
    private static double CosPi(double x)
    {
        double n = Math.Round(x);
        double c = Math.Cos(Math.PI * (x - n));
        return ((long)n & 1) == 0 ? c : -c;
    }

    /// <summary>Bernoulli numbers B_2 .. B_20 for the Euler-Maclaurin tail of <see cref="Polygamma"/>.</summary>
    private static readonly double[] Bernoulli =
    {
        1.0 / 6, -1.0 / 30, 1.0 / 42, -1.0 / 30, 5.0 / 66, -691.0 / 2730, 7.0 / 6, -3617.0 / 510, 43867.0 / 798, -174611.0 / 330,
    };

    /// <summary>
    /// The polygamma function ψ^(m)(x) for m ≥ 1, the m-th derivative of digamma: (-1)^(m+1) m! ζ(m + 1, x) with
    /// Hurwitz's ζ summed directly for the first terms and by the Euler-Maclaurin formula for the rest; below 1 the
    /// recurrence ψ^(m)(x) = ψ^(m)(x + 1) + (-1)^(m+1) m! / x^(m+1) moves x up (NaN at 0 and the negative integers).
    /// </summary>
    internal static double Polygamma(int m, double x)
    {
        if (double.IsNaN(x)) return x;
        if (x <= 0 && x == Math.Floor(x)) return double.NaN;
        if (double.IsPositiveInfinity(x)) return 0;
        double factorial = 1;
        for (int k = 2; k <= m; k++) factorial *= k;
        double sign = (m & 1) == 1 ? 1 : -1;   // (-1)^(m+1)
        double s = m + 1;
        double zeta = 0;
        while (x < 1)
        {
            zeta += Math.Pow(x, -s);
            x += 1;
        }
        const int direct = 12;
        for (int k = 0; k < direct; k++) zeta += Math.Pow(x + k, -s);
        double a = x + direct;
        zeta += Math.Pow(a, 1 - s) / (s - 1) + 0.5 * Math.Pow(a, -s);
        // Σ_j B_2j / (2j)! · s (s+1) ... (s+2j-2) · a^(-s-2j+1)
        double rising = s, power = Math.Pow(a, -s - 1), factorial2j = 2;
        for (int j = 1; j <= Bernoulli.Length; j++)
        {
            double term = Bernoulli[j - 1] / factorial2j * rising * power;
            zeta += term;
            if (Math.Abs(term) < 1e-17 * Math.Abs(zeta)) break;
            rising *= (s + 2 * j - 1) * (s + 2 * j);
            power /= a * a;
            factorial2j *= (2 * j + 1) * (2 * j + 2);
        }
        return sign * factorial * zeta;
    }

    /// <summary>
    /// The inverse error function: erf(erfinv(y)) = y on (-1, 1), ±inf at ±1, NaN beyond. A single-precision
    /// polynomial (Giles, 2010) gives the start; Newton steps on erf (or on log erfc in the tails, where 1 - |y| is
    /// exact and erf would cancel) bring it to double precision.
    /// </summary>
    internal static double ErfInv(double y)
    {
        if (double.IsNaN(y) || Math.Abs(y) > 1) return double.NaN;
        if (Math.Abs(y) == 1) return y * double.PositiveInfinity;
        if (y == 0) return y;
        double w = -Math.Log((1 - y) * (1 + y));
        double ay = Math.Abs(y), x = ErfInvStart(ay, w);
        if (ay < 0.5)
        {
            for (int step = 0; step < 3; step++)
                x -= (Erf(x) - ay) / (2 / Math.Sqrt(Math.PI) * Math.Exp(-x * x));
        }
        else
        {
            // Newton on log erfc(x) = log(1 - |y|) (1 - |y| is exact here): erfc falls like e^(-x²), and in logarithms
            // the steps converge from the polynomial's start even where it extrapolates (|y| within 1e-8 of 1).
            double logTail = Math.Log(1 - ay);
            for (int step = 0; step < 30; step++)
            {
                double c = Erfc(x);
                if (c == 0) break;
                double delta = (Math.Log(c) - logTail) / (-2 / Math.Sqrt(Math.PI) * Math.Exp(-x * x) / c);
                x -= delta;
                if (Math.Abs(delta) <= 1e-16 * x) break;
            }
        }
        return y < 0 ? -x : x;
    }

    /// <summary>Span kernel of <see cref="Lgamma(double)"/>.</summary>
    internal static void Lgamma(ReadOnlySpan<double> x, Span<double> y) { for (int i = 0; i < x.Length; i++) y[i] = Lgamma(x[i]); }

    /// <summary>Span kernel of <see cref="Lgamma(double)"/> for floats.</summary>
    internal static void Lgamma(ReadOnlySpan<float> x, Span<float> y) { for (int i = 0; i < x.Length; i++) y[i] = (float)Lgamma((double)x[i]); }

    /// <summary>Span kernel of <see cref="Digamma(double)"/>.</summary>
    internal static void Digamma(ReadOnlySpan<double> x, Span<double> y) { for (int i = 0; i < x.Length; i++) y[i] = Digamma(x[i]); }

    /// <summary>Span kernel of <see cref="Digamma(double)"/> for floats.</summary>
    internal static void Digamma(ReadOnlySpan<float> x, Span<float> y) { for (int i = 0; i < x.Length; i++) y[i] = (float)Digamma((double)x[i]); }

    /// <summary>Span kernel of <see cref="ErfInv(double)"/>.</summary>
    internal static void ErfInv(ReadOnlySpan<double> x, Span<double> y) { for (int i = 0; i < x.Length; i++) y[i] = ErfInv(x[i]); }

    /// <summary>Giles' single-precision erfinv polynomial at |y| given w = -log((1 - |y|)(1 + |y|)): within a few float ulps.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double ErfInvStart(double ay, double w)
    {
        double p;
        if (w < 5)
        {
            w -= 2.5;
            p = 2.81022636e-08;
            p = 3.43273939e-07 + p * w; p = -3.5233877e-06 + p * w; p = -4.39150654e-06 + p * w;
            p = 0.00021858087 + p * w; p = -0.00125372503 + p * w; p = -0.00417768164 + p * w;
            p = 0.246640727 + p * w; p = 1.50140941 + p * w;
        }
        else
        {
            w = Math.Sqrt(w) - 3;
            p = -0.000200214257;
            p = 0.000100950558 + p * w; p = 0.00134934322 + p * w; p = -0.00367342844 + p * w;
            p = 0.00573950773 + p * w; p = -0.0076224613 + p * w; p = 0.00943887047 + p * w;
            p = 1.00167406 + p * w; p = 2.83297682 + p * w;
        }
        return p * ay;
    }
}
