using System;
using System.Collections.Generic;
using FsCheck;
using FsCheck.Fluent;
using Xunit;
using static Functional.AD.Jax;
using static Functional.AD.Properties.Primitives.Generators;

namespace Functional.AD.Properties.Custom;

/// <summary>
/// Custom derivatives behave as JAX's (issue 14): a linear custom_jvp is transposed through its function, a call
/// outside transforms runs the function, rules see the Vmap values they close over, and forward mode of a
/// custom_vjp uses the user's backward pass. Expected values are finite differences or closed forms.
/// </summary>
public class CustomDerivativeParityTests
{
    private static Gen<NDArray> Vectors => from n in Gen.Choose(1, 5) from x in Array(new[] { n }, Uniform(-3, 3)) select x;

    /// <summary>Central differences of a scalar function of a vector (step 1e-6, f64).</summary>
    private static NDArray FiniteDifferenceGrad(Func<NDArray, NDArray> f, NDArray x, double h = 1e-6)
    {
        var xs = x.ToArray<double>();
        var g = new double[xs.Length];
        for (int i = 0; i < xs.Length; i++)
        {
            var plus = (double[])xs.Clone();
            var minus = (double[])xs.Clone();
            plus[i] += h;
            minus[i] -= h;
            g[i] = ((double)f(Np.Array(plus)) - (double)f(Np.Array(minus))) / (2 * h);
        }
        return Np.Array(g);
    }

    /// <summary>x ↦ 2 cumsum(x) + x, a linear function whose JVP rule applies the function itself to the tangent.</summary>
    private static Func<NDArray, NDArray> LinearCustomJvp()
    {
        Func<NDArray, NDArray>? g = null;
        g = CustomJvp((NDArray x) => Np.Cumsum(x, 0) * 2.0 + x, (x, t) => (g!(x), g!(t)));
        return g;
    }

    // ---- point 2: custom_jvp_call is transposed through its jaxpr ----

    [Fact]
    public void Grad_through_a_linear_custom_jvp_matches_finite_differences()
    {
        var g = LinearCustomJvp();
        Func<NDArray, NDArray> loss = x => Np.Sum(Np.Sin(g(x)) * x);
        PropertyCheck.ForAll(Vectors, x =>
        {
            var expected = FiniteDifferenceGrad(loss, x);
            NumericAssert.AllClose(expected, Grad(loss)(x), 1e-6, 1e-6, "Grad");
            NumericAssert.AllClose(expected, Jit(Grad(loss))(x), 1e-6, 1e-6, "Jit(Grad)");
            NumericAssert.AllClose(expected, Grad(Jit(loss))(x), 1e-6, 1e-6, "Grad(Jit)");
            var xs = Np.Stack(new[] { x, x * 0.5 });
            var loop = Np.Stack(new[] { Grad(loss)(x), Grad(loss)(x * 0.5) });
            NumericAssert.AllClose(loop, Vmap(Grad(loss))(xs), 1e-12, 1e-12, "Vmap(Grad) == loop");
            // The transpose of the linear function itself: the reversed cumulative sum, times 2, plus the cotangent.
            var u = Np.Cos(x);
            var (_, pullback) = Vjp(g, x);
            var reversed = Np.Sum(u) - Np.Cumsum(u, 0) + u;   // Σ_{j ≥ i} u_j
            NumericAssert.AllClose(reversed * 2.0 + u, pullback(u), 1e-12, 1e-12, "Vjp pullback");
        }, maxTest: 20);
    }

    [Fact]
    public void Transposing_a_custom_jvp_that_applies_a_non_linear_function_to_the_tangent_names_the_primitive()
    {
        Func<NDArray, NDArray>? g = null;
        g = CustomJvp((NDArray x) => Np.Sin(x), (x, t) => (g!(x), g!(t)));
        var ex = Assert.ThrowsAny<InvalidOperationException>(() => Grad((NDArray x) => Np.Sum(g(x)))(Np.Array(0.5, 1.0)));
        Assert.Contains("sin", ex.Message);
        Assert.Contains("not linear", ex.Message);
    }

    // ---- point 4: outside transforms, the function runs on concrete values ----

