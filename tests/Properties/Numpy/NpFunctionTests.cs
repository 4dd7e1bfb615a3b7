using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck.Fluent;
using Functional.AD.Properties.Arrays;
using MathNet.Numerics.LinearAlgebra;
using Xunit;

namespace Functional.AD.Properties.Numpy;

public class NpFunctionTests
{
    // ------------------------------------------------------------------ references

    /// <summary>log(1 + x) to full precision (Goldberg's trick: the rounding of 1 + x cancels).</summary>
    private static double Log1pRef(double x)
    {
        double u = 1 + x;
        return u == 1 ? x : Math.Log(u) * x / (u - 1);
    }

    /// <summary>e^x - 1 to full precision (Kahan's trick).</summary>
    private static double Expm1Ref(double x)
    {
        double u = Math.Exp(x);
        if (u == 1) return x;
        double um1 = u - 1;
        if (um1 == -1) return -1;
        return um1 * x / Math.Log(u);
    }

    private sealed record Unary(string Name, Func<NDArray, NDArray> Op, Func<double, double> Ref, double Lo, double Hi, double Rel, double Abs);

    private static readonly Unary[] UnaryFunctions =
    {
        new("Np.Negative", Np.Negative, x => -x, -10, 10, 0, 0),
        new("operator-", x => -x, x => -x, -10, 10, 0, 0),
        new("Np.Square", Np.Square, x => x * x, -10, 10, 0, 0),
        new("Np.Sqrt", Np.Sqrt, Math.Sqrt, 0, 100, 1e-15, 0),
        new("NDArray.Sqrt", NDArray.Sqrt, Math.Sqrt, 0, 100, 1e-15, 0),
        new("Np.Reciprocal", Np.Reciprocal, x => 1 / x, 0.05, 20, 1e-15, 0),
        new("Np.Reciprocal(neg)", Np.Reciprocal, x => 1 / x, -20, -0.05, 1e-15, 0),
        new("Np.Exp", Np.Exp, Math.Exp, -30, 30, 1e-13, 0),
        new("NDArray.Exp", NDArray.Exp, Math.Exp, -30, 30, 1e-13, 0),
        new("Np.Log", Np.Log, Math.Log, 1e-3, 1e3, 1e-13, 1e-16),
        new("NDArray.Log", NDArray.Log, Math.Log, 1e-3, 1e3, 1e-13, 1e-16),
        new("Np.Log1p", Np.Log1p, Log1pRef, -0.999, 10, 1e-13, 0),
        new("Np.Log1p(small)", Np.Log1p, Log1pRef, -1e-3, 1e-3, 1e-13, 0),
        new("Np.Expm1", Np.Expm1, Expm1Ref, -10, 10, 1e-13, 0),
        new("Np.Expm1(small)", Np.Expm1, Expm1Ref, -1e-3, 1e-3, 1e-13, 0),
        new("Np.Sin", Np.Sin, Math.Sin, -10, 10, 1e-13, 1e-16),
        new("NDArray.Sin", NDArray.Sin, Math.Sin, -10, 10, 1e-13, 1e-16),
        new("Np.Cos", Np.Cos, Math.Cos, -10, 10, 1e-13, 1e-16),
        new("NDArray.Cos", NDArray.Cos, Math.Cos, -10, 10, 1e-13, 1e-16),
        new("Np.Tan", Np.Tan, Math.Tan, -1.5, 1.5, 1e-13, 1e-16),
        new("NDArray.Tan", NDArray.Tan, Math.Tan, -1.5, 1.5, 1e-13, 1e-16),
        new("Np.Tanh", Np.Tanh, Math.Tanh, -20, 20, 1e-13, 1e-16),
        new("NDArray.Tanh", NDArray.Tanh, Math.Tanh, -20, 20, 1e-13, 1e-16),
        new("Np.Arctan", Np.Arctan, Math.Atan, -50, 50, 1e-13, 1e-16),
        new("NDArray.Atan", NDArray.Atan, Math.Atan, -50, 50, 1e-13, 1e-16),
        new("Np.Abs", Np.Abs, Math.Abs, -10, 10, 0, 0),
        new("NDArray.Abs", NDArray.Abs, Math.Abs, -10, 10, 0, 0),
        new("Np.Sign", Np.Sign, x => Math.Sign(x), -10, 10, 0, 0),
        new("Np.Power(x, 3)", x => Np.Power(x, 3), x => x * x * x, -5, 5, 1e-15, 0),
        new("Np.Power(x, -2)", x => Np.Power(x, -2), x => 1 / (x * x), 0.1, 5, 1e-14, 0),
        new("Np.Power(x, 0.5)", x => Np.Power(x, 0.5), Math.Sqrt, 0, 50, 1e-14, 0),
        new("NDArray.Pow(x, 2.5)", x => NDArray.Pow(x, 2.5), x => Math.Pow(x, 2.5), 0, 10, 1e-13, 0),
        new("Np.Sinh", Np.Sinh, Math.Sinh, -20, 20, 1e-13, 1e-16),
        new("Np.Cosh", Np.Cosh, Math.Cosh, -20, 20, 1e-13, 0),
        new("Np.Arcsin", Np.Arcsin, Math.Asin, -1, 1, 1e-13, 1e-16),
        new("Np.Arccos", Np.Arccos, Math.Acos, -1, 1, 1e-13, 1e-16),
        new("Np.Arcsinh", Np.Arcsinh, Math.Asinh, -50, 50, 1e-13, 1e-16),
        new("Np.Arccosh", Np.Arccosh, Math.Acosh, 1, 50, 1e-13, 1e-16),
        new("Np.Arctanh", Np.Arctanh, Math.Atanh, -0.999, 0.999, 1e-13, 1e-16),
        new("Np.Cbrt", Np.Cbrt, Math.Cbrt, -100, 100, 1e-14, 0),
        new("Np.Exp2", Np.Exp2, x => Math.Pow(2, x), -60, 60, 1e-13, 0),
        new("Np.Log2", Np.Log2, Math.Log2, 1e-3, 1e3, 1e-13, 1e-15),
        new("Np.Log10", Np.Log10, Math.Log10, 1e-3, 1e3, 1e-13, 1e-15),
        new("Np.Ceil", Np.Ceil, Math.Ceiling, -10, 10, 0, 0),
        new("Np.Round", x => Np.Round(x), x => Math.Round(x, MidpointRounding.ToEven), -10, 10, 0, 0),
        new("Np.Trunc", Np.Trunc, Math.Truncate, -10, 10, 0, 0),
        new("Np.Fix", Np.Fix, Math.Truncate, -10, 10, 0, 0),
        new("Lax.Round", x => Lax.Round(x), x => Math.Round(x, MidpointRounding.AwayFromZero), -10, 10, 0, 0),
        new("Lax.Ceil", Lax.Ceil, Math.Ceiling, -10, 10, 0, 0),
    };

    [Fact]
    public void Elementwise_functions_match_the_math_library() =>
        PropertyCheck.ForAll(
            Gen.Choose(0, UnaryFunctions.Length - 1).SelectMany(k =>
                Ref.Shapes(0, 3).SelectMany(s => Ref.DenseOf(s, UnaryFunctions[k].Lo, UnaryFunctions[k].Hi).Select(x => (k, x)))),
            t =>
            {
                var (k, x) = t;
                var u = UnaryFunctions[k];
                var r = u.Op(x.ToNd());
                Assert.Equal(DType.Float64, r.DType);
                Ref.AllClose(Ref.Map(x, u.Ref), r, u.Rel, u.Abs, u.Name);
            }, maxTest: 300);

