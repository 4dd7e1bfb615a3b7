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
}
