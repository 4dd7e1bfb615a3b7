using System;
using System.Globalization;

namespace Functional.AD.Properties.Fuzzing;

/// <summary>
/// How the fuzzer compares two computations of the same quantity, which may add in different orders (SIMD width,
/// thread count, fusion) and so never agree bit for bit. The yardstick is measured, not assumed: the same quantity
/// computed eagerly in f32 and in f64 differs by the rounding that this very program amplifies, cancellations
/// included; <see cref="ErrorScale"/> turns that difference into the rounding expected at the program's own precision
/// (times 2⁻²⁹ for f64). Two computations then agree when their largest difference is within
/// <see cref="Tolerance"/>: a multiple of that scale plus a floor of ten units of roundoff relative to the
/// quantity's magnitude, growing with the program's length, times the square root of the length of its longest sum (two orders of adding n
/// terms differ by a random walk of about √n roundings, which one f32/f64 pair of runs may not show: the eager f32
/// sums may carry extra precision, a batched or fused sum may add in a worse order).
/// </summary>
public static class FuzzTolerance
{
    /// <summary>How many times the measured rounding another computation order may show.</summary>
    public const double ErrorMultiple = 16;

    /// <summary>The floor, in units of roundoff times (1 + magnitude) times √(terms of the longest sum) times (1 + steps / 4).</summary>
    public const double Floor = 10;

    [ThreadStatic] private static double largestRatio;

    /// <summary>
    /// The largest ratio of a difference to its tolerance that <see cref="Differ"/> (or <see cref="Note"/>) saw on
    /// this thread since the last call, which resets it: how close the comparisons of a check came to failing.
    /// </summary>
    public static double TakeLargestRatio()
    {
        double r = largestRatio;
        largestRatio = 0;
        return r;
    }

    /// <summary>Records a comparison of two numbers made outside <see cref="Differ"/>, for <see cref="TakeLargestRatio"/>.</summary>
    public static void Note(double difference, double tolerance)
    {
        if (tolerance > 0) largestRatio = Math.Max(largestRatio, difference / tolerance);
    }

    /// <summary>The precision a program of <paramref name="dtype"/> is compared against: f64 for f32, f32 for f64.</summary>
    public static DType Other(DType dtype) => dtype == DType.Float32 ? DType.Float64 : DType.Float32;

    /// <summary>
    /// The rounding a program of <paramref name="dtype"/> shows, from the largest difference between its f32 and f64
    /// results: that difference for f32, scaled by the ratio of unit roundoffs (2⁻²⁹) for f64.
    /// </summary>
    public static double ErrorScale(DType dtype, double f32VersusF64) =>
        dtype == DType.Float32 ? f32VersusF64 : f32VersusF64 * Math.ScaleB(1.0, -29);

    /// <summary>The largest difference two computations of a quantity may show.</summary>
    /// <param name="dtype">The precision they run in.</param>
    /// <param name="errorScale">The measured rounding (<see cref="ErrorScale"/>).</param>
    /// <param name="magnitude">The quantity's largest magnitude.</param>
    /// <param name="terms">
    /// The most terms one sum of the computation adds: two orders of adding n terms differ by about √n roundings of
    /// the sum (a random walk), which the floor scales with.
    /// </param>
    /// <param name="steps">The program's operations: each may add a rounding that the rest amplify.</param>
    public static double Tolerance(DType dtype, double errorScale, double magnitude, long terms, int steps) =>
        (ErrorMultiple * errorScale) + (Floor * NumericAssert.UnitRoundoff(dtype) * (1 + magnitude) * Math.Sqrt(Math.Max(terms, 1)) * (1 + (steps / 4.0)));

    /// <summary>The largest magnitude of an array's elements (0 when empty, infinity for a NaN).</summary>
    public static double MaxAbs(NDArray x)
    {
        double m = 0;
        foreach (var v in x.AsType(DType.Float64).ToArray<double>())
            m = double.IsNaN(v) ? double.PositiveInfinity : Math.Max(m, Math.Abs(v));
        return m;
    }

    /// <summary>The largest elementwise difference of two arrays of one shape (NaNs equal each other, infinities themselves).</summary>
    public static double MaxDiff(NDArray a, NDArray b)
    {
        var x = a.AsType(DType.Float64).ToArray<double>();
        var y = b.AsType(DType.Float64).ToArray<double>();
        double m = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i].Equals(y[i])) continue;
            double d = Math.Abs(x[i] - y[i]);
            m = double.IsNaN(d) ? double.PositiveInfinity : Math.Max(m, d);
        }
        return m;
    }

    /// <summary>Null when <paramref name="actual"/> has the shape and dtype of <paramref name="expected"/> and is within <paramref name="tolerance"/> of it; else what differs.</summary>
    public static string? Differ(string what, NDArray expected, NDArray actual, double tolerance)
    {
        if (!double.IsFinite(tolerance))
            return $"{what}: no finite tolerance: the reference overflows or is NaN in one precision and not the other";
        if (expected.Shape != actual.Shape || expected.DType != actual.DType)
            return $"{what}: got {Type(actual)}, expected {Type(expected)}";
        double d = MaxDiff(expected, actual);
        if (tolerance > 0) largestRatio = Math.Max(largestRatio, d / tolerance);
        return d <= tolerance ? null : string.Create(CultureInfo.InvariantCulture, $"{what}: largest difference {d:G4} > tolerance {tolerance:G4} (magnitude {MaxAbs(expected):G4})");
    }

    private static string Type(NDArray x) => $"{(x.DType == DType.Float32 ? "f32" : x.DType == DType.Float64 ? "f64" : x.DType.ToString())}{x.Shape}";
}