    [Fact]
    public void Every_elementwise_function_is_checked_at_every_point() =>
        // a deterministic sweep so no function relies on the random choice above
        Assert.All(UnaryFunctions, u =>
        {
            var x = Enumerable.Range(0, 41).Select(i => u.Lo + (u.Hi - u.Lo) * (i + 0.37) / 41.5).ToArray();
            Ref.AllClose(new Dense(new[] { x.Length }, x.Select(u.Ref).ToArray()), u.Op(Np.Array(x)), u.Rel, u.Abs, u.Name);
        });

    [Fact]
    public void Log1p_and_Expm1_are_accurate_for_tiny_arguments()
    {
        Ref.Close(1e-12 - 0.5e-24, (double)Np.Log1p(Np.Scalar(1e-12)), 1e-15, 0, "log1p(1e-12)");
        Ref.Close(1e-12 + 0.5e-24, (double)Np.Expm1(Np.Scalar(1e-12)), 1e-15, 0, "expm1(1e-12)");
        PropertyCheck.ForAll(
            Gen.Choose(5, 300).SelectMany(e => Gen.Choose(100, 999).SelectMany(m => Gen.Elements(1, -1).Select(s => s * m / 100.0 * Math.Pow(10, -e)))),
            x =>
            {
                double log1p = x - x * x / 2 + x * x * x / 3 - x * x * x * x / 4;
                double expm1 = x + x * x / 2 + x * x * x / 6 + x * x * x * x / 24;
                Ref.Close(log1p, (double)Np.Log1p(Np.Scalar(x)), 1e-15, 0, $"log1p({x:R})");
                Ref.Close(expm1, (double)Np.Expm1(Np.Scalar(x)), 1e-15, 0, $"expm1({x:R})");
            }, maxTest: 200);
    }

    [Fact]
    public void Rounding_functions_follow_numpy_and_lax_at_ties_and_keep_integers()
    {
        var ties = Np.Array(-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.5, 0.49999999999999994, -0.49999999999999994);
        var even = ties.ToArray<double>().Select(v => Math.Round(v, MidpointRounding.ToEven)).ToArray();
        var away = ties.ToArray<double>().Select(v => Math.Round(v, MidpointRounding.AwayFromZero)).ToArray();
        Assert.Equal(even, Np.Round(ties).ToArray<double>());
        Assert.Equal(even, Lax.Round(ties, RoundingMethod.ToNearestEven).ToArray<double>());
        Assert.Equal(away, Lax.Round(ties).ToArray<double>());
        var ties32 = ties.AsType(DType.Float32);   // ±0.49999999999999994 become the f32 ties ±0.5
        Assert.Equal(ties32.ToArray<float>().Select(v => MathF.Round(v, MidpointRounding.AwayFromZero)), Lax.Round(ties32).ToArray<float>());
        // numpy keeps the sign of zero: round(-0.4) = -0
        Assert.True(double.IsNegative(Np.Round(Np.Scalar(-0.4)).ToArray<double>()[0]));
        // decimals: round(x * 10^d) / 10^d
        Ref.Close(1.24, (double)Np.Round(Np.Scalar(1.2351), 2), 1e-15, 0, "round(1.2351, 2)");
        Assert.Equal(new[] { 1200.0, -200.0, 200.0 }, Np.Round(Np.Array(1249.0, -150.0, 250.0), -2).ToArray<double>());
        // integers come back unchanged (same dtype) for rounding toward integers
        foreach (var f in new Func<NDArray, NDArray>[] { Np.Ceil, x => Np.Round(x), Np.Trunc, Np.Fix, Np.Floor })
        {
            var r = f(Np.Array(-7, 0, 4));
            Assert.Equal(DType.Int32, r.DType);
            Assert.Equal(new[] { -7, 0, 4 }, r.ToArray<int>());
        }
        // Lax's rounding is float-only, with the usual clear error
        var error = Assert.Throws<ArgumentException>(() => Lax.Ceil(Np.Array(1, 2)));
        Assert.Contains("Lax.Ceil", error.Message);
        Assert.Contains("i32[2]", error.Message);
        // zero derivatives, as JAX's
        foreach (var f in new Func<NDArray, NDArray>[] { Np.Ceil, x => Np.Round(x), Np.Trunc, x => Lax.Round(x) })
            Assert.Equal(new[] { 0.0, 0.0 }, Jax.Grad((NDArray x) => Np.Sum(f(x)))(Np.Array(0.3, -2.7)).ToArray<double>());
    }

    [Fact]
    public void Elementwise_special_values()
    {
        Assert.Equal(new[] { -1.0, 0.0, 1.0 }, Np.Sign(Np.Array(-2.5, 0.0, 3.0)).ToArray<double>());
        Assert.Equal(new[] { -1, 0, 1 }, Np.Sign(Np.Array(-7, 0, 4)).ToArray<int>());
        Assert.Equal(DType.Int32, Np.Abs(Np.Array(-7, 0, 4)).DType);
        Assert.Equal(new[] { 7, 0, 4 }, Np.Abs(Np.Array(-7, 0, 4)).ToArray<int>());
        Assert.Equal(DType.Int32, Np.Square(Np.Array(-7, 3)).DType);
        Assert.Equal(new[] { 49, 9 }, Np.Square(Np.Array(-7, 3)).ToArray<int>());
        Assert.Equal(double.NegativeInfinity, (double)Np.Log(Np.Scalar(0.0)));
        Assert.True(double.IsNaN((double)Np.Log(Np.Scalar(-1.0))));
        Assert.Equal(double.NegativeInfinity, (double)Np.Log1p(Np.Scalar(-1.0)));
        Assert.Equal(-1.0, (double)Np.Expm1(Np.Scalar(-800.0)));
        Assert.Equal(double.PositiveInfinity, (double)Np.Reciprocal(Np.Scalar(0.0)));
        Assert.Equal(1.0, (double)Np.Power(Np.Scalar(0.0), Np.Scalar(0.0)));
        // float-only functions turn ints into floats; f32 stays f32
        Assert.True(Np.Exp(Np.Array(1, 2)).DType.IsFloat());
        Ref.Close(Math.E, Np.Exp(Np.Array(1, 2)).ToArray<double>()[0], 1e-7);
        foreach (var f in new Func<NDArray, NDArray>[] { Np.Exp, Np.Log, Np.Sin, Np.Cos, Np.Tanh, Np.Sqrt, Np.Log1p, Np.Expm1, Np.Arctan, Np.Reciprocal, Np.Square, Np.Abs, Np.Negative })
            Assert.Equal(DType.Float32, f(Np.Array(0.5f, 2f)).DType);
        Assert.Equal(new[] { MathF.Exp(0.5f) }, Np.Exp(Np.Array(0.5f)).ToArray<float>(), new FloatUlps(2));
    }

    private sealed class FloatUlps : IEqualityComparer<float>
    {
        private readonly int _ulps;
        public FloatUlps(int ulps) => _ulps = ulps;
        public bool Equals(float a, float b) => Math.Abs(BitConverter.SingleToInt32Bits(a) - BitConverter.SingleToInt32Bits(b)) <= _ulps;
        public int GetHashCode(float obj) => 0;
    }

    [Fact]
    public void Power_with_float_exponents_matches_Math_Pow() =>
        PropertyCheck.ForAll(
            Ref.Shapes(1, 2).SelectMany(s => Ref.DenseOf(s, 0.01, 5).SelectMany(x => Ref.DenseOf(s, -3, 3).Select(y => (x, y)))),
            t =>
            {
                var (x, y) = t;
                Ref.AllClose(Ref.Binary(x, y, Math.Pow), Np.Power(x.ToNd(), y.ToNd()), 1e-13, 0, "Np.Power");
            });

