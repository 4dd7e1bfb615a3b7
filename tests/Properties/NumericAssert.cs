using System;
using Xunit;

namespace Functional.AD.Properties;

/// <summary>
/// The one owner of floating-point comparisons in the tests. Every tolerance here holds on every CPU .NET runs
/// on: kernels add in an order that depends on the SIMD width (512, 256 or 128-bit lanes, or none), on fused
/// multiply-add being available, on blocking and on the thread count, so an expectation may never rest on one
/// particular rounding. Three kinds of comparison are used:
/// <list type="bullet">
/// <item><see cref="Identical"/>: the two sides run the same kernels on the same data (Jit against eager for
/// one primitive, a replayed jaxpr, one call against another), so they agree bit for bit on any machine.</item>
/// <item><see cref="SumsClose(NDArray, NDArray, double[], long, string, int)"/>: a result of adding terms, compared with a
/// tolerance that bounds the rounding of any summation order (<see cref="SumTolerance"/>), scaled by the sum of the
/// terms' absolute values, never by the result (a sum that cancels to rounding noise has no meaningful relative error).</item>
/// <item><see cref="AllClose(NDArray, NDArray, double, double, string, bool)"/>: <c>|expected − actual| ≤ atol + rtol·|expected|</c> per element, for values whose
/// magnitudes the test controls (elementwise results, small reductions of O(1) values with an absolute floor).</item>
/// </list>
/// </summary>
public static class NumericAssert
{
    /// <summary>The unit roundoff of a floating dtype: half the distance from 1 to the next number (2⁻²⁴ for f32, 2⁻⁵³ for f64).</summary>
    public static double UnitRoundoff(DType dtype) => dtype == DType.Float32 ? Math.ScaleB(1.0, -24) : Math.ScaleB(1.0, -53);

    /// <summary>
    /// The largest difference two computations of the same sum may show, whatever order each adds in: a sum of
    /// <paramref name="terms"/> values evaluated in any order (sequential, pairwise, per SIMD lane, per block or
    /// thread) is within γ(n−1)·Σ|xᵢ| of the exact sum, where γ(k) = k·u / (1 − k·u) (Higham, <i>Accuracy and
    /// Stability of Numerical Algorithms</i>, §4.2), so two such sums are within twice that. Terms that are
    /// themselves rounded results of a few operations (a product, a kernel accurate to an ulp or two) add
    /// <paramref name="termRoundings"/> roundings each.
    /// </summary>
    /// <param name="terms">How many values are added.</param>
    /// <param name="absSum">Σ|xᵢ|, the sum of the terms' absolute values (computed by the test, in f64).</param>
    /// <param name="dtype">The dtype the sum is accumulated in at worst.</param>
    /// <param name="termRoundings">Roundings in each term before it is added.</param>
    public static double SumTolerance(long terms, double absSum, DType dtype, int termRoundings = 0)
    {
        double k = Math.Max(terms - 1, 0) + termRoundings;
        double ku = k * UnitRoundoff(dtype);
        if (ku >= 0.5) throw new ArgumentException($"SumTolerance: {terms} terms in {dtype} give no useful bound");
        return 2 * ku / (1 - ku) * absSum;
    }

    /// <summary>Asserts that two arrays have the same shape and dtype and the same bits in every element (NaNs equal).</summary>
    public static void Identical(NDArray expected, NDArray actual, string what = "value")
    {
        SameType(expected, actual, what);
        var e = expected.ToArray<double>();
        var a = actual.ToArray<double>();
        for (int i = 0; i < e.Length; i++)
            if (!e[i].Equals(a[i]))
                Assert.Fail(FormattableString.Invariant($"{what}, element {i}: expected {e[i]:R}, got {a[i]:R} (the two sides should round identically)"));
    }

    /// <summary>
    /// Asserts the same shape, and <c>|expected − actual| ≤ atol + rtol·|expected|</c> in every element; NaNs and
    /// equal infinities match. The dtype is compared too unless <paramref name="sameDType"/> is false.
    /// </summary>
    public static void AllClose(NDArray expected, NDArray actual, double rtol, double atol, string what = "value", bool sameDType = true)
    {
        if (sameDType) SameType(expected, actual, what);
        else Assert.True(expected.Shape == actual.Shape, $"{what}: shape {actual.Shape}, expected {expected.Shape}");
        var e = expected.ToArray<double>();
        var a = actual.ToArray<double>();
        for (int i = 0; i < e.Length; i++) Close(e[i], a[i], atol + (rtol * Math.Abs(e[i])), $"{what}, element {i}");
    }

    /// <summary>
    /// Asserts the same shape and <c>|expected − actual| ≤ tol·(1 + |expected|)</c> in every element: a relative
    /// tolerance with an absolute floor, for values of order one and small reductions of them.
    /// </summary>
    public static void AllClose(NDArray expected, NDArray actual, string what, double tol) =>
        AllClose(expected, actual, tol, tol, what, sameDType: false);

    /// <summary>Asserts <c>|expected − actual| ≤ atol + rtol·|expected|</c> for two numbers (NaNs and equal infinities match).</summary>
    public static void Close(double expected, double actual, double rtol, double atol, string what = "value") =>
        Close(expected, actual, atol + (rtol * Math.Abs(expected)), what);

    /// <summary>
    /// Asserts that each element of <paramref name="actual"/>, a sum of <paramref name="terms"/> values, is within
    /// <see cref="SumTolerance"/> of <paramref name="expected"/>, given the sums of the terms' absolute values per element.
    /// </summary>
    public static void SumsClose(NDArray expected, NDArray actual, double[] absSums, long terms, string what = "sum", int termRoundings = 0)
    {
        SameType(expected, actual, what);
        var e = expected.ToArray<double>();
        var a = actual.ToArray<double>();
        Assert.Equal(e.Length, absSums.Length);
        for (int i = 0; i < e.Length; i++)
            Close(e[i], a[i], SumTolerance(terms, absSums[i], actual.DType, termRoundings), $"{what}, element {i} (sum of {terms} terms, Σ|term| = {absSums[i]:G6})");
    }

    /// <summary>Asserts that a number is within <see cref="SumTolerance"/> of the expected sum.</summary>
    public static void SumClose(double expected, double actual, long terms, double absSum, DType dtype, string what = "sum", int termRoundings = 0) =>
        Close(expected, actual, SumTolerance(terms, absSum, dtype, termRoundings), $"{what} (sum of {terms} terms, Σ|term| = {absSum:G6})");

    private static void Close(double expected, double actual, double tolerance, string what)
    {
        if (expected.Equals(actual)) return;                    // also NaN = NaN and equal infinities
        double diff = Math.Abs(expected - actual);
        if (!(diff <= tolerance))
            Assert.Fail(FormattableString.Invariant($"{what}: expected {expected:R}, got {actual:R} (|diff| {diff:G4} > tolerance {tolerance:G4})"));
    }

    private static void SameType(NDArray expected, NDArray actual, string what)
    {
        Assert.True(expected.Shape == actual.Shape, $"{what}: shape {actual.Shape}, expected {expected.Shape}");
        Assert.True(expected.DType == actual.DType, $"{what}: dtype {actual.DType}, expected {expected.DType}");
    }
}
