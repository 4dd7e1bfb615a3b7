using System;
using Xunit;

namespace Functional.AD.Properties.Numpy;

/// <summary>
/// NaN in, NaN out, as in JAX and torch: max/min/clip/select-based functions must not turn a NaN into a number.
/// Derivatives at NaN follow JAX's rules: 0 through max, min, clip and relu (their JVPs select by comparisons,
/// which are false for NaN), NaN through smooth functions.
/// </summary>
public class NanPropagationTests
{
    private static readonly (string Name, Func<NDArray, NDArray> F)[] Functions =
    {
        ("Nn.Relu", Nn.Relu),
        ("Np.Maximum(x, 0)", x => Np.Maximum(x, 0.0)),
        ("Np.Maximum(0, x)", x => Np.Maximum(Np.Scalar(0.0), x)),
        ("Np.Minimum(x, 1)", x => Np.Minimum(x, 1.0)),
        ("Np.Clip(x, -1, 1)", x => Np.Clip(x, -1.0, 1.0)),
        ("Np.Abs", Np.Abs),
        ("Np.Sign", Np.Sign),
        ("Nn.Sigmoid", Nn.Sigmoid),
        ("Nn.Softplus", Nn.Softplus),
        ("Nn.Gelu", Nn.Gelu),
        ("Np.Tanh", Np.Tanh),
        ("Np.Exp", Np.Exp),
        ("Np.Sqrt", Np.Sqrt),
        ("Np.Max", x => Np.Max(x)),
        ("Np.Min", x => Np.Min(x)),
        ("Np.Sum", x => Np.Sum(x)),
        ("Nn.LogSumExp", x => Nn.LogSumExp(x)),
        ("Nn.Softmax", x => Nn.Softmax(x)),
        ("Nn.LogSoftmax", x => Nn.LogSoftmax(x)),
    };

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var (name, _) in Functions) data.Add(name);
        return data;
    }

    private static Func<NDArray, NDArray> Function(string name) => Array.Find(Functions, f => f.Name == name).F;

    [Theory]
    [MemberData(nameof(Names))]
    public void NaN_inputs_give_NaN_eagerly_and_jitted(string name)
    {
        var f = Function(name);
        foreach (var dtype in new[] { DType.Float64, DType.Float32 })
        {
            // NaN alone, and NaN among numbers: a reduction or normalization over the row is NaN too.
            var x = Np.Array(double.NaN, 0.5, -2.0).AsType(dtype);
            var eager = f(x).ToArray<double>();
            var jitted = Jax.Jit(f)(x).ToArray<double>();
            Assert.True(double.IsNaN(eager[0]), $"{name}({dtype} NaN) = {eager[0]}, expected NaN");
            Assert.True(double.IsNaN(jitted[0]), $"Jit({name})({dtype} NaN) = {jitted[0]}, expected NaN");
            NumericAssert.Identical(f(x), Jax.Jit(f)(x), $"{name}, jit against eager");
        }
    }

    [Theory]
    [InlineData("Nn.Relu")]
    [InlineData("Np.Maximum(x, 0)")]
    [InlineData("Np.Maximum(0, x)")]
    [InlineData("Np.Minimum(x, 1)")]
    [InlineData("Np.Clip(x, -1, 1)")]
    public void Derivatives_of_max_min_and_clip_are_zero_at_NaN_as_in_JAX(string name)
    {
        var f = Function(name);
        var x = Np.Array(double.NaN);
        Assert.Equal(0.0, (double)Jax.Grad((NDArray t) => Np.Sum(f(t)))(x)[0]);
        Assert.Equal(0.0, (double)Jax.Jvp(f, x, Np.OnesLike(x)).Tangent[0]);
        Assert.Equal(0.0, (double)Jax.Jit(Jax.Grad((NDArray t) => Np.Sum(f(t))))(x)[0]);
    }

    [Theory]
    [InlineData("Nn.Sigmoid")]
    [InlineData("Nn.Softplus")]
    [InlineData("Np.Tanh")]
    [InlineData("Nn.LogSumExp")]
    public void Derivatives_of_smooth_functions_are_NaN_at_NaN(string name)
    {
        var f = Function(name);
        var g = Jax.Grad((NDArray t) => Np.Sum(f(t)))(Np.Array(double.NaN, 1.0));
        Assert.True(double.IsNaN((double)g[0]), $"d{name}(NaN) = {g[0]}");
    }

    [Fact]
    public void Where_differentiates_both_branches_and_the_double_where_keeps_the_gradient_finite()
    {
        // As the README and Np.Where's docs say (and as in JAX): sqrt's infinite derivative at 0 leaks through
        // the unselected branch, and making that branch's input safe fixes it.
        var x = Np.Array(0.0, 4.0);
        var naive = Jax.Grad((NDArray t) => Np.Sum(Np.Where(t > 0, Np.Sqrt(t), 0.0)))(x).ToArray<double>();
        Assert.True(double.IsNaN(naive[0]));
        Assert.Equal(0.25, naive[1]);
        var fixedGrad = Jax.Grad((NDArray t) =>
        {
            var safe = Np.Where(t > 0, t, 1.0);
            return Np.Sum(Np.Where(t > 0, Np.Sqrt(safe), 0.0));
        })(x).ToArray<double>();
        Assert.Equal(new[] { 0.0, 0.25 }, fixedGrad);
    }

    [Fact]
    public void Relu_keeps_JAX_derivative_zero_at_zero_and_its_values_elsewhere()
    {
        var x = Np.Array(-2.0, -0.0, 0.0, 1e-300, 3.0, double.NegativeInfinity, double.PositiveInfinity);
        Assert.Equal(new[] { 0.0, 0.0, 0.0, 1e-300, 3.0, 0.0, double.PositiveInfinity }, Nn.Relu(x).ToArray<double>());
        Assert.Equal(new[] { 0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 1.0 }, Jax.Grad((NDArray t) => Np.Sum(Nn.Relu(t)))(x).ToArray<double>());
    }
}