    [Fact]
    public void Power_with_integer_exponents_matches_repeated_multiplication() =>
        PropertyCheck.ForAll(
            Ref.Denses(1, 2, 1, 4, -3, 3).SelectMany(x => Gen.Choose(-4, 6).Select(n => (x, n))),
            t =>
            {
                var (x, n) = t;
                double P(double v)
                {
                    double r = 1;
                    for (int i = 0; i < Math.Abs(n); i++) r *= v;
                    return n < 0 ? 1 / r : r;
                }
                Ref.AllClose(Ref.Map(x, P), Np.Power(x.ToNd(), n), 1e-14, 0, $"x ** {n}");
                if (n >= 0)
                {
                    var ints = Np.Array(-3, -1, 0, 2, 5);
                    var p = Np.Power(ints, n);
                    Assert.Equal(DType.Int32, p.DType);
                    Assert.Equal(new[] { -3, -1, 0, 2, 5 }.Select(v => (int)P(v)).ToArray(), p.ToArray<int>());
                }
            });

    // ------------------------------------------------------------------ binary helpers

    [Fact]
    public void Power_of_two_integer_arrays_stays_integer_like_numpy()
    {
        // numpy and jax.numpy: int ** int is an int array (exact, no rounding through floats)
        var p = Np.Power(Np.Array(-7, -3, 3), Np.Array(2, 3, 19));
        Assert.Equal(DType.Int32, p.DType);
        Assert.Equal(new[] { 49, -27, 1162261467 }, p.ToArray<int>());
    }

    [Fact]
    public void Maximum_Minimum_Clip_propagate_nan_and_broadcast()
    {
        var x = Np.Array(1.0, double.NaN, -3.0);
        var y = Np.Array(2.0, 0.0, double.NaN);
        Assert.Equal(new[] { 2.0, double.NaN, double.NaN }, Np.Maximum(x, y).ToArray<double>());
        Assert.Equal(new[] { 1.0, double.NaN, double.NaN }, Np.Minimum(x, y).ToArray<double>());

        var m = Np.Maximum(Np.FromFlat(new[] { 1.0, 5.0 }, new[] { 2, 1 }), Np.Array(0.0, 2.0, 4.0));
        Assert.Equal(new Shape(2, 3), m.Shape);
        Assert.Equal(new[] { 1.0, 2, 4, 5, 5, 5 }, m.ToArray<double>());
    }

    [Fact]
    public void Clip_limits_to_the_bounds_with_broadcasting() =>
        PropertyCheck.ForAll(
            Ref.Shapes(1, 3).SelectMany(s => Ref.DenseOf(s, -10, 10).SelectMany(x =>
                Ref.DenseOf(new[] { s[^1] }, -5, 0).SelectMany(lo => Ref.Values(1, 0, 5).Select(hi => (x, lo, hi[0]))))),
            t =>
            {
                var (x, lo, hi) = t;
                var expected = Ref.Binary(x, lo, (v, l) => Math.Min(Math.Max(v, l), hi));
                Ref.AllClose(expected, Np.Clip(x.ToNd(), lo.ToNd(), hi), 0);
                Ref.AllClose(Ref.Map(x, v => Math.Clamp(v, -1, 1)), Np.Clip(x.ToNd(), -1.0, 1.0), 0);
            });

    [Fact]
    public void Where_selects_elementwise() =>
        PropertyCheck.ForAll(
            Ref.Shapes(0, 3).SelectMany(s => Gen.Three(Ref.DenseOf(s)).Select(v => (v.Item1, v.Item2, v.Item3))),
            t =>
            {
                var (c, x, y) = t;
                var expected = new Dense(c.Shape, c.Data.Select((v, i) => v > 0 ? x.Data[i] : y.Data[i]).ToArray());
                Ref.AllClose(expected, Np.Where(c.ToNd() > 0.0, x.ToNd(), y.ToNd()), 0);
                Ref.AllClose(Ref.Map(c, v => v > 0 ? v : 0), Np.Where(c.ToNd() > 0.0, c.ToNd(), 0.0), 0);
            });

    [Fact]
    public void Equal_and_NotEqual_compare_elementwise_with_broadcasting()
    {
        var a = Np.Array(new double[,] { { 1, 2, 3 }, { 3, 2, 1 } });
        var b = Np.Array(1.0, 2.0, 1.0);
        var eq = Np.Equal(a, b);
        Assert.Equal(DType.Bool, eq.DType);
        Assert.Equal(new Shape(2, 3), eq.Shape);
        Assert.Equal(new[] { true, true, false, false, true, true }, eq.ToArray<bool>());
        Assert.Equal(new[] { false, false, true, true, false, false }, Np.NotEqual(a, b).ToArray<bool>());
        Assert.Equal(new[] { false, false, true }, Np.Equal(Np.Array(1, 2, 3), 3).ToArray<bool>());
        Assert.Equal(new[] { true, false }, Np.Equal(Np.Array(2, 2), Np.Array(2.0, 2.5)).ToArray<bool>());
        Assert.Equal(new[] { true, false }, Np.NotEqual(Np.Array(double.NaN, 1.0), Np.Array(double.NaN, 1.0)).ToArray<bool>());
        Assert.Equal(new[] { false, true }, Np.Equal(Np.Array(double.NaN, 1.0), Np.Array(double.NaN, 1.0)).ToArray<bool>());
    }

    // ------------------------------------------------------------------ reductions

    [Fact]
    public void Reductions_over_each_axis_match_the_reference() =>
        PropertyCheck.ForAll(NDArrayTests.ReductionCases(), t =>
        {
            var (x, axis, keep) = t;
            var a = x.ToNd();
            Ref.ReductionClose(x, axis, keep, Np.Sum(a, axis, keep), mean: false, "Np.Sum");
            Ref.ReductionClose(x, axis, keep, Np.Mean(a, axis, keep), mean: true, "Np.Mean");
            Ref.AllClose(Ref.Reduce(x, axis, keep, v => v.Max()), Np.Max(a, axis, keep), 0, 0, "Np.Max");
            Ref.AllClose(Ref.Reduce(x, axis, keep, v => v.Min()), Np.Min(a, axis, keep), 0, 0, "Np.Min");
            Ref.AllClose(Ref.Reduce(x, axis, keep, v => v.Aggregate(1.0, (p, q) => p * q)), Np.Prod(a, axis, keep), 1e-13, 0, "Np.Prod");
        }, maxTest: 150);

    [Fact]
    public void Prod_handles_zeros_exactly() =>
        PropertyCheck.ForAll(
            NDArrayTests.ReductionCases().SelectMany(t =>
                Gen.ArrayOf(Gen.Elements(-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 3.0), t.X.Data.Length)
                    .Select(v => (new Dense(t.X.Shape, v), t.Axis, t.KeepDims))),
            t =>
            {
                var (x, axis, keep) = t;
                // all values are dyadic, so every product is exact in f64
                Ref.AllClose(Ref.Reduce(x, axis, keep, v => v.Aggregate(1.0, (p, q) => p * q)), Np.Prod(x.ToNd(), axis, keep), 0, 0, "Np.Prod");
            }, maxTest: 100);

