using System;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Functional.AD.Properties.Arrays;
using MathNet.Numerics;
using Xunit;

namespace Functional.AD.Properties.Numpy;

public class NnFunctionTests
{
    // ------------------------------------------------------------------ references

    /// <summary>The logistic function, accurate in relative terms for any x.</summary>
    private static double SigmoidRef(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));

    /// <summary>sigmoid'(x) = e^-|x| / (1 + e^-|x|)^2, without cancellation.</summary>
    private static double SigmoidGradRef(double x)
    {
        double e = Math.Exp(-Math.Abs(x));
        return e / ((1 + e) * (1 + e));
    }

    private static double Log1pRef(double x)
    {
        double u = 1 + x;
        return u == 1 ? x : Math.Log(u) * x / (u - 1);
    }

    private static double SoftplusRef(double x) => x > 30 ? x + Math.Exp(-x) : Log1pRef(Math.Exp(x));

    private static double Phi(double x) => 0.5 * SpecialFunctions.Erfc(-x / Math.Sqrt(2));

    private static double GeluRef(double x) => 0.5 * x * (1 + SpecialFunctions.Erf(x / Math.Sqrt(2)));

    private static double GeluGradRef(double x) => Phi(x) + x * Math.Exp(-x * x / 2) / Math.Sqrt(2 * Math.PI);

    /// <summary>Applies <paramref name="f"/> to every line of <paramref name="x"/> along <paramref name="axis"/>, in place of the line.</summary>
    private static Dense AlongAxis(Dense x, int axis, Func<double[], double[]> f)
    {
        int a = axis < 0 ? axis + x.Rank : axis;
        var data = new double[x.Data.Length];
        var outer = x.Shape.Where((_, i) => i != a).ToArray();
        int n = x.Shape[a];
        foreach (var oi in Ref.Indices(outer))
        {
            var full = new int[x.Rank];
            int[] At(int k)
            {
                for (int i = 0, j = 0; i < x.Rank; i++) full[i] = i == a ? k : oi[j++];
                return full;
            }
            var line = new double[n];
            for (int k = 0; k < n; k++) line[k] = x[At(k)];
            var r = f(line);
            for (int k = 0; k < n; k++) data[Ref.Ravel(At(k), x.Shape)] = r[k];
        }
        return new Dense(x.Shape, data);
    }

    private static double LseRef(double[] v)
    {
        double m = v.Max();
        return m + Math.Log(v.Sum(u => Math.Exp(u - m)));
    }

    private static double[] SoftmaxRef(double[] v)
    {
        double m = v.Max();
        var e = v.Select(u => Math.Exp(u - m)).ToArray();
        double s = e.Sum();
        return e.Select(u => u / s).ToArray();
    }

    private static double[] LogSoftmaxRef(double[] v)
    {
        double l = LseRef(v);
        return v.Select(u => u - l).ToArray();
    }

    private static Gen<(Dense X, int Axis)> WithAxis(double lo, double hi) =>
        Ref.Denses(1, 3, 1, 4, lo, hi).SelectMany(x => Gen.Choose(-x.Rank, x.Rank - 1).Select(a => (x, a)));

    // ------------------------------------------------------------------ elementwise activations

    [Fact]
    public void Relu_is_max_with_zero_and_its_gradient_is_the_step() =>
        PropertyCheck.ForAll(Ref.Denses(0, 3, 1, 4, -3, 3), x =>
        {
            Ref.AllClose(Ref.Map(x, v => Math.Max(v, 0)), Nn.Relu(x.ToNd()), 0);
            Ref.AllClose(Ref.Map(x, v => v > 0 ? 1 : 0), Jax.Grad((NDArray u) => Np.Sum(Nn.Relu(u)))(x.ToNd()), 0);
        });

    [Fact]
    public void Relu_examples()
    {
        Assert.Equal(new[] { 0.0, 0.0, 2.5 }, Nn.Relu(Np.Array(-1.0, 0.0, 2.5)).ToArray<double>());
        Assert.Equal(0.0, (double)Jax.Grad((NDArray u) => Nn.Relu(u))(Np.Scalar(0.0)));
        Assert.Equal(DType.Float32, Nn.Relu(Np.Array(1f, -1f)).DType);
    }

    [Fact]
    public void Sigmoid_matches_the_logistic_function_and_its_derivative() =>
        PropertyCheck.ForAll(Ref.Denses(0, 3, 1, 4, -30, 30), x =>
        {
            Ref.AllClose(Ref.Map(x, SigmoidRef), Nn.Sigmoid(x.ToNd()), 1e-13, 0, "sigmoid");
            // s(1 - s) loses relative accuracy where s is near 1, so the derivative is compared on [-10, 10]
            var y = Ref.Map(x, v => v / 3);
            var g = Jax.Grad((NDArray u) => Np.Sum(Nn.Sigmoid(u)))(y.ToNd());
            Ref.AllClose(Ref.Map(y, SigmoidGradRef), g, 1e-10, 1e-16, "sigmoid'");
        });

    [Fact]
    public void Softplus_matches_log_1_plus_exp_and_its_derivative_is_sigmoid() =>
        PropertyCheck.ForAll(Ref.Denses(0, 3, 1, 4, -40, 40), x =>
        {
            Ref.AllClose(Ref.Map(x, SoftplusRef), Nn.Softplus(x.ToNd()), 1e-13, 0, "softplus");
            var g = Jax.Grad((NDArray u) => Np.Sum(Nn.Softplus(u)))(x.ToNd());
            Ref.AllClose(Ref.Map(x, SigmoidRef), g, 1e-12, 0, "softplus'");
        });

    [Fact]
    public void Gelu_is_the_exact_erf_form() =>
        PropertyCheck.ForAll(Ref.Denses(0, 3, 1, 4, -3, 6), x =>
        {
            Ref.AllClose(Ref.Map(x, GeluRef), Nn.Gelu(x.ToNd()), 1e-12, 1e-300, "gelu");
            Ref.AllClose(Ref.Map(x, GeluErfcRef), Nn.Gelu(x.ToNd()), 1e-12, 1e-300, "gelu (erfc form)");
            var g = Jax.Grad((NDArray u) => Np.Sum(Nn.Gelu(u))).Invoke(x.ToNd()).ToArray<double>();
            for (int i = 0; i < g.Length; i++)
                Ref.Close(GeluGradRef(x.Data[i]), g[i], 0, 1e-12 * GeluGradScale(x.Data[i]), $"gelu'({x.Data[i]:R})");
        });

    /// <summary>|Φ(x)| + |x φ(x)|: the size of the two terms of gelu', which cancel near x = -0.75.</summary>
    private static double GeluGradScale(double x) => Phi(x) + Math.Abs(x) * Math.Exp(-x * x / 2) / Math.Sqrt(2 * Math.PI);

    /// <summary>x Φ(x) through erfc, which has no cancellation for negative x (jax.nn.gelu computes it this way).</summary>
    private static double GeluErfcRef(double x) => x * Phi(x);

    private static readonly double[] NegativeGrid = Enumerable.Range(0, 51).Select(i => -3 - 5.0 * i / 50).ToArray();

    [Fact]
    public void Gelu_keeps_full_relative_accuracy_for_negative_inputs()
    {
        var got = Nn.Gelu(Np.Array(NegativeGrid)).ToArray<double>();
        for (int i = 0; i < NegativeGrid.Length; i++)
            Ref.Close(GeluErfcRef(NegativeGrid[i]), got[i], 1e-12, 0, $"gelu({NegativeGrid[i]:R})");
    }

    [Fact]
    public void Gelu_gradient_keeps_full_relative_accuracy_for_negative_inputs()
    {
        var got = Jax.Grad((NDArray u) => Np.Sum(Nn.Gelu(u)))(Np.Array(NegativeGrid)).ToArray<double>();
        for (int i = 0; i < NegativeGrid.Length; i++)
            Ref.Close(GeluGradRef(NegativeGrid[i]), got[i], 0, 1e-12 * GeluGradScale(NegativeGrid[i]), $"gelu'({NegativeGrid[i]:R})");
    }

    [Fact]
    public void Gelu_differs_from_the_tanh_approximation()
    {
        // the tanh approximation is off by ~1e-4 near |x| = 2; the exact form must not be
        double x = 2.0;
        double approx = 0.5 * x * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
        double exact = GeluRef(x);
        Assert.True(Math.Abs(approx - exact) > 1e-5);
        Ref.Close(exact, (double)Nn.Gelu(Np.Scalar(x)), 1e-13);
        Ref.Close(0.0, (double)Nn.Gelu(Np.Scalar(0.0)), 0);
        Ref.Close(0.5, (double)Jax.Grad((NDArray u) => Nn.Gelu(u))(Np.Scalar(0.0)), 1e-15);
    }

    // ------------------------------------------------------------------ softmax family

    [Fact]
    public void Softmax_matches_the_reference_along_each_axis() =>
        PropertyCheck.ForAll(WithAxis(-20, 20), t =>
        {
            var (x, axis) = t;
            var r = Nn.Softmax(x.ToNd(), axis);
            Ref.AllClose(AlongAxis(x, axis, SoftmaxRef), r, 1e-12, 1e-300, "softmax");
            // every line sums to one
            Ref.AllClose(Ref.Reduce(x, axis, false, _ => 1.0), Np.Sum(r, axis), 0, 1e-14, "sum of softmax");
        });

    [Fact]
    public void Softmax_defaults_to_the_last_axis()
    {
        var x = new Dense(new[] { 2, 3 }, new[] { 1.0, 2, 3, -1, 0, 4 });
        Ref.AllClose(AlongAxis(x, 1, SoftmaxRef), Nn.Softmax(x.ToNd()), 1e-13);
        Ref.AllClose(AlongAxis(x, 1, LogSoftmaxRef), Nn.LogSoftmax(x.ToNd()), 1e-13, 1e-15);
    }

    [Fact]
    public void LogSoftmax_matches_the_reference_along_each_axis() =>
        PropertyCheck.ForAll(WithAxis(-20, 20), t =>
        {
            var (x, axis) = t;
            Ref.AllClose(AlongAxis(x, axis, LogSoftmaxRef), Nn.LogSoftmax(x.ToNd(), axis), 1e-12, 1e-13, "log_softmax");
        });

    [Fact]
    public void LogSumExp_matches_the_reference_over_an_axis_or_all() =>
        PropertyCheck.ForAll(NDArrayTests.ReductionCases(), t =>
        {
            var (x, axis, keep) = t;
            var scaled = new Dense(x.Shape, x.Data.Select(v => v * 4).ToArray());
            Ref.AllClose(Ref.Reduce(scaled, axis, keep, LseRef), Nn.LogSumExp(scaled.ToNd(), axis, keep), 1e-13, 1e-13, "logsumexp");
        });

    [Fact]
    public void Gradients_of_the_softmax_family_match_the_hand_derived_formulas() =>
        PropertyCheck.ForAll(
            Ref.Shapes(1, 1, 1, 6).SelectMany(s => Ref.DenseOf(s, -10, 10).SelectMany(x => Ref.DenseOf(s, -1, 1).Select(w => (x, w)))),
            t =>
            {
                var (x, w) = t;
                var s = SoftmaxRef(x.Data);
                double ws = s.Zip(w.Data, (p, q) => p * q).Sum();
                double wsum = w.Data.Sum();
                var xs = x.ToNd();
                var wn = w.ToNd();
                Ref.AllClose(new Dense(x.Shape, s), Jax.Grad((NDArray u) => Nn.LogSumExp(u))(xs), 1e-12, 1e-16, "d lse");
                Ref.AllClose(new Dense(x.Shape, s.Select((p, i) => p * (w.Data[i] - ws)).ToArray()),
                    Jax.Grad((NDArray u) => Np.Sum(Nn.Softmax(u) * wn))(xs), 1e-10, 1e-15, "d softmax");
                Ref.AllClose(new Dense(x.Shape, w.Data.Select((q, i) => q - s[i] * wsum).ToArray()),
                    Jax.Grad((NDArray u) => Np.Sum(Nn.LogSoftmax(u) * wn))(xs), 1e-10, 1e-14, "d log_softmax");
            });

    // ------------------------------------------------------------------ stability at ±1000

    [Fact]
    public void Values_are_finite_and_right_at_plus_minus_1000()
    {
        var big = Np.Array(1000.0, -1000.0);
        Ref.AllClose(new[] { 2 }, new[] { 1.0, 0.0 }, Nn.Softmax(big), 0, 0, "softmax");
        Ref.AllClose(new[] { 2 }, new[] { 0.0, -2000.0 }, Nn.LogSoftmax(big), 1e-15, 0, "log_softmax");
        Ref.Close(1000.0, (double)Nn.LogSumExp(big), 1e-15, 0, "logsumexp");
        Ref.Close(1000.0 + Math.Log(2), (double)Nn.LogSumExp(Np.Array(1000.0, 1000.0)), 1e-15, 0, "logsumexp(1000,1000)");
        Ref.Close(-1000.0 + Math.Log(2), (double)Nn.LogSumExp(Np.Array(-1000.0, -1000.0)), 1e-15, 0, "logsumexp(-1000,-1000)");
        Ref.AllClose(new[] { 2 }, new[] { 0.5, 0.5 }, Nn.Softmax(Np.Array(-1000.0, -1000.0)), 1e-15, 0, "softmax(-1000,-1000)");
        Ref.AllClose(new[] { 2 }, new[] { 1.0, 0.0 }, Nn.Sigmoid(big), 0, 0, "sigmoid");
        Ref.AllClose(new[] { 2 }, new[] { 1000.0, 0.0 }, Nn.Softplus(big), 1e-15, 0, "softplus");
        Ref.AllClose(new[] { 2 }, new[] { 1000.0, 0.0 }, Nn.Gelu(big), 1e-15, 0, "gelu");
        Ref.AllClose(new[] { 2 }, new[] { 1000.0, 0.0 }, Nn.Relu(big), 0, 0, "relu");
    }

    [Fact]
    public void Gradients_are_finite_and_right_at_plus_minus_1000()
    {
        var big = Np.Array(1000.0, -1000.0);
        var w = Np.Array(0.25, -2.0);
        void Check(string name, Func<NDArray, NDArray> f, double[] expected)
        {
            var g = Jax.Grad(f)(big).ToArray<double>();
            Assert.All(g, v => Assert.True(double.IsFinite(v), $"{name}: gradient {string.Join(", ", g)} is not finite"));
            for (int i = 0; i < expected.Length; i++) Ref.Close(expected[i], g[i], 1e-12, 1e-15, $"{name}[{i}]");
        }
        Check("logsumexp", u => Nn.LogSumExp(u), new[] { 1.0, 0.0 });
        Check("softmax", u => Np.Sum(Nn.Softmax(u) * w), new[] { 0.0, 0.0 });
        Check("log_softmax", u => Np.Sum(Nn.LogSoftmax(u) * w), new[] { 2.0, -2.0 });
        Check("sigmoid", u => Np.Sum(Nn.Sigmoid(u)), new[] { 0.0, 0.0 });
        Check("softplus", u => Np.Sum(Nn.Softplus(u)), new[] { 1.0, 0.0 });
        Check("gelu", u => Np.Sum(Nn.Gelu(u)), new[] { 1.0, 0.0 });
        // the same through ValueAndGrad, in f32
        var (v, g32) = Jax.ValueAndGrad((NDArray u) => Nn.LogSumExp(u))(Np.Array(1000f, -1000f));
        Assert.Equal(DType.Float32, v.DType);
        Assert.Equal(1000f, (float)v);
        Assert.Equal(new[] { 1f, 0f }, g32.ToArray<float>());
        foreach (var f in new Func<NDArray, NDArray>[] { u => Np.Sum(Nn.Sigmoid(u)), u => Np.Sum(Nn.Softplus(u)), u => Np.Sum(Nn.LogSoftmax(u)) })
            Assert.All(Jax.Grad(f)(Np.Array(1000f, -1000f)).ToArray<float>(), x => Assert.True(float.IsFinite(x)));
    }

    [Fact]
    public void LogSumExp_handles_minus_infinity()
    {
        Ref.Close(Math.Log(2), (double)Nn.LogSumExp(Np.Array(double.NegativeInfinity, 0.0, 0.0)), 1e-15);
        Assert.Equal(double.NegativeInfinity, (double)Nn.LogSumExp(Np.Array(double.NegativeInfinity, double.NegativeInfinity)));
        Assert.Equal(new[] { 0.0, 1.0 }, Nn.Softmax(Np.Array(double.NegativeInfinity, 3.0)).ToArray<double>());
    }

    // ------------------------------------------------------------------ one-hot

    [Fact]
    public void OneHot_marks_the_label_and_nothing_for_out_of_range_labels() =>
        PropertyCheck.ForAll(
            Gen.Choose(1, 5).SelectMany(k => Ref.Shapes(0, 2, 0, 3).SelectMany(s =>
                Gen.ArrayOf(Gen.Choose(-1, k), Ref.Size(s)).SelectMany(labels =>
                    Gen.Elements(DType.Float64, DType.Float32, DType.Int32, DType.Bool).Select(dt => (k, s, labels, dt))))),
            t =>
            {
                var (k, shape, labels, dtype) = t;
                var resultShape = shape.Concat(new[] { k }).ToArray();
                var expected = new Dense(resultShape, Ref.Indices(resultShape)
                    .Select(ix => labels[Ref.Ravel(ix[..^1], shape)] == ix[^1] ? 1.0 : 0.0).ToArray());
                var r = Nn.OneHot(Np.FromFlat(labels, shape), k, dtype);
                Assert.Equal(dtype, r.DType);
                Ref.AllClose(expected, r, 0);
                Assert.Equal(DType.Float64, Nn.OneHot(Np.FromFlat(labels, shape), k).DType);
            });
}
