using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck.Fluent;
using Xunit;
using static Functional.AD.Jax;
using static Functional.AD.Properties.Compiler.CompilerTestSupport;
using static Functional.AD.Properties.Primitives.Generators;

namespace Functional.AD.Properties.Compiler;

/// <summary>
/// Dead-code elimination through higher-order primitives (JAX's dce rules): cond, scan, while, jit and checkpoint
/// equations are pruned to the outputs that are read, with the body equations only the dropped outputs needed; loop
/// carries are dropped only when no kept output, kept carry or loop condition depends on them. Remat then recomputes
/// only what the backward pass reads. Values never change.
/// </summary>
public class HigherOrderDeadCodeTests
{
    /// <summary>Equations of a jaxpr and of every jaxpr nested in its equations' parameters.</summary>
    private static int Total(ClosedJaxpr j) => j.Jaxpr.Equations.Sum(e => 1 + Nested(e).Sum(Total));

    private static IEnumerable<ClosedJaxpr> Nested(Equation e)
    {
        foreach (var (_, value) in e.Params.Entries())
            if (value is ClosedJaxpr c) yield return c;
            else if (value is IReadOnlyList<ClosedJaxpr> list) foreach (var b in list) yield return b;
    }

    /// <summary>The equations of <paramref name="primitive"/> anywhere in <paramref name="j"/> (nested jaxprs included).</summary>
    private static List<(Equation Eqn, Jaxpr Owner)> Find(ClosedJaxpr j, string primitive)
    {
        var found = new List<(Equation, Jaxpr)>();
        foreach (var e in j.Jaxpr.Equations)
        {
            if (e.Primitive.Name == primitive) found.Add((e, j.Jaxpr));
            foreach (var n in Nested(e)) found.AddRange(Find(n, primitive));
        }
        return found;
    }

    /// <summary>How many outputs of <paramref name="e"/> (from <paramref name="from"/> on) nothing in <paramref name="owner"/> reads.</summary>
    private static int Unread(Equation e, Jaxpr owner, int from = 0)
    {
        var read = new HashSet<Var>(owner.OutVars.OfType<Var>());
        foreach (var other in owner.Equations) foreach (var a in other.Inputs.OfType<Var>()) read.Add(a);
        return e.Outputs.Skip(from).Count(o => !read.Contains(o));
    }

    private static void SameValues(ClosedJaxpr before, ClosedJaxpr after, NDArray[] args, NDArray expected, string what)
    {
        NumericAssert.AllClose(expected, Eval(before, args), $"{what} before", 1e-12);
        NumericAssert.AllClose(expected, Eval(after, args), $"{what} after", 1e-12);
    }

    // ------------------------------------------------------------------ the functions, and their values in C#

    private static NDArray CondFirst(NDArray x) =>
        Np.Sum(Lax.Cond(x[0] > 0.0, (NDArray v) => (Np.Sin(v), Np.Exp(v), Np.Cos(v)), (NDArray v) => (v * v, v + 1.0, v * 3.0), x).Item1);

    private static double CondFirstReference(double[] x) => x[0] > 0 ? x.Sum(Math.Sin) : x.Sum(v => v * v);

    /// <summary>Carries (a, b, c) and ys (y1, y2); the result reads a and y1; a needs b; c and y2 are dead.</summary>
    private static NDArray ScanSome(NDArray x)
    {
        var (carry, ys) = Lax.Scan<(NDArray A, NDArray B, NDArray C), NDArray, (NDArray, NDArray)>(
            (c, e) => ((c.A * Np.Sin(e) + c.B, c.B + e, c.C * Np.Exp(e)), (Np.Cos(e) * c.A, c.C * 3.0)),
            (Np.Scalar(1.0), Np.Scalar(0.5), Np.Scalar(2.0)), x);
        return carry.A + Np.Sum(ys.Item1);
    }

    private static double ScanSomeReference(double[] x)
    {
        double a = 1, b = 0.5, s = 0;
        foreach (var e in x)
        {
            s += Math.Cos(e) * a;
            (a, b) = (a * Math.Sin(e) + b, b + e);
        }
        return a + s;
    }

    /// <summary>Carries (i, a, b, c): the condition reads i, the result reads a, a needs b, c is dead.</summary>
    private static NDArray WhileSome(NDArray x)
    {
        var (_, a, _, _) = Lax.WhileLoop<(NDArray I, NDArray A, NDArray B, NDArray C)>(
            s => s.I < 3,
            s => (s.I + 1, s.A * Np.Cos(s.B), s.B + x[1], Np.Exp(s.C)),
            (Np.Scalar(0), x[0], x[1], x[2]));
        return a;
    }

    private static double WhileSomeReference(double[] x)
    {
        double a = x[0], b = x[1];
        for (int i = 0; i < 3; i++) (a, b) = (a * Math.Cos(b), b + x[1]);
        return a;
    }

    private static readonly Func<NDArray, (NDArray, NDArray)> JitPair = Jit((NDArray v) => (Np.Sin(v), Np.Exp(v) * 2.0));
    private static readonly Func<NDArray, (NDArray, NDArray)> CheckpointPair = Checkpoint((NDArray v) => (Np.Sin(v), Np.Exp(v) * 2.0));

    // ------------------------------------------------------------------ tests