    [Fact]
    public void Reductions_of_integers_and_bools()
    {
        var x = Np.FromFlat(new[] { 1, 2, 3, 4, 0, -6 }, new[] { 2, 3 });
        Assert.Equal(DType.Int32, Np.Prod(x).DType);
        Assert.Equal(0, (int)Np.Prod(x));
        Assert.Equal(new[] { 6, 0 }, Np.Prod(x, 1).ToArray<int>());
        Assert.Equal(new[] { 4, 0, -18 }, Np.Prod(x, -2).ToArray<int>());
        var b = Np.Array(1.0, -1.0, 2.0, 3.0) > 0.0;
        Assert.Equal(DType.Int32, Np.Sum(b).DType);
        Assert.Equal(3, (int)Np.Sum(b));
        Assert.Equal(new[] { 1, 1, 2, 3 }, Np.Cumsum(b, 0).ToArray<int>());
        Assert.Equal(0.75, (double)Np.Mean(b));
        var f = Np.Array(1f, 2f, 4f);
        Assert.Equal(DType.Float32, Np.Sum(f).DType);
        Assert.Equal(DType.Float32, Np.Mean(f).DType);
        Assert.Equal(DType.Float32, Np.Prod(f).DType);
        Assert.Equal(8f, (float)Np.Prod(f));
    }

    [Fact]
    public void ArgMax_returns_the_first_maximum() =>
        PropertyCheck.ForAll(
            Ref.Shapes(1, 3).SelectMany(s =>
                Gen.ArrayOf(Gen.Choose(-2, 2).Select(v => (double)v), Ref.Size(s)).SelectMany(v =>
                    Gen.Choose(-s.Length, s.Length - 1).Select(axis => (new Dense(s, v), axis)))),
            t =>
            {
                var (x, axis) = t;
                var expected = Ref.Reduce(x, axis, false, line =>
                {
                    int best = 0;
                    for (int i = 1; i < line.Length; i++) if (line[i] > line[best]) best = i;
                    return best;
                });
                var r = Np.ArgMax(x.ToNd(), axis);
                Assert.Equal(DType.Int32, r.DType);
                Ref.AllClose(expected, r, 0);
                Ref.AllClose(expected, Np.ArgMax(x.ToNd().AsType(DType.Int32), axis), 0, 0, "ArgMax of i32");
            }, maxTest: 100);

    [Fact]
    public void Cumsum_is_a_running_sum_along_the_axis() =>
        PropertyCheck.ForAll(
            Ref.Denses(1, 3).SelectMany(x => Gen.Choose(-x.Rank, x.Rank - 1).Select(axis => (x, axis))),
            t =>
            {
                var (x, axis) = t;
                int a = axis < 0 ? axis + x.Rank : axis;
                var expected = new double[x.Data.Length];
                var scale = new double[x.Data.Length];
                foreach (var ix in Ref.Indices(x.Shape))
                {
                    var j = (int[])ix.Clone();
                    double s = 0, sa = 0;
                    for (j[a] = 0; j[a] <= ix[a]; j[a]++) { s += x[j]; sa += Math.Abs(x[j]); }
                    expected[Ref.Ravel(ix, x.Shape)] = s;
                    scale[Ref.Ravel(ix, x.Shape)] = sa;
                }
                Ref.SumsClose(new Dense(x.Shape, expected), new Dense(x.Shape, scale), x.Shape[a], Np.Cumsum(x.ToNd(), axis), "Np.Cumsum");
                var ints = x.ToNd().AsType(DType.Int32);
                var ci = Np.Cumsum(ints, axis);
                Assert.Equal(DType.Int32, ci.DType);
            });

    // ------------------------------------------------------------------ linear algebra

    /// <summary>numpy.dot for operands of rank >= 1.</summary>
    private static Dense DotRef(Dense a, Dense b)
    {
        int k = a.Shape[^1];
        int bAxis = b.Rank == 1 ? 0 : b.Rank - 2;
        var bRest = b.Shape.Where((_, i) => i != bAxis).ToArray();
        var shape = a.Shape[..^1].Concat(bRest).ToArray();
        var data = new double[Ref.Size(shape)];
        foreach (var ix in Ref.Indices(shape))
        {
            var ai = new int[a.Rank];
            Array.Copy(ix, ai, a.Rank - 1);
            var bi = new int[b.Rank];
            var rest = ix[(a.Rank - 1)..];
            for (int i = 0, j = 0; i < b.Rank; i++) if (i != bAxis) bi[i] = rest[j++];
            double s = 0;
            for (int q = 0; q < k; q++)
            {
                ai[a.Rank - 1] = q;
                bi[bAxis] = q;
                s += a[ai] * b[bi];
            }
            data[Ref.Ravel(ix, shape)] = s;
        }
        return new Dense(shape, data);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(2, 1)]
    [InlineData(1, 2)]
    [InlineData(3, 1)]
    [InlineData(3, 2)]
    public void Dot_matches_numpy_dot_for_each_rank_pair(int ra, int rb) =>
        PropertyCheck.ForAll(
            Gen.Choose(1, 4).SelectMany(k =>
                Ref.Shapes(ra - 1, ra - 1).SelectMany(sa =>
                    Ref.Shapes(Math.Max(rb - 1, 0), Math.Max(rb - 1, 0)).SelectMany(sb =>
                    {
                        var aShape = sa.Concat(new[] { k }).ToArray();
                        var bShape = rb == 1 ? new[] { k } : sb[..^1].Concat(new[] { k, sb[^1] }).ToArray();
                        return Ref.DenseOf(aShape).SelectMany(a => Ref.DenseOf(bShape).Select(b => (a, b)));
                    }))),
            t =>
            {
                var (a, b) = t;
                var r = Np.Dot(a.ToNd(), b.ToNd());
                ProductClose(DotRef, a, b, a.Shape[^1], r, $"Np.Dot {Ref.ShapeString(a.Shape)} x {Ref.ShapeString(b.Shape)}");
                Assert.Equal(DType.Float64, r.DType);
            });

    [Fact]
    public void Dot_examples_and_scalar_operands()
    {
        Assert.Equal(32.0, (double)Np.Dot(Np.Array(1.0, 2, 3), Np.Array(4.0, 5, 6)));
        Assert.Equal(0, Np.Dot(Np.Array(1.0, 2, 3), Np.Array(4.0, 5, 6)).Rank);
        var m = Np.Array(new double[,] { { 1, 2 }, { 3, 4 } });
        Assert.Equal(new[] { 7.0, 10, 15, 22 }, Np.Dot(m, m).ToArray<double>());
        Assert.Equal(new[] { 5.0, 11 }, Np.Dot(m, Np.Array(1.0, 2)).ToArray<double>());
        Assert.Equal(new[] { 7.0, 10 }, Np.Dot(Np.Array(1.0, 2), m).ToArray<double>());
        Assert.Equal(new[] { 2.0, 4, 6, 8 }, Np.Dot(Np.Scalar(2.0), m).ToArray<double>());
        Assert.Equal(new Shape(2, 2), Np.Dot(m, 3.0).Shape);
        var i = Np.Dot(Np.Array(1, 2), Np.Array(3, 4));
        Assert.Equal(DType.Int32, i.DType);
        Assert.Equal(11, (int)i);
        Assert.Equal(DType.Float32, Np.Dot(Np.Array(1f, 2f), Np.Array(3f, 4f)).DType);
    }

    /// <summary>
    /// Asserts a product against <paramref name="reference"/> (DotRef or MatmulRef): each element is a sum of
    /// <paramref name="k"/> products, and the same reference over the factors' absolute values bounds its rounding.
    /// </summary>
    private static void ProductClose(Func<Dense, Dense, Dense> reference, Dense a, Dense b, int k, NDArray actual, string what) =>
        Ref.SumsClose(reference(a, b), reference(Ref.Map(a, Math.Abs), Ref.Map(b, Math.Abs)), k, actual, what, termRoundings: 1);

