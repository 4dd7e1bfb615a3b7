using System;
using System.Linq;
using FsCheck.Fluent;
using Functional.AD.Properties.Arrays;
using Functional.AD.Testing;
using Xunit;

namespace Functional.AD.Properties.Numpy;

/// <summary>
/// The elementwise jax.nn activations against references written here in double precision from their definitions,
/// with derivatives from the hand-derived formulas, finite differences away from kinks, and JAX's conventions at them.
/// </summary>
public class NnActivationTests
{
    private static double Sigmoid(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));

    /// <summary>log(1 + x) without the rounding of 1 + x.</summary>
    private static double Log1p(double x)
    {
        double u = 1 + x;
        return u == 1 ? x : Math.Log(u) * x / (u - 1);
    }

    private static double Softplus(double x) => Math.Max(x, 0) + Log1p(Math.Exp(-Math.Abs(x)));

    /// <summary>
    /// e^x − 1 to a few ulps: below |x| = 1 through the exact identity 2t / (1 − t) with t = tanh(x/2) (Math.Exp(x) − 1
    /// loses about log10(1/|x|) digits there, 3e-13 relative at x = −4e-4, more than the test's tolerance).
    /// </summary>
    private static double Expm1(double x)
    {
        if (Math.Abs(x) >= 1) return Math.Exp(x) - 1;
        double t = Math.Tanh(x / 2);
        return 2 * t / (1 - t);
    }

    private const double SeluAlpha = 1.6732632423543772848170429916717;
    private const double SeluScale = 1.0507009873554804934193349852946;
    private static readonly double GeluC = Math.Sqrt(2 / Math.PI);

    private static double Relu6(double v) => Math.Min(Math.Max(v, 0), 6);
    private static double HardSigmoid(double v) => Relu6(v + 3) / 6;
    private static double HardSigmoidGrad(double v) => v > -3 && v < 3 ? 1.0 / 6 : 0;

    /// <summary>v/2 · (1 + tanh u) with u = √(2/π)(v + 0.044715 v³), evaluated as v · sigmoid(2u) (1 + tanh u = 2 sigmoid(2u)) so the reference does not cancel.</summary>
    private static double GeluTanh(double v) => v * Sigmoid(2 * GeluC * (v + 0.044715 * v * v * v));

    /// <summary>(1 + tanh u)/2 + v/2 (1 - tanh² u) u', with (1 + tanh u)/2 = s(2u) and 1 - tanh² u = 4 s(2u) s(-2u).</summary>
    private static double GeluTanhGrad(double v)
    {
        double u = GeluC * (v + 0.044715 * v * v * v);
        return Sigmoid(2 * u) + 2 * v * Sigmoid(2 * u) * Sigmoid(-2 * u) * GeluC * (1 + 3 * 0.044715 * v * v);
    }

    private static double MishGrad(double v)
    {
        double t = Math.Tanh(Softplus(v));
        return t + v * (1 - t * t) * Sigmoid(v);
    }

    /// <summary>One activation: the library call, the value and derivative references, and its kinks.</summary>
    public sealed record Case(string Name, Func<NDArray, NDArray> F, Func<double, double> Value, Func<double, double> Grad, double[] Kinks)
    {
        public override string ToString() => Name;
    }

    private static readonly Case[] Cases =
    {
        new("relu6", Nn.Relu6, Relu6, v => v > 0 && v < 6 ? 1 : 0, new[] { 0.0, 6.0 }),
        new("leaky_relu", x => Nn.LeakyRelu(x), v => v >= 0 ? v : 0.01 * v, v => v >= 0 ? 1 : 0.01, new[] { 0.0 }),
        new("leaky_relu(0.2)", x => Nn.LeakyRelu(x, 0.2), v => v >= 0 ? v : 0.2 * v, v => v >= 0 ? 1 : 0.2, new[] { 0.0 }),
        new("elu", x => Nn.Elu(x), v => v > 0 ? v : Expm1(v), v => v > 0 ? 1 : Math.Exp(v), new[] { 0.0 }),
        new("elu(0.5)", x => Nn.Elu(x, 0.5), v => v > 0 ? v : 0.5 * Expm1(v), v => v > 0 ? 1 : 0.5 * Math.Exp(v), new[] { 0.0 }),
        new("celu(2)", x => Nn.Celu(x, 2), v => v > 0 ? v : 2 * Expm1(v / 2), v => v > 0 ? 1 : Math.Exp(v / 2), new[] { 0.0 }),
        new("selu", Nn.Selu, v => SeluScale * (v > 0 ? v : SeluAlpha * Expm1(v)), v => SeluScale * (v > 0 ? 1 : SeluAlpha * Math.Exp(v)), new[] { 0.0 }),
        new("silu", Nn.Silu, v => v * Sigmoid(v), v => Sigmoid(v) + v * Sigmoid(v) * Sigmoid(-v), Array.Empty<double>()),
        new("swish", Nn.Swish, v => v * Sigmoid(v), v => Sigmoid(v) + v * Sigmoid(v) * Sigmoid(-v), Array.Empty<double>()),
        new("mish", Nn.Mish, v => v * Math.Tanh(Softplus(v)), MishGrad, Array.Empty<double>()),
        new("gelu(approximate)", x => Nn.Gelu(x, true), GeluTanh, GeluTanhGrad, Array.Empty<double>()),
        new("hard_tanh", Nn.HardTanh, v => Math.Clamp(v, -1, 1), v => v >= -1 && v <= 1 ? 1 : 0, new[] { -1.0, 1.0 }),
        new("hard_sigmoid", Nn.HardSigmoid, HardSigmoid, HardSigmoidGrad, new[] { -3.0, 3.0 }),
        new("hard_silu", Nn.HardSilu, v => v * HardSigmoid(v), v => HardSigmoid(v) + v * HardSigmoidGrad(v), new[] { -3.0, 3.0 }),
        new("hard_swish", Nn.HardSwish, v => v * HardSigmoid(v), v => HardSigmoid(v) + v * HardSigmoidGrad(v), new[] { -3.0, 3.0 }),
        new("log_sigmoid", Nn.LogSigmoid, v => -Softplus(-v), v => Sigmoid(-v), Array.Empty<double>()),
        new("soft_sign", Nn.SoftSign, v => v / (Math.Abs(v) + 1), v => 1 / ((Math.Abs(v) + 1) * (Math.Abs(v) + 1)), Array.Empty<double>()),
        new("sparse_plus", Nn.SparsePlus, v => v <= -1 ? 0 : v >= 1 ? v : (v + 1) * (v + 1) / 4, v => v <= -1 ? 0 : v >= 1 ? 1 : (v + 1) / 2, new[] { -1.0, 1.0 }),
        new("squareplus", x => Nn.Squareplus(x), v => (v + Math.Sqrt(v * v + 4)) / 2, v => (1 + v / Math.Sqrt(v * v + 4)) / 2, Array.Empty<double>()),
        new("squareplus(1)", x => Nn.Squareplus(x, 1), v => (v + Math.Sqrt(v * v + 1)) / 2, v => (1 + v / Math.Sqrt(v * v + 1)) / 2, Array.Empty<double>()),
    };

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var c in Cases) data.Add(c.Name);
        return data;
    }

    private static Case Get(string name) => Cases.Single(c => c.Name == name);

    /// <summary>
    /// |f| + |x f'|: the scale of the value's rounding; squareplus adds |x|, since x + √(x² + b) cancels for negative x
    /// (JAX's form, kept).
    /// </summary>
    private static double Scale(Case c, double v) =>
        Math.Abs(c.Value(v)) + Math.Abs(v * c.Grad(v)) + (c.Name.StartsWith("squareplus", StringComparison.Ordinal) ? Math.Abs(v) : 0) + 1e-300;

    [Theory]
    [MemberData(nameof(Names))]
    public void Values_and_derivatives_match_the_definition_in_f64(string name)
    {
        var c = Get(name);
        PropertyCheck.ForAll(Ref.Denses(0, 3, 1, 4, -9, 9), x =>
        {
            var y = c.F(x.ToNd());
            Assert.Equal(DType.Float64, y.DType);
            var got = y.ToArray<double>();
            var g = Jax.Grad((NDArray u) => Np.Sum(c.F(u)))(x.ToNd()).ToArray<double>();
            Ref.ShapeIs(x.Shape, y);
            for (int i = 0; i < got.Length; i++)
            {
                double v = x.Data[i];
                Ref.Close(c.Value(v), got[i], 1e-13, 1e-14 * Scale(c, v), $"{name}({v:R})");
                Ref.Close(c.Grad(v), g[i], 1e-12, 1e-14 * (Math.Abs(c.Grad(v)) + 1), $"{name}'({v:R})");
            }
        });
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Values_and_derivatives_match_the_definition_in_f32(string name)
    {
        var c = Get(name);
        PropertyCheck.ForAll(Ref.Values(12, -9, 9), data =>
        {
            var x = Np.Array(data.Select(v => (float)v).ToArray());
            var y = c.F(x);
            Assert.Equal(DType.Float32, y.DType);
            var got = y.ToArray<float>();
            var g = Jax.Grad((NDArray u) => Np.Sum(c.F(u)))(x).ToArray<float>();
            for (int i = 0; i < got.Length; i++)
            {
                double v = (float)data[i];
                Ref.Close(c.Value(v), got[i], 2e-6, 2e-6 * Scale(c, v), $"{name}({v:R}) in f32");
                Ref.Close(c.Grad(v), g[i], 1e-5, 1e-5 * (Math.Abs(c.Grad(v)) + 1), $"{name}'({v:R}) in f32");
            }
        });
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Values_and_derivatives_stay_finite_and_right_at_large_inputs(string name)
    {
        var c = Get(name);
        var big = new[] { 1000.0, -1000.0, 1e6, -1e6, 88.5, -88.5, 710, -710 };
        var got = c.F(Np.Array(big)).ToArray<double>();
        var g = Jax.Grad((NDArray u) => Np.Sum(c.F(u)))(Np.Array(big)).ToArray<double>();
        for (int i = 0; i < big.Length; i++)
        {
            Assert.True(double.IsFinite(got[i]) && double.IsFinite(g[i]), $"{name}({big[i]}) = {got[i]}, derivative {g[i]}");
            // below 1e-300 the primitives may flush what is subnormal (logistic(-710))
            Ref.Close(c.Value(big[i]), got[i], 1e-12, Math.Max(1e-300, 1e-12 * Scale(c, big[i])), $"{name}({big[i]})");
            Ref.Close(c.Grad(big[i]), g[i], 1e-12, 1e-12, $"{name}'({big[i]})");
        }
        var big32 = new[] { 1000f, -1000f, 1e6f, -1e6f, 88.5f, -88.5f };
        var got32 = c.F(Np.Array(big32)).ToArray<float>();
        var g32 = Jax.Grad((NDArray u) => Np.Sum(c.F(u)))(Np.Array(big32)).ToArray<float>();
        for (int i = 0; i < big32.Length; i++)
            Assert.True(float.IsFinite(got32[i]) && float.IsFinite(g32[i]), $"{name}({big32[i]}f) = {got32[i]}, derivative {g32[i]}");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Derivatives_match_finite_differences_away_from_kinks(string name)
    {
        var c = Get(name);
        PropertyCheck.ForAll(Ref.Values(6, -7, 7), data =>
        {
            var away = data.Select(v => c.Kinks.Any(k => Math.Abs(v - k) < 0.05) ? v + 0.1 : v).ToArray();
            GradientCheck.CheckGrads(c.F, Np.Array(away), order: 2);
        }, maxTest: 10);
    }

    [Fact]
    public void Derivatives_at_kinks_follow_jax()
    {
        double D(Func<NDArray, NDArray> f, double at) => (double)Jax.Grad(f)(Np.Scalar(at));
        // relu6 has a custom JVP in JAX: 0 at both kinks
        Assert.Equal(0.0, D(Nn.Relu6, 0));
        Assert.Equal(0.0, D(Nn.Relu6, 6));
        // leaky_relu: where(x >= 0, x, slope x) takes the x branch at 0
        Assert.Equal(1.0, D(u => Nn.LeakyRelu(u), 0));
        // elu: where(x > 0, …) takes the expm1 branch at 0, whose slope is alpha
        Assert.Equal(0.5, D(u => Nn.Elu(u, 0.5), 0));
        Ref.Close(SeluScale * SeluAlpha, D(Nn.Selu, 0), 1e-15);
        // celu: max and min split their derivative at the tie: 1/2 + alpha · (1/alpha) · 1/2
        Assert.Equal(1.0, D(u => Nn.Celu(u, 2), 0));
        // hard_tanh: where(x > 1, 1, where(x < -1, -1, x)) keeps x at ±1
        Assert.Equal(1.0, D(Nn.HardTanh, 1));
        Assert.Equal(1.0, D(Nn.HardTanh, -1));
        // hard_sigmoid = relu6(x + 3) / 6 inherits relu6's zeros at ±3
        Assert.Equal(0.0, D(Nn.HardSigmoid, 3));
        Assert.Equal(0.0, D(Nn.HardSigmoid, -3));
        Assert.Equal(1.0, D(Nn.HardSilu, 3));
        Assert.Equal(0.0, D(Nn.HardSilu, -3));
        // sparse_plus: where(x <= -1, 0, where(x >= 1, x, …))
        Assert.Equal(0.0, D(Nn.SparsePlus, -1));
        Assert.Equal(1.0, D(Nn.SparsePlus, 1));
        Assert.Equal(1.0, D(Nn.SoftSign, 0));
        Assert.Equal(0.5, D(Nn.LogSigmoid, 0));
        // NaN stays NaN; relu6's custom JVP gives it derivative 0
        Assert.True(double.IsNaN((double)Nn.Relu6(Np.Scalar(double.NaN))));
        Assert.Equal(0.0, D(Nn.Relu6, double.NaN));
    }

    [Fact]
    public void Gelu_with_the_flag_picks_the_form()
    {
        var x = Np.Array(-4.0, -1.5, 0.0, 0.3, 2.0, 7.0);
        Assert.Equal(Nn.Gelu(x).ToArray<double>(), Nn.Gelu(x, approximate: false).ToArray<double>());
        var approx = Nn.Gelu(x, approximate: true).ToArray<double>();
        var xs = x.ToArray<double>();
        for (int i = 0; i < xs.Length; i++) Ref.Close(GeluTanh(xs[i]), approx[i], 1e-13, 1e-16);
        Assert.True(Math.Abs(approx[4] - Nn.Gelu(x).ToArray<double>()[4]) > 1e-5);
        // the sigmoid form keeps relative accuracy where 1 + tanh cancels
        double v = -12;
        double expected = v / (1 + Math.Exp(-2 * GeluC * (v + 0.044715 * v * v * v)));
        Ref.Close(expected, (double)Nn.Gelu(Np.Scalar(v), true), 1e-12);
    }

    [Fact]
    public void Glu_gates_the_first_half_by_the_sigmoid_of_the_second() =>
        PropertyCheck.ForAll(
            Ref.Shapes(1, 3, 1, 3).SelectMany(s => Gen.Choose(0, s.Length - 1).SelectMany(a =>
            {
                var shape = (int[])s.Clone();
                shape[a] *= 2;
                return Ref.DenseOf(shape, -6, 6).Select(x => (x, a));
            })),
            t =>
            {
                var (x, a) = t;
                var outShape = (int[])x.Shape.Clone();
                outShape[a] /= 2;
                var expected = new Dense(outShape, Ref.Indices(outShape).Select(ix =>
                {
                    var first = (int[])ix.Clone();
                    var second = (int[])ix.Clone();
                    second[a] += outShape[a];
                    return x[first] * Sigmoid(x[second]);
                }).ToArray());
                Ref.AllClose(expected, Nn.Glu(x.ToNd(), a), 1e-14, 1e-300, "glu");
                Ref.AllClose(expected, Nn.Glu(x.ToNd(), a - x.Rank), 1e-14, 1e-300, "glu (negative axis)");
                if (a == x.Rank - 1) Ref.AllClose(expected, Nn.Glu(x.ToNd()), 1e-14, 1e-300, "glu (default axis)");
                GradientCheck.CheckGrads(u => Nn.Glu(u, a), x.ToNd(), order: 1);
            }, maxTest: 30);

    [Fact]
    public void Glu_rejects_an_odd_axis()
    {
        var e = Assert.Throws<ArgumentException>(() => Nn.Glu(Np.Ones([2, 3])));
        Assert.Contains("Nn.Glu", e.Message);
        Assert.ThrowsAny<ArgumentException>(() => Nn.Glu(Np.Ones([2, 2]), 2));
    }

    [Fact]
    public void Integer_inputs_become_f64_and_shapes_are_kept()
    {
        var ints = Np.Array(-2, 0, 3);
        foreach (var c in Cases)
        {
            var y = c.F(ints);
            Assert.Equal(DType.Float64, y.DType);
            Ref.AllClose(new[] { 3 }, new[] { -2.0, 0, 3 }.Select(c.Value).ToArray(), y, 1e-13, 1e-15, c.Name);
            Ref.ShapeIs(Array.Empty<int>(), c.F(Np.Scalar(0.5)), c.Name);
            Ref.ShapeIs(new[] { 0, 3 }, c.F(Np.Zeros([0, 3])), c.Name);
        }
    }

    [Fact]
    public void Jit_equals_eager_and_vmap_equals_the_loop()
    {
        var x = Np.FromFlat(new[] { -3.5, -1.0, -0.2, 0.0, 0.7, 2.5, 5.9, 8.0 }, [2, 4]);
        foreach (var c in Cases)
        {
            Assert.Equal(c.F(x).ToArray<double>(), Jax.Jit(c.F)(x).ToArray<double>());
            var rows = Np.Stack([c.F(x[0]), c.F(x[1])]);
            Assert.Equal(rows.ToArray<double>(), Jax.Vmap(c.F)(x).ToArray<double>());
        }
        var gluX = Np.FromFlat(Enumerable.Range(0, 12).Select(i => i * 0.37 - 2).ToArray(), [3, 4]);
        Assert.Equal(Nn.Glu(gluX).ToArray<double>(), Jax.Jit((NDArray u) => Nn.Glu(u))(gluX).ToArray<double>());
        Assert.Equal(Nn.Glu(gluX).ToArray<double>(), Jax.Vmap((NDArray u) => Nn.Glu(u))(gluX).ToArray<double>());
    }
}
