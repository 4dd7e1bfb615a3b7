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


    [Theory]
    [MemberData(nameof(Rows))]
    public void Jit_equals_eager_evaluation(string name)
    {
        PropertyCheck.ForAll(Row(name).Cases, c =>
        {
            var jitted = Jax.Jit<NDArray[], NDArray>(args => c.Apply(args));
            // One primitive runs the same kernel eagerly and compiled: the same bits on any CPU.
            NumericAssert.Identical(c.Apply(c.Args), jitted(c.Args), "jit against eager");
            NumericAssert.Identical(c.Apply(c.Args), jitted(c.Args), "jit against eager, cache hit");
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
            NumericAssert.AllClose(t, tj, "Jvp of Jit", 1e-14);
            var (y, pullback) = Jax.Vjp(f, c.Args);
            var (yj, pullbackJ) = Jax.Vjp(jitted, c.Args);
            NumericAssert.Identical(y, yj, "Vjp primal of Jit");
            var u = Np.OnesLike(y) * 0.25;
            var g = pullback(u);
            var gj = pullbackJ(u);
            for (int i = 0; i < g.Length; i++) NumericAssert.AllClose(g[i], gj[i], "Vjp of Jit", 1e-14);
            // and the jitted gradient
            var gjj = Jax.Jit<NDArray[], NDArray[]>(args => Jax.Vjp(f, args).Pullback(u))(c.Args);
            for (int i = 0; i < g.Length; i++) NumericAssert.AllClose(g[i], gjj[i], "jitted Vjp", 1e-14);
        }, maxTest: 20);
    }
}