    /// <summary>numpy.matmul.</summary>
    private static Dense MatmulRef(Dense a, Dense b)
    {
        bool va = a.Rank == 1, vb = b.Rank == 1;
        if (va) a = new Dense(new[] { 1, a.Shape[0] }, a.Data);
        if (vb) b = new Dense(new[] { b.Shape[0], 1 }, b.Data);
        int m = a.Shape[^2], k = a.Shape[^1], n = b.Shape[^1];
        var batch = Ref.BroadcastShape(a.Shape[..^2], b.Shape[..^2])!;
        var full = batch.Concat(new[] { m, n }).ToArray();
        var data = new double[Ref.Size(full)];
        foreach (var ix in Ref.Indices(full))
        {
            double s = 0;
            for (int q = 0; q < k; q++)
            {
                var ai = ix[..^2].Concat(new[] { ix[^2], q }).ToArray();
                var bi = ix[..^2].Concat(new[] { q, ix[^1] }).ToArray();
                s += Ref.BroadcastAt(a, ai) * Ref.BroadcastAt(b, bi);
            }
            data[Ref.Ravel(ix, full)] = s;
        }
        var shape = batch.Concat(va ? Array.Empty<int>() : new[] { m }).Concat(vb ? Array.Empty<int>() : new[] { n }).ToArray();
        return new Dense(shape, data);
    }

    [Fact]
    public void Matmul_matches_numpy_matmul_with_broadcast_batches_and_vectors() =>
        PropertyCheck.ForAll(
            PromotionTests.BroadcastableShapes.Where(s => s.A.Length <= 2 && s.B.Length <= 2).SelectMany(batch =>
                Gen.Choose(1, 4).SelectMany(m => Gen.Choose(0, 4).SelectMany(k => Gen.Choose(1, 4).SelectMany(n =>
                    Gen.Elements(false, true).SelectMany(va => Gen.Elements(false, true).SelectMany(vb =>
                    {
                        var aShape = va ? new[] { k } : batch.A.Concat(new[] { m, k }).ToArray();
                        var bShape = vb ? new[] { k } : batch.B.Concat(new[] { k, n }).ToArray();
                        return Ref.DenseOf(aShape).SelectMany(a => Ref.DenseOf(bShape).Select(b => (a, b)));
                    })))))),
            t =>
            {
                var (a, b) = t;
                ProductClose(MatmulRef, a, b, a.Shape[^1], Np.Matmul(a.ToNd(), b.ToNd()), $"Np.Matmul {Ref.ShapeString(a.Shape)} x {Ref.ShapeString(b.Shape)}");
            }, maxTest: 150);

    [Fact]
    public void Matmul_of_matrices_agrees_with_MathNet() =>
        PropertyCheck.ForAll(
            Gen.Choose(1, 6).SelectMany(m => Gen.Choose(1, 6).SelectMany(k => Gen.Choose(1, 6).SelectMany(n =>
                Ref.DenseOf(new[] { m, k }).SelectMany(a => Ref.DenseOf(new[] { k, n }).Select(b => (a, b)))))),
            t =>
            {
                var (a, b) = t;
                var ma = Matrix<double>.Build.DenseOfRowMajor(a.Shape[0], a.Shape[1], a.Data);
                var mb = Matrix<double>.Build.DenseOfRowMajor(b.Shape[0], b.Shape[1], b.Data);
                var mc = ma * mb;
                var expected = new Dense(new[] { mc.RowCount, mc.ColumnCount }, mc.ToRowMajorArray());
                int k = a.Shape[1];
                var absProducts = MatmulRef(Ref.Map(a, Math.Abs), Ref.Map(b, Math.Abs));   // bounds the rounding of any order
                Ref.SumsClose(expected, absProducts, k, Np.Matmul(a.ToNd(), b.ToNd()), "A B", termRoundings: 1);
                Ref.SumsClose(expected, absProducts, k, Np.Dot(a.ToNd(), b.ToNd()), "dot(A, B)", termRoundings: 1);
                var mt = mb.Transpose() * ma.Transpose();
                Ref.SumsClose(new Dense(new[] { mt.RowCount, mt.ColumnCount }, mt.ToRowMajorArray()), Ref.Transpose(absProducts, new[] { 1, 0 }), k,
                    Np.Matmul(b.ToNd().T, a.ToNd().T), "B^T A^T", termRoundings: 1);
            });

    [Fact]
    public void Matmul_of_two_vectors_is_their_inner_product()
    {
        var r = Np.Matmul(Np.Array(1.0, 2, 3), Np.Array(4.0, 5, 6));
        Assert.Equal(0, r.Rank);
        Assert.Equal(32.0, (double)r);
        Assert.Equal(DType.Float32, Np.Matmul(Np.Ones(new[] { 2, 2 }, DType.Float32), Np.Ones(new[] { 2, 2 }, DType.Float32)).DType);
    }

    [Fact]
    public void Outer_is_the_product_of_the_flattened_operands() =>
        PropertyCheck.ForAll(
            Ref.Denses(0, 2, 1, 3).SelectMany(a => Ref.Denses(0, 2, 1, 3).Select(b => (a, b))),
            t =>
            {
                var (a, b) = t;
                int n = a.Data.Length, m = b.Data.Length;
                var expected = new Dense(new[] { n, m }, Enumerable.Range(0, n * m).Select(f => a.Data[f / m] * b.Data[f % m]).ToArray());
                Ref.AllClose(expected, Np.Outer(a.ToNd(), b.ToNd()), 0);
            });

    // ------------------------------------------------------------------ joining and indexing

    [Fact]
    public void Concatenate_joins_along_any_axis() =>
        PropertyCheck.ForAll(
            Ref.Shapes(1, 3).SelectMany(s => Gen.Choose(-s.Length, s.Length - 1).SelectMany(axis =>
                Gen.Choose(1, 3).SelectMany(count => Gen.ArrayOf(Gen.Choose(0, 3), count).SelectMany(sizes =>
                    Gen.CollectToArray(sizes.Select(sz =>
                    {
                        var shape = (int[])s.Clone();
                        shape[axis < 0 ? axis + s.Length : axis] = sz;
                        return Ref.DenseOf(shape);
                    })).Select(parts => (parts, axis)))))),
            t =>
            {
                var (parts, axis) = t;
                int rank = parts[0].Rank;
                int a = axis < 0 ? axis + rank : axis;
                var shape = (int[])parts[0].Shape.Clone();
                shape[a] = parts.Sum(p => p.Shape[a]);
                var data = new double[Ref.Size(shape)];
                foreach (var ix in Ref.Indices(shape))
                {
                    int pos = ix[a], which = 0;
                    while (pos >= parts[which].Shape[a]) pos -= parts[which++].Shape[a];
                    var src = (int[])ix.Clone();
                    src[a] = pos;
                    data[Ref.Ravel(ix, shape)] = parts[which][src];
                }
                Ref.AllClose(new Dense(shape, data), Np.Concatenate(parts.Select(p => p.ToNd()).ToArray(), axis), 0);
            });

    [Fact]
    public void Stack_joins_along_a_new_axis() =>
        PropertyCheck.ForAll(
            Ref.Shapes(0, 3).SelectMany(s => Gen.Choose(-(s.Length + 1), s.Length).SelectMany(axis =>
                Gen.Choose(1, 3).SelectMany(count => Gen.ArrayOf(Ref.DenseOf(s), count).Select(parts => (parts, axis))))),
            t =>
            {
                var (parts, axis) = t;
                int rank = parts[0].Rank + 1;
                int a = axis < 0 ? axis + rank : axis;
                var shape = parts[0].Shape.Take(a).Concat(new[] { parts.Length }).Concat(parts[0].Shape.Skip(a)).ToArray();
                var data = new double[Ref.Size(shape)];
                foreach (var ix in Ref.Indices(shape))
                    data[Ref.Ravel(ix, shape)] = parts[ix[a]][ix.Where((_, i) => i != a).ToArray()];
                Ref.AllClose(new Dense(shape, data), Np.Stack(parts.Select(p => p.ToNd()).ToArray(), axis), 0);
            });

