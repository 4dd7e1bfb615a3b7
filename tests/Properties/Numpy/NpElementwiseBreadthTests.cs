using System;
using System.Linq;
using FsCheck.Fluent;
using Xunit;

namespace Functional.AD.Properties.Numpy;

/// <summary>
/// The binary, logical and floating-point elementwise functions of jax.numpy (issue 15, point 1) against references
/// written from their definitions in C#, on random operands of both float dtypes and on the edge cases numpy defines.
/// </summary>
public class NpElementwiseBreadthTests
{
    private static readonly FsCheck.Gen<double[]> Pairs =
        FsCheck.Fluent.Gen.Choose(1, 40).SelectMany(n => FsCheck.Fluent.Gen.ArrayOf(
            FsCheck.Fluent.Gen.Choose(-200000, 200000).Select(i => i / 1000.0), 2 * n));

    private static (double[] A, double[] B) Split(double[] xs) => (xs[..(xs.Length / 2)], xs[(xs.Length / 2)..]);

    private static void Close(double expected, double actual, double rel, string what)
    {
        if (double.IsNaN(expected) && double.IsNaN(actual)) return;
        if (expected == actual) return;
        Assert.True(Math.Abs(expected - actual) <= rel * Math.Max(1, Math.Abs(expected)), $"{what}: expected {expected:R}, got {actual:R}");
    }

    /// <summary>Python's float %: the remainder with the divisor's sign, from fmod.</summary>
    private static double PyMod(double a, double b)
    {
        double m = a % b;
        return m != 0 && (m < 0) != (b < 0) ? m + b : m;
    }

    [Fact]
    public void Fmod_remainder_and_floor_divide_match_their_definitions_on_floats() =>
        PropertyCheck.ForAll(Pairs, xs =>
        {
            var (a, b) = Split(xs);
            for (int i = 0; i < b.Length; i++) if (b[i] == 0) b[i] = 0.5;
            var (na, nb) = (Np.Array(a), Np.Array(b));
            var fmod = Np.Fmod(na, nb).ToArray<double>();
            var rem = Np.Remainder(na, nb).ToArray<double>();
            var mod = Np.Mod(na, nb).ToArray<double>();
            var div = Np.FloorDivide(na, nb).ToArray<double>();
            for (int i = 0; i < a.Length; i++)
            {
                Assert.Equal(a[i] % b[i], fmod[i]);
                Assert.Equal(PyMod(a[i], b[i]), rem[i]);
                Assert.Equal(rem[i], mod[i]);
                double q = a[i] / b[i];
                if (Math.Abs(q - Math.Round(q)) > 1e-9) Assert.Equal(Math.Floor(q), div[i]);
                // the division identity numpy keeps: floor_divide · b + remainder = a
                Close(a[i], div[i] * b[i] + rem[i], 1e-12, $"identity at ({a[i]}, {b[i]})");
            }
        }, maxTest: 100);

    [Fact]
    public void Integer_fmod_remainder_and_floor_divide_are_exact_and_total()
    {
        var rng = new System.Random(3);
        var a = Enumerable.Range(0, 400).Select(_ => rng.Next(-50, 51)).Append(int.MinValue).Append(7).ToArray();
        var b = Enumerable.Range(0, 400).Select(_ => rng.Next(-9, 10)).Append(-1).Append(0).ToArray();
        var (na, nb) = (Np.Array(a), Np.Array(b));
        var fmod = Np.Fmod(na, nb);
        var rem = Np.Remainder(na, nb);
        var div = Np.FloorDivide(na, nb);
        Assert.Equal(DType.Int32, fmod.DType);
        Assert.Equal(DType.Int32, rem.DType);
        Assert.Equal(DType.Int32, div.DType);
        var (f, r, d) = (fmod.ToArray<int>(), rem.ToArray<int>(), div.ToArray<int>());
        for (int i = 0; i < a.Length; i++)
        {
            if (b[i] == 0)
            {
                Assert.Equal(a[i], f[i]);   // XLA's rule: x rem 0 = x
                continue;
            }
            long la = a[i], lb = b[i];
            long floor = (long)Math.Floor((double)la / lb);
            Assert.Equal((int)(la % lb), f[i]);
            Assert.Equal((int)(la - floor * lb), r[i]);
            Assert.Equal(unchecked((int)floor), d[i]);
        }
    }

