using System;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Xunit;
using static Functional.AD.Jax;
using static Functional.AD.Properties.Primitives.Generators;

namespace Functional.AD.Properties.Transforms;

/// <summary>Vmap's tree-prefix in and out axes, null (unmapped) out axes and an explicit axis size, against loops over the examples.</summary>
public class VmapAxesTests
{
    /// <summary>Example <paramref name="i"/> of <paramref name="x"/> along <paramref name="axis"/>.</summary>
    private static NDArray Take(NDArray x, int i, int axis) => Lax.IndexInDim(x, i, axis, keepDims: false);

    /// <summary>(batch size, a per-example length, and arrays for them): a shared random layout for the properties.</summary>
    private static readonly Gen<(int N, int M, NDArray A, NDArray B, NDArray C)> Inputs =
        from n in Gen.Choose(1, 4)
        from m in Gen.Choose(1, 3)
        from a in Array(new[] { m, n }, Uniform(-2, 2))   // mapped along axis 1
        from b in Array(new[] { m }, Uniform(-2, 2))      // not mapped
        from c in Array(new[] { n, m }, Uniform(-2, 2))   // mapped along axis 0
        select (n, m, a, b, c);

    [Fact]
    public void Vmap_with_a_tree_prefix_of_in_axes_equals_the_loop()
    {
        Func<((NDArray A, NDArray B), NDArray C), NDArray> f = t => t.Item1.A * Np.Sum(Np.Sin(t.Item1.B)) + t.C * t.Item1.B;
        PropertyCheck.ForAll(Inputs, x =>
        {
            var expected = Np.Stack(Enumerable.Range(0, x.N).Select(i => f(((Take(x.A, i, 1), x.B), Take(x.C, i, 0)))).ToArray());
            var actual = Vmap(f, ((1, null), 0), 0)(((x.A, x.B), x.C));
            NumericAssert.AllClose(expected, actual, "value", 1e-12);
        }, maxTest: 25);
    }

    [Fact]
    public void Vmap_of_two_arguments_with_prefix_axes_equals_the_loop()
    {
        Func<(NDArray A, NDArray B), NDArray, NDArray> f = (ab, c) => ab.A * c + ab.B;
        PropertyCheck.ForAll(Inputs, x =>
        {
            var expected = Np.Stack(Enumerable.Range(0, x.N).Select(i => f((Take(x.A, i, 1), x.B), Take(x.C, i, 0))).ToArray(), axis: 1);
            var actual = Vmap(f, ((1, null), 0), 1)((x.A, x.B), x.C);
            NumericAssert.AllClose(expected, actual, "value", 1e-12);
        }, maxTest: 25);
    }

    [Fact]
    public void Vmap_with_a_tree_prefix_of_out_axes_stacks_each_output_on_its_axis()
    {
        Func<NDArray, (NDArray, (NDArray, NDArray))> f = c => (c * 2, (Np.Sum(c), Np.Cos(c)));
        PropertyCheck.ForAll(Inputs, x =>
        {
            var per = Enumerable.Range(0, x.N).Select(i => f(Take(x.C, i, 0))).ToArray();
            var (p, (q, r)) = Vmap(f, 0, (1, (0, -1)))(x.C);
            NumericAssert.AllClose(Np.Stack(per.Select(o => o.Item1).ToArray(), axis: 1), p, "first", 1e-12);
            NumericAssert.AllClose(Np.Stack(per.Select(o => o.Item2.Item1).ToArray(), axis: 0), q, "second", 1e-12);
            NumericAssert.AllClose(Np.Stack(per.Select(o => o.Item2.Item2).ToArray(), axis: -1), r, "third", 1e-12);
        }, maxTest: 25);
    }

    [Fact]
    public void A_null_out_axis_returns_an_unmapped_output_once()
    {
        PropertyCheck.ForAll(Inputs, x =>
        {
            var (mapped, same) = Vmap<(NDArray, NDArray), (NDArray, NDArray)>(t => (t.Item1 * t.Item2, Np.Exp(t.Item2)), (0, null), (0, null))((x.C, x.B));
            NumericAssert.AllClose(Np.Exp(x.B), same, "unmapped output", 1e-15);
            NumericAssert.AllClose(Np.Stack(Enumerable.Range(0, x.N).Select(i => Take(x.C, i, 0) * x.B).ToArray()), mapped, "mapped output", 1e-15);
        }, maxTest: 15);
    }

    [Fact]
    public void A_null_out_axis_for_a_mapped_output_is_an_error()
    {
        var e = Assert.Throws<ArgumentException>(() => Vmap<NDArray, (NDArray, NDArray)>(x => (x, x * 2), 0, (0, null))(Np.Ones(new[] { 3, 2 })));
        Assert.Contains("out_axes is None", e.Message);
        Assert.Contains("Item2", e.Message);
    }

    [Fact]
    public void Axis_size_maps_a_function_with_no_mapped_input()
    {
        PropertyCheck.ForAll(Inputs, x =>
        {
            var expected = Np.Stack(Enumerable.Range(0, x.N).Select(_ => Np.Sin(x.B)).ToArray(), axis: 1);
            NumericAssert.AllClose(expected, Vmap<NDArray, NDArray>(Np.Sin, null, 1, axisSize: x.N)(x.B), "value", 1e-15);
        }, maxTest: 10);
    }

    [Fact]
    public void Axis_size_that_disagrees_with_the_mapped_axes_is_an_error()
    {
        var e = Assert.Throws<ArgumentException>(() => Vmap<NDArray, NDArray>(Np.Sin, 0, 0, axisSize: 4)(Np.Ones(new[] { 3, 2 })));
        Assert.Contains("axisSize is 4", e.Message);
        Assert.Throws<ArgumentException>(() => Vmap<NDArray, NDArray>(Np.Sin, null, 0)(Np.Ones(new[] { 3 })));
    }

    [Fact]
    public void In_axes_that_are_not_a_prefix_of_the_argument_are_an_error()
    {
        var e = Assert.Throws<ArgumentException>(() => Vmap<(NDArray, NDArray), NDArray>(t => t.Item1, (0, 0, 0), 0)((Np.Ones(new[] { 2 }), Np.Ones(new[] { 2 }))));
        Assert.Contains("not a tree prefix", e.Message);
    }

    [Fact]
    public void An_unmapped_subtree_may_hold_numbers()
    {
        var xs = Np.Linspace(0, 1, 6).Reshape(3, 2);
        var r = Vmap<(NDArray, double), NDArray>(t => t.Item1 * t.Item2, (0, null), 0)((xs, 2.5));
        NumericAssert.AllClose(xs * 2.5, r, "value", 1e-15);
    }
}
