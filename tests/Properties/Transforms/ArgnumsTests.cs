using System.Linq;
using FsCheck.Fluent;
using Xunit;
using static Functional.AD.Jax;
using static Functional.AD.Properties.Transforms.AuxArgnumsSupport;

namespace Functional.AD.Properties.Transforms;

/// <summary>
/// JAX's argnums as typed markers (<see cref="Argnums"/>): the gradient, Jacobian or Hessian with respect to the
/// selected arguments of two- and three-argument functions, a tuple when several are selected, under Jit, Vmap and
/// nesting. Expected derivatives are derived by hand or by finite differences.
/// </summary>
public class ArgnumsTests
{
    /// <summary>f(a, b) = Σ sin a · b²: ∂a = cos a · b², ∂b = 2 sin a · b.</summary>
    private static NDArray F(NDArray a, NDArray b) => Np.Sum(Np.Sin(a) * b * b);

    private static NDArray Da(NDArray a, NDArray b) => Np.Cos(a) * b * b;

    private static NDArray Db(NDArray a, NDArray b) => Np.Sin(a) * b * 2.0;

    /// <summary>h(a, b, c) = Σ (a b c + eᶜ a): ∂a = b c + eᶜ, ∂b = a c, ∂c = a b + eᶜ a.</summary>
    private static NDArray H(NDArray a, NDArray b, NDArray c) => Np.Sum(a * b * c + Np.Exp(c) * a);

    [Fact]
    public void Grad_with_argnums_differentiates_the_selected_argument_of_a_two_argument_function()
    {
        PropertyCheck.ForAll(Vectors2(), p =>
        {
            var (a, b) = p;
            Close(Da(a, b), Grad<NDArray, NDArray>(F, Argnums.First)(a, b), "argnums=0");
            Close(Db(a, b), Grad<NDArray, NDArray>(F, Argnums.Second)(a, b), "argnums=1");
            var (ga, gb) = Grad<NDArray, NDArray>(F, Argnums.All)(a, b);
            Close(Da(a, b), ga, "argnums=(0, 1), first");
            Close(Db(a, b), gb, "argnums=(0, 1), second");
            var (value, grad) = ValueAndGrad<NDArray, NDArray>(F, Argnums.Second)(a, b);
            NumericAssert.Identical(F(a, b), value, "value");
            Close(Db(a, b), grad, "value_and_grad argnums=1");
        });
    }

    [Fact]
    public void Grad_with_argnums_covers_every_selection_of_a_three_argument_function()
    {
        PropertyCheck.ForAll(Vectors3(), p =>
        {
            var (a, b, c) = p;
            var ea = b * c + Np.Exp(c);
            var eb = a * c;
            var ec = a * b + Np.Exp(c) * a;
            Close(ea, Grad<NDArray, NDArray, NDArray>(H, Argnums.First)(a, b, c), "argnums=0");
            Close(eb, Grad<NDArray, NDArray, NDArray>(H, Argnums.Second)(a, b, c), "argnums=1");
            Close(ec, Grad<NDArray, NDArray, NDArray>(H, Argnums.Third)(a, b, c), "argnums=2");
            var (g01a, g01b) = Grad<NDArray, NDArray, NDArray>(H, Argnums.FirstAndSecond)(a, b, c);
            Close(ea, g01a, "(0, 1)[0]");
            Close(eb, g01b, "(0, 1)[1]");
            var (g02a, g02c) = Grad<NDArray, NDArray, NDArray>(H, Argnums.FirstAndThird)(a, b, c);
            Close(ea, g02a, "(0, 2)[0]");
            Close(ec, g02c, "(0, 2)[1]");
            var (g12b, g12c) = Grad<NDArray, NDArray, NDArray>(H, Argnums.SecondAndThird)(a, b, c);
            Close(eb, g12b, "(1, 2)[0]");
            Close(ec, g12c, "(1, 2)[1]");
            var (value, (ga, gb, gc)) = ValueAndGrad<NDArray, NDArray, NDArray>(H, Argnums.All)(a, b, c);
            NumericAssert.Identical(H(a, b, c), value, "value");
            Close(ea, ga, "all[0]");
            Close(eb, gb, "all[1]");
            Close(ec, gc, "all[2]");
        });
    }