    [Fact]
    public void Arctan2_hypot_and_angle_conversions_match_the_math_library() =>
        PropertyCheck.ForAll(Pairs, xs =>
        {
            var (a, b) = Split(xs);
            var atan2 = Np.Arctan2(Np.Array(a), Np.Array(b)).ToArray<double>();
            var hypot = Np.Hypot(Np.Array(a), Np.Array(b)).ToArray<double>();
            var atan2f = Np.Arctan2(Np.Array(a).AsType(DType.Float32), Np.Array(b).AsType(DType.Float32)).ToArray<float>();
            var rad = Np.Deg2Rad(Np.Array(a)).ToArray<double>();
            var deg = Np.Rad2Deg(Np.Array(a)).ToArray<double>();
            for (int i = 0; i < a.Length; i++)
            {
                Close(Math.Atan2(a[i], b[i]), atan2[i], 1e-15, $"arctan2({a[i]}, {b[i]})");
                Close(MathF.Atan2((float)a[i], (float)b[i]), atan2f[i], 3e-7, $"f32 arctan2({a[i]}, {b[i]})");
                Close(Math.Sqrt(a[i] * a[i] + b[i] * b[i]), hypot[i], 1e-15, $"hypot({a[i]}, {b[i]})");
                Close(a[i] * Math.PI / 180, rad[i], 1e-15, "deg2rad");
                Close(a[i] * 180 / Math.PI, deg[i], 1e-15, "rad2deg");
            }
        }, maxTest: 100);

    [Fact]
    public void Arctan2_and_hypot_edge_cases_follow_numpy()
    {
        // numpy's quadrant conventions at signed zeros and infinities
        var y = Np.Array(0.0, -0.0, 0.0, -0.0, 1.0, double.PositiveInfinity);
        var x = Np.Array(0.0, 0.0, -0.0, -0.0, double.NegativeInfinity, double.PositiveInfinity);
        var got = Np.Arctan2(y, x).ToArray<double>();
        var expected = new[] { 0.0, -0.0, Math.PI, -Math.PI, Math.PI, Math.PI / 4 };
        for (int i = 0; i < got.Length; i++) Assert.Equal(expected[i], got[i]);
        Assert.True(double.IsNegative(got[1]));
        // hypot does not overflow in between, and an infinity wins over NaN
        Assert.Equal(Math.Sqrt(2) * 1e300, (double)Np.Hypot(Np.Scalar(1e300), Np.Scalar(1e300)), 1e285);
        Assert.Equal(double.PositiveInfinity, (double)Np.Hypot(Np.Scalar(double.NegativeInfinity), Np.Scalar(double.NaN)));
        Assert.Equal(0.0, (double)Np.Hypot(Np.Scalar(0.0), Np.Scalar(0.0)));
        // the derivative of arctan2 at a point off the origin: (x dy - y dx) / (x² + y²) for arctan2(y, x)
        var g = Jax.Grad((NDArray v) => Np.Arctan2(v[0], v[1]))(Np.Array(0.6, -0.8)).ToArray<double>();
        Close(-0.8, g[0], 1e-15, "d/dy arctan2");
        Close(-0.6, g[1], 1e-15, "d/dx arctan2");
    }

    [Fact]
    public void Sinc_is_finite_at_zero_in_value_and_first_derivatives()
    {
        var x = Np.Array(-2.5, -1.0, -1e-4, 0.0, 1e-7, 0.3, 4.25);
        var got = Np.Sinc(x).ToArray<double>();
        var xs = x.ToArray<double>();
        for (int i = 0; i < xs.Length; i++)
            Close(xs[i] == 0 ? 1 : Math.Sin(Math.PI * xs[i]) / (Math.PI * xs[i]), got[i], 1e-15, $"sinc({xs[i]})");
        Func<NDArray, NDArray> sinc = Np.Sinc;
        Assert.Equal(0.0, (double)Jax.Grad(sinc)(Np.Scalar(0.0)));
        Close(-Math.PI * Math.PI / 3, (double)Jax.Grad(Jax.Grad(sinc))(Np.Scalar(0.0)), 1e-12, "sinc''(0)");
        // away from 0: d/dx sin(πx)/(πx) = (πx cos(πx) - sin(πx)) / (πx²)
        double p = 0.3;
        Close((Math.PI * p * Math.Cos(Math.PI * p) - Math.Sin(Math.PI * p)) / (Math.PI * p * p), (double)Jax.Grad(sinc)(Np.Scalar(p)), 1e-13, "sinc'(0.3)");
        Assert.Equal(1f, Np.Sinc(Np.Array(0f)).ToArray<float>()[0]);
    }