    [Fact]
    public void Dead_code_elimination_prunes_unused_outputs_of_cond_scan_while_jit_and_checkpoint()
    {
        var cases = new (string Name, string Primitive, Func<NDArray, NDArray> F, Func<double[], double> Reference, int OutputsAfter)[]
        {
            ("cond", "cond", CondFirst, CondFirstReference, 1),
            ("scan", "scan", ScanSome, ScanSomeReference, 3),            // a, b and y1
            ("while", "while", WhileSome, WhileSomeReference, 3),         // i, a and b
            ("jit", "jit", v => Np.Sum(JitPair(v).Item1), x => x.Sum(Math.Sin), 1),
            ("checkpoint", "checkpoint", v => Np.Sum(CheckpointPair(v).Item1), x => x.Sum(Math.Sin), 1),
        };
        PropertyCheck.ForAll(Array(new[] { 3 }, Uniform(-1.5, 1.5)), x =>
        {
            foreach (var (name, primitive, f, reference, outputsAfter) in cases)
            {
                var (staged, args) = Stage(f, x);
                var pruned = DeadCodeElimination.Run(staged);
                SameValues(staged, pruned, args, Np.Scalar(reference(x.ToArray<double>())), name);
                var (before, after) = (Find(staged, primitive).Single(), Find(pruned, primitive).Single());
                Assert.True(Unread(before.Eqn, before.Owner) > 0, $"{name}: the example has unused outputs");
                Assert.Equal(outputsAfter, after.Eqn.Outputs.Length);
                Assert.True(Total(pruned) < Total(staged), $"{name}: {Total(pruned)} equations after, {Total(staged)} before");
                // Only loop carries that something kept depends on may stay unread.
                if (primitive is not "scan" and not "while") Assert.Equal(0, Unread(after.Eqn, after.Owner));
            }
        }, maxTest: 10);
    }

    [Fact]
    public void Dead_code_elimination_prunes_through_nested_higher_order_primitives()
    {
        // A jit around a cond around a scan: the dead scan output is pruned two levels down.
        var f = Jit((NDArray x) => Lax.Cond(x[0] > 0.0,
            (NDArray v) => { var (c, ys) = Lax.Scan<NDArray, NDArray, NDArray>((a, e) => (a + e, Np.Exp(e) * a), Np.Scalar(0.0), v); return (c, ys); },
            (NDArray v) => (Np.Sum(v), v * 2.0), x).Item1);
        PropertyCheck.ForAll(Array(new[] { 3 }, Uniform(-1.5, 1.5)), x =>
        {
            var (staged, args) = Stage(f, x);
            var pruned = DeadCodeElimination.Run(staged);
            var xs = x.ToArray<double>();
            SameValues(staged, pruned, args, Np.Scalar(xs.Sum()), "nested");
            Assert.Equal(2, Find(staged, "scan").Single().Eqn.Outputs.Length);
            Assert.Single(Find(pruned, "scan").Single().Eqn.Outputs);
            Assert.Empty(Find(pruned, "exp"));
            Assert.Single(Find(pruned, "cond").Single().Eqn.Outputs);
        }, maxTest: 5);
    }

    [Fact]
    public void Remat_of_cond_and_scan_recomputes_only_what_the_backward_pass_reads()
    {
        // The cond's third output is unused, so neither the forward nor the recomputation computes it.
        static NDArray CondLoss(NDArray x)
        {
            var (a, b, _) = Lax.Cond(x[0] > 0.0, (NDArray v) => (Np.Sin(v), Np.Cos(v) * 2.0, Np.Exp(v)), (NDArray v) => (v * v, v + 1.0, v * 3.0), x);
            return Np.Sum(a * b);
        }
        static double[] CondGrad(double[] x) => x[0] > 0
            ? x.Select(v => 2 * Math.Cos(2 * v)).ToArray()                 // sin v * 2 cos v = sin 2v
            : x.Select(v => 3 * v * v + 2 * v).ToArray();                  // v^2 (v + 1)
        PropertyCheck.ForAll(Array(new[] { 3 }, Uniform(-1.5, 1.5)), x =>
        {
            var xs = x.ToArray<double>();
            NumericAssert.AllClose(Np.Array(CondGrad(xs)), Grad(Checkpoint(CondLoss))(x), "Grad(Checkpoint(cond))", 1e-12);
            NumericAssert.AllClose(Np.Array(CondGrad(xs)), Jit(Grad(Checkpoint(CondLoss)))(x), "Jit(Grad(Checkpoint(cond)))", 1e-12);
            NumericAssert.AllClose(Np.Scalar(ScanSomeReference(xs)), Checkpoint(ScanSome)(x), "Checkpoint(scan)", 1e-12);
            NumericAssert.AllClose(Grad(ScanSome)(x), Grad(Checkpoint(ScanSome))(x), "Grad(Checkpoint(scan))", 1e-12);
        }, maxTest: 10);

        var x0 = Np.Array(0.5, 1.5, -0.25);
        var grad = MakeJaxpr(Grad(Checkpoint(CondLoss)))(x0);
        var conds = Find(grad, "cond");
        Assert.True(conds.Count >= 2, grad.ToString());
        foreach (var (eqn, owner) in conds) Assert.True(Unread(eqn, owner) == 0, $"a cond output nothing reads:\n{grad}");
        // Neither the forward cond nor its recomputation evaluates the unused third output's v * 3 or exp v.
        Assert.Empty(Find(grad, "exp"));
        var scanGrad = MakeJaxpr(Grad(Checkpoint(ScanSome)))(x0);
        foreach (var (eqn, owner) in Find(scanGrad, "scan"))
            Assert.True(Unread(eqn, owner, from: ((ScanParams)eqn.Params).NumCarry) == 0, $"a stacked scan output nothing reads:\n{scanGrad}");
    }
}
