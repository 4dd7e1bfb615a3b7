using System;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Functional.AD.Properties.Kernels;

/// <summary>The vectorized sin, cos, exp and tanh kernels stay within 2 ulp of System.Math, specials included.</summary>
public class FastMathTests
{
    private static long UlpDistance(double a, double b)
    {
        if (double.IsNaN(a) || double.IsNaN(b)) return double.IsNaN(a) && double.IsNaN(b) ? 0 : long.MaxValue;
        if (a == b) return 0;
        long ia = BitConverter.DoubleToInt64Bits(a), ib = BitConverter.DoubleToInt64Bits(b);
        if (ia < 0) ia = long.MinValue - ia;
        if (ib < 0) ib = long.MinValue - ib;
        return Math.Abs(ia - ib);
    }

    private static int UlpDistance(float a, float b)
    {
        if (float.IsNaN(a) || float.IsNaN(b)) return float.IsNaN(a) && float.IsNaN(b) ? 0 : int.MaxValue;
        if (a == b) return 0;
        int ia = BitConverter.SingleToInt32Bits(a), ib = BitConverter.SingleToInt32Bits(b);
        if (ia < 0) ia = int.MinValue - ia;
        if (ib < 0) ib = int.MinValue - ib;
        return Math.Abs(ia - ib);
    }

    /// <summary>Doubles of every magnitude from subnormal to 2^46 (log-uniform), dense moderate values, and special values.</summary>
    private static readonly Gen<double> Inputs = Gen.Frequency(
        (6, Gen.Choose(-1074, 45).SelectMany(e => Gen.Choose(1 << 20, (1 << 21) - 1).SelectMany(m => Gen.Elements(-1.0, 1.0).Select(s => s * Math.ScaleB(m / (double)(1 << 20), e))))),
        (3, Gen.Choose(-2_000_000, 2_000_000).Select(i => i / 100.0)),
        (1, Gen.Elements(0.0, -0.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, 1e300, -1e300, Math.PI / 2, Math.PI, 1e9)));

    [Theory]
    [InlineData("sin")]
    [InlineData("cos")]
    [InlineData("exp")]
    [InlineData("tanh")]
    public void Double_kernels_are_within_two_ulp_of_Math(string name)
    {
        Action<ReadOnlySpan<double>, Span<double>> kernel = name switch { "sin" => FastMath.Sin, "cos" => FastMath.Cos, "tanh" => FastMath.Tanh, _ => FastMath.Exp };
        Func<double, double> reference = name switch { "sin" => Math.Sin, "cos" => Math.Cos, "tanh" => Math.Tanh, _ => Math.Exp };
        PropertyCheck.ForAll(Gen.ArrayOf(Inputs, 37), xs =>
        {
            if (name == "exp") xs = xs.Select(x => double.IsFinite(x) ? Math.Clamp(x, -745, 709) : x).ToArray();
            var ys = new double[xs.Length];
            kernel(xs, ys);
            for (int i = 0; i < xs.Length; i++)
                Assert.True(UlpDistance(ys[i], reference(xs[i])) <= 2, $"{name}({xs[i]:R}) = {ys[i]:R}, Math gives {reference(xs[i]):R}");
        }, maxTest: 300);
    }

    [Theory]
    [InlineData("sin")]
    [InlineData("cos")]
    [InlineData("exp")]
    [InlineData("tanh")]
    public void Float_kernels_are_within_two_ulp_of_the_rounded_double_result(string name)
    {
        Action<ReadOnlySpan<float>, Span<float>> kernel = name switch { "sin" => FastMath.Sin, "cos" => FastMath.Cos, "tanh" => FastMath.Tanh, _ => FastMath.Exp };
        Func<double, double> reference = name switch { "sin" => Math.Sin, "cos" => Math.Cos, "tanh" => Math.Tanh, _ => Math.Exp };
        PropertyCheck.ForAll(Gen.ArrayOf(Inputs, 41), xd =>
        {
            var xs = xd.Select(x => (float)x).ToArray();
            var ys = new float[xs.Length];
            kernel(xs, ys);
            for (int i = 0; i < xs.Length; i++)
            {
                float expected = (float)reference(xs[i]);
                Assert.True(UlpDistance(ys[i], expected) <= 2, $"{name}({xs[i]:R}f) = {ys[i]:R}, expected {expected:R}");
            }
        }, maxTest: 300);
    }

    [Fact]
    public void Kernels_work_in_place_and_keep_the_sign_of_zero()
    {
        var x = new[] { 0.5, -0.0, 0.0, 3.0, 7.0, -2.0, 1e-310, 11.0, 0.25 };
        var expected = x.Select(Math.Sin).ToArray();
        FastMath.Sin(x, x);
        for (int i = 0; i < x.Length; i++) Assert.True(UlpDistance(x[i], expected[i]) <= 1, $"{i}");
        Assert.True(double.IsNegative(x[1]));
    }

    /// <summary>
    /// A sweep over one float bit pattern in 251 (about 17 million values of every sign and magnitude, specials,
    /// subnormals and both overflow edges included): the float exp and tanh kernels stay within 1 ulp of the
    /// correctly rounded double result (their documented bound), with vector and tail paths both exercised.
    /// </summary>
    [Theory]
    [InlineData("exp")]
    [InlineData("tanh")]
    public void Float_exp_and_tanh_are_within_one_ulp_over_a_sweep_of_all_floats(string name)
    {
        Action<ReadOnlySpan<float>, Span<float>> kernel = name == "exp" ? FastMath.Exp : FastMath.Tanh;
        Func<double, double> reference = name == "exp" ? Math.Exp : Math.Tanh;
        const int Step = 251;
        const int Chunk = 4099; // odd length: every chunk ends with a partial vector
        var xs = new float[Chunk];
        var ys = new float[Chunk];
        int worst = 0;
        float worstX = 0;
        long pattern = 0;
        while (pattern <= uint.MaxValue)
        {
            int count = 0;
            for (; count < Chunk && pattern <= uint.MaxValue; count++, pattern += Step)
                xs[count] = BitConverter.Int32BitsToSingle(unchecked((int)(uint)pattern));
            kernel(xs.AsSpan(0, count), ys);
            for (int i = 0; i < count; i++)
            {
                int d = UlpDistance(ys[i], (float)reference(xs[i]));
                if (d > worst) { worst = d; worstX = xs[i]; }
            }
        }
        Assert.True(worst <= 1, $"{name}({worstX:R}f) is {worst} ulp from the rounded double result");
        float[] specials = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, -0f, 88.7228394f, 88.7228470f, -103.972084f, -87.3365479f, 9.1f, -9.1f, 0.625f, -0.625f];
        var outs = new float[specials.Length];
        kernel(specials, outs);
        for (int i = 0; i < specials.Length; i++)
        {
            float expected = (float)reference(specials[i]);
            Assert.True(UlpDistance(outs[i], expected) <= 1 && float.IsNegative(outs[i]) == float.IsNegative(expected) || float.IsNaN(expected), $"{name}({specials[i]:R}f) = {outs[i]:R}, expected {expected:R}");
        }
    }
}