    [Fact]
    public void Concatenate_and_Stack_promote_dtypes()
    {
        var c = Np.Concatenate(new[] { Np.Array(1, 2), Np.Array(0.5f) });
        Assert.Equal(DType.Float32, c.DType);
        Assert.Equal(new[] { 1f, 2f, 0.5f }, c.ToArray<float>());
        var s = Np.Stack(new[] { Np.Array(1, 2), Np.Array(0.5, 1.5) }, 1);
        Assert.Equal(DType.Float64, s.DType);
        Assert.Equal(new[] { 1.0, 0.5, 2.0, 1.5 }, s.ToArray<double>());
    }

    /// <summary>Where jax.numpy.take reads index <paramref name="k"/> of an axis of length n in <paramref name="mode"/>, or null for the fill value.</summary>
    private static int? TakeSource(int k, int n, IndexingMode mode) => mode switch
    {
        IndexingMode.Clip => Math.Clamp(k, 0, n - 1),
        _ when k < -n || k >= n => null,
        _ => k < 0 ? k + n : k,
    };

    [Fact]
    public void Take_follows_JAX_out_of_range_modes_identically_eagerly_and_jitted() =>
        PropertyCheck.ForAll(
            Ref.Denses(1, 3).SelectMany(x => Gen.Choose(-x.Rank, x.Rank - 1).SelectMany(axis =>
            {
                int n = x.Shape[axis < 0 ? axis + x.Rank : axis];
                return Ref.Shapes(0, 2, 0, 3).SelectMany(ishape =>
                    Gen.ArrayOf(Gen.Frequency((3, Gen.Choose(-n, n - 1)), (1, Gen.Choose(-2 * n - 1, 2 * n + 1))), Ref.Size(ishape)).SelectMany(idx =>
                        Gen.Elements(IndexingMode.Fill, IndexingMode.Clip).Select(mode => (x, axis, ishape, idx, mode))));
            })),
            t =>
            {
                var (x, axis, ishape, idx, mode) = t;
                int a = axis < 0 ? axis + x.Rank : axis;
                int n = x.Shape[a];
                var shape = x.Shape.Take(a).Concat(ishape).Concat(x.Shape.Skip(a + 1)).ToArray();
                var data = new double[Ref.Size(shape)];
                var gradient = new double[x.Data.Length];   // of sum(take(x)): how often each element is read
                foreach (var ix in Ref.Indices(shape))
                {
                    var ii = ix.Skip(a).Take(ishape.Length).ToArray();
                    if (TakeSource(idx[Ref.Ravel(ii, ishape)], n, mode) is not int k)
                    {
                        data[Ref.Ravel(ix, shape)] = double.NaN;
                        continue;
                    }
                    var src = ix.Take(a).Concat(new[] { k }).Concat(ix.Skip(a + ishape.Length)).ToArray();
                    data[Ref.Ravel(ix, shape)] = x[src];
                    gradient[Ref.Ravel(src, x.Shape)] += 1;
                }
                var indices = Np.FromFlat(idx, ishape);
                var before = indices.ToArray<int>();
                var expected = new Dense(shape, data);
                Ref.AllClose(expected, Np.Take(x.ToNd(), indices, axis, mode), 0, 0, $"{mode}, eager");
                Ref.AllClose(expected, Jax.Jit((NDArray v) => Np.Take(v, indices, axis, mode))(x.ToNd()), 0, 0, $"{mode}, jitted with constant indices");
                Ref.AllClose(expected, Jax.Jit((NDArray v, NDArray i) => Np.Take(v, i, axis, mode))(x.ToNd(), indices), 0, 0, $"{mode}, jitted with traced indices");
                Func<NDArray, NDArray> total = v => Np.Sum(Np.Take(v, indices, axis, mode, fillValue: 0));
                Ref.AllClose(new Dense(x.Shape, gradient), Jax.Grad(total)(x.ToNd()), 0, 0, $"{mode}, gradient");
                Ref.AllClose(new Dense(x.Shape, gradient), Jax.Jit(Jax.Grad(total))(x.ToNd()), 0, 0, $"{mode}, jitted gradient");
                Assert.Equal(before, indices.ToArray<int>());
            });

    [Fact]
    public void Take_fills_by_dtype_as_JAX_and_reads_nothing_from_an_empty_axis()
    {
        var oob = Np.Array(0, 5, -9);
        Assert.Equal(new[] { 1, int.MinValue, int.MinValue }, Np.Take(Np.Array(1, 2, 3), oob).ToArray<int>());
        Assert.Equal(new[] { 1.0f, float.NaN, float.NaN }, Np.Take(Np.Array(1f, 2f, 3f), oob).ToArray<float>());
        Assert.Equal(new[] { false, true, true }, Np.Take(Np.Array(1, 0, 1) > 3, oob).ToArray<bool>());
        Assert.Equal(new[] { 1.0, -7.0, -7.0 }, Np.Take(Np.Array(1.0, 2, 3), oob, fillValue: -7).ToArray<double>());
        var empty = Np.Take(Np.Zeros([2, 0]), Np.Array(0, 1), axis: 1);
        Assert.Equal(new Shape(2, 2), empty.Shape);
        Assert.All(empty.ToArray<double>(), v => Assert.True(double.IsNaN(v)));
        // Vmap over index arrays: each example follows the same mode.
        var batch = Np.FromFlat(new[] { 0, 7, -1, -5 }, [2, 2]);
        var x = Np.Array(10.0, 20, 30);
        Assert.Equal(new[] { 10.0, double.NaN, 30.0, double.NaN },
            Jax.Vmap((NDArray i) => Np.Take(x, i))(batch).ToArray<double>());
    }

    // ------------------------------------------------------------------ long, transposed, sliced and f32 inputs

    private static readonly (string Name, Func<NDArray, NDArray> Op, Func<double, double> Ref, double Rel, double Abs)[] LongUnary =
    {
        ("Np.Exp", Np.Exp, Math.Exp, 1e-13, 0),
        ("Np.Sin", Np.Sin, Math.Sin, 1e-13, 1e-16),
        ("Np.Tanh", Np.Tanh, Math.Tanh, 1e-13, 1e-16),
        ("Np.Log1p", x => Np.Log1p(Np.Abs(x)), x => Log1pRef(Math.Abs(x)), 1e-13, 0),
        ("Np.Sqrt", x => Np.Sqrt(Np.Abs(x)), x => Math.Sqrt(Math.Abs(x)), 1e-15, 0),
        ("Np.Abs", Np.Abs, Math.Abs, 0, 0),
        ("Np.Sign", Np.Sign, x => Math.Sign(x), 0, 0),
        ("Np.Square", Np.Square, x => x * x, 0, 0),
        ("x * 3 - 1", x => x * 3.0 - 1.0, x => x * 3 - 1, 0, 0),
        ("1 / x", x => 1.0 / x, x => 1 / x, 0, 0),
        ("Nn.Relu", Nn.Relu, x => Math.Max(x, 0), 0, 0),
        ("Nn.Sigmoid", Nn.Sigmoid, x => 1 / (1 + Math.Exp(-x)), 1e-13, 0),
    };

