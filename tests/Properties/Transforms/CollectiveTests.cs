using System;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Xunit;
using static Functional.AD.Jax;
using static Functional.AD.Properties.Primitives.Generators;

namespace Functional.AD.Properties.Transforms;

/// <summary>
/// Collectives over named Vmap axes (psum, pmean, pmax, pmin, all_gather, axis_index): each equals the explicit
/// reduction over the batch computed with a loop, under nesting, Jit and differentiation.
/// </summary>
public class CollectiveTests
{
    /// <summary>A batch of 1..4 examples of shape [m], stacked on axis 0.</summary>
    private static readonly Gen<NDArray> Batch =
        from n in Gen.Choose(1, 4)
        from m in Gen.Choose(1, 3)
        from xs in Array(new[] { n, m }, Uniform(-2, 2))
        select xs;

    private static NDArray[] Rows(NDArray xs) => Enumerable.Range(0, xs.Shape[0]).Select(i => xs[i]).ToArray();

    /// <summary>The loop: the reduction of every row, then each row combined with it.</summary>
    private static NDArray Loop(NDArray xs, Func<NDArray, NDArray, NDArray> combine)
    {
        var rows = Rows(xs);
        var total = rows.Aggregate(combine);
        return Np.Stack(rows.Select(r => r * total).ToArray());
    }

    [Fact]
    public void Psum_under_Vmap_equals_the_sum_over_the_batch()
    {
        PropertyCheck.ForAll(Batch, xs =>
            NumericAssert.AllClose(Loop(xs, (a, b) => a + b), Vmap(x => x * Lax.Psum(x, "i"), 0, 0, axisName: "i")(xs), "value", 1e-12), maxTest: 25);
    }

    [Fact]
    public void Pmean_under_Vmap_equals_the_mean_over_the_batch()
    {
        PropertyCheck.ForAll(Batch, xs =>
        {
            var rows = Rows(xs);
            var mean = rows.Aggregate((a, b) => a + b) / rows.Length;
            NumericAssert.AllClose(mean, Vmap<NDArray, NDArray>(x => Lax.Pmean(x, "i"), 0, null, axisName: "i")(xs), "value", 1e-12);
        }, maxTest: 25);
    }

