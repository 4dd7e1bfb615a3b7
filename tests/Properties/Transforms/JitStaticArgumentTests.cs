using System;
using System.Collections.Generic;
using Xunit;
using static Functional.AD.Jax;

namespace Functional.AD.Properties.Transforms;

/// <summary>Zero-argument Jit and Jit with a static argument (part of the cache key, passed untraced).</summary>
public class JitStaticArgumentTests
{
    private enum Activation { Tanh, Relu }

    private sealed record Config(int Repeats, Activation Activation);

    [Fact]
    public void Zero_argument_Jit_traces_once_and_reads_its_constants_once()
    {
        int calls = 0;
        var c = Np.Array(1.0, 2.0, 3.0);
        var f = Jit(() => { calls++; return (Np.Sum(Np.Sin(c)), c * 2.0); });
        var (s, d) = f();
        f();
        Assert.Equal(1, calls);
        NumericAssert.AllClose(Np.Sum(Np.Sin(c)), s, "value", 1e-15);
        NumericAssert.AllClose(c * 2.0, d, "value", 0);
        Assert.Throws<ArgumentNullException>(() => Jit((Func<NDArray>)null!));
        // Closing over a traced value: Grad sees through it.
        var g = Grad((NDArray x) => Jit(() => Np.Sum(x * x))())(c);
        NumericAssert.AllClose(c * 2.0, g, "value", 0);
    }

    [Fact]
    public void A_static_argument_is_passed_untraced_and_keys_the_cache()
    {
        int traces = 0;
        var f = Jit((NDArray x, Config cfg) =>
        {
            traces++;
            var y = x;
            for (int i = 0; i < cfg.Repeats; i++)   // C# control flow on the static value
                y = cfg.Activation == Activation.Tanh ? Np.Tanh(y) : Nn.Relu(y);
            return y;
        }, staticArgnums: 1);
        var x = Np.Array(-0.5, 0.25, 2.0);
        NumericAssert.AllClose(Np.Tanh(Np.Tanh(x)), f(x, new Config(2, Activation.Tanh)), "value", 1e-15);
        f(x * 3.0, new Config(2, Activation.Tanh));   // an equal record: no retrace
        Assert.Equal(1, traces);
        NumericAssert.AllClose(Nn.Relu(x), f(x, new Config(1, Activation.Relu)), "value", 0);
        Assert.Equal(2, traces);
        f(Np.Array(1f, 2f), new Config(1, Activation.Relu));   // a new signature of the traced argument
        Assert.Equal(3, traces);
        f(x, new Config(2, Activation.Tanh));
        Assert.Equal(3, traces);
    }

    [Fact]
    public void Static_ints_strings_and_the_first_position_work_and_compose_with_transforms()
    {
        var traced = new List<string>();
        var f = Jit((string op, NDArray x) =>
        {
            traced.Add(op);
            return op switch { "sin" => Np.Sum(Np.Sin(x)), "square" => Np.Sum(x * x), _ => throw new ArgumentException(op) };
        }, staticArgnums: 0);
        var x = Np.Array(0.1, 0.2);
        NumericAssert.AllClose(Np.Cos(x), Grad((NDArray t) => f("sin", t))(x), "value", 1e-15);
        NumericAssert.AllClose(x * 2.0, Grad((NDArray t) => f("square", t))(x), "value", 1e-15);
        NumericAssert.AllClose(Np.Array(Math.Sin(0.1) + Math.Sin(0.2), Math.Sin(0.2) + Math.Sin(0.4)),
            Vmap((NDArray t) => f("sin", t))(Np.Stack([x, x * 2.0])), "value", 1e-15);
        Assert.Equal(["sin", "square"], traced);   // once per value: Grad and Vmap reuse the trace at the per-example signature
        var n = Jit((int k) => Np.Arange(k) * 2, staticArgnums: 0);
        Assert.Equal(new[] { 0, 2, 4 }, n(3).ToArray<int>());
        Assert.Equal(new[] { 0, 2 }, n(2).ToArray<int>());
    }

    [Fact]
    public void Static_arguments_reject_arrays_and_bad_positions()
    {
        var f = Jit((NDArray x, NDArray y) => x * y, staticArgnums: 1);
        var e = Assert.Throws<ArgumentException>(() => f(Np.Scalar(1.0), Np.Ones([3], DType.Float32)));
        Assert.Contains("static argument 1", e.Message);
        Assert.Contains("f32[3]", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Jit((NDArray x, int k) => x * k, staticArgnums: 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Jit((int k) => Np.Arange(k), staticArgnums: 1));
    }

    [Fact]
    public void DisableJit_runs_static_and_zero_argument_functions_eagerly_too()
    {
        var f = Jit((NDArray x, int k) => (double)x > 0 ? x * k : x, staticArgnums: 1);
        var g = Jit(() => (double)Np.Scalar(2.0) > 0 ? Np.Scalar(1.0) : Np.Scalar(0.0));
        Assert.Throws<ConcretizationException>(() => f(Np.Scalar(2.0), 3));
        using (DisableJit())
        {
            Assert.Equal(6.0, (double)f(Np.Scalar(2.0), 3));
            Assert.Equal(1.0, (double)g());
        }
    }
}