    [Fact]
    public void Arguments_that_are_not_differentiated_are_passed_through_unchanged_and_may_be_numbers()
    {
        var g = Grad((double scale, NDArray w, string tag) => Np.Sum(w * w) * (tag == "x2" ? 2 * scale : scale), Argnums.Second);
        PropertyCheck.ForAll(Vector(), w =>
        {
            Close(w * 6.0, g(3.0, w, "plain"), "scale 3");
            Close(w * 12.0, g(3.0, w, "x2"), "scale 6");
        });
    }

    [Fact]
    public void Grad_with_argnums_takes_pytree_arguments()
    {
        var g = Grad(((NDArray W, NDArray B) layer, NDArray x, NDArray y) =>
            Np.Sum(Np.Square(Np.Matmul(x, layer.W) + layer.B - y)), Argnums.First);
        var x = Np.Array(new double[,] { { 1, 2 }, { 3, 4 } });
        var y = Np.Array(new double[,] { { 1 }, { 0 } });
        var (gw, gb) = g((Np.Array(new double[,] { { 0.5 }, { -0.25 } }), Np.Array(0.1)), x, y);
        // residual r = x W + b − y = [[0.1 − 1 + 0.5 − 0.5], [1.5 − 1 + 0.1]] = [[-0.9], [0.6]]; dW = 2 xᵀ r, db = 2 Σ r
        Close(Np.Array(new double[,] { { 2 * (-0.9 + 3 * 0.6) }, { 2 * (2 * -0.9 + 4 * 0.6) } }), gw, "dW", 1e-12);
        Close(Np.Array(2 * (-0.9 + 0.6)), gb, "db", 1e-12);
    }

    [Fact]
    public void Jit_of_ValueAndGrad_with_argnums_equals_eager()
    {
        var eager = ValueAndGrad<NDArray, NDArray>(F, Argnums.Second);
        var jitted = Jit(eager);
        var both = Jit(Grad<NDArray, NDArray>(F, Argnums.All));
        PropertyCheck.ForAll(Vectors2(), p =>
        {
            var (a, b) = p;
            var (v1, g1) = eager(a, b);
            var (v2, g2) = jitted(a, b);
            Close(v1, v2, "value");
            Close(g1, g2, "gradient");
            var (ga, gb) = both(a, b);
            Close(Da(a, b), ga, "jitted (0, 1)[0]");
            Close(Db(a, b), gb, "jitted (0, 1)[1]");
        }, maxTest: 25);
    }

    [Fact]
    public void Vmap_of_Grad_with_argnums_gives_per_example_gradients()
    {
        var g = Grad<NDArray, NDArray>(F, Argnums.Second);
        PropertyCheck.ForAll(Batch().SelectMany(xs => Batch().Select(_ => xs)), xs =>
        {
            var ws = Np.Cos(xs) + 0.5;
            var batched = Vmap(g, (0, 0))(xs, ws);
            var shared = Vmap(g, (0, (int?)null))(xs, ws[0]);
            for (int i = 0; i < xs.Shape[0]; i++)
            {
                Close(Db(xs[i], ws[i]), batched[i], $"example {i}");
                Close(Db(xs[i], ws[0]), shared[i], $"example {i}, shared b");
            }
        }, maxTest: 25);
    }