    [Fact]
    public void Logaddexp_is_exact_where_the_naive_form_is_and_finite_where_it_overflows() =>
        PropertyCheck.ForAll(Pairs, xs =>
        {
            var (a, b) = Split(xs);
            var (sa, sb) = (a.Select(v => v / 10).ToArray(), b.Select(v => v / 10).ToArray());
            var got = Np.LogAddExp(Np.Array(sa), Np.Array(sb)).ToArray<double>();
            var got2 = Np.LogAddExp2(Np.Array(sa), Np.Array(sb)).ToArray<double>();
            for (int i = 0; i < sa.Length; i++)
            {
                Close(Math.Log(Math.Exp(sa[i]) + Math.Exp(sb[i])), got[i], 1e-14, $"logaddexp({sa[i]}, {sb[i]})");
                Close(Math.Log2(Math.Pow(2, sa[i]) + Math.Pow(2, sb[i])), got2[i], 1e-14, $"logaddexp2({sa[i]}, {sb[i]})");
            }
        }, maxTest: 100);

    [Fact]
    public void Logaddexp_edge_cases_and_gradient_at_ties()
    {
        Close(1000 + Math.Log(2), (double)Np.LogAddExp(Np.Scalar(1000.0), Np.Scalar(1000.0)), 1e-15, "logaddexp(1000, 1000)");
        Assert.Equal(double.NegativeInfinity, (double)Np.LogAddExp(Np.Scalar(double.NegativeInfinity), Np.Scalar(double.NegativeInfinity)));
        Assert.Equal(double.PositiveInfinity, (double)Np.LogAddExp(Np.Scalar(double.PositiveInfinity), Np.Scalar(double.PositiveInfinity)));
        Assert.Equal(3.0, (double)Np.LogAddExp(Np.Scalar(double.NegativeInfinity), Np.Scalar(3.0)));
        Assert.True(double.IsNaN((double)Np.LogAddExp(Np.Scalar(double.NaN), Np.Scalar(3.0))));
        // the gradient is the softmax of the operands: 1/2 each at ties
        var g = Jax.Grad((NDArray v) => Np.LogAddExp(v[0], v[1]))(Np.Array(2.0, 2.0)).ToArray<double>();
        Assert.Equal(new[] { 0.5, 0.5 }, g);
        var g2 = Jax.Grad((NDArray v) => Np.LogAddExp(v[0], v[1]))(Np.Array(1.0, 3.0)).ToArray<double>();
        Close(1 / (1 + Math.Exp(2)), g2[0], 1e-15, "softmax 0");
        Close(1 / (1 + Math.Exp(-2)), g2[1], 1e-15, "softmax 1");
    }

    [Fact]
    public void Logical_and_bitwise_functions_match_the_CSharp_operators()
    {
        var rng = new System.Random(5);
        var a = Enumerable.Range(0, 300).Select(_ => rng.Next(-1000, 1000)).Append(int.MinValue).Append(int.MaxValue).Append(0).ToArray();
        var b = Enumerable.Range(0, 303).Select(_ => rng.Next(-3, 4)).ToArray();
        var (na, nb) = (Np.Array(a), Np.Array(b));
        Assert.Equal(a.Zip(b, (x, y) => x & y), Np.BitwiseAnd(na, nb).ToArray<int>());
        Assert.Equal(a.Zip(b, (x, y) => x | y), Np.BitwiseOr(na, nb).ToArray<int>());
        Assert.Equal(a.Zip(b, (x, y) => x ^ y), Np.BitwiseXor(na, nb).ToArray<int>());
        Assert.Equal(a.Select(x => ~x), Np.BitwiseNot(na).ToArray<int>());
        Assert.Equal(a.Select(x => ~x), Np.Invert(na).ToArray<int>());
        Assert.Equal(a.Zip(b, (x, y) => x != 0 && y != 0), Np.LogicalAnd(na, nb).ToArray<bool>());
        Assert.Equal(a.Zip(b, (x, y) => x != 0 || y != 0), Np.LogicalOr(na, nb).ToArray<bool>());
        Assert.Equal(a.Zip(b, (x, y) => (x != 0) ^ (y != 0)), Np.LogicalXor(na, nb).ToArray<bool>());
        Assert.Equal(a.Select(x => x == 0), Np.LogicalNot(na).ToArray<bool>());
        // floats by their truth value, bools bitwise = logical, broadcasting with a scalar
        var f = Np.Array(0.0, -0.0, 2.5, double.NaN);
        Assert.Equal(new[] { false, false, true, true }, Np.LogicalOr(f, Np.Scalar(false)).ToArray<bool>());
        Assert.Equal(new[] { true, false }, Np.BitwiseXor(Np.Array(true, false), Np.Scalar(false)).ToArray<bool>());
        Assert.Equal(new[] { false, true }, Np.BitwiseNot(Np.Array(true, false)).ToArray<bool>());
        // floats are refused by the bitwise functions, naming the operation and the typed shapes
        var error = Assert.Throws<ArgumentException>(() => Np.BitwiseAnd(Np.Array(1.0, 2.0), Np.Array(1, 2)));
        Assert.Contains("Np.BitwiseAnd", error.Message);
        Assert.Contains("f64[2]", error.Message);
        // the Lax forms: same dtype and shape (or 0-d) required, no promotion
        Assert.Equal(a.Zip(b, (x, y) => x & y), Lax.BitwiseAnd(na, nb).ToArray<int>());
        Assert.Equal(a.Zip(b, (x, y) => x | y), Lax.BitwiseOr(na, nb).ToArray<int>());
        Assert.Equal(a.Zip(b, (x, y) => x ^ y), Lax.BitwiseXor(na, nb).ToArray<int>());
        Assert.Equal(a.Select(x => ~x), Lax.BitwiseNot(na).ToArray<int>());
        Assert.Equal(a.Zip(b, (x, y) => y == 0 ? x : y == -1 ? 0 : x % y), Lax.Rem(na, nb).ToArray<int>());
        var laxError = Assert.Throws<ArgumentException>(() => Lax.Rem(Np.Array(1.0, 2.0), Np.Array(1f, 2f)));
        Assert.Contains("Lax.Rem", laxError.Message);
        Assert.Contains("f32[2]", laxError.Message);
        Assert.Equal(Math.Atan2(-1.0, -2.0), (double)Lax.Atan2(Np.Scalar(-1.0), Np.Scalar(-2.0)));
        // under Jit and Vmap too
        var jitted = Jax.Jit((NDArray x, NDArray y) => Np.BitwiseXor(x, y));
        Assert.Equal(a.Zip(b, (x, y) => x ^ y), jitted(na, nb).ToArray<int>());
    }

