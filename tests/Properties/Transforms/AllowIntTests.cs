using System;
using FsCheck;
using FsCheck.Fluent;
using Xunit;
using static Functional.AD.Jax;
using static Functional.AD.Properties.Transforms.AuxArgnumsSupport;

namespace Functional.AD.Properties.Transforms;

/// <summary>
/// JAX's allow_int: Grad and ValueAndGrad of a record of parameters carrying an integer step counter and a bool flag.
/// Integer and bool leaves get a zero gradient of their own dtype (the library's float0); float leaves their gradient,
/// derived by hand; under Jit and Vmap too. Without allowInt, an integer leaf is an error naming it.
/// </summary>
public class AllowIntTests
{
    /// <summary>Parameters with an integer step counter and a bool flag beside the weights.</summary>
    public sealed record State(NDArray W, NDArray Step, NDArray Flag);

    /// <summary>f = step · Σ w² + (flag ? Σ sin w : 0).</summary>
    private static NDArray Loss(State s) =>
        (s.Step.AsType(DType.Float64) * Np.Sum(s.W * s.W)) + Np.Where(s.Flag, Np.Sum(Np.Sin(s.W)), 0.0);

    /// <summary>∂f/∂w = 2 step w + (flag ? cos w : 0), by hand.</summary>
    private static NDArray ExpectedW(NDArray w, int step, bool flag) =>
        (w * (2.0 * step)) + (flag ? Np.Cos(w) : Np.ZerosLike(w));

    private static Gen<(NDArray W, int Step, bool Flag)> States() =>
        Vector().SelectMany(w => Gen.Choose(0, 5).SelectMany(step => Gen.Elements(true, false).Select(flag => (w, step, flag))));

    private static State Make(NDArray w, int step, bool flag) => new(w, Np.Scalar(step), Np.Scalar(flag ? 1 : 0) > 0);

    private static void AssertZeroOf(NDArray expectedLike, NDArray zero, string what)
    {
        Assert.Equal(expectedLike.Shape, zero.Shape);
        Assert.Equal(expectedLike.DType, zero.DType);
        if (zero.DType == DType.Bool) Assert.All(zero.ToArray<bool>(), b => Assert.False(b));
        else Assert.All(zero.ToArray<int>(), v => Assert.Equal(0, v));
        _ = what;
    }

    [Fact]
    public void Integer_and_bool_leaves_get_a_zero_of_their_dtype_and_float_leaves_their_gradient()
    {
        PropertyCheck.ForAll(States(), c =>
        {
            var s = Make(c.W, c.Step, c.Flag);
            var g = Grad<State>(Loss, allowInt: true)(s);
            Close(ExpectedW(c.W, c.Step, c.Flag), g.W, "w", 1e-12);
            AssertZeroOf(s.Step, g.Step, "step");
            AssertZeroOf(s.Flag, g.Flag, "flag");
            var (value, vg) = ValueAndGrad<State>(Loss, allowInt: true)(s);
            NumericAssert.Identical(Loss(s), value, "value");
            Close(ExpectedW(c.W, c.Step, c.Flag), vg.W, "value_and_grad w", 1e-12);
            AssertZeroOf(s.Step, vg.Step, "value_and_grad step");
        });
    }

    [Fact]
    public void Allow_int_gradients_work_under_jit_and_vmap()
    {
        PropertyCheck.ForAll(States(), c =>
        {
            var s = Make(c.W, c.Step, c.Flag);
            var jitted = Jit(Grad<State>(Loss, allowInt: true))(s);
            Close(ExpectedW(c.W, c.Step, c.Flag), jitted.W, "jit w", 1e-12);
            AssertZeroOf(s.Step, jitted.Step, "jit step");
            AssertZeroOf(s.Flag, jitted.Flag, "jit flag");
            // a batch of two states with different step counters and flags: each example as the loop computes it
            var other = Make(c.W * 0.5, c.Step + 1, !c.Flag);
            var batch = new State(Np.Stack([s.W, other.W]), Np.Stack([s.Step, other.Step]), Np.Stack([s.Flag, other.Flag]));
            var mapped = Vmap(Grad<State>(Loss, allowInt: true))(batch);
            Close(ExpectedW(c.W, c.Step, c.Flag), mapped.W[0], "vmap w 0", 1e-12);
            Close(ExpectedW(c.W * 0.5, c.Step + 1, !c.Flag), mapped.W[1], "vmap w 1", 1e-12);
            AssertZeroOf(batch.Step, mapped.Step, "vmap step");
            AssertZeroOf(batch.Flag, mapped.Flag, "vmap flag");
        }, maxTest: 20);
    }

    [Fact]
    public void Forward_over_reverse_through_integer_leaves_gives_the_hessian_vector_product()
    {
        PropertyCheck.ForAll(States(), c =>
        {
            var s = Make(c.W, c.Step, c.Flag);
            var v = Np.OnesLike(c.W) * 0.25;
            var tangents = new State(v, Np.ZerosLike(s.Step), s.Flag);
            var (_, hv) = Jvp(Grad<State>(Loss, allowInt: true), s, tangents);
            // H v = 2 step v - (flag ? sin w · v : 0), by hand
            var expected = (v * (2.0 * c.Step)) - (c.Flag ? Np.Sin(c.W) * v : Np.ZerosLike(c.W));
            Close(expected, hv.W, "Hv", 1e-12);
            AssertZeroOf(s.Step, hv.Step, "step");
        }, maxTest: 20);
    }

    [Fact]
    public void An_integer_leaf_without_allow_int_is_an_error_naming_the_leaf()
    {
        var s = Make(Np.Array(1.0, 2.0), 3, true);
        var e = Assert.Throws<ArgumentException>(() => Grad<State>(Loss)(s));
        Assert.Contains("Step", e.Message);
        Assert.Contains("allowInt", e.Message);
        var scalar = Assert.Throws<ArgumentException>(() => Grad((NDArray x) => x.AsType(DType.Float64) * 2.0)(Np.Scalar(3)));
        Assert.Contains("allowInt", scalar.Message);
    }

    [Fact]
    public void Grad_of_an_integer_array_with_allow_int_is_its_zero()
    {
        var g = Grad((NDArray x) => Np.Sum(x.AsType(DType.Float64)) * 2.0, allowInt: true)(Np.Array(1, 2, 3));
        AssertZeroOf(Np.Array(1, 2, 3), g, "int array");
    }

    [Fact]
    public void Jvp_through_integer_leaves_gives_float_tangents_and_zero_integer_tangents()
    {
        PropertyCheck.ForAll(States(), c =>
        {
            var s = Make(c.W, c.Step, c.Flag);
            var v = Np.OnesLike(c.W) * 0.5;
            var tangents = new State(v, Np.ZerosLike(s.Step), s.Flag);
            var (primal, tangent) = Jvp((State p) => (Loss(p), p.Step + 1), s, tangents);
            NumericAssert.Identical(Loss(s), primal.Item1, "primal");
            Close(Np.Sum(ExpectedW(c.W, c.Step, c.Flag) * v), tangent.Item1, "tangent", 1e-12);
            AssertZeroOf(s.Step, tangent.Item2, "integer output's tangent");
        });
    }
}
