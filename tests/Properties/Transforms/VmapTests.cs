using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Xunit;
using static Functional.AD.Jax;
using static Functional.AD.Properties.Primitives.Generators;

namespace Functional.AD.Properties.Transforms;

/// <summary>Vmap: composition with every transform, per-example gradients, pytrees, axes and errors.</summary>
public class VmapTests
{
    public static IEnumerable<object[]> Names => CompositeFunctions.All.Select(c => new object[] { c.Name });

    private static Composite Get(string name) => CompositeFunctions.All.Single(c => c.Name == name);

    /// <summary>A batch of inputs for a composite: 1..4 examples of one size, stacked on axis 0.</summary>
    private static Gen<NDArray[]> Examples(Composite c) =>
        from n in Gen.Choose(c.MinSize, 5)
        from b in Gen.Choose(1, 4)
        from xs in Gen.CollectToArray(Enumerable.Range(0, b).Select(_ => Array(new[] { n }, c.Values)))
        select xs;

    [Theory]
    [MemberData(nameof(Names))]
    public void Vmap_of_a_composite_equals_the_loop(string name)
    {
        var c = Get(name);
        PropertyCheck.ForAll(Examples(c), xs =>
            NumericAssert.AllClose(Np.Stack(xs.Select(c.F).ToArray()), Vmap(c.F)(Np.Stack(xs)), "value", 1e-12), maxTest: 20);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Vmap_of_Grad_equals_per_example_gradients(string name)
    {
        var c = Get(name);
        var grad = Grad(c.F);
        PropertyCheck.ForAll(Examples(c), xs =>
            NumericAssert.AllClose(Np.Stack(xs.Select(grad).ToArray()), Vmap(grad)(Np.Stack(xs)), "value", 1e-12), maxTest: 20);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Vmap_of_Hessian_equals_per_example_Hessians(string name)
    {
        var c = Get(name);
        var hessian = Hessian(c.F);
        PropertyCheck.ForAll(Examples(c), xs =>
            NumericAssert.AllClose(Np.Stack(xs.Select(hessian).ToArray()), Vmap(hessian)(Np.Stack(xs)), "value", 1e-10), maxTest: 8);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Grad_through_Vmap_equals_the_sum_of_per_example_gradients(string name)
    {
        // Grad(x => Vmap(f)(x).Sum()) is the per-example gradient of f for each row.
        var c = Get(name);
        PropertyCheck.ForAll(Examples(c), xs =>
            NumericAssert.AllClose(Np.Stack(xs.Select(Grad(c.F)).ToArray()), Grad((NDArray x) => Np.Sum(Vmap(c.F)(x)))(Np.Stack(xs)), "value", 1e-12), maxTest: 15);
    }

    [Fact]
    public void Vmap_composes_with_Jvp_both_ways_and_with_itself()
    {
        Func<NDArray, NDArray> f = x => Np.Sin(x) * Np.Sum(x * x);
        var xs = Np.Linspace(-1, 1, 12).Reshape(4, 3);
        var vs = Np.Linspace(0.5, 2, 12).Reshape(4, 3);
        var loopPrimal = Np.Stack(Enumerable.Range(0, 4).Select(i => Jvp(f, xs[i], vs[i]).Primal).ToArray());
        var loopTangent = Np.Stack(Enumerable.Range(0, 4).Select(i => Jvp(f, xs[i], vs[i]).Tangent).ToArray());
        // Vmap of Jvp
        var (p, t) = Vmap<(NDArray, NDArray), (NDArray, NDArray)>(xv => Jvp(f, xv.Item1, xv.Item2))((xs, vs));
        NumericAssert.AllClose(loopPrimal, p, "value", 1e-12);
        NumericAssert.AllClose(loopTangent, t, "value", 1e-12);
        // Jvp of Vmap
        var (p2, t2) = Jvp(Vmap(f), xs, vs);
        NumericAssert.AllClose(loopPrimal, p2, "value", 1e-12);
        NumericAssert.AllClose(loopTangent, t2, "value", 1e-12);
        // Vmap of Vmap: a [2,4,3] batch of batches
        var xss = Np.Stack(new[] { xs, xs * 2.0 });
        var nested = Vmap(Vmap(f))(xss);
        NumericAssert.AllClose(Np.Stack(new[] { Vmap(f)(xs), Vmap(f)(xs * 2.0) }), nested, "value", 1e-12);
        // Vmap over axis 1 of the outer and axis 0 of the inner, output on the last axis
        var swapped = Vmap(Vmap(f), inAxes: 1, outAxes: -1)(xss);
        Assert.Equal(new Shape(2, 3, 4), swapped.Shape);
        NumericAssert.AllClose(Np.Transpose(nested, new[] { 0, 2, 1 }), swapped, "value", 1e-12);
    }

    [Fact]
    public void Per_example_gradients_of_a_model_with_shared_parameters()
    {
        // loss(w, (x, y)) = (tanh(x · w) - y)^2; per-example gradient with respect to the shared w.
        var w = Np.Array(0.3, -0.2, 0.5);
        var xs = Np.Linspace(-1, 1, 15).Reshape(5, 3);
        var ys = Np.Linspace(0, 1, 5);
        Func<NDArray, (NDArray X, NDArray Y), NDArray> loss = (ww, b) => Np.Square(Np.Tanh(Np.Dot(b.X, ww)) - b.Y);
        var perExample = Vmap((NDArray ww, (NDArray X, NDArray Y) b) => Grad(loss)(ww, b), (null, 0))(w, (xs, ys));
        var loop = Np.Stack(Enumerable.Range(0, 5).Select(i => Grad(loss)(w, (xs[i], ys[i]))).ToArray());
        NumericAssert.AllClose(loop, perExample, "value", 1e-12);
        Assert.Equal(new Shape(5, 3), perExample.Shape);
    }

    [Fact]
    public void Vmap_of_matmul_is_one_batched_dot_general()
    {
        var ms = Np.Ones(new[] { 8, 3, 4 });
        var vs = Np.Ones(new[] { 8, 4 });
        var jaxpr = MakeJaxpr(((NDArray M, NDArray V) t) => Vmap((NDArray m, NDArray v) => Np.Matmul(m, v), (0, 0))(t.M, t.V))((ms, vs));
        var dots = jaxpr.Jaxpr.Equations.Where(e => e.Primitive.Name == "dot_general").ToList();
        Assert.Single(dots);
        Assert.Contains("([2], [1]), ([0], [0])", jaxpr.ToString());
        // unmapped matrix, mapped vectors: still one dot_general, no batch dimension needed
        var j2 = MakeJaxpr((NDArray v) => Vmap((NDArray m, NDArray u) => Np.Matmul(m, u), (null, 0))(Np.Ones(new[] { 3, 4 }), v))(vs);
        Assert.Single(j2.Jaxpr.Equations, e => e.Primitive.Name == "dot_general");
    }

    [Fact]
    public void Jacobians_are_one_batched_computation()
    {
        Func<NDArray, NDArray> f = x => Np.Tanh(Np.Matmul(Np.Linspace(-1, 1, 12).Reshape(4, 3), x));
        // The pullback's matrix product appears once (batched over the 4 basis vectors), not once per row:
        // one primal product plus one transposed product.
        var rev = MakeJaxpr(Jacrev(f))(Np.Ones(new[] { 3 })).Jaxpr.Equations.Count(e => e.Primitive.Name == "dot_general");
        Assert.Equal(2, rev);
        var fwd = MakeJaxpr(Jacfwd(f))(Np.Ones(new[] { 3 })).Jaxpr.Equations.Count(e => e.Primitive.Name == "dot_general");
        Assert.Equal(2, fwd);  // the primal product and one batched tangent product
    }

    [Fact]
    public void In_and_out_axes_including_negative_and_unmapped_outputs()
    {
        var x = Np.Linspace(0, 1, 24).Reshape(2, 3, 4);
        // map over axis -1 (size 4): each example is [2, 3]; sum over axis 0 gives [3]; outputs stacked on axis 0
        var r = Vmap(t => Np.Sum(t, 0), inAxes: -1)(x);
        Assert.Equal(new Shape(4, 3), r.Shape);
        NumericAssert.AllClose(Np.Transpose(Np.Sum(x, 0)), r, "value", 1e-12);
        // an output that does not depend on the input is broadcast along the batch
        var c = Vmap(t => Np.Ones(new[] { 2 }), inAxes: 0, outAxes: 1)(x);
        Assert.Equal(new Shape(2, 2), c.Shape);
        Assert.All(c.ToArray<double>(), v => Assert.Equal(1.0, v));
        // pytree outputs
        var (a, b) = Vmap<NDArray, (NDArray, NDArray)>(t => (t.Sum(), t * 2.0))(Np.Ones(new[] { 5, 2 }));
        Assert.Equal(new Shape(5), a.Shape);
        Assert.Equal(new Shape(5, 2), b.Shape);
    }

    [Fact]
    public void Bad_axes_and_sizes_are_clear_ArgumentExceptions()
    {
        var e1 = Assert.Throws<ArgumentException>(() =>
            Vmap((NDArray a, NDArray b) => a + b, (0, 0))(Np.Ones(new[] { 3, 2 }), Np.Ones(new[] { 4, 2 })));
        Assert.Contains("size 3", e1.Message);
        Assert.Contains("size 4", e1.Message);
        Assert.Contains("f64[4,2]", e1.Message);
        var e2 = Assert.Throws<ArgumentException>(() =>
            Vmap((NDArray a, NDArray b) => a + b, (null, null))(Np.Ones(new[] { 3 }), Np.Ones(new[] { 3 })));
        Assert.Contains("no argument is mapped", e2.Message);
        var e3 = Assert.ThrowsAny<ArgumentException>(() => Vmap(t => t, inAxes: 2)(Np.Ones(new[] { 3, 2 })));
        Assert.Contains("f64[3,2]", e3.Message);
        Assert.ThrowsAny<ArgumentException>(() => Vmap(t => t, outAxes: 3)(Np.Ones(new[] { 3, 2 })));
    }

    [Fact]
    public void Reading_a_mapped_value_is_a_ConcretizationException()
    {
        var e = Assert.Throws<ConcretizationException>(() => Vmap(t => (double)t > 0 ? t : -t)(Np.Array(1.0, -2.0)));
        Assert.Contains("Vmap", e.Message);
    }

    [Fact]
    public void Unmapped_arguments_are_passed_unchanged_and_may_be_numbers()
    {
        var r = Vmap((NDArray x, double scale) => x * scale, (0, null))(Np.Array(1.0, 2.0), 3.0);
        Assert.Equal(new[] { 3.0, 6.0 }, r.ToArray<double>());
    }
}