    [Fact]
    public void Elementwise_functions_on_long_vectors() =>
        PropertyCheck.ForAll(
            Gen.Choose(1, 5000).SelectMany(n => Ref.DenseOf(new[] { n })).SelectMany(x => Gen.Choose(0, LongUnary.Length - 1).Select(k => (x, k))),
            t =>
            {
                var (x, k) = t;
                var (name, op, f, rel, abs) = LongUnary[k];
                Ref.AllClose(Ref.Map(x, f), op(x.ToNd()), rel, abs, name);
            }, maxTest: 60);

    [Fact]
    public void Reductions_on_long_vectors() =>
        PropertyCheck.ForAll(
            Gen.Choose(1, 5000).SelectMany(n => Gen.Two(Ref.DenseOf(new[] { n })).Select(p => (p.Item1, p.Item2))),
            t =>
            {
                var (x, y) = t;
                var a = x.ToNd();
                int n = x.Data.Length;
                double scale = x.Data.Sum(Math.Abs);
                NumericAssert.SumClose(x.Data.Sum(), (double)Np.Sum(a), n, scale, DType.Float64, "sum");
                Ref.Close(x.Data.Max(), (double)Np.Max(a), 0, 0, "max");
                Ref.Close(x.Data.Min(), (double)Np.Min(a), 0, 0, "min");
                Assert.Equal(Array.IndexOf(x.Data, x.Data.Max()), (int)Np.ArgMax(a, 0));
                double dot = x.Data.Zip(y.Data, (p, q) => p * q).Sum();
                NumericAssert.SumClose(dot, (double)Np.Dot(a, y.ToNd()), n, x.Data.Zip(y.Data, (p, q) => Math.Abs(p * q)).Sum(), DType.Float64, "dot", termRoundings: 1);
                var cs = Np.Cumsum(a, 0).ToArray<double>();
                double run = 0;
                for (int i = 0; i < cs.Length; i++)
                {
                    run += x.Data[i];
                    NumericAssert.SumClose(run, cs[i], i + 1, scale, DType.Float64, $"cumsum[{i}]");
                }
                var sum = Np.Add(a, y.ToNd()).ToArray<double>();
                for (int i = 0; i < sum.Length; i++) Assert.Equal(x.Data[i] + y.Data[i], sum[i]);
            }, maxTest: 40);

    [Fact]
    public void Functions_of_transposed_and_sliced_arrays_match_the_reference() =>
        PropertyCheck.ForAll(
            Gen.Choose(1, 40).SelectMany(r => Gen.Choose(1, 40).SelectMany(c =>
                Ref.DenseOf(new[] { r, c }).SelectMany(x => Ref.DenseOf(new[] { c, r }).SelectMany(y =>
                    Gen.Choose(0, c).SelectMany(a => Gen.Choose(a, c).Select(b => (x, y, a, b))))))),
            t =>
            {
                var (x, y, a, b) = t;
                var xt = Ref.Transpose(x, new[] { 1, 0 });
                var nt = x.ToNd().T;
                int r = x.Shape[0];
                Ref.AllClose(new Dense(new[] { xt.Data.Length }, xt.Data), nt.Reshape(-1), 0, 0, "x.T.Reshape(-1)");
                Ref.AllClose(Ref.Binary(xt, y, (p, q) => p + q), nt + y.ToNd(), 0, 0, "x.T + y");
                Ref.AllClose(Ref.Map(xt, Math.Exp), Np.Exp(nt), 1e-13, 0, "exp(x.T)");
                Ref.ReductionClose(xt, 0, false, Np.Sum(nt, 0), mean: false, "sum(x.T, 0)");
                Ref.AllClose(Ref.Reduce(xt, 1, true, v => v.Max()), Np.Max(nt, 1, true), 0, 0, "max(x.T, 1)");
                var slice = new Dense(new[] { b - a, r }, xt.Data.Skip(a * r).Take((b - a) * r).ToArray());
                Ref.AllClose(slice, nt[a..b], 0, 0, "x.T[a..b]");
                Ref.AllClose(Ref.Map(slice, v => v * 2), nt[a..b] * 2.0, 0, 0, "x.T[a..b] * 2");
                Ref.AllClose(Ref.Transpose(slice, new[] { 1, 0 }), nt[a..b].T, 0, 0, "x.T[a..b].T");
                ProductClose(MatmulRef, xt, x, r, Np.Matmul(nt, x.ToNd()), "x.T @ x");
                Ref.AllClose(Ref.Binary(xt, y, (p, q) => p * q), Np.Multiply(nt, y.ToNd().T.T), 0, 0, "x.T * y.T.T");
                var stacked = Np.Concatenate(new[] { nt, y.ToNd() }, 0);
                Ref.AllClose(new Dense(new[] { 2 * xt.Shape[0], r }, xt.Data.Concat(y.Data).ToArray()), stacked, 0, 0, "concat(x.T, y)");
            }, maxTest: 60);

    [Fact]
    public void Float32_functions_are_accurate_to_single_precision() =>
        PropertyCheck.ForAll(
            Gen.Choose(0, UnaryFunctions.Length - 1).SelectMany(k =>
                Gen.Choose(1, 300).SelectMany(n => Ref.DenseOf(new[] { n }, UnaryFunctions[k].Lo, UnaryFunctions[k].Hi).Select(x => (k, x)))),
            t =>
            {
                var (k, x) = t;
                var u = UnaryFunctions[k];
                var xf = x.Data.Select(v => (float)v).ToArray();
                var r = u.Op(Np.Array(xf));
                Assert.True(r.DType == DType.Float32, $"{u.Name} of f32 gave {r.DType}");
                var got = r.ToArray<float>();
                for (int i = 0; i < xf.Length; i++)
                {
                    double expected = u.Ref(xf[i]);
                    // condition the tolerance on the function's sensitivity at x (tan near pi/2, etc.)
                    Ref.Close(expected, got[i], 4e-7, 2e-7 * Math.Max(1, Math.Abs(expected)), $"{u.Name}({xf[i]:R})");
                }
            }, maxTest: 200);

    // ------------------------------------------------------------------ gradients of Np functions

    [Fact]
    public void Take_is_differentiable_and_accumulates_repeated_indices() =>
        PropertyCheck.ForAll(
            Gen.Choose(1, 5).SelectMany(n => Ref.DenseOf(new[] { n, 2 }).SelectMany(x =>
                Gen.Choose(1, 6).SelectMany(m => Gen.ArrayOf(Gen.Choose(-n, n - 1), m).SelectMany(idx =>
                    Ref.DenseOf(new[] { m, 2 }).Select(w => (x, idx, w)))))),
            t =>
            {
                var (x, idx, w) = t;
                int n = x.Shape[0];
                var expected = new double[x.Data.Length];
                for (int j = 0; j < idx.Length; j++)
                {
                    int row = idx[j] < 0 ? idx[j] + n : idx[j];
                    expected[row * 2] += w.Data[j * 2];
                    expected[row * 2 + 1] += w.Data[j * 2 + 1];
                }
                var wn = w.ToNd();
                var indices = Np.Array(idx);
                var g = Jax.Grad((NDArray u) => Np.Sum(Np.Take(u, indices, 0) * wn))(x.ToNd());
                Ref.AllClose(new Dense(x.Shape, expected), g, 1e-14, 1e-15, "d take");
            });

    [Fact]
    public void Prod_gradient_is_the_product_of_the_others_also_at_zeros() =>
        PropertyCheck.ForAll(
            Gen.Choose(1, 6).SelectMany(n => Gen.ArrayOf(Gen.Elements(-2.0, -1.5, 0.0, 0.5, 1.0, 3.0), n)),
            v =>
            {
                var expected = v.Select((_, i) => v.Where((_, j) => j != i).Aggregate(1.0, (p, q) => p * q)).ToArray();
                var g = Jax.Grad((NDArray u) => Np.Prod(u))(Np.Array(v));
                Ref.AllClose(new[] { v.Length }, expected, g, 0, 0, "d prod");
            }, maxTest: 100);

