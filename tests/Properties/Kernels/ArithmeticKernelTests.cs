using System;
using FsCheck.Fluent;
using Xunit;

namespace Functional.AD.Properties.Kernels;

/// <summary>
/// ArithmeticKernels against scalar loops of the same operation, bit for bit, for every length up to a few vectors
/// (so every vector width's main loop and tail run), with NaN, infinities and signed zeros among the values, in place
/// and out of place. Reductions are checked with NumericAssert's order-free bound.
/// </summary>
public class ArithmeticKernelTests
{
    private static readonly double[] Specials = { double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, 1e-310, -3.5, 2.0 };

    private static FsCheck.Gen<double[]> Values(int maxLength) =>
        Gen.Choose(0, maxLength).SelectMany(n => Gen.ArrayOf(
            Gen.Frequency((1, Gen.Elements(Specials)), (6, Gen.Choose(-1000, 1000).Select(i => i / 7.0))), n));

    private static void CheckBinary<TOp>(Func<double, double, double> reference) where TOp : ArithmeticKernels.IBinaryOp<double>
    {
        PropertyCheck.ForAll(Values(70).SelectMany(x =>
            Gen.ArrayOf(Gen.Frequency((1, Gen.Elements(Specials)), (6, Gen.Choose(-1000, 1000).Select(i => i / 3.0))), x.Length).Select(y => (x, y))), c =>
        {
            var (x, y) = c;
            var z = new double[x.Length];
            ArithmeticKernels.Binary<TOp, double>(x, y, z);
            var right = new double[x.Length];
            double s = y.Length > 0 ? y[0] : 1.5;
            ArithmeticKernels.RightScalar<TOp, double>(x, s, right);
            var left = new double[x.Length];
            ArithmeticKernels.LeftScalar<TOp, double>(s, x, left);
            var inPlace = (double[])x.Clone();
            ArithmeticKernels.Binary<TOp, double>(inPlace, y, inPlace);
            for (int i = 0; i < x.Length; i++)
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(reference(x[i], y[i])), BitConverter.DoubleToInt64Bits(z[i]));
                Assert.Equal(BitConverter.DoubleToInt64Bits(reference(x[i], s)), BitConverter.DoubleToInt64Bits(right[i]));
                Assert.Equal(BitConverter.DoubleToInt64Bits(reference(s, x[i])), BitConverter.DoubleToInt64Bits(left[i]));
                Assert.Equal(BitConverter.DoubleToInt64Bits(z[i]), BitConverter.DoubleToInt64Bits(inPlace[i]));
            }
        });
    }

    [Fact] public void Add_matches_the_scalar_loop() => CheckBinary<ArithmeticKernels.AddOp<double>>((a, b) => a + b);
    [Fact] public void Subtract_matches_the_scalar_loop() => CheckBinary<ArithmeticKernels.SubtractOp<double>>((a, b) => a - b);
    [Fact] public void Multiply_matches_the_scalar_loop() => CheckBinary<ArithmeticKernels.MultiplyOp<double>>((a, b) => a * b);
    [Fact] public void Divide_matches_the_scalar_loop() => CheckBinary<ArithmeticKernels.DivideOp<double>>((a, b) => a / b);

    /// <summary>IEEE 754:2019 maximum: NaN wins, +0 above -0 (as JAX's max and TensorPrimitives).</summary>
    [Fact] public void Max_is_the_IEEE_maximum() => CheckBinary<ArithmeticKernels.MaxOp<double>>((a, b) =>
        double.IsNaN(a) || double.IsNaN(b) ? double.NaN : a == b ? (double.IsNegative(a) ? b : a) : a > b ? a : b);

    [Fact] public void Min_is_the_IEEE_minimum() => CheckBinary<ArithmeticKernels.MinOp<double>>((a, b) =>
        double.IsNaN(a) || double.IsNaN(b) ? double.NaN : a == b ? (double.IsNegative(a) ? a : b) : a < b ? a : b);

    [Fact]
    public void Unary_kernels_match_the_scalar_functions_in_f32_and_f64()
    {
        PropertyCheck.ForAll(Values(70), x =>
        {
            void Check<TOp>(Func<double, double> f64)
                where TOp : ArithmeticKernels.IUnaryOp<double>
            {
                var y = new double[x.Length];
                ArithmeticKernels.Unary<TOp, double>(x, y);
                for (int i = 0; i < x.Length; i++)
                    Assert.Equal(BitConverter.DoubleToInt64Bits(f64(x[i])), BitConverter.DoubleToInt64Bits(y[i]));
            }
            Check<ArithmeticKernels.NegateOp<double>>(v => -v);
            Check<ArithmeticKernels.AbsOp<double>>(Math.Abs);
            Check<ArithmeticKernels.SqrtOp<double>>(Math.Sqrt);
            Check<ArithmeticKernels.ReciprocalSqrtOp<double>>(v => 1.0 / Math.Sqrt(v));
            Check<ArithmeticKernels.FloorOp<double>>(Math.Floor);
            Check<ArithmeticKernels.OneOverOnePlusOp<double>>(v => 1.0 / (1.0 + v));

            var xf = Array.ConvertAll(x, v => (float)v);
            var yf = new float[xf.Length];
            ArithmeticKernels.Unary<ArithmeticKernels.FloorOp<float>, float>(xf, yf);
            for (int i = 0; i < xf.Length; i++) Assert.Equal(BitConverter.SingleToInt32Bits(MathF.Floor(xf[i])), BitConverter.SingleToInt32Bits(yf[i]));
            ArithmeticKernels.Unary<ArithmeticKernels.ReciprocalSqrtOp<float>, float>(xf, yf);
            for (int i = 0; i < xf.Length; i++) Assert.Equal(BitConverter.SingleToInt32Bits(1f / MathF.Sqrt(xf[i])), BitConverter.SingleToInt32Bits(yf[i]));
        });
    }

    [Fact]
    public void Reductions_agree_with_scalar_folds_for_every_length()
    {
        PropertyCheck.ForAll(Values(100), x =>
        {
            var finite = Array.FindAll(x, double.IsFinite);
            double sum = 0, absSum = 0;
            foreach (var v in finite)
            {
                sum += v;
                absSum += Math.Abs(v);
            }
            NumericAssert.SumClose(sum, ArithmeticKernels.Sum<double>(finite), finite.Length, absSum, DType.Float64);
            if (x.Length == 0)
            {
                Assert.Equal(0.0, ArithmeticKernels.Sum<double>(x));
                Assert.Throws<ArgumentException>(() => ArithmeticKernels.Max<double>(x));
                return;
            }
            double max = x[0], min = x[0];
            foreach (var v in x)
            {
                max = double.Max(max, v);
                min = double.Min(min, v);
            }
            Assert.Equal(BitConverter.DoubleToInt64Bits(max), BitConverter.DoubleToInt64Bits(ArithmeticKernels.Max<double>(x)));
            Assert.Equal(BitConverter.DoubleToInt64Bits(min), BitConverter.DoubleToInt64Bits(ArithmeticKernels.Min<double>(x)));
        });
    }

    [Fact]
    public void A_shorter_operand_is_an_error_not_a_read_past_its_end()
    {
        Assert.Throws<ArgumentException>(() => ArithmeticKernels.Binary<ArithmeticKernels.AddOp<double>, double>(new double[3], new double[2], new double[3]));
        Assert.Throws<ArgumentException>(() => ArithmeticKernels.Unary<ArithmeticKernels.NegateOp<double>, double>(new double[2], new double[3]));
    }
}
