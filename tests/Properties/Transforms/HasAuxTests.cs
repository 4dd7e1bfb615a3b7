using System.Collections.Generic;
using System.Linq;
using Xunit;
using static Functional.AD.Jax;
using static Functional.AD.Properties.Transforms.AuxArgnumsSupport;

namespace Functional.AD.Properties.Transforms;

/// <summary>
/// JAX's has_aux (the <c>...WithAux</c> transforms): the value is differentiated, the aux comes back as computed,
/// beside the result, and the whole works under Jit, Vmap and nesting. Expected derivatives are derived by hand.
/// </summary>
public class HasAuxTests
{
    /// <summary>f(x) = Σ x sin x, with aux (2x, Σ x): the gradient is sin x + x cos x.</summary>
    private static (NDArray Value, (NDArray Doubled, NDArray Total) Aux) F(NDArray x) =>
        (Np.Sum(x * Np.Sin(x)), (x * 2.0, Np.Sum(x)));

    private static NDArray FGrad(NDArray x) => Np.Sin(x) + x * Np.Cos(x);

    [Fact]
    public void GradWithAux_returns_the_gradient_of_the_value_and_the_aux_as_computed()
    {
        var g = GradWithAux<NDArray, (NDArray, NDArray)>(F);
        PropertyCheck.ForAll(Vector(), x =>
        {
            var (grad, (doubled, total)) = g(x);
            Close(FGrad(x), grad, "gradient");
            NumericAssert.Identical(x * 2.0, doubled, "aux.Doubled");
            NumericAssert.Identical(Np.Sum(x), total, "aux.Total");
        });
    }

    [Fact]
    public void ValueAndGradWithAux_is_shaped_as_JAX_value_aux_then_grad()
    {
        var vg = ValueAndGradWithAux<NDArray, (NDArray, NDArray)>(F);
        PropertyCheck.ForAll(Vector(), x =>
        {
            var ((value, (doubled, _)), grad) = vg(x);
            NumericAssert.Identical(Np.Sum(x * Np.Sin(x)), value, "value");
            NumericAssert.Identical(x * 2.0, doubled, "aux");
            Close(FGrad(x), grad, "gradient");
        });
    }

    [Fact]
    public void The_aux_of_a_pytree_function_may_be_any_pytree_or_null()
    {
        var p = new Dictionary<string, NDArray> { ["w"] = Np.Array(0.5, -1.0), ["b"] = Np.Array(2.0) };
        var (grad, aux) = GradWithAux((Dictionary<string, NDArray> q) =>
            (Np.Sum(q["w"] * q["w"]) + Np.Sum(q["b"]), new List<NDArray> { q["w"] + 1.0, q["b"] }))(p);
        Close(Np.Array(1.0, -2.0), grad["w"], "dw");
        Close(Np.Array(1.0), grad["b"], "db");
        Assert.Equal(2, aux.Count);
        Close(Np.Array(1.5, 0.0), aux[0], "aux[0]");

        var (g2, none) = GradWithAux((NDArray x) => (Np.Sum(x * x), (object?)null))(Np.Array(3.0));
        Close(Np.Array(6.0), g2, "gradient with a null aux");
        Assert.Null(none);
    }

    [Fact]
    public void The_aux_is_the_primal_an_enclosing_Grad_still_differentiates_through_it()
    {
        // inner: value Σ x³/3 (gradient x²), aux Σ sin x. outer: Σ x² + Σ sin x, whose gradient is 2x + cos x.
        var inner = GradWithAux((NDArray x) => (Np.Sum(x * x * x) / 3.0, Np.Sum(Np.Sin(x))));
        var outer = Grad((NDArray x) =>
        {
            var (g, aux) = inner(x);
            return Np.Sum(g) + aux;
        });
        PropertyCheck.ForAll(Vector(), x => Close(x * 2.0 + Np.Cos(x), outer(x), "outer gradient"));
    }

    [Fact]
    public void GradWithAux_of_GradWithAux_gives_second_derivatives_and_passes_the_inner_aux_out()
    {
        var inner = GradWithAux((NDArray x) => (Np.Sum(x * x * x) / 3.0, Np.Sum(Np.Sin(x))));
        var outer = GradWithAux((NDArray x) =>
        {
            var (g, aux) = inner(x);
            return (Np.Sum(g * g), aux);   // Σ x⁴: gradient 4x³
        });
        PropertyCheck.ForAll(Vector(), x =>
        {
            var (grad, aux) = outer(x);
            Close(x * x * x * 4.0, grad, "second-order gradient");
            Close(Np.Sum(Np.Sin(x)), aux, "aux");
        });
    }