    [Fact]
    public void Vmap_of_ValueAndGrad_with_argnums_maps_only_the_mapped_argument()
    {
        // b unmapped (in_axes None), a mapped: per example the value and ∂/∂a at (a_i, b).
        var vg = Vmap(ValueAndGrad<NDArray, NDArray>(F, Argnums.First), ((int?)0, null));
        PropertyCheck.ForAll(Batch(), xs =>
        {
            var b = Np.Linspace(0.5, 1.5, xs.Shape[1]);
            var (values, grads) = vg(xs, b);
            for (int i = 0; i < xs.Shape[0]; i++)
            {
                Close(F(xs[i], b), values[i], $"value {i}");
                Close(Da(xs[i], b), grads[i], $"gradient {i}");
            }
        }, maxTest: 25);
    }

    [Fact]
    public void Grad_of_Grad_with_argnums_gives_the_mixed_partial()
    {
        // ∂/∂b Σᵢ ∂f/∂aᵢ = ∂/∂b Σ cos a · b² = 2 cos a · b
        var mixed = Grad((NDArray a, NDArray b) => Np.Sum(Grad<NDArray, NDArray>(F, Argnums.First)(a, b)), Argnums.Second);
        PropertyCheck.ForAll(Vectors2(), p => Close(Np.Cos(p.A) * p.B * 2.0, mixed(p.A, p.B), "mixed partial"));
    }

    [Fact]
    public void GradWithAux_with_argnums_returns_the_selected_gradients_and_the_aux()
    {
        var g = GradWithAux((NDArray a, NDArray b) => (F(a, b), b * 2.0), Argnums.All);
        var vg = ValueAndGradWithAux((NDArray a, NDArray b, NDArray c) => (H(a, b, c), Np.Sum(a)), Argnums.Third);
        PropertyCheck.ForAll(Vectors3(), p =>
        {
            var (a, b, c) = p;
            var ((ga, gb), aux) = g(a, b);
            Close(Da(a, b), ga, "aux, argnums (0, 1)[0]");
            Close(Db(a, b), gb, "aux, argnums (0, 1)[1]");
            NumericAssert.Identical(b * 2.0, aux, "aux");
            var ((value, aux3), gc) = vg(a, b, c);
            NumericAssert.Identical(H(a, b, c), value, "value");
            NumericAssert.Identical(Np.Sum(a), aux3, "aux of three arguments");
            Close(a * b + Np.Exp(c) * a, gc, "argnums=2");
        });
    }

    /// <summary>k(x, W) = tanh(x W), x: [n], W: [n, m], so the Jacobian in W has shape [m, n, m].</summary>
    private static NDArray K(NDArray x, NDArray w) => Np.Tanh(Np.Matmul(x, w));

    [Fact]
    public void Jacobians_with_argnums_have_JAX_shapes_and_match_finite_differences()
    {
        var gen = Gen.Choose(1, 3).SelectMany(n => Gen.Choose(1, 3).SelectMany(m =>
            Arrays.Ref.Values(n + n * m, -1, 1).Select(v => (X: Np.Array(v[..n]), W: Np.FromFlat(v[n..], [n, m])))));
        PropertyCheck.ForAll(gen, p =>
        {
            var (x, w) = p;
            int n = x.Size, m = w.Shape[1];
            var jw = Jacfwd<NDArray>(K, Argnums.Second)(x, w);
            Assert.Equal(new Shape(m, n, m), jw.Shape);
            Close(FiniteJacobian(t => K(x, t), w), jw, "jacfwd argnums=1", 1e-6);
            Close(jw, Jacrev<NDArray>(K, Argnums.Second)(x, w), "jacrev argnums=1");
            var (jx, jw2) = Jacrev(K, Argnums.All)(x, w);
            Assert.Equal(new Shape(m, n), jx.Shape);
            Close(FiniteJacobian(t => K(t, w), x), jx, "jacrev argnums=(0, 1)[0]", 1e-6);
            Close(jw, jw2, "jacrev argnums=(0, 1)[1]");
            var (fx, fw) = Jacfwd(K, Argnums.All)(x, w);
            Close(jx, fx, "jacfwd argnums=(0, 1)[0]");
            Close(jw, fw, "jacfwd argnums=(0, 1)[1]");
            Close(jx, Jacfwd<NDArray>(K, Argnums.First)(x, w), "jacfwd argnums=0");
        }, maxTest: 25);
    }

