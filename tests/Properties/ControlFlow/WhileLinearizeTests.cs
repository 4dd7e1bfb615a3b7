using System;
using FsCheck;
using FsCheck.Fluent;
using Xunit;
using static Functional.AD.Jax;
using static Functional.AD.Properties.Primitives.Generators;

namespace Functional.AD.Properties.ControlFlow;

/// <summary>
/// Linearization through <c>Lax.WhileLoop</c> (JAX's partial evaluation of while: the tangent loop goes to the linear
/// side whole): Linearize, and Jvp of Checkpoint and Jit, agree with Jvp and with central finite differences, while
/// reverse mode still fails with the error pointing to Scan and ForiLoop.
/// </summary>
public class WhileLinearizeTests
{
    /// <summary>Four steps of a nonlinear recurrence counted by an int carry; p = [w, x0, y0], the body closes over w.</summary>
    private static NDArray Loop(NDArray p)
    {
        var w = p[0];
        var (x, y, _) = Lax.WhileLoop<(NDArray X, NDArray Y, NDArray I)>(
            s => s.I < 4,
            s => (Np.Sin(s.X) * w + s.Y, s.Y * Np.Cos(s.X) * 0.5, s.I + 1),
            (p[1], p[2], Np.Scalar(0)));
        return Np.Stack(new[] { x, y * x });
    }

    /// <summary>The same recurrence as a C# loop, evaluated on doubles.</summary>
    private static double[] LoopReference(double[] p)
    {
        double w = p[0], x = p[1], y = p[2];
        for (int i = 0; i < 4; i++) (x, y) = (Math.Sin(x) * w + y, y * Math.Cos(x) * 0.5);
        return new[] { x, y * x };
    }

    /// <summary>J v by central differences of the C# reference.</summary>
    private static NDArray FiniteDifference(double[] p, double[] v)
    {
        const double h = 1e-6;
        var plus = new double[3];
        var minus = new double[3];
        for (int i = 0; i < 3; i++) { plus[i] = p[i] + h * v[i]; minus[i] = p[i] - h * v[i]; }
        var (a, b) = (LoopReference(plus), LoopReference(minus));
        return Np.Array((a[0] - b[0]) / (2 * h), (a[1] - b[1]) / (2 * h));
    }

    private static Gen<(double[] P, double[] V)> Points =>
        from p in Gen.ArrayOf(Gen.Choose(-1500, 1500).Select(k => k / 1000.0), 3)
        from v in Gen.ArrayOf(Gen.Choose(-1000, 1000).Select(k => k / 1000.0), 3)
        select (p, v);

    [Fact]
    public void Linearize_through_WhileLoop_equals_Jvp_and_finite_differences()
    {
        PropertyCheck.ForAll(Points, c =>
        {
            var (p, v) = (Np.Array(c.P), Np.Array(c.V));
            var expected = FiniteDifference(c.P, c.V);
            var (value, jvp) = Linearize(Loop, p);
            NumericAssert.AllClose(Np.Array(LoopReference(c.P)), value, "value", 1e-12);
            NumericAssert.AllClose(expected, jvp(v), "Linearize", 1e-6);
            NumericAssert.AllClose(Jvp(Loop, p, v).Tangent, jvp(v), "Linearize vs Jvp", 1e-12);
            // The linear function is reusable and linear.
            NumericAssert.AllClose(jvp(v) * 3.0, jvp(v * 3.0), "linearity", 1e-12);
        }, maxTest: 20);
    }

    [Fact]
    public void Linearize_and_Jvp_of_Checkpoint_and_Jit_work_through_WhileLoop()
    {
        var variants = new (string Name, Func<NDArray, NDArray> F)[]
        {
            ("Checkpoint", Checkpoint(Loop)),
            ("Checkpoint(DotsSaveable)", Checkpoint(Loop, CheckpointPolicy.DotsSaveable)),
            ("Jit", Jit(Loop)),
            ("Jit(Checkpoint)", Jit(Checkpoint(Loop))),
        };
        PropertyCheck.ForAll(Points, c =>
        {
            var (p, v) = (Np.Array(c.P), Np.Array(c.V));
            var expected = FiniteDifference(c.P, c.V);
            foreach (var (name, f) in variants)
            {
                NumericAssert.AllClose(expected, Jvp(f, p, v).Tangent, $"Jvp({name})", 1e-6);
                var (value, jvp) = Linearize(f, p);
                NumericAssert.AllClose(Np.Array(LoopReference(c.P)), value, $"Linearize({name}) value", 1e-12);
                NumericAssert.AllClose(expected, jvp(v), $"Linearize({name})", 1e-6);
            }
            // Linearize staged inside Jit, and inside a checkpointed function differentiated forward.
            var staged = Jit((NDArray t) => Linearize(Checkpoint(Loop), t).Jvp(v))(p);
            NumericAssert.AllClose(expected, staged, "Jit(Linearize(Checkpoint))", 1e-6);
            var inner = Checkpoint((NDArray t) => Jvp(Loop, t, v).Tangent);
            NumericAssert.AllClose(expected, Linearize(inner, p).Value, "Linearize(Checkpoint(Jvp))", 1e-6);
        }, maxTest: 10);
    }

    [Fact]
    public void Linearize_through_a_WhileLoop_to_convergence_gives_the_derivative_of_its_limit()
    {
        // Newton's iteration for sqrt(a), with a trip count that depends on a: d sqrt(a) = 0.5 / sqrt(a).
        static NDArray Root(NDArray a) => Lax.WhileLoop<NDArray>(x => Np.Abs(x * x - a) > 1e-12, x => (x + a / x) * 0.5, a);
        PropertyCheck.ForAll(Uniform(0.5, 50), v =>
        {
            var (root, jvp) = Linearize(Root, Np.Scalar(v));
            NumericAssert.AllClose(Np.Scalar(Math.Sqrt(v)), root, "value", 1e-12);
            NumericAssert.AllClose(Np.Scalar(0.5 / Math.Sqrt(v)), jvp(Np.Scalar(1.0)), "Linearize", 1e-8);
        }, maxTest: 20);
    }

    [Fact]
    public void Reverse_mode_through_a_linearized_WhileLoop_fails_at_the_transpose_with_a_pointer_to_Scan()
    {
        var p = Np.Array(0.3, 0.7, -0.2);
        var forms = new (string Name, Action Run)[]
        {
            ("Grad", () => Grad((NDArray t) => Np.Sum(Loop(t)))(p)),
            ("Vjp", () => Vjp(Loop, p).Pullback(Np.Array(1.0, 1.0))),
            ("Grad(Jit)", () => Grad(Jit((NDArray t) => Np.Sum(Loop(t))))(p)),
            ("Grad(Checkpoint)", () => Grad(Checkpoint((NDArray t) => Np.Sum(Loop(t))))(p)),
            ("Jacrev", () => Jacrev(Loop)(p)),
        };
        foreach (var (name, run) in forms)
        {
            var ex = Assert.Throws<NotSupportedException>(run);
            Assert.True(ex.Message.Contains("Lax.ForiLoop") && ex.Message.Contains("Lax.Scan") && ex.Message.Contains("reverse-mode"), $"{name}: {ex.Message}");
        }
    }
}