    [Fact]
    public void Vmap_of_GradWithAux_gives_per_example_gradients_and_aux()
    {
        var g = GradWithAux<NDArray, (NDArray, NDArray)>(F);
        var batched = Vmap(g);
        PropertyCheck.ForAll(Batch(), xs =>
        {
            var (grads, (doubled, totals)) = batched(xs);
            var rows = Enumerable.Range(0, xs.Shape[0]).Select(i => g(xs[i])).ToArray();
            Close(Np.Stack(rows.Select(r => r.Grad).ToArray()), grads, "per-example gradients");
            Close(Np.Stack(rows.Select(r => r.Aux.Item1).ToArray()), doubled, "per-example aux");
            Close(Np.Stack(rows.Select(r => r.Aux.Item2).ToArray()), totals, "per-example aux totals");
            Assert.Equal(new Shape(xs.Shape[0]), totals.Shape);
        }, maxTest: 30);
    }

    [Fact]
    public void Jit_of_ValueAndGradWithAux_equals_eager()
    {
        var eager = ValueAndGradWithAux<NDArray, (NDArray, NDArray)>(F);
        var jitted = Jit(eager);
        PropertyCheck.ForAll(Vector(), x =>
        {
            var ((v1, (d1, t1)), g1) = eager(x);
            var ((v2, (d2, t2)), g2) = jitted(x);
            Close(v1, v2, "value");
            Close(d1, d2, "aux");
            Close(t1, t2, "aux total");
            Close(g1, g2, "gradient");
        }, maxTest: 20);
    }

    [Fact]
    public void JvpWithAux_pushes_the_tangent_of_the_output_only()
    {
        PropertyCheck.ForAll(Vector(), x =>
        {
            var v = Np.Linspace(-1, 1, x.Size) + 0.25;
            var (primal, tangent, aux) = JvpWithAux((NDArray t) => (t * Np.Sin(t), Np.Exp(t)), x, v);
            NumericAssert.Identical(x * Np.Sin(x), primal, "primal");
            Close(FGrad(x) * v, tangent, "tangent");
            NumericAssert.Identical(Np.Exp(x), aux, "aux");
            // curried, and the same under Jit
            var (_, t2, a2) = Jit((NDArray p) => JvpWithAux((NDArray t) => (t * Np.Sin(t), Np.Exp(t)))(p, v))(x);
            Close(tangent, t2, "jitted tangent");
            Close(aux, a2, "jitted aux");
        });
    }

    [Fact]
    public void VjpWithAux_and_LinearizeWithAux_agree_with_the_Jacobian_and_return_the_aux()
    {
        PropertyCheck.ForAll(Vector(), x =>
        {
            var u = Np.Linspace(1, -1, x.Size) - 0.1;
            var (value, pullback, aux) = VjpWithAux((NDArray t) => (t * Np.Sin(t), Np.Sum(t)), x);
            NumericAssert.Identical(x * Np.Sin(x), value, "value");
            Close(FGrad(x) * u, pullback(u), "pullback");
            NumericAssert.Identical(Np.Sum(x), aux, "vjp aux");
            var (lvalue, jvp, laux) = LinearizeWithAux((NDArray t) => (t * Np.Sin(t), Np.Sum(t)), x);
            NumericAssert.Identical(value, lvalue, "linearize value");
            Close(FGrad(x) * u, jvp(u), "linear map");
            NumericAssert.Identical(aux, laux, "linearize aux");
        });
    }

    /// <summary>g(x) = sin x · Σ x, aux x²: J[i, j] = δᵢⱼ cos xᵢ Σ x + sin xᵢ.</summary>
    private static (NDArray, NDArray) G(NDArray x) => (Np.Sin(x) * Np.Sum(x), x * x);

    private static NDArray GJacobian(NDArray x) =>
        Diag(Np.Cos(x) * Np.Sum(x)) + Np.Outer(Np.Sin(x), Np.OnesLike(x));

    [Fact]
    public void JacfwdWithAux_and_JacrevWithAux_match_the_hand_derived_Jacobian_and_return_the_aux()
    {
        PropertyCheck.ForAll(Vector(), x =>
        {
            var (jf, af) = JacfwdWithAux<NDArray>(G)(x);
            var (jr, ar) = JacrevWithAux<NDArray>(G)(x);
            Close(GJacobian(x), jf, "jacfwd");
            Close(GJacobian(x), jr, "jacrev");
            NumericAssert.Identical(x * x, af, "jacfwd aux");
            NumericAssert.Identical(x * x, ar, "jacrev aux");
            Close(FiniteJacobian(t => G(t).Item1, x), jf, "jacfwd against finite differences", 1e-6);
        });
    }