    [Fact]
    public void Jacobians_with_respect_to_arguments_of_different_dtypes_keep_JAX_dtypes()
    {
        // a f32, b f64, output f64: jacrev's blocks have the arguments' dtypes (cotangents), jacfwd's the output's.
        var a = Np.Array(0.5f, -1.5f);
        var b = Np.Array(2.0, 0.25);
        static NDArray K2(NDArray a, NDArray b) => Np.Sin(a.AsType(DType.Float64)) * b;
        var (ra, rb) = Jacrev(K2, Argnums.All)(a, b);
        var (fa, fb) = Jacfwd(K2, Argnums.All)(a, b);
        Assert.Equal(DType.Float32, ra.DType);
        Assert.Equal(DType.Float64, rb.DType);
        Assert.Equal(DType.Float64, fa.DType);
        Assert.Equal(DType.Float64, fb.DType);
        Assert.Equal(DType.Float32, Jacrev<NDArray>(K2, Argnums.First)(a, b).DType);
        var expectedA = Diag(Np.Cos(a.AsType(DType.Float64)) * b);
        Close(expectedA, fa, "jacfwd d/da");
        NumericAssert.AllClose(expectedA, ra, "jacrev d/da", 1e-6);
        Close(Diag(Np.Sin(a.AsType(DType.Float64))), rb, "jacrev d/db");
        Close(rb, fb, "jacfwd d/db");
    }

    [Fact]
    public void Hessian_with_argnums_gives_JAX_nested_blocks()
    {
        // f(a, b) = Σ sin a · b²: Haa = diag(−sin a · b²), Hab = Hba = diag(2 cos a · b), Hbb = diag(2 sin a)
        PropertyCheck.ForAll(Vectors2(), p =>
        {
            var (a, b) = p;
            Close(Diag(Np.Sin(a) * 2.0), Hessian<NDArray>(F, Argnums.Second)(a, b), "argnums=1");
            var ((haa, hab), (hba, hbb)) = Hessian(F, Argnums.All)(a, b);
            Close(Diag(-Np.Sin(a) * b * b), haa, "Haa");
            Close(Diag(Np.Cos(a) * b * 2.0), hab, "Hab");
            Close(Diag(Np.Cos(a) * b * 2.0), hba, "Hba");
            Close(Diag(Np.Sin(a) * 2.0), hbb, "Hbb");
        });
    }

    [Fact]
    public void Hessian_with_argnums_of_three_arguments_matches_the_full_Hessian_blocks()
    {
        PropertyCheck.ForAll(Vectors3(), p =>
        {
            var (a, b, c) = p;
            var (r0, r1, r2) = Hessian(H, Argnums.All)(a, b, c);
            // ∂²/∂a∂b = I c, ∂²/∂a∂c = I (b + eᶜ), ∂²/∂c² = diag(eᶜ a), ∂²/∂a² = 0
            Close(Np.ZerosLike(Diag(a)), r0.Item1, "Haa");
            Close(Diag(c), r0.Item2, "Hab");
            Close(Diag(b + Np.Exp(c)), r0.Item3, "Hac");
            Close(Diag(a), r1.Item3, "Hbc");
            Close(Diag(Np.Exp(c) * a), r2.Item3, "Hcc");
            var ((hbb, hbc), (hcb, hcc)) = Hessian<NDArray>(H, Argnums.SecondAndThird)(a, b, c);
            Close(r1.Item2, hbb, "(1, 2) Hbb");
            Close(r1.Item3, hbc, "(1, 2) Hbc");
            Close(r2.Item2, hcb, "(1, 2) Hcb");
            Close(r2.Item3, hcc, "(1, 2) Hcc");
            Close(r2.Item3, Hessian<NDArray, NDArray>(H, Argnums.Third)(a, b, c), "argnums=2");
        }, maxTest: 30);
    }

