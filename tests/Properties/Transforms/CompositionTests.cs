using System;
using System.Linq;
using Xunit;
using static Functional.AD.Jax;

namespace Functional.AD.Properties.Transforms;

/// <summary>Transforms composed to depth, and the classic perturbation-confusion cases.</summary>
public class CompositionTests
{
    [Fact]
    public void Nested_derivatives_do_not_confuse_their_perturbations()
    {
        // d/dx [x * d/dy (x + y)] at y = 1: the inner derivative is 1, so the result is 1 (a confused implementation gives 2).
        foreach (var x in new[] { -2.0, 0.5, 3.0 })
            Assert.Equal(1.0, (double)Grad((NDArray a) => a * Grad((NDArray y) => a + y)(1.0))(x), 1e-12);
        // The same in forward mode.
        var (_, t) = Jvp((NDArray a) => a * Jvp((NDArray y) => a + y, 1.0, 1.0).Tangent, 3.0, 1.0);
        Assert.Equal(1.0, (double)t, 1e-12);
    }

    [Fact]
    public void Inner_and_outer_derivatives_of_the_same_input_stay_separate()
    {
        // f(x) = x * g'(x) with g(y) = x * y^2 (closing over the outer x): g'(y) = 2 x y, at y = x: 2 x^2; f = 2 x^3; f' = 6 x^2.
        Func<NDArray, NDArray> f = x => x * Grad((NDArray y) => x * y * y)(x);
        foreach (var x in new[] { -1.5, 0.7, 2.0 })
            NumericAssert.Close(6 * x * x, (double)Grad(f)(x), 1e-12, 1e-12);
        // Forward over reverse of the same.
        NumericAssert.Close(6 * 4.0, (double)Jvp(f, 2.0, 1.0).Tangent, 1e-12, 1e-12);
    }

    [Fact]
    public void Third_derivative_of_sin_by_nested_Grad()
    {
        var d3 = Grad(Grad(Grad((NDArray x) => Np.Sin(x))));
        foreach (var x in new[] { -1.0, 0.3, 2.0 })
            NumericAssert.Close(-Math.Cos(x), (double)d3(x), 1e-13, 1e-13);
        var d4 = Grad(Grad(Grad(Grad((NDArray x) => Np.Exp(x * x)))));
        // d^4/dx^4 e^{x^2} = (16x^4 + 48x^2 + 12) e^{x^2}
        double at = 0.6;
        NumericAssert.Close((16 * Math.Pow(at, 4) + 48 * at * at + 12) * Math.Exp(at * at), (double)d4(at), 1e-12, 0);
    }

    [Fact]
    public void Forward_over_reverse_and_reverse_over_forward_agree()
    {
        Func<NDArray, NDArray> f = x => Np.Sum(Np.Tanh(x) * Np.Sin(x * 2.0));
        var x0 = Np.Array(0.3, -1.2, 0.8);
        var v = Np.Array(1.0, 0.5, -2.0);
        var fwdOverRev = Jvp(Grad(f))(x0, v).Tangent.ToArray<double>();
        // Reverse over forward: the gradient of x -> <grad-free directional derivative>.
        var revOverFwd = Grad((NDArray x) => Jvp(f, x, v).Tangent)(x0).ToArray<double>();
        for (int i = 0; i < 3; i++) NumericAssert.Close(fwdOverRev[i], revOverFwd[i], 1e-13, 1e-13, $"entry {i}");
    }

    [Fact]
    public void Grad_of_a_function_that_calls_Jvp_and_Vjp_inside()
    {
        // h(x) = J_f(x) · 1 summed, where f = sin(x) * x; h = sum(cos(x) x + sin(x)); h' = -sin(x) x + 2 cos(x).
        Func<NDArray, NDArray> f = x => Np.Sin(x) * x;
        Func<NDArray, NDArray> h = x => Np.Sum(Jvp(f, x, Np.OnesLike(x)).Tangent);
        Func<NDArray, NDArray> h2 = x => { var (_, pb) = Vjp(f, x); return Np.Sum(pb(Np.OnesLike(x))); };
        var x0 = Np.Array(0.4, 1.7);
        var expected = x0.ToArray<double>().Select(x => -Math.Sin(x) * x + 2 * Math.Cos(x)).ToArray();
        Assert.Equal(expected, Grad(h)(x0).ToArray<double>(), new ToleranceComparer(1e-12));
        Assert.Equal(expected, Grad(h2)(x0).ToArray<double>(), new ToleranceComparer(1e-12));
    }

    [Fact]
    public void Python_style_control_flow_on_values_works_under_differentiation()
    {
        // (double)x of a differentiation tracer reads its primal, as in JAX.
        Func<NDArray, NDArray> relu3 = x => (double)x > 0 ? x * x * x : -x;
        Assert.Equal(12.0, (double)Grad(relu3)(2.0), 1e-12);
        Assert.Equal(-1.0, (double)Grad(relu3)(-2.0), 1e-12);
        Assert.Equal(12.0, (double)Grad(Grad(relu3))(2.0), 1e-12);
    }