    [Fact]
    public void A_custom_function_called_on_concrete_values_outside_transforms_runs_the_function()
    {
        // Ordinary C# control flow on the argument's value, as JAX allows outside transforms.
        var absJvp = CustomJvp((NDArray x) => (double)x >= 0 ? x : -x, (x, t) => (Np.Abs(x), t * Np.Sign(x)));
        var absVjp = CustomVjp<NDArray, NDArray, NDArray>(x => (double)x >= 0 ? x : -x, x => (Np.Abs(x), Np.Sign(x)), (s, g) => g * s);
        PropertyCheck.ForAll(Uniform(-3, 3), v =>
        {
            var x = Np.Scalar(v);
            NumericAssert.Close(Math.Abs(v), (double)absJvp(x), 0, 0, "CustomJvp");
            NumericAssert.Close(Math.Abs(v), (double)absVjp(x), 0, 0, "CustomVjp");
        }, maxTest: 20);
        // Under a transform the function is traced, and its control flow on a traced value fails as anywhere else.
        Assert.Throws<ConcretizationException>(() => Jit(absJvp)(Np.Scalar(1.0)));
        Assert.Throws<ConcretizationException>(() => Jit(absVjp)(Np.Scalar(1.0)));
    }

    // ---- point 5: a rule closing over a Vmap value ----

    [Fact]
    public void A_custom_jvp_rule_closing_over_a_mapped_value_is_batched_with_it()
    {
        // Grad outside Vmap: inside, x is not mapped but the rule reads the mapped s.
        Func<NDArray, NDArray, NDArray> loss = (x, ss) => Np.Sum(Vmap((NDArray s) =>
        {
            var h = CustomJvp((NDArray v) => Np.Sin(v) * s, (v, t) => (Np.Sin(v) * s, Np.Cos(v) * s * t));
            return Np.Sum(h(x));
        })(ss));
        var gen = from x in Vectors from k in Gen.Choose(1, 4) from ss in Array(new[] { k }, Uniform(-2, 2)) select (x, ss);
        PropertyCheck.ForAll(gen, c =>
        {
            var (x, ss) = c;
            // d/dx Σ_k Σ_i sin(x_i) s_k = cos(x) Σ_k s_k.
            var expected = Np.Cos(x) * Np.Sum(ss);
            NumericAssert.AllClose(expected, Grad((NDArray v) => loss(v, ss))(x), 1e-12, 1e-12, "Grad(Vmap)");
            NumericAssert.AllClose(expected, FiniteDifferenceGrad(v => loss(v, ss), x), 1e-6, 1e-6, "finite differences");
            // Vmap of Jvp equals the loop over examples.
            var batched = Vmap((NDArray s) => Jvp((NDArray v) => CustomJvp((NDArray u) => Np.Sin(u) * s, (u, t) => (Np.Sin(u) * s, Np.Cos(u) * s * t))(v), x, Np.OnesLike(x)).Tangent)(ss);
            var rows = new List<NDArray>();
            for (int k = 0; k < ss.Shape[0]; k++) rows.Add(Np.Cos(x) * ss[k]);
            NumericAssert.AllClose(Np.Stack(rows.ToArray()), batched, 1e-12, 1e-12, "Vmap(Jvp) == loop");
        }, maxTest: 15);
    }

    // ---- point 7: forward mode of custom_vjp uses the backward pass ----

    /// <summary>sin with the (deliberately different) derivative 2 cos x.</summary>
    private static readonly Func<NDArray, NDArray> DoubledSin = CustomVjp<NDArray, NDArray, NDArray>(
        x => Np.Sin(x), x => (Np.Sin(x), Np.Cos(x)), (cos, g) => g * cos * 2.0);

