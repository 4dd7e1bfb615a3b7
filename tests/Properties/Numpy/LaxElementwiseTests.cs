using System;
using System.Linq;
using Xunit;

namespace Functional.AD.Properties.Numpy;

/// <summary>The jax.lax elementwise functions: the same numbers as the Np forms, and lax's strictness (no promotion).</summary>
public class LaxElementwiseTests
{
    private static readonly NDArray X = Np.Array(0.3, -1.7, 2.2, 0.0);
    private static readonly NDArray Y = Np.Array(1.5, 0.4, -2.0, 3.0);

    [Fact]
    public void Lax_elementwise_functions_compute_what_their_definitions_say()
    {
        var x = X.ToArray<double>();
        var y = Y.ToArray<double>();
        var positive = Np.Abs(X) + 0.5;
        var p = positive.ToArray<double>();
        void Same(Func<double, double> reference, NDArray got, double[] at)
        {
            var g = got.ToArray<double>();
            for (int i = 0; i < at.Length; i++)
                Assert.True(Math.Abs(reference(at[i]) - g[i]) <= 1e-15 * Math.Max(1, Math.Abs(reference(at[i]))), $"{reference(at[i])} vs {g[i]}");
        }
        Same(Math.Exp, Lax.Exp(X), x);
        Same(Math.Log, Lax.Log(positive), p);
        Same(v => Math.Log(1 + v), Lax.Log1p(positive), p);
        Same(Math.Sin, Lax.Sin(X), x);
        Same(Math.Cos, Lax.Cos(X), x);
        Same(Math.Tan, Lax.Tan(X), x);
        Same(Math.Tanh, Lax.Tanh(X), x);
        Same(Math.Atan, Lax.Atan(X), x);
        Same(Math.Sqrt, Lax.Sqrt(positive), p);
        Same(v => 1 / Math.Sqrt(v), Lax.Rsqrt(positive), p);
        Same(v => 1 / (1 + Math.Exp(-v)), Lax.Logistic(X), x);
        Same(Math.Abs, Lax.Abs(X), x);
        Same(v => -v, Lax.Neg(X), x);
        Same(v => Math.Sign(v), Lax.Sign(X), x);
        Same(v => v * v, Lax.Square(X), x);
        Same(v => v * v * v, Lax.IntegerPow(X, 3), x);
        Assert.Equal(x.Zip(y, (a, b) => a + b), Lax.Add(X, Y).ToArray<double>());
        Assert.Equal(x.Zip(y, (a, b) => a - b), Lax.Sub(X, Y).ToArray<double>());
        Assert.Equal(x.Zip(y, (a, b) => a * b), Lax.Mul(X, Y).ToArray<double>());
        Assert.Equal(x.Zip(y, (a, b) => a / b), Lax.Div(X, Y).ToArray<double>());
        Assert.Equal(x.Zip(y, Math.Max), Lax.Max(X, Y).ToArray<double>());
        Assert.Equal(x.Zip(y, Math.Min), Lax.Min(X, Y).ToArray<double>());
        Assert.Equal(x.Zip(y, (a, b) => a < b), Lax.Lt(X, Y).ToArray<bool>());
        Assert.Equal(x.Zip(y, (a, b) => a >= b), Lax.Ge(X, Y).ToArray<bool>());
        Assert.Equal(x.Zip(y, (a, b) => a == b), Lax.Eq(X, Y).ToArray<bool>());
        Assert.Equal(p.Zip(y, Math.Pow), Lax.Pow(positive, Y).ToArray<double>());
        Assert.Equal(x.Select(v => Math.Clamp(v, -1.0, 1.0)), Lax.Clamp(Np.Scalar(-1.0), X, Np.Scalar(1.0)).ToArray<double>());
        Assert.Equal(x.Zip(y, (a, b) => a > 0 ? a : b), Lax.Select(Lax.Gt(X, Np.Scalar(0.0)), X, Y).ToArray<double>());
        Assert.Equal(new[] { true, false }, Lax.IsFinite(Np.Array(1.0, double.NaN)).ToArray<bool>());
        Assert.Equal(new[] { -3, 3 }, Lax.Div(Np.Array(-7, 7), Np.Array(2, 2)).ToArray<int>());
    }

    [Fact]
    public void Lax_functions_do_not_promote_or_broadcast_and_say_so()
    {
        var e1 = Assert.Throws<ArgumentException>(() => Lax.Add(X, X.AsType(DType.Float32)));
        Assert.Contains("Lax.Add", e1.Message);
        Assert.Contains("f32[4]", e1.Message);
        var e2 = Assert.Throws<ArgumentException>(() => Lax.Mul(X, Np.Ones([2])));
        Assert.Contains("f64[2]", e2.Message);
        var e3 = Assert.Throws<ArgumentException>(() => Lax.Exp(Np.Array(1, 2)));
        Assert.Contains("Lax.Exp", e3.Message);
        var e4 = Assert.Throws<ArgumentException>(() => Lax.Select(X, X, Y));
        Assert.Contains("bool", e4.Message);
        // gradients flow as through the Np forms
        var g = Jax.Grad((NDArray v) => Np.Sum(Lax.Mul(Lax.Sin(v), v)))(X).ToArray<double>();
        var xs = X.ToArray<double>();
        for (int i = 0; i < xs.Length; i++) Assert.Equal(Math.Cos(xs[i]) * xs[i] + Math.Sin(xs[i]), g[i], 1e-14);
    }
}