    [Fact]
    public void Pmax_and_pmin_under_Vmap_equal_the_extremes_over_the_batch()
    {
        PropertyCheck.ForAll(Batch, xs =>
        {
            NumericAssert.AllClose(Loop(xs, Np.Maximum), Vmap(x => x * Lax.Pmax(x, "i"), 0, 0, axisName: "i")(xs), "pmax", 1e-12);
            NumericAssert.AllClose(Loop(xs, Np.Minimum), Vmap(x => x * Lax.Pmin(x, "i"), 0, 0, axisName: "i")(xs), "pmin", 1e-12);
        }, maxTest: 25);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, false)]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    public void All_gather_under_Vmap_equals_stacking_or_concatenating_the_batch(int axis, bool tiled)
    {
        var gen = from n in Gen.Choose(1, 4)
                  from m in Gen.Choose(1, 3)
                  from xs in Array(new[] { n, 2, m }, Uniform(-2, 2))
                  select xs;
        PropertyCheck.ForAll(gen, xs =>
        {
            var rows = Rows(xs);
            var expected = tiled ? Np.Concatenate(rows, axis) : Np.Stack(rows, axis);
            NumericAssert.AllClose(expected, Vmap<NDArray, NDArray>(x => Lax.AllGather(x, "i", axis, tiled), 0, null, axisName: "i")(xs), "unmapped", 1e-15);
            // Returned mapped, every example holds the same gathered value.
            var each = Vmap(x => Lax.AllGather(x, "i", axis, tiled) * 1.0, 0, 0, axisName: "i")(xs);
            for (int b = 0; b < rows.Length; b++) NumericAssert.AllClose(expected, each[b], $"example {b}", 1e-15);
        }, maxTest: 15);
    }

    [Fact]
    public void Axis_index_under_Vmap_is_the_position_of_each_example()
    {
        for (int n = 1; n <= 4; n++)
        {
            var expected = Np.Array(Enumerable.Range(0, n).ToArray());
            NumericAssert.Identical(expected, Vmap<NDArray, NDArray>(_ => Lax.AxisIndex("i"), null, 0, axisSize: n, axisName: "i")(Np.Zeros(new[] { 2 })));
            var xs = Np.Ones(new[] { n, 3 });
            NumericAssert.AllClose(Np.Stack(Enumerable.Range(0, n).Select(i => Np.Ones(new[] { 3 }) * i).ToArray()),
                Vmap(x => x * Lax.AxisIndex("i"), 0, 0, axisName: "i")(xs), "scaled", 0);
        }
    }

    [Fact]
    public void Psum_of_an_unmapped_value_is_the_batch_size_times_it()
    {
        var w = Np.Array(1.5, -2.0);
        var r = Vmap<(NDArray, NDArray), NDArray>(t => t.Item1 + Lax.Psum(t.Item2, "i"), (0, null), 0, axisName: "i")((Np.Zeros(new[] { 3, 2 }), w));
        NumericAssert.AllClose(Np.Stack(new[] { w + w + w, w + w + w, w + w + w }), r, "value", 1e-15);
    }

    [Fact]
    public void Nested_Vmap_with_two_names_reduces_the_named_axis()
    {
        var gen = from a in Gen.Choose(1, 3)
                  from b in Gen.Choose(1, 3)
                  from xs in Array(new[] { a, b, 2 }, Uniform(-2, 2))
                  select xs;
        PropertyCheck.ForAll(gen, xs =>
        {
            int na = xs.Shape[0], nb = xs.Shape[1];
            NDArray At(int i, int j) => xs[i][j];
            // Over the outer axis "i" (the first), and over the inner axis "j" (the second), by loops.
            var overI = Np.Stack(Enumerable.Range(0, na).Select(i => Np.Stack(Enumerable.Range(0, nb).Select(j =>
                Enumerable.Range(0, na).Select(k => At(k, j)).Aggregate((p, q) => p + q)).ToArray())).ToArray());
            var overJ = Np.Stack(Enumerable.Range(0, na).Select(i => Np.Stack(Enumerable.Range(0, nb).Select(j =>
                Enumerable.Range(0, nb).Select(k => At(i, k)).Aggregate((p, q) => p + q)).ToArray())).ToArray());
            var inner = (Func<NDArray, (NDArray, NDArray)>)(x => (Lax.Psum(x, "i"), Lax.Psum(x, "j")));
            var (si, sj) = Vmap(Vmap(inner, 0, 0, axisName: "j"), 0, 0, axisName: "i")(xs);
            NumericAssert.AllClose(overI, si, "psum over i", 1e-12);
            NumericAssert.AllClose(overJ, sj, "psum over j", 1e-12);
            // The index along each axis.
            var (ii, jj) = Vmap(Vmap<NDArray, (NDArray, NDArray)>(_ => (Lax.AxisIndex("i"), Lax.AxisIndex("j")), 0, 0, axisName: "j"), 0, 0, axisName: "i")(xs);
            for (int i = 0; i < na; i++)
                for (int j = 0; j < nb; j++)
                {
                    Assert.Equal(i, ii[i][j].ToArray<int>()[0]);
                    Assert.Equal(j, jj[i][j].ToArray<int>()[0]);
                }
        }, maxTest: 15);
    }

    /// <summary>Central finite differences of a scalar function of an array, element by element.</summary>
    private static NDArray FiniteDifferenceGradient(Func<NDArray, NDArray> f, NDArray x, double h = 1e-6)
    {
        var values = x.ToArray<double>();
        var g = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            var up = (double[])values.Clone();
            var down = (double[])values.Clone();
            up[i] += h;
            down[i] -= h;
            g[i] = (f(Np.Array(up).Reshape(x.Shape.Dims.ToArray())).ToArray<double>()[0] - f(Np.Array(down).Reshape(x.Shape.Dims.ToArray())).ToArray<double>()[0]) / (2 * h);
        }
        return Np.Array(g).Reshape(x.Shape.Dims.ToArray());
    }

    /// <summary>
    /// Per-example functions using each collective; the total over the batch is <c>Σ_b f(x_b)</c>. Under JAX's rule
    /// (psum's transpose is psum), <c>Vmap(Grad(f))</c> is the gradient of that total with respect to each example.
    /// </summary>
    public static TheoryData<string> Collectives => new() { "psum", "pmean", "pmax", "pmin", "all_gather" };

    private static Func<NDArray, NDArray> PerExample(string name) => name switch
    {
        "psum" => y => Np.Sum(Np.Sin(Lax.Psum(y, "i")) * y),
        "pmean" => y => Np.Sum(Np.Exp(Lax.Pmean(y * y, "i")) * y),
        "pmax" => y => Np.Sum(Np.Sin(Lax.Pmax(y, "i")) * y),
        "pmin" => y => Np.Sum(Np.Cos(Lax.Pmin(y, "i")) * y),
        _ => y => Np.Sum(Np.Sin(Lax.AllGather(y, "i", 1)) * Np.Sum(y)),
    };

    [Theory]
    [MemberData(nameof(Collectives))]
    public void Grad_inside_and_outside_Vmap_with_a_collective_equals_finite_differences(string name)
    {
        var f = PerExample(name);
        Func<NDArray, NDArray> total = xs => Np.Sum(Vmap(f, 0, 0, axisName: "i")(xs));
        PropertyCheck.ForAll(Batch, xs =>
        {
            var expected = FiniteDifferenceGradient(total, xs);
            NumericAssert.AllClose(expected, Grad(total)(xs), 1e-6, 1e-6, "Grad outside Vmap");
            NumericAssert.AllClose(expected, Vmap(Grad(f), 0, 0, axisName: "i")(xs), 1e-6, 1e-6, "Vmap of Grad");
        }, maxTest: 10);
    }

    [Fact]
    public void Jvp_of_Vmap_with_psum_equals_the_tangent_of_the_sum()
    {
        PropertyCheck.ForAll(Batch, xs =>
        {
            var vs = Np.Cos(xs);
            var (p, t) = Jvp(Vmap(x => Lax.Psum(x, "i") * 1.0, 0, 0, axisName: "i"), xs, vs);
            NumericAssert.AllClose(Loop(xs, (a, b) => a + b) / xs, p, "primal", 1e-12);
            var sumT = Rows(vs).Aggregate((a, b) => a + b);
            NumericAssert.AllClose(Np.Stack(Rows(vs).Select(_ => sumT).ToArray()), t, "tangent", 1e-12);
        }, maxTest: 10);
    }

    [Theory]
    [MemberData(nameof(Collectives))]
    public void Jit_of_Vmap_and_Vmap_of_Jit_with_a_collective_equal_Vmap(string name)
    {
        var f = PerExample(name);
        var vmapped = Vmap(f, 0, 0, axisName: "i");
        PropertyCheck.ForAll(Batch, xs =>
        {
            var expected = vmapped(xs);
            NumericAssert.AllClose(expected, Jit(vmapped)(xs), "Jit(Vmap)", 1e-12);
            NumericAssert.AllClose(expected, Vmap(Jit(f), 0, 0, axisName: "i")(xs), "Vmap(Jit)", 1e-12);
            NumericAssert.AllClose(Grad((NDArray x) => Np.Sum(vmapped(x)))(xs), Vmap(Grad(Jit(f)), 0, 0, axisName: "i")(xs), "Vmap(Grad(Jit))", 1e-10);
        }, maxTest: 8);
    }

    [Fact]
    public void A_jitted_collective_of_an_unmapped_value_is_reduced()
    {
        var w = Np.Array(0.5, 2.0);
        var psumW = Jit((NDArray v) => Lax.Psum(v, "i"));
        var r = Vmap(x => x + psumW(w), 0, 0, axisName: "i")(Np.Zeros(new[] { 4, 2 }));
        NumericAssert.AllClose(Np.Stack(Enumerable.Repeat(w * 4, 4).ToArray()), r, "value", 1e-15);
    }

    [Fact]
    public void A_collective_outside_a_Vmap_of_its_name_is_an_error_naming_the_axis()
    {
        var e = Assert.Throws<ArgumentException>(() => Lax.Psum(Np.Ones(new[] { 2 }), "batch"));
        Assert.Contains("unbound axis name 'batch'", e.Message);
        var inner = Assert.Throws<ArgumentException>(() => Vmap(x => Lax.Pmax(x, "batch"), 0, 0, axisName: "other")(Np.Ones(new[] { 3, 2 })));
        Assert.Contains("'batch'", inner.Message);
        Assert.Contains("'other'", inner.Message);
        Assert.Throws<ArgumentException>(() => Vmap(x => x * Lax.AxisIndex("batch"))(Np.Ones(new[] { 3, 2 })));
        Assert.Throws<ArgumentException>(() => Jit((NDArray x) => Lax.AllGather(x, "batch"))(Np.Ones(new[] { 2 })));
    }

    [Fact]
    public void A_collective_over_the_outer_axis_of_a_value_mapped_only_by_the_inner_axis_scales_it_by_the_outer_size()
    {
        var xs = Np.Linspace(-1, 1, 6).Reshape(2, 3);
        // Outer "i" maps nothing (axisSize 4); inner "j" maps the rows of xs: psum over "i" sees the same row 4 times.
        var inner = Vmap(x => Lax.Psum(x, "i") + Lax.Psum(x, "j") * 0.0, 0, 0, axisName: "j");
        var r = Vmap<NDArray, NDArray>(inner, null, 0, axisSize: 4, axisName: "i")(xs);
        for (int i = 0; i < 4; i++) NumericAssert.AllClose(xs + xs + xs + xs, r[i], $"example {i}", 1e-15);
    }

    [Fact]
    public void Psum_inside_a_scan_body_under_Vmap_equals_the_loop()
    {
        PropertyCheck.ForAll(Batch, xs =>
        {
            // Per example: running sum over its elements of (element * the sum of that element over the batch).
            Func<NDArray, NDArray> f = x => Lax.Scan((NDArray c, NDArray e) => (c + e * Lax.Psum(e, "i"), c), Np.Zeros(System.Array.Empty<int>()), x).Carry;
            var rows = Rows(xs);
            var columnTotals = rows.Aggregate((a, b) => a + b);
            var expected = Np.Stack(rows.Select(r => Np.Sum(r * columnTotals)).ToArray());
            NumericAssert.AllClose(expected, Vmap(f, 0, 0, axisName: "i")(xs), "value", 1e-12);
        }, maxTest: 10);
    }

    private sealed record Dense(NDArray W);

    [Fact]
    public void The_README_examples_of_named_axes_run()
    {
        var xs = Np.Linspace(1, 2, 6).Reshape(3, 2);
        var p = new Dense(Np.Linspace(-1, 1, 4).Reshape(2, 2));
        var normalized = Vmap(x => x / Lax.Psum(x, "batch"), 0, 0, axisName: "batch")(xs);
        NumericAssert.AllClose(xs / (xs[0] + xs[1] + xs[2]), normalized, "normalized", 1e-15);
        var (scaled, total) = Vmap<(Dense, NDArray), (NDArray, NDArray)>(
            t => (Np.Matmul(t.Item2, t.Item1.W), Lax.Psum(Np.Sum(t.Item2), "b")),
            (null, 0), (0, null), axisName: "b")((p, xs));
        NumericAssert.AllClose(Np.Matmul(xs, p.W), scaled, "scaled", 1e-15);
        NumericAssert.AllClose(Np.Sum(xs), total, "total", 1e-15);
        var ids = Vmap<NDArray, NDArray>(_ => Lax.AxisIndex("k"), null, 0, axisSize: 4, axisName: "k")(Np.Zeros([1]));
        NumericAssert.Identical(Np.Array(Enumerable.Range(0, 4).ToArray()), ids);
    }

    [Fact]
    public void Control_flow_over_unmapped_values_reduces_its_collectives_over_the_named_axis()
    {
        var w = Np.Array(0.5, -1.5);
        var batch = Np.Zeros([3, 2]);
        // Neither the predicate nor the operand nor the carry depends on the batch; the bodies still sum over it (3 examples).
        var viaCond = Vmap(x => x + Lax.Cond(1, (NDArray v) => Lax.Psum(v, "i"), v => v, w), 0, 0, axisName: "i")(batch);
        NumericAssert.AllClose(Np.Stack(new[] { w * 3, w * 3, w * 3 }), viaCond, "cond", 1e-15);
        var viaLoop = Vmap(x => x + Lax.ForiLoop(0, 2, (NDArray i, NDArray c) => Lax.Psum(c, "i"), w), 0, 0, axisName: "i")(batch);
        NumericAssert.AllClose(Np.Stack(new[] { w * 9, w * 9, w * 9 }), viaLoop, "fori_loop", 1e-15);
    }
}