    [Fact]
    public void Jvp_and_Grad_of_a_custom_vjp_function_agree_on_the_users_rule()
    {
        var w = Np.Array(new[,] { { 1.0, -2.0 }, { 0.5, 3.0 } });
        // A backward pass mixing the operands: f(a, b) = (a b, a + b) with a rule scaled by 3 for the first output.
        var mixed = CustomVjp<(NDArray A, NDArray B), NDArray, (NDArray, NDArray)>(
            ab => Np.Matmul(w, ab.A) * ab.B,
            ab => (Np.Matmul(w, ab.A) * ab.B, (ab.A, ab.B)),
            (r, g) => (Np.Matmul(Np.Transpose(w), g * r.Item2) * 3.0, g * Np.Matmul(w, r.Item1) * 3.0));
        PropertyCheck.ForAll(Vectors, x =>
        {
            var t = Np.Sin(x) + 0.5;
            var expected = Np.Cos(x) * 2.0 * t;   // the rule's derivative, not sin's
            NumericAssert.AllClose(expected, Jvp(DoubledSin, x, t).Tangent, 1e-12, 1e-12, "Jvp");
            NumericAssert.AllClose(Np.Cos(x) * 2.0, Grad((NDArray v) => Np.Sum(DoubledSin(v)))(x), 1e-12, 1e-12, "Grad");
            NumericAssert.AllClose(Jacrev(DoubledSin)(x), Jacfwd(DoubledSin)(x), 1e-12, 1e-12, "Jacfwd == Jacrev");
            NumericAssert.AllClose(expected, Jit((NDArray v) => Jvp(DoubledSin, v, t).Tangent)(x), 1e-12, 1e-12, "Jit(Jvp)");
            var xs = Np.Stack(new[] { x, x * 0.5 });
            var ts = Np.Stack(new[] { t, t * -1.0 });
            NumericAssert.AllClose(Np.Cos(xs) * 2.0 * ts, Vmap((NDArray v, NDArray u) => Jvp(DoubledSin, v, u).Tangent, (0, 0))(xs, ts), 1e-12, 1e-12, "Vmap(Jvp)");
            // Second order: the derivative of the rule 2 cos x is -2 sin x.
            NumericAssert.AllClose(Np.Sin(x) * -2.0 * t, Jvp(Grad((NDArray v) => Np.Sum(DoubledSin(v))), x, t).Tangent, 1e-12, 1e-12, "Jvp(Grad)");
        }, maxTest: 20);
        var a = Np.Array(0.3, -1.2);
        var b = Np.Array(2.0, 0.7);
        var (da, db) = (Np.Array(1.0, -0.5), Np.Array(0.25, 2.0));
        // Jvp along (da, db) equals the contraction of the rule's Jacobian: 3 (w da) b + 3 (w a) db.
        var expectedMixed = (Np.Matmul(w, da) * b + Np.Matmul(w, a) * db) * 3.0;
        NumericAssert.AllClose(expectedMixed, Jvp(mixed, (a, b), (da, db)).Tangent, 1e-12, 1e-12, "two operands");
    }

    [Fact]
    public void Forward_mode_of_a_custom_vjp_whose_backward_pass_cannot_be_transposed_names_custom_vjp_and_suggests_CustomJvp()
    {
        var clipped = CustomVjp<NDArray, NDArray, NDArray>(x => Np.Sin(x), x => (Np.Sin(x), Np.Cos(x)), (cos, g) => Np.Clip(g * cos, -0.1, 0.1));
        var branching = CustomVjp<NDArray, NDArray, NDArray>(x => Np.Sin(x), x => (Np.Sin(x), Np.Cos(x)), (cos, g) => (double)Np.Sum(cos) > 0 ? g * cos : -g);
        var x = Np.Array(0.5, 1.5, -2.0);
        foreach (var f in new[] { clipped, branching })
        {
            var ex = Assert.ThrowsAny<InvalidOperationException>(() => Jvp(f, x, Np.OnesLike(x)));
            Assert.Contains("custom_vjp", ex.Message);
            Assert.Contains("Jax.CustomJvp", ex.Message);
            Assert.Contains("f64[3]", ex.Message);
            // Reverse mode never needs the transpose.
            NumericAssert.AllClose(Grad((NDArray v) => Np.Sum(f(v)))(x), Grad((NDArray v) => Np.Sum(f(v)))(x), 0, 0, "Grad still works");
        }
        NumericAssert.AllClose(Np.Clip(Np.Cos(x), -0.1, 0.1), Grad((NDArray v) => Np.Sum(clipped(v)))(x), 1e-12, 1e-12, "Grad uses the rule");
    }

    // ---- point 6: null cotangents and pullbacks in residuals ----