    [Fact]
    public void Jacobians_with_argnums_work_under_Jit_and_Vmap()
    {
        var jac = Jacrev((NDArray a, NDArray b) => Np.Sin(a) * b * b, Argnums.All);
        PropertyCheck.ForAll(Batch(), xs =>
        {
            var ys = xs * 0.5 - 0.25;
            var (ja, jb) = Jit(Vmap(jac, (0, 0)))(xs, ys);
            for (int i = 0; i < xs.Shape[0]; i++)
            {
                Close(Diag(Da(xs[i], ys[i])), ja[i], $"example {i}, d/da");
                Close(Diag(Db(xs[i], ys[i])), jb[i], $"example {i}, d/db");
            }
        }, maxTest: 20);
    }

    private sealed record Dense(NDArray W, NDArray B);

    private static (NDArray Loss, NDArray Predictions) Loss(Dense p, NDArray x, NDArray y)
    {
        var predictions = Np.Tanh(Np.Matmul(x, p.W) + p.B);
        return (Np.Mean(Np.Square(predictions - y)), predictions);
    }

    [Fact]
    public void The_README_example_runs_and_agrees_with_the_plain_transforms()
    {
        var p = new Dense(Np.Array(new double[,] { { 0.5 }, { -0.3 } }), Np.Array(0.1));
        var x = Np.Array(new double[,] { { 1, 2 }, { 0.5, -1 }, { -1, 0.25 } });
        var y = Np.Array(new double[,] { { 0.2 }, { -0.1 }, { 0.4 } });
        var (a, b) = (Np.Array(0.3, -0.7), Np.Array(1.1, 0.4));
        var ws = Np.Array(new double[,] { { 1, -2 }, { 0.5, 3 } });

        // As in README.md's "A taste".
        var ((loss, predictions), grads) = ValueAndGradWithAux((Dense p, NDArray x, NDArray y) => Loss(p, x, y), Argnums.First)(p, x, y); // a Dense
        var dx = Grad((Dense p, NDArray x, NDArray y) => Loss(p, x, y).Loss, Argnums.Second)(p, x, y);                          // argnums=1
        var (dp, dy) = Grad((Dense p, NDArray x, NDArray y) => Loss(p, x, y).Loss, Argnums.FirstAndThird)(p, x, y);             // argnums=(0, 2)
        var ((haa, hab), (hba, hbb)) = Hessian((NDArray a, NDArray b) => Np.Sum(Np.Sin(a) * b * b), Argnums.All)(a, b);
        var perExample = Vmap(GradWithAux((NDArray w) => (Np.Sum(w * w), Np.Max(w))))(ws);                                      // (grads, auxes), one per row

        NumericAssert.Identical(Loss(p, x, y).Loss, loss, "loss");
        NumericAssert.Identical(Loss(p, x, y).Predictions, predictions, "aux");
        var plain = Grad((Dense q) => Loss(q, x, y).Loss)(p);
        Close(plain.W, grads.W, "dW");
        Close(plain.B, grads.B, "dB");
        Close(plain.W, dp.W, "dW of (0, 2)");
        Close(Grad((NDArray t) => Loss(p, x, t).Loss)(y), dy, "dy");
        Close(Grad((NDArray t) => Loss(p, t, y).Loss)(x), dx, "dx");
        Close(Diag(-Np.Sin(a) * b * b), haa, "Haa");
        Close(hab, hba, "Hab = Hba");
        Close(Diag(Np.Sin(a) * 2.0), hbb, "Hbb");
        Close(ws * 2.0, perExample.Grad, "per-example gradients");
        Close(Np.Array(1.0, 3.0), perExample.Aux, "per-example aux");
    }
}