    [Fact]
    public void Jacobians_with_aux_work_under_Vmap_and_Jit()
    {
        var jf = JacfwdWithAux<NDArray>(G);
        var jr = JacrevWithAux<NDArray>(G);
        PropertyCheck.ForAll(Batch(), xs =>
        {
            var (jacs, auxs) = Vmap(jf)(xs);
            var (jacsRev, auxsRev) = Jit(Vmap(jr))(xs);
            for (int i = 0; i < xs.Shape[0]; i++)
            {
                Close(GJacobian(xs[i]), jacs[i], $"Vmap(JacfwdWithAux) example {i}");
                Close(GJacobian(xs[i]), jacsRev[i], $"Jit(Vmap(JacrevWithAux)) example {i}");
                Close(xs[i] * xs[i], auxs[i], $"aux {i}");
                Close(xs[i] * xs[i], auxsRev[i], $"jitted aux {i}");
            }
        }, maxTest: 20);
    }

    [Fact]
    public void HessianWithAux_matches_the_hand_derived_Hessian_and_returns_the_aux()
    {
        // Σ x³/3 + Σ x sin x: H = diag(2x + 2 cos x − x sin x).
        var h = HessianWithAux((NDArray x) => (Np.Sum(x * x * x) / 3.0 + Np.Sum(x * Np.Sin(x)), (x + 1.0, Np.Max(x))));
        PropertyCheck.ForAll(Vector(), x =>
        {
            var (hessian, (shifted, max)) = h(x);
            Close(Diag(x * 2.0 + Np.Cos(x) * 2.0 - x * Np.Sin(x)), hessian, "hessian");
            NumericAssert.Identical(x + 1.0, shifted, "aux");
            NumericAssert.Identical(Np.Max(x), max, "aux max");
            var (jitted, (jShifted, _)) = Jit(h)(x);
            Close(hessian, jitted, "Jit(HessianWithAux)");
            Close(shifted, jShifted, "jitted aux");
        }, maxTest: 30);
    }

    [Fact]
    public void GradWithAux_rejects_a_non_scalar_value_with_its_name()
    {
        var e = Assert.Throws<System.ArgumentException>(() => GradWithAux((NDArray x) => (x * 2.0, x))(Np.Array(1.0, 2.0)));
        Assert.Contains("GradWithAux", e.Message);
        Assert.Contains("gradient only defined for scalar-output functions", e.Message);
    }

    [Fact]
    public void GradWithAux_of_a_two_argument_function_differentiates_the_first_and_passes_the_second_through()
    {
        var g = GradWithAux((NDArray w, double scale) => (Np.Sum(w * w) * scale, w * scale));
        PropertyCheck.ForAll(Vector(), w =>
        {
            var (grad, aux) = g(w, 3.0);
            Close(w * 6.0, grad, "gradient");
            Close(w * 3.0, aux, "aux");
        });
    }

    [Fact]
    public void Jvp_of_GradWithAux_is_a_Hessian_vector_product_and_carries_the_aux_tangent()
    {
        // value Σ x³/3 + Σ x sin x (H = diag(2x + 2 cos x − x sin x)), aux x²: an outer Jvp sees the aux's tangent 2x v.
        var g = GradWithAux((NDArray x) => (Np.Sum(x * x * x) / 3.0 + Np.Sum(x * Np.Sin(x)), x * x));
        PropertyCheck.ForAll(Vector(), x =>
        {
            var v = Np.Linspace(-1, 1, x.Size) + 0.5;
            var (primal, tangent) = Jvp(g, x, v);
            Close((x * 2.0 + Np.Cos(x) * 2.0 - x * Np.Sin(x)) * v, tangent.Grad, "H v");
            Close(x * v * 2.0, tangent.Aux, "tangent of the aux");
            Close(x * x, primal.Aux, "aux");
        });
    }

    [Fact]
    public void GradWithAux_through_Checkpoint_and_Scan_returns_the_aux_of_the_last_step()
    {
        // h ← tanh(w h) three times; loss Σ h, aux the final h. Compared with Grad of the loss alone.
        static NDArray Run(NDArray w, NDArray h0) =>
            Lax.Scan((NDArray h, NDArray _) => { var n = Checkpoint((NDArray t) => Np.Tanh(w * t))(h); return (n, n); }, h0, Np.Zeros([3])).Carry;
        var h0 = Np.Array(0.5, -0.25);
        PropertyCheck.ForAll(Vector(), w =>
        {
            var hw = Np.Zeros([2]) + Np.Sum(w) / w.Size;   // a 2-vector from the generated values
            var (grad, aux) = Jit(GradWithAux((NDArray t) => { var h = Run(t, h0); return (Np.Sum(h), h); }))(hw);
            Close(Grad((NDArray t) => Np.Sum(Run(t, h0)))(hw), grad, "gradient");
            Close(Run(hw, h0), aux, "aux");
        }, maxTest: 20);
    }
}
