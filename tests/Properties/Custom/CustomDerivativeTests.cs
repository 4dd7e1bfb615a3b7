using System;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Functional.AD.Testing;
using Xunit;
using static Functional.AD.Jax;
using static Functional.AD.Properties.Primitives.Generators;

namespace Functional.AD.Properties.Custom;

/// <summary>CustomJvp and CustomVjp: the user's rules are used by every transform, checked with PrimitiveLaws.</summary>
public class CustomDerivativeTests
{
    private static readonly LawOptions Quick = new() { MaxTest = 20 };

    /// <summary>log(1 + e^x) with the stable derivative sigmoid(x) as a custom JVP.</summary>
    private static readonly Func<NDArray, NDArray> Log1pExp =
        CustomJvp((NDArray x) => Np.Log1p(Np.Exp(x)), (x, t) => (Np.Log1p(Np.Exp(x)), t * Nn.Sigmoid(x)));

    /// <summary>sin with a backward pass that clips the cotangent to [-0.1, 0.1].</summary>
    private static readonly Func<NDArray, NDArray> ClippedSin = CustomVjp<NDArray, NDArray, NDArray>(
        x => Np.Sin(x), x => (Np.Sin(x), Np.Cos(x)), (cos, g) => Np.Clip(g * cos, -0.1, 0.1));

    private static Gen<NDArray> Vectors => from n in Gen.Choose(1, 5) from x in Array(new[] { n }, Uniform(-3, 3)) select x;

    [Fact]
    public void CustomJvp_rules_are_used_by_every_transform()
    {
        Func<NDArray, NDArray> plain = x => Np.Sum(Np.Log1p(Np.Exp(x)));
        Func<NDArray, NDArray> custom = x => Np.Sum(Log1pExp(x));
        PropertyCheck.ForAll(Vectors, x =>
        {
            var xs = Np.Stack(new[] { x, x * 0.5 });
            NumericAssert.AllClose(plain(x), custom(x), "value", 1e-10);
            NumericAssert.AllClose(Nn.Sigmoid(x), Grad(custom)(x), "Grad", 1e-10);
            NumericAssert.AllClose(Nn.Sigmoid(x), Jit(Grad(custom))(x), "Jit(Grad)", 1e-10);
            NumericAssert.AllClose(Nn.Sigmoid(x) * x, Jvp(Log1pExp, x, x).Tangent, "Jvp", 1e-10);
            NumericAssert.AllClose(Hessian(plain)(x), Hessian(custom)(x), "Hessian", 1e-9);
            NumericAssert.AllClose(Vmap(Grad(plain))(xs), Vmap(Grad(custom))(xs), "Vmap(Grad)", 1e-10);
            NumericAssert.AllClose(Grad((NDArray b) => Np.Sum(Vmap(Log1pExp)(b)))(xs), Nn.Sigmoid(xs), "Grad(Vmap)", 1e-10);
        }, maxTest: 20);
        // The rule, not the function, is differentiated: a straight-through rule for abs.
        var straightThrough = CustomJvp((NDArray x) => Np.Abs(x), (x, t) => (Np.Abs(x), t));
        NumericAssert.AllClose(Np.Ones(new[] { 3 }), Grad((NDArray x) => Np.Sum(straightThrough(x)))(Np.Array(0.3, 1.7, -2.2)), "straight-through", 1e-10);
        Assert.Contains("custom_jvp_call[", MakeJaxpr(Log1pExp)(Np.Array(1.0)).ToString());
    }