    [Fact]
    public void Floating_point_classification_and_replacement_follow_numpy()
    {
        var x = Np.Array(1.5, double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0, -2.0);
        Assert.Equal(new[] { false, true, false, false, false, false }, Np.IsNan(x).ToArray<bool>());
        Assert.Equal(new[] { false, false, true, true, false, false }, Np.IsInf(x).ToArray<bool>());
        Assert.Equal(new[] { false, false, true, false, false, false }, Np.IsPosInf(x).ToArray<bool>());
        Assert.Equal(new[] { false, false, false, true, false, false }, Np.IsNegInf(x).ToArray<bool>());
        Assert.Equal(new[] { false, false, false, true, true, true }, Np.SignBit(x).ToArray<bool>());
        Assert.Equal(new[] { 1.5, 0.0, double.MaxValue, -double.MaxValue, -0.0, -2.0 }, Np.NanToNum(x).ToArray<double>());
        Assert.Equal(new[] { 1.5, 7.0, 8.0, -9.0, -0.0, -2.0 }, Np.NanToNum(x, nan: 7, posinf: 8, neginf: -9).ToArray<double>());
        Assert.Equal(new[] { 1.5f, 0f, float.MaxValue, -float.MaxValue }, Np.NanToNum(x.AsType(DType.Float32)).ToArray<float>()[..4]);
        Assert.Equal(new[] { false, false }, Np.IsNan(Np.Array(1, 2)).ToArray<bool>());
        Assert.Equal(new[] { false, false }, Np.IsInf(Np.Array(1, 2)).ToArray<bool>());
        // copysign takes -0's sign; heaviside picks x2 at 0
        Assert.Equal(new[] { -1.5, 2.0, -3.0 }, Np.CopySign(Np.Array(1.5, -2.0, 3.0), Np.Array(-0.0, 0.0, -1.0)).ToArray<double>());
        Assert.Equal(new[] { 0.0, 0.25, 1.0 }, Np.Heaviside(Np.Array(-3.0, 0.0, 2.0), Np.Scalar(0.25)).ToArray<double>());
        Assert.True(double.IsNaN(Np.Heaviside(Np.Array(double.NaN), Np.Scalar(0.5)).ToArray<double>()[0]));
        // the input is not modified, and NanToNum's derivative passes where x is finite
        Assert.True(double.IsNaN(x.ToArray<double>()[1]));
        var g = Jax.Grad((NDArray v) => Np.Sum(Np.NanToNum(v * 2.0)))(Np.Array(1.0, double.PositiveInfinity)).ToArray<double>();
        Assert.Equal(2.0, g[0]);
    }
}