    [Fact]
    public void Matmul_gradients_are_the_transposed_products() =>
        PropertyCheck.ForAll(
            Gen.Choose(1, 4).SelectMany(m => Gen.Choose(1, 4).SelectMany(k => Gen.Choose(1, 4).SelectMany(n =>
                Ref.DenseOf(new[] { m, k }).SelectMany(a => Ref.DenseOf(new[] { k, n }).SelectMany(b =>
                    Ref.DenseOf(new[] { m, n }).Select(w => (a, b, w))))))),
            t =>
            {
                var (a, b, w) = t;
                // d/dA sum(W * (A B)) = W B^T ; d/dB = A^T W
                var wn = w.ToNd();
                var bn = b.ToNd();
                var an = a.ToNd();
                var ga = Jax.Grad((NDArray u) => Np.Sum(Np.Matmul(u, bn) * wn))(an);
                var gb = Jax.Grad((NDArray u) => Np.Sum(Np.Dot(an, u) * wn))(bn);
                ProductClose(MatmulRef, w, Ref.Transpose(b, new[] { 1, 0 }), w.Shape[1], ga, "dA");
                ProductClose(MatmulRef, Ref.Transpose(a, new[] { 1, 0 }), w, w.Shape[0], gb, "dB");
            });

    [Fact]
    public void Cumsum_gradient_is_a_reversed_cumsum() =>
        PropertyCheck.ForAll(
            Gen.Choose(1, 6).SelectMany(n => Gen.Two(Ref.DenseOf(new[] { n })).Select(p => (p.Item1, p.Item2))),
            t =>
            {
                var (x, w) = t;
                int n = x.Data.Length;
                var expected = Enumerable.Range(0, n).Select(i => w.Data.Skip(i).Sum()).ToArray();
                var absSums = Enumerable.Range(0, n).Select(i => w.Data.Skip(i).Sum(Math.Abs)).ToArray();
                var wn = w.ToNd();
                var g = Jax.Grad((NDArray u) => Np.Sum(Np.Cumsum(u, 0) * wn))(x.ToNd());
                Ref.SumsClose(new Dense(new[] { n }, expected), new Dense(new[] { n }, absSums), n, g, "d cumsum");
            });

    [Fact]
    public void Maximum_and_Minimum_split_the_gradient_at_ties_like_jax()
    {
        Assert.Equal(0.5, (double)Jax.Grad((NDArray u) => Np.Maximum(u, 1.0))(Np.Scalar(1.0)));
        Assert.Equal(0.5, (double)Jax.Grad((NDArray u) => Np.Minimum(u, 1.0))(Np.Scalar(1.0)));
        Assert.Equal(1.0, (double)Jax.Grad((NDArray u) => Np.Maximum(u, 1.0))(Np.Scalar(2.0)));
        Assert.Equal(0.0, (double)Jax.Grad((NDArray u) => Np.Maximum(u, 1.0))(Np.Scalar(0.0)));
    }

    [Fact]
    public void Where_gradient_flows_only_to_the_selected_branch()
    {
        var x = Np.Array(-1.0, 2.0, -3.0, 4.0);
        var g = Jax.Grad((NDArray u) => Np.Sum(Np.Where(u > 0.0, u * u, u * 3.0)))(x);
        Assert.Equal(new[] { 3.0, 4.0, 3.0, 8.0 }, g.ToArray<double>());
    }

    [Fact]
    public void Reductions_propagate_nan_like_numpy()
    {
        var x = Np.Array(1.0, double.NaN, 3.0);
        Assert.True(double.IsNaN((double)Np.Max(x)));
        Assert.True(double.IsNaN((double)Np.Min(x)));
        Assert.True(double.IsNaN((double)Np.Sum(x)));
        Assert.True(double.IsNaN(Np.Sign(x).ToArray<double>()[1]));
        Assert.Equal(new[] { 1.0, 0.0 }, Np.Sign(Np.Array(1e-300, 0.0)).ToArray<double>());
    }

    [Fact]
    public void ArgMax_treats_nan_as_the_maximum_like_numpy() =>
        Assert.Equal(1, (int)Np.ArgMax(Np.Array(1.0, double.NaN, 3.0, double.NaN), 0));

    // ------------------------------------------------------------------ shape functions

    [Fact]
    public void Squeeze_removes_size_one_axes() =>
        PropertyCheck.ForAll(
            Ref.Shapes(0, 4, 1, 3).SelectMany(s => Ref.DenseOf(s)),
            x =>
            {
                var a = x.ToNd();
                Ref.AllClose(new Dense(x.Shape.Where(d => d != 1).ToArray(), x.Data), Np.Squeeze(a), 0, 0, "Squeeze()");
                for (int axis = -x.Rank; axis < x.Rank; axis++)
                {
                    int ax = axis < 0 ? axis + x.Rank : axis;
                    if (x.Shape[ax] != 1) continue;
                    Ref.AllClose(new Dense(x.Shape.Where((_, i) => i != ax).ToArray(), x.Data), Np.Squeeze(a, axis), 0, 0, $"Squeeze({axis})");
                }
            });

    [Fact]
    public void ExpandDims_inserts_a_size_one_axis() =>
        PropertyCheck.ForAll(
            Ref.Denses(0, 3).SelectMany(x => Gen.Choose(-(x.Rank + 1), x.Rank).Select(axis => (x, axis))),
            t =>
            {
                var (x, axis) = t;
                int a = axis < 0 ? axis + x.Rank + 1 : axis;
                var shape = x.Shape.Take(a).Concat(new[] { 1 }).Concat(x.Shape.Skip(a)).ToArray();
                Ref.AllClose(new Dense(shape, x.Data), Np.ExpandDims(x.ToNd(), axis), 0);
            });

    [Fact]
    public void BroadcastTo_repeats_along_new_and_size_one_axes() =>
        PropertyCheck.ForAll(
            Ref.Shapes(0, 3, 1, 3).SelectMany(target =>
                Gen.Choose(0, target.Length).SelectMany(drop => Gen.ArrayOf(Gen.Elements(false, true), target.Length - drop).SelectMany(ones =>
                {
                    var src = target.Skip(drop).Select((d, i) => ones[i] ? 1 : d).ToArray();
                    return Ref.DenseOf(src).Select(x => (x, target));
                }))),
            t =>
            {
                var (x, target) = t;
                var expected = new Dense(target, Ref.Indices(target).Select(ix => Ref.BroadcastAt(x, ix)).ToArray());
                Ref.AllClose(expected, Np.BroadcastTo(x.ToNd(), target), 0);
            });

    [Fact]
    public void Reshape_and_Transpose_functions_agree_with_the_reference()
    {
        var x = new Dense(new[] { 2, 3, 4 }, Enumerable.Range(0, 24).Select(i => i * 0.5).ToArray());
        Ref.AllClose(new Dense(new[] { 4, 6 }, x.Data), Np.Reshape(x.ToNd(), new[] { 4, -1 }), 0);
        Ref.AllClose(Ref.Transpose(x, new[] { 1, 2, 0 }), Np.Transpose(x.ToNd(), new[] { 1, 2, 0 }), 0);
        Ref.AllClose(Ref.Transpose(x, new[] { 2, 1, 0 }), Np.Transpose(x.ToNd()), 0);
    }
}
