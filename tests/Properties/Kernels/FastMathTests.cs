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
    /// subnormals and both overflow edges included): the float exp, tanh, sin and cos kernels stay within 1 ulp of
    /// the correctly rounded double result (their documented bound), with vector and tail paths both exercised
    /// (and, for sin and cos, the float-lane path below |x| ≈ 6437 and the double-widened one above it). The
    /// specials keep their sign.
    /// </summary>
    [Theory]
    [InlineData("exp")]
    [InlineData("tanh")]
    [InlineData("sin")]
    [InlineData("cos")]
    public void Float_kernels_are_within_one_ulp_over_a_sweep_of_all_floats(string name)
    {
        Action<ReadOnlySpan<float>, Span<float>> kernel = name switch { "exp" => FastMath.Exp, "tanh" => FastMath.Tanh, "sin" => FastMath.Sin, _ => FastMath.Cos };
        Func<double, double> reference = name switch { "exp" => Math.Exp, "tanh" => Math.Tanh, "sin" => Math.Sin, _ => Math.Cos };
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

    /// <summary>
    /// Arguments at which the float-lane reduction is 2 ulp off the rounded double result when the rounding error
    /// of its second step is not carried into the sine (found by checking every float with |x| ≤ 8704 against
    /// that variant; the sine's list, then the cosine's).
    /// </summary>
    private static readonly float[] HardSinCosReductions =
    [
        307.62354f, 307.62424f, 307.6259f, 354.74927f, 354.7493f, 354.74933f, 354.74936f, 449.49875f, 522.00476f,
        616.258f, 710.5092f, 757.63464f, 757.6399f, 803.7308f, 803.7468f, 850.8592f, 945.1041f, 1017.62555f,
        1158.9963f, 1206.119f, 1300.8711f, 1963.2432f, 2010.872f, 2413.252f, 2506.472f, 2720.369f, 3739.006f,
        3786.139f, 3833.266f, 3974.6204f, 4375.988f, 4375.9883f, 5111.883f, 5180.2344f, 5300.3843f, 5300.387f,
        5394.633f, 5488.884f, 5630.2456f, 5984.4824f,
        74.34083f, 142.69057f, 215.7083f, 224.74889f, 331.1856f, 331.18613f, 378.30978f, 378.31113f, 425.9361f,
        425.93756f, 425.9377f, 425.93826f, 473.06003f, 473.0612f, 520.1845f, 567.3079f, 639.823f, 781.1926f,
        827.29834f, 874.424f, 1135.4332f, 1182.5588f, 1230.1841f, 1986.8059f, 2059.8362f, 2743.93f, 2791.055f,
        2838.6797f, 3595.3015f, 3715.4453f, 3998.1968f, 5465.3125f, 5606.676f, 5913.796f,
    ];

    /// <summary>
    /// The hardest reductions of the float sine and cosine: the floats nearest to every multiple of π/2 up to
    /// 4200·π/2 (past the end of the float-lane common path) and their neighbours, where x − n·π/2 is smallest
    /// (down to 2⁻²⁷·⁸ at x = 252.898209), and <see cref="HardSinCosReductions"/>, each of either sign within 1 ulp
    /// of the rounded double result.
    /// </summary>
    [Theory]
    [InlineData("sin")]
    [InlineData("cos")]
    public void Float_sin_and_cos_are_within_one_ulp_near_multiples_of_half_pi(string name)
    {
        Action<ReadOnlySpan<float>, Span<float>> kernel = name == "sin" ? FastMath.Sin : FastMath.Cos;
        Func<double, double> reference = name == "sin" ? Math.Sin : Math.Cos;
        var xs = new System.Collections.Generic.List<float>();
        for (int n = 1; n <= 4200; n++)
        {
            int bits = BitConverter.SingleToInt32Bits((float)(n * (Math.PI / 2)));
            for (int k = -3; k <= 3; k++)
            {
                xs.Add(BitConverter.Int32BitsToSingle(bits + k));
                xs.Add(-BitConverter.Int32BitsToSingle(bits + k));
            }
        }
        foreach (float x in HardSinCosReductions)
        {
            xs.Add(x);
            xs.Add(-x);
        }
        var ys = new float[xs.Count];
        kernel(xs.ToArray(), ys);
        for (int i = 0; i < ys.Length; i++)
        {
            float expected = (float)reference(xs[i]);
            Assert.True(UlpDistance(ys[i], expected) <= 1, $"{name}({xs[i]:R}f) = {ys[i]:R}, expected {expected:R}");
        }
    }

    /// <summary>
    /// Special values and vectors that mix the float-lane and the general paths: sin(±0) = ±0, cos(±0) = 1, ±∞ and
    /// NaN give NaN, subnormals give themselves for sine, and values around the end of the common path, 2²⁴ and
    /// beyond stay within 1 ulp whatever their neighbours in the vector.
    /// </summary>
    [Fact]
    public void Float_sin_and_cos_handle_specials_and_mixed_vectors()
    {
        float[] xs =
        [
            -0f, 0f, float.Epsilon, -float.Epsilon, 1e-40f, -1e-30f, float.PositiveInfinity, float.NegativeInfinity, float.NaN,
            0.5f, -3f, 252.898209f, 4.71238899f, 6434f, -6436f, 6437f, 6438f, 1e4f, -16777216f, 16777218f, 1e30f, float.MaxValue,
            1.57079637f, 3.14159274f, -2238.38477f, 4476.76953f, 2f, 0.785398185f, -0.785398185f, 1e-3f, 7.0871935f,
        ];
        foreach (var name in new[] { "sin", "cos" })
        {
            Action<ReadOnlySpan<float>, Span<float>> kernel = name == "sin" ? FastMath.Sin : FastMath.Cos;
            Func<double, double> reference = name == "sin" ? Math.Sin : Math.Cos;
            // Every rotation of the list puts each value in a different vector, next to other neighbours.
            for (int shift = 0; shift < 9; shift++)
            {
                float[] rotated = xs.Skip(shift).Concat(xs.Take(shift)).ToArray();
                var ys = new float[rotated.Length];
                kernel(rotated, ys);
                for (int i = 0; i < ys.Length; i++)
                {
                    float x = rotated[i], expected = (float)reference(x);
                    if (float.IsNaN(expected)) Assert.True(float.IsNaN(ys[i]), $"{name}({x:R}f) = {ys[i]:R}, expected NaN");
                    else Assert.True(UlpDistance(ys[i], expected) <= 1, $"{name}({x:R}f) = {ys[i]:R}, expected {expected:R}");
                    if (x == 0) Assert.True(name == "sin" ? ys[i] == 0 && float.IsNegative(ys[i]) == float.IsNegative(x) : ys[i] == 1f, $"{name}({x:R}f) = {ys[i]:R}");
                    if (name == "sin" && float.IsSubnormal(x)) Assert.Equal(x, ys[i]);
                }
            }
        }
    }

    [Fact]
    public void Float_sincos_gives_the_bits_of_sin_and_cos_in_place_and_apart()
    {
        // Arguments from every range (the common path, the double-widened path past |x| ≈ 6437, NaN and infinities),
        // mixed in vectors, at lengths with and without a partial last vector.
        var cases =
            from n in Gen.Choose(0, 100)
            from seed in Gen.Choose(0, int.MaxValue - 1)
            select (n, seed);
        PropertyCheck.ForAll(cases, t =>
        {
            var rng = new System.Random(t.seed);
            var xs = new float[t.n];
            for (int i = 0; i < xs.Length; i++)
            {
                int kind = rng.Next(10);
                xs[i] = kind < 6 ? (float)((rng.NextDouble() - 0.5) * 20)
                    : kind < 8 ? (float)((rng.NextDouble() - 0.5) * 2e4)
                    : kind < 9 ? (float)Math.ScaleB(rng.NextDouble() - 0.5, rng.Next(-140, 128))
                    : new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0f, 0f }[rng.Next(5)];
            }
            var sin = new float[t.n];
            var cos = new float[t.n];
            FastMath.Sin(xs, sin);
            FastMath.Cos(xs, cos);
            var s2 = new float[t.n];
            var c2 = new float[t.n];
            FastMath.SinCos(xs, s2, c2);
            Assert.Equal(sin.Select(BitConverter.SingleToInt32Bits), s2.Select(BitConverter.SingleToInt32Bits));
            Assert.Equal(cos.Select(BitConverter.SingleToInt32Bits), c2.Select(BitConverter.SingleToInt32Bits));
            var inPlace = (float[])xs.Clone();
            var c3 = new float[t.n];
            FastMath.SinCos(inPlace, inPlace, c3);   // the sine over its own argument
            Assert.Equal(sin.Select(BitConverter.SingleToInt32Bits), inPlace.Select(BitConverter.SingleToInt32Bits));
            Assert.Equal(cos.Select(BitConverter.SingleToInt32Bits), c3.Select(BitConverter.SingleToInt32Bits));
        });
        var x = new float[8];
        Assert.Throws<ArgumentException>(() => FastMath.SinCos(x, new float[8].AsSpan(), new float[8].AsSpan(0, 4)));
        var shared = new float[8];
        Assert.Throws<ArgumentException>(() => FastMath.SinCos(x, shared, shared));
    }
}