    [Fact]
    public void Linearize_gives_a_reusable_linear_map_equal_to_Jvp()
    {
        Func<NDArray, NDArray> f = x => Np.Exp(x) * Np.Cos(x);
        var x0 = Np.Array(0.1, 0.2, 0.3);
        var (y, jvp) = Linearize(f, x0);
        Assert.Equal(f(x0).ToArray<double>(), y.ToArray<double>());
        foreach (var v in new[] { Np.Array(1.0, 0.0, 0.0), Np.Array(0.5, -1.0, 2.0) })
            Assert.Equal(Jvp(f, x0, v).Tangent.ToArray<double>(), jvp(v).ToArray<double>(), new ToleranceComparer(1e-14));
    }

    [Fact]
    public void LinearTranspose_transposes_a_matrix_product_and_rejects_nonlinear_functions()
    {
        var a = Np.Array(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        var t = LinearTranspose((NDArray u) => Np.Matmul(a, u), Np.Zeros(new[] { 3 }));
        Assert.Equal(new[] { -3.0, -3.0, -3.0 }, t(Np.Array(1.0, -1.0)).ToArray<double>());
        var nonlinear = LinearTranspose((NDArray u) => Np.Sin(u), Np.Zeros(new[] { 3 }));
        var e = Assert.Throws<InvalidOperationException>(() => nonlinear(Np.Ones(new[] { 3 })));
        Assert.Contains("not linear", e.Message);
        Assert.Contains("sin", e.Message);
    }

    [Fact]
    public void Jacobians_of_a_vector_function_have_output_then_input_shape()
    {
        Func<NDArray, NDArray> f = x => Np.Matmul(Np.Array(new double[,] { { 1, 2 }, { 3, 4 }, { 5, 6 } }), Np.Sin(x));
        var x0 = Np.Array(0.3, -0.4);
        var jf = Jacfwd(f)(x0);
        var jr = Jacrev(f)(x0);
        Assert.Equal(new Shape(3, 2), jf.Shape);
        var expected = new[] { 1 * Math.Cos(0.3), 2 * Math.Cos(-0.4), 3 * Math.Cos(0.3), 4 * Math.Cos(-0.4), 5 * Math.Cos(0.3), 6 * Math.Cos(-0.4) };
        Assert.Equal(expected, jf.ToArray<double>(), new ToleranceComparer(1e-14));
        Assert.Equal(expected, jr.ToArray<double>(), new ToleranceComparer(1e-14));
        // Matrix input: shape out ++ in.
        Assert.Equal(new Shape(2, 2, 2, 2), Jacrev((NDArray m) => Np.Matmul(m, m))(Np.Eye(2)).Shape);
        Assert.Equal(new Shape(2, 2, 2, 2), Jacfwd((NDArray m) => Np.Matmul(m, m))(Np.Eye(2)).Shape);
    }

    [Fact]
    public void Gradients_keep_the_input_dtype_and_weak_type()
    {
        var x32 = Np.Array(1f, 2f);
        var g = Grad((NDArray x) => Np.Sum(x * x * 3.0))(x32);
        Assert.Equal(DType.Float32, g.DType);
        Assert.Equal(new[] { 6f, 12f }, g.ToArray<float>());
        var (y, t) = Jvp(x => Np.Sin(x), 2.0, 1.0);
        NumericAssert.Close(Math.Cos(2.0), (double)t, 1e-15, 0, "tangent");
        NumericAssert.Close(Math.Sin(2.0), (double)y, 1e-15, 0, "primal");
    }

    [Fact]
    public void Integer_and_unrelated_outputs_get_zero_tangents()
    {
        var (outs, tangents) = Jvp<NDArray, (NDArray, NDArray)>(x => (Np.ArgMax(x, 0), Np.Ones(new[] { 2 })), Np.Array(1.0, 3.0), Np.Array(1.0, 1.0));
        Assert.Equal(1, (int)outs.Item1);
        Assert.Equal(0, (int)tangents.Item1);
        Assert.Equal(new[] { 0.0, 0.0 }, tangents.Item2.ToArray<double>());
    }
}

/// <summary>Compares doubles within an absolute-plus-relative tolerance.</summary>
public sealed class ToleranceComparer : System.Collections.Generic.IEqualityComparer<double>
{
    private readonly double _tol;
    public ToleranceComparer(double tol) => _tol = tol;
    public bool Equals(double a, double b) => Math.Abs(a - b) <= _tol * (1 + Math.Abs(b));
    public int GetHashCode(double x) => 0;
}

/// <summary>The current trace is per thread: transforms running at once on several threads do not see each other's tracers.</summary>
public class ConcurrencyTests
{
    [Fact]
    public void Gradients_computed_concurrently_on_many_threads_are_all_correct()
    {
        var results = new double[64];
        System.Threading.Tasks.Parallel.For(0, results.Length, i =>
        {
            double x = 0.1 * i;
            results[i] = (double)Jax.Grad(Jax.Grad((NDArray t) => Np.Sin(t) * t * t))(x);
        });
        for (int i = 0; i < results.Length; i++)
        {
            double x = 0.1 * i;
            double expected = 2 * Math.Sin(x) + 4 * x * Math.Cos(x) - x * x * Math.Sin(x);
            NumericAssert.Close(expected, results[i], 1e-12, 1e-12, $"thread {i}");
        }
    }
}
