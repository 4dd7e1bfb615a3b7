using System;
using System.Linq;
using FsCheck.Fluent;
using Xunit;
using Xunit.Abstractions;

namespace Functional.AD.Properties.Kernels;

/// <summary>
/// The single-precision erf_inv kernel (Giles' polynomial on float lanes): its accuracy against the double-precision
/// erfinv, and its bits against its own scalar form, which uses no SIMD, so every vector width (the suite's
/// AVX-512-off and AVX2-off legs) is held to the same values.
/// </summary>
public class ErfInvKernelTests(ITestOutputHelper output)
{
    /// <summary>The most ulps the f32 kernel is allowed from the exact erfinv (the double result, unrounded).</summary>
    private const double MaxUlps = 4;

    /// <summary>Distance in f32 ulps (of the exact value's binade) between a float and an exact value.</summary>
    private static double Ulps(float got, double exact)
    {
        double ulp = Math.Max(Math.ScaleB(1, Math.ILogB((float)exact) - 23), Math.ScaleB(1, -149));
        return Math.Abs(got - exact) / ulp;
    }

    /// <summary>Floats in (-1, 1): anywhere, small, and the last few million floats below 1 (erfinv's steep end).</summary>
    private static FsCheck.Gen<float> Floats() =>
        Gen.OneOf(
            Gen.Choose(-1_000_000, 1_000_000).Select(i => (float)(i / 1_000_001.0)),
            Gen.Choose(0, 1 << 22).Select(k => BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(1f) - 1 - k)),
            Gen.Choose(0, 1 << 22).Select(k => -BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(1f) - 1 - k)),
            Gen.Choose(-140, -1).Select(e => MathF.ScaleB(1.2345f, e)));

    [Fact]
    public void The_float_kernel_is_within_a_few_ulps_of_the_double_erfinv() =>
        PropertyCheck.ForAll(Gen.ArrayOf(Floats(), 64), xs =>
        {
            var ys = new float[xs.Length];
            FastMath.ErfInv(xs, ys);
            for (int i = 0; i < xs.Length; i++)
            {
                double exact = AccurateMath.ErfInv((double)xs[i]);
                Assert.True(Ulps(ys[i], exact) <= MaxUlps, $"erfinv({xs[i]:R}) = {ys[i]:R}, exact {exact:R}: {Ulps(ys[i], exact):0.00} ulps");
            }
        }, 300);

    /// <summary>A dense sweep: every 97th float in [0, 1), then the last 2^16 floats below 1, all within the bound.</summary>
    [Fact]
    public void A_sweep_of_floats_up_to_the_last_below_one_stays_within_the_bound()
    {
        int oneBits = BitConverter.SingleToInt32Bits(1f);
        var xs = Enumerable.Range(0, oneBits / 97).Select(k => BitConverter.Int32BitsToSingle(k * 97))
            .Concat(Enumerable.Range(1, 1 << 16).Select(k => BitConverter.Int32BitsToSingle(oneBits - k))).ToArray();
        var ys = new float[xs.Length];
        FastMath.ErfInv(xs, ys);
        double worst = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            double u = Ulps(ys[i], AccurateMath.ErfInv((double)xs[i]));
            Assert.True(u <= MaxUlps, $"erfinv({xs[i]:R}) = {ys[i]:R}: {u:0.00} ulps");
            worst = Math.Max(worst, u);
        }
        output.WriteLine($"worst: {worst:0.000} ulps over {xs.Length} floats");
        Assert.True(worst > 0.5, "the sweep never left the correctly rounded value: it cannot be testing the polynomial");
    }

    [Fact]
    public void The_vector_kernel_gives_the_scalar_forms_bits_at_any_offset_and_length() =>
        PropertyCheck.ForAll(
            from n in Gen.Choose(0, 100)
            from xs in Gen.ArrayOf(Gen.OneOf(Floats(), Gen.Elements(1f, -1f, 1.5f, -0f, 0f, float.NaN, float.PositiveInfinity, 0.9999f)), n)
            select xs,
            xs =>
            {
                var ys = new float[xs.Length];
                FastMath.ErfInv(xs, ys);
                for (int i = 0; i < xs.Length; i++)
                    Assert.Equal(BitConverter.SingleToInt32Bits(FastMath.ErfInvScalar(xs[i])), BitConverter.SingleToInt32Bits(ys[i]));
            }, 200);

    [Fact]
    public void The_edges_are_signed_zero_infinities_and_nan()
    {
        var xs = new[] { 0f, -0f, 1f, -1f, 1.0000001f, -2f, float.NaN, float.PositiveInfinity };
        var ys = new float[xs.Length];
        FastMath.ErfInv(xs, ys);
        Assert.Equal(BitConverter.SingleToInt32Bits(0f), BitConverter.SingleToInt32Bits(ys[0]));
        Assert.Equal(BitConverter.SingleToInt32Bits(-0f), BitConverter.SingleToInt32Bits(ys[1]));
        Assert.Equal(float.PositiveInfinity, ys[2]);
        Assert.Equal(float.NegativeInfinity, ys[3]);
        Assert.All(ys.Skip(4), y => Assert.True(float.IsNaN(y)));
        for (int i = 0; i < xs.Length; i++)
            Assert.Equal(BitConverter.SingleToInt32Bits(ys[i]), BitConverter.SingleToInt32Bits(FastMath.ErfInvScalar(xs[i])));
    }
}