    [Fact]
    public void A_custom_vjp_backward_pass_may_return_null_for_a_zero_cotangent()
    {
        // f(a, b) = 2a + 0 Σb: the backward pass gives b no cotangent.
        var f = CustomVjp<(NDArray A, NDArray B), NDArray, NDArray>(
            ab => ab.A * 2.0 + Np.Sum(ab.B) * 0.0,
            ab => (ab.A * 2.0 + Np.Sum(ab.B) * 0.0, ab.A),
            (_, g) => (g * 2.0, null!));
        var nothing = CustomVjp<NDArray, NDArray, NDArray>(x => Np.Sin(x), x => (Np.Sin(x), Np.Cos(x)), (_, _) => null!);
        var gen = from a in Vectors from b in Array(new[] { 2 }, Uniform(-3, 3)) select (a, b);
        PropertyCheck.ForAll(gen, c =>
        {
            var (a, b) = c;
            var (ga, gb) = Grad(((NDArray A, NDArray B) ab) => Np.Sum(f(ab)))((a, b));
            NumericAssert.AllClose(Np.OnesLike(a) * 2.0, ga, 0, 0, "the cotangent given");
            NumericAssert.AllClose(Np.Zeros(new[] { 2 }), gb, 0, 0, "null: zeros of b's shape");
            NumericAssert.AllClose(Np.ZerosLike(a), Grad((NDArray x) => Np.Sum(nothing(x)))(a), 0, 0, "a null result: zeros");
            NumericAssert.AllClose(Np.ZerosLike(a), Jvp(nothing, a, a).Tangent, 0, 0, "forward mode of a zero rule");
        }, maxTest: 15);
        var single = Grad((NDArray x) => Np.Sum(nothing(x)))(Np.Array(1f, 2f));
        Assert.Equal(DType.Float32, single.DType);
        Assert.Equal(new[] { 2 }, single.Shape.ToArray());
    }

    [Fact]
    public void A_custom_vjp_may_keep_a_pullback_from_Vjp_in_its_residuals()
    {
        // JAX's idiom: the forward pass returns Vjp's pullback as the residual and the backward pass applies it (scaled by 3).
        Func<NDArray, NDArray> g = v => Np.Sin(v) * v;
        var f = CustomVjp<NDArray, NDArray, Func<NDArray, NDArray>>(g, x => Vjp(g, x), (pullback, ct) => pullback(ct) * 3.0);
        Func<NDArray, NDArray> loss = x => Np.Sum(f(x));
        PropertyCheck.ForAll(Vectors, x =>
        {
            var expected = (Np.Cos(x) * x + Np.Sin(x)) * 3.0;   // 3 d/dx (x sin x)
            NumericAssert.AllClose(expected, Grad(loss)(x), 1e-12, 1e-12, "Grad");
            NumericAssert.AllClose(expected, Jit(Grad(loss))(x), 1e-12, 1e-12, "Jit(Grad)");
            NumericAssert.AllClose(expected * x, Jvp(f, x, x).Tangent, 1e-12, 1e-12, "Jvp (the pullback transposed)");
            var xs = Np.Stack(new[] { x, x * -0.5 });
            NumericAssert.AllClose((Np.Cos(xs) * xs + Np.Sin(xs)) * 3.0, Vmap(Grad(loss))(xs), 1e-12, 1e-12, "Vmap(Grad)");
        }, maxTest: 15);
    }

    [Fact]
    public void A_pullback_from_Vjp_is_a_pytree_of_its_residuals()
    {
        var x = Np.Array(0.5, 1.0, -2.0);
        var u = Np.Array(1.0, -3.0, 0.25);
        var (_, pullback) = Vjp(Np.Sin, x);
        var (leaves, def) = Tree.Flatten(pullback);
        Assert.NotEmpty(leaves);
        var rebuilt = def.Unflatten<Func<NDArray, NDArray>>(leaves);
        NumericAssert.AllClose(Np.Cos(x) * u, rebuilt(u), 0, 0, "rebuilt from its own leaves");
        // Rebuilt around other residuals of the same types, it pulls back through them.
        var other = def.Unflatten<Func<NDArray, NDArray>>(Tree.Flatten(Vjp(Np.Sin, x * 2.0).Pullback).Leaves);
        NumericAssert.AllClose(Np.Cos(x * 2.0) * u, other(u), 0, 0, "rebuilt from other leaves");
        // Through Jit: the pullback is returned as a pytree.
        var jitted = Jit((NDArray v) => Vjp(Np.Sin, v).Pullback)(x);
        NumericAssert.AllClose(Np.Cos(x) * u, jitted(u), 1e-15, 0, "returned by Jit");
        // Any other function is not a pytree.
        var ex = Assert.ThrowsAny<ArgumentException>(() => Tree.Flatten<Func<NDArray, NDArray>>(v => v));
        Assert.Contains("pullback returned by Jax.Vjp", ex.Message);
    }
}