    [Fact]
    public void CustomVjp_backward_passes_are_used_in_reverse_mode()
    {
        Func<NDArray, NDArray> loss = x => Np.Sum(ClippedSin(x));
        PropertyCheck.ForAll(Vectors, x =>
        {
            var clipped = Np.Clip(Np.Cos(x), -0.1, 0.1);
            var xs = Np.Stack(new[] { x, x * 0.5 });
            NumericAssert.AllClose(Np.Sin(x), ClippedSin(x), "value", 1e-10);
            NumericAssert.AllClose(clipped, Grad(loss)(x), "Grad", 1e-10);
            NumericAssert.AllClose(clipped, Jit(Grad(loss))(x), "Jit(Grad)", 1e-10);
            NumericAssert.AllClose(Np.Clip(Np.Cos(xs), -0.1, 0.1), Vmap(Grad(loss))(xs), "Vmap(Grad)", 1e-10);
            NumericAssert.AllClose(Np.Clip(Np.Cos(xs), -0.1, 0.1), Grad((NDArray b) => Np.Sum(Vmap(ClippedSin)(b)))(xs), "Grad(Vmap)", 1e-10);
        }, maxTest: 20);
        Assert.Contains("custom_vjp_call[", MakeJaxpr(ClippedSin)(Np.Array(1.0)).ToString());
    }

    [Fact]
    public void PrimitiveLaws_accept_correct_custom_rules_and_catch_wrong_ones()
    {
        var inputs = Vectors.Select(x => new[] { x });
        PrimitiveLaws.Check(xs => new[] { Log1pExp(xs[0]) }, inputs, Quick);
        var exactVjp = CustomVjp<NDArray, NDArray, NDArray>(x => Np.Sin(x), x => (Np.Sin(x), Np.Cos(x)), (cos, g) => g * cos);
        PrimitiveLaws.Check(xs => new[] { exactVjp(xs[0]) }, inputs, Quick);

        var wrongJvp = CustomJvp((NDArray x) => Np.Log1p(Np.Exp(x)), (x, t) => (Np.Log1p(Np.Exp(x)), -t * Nn.Sigmoid(x)));
        var jvp = Assert.Throws<LawViolationException>(() => PrimitiveLaws.JvpMatchesFiniteDifferences(xs => new[] { wrongJvp(xs[0]) }, inputs, Quick));
        Assert.Contains("JVP = finite differences", jvp.Message);

        var wrongVjp = CustomVjp<NDArray, NDArray, NDArray>(x => Np.Sin(x), x => (Np.Sin(x), Np.Cos(x)), (cos, g) => g * cos * 2.0);
        var vjp = Assert.Throws<LawViolationException>(() => PrimitiveLaws.VjpMatchesFiniteDifferences(xs => new[] { wrongVjp(xs[0]) }, inputs, Quick));
        Assert.Contains("VJP = finite differences", vjp.Message);
    }

    [Fact]
    public void Differentiating_a_value_the_function_closes_over_is_refused()
    {
        var w = Np.Array(2.0, 3.0);
        var jvpEx = Assert.ThrowsAny<ArgumentException>(() => Grad((NDArray s) =>
            Np.Sum(CustomJvp((NDArray v) => v * s, (v, t) => (v * s, t * s))(w)))(Np.Scalar(1.0)));
        Assert.Contains("closes over", jvpEx.Message);
        var vjpEx = Assert.ThrowsAny<ArgumentException>(() => Grad((NDArray s) =>
            Np.Sum(CustomVjp<NDArray, NDArray, NDArray>(v => v * s, v => (v * s, s), (r, g) => g * r)(w)))(Np.Scalar(1.0)));
        Assert.Contains("closes over", vjpEx.Message);
        // Closing over a constant that is not differentiated is fine.
        NumericAssert.AllClose(Np.Array(2.0, 2.0), Grad((NDArray v) => Np.Sum(CustomJvp((NDArray u) => u * 2.0, (u, t) => (u * 2.0, t * 2.0))(v)))(w), "constant closure", 1e-10);
    }

    [Fact]
    public void Rules_returning_the_wrong_types_fail_naming_them()
    {
        var bad = CustomJvp((NDArray x) => Np.Sin(x), (x, t) => (Np.Sin(x), Np.Sum(t)));
        var ex = Assert.ThrowsAny<ArgumentException>(() => Jvp(bad, Np.Array(1.0, 2.0), Np.Array(1.0, 1.0)));
        Assert.Contains("tangent output", ex.Message);
        Assert.Contains("f64[2]", ex.Message);
    }
}
