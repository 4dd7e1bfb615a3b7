using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace Functional.AD.Properties.Primitives;

/// <summary>For every line of <see cref="PrimitiveTable"/>: Jit(f) equals f, and transforms of Jit(f) equal transforms of f.</summary>
public class JitProperties
{
    public static IEnumerable<object[]> Rows => PrimitiveTable.All.Select(r => new object[] { r.Name });

    public static IEnumerable<object[]> SmoothRows =>
        PrimitiveTable.All.Where(r => r.Kind == DerivativeKind.Smooth).Select(r => new object[] { r.Name });

    private static PrimitiveSpec Row(string name) => PrimitiveTable.All.Single(r => r.Name == name);

    private static void AssertSame(NDArray expected, NDArray actual, double tol = 0)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        Assert.Equal(expected.DType, actual.DType);
        var e = expected.ToArray<double>();
        var a = actual.ToArray<double>();
        for (int i = 0; i < e.Length; i++)
            Assert.True(e[i].Equals(a[i]) || Math.Abs(e[i] - a[i]) <= tol * (1 + Math.Abs(e[i])), $"element {i}: jit {a[i]:R}, eager {e[i]:R}");
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Jit_equals_eager_evaluation(string name)
    {
        PropertyCheck.ForAll(Row(name).Cases, c =>
        {
            var jitted = Jax.Jit<NDArray[], NDArray>(args => c.Apply(args));
            AssertSame(c.Apply(c.Args), jitted(c.Args));
            AssertSame(c.Apply(c.Args), jitted(c.Args));   // a cache hit gives the same result
        }, maxTest: 30);
    }

    [Theory]
    [MemberData(nameof(SmoothRows))]
    public void Derivatives_of_Jit_equal_derivatives_of_the_function(string name)
    {
        PropertyCheck.ForAll(Row(name).Cases, c =>
        {
            Func<NDArray[], NDArray> f = args => c.Apply(args);
            var jitted = Jax.Jit(f);
            var v = c.Args.Select(a => Np.OnesLike(a) * 0.5).ToArray();
            var (_, t) = Jax.Jvp(f, c.Args, v);
            var (_, tj) = Jax.Jvp(jitted, c.Args, v);
            AssertSame(t, tj, 1e-14);
            var (y, pullback) = Jax.Vjp(f, c.Args);
            var (yj, pullbackJ) = Jax.Vjp(jitted, c.Args);
            AssertSame(y, yj);
            var u = Np.OnesLike(y) * 0.25;
            var g = pullback(u);
            var gj = pullbackJ(u);
            for (int i = 0; i < g.Length; i++) AssertSame(g[i], gj[i], 1e-14);
            // and the jitted gradient
            var gjj = Jax.Jit<NDArray[], NDArray[]>(args => Jax.Vjp(f, args).Pullback(u))(c.Args);
            for (int i = 0; i < g.Length; i++) AssertSame(g[i], gjj[i], 1e-14);
        }, maxTest: 20);
    }
}
