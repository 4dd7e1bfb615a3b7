using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck.Fluent;
using Xunit;

namespace Functional.AD.Properties.Debugging;

/// <summary>
/// Jax.DebugCallback and Jax.DebugPrint: they run with the concrete values when the program runs, under Jit (each
/// call, never at trace time, never removed, merged or folded by the compiler), Vmap (once per example, in order),
/// Grad and Jvp (on the primal values) and inside Scan.
/// </summary>
public class DebugCallbackTests
{
    private static readonly FsCheck.Gen<double[]> Vectors =
        from n in Gen.Choose(1, 5)
        from xs in Gen.ArrayOf(Gen.Choose(-300, 300).Select(i => i / 100.0), n)
        select xs;

    /// <summary>f(x) = sum(sin(x) * x), reporting sin(x) to <paramref name="seen"/>.</summary>
    private static Func<NDArray, NDArray> Reporting(List<double[]> seen) => x =>
    {
        var s = Np.Sin(x);
        Jax.DebugCallback(v => seen.Add(v.ToArray<double>()), s);
        return Np.Sum(s * x);
    };

    [Fact]
    public void The_callback_sees_the_concrete_values_eagerly_under_Jit_and_under_Grad() =>
        PropertyCheck.ForAll(Vectors, xs =>
        {
            var x = Np.Array(xs);
            var expected = xs.Select(Math.Sin).ToArray();
            foreach (var (name, run) in new (string, Func<Func<NDArray, NDArray>, NDArray>)[]
            {
                ("eager", f => f(x)),
                ("Jit", f => Jax.Jit(f)(x)),
                ("Grad", f => Jax.Grad(f)(x)),
                ("Jit(Grad)", f => Jax.Jit(Jax.Grad(f))(x)),
                ("Grad(Jit)", f => Jax.Grad(Jax.Jit(f))(x)),
                ("Jvp", f => Jax.Jvp(f, x, Np.OnesLike(x)).Tangent),
            })
            {
                var seen = new List<double[]>();
                run(Reporting(seen));
                Assert.True(seen.Count == 1, $"{name}: {seen.Count} calls");
                Assert.Equal(expected, seen[0], new ToleranceComparer(1e-14));
            }
        });

    [Fact]
    public void A_jitted_callback_runs_on_every_call_and_not_when_traced()
    {
        int calls = 0;
        var f = Jax.Jit((NDArray x) =>
        {
            Jax.DebugCallback(_ => calls++, x);
            return x * 2.0;
        });
        var staged = Jax.MakeJaxpr((NDArray x) =>
        {
            Jax.DebugCallback(_ => calls++, x);
            return x;
        })(Np.Array(1.0));
        Assert.Equal(0, calls);
        Assert.Contains("debug_callback", staged.ToString());
        for (int i = 1; i <= 3; i++)
        {
            f(Np.Array(1.0, 2.0));
            Assert.Equal(i, calls);
        }
    }

    [Fact]
    public void The_compiler_keeps_unused_repeated_and_constant_callbacks()
    {
        var log = new List<string>();
        var f = Jax.Jit((NDArray x) =>
        {
            var unused = Np.Exp(x);
            Jax.DebugCallback(_ => log.Add("a"), unused);
            Jax.DebugCallback(_ => log.Add("b"), unused);   // same operand: must not be merged with the first (different action)
            Jax.DebugCallback(_ => log.Add("a"), unused);
            Jax.DebugCallback(_ => log.Add("c"), Np.Array(3.0));   // constant operand: must not run at compile time
            return x + 1.0;
        });
        var y = f(Np.Array(0.5));
        Assert.Equal(1.5, (double)y);
        Assert.Equal(new[] { "a", "b", "a", "c" }, log);
        f(Np.Array(0.5));
        Assert.Equal(8, log.Count);
    }

    [Fact]
    public void Under_Vmap_the_callback_runs_once_per_example_in_order() =>
        PropertyCheck.ForAll(
            from rows in Gen.Choose(1, 4)
            from cols in Gen.Choose(1, 3)
            from data in Gen.ArrayOf(Gen.Choose(-9, 9).Select(i => (double)i), rows * cols)
            select (rows, cols, data),
            c =>
            {
                var x = Np.FromFlat(c.data, new[] { c.rows, c.cols });
                foreach (var (name, wrap) in new (string, Func<Func<NDArray, NDArray>, Func<NDArray, NDArray>>)[]
                {
                    ("Vmap", g => Jax.Vmap(g)),
                    ("Jit(Vmap)", g => Jax.Jit(Jax.Vmap(g))),
                    ("Vmap(Jit)", g => Jax.Vmap(Jax.Jit(g))),
                    ("Vmap(Grad)", g => Jax.Vmap(Jax.Grad(z => Np.Sum(g(z))))),
                })
                {
                    var seen = new List<double[]>();
                    wrap(z =>
                    {
                        Jax.DebugCallback(v => seen.Add(v.ToArray<double>()), z);
                        return z * z;
                    })(x);
                    Assert.True(seen.Count == c.rows, $"{name}: {seen.Count} calls for {c.rows} examples");
                    for (int r = 0; r < c.rows; r++)
                        Assert.Equal(c.data.Skip(r * c.cols).Take(c.cols).ToArray(), seen[r]);
                }
            });

    [Fact]
    public void Inside_Scan_the_callback_runs_once_per_iteration_with_that_iterations_values()
    {
        foreach (var jit in new[] { false, true })
        {
            var seen = new List<double>();
            Func<NDArray, NDArray> f = xs => Lax.Scan((NDArray c, NDArray x) =>
            {
                var next = c + x;
                Jax.DebugCallback(v => seen.Add((double)v), next);
                return (next, next);
            }, Np.Scalar(0.0), xs).Carry;
            var g = jit ? Jax.Jit(f) : f;
            g(Np.Array(1.0, 2.0, 3.0));
            Assert.Equal(new[] { 1.0, 3.0, 6.0 }, seen);
        }
    }

    [Fact]
    public void The_callback_gets_a_pytree_rebuilt_and_may_keep_the_arrays()
    {
        var kept = new List<(NDArray, NDArray)>();
        var f = Jax.Jit((NDArray x) =>
        {
            var big = Np.Exp(x);
            Jax.DebugCallback(t => kept.Add(t), (big, x * 3.0));
            return Np.Sum(big * 2.0);
        });
        var data = Enumerable.Range(0, 40000).Select(i => i / 40000.0).ToArray();
        f(Np.Array(data));
        f(Np.Array(data.Select(d => -d).ToArray()));   // a second run may reuse the first run's buffers
        Assert.Equal(2, kept.Count);
        Assert.Equal(data.Select(Math.Exp).ToArray(), kept[0].Item1.ToArray<double>(), new ToleranceComparer(1e-12));
        Assert.Equal(data.Select(d => 3 * d).ToArray(), kept[0].Item2.ToArray<double>(), new ToleranceComparer(1e-12));
        Assert.Equal(data.Select(d => Math.Exp(-d)).ToArray(), kept[1].Item1.ToArray<double>(), new ToleranceComparer(1e-12));
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tolerance * Math.Max(1, Math.Abs(b));

        public int GetHashCode(double d) => 0;
    }
}
