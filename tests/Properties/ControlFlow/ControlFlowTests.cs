using System;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Xunit;
using static Functional.AD.Jax;
using static Functional.AD.Properties.Primitives.Generators;

namespace Functional.AD.Properties.ControlFlow;

/// <summary>
/// Every control-flow primitive against its unrolled equivalent (an ordinary C# loop or if over the same
/// operations): values, JVPs, gradients, Hessians, vmapped and jitted results agree.
/// </summary>
public class ControlFlowTests
{
    /// <summary>The inputs (xs of length 0..5, a 2-vector initial carry, a weight the body closes over) packed in one vector.</summary>
    private static Gen<NDArray> Packed(int extra) =>
        from n in Gen.Choose(0, 5)
        from v in Array(new[] { n + extra }, Uniform(-1.5, 1.5))
        select v;

    // ---------------------------------------------------------------- scan

    /// <summary>sum of a scan with two carries, a closed-over weight and stacked outputs; p = [w, c0, c1, xs...].</summary>
    private static NDArray ScanLoss(NDArray p)
    {
        var w = p[0];
        var (carry, ys) = Lax.Scan<(NDArray A, NDArray B), NDArray, NDArray>(
            (c, x) => ((c.A * Np.Sin(x) + w * c.B, Np.Tanh(c.B + x * c.A)), c.A * x + Np.Cos(c.B)),
            (p[1], p[2]), p[3..]);
        return carry.A * 2.0 + carry.B + Np.Sum(ys * ys);
    }

    private static NDArray ScanUnrolled(NDArray p)
    {
        var w = p[0];
        NDArray a = p[1], b = p[2], s = Np.Scalar(0.0);
        for (int i = 3; i < p.Shape[0]; i++)
        {
            var x = p[i];
            var y = a * x + Np.Cos(b);
            (a, b) = (a * Np.Sin(x) + w * b, Np.Tanh(b + x * a));
            s = s + y * y;
        }
        return a * 2.0 + b + s;
    }

    [Fact]
    public void Scan_equals_the_unrolled_loop_under_every_transform()
    {
        PropertyCheck.ForAll(Packed(3), p =>
        {
            var ps = Np.Stack(new[] { p, p * 0.5, p + 0.1 });
            NumericAssert.AllClose(ScanUnrolled(p), ScanLoss(p), "value", 1e-10);
            NumericAssert.AllClose(Jvp(ScanUnrolled, p, p).Tangent, Jvp(ScanLoss, p, p).Tangent, "Jvp", 1e-10);
            NumericAssert.AllClose(Grad(ScanUnrolled)(p), Grad(ScanLoss)(p), "Grad", 1e-10);
            NumericAssert.AllClose(Grad(ScanUnrolled)(p), Jit(Grad(ScanLoss))(p), "Jit(Grad)", 1e-10);
            NumericAssert.AllClose(Grad(ScanUnrolled)(p), Grad(Jit(ScanLoss))(p), "Grad(Jit)", 1e-10);
            NumericAssert.AllClose(Vmap(ScanUnrolled)(ps), Vmap(ScanLoss)(ps), "Vmap", 1e-10);
            NumericAssert.AllClose(Vmap(Grad(ScanUnrolled))(ps), Vmap(Grad(ScanLoss))(ps), "Vmap(Grad)", 1e-10);
            NumericAssert.AllClose(Hessian(ScanUnrolled)(p), Hessian(ScanLoss)(p), "Hessian", 1e-9);
            NumericAssert.AllClose(Hessian(ScanUnrolled)(p), Jit(Jacrev(Grad(ScanLoss)))(p), "Jit(Jacrev(Grad))", 1e-9);
        }, maxTest: 25);
    }

    [Fact]
    public void Scan_handles_batched_xs_carries_and_consts_separately()
    {
        // Only xs mapped; only the init mapped; only the closed-over weight mapped.
        var p = Np.Array(0.3, -0.2, 0.7, 0.5, -1.1, 0.9);
        var rows = new[] { p, p * -0.7, p + 0.3, p * 1.3 };
        foreach (int k in new[] { 0, 1, 3 })
        {
            int split = k + 1;
            var fixedHead = p[..split];
            var fixedTail = p[split..];
            var tails = Np.Stack(rows.Select(r => r[split..]).ToArray());
            var heads = Np.Stack(rows.Select(r => r[..split]).ToArray());
            NumericAssert.AllClose(Vmap((NDArray t) => ScanUnrolled(Np.Concatenate(new[] { fixedHead, t })))(tails), Vmap((NDArray t) => ScanLoss(Np.Concatenate(new[] { fixedHead, t })))(tails), $"Vmap over p[{split}..]", 1e-10);
            NumericAssert.AllClose(Vmap((NDArray h) => ScanUnrolled(Np.Concatenate(new[] { h, fixedTail })))(heads), Vmap((NDArray h) => ScanLoss(Np.Concatenate(new[] { h, fixedTail })))(heads), $"Vmap over p[..{split}]", 1e-10);
        }
    }

    [Fact]
    public void ForiLoop_equals_the_unrolled_loop_and_is_reverse_differentiable()
    {
        static NDArray Fori(NDArray p) =>
            Np.Sum(Lax.ForiLoop(1, 5, (i, v) => v + p[0] * Np.Sin(v) * i.AsType(DType.Float64), p[1..]));
        static NDArray Unrolled(NDArray p)
        {
            var v = p[1..];
            for (int i = 1; i < 5; i++) v = v + p[0] * Np.Sin(v) * (double)i;
            return Np.Sum(v);
        }
        PropertyCheck.ForAll(Packed(2), p =>
        {
            NumericAssert.AllClose(Unrolled(p), Fori(p), "value", 1e-10);
            NumericAssert.AllClose(Grad(Unrolled)(p), Grad(Fori)(p), "Grad", 1e-10);
            NumericAssert.AllClose(Jvp(Unrolled, p, p).Tangent, Jvp(Fori, p, p).Tangent, "Jvp", 1e-10);
            NumericAssert.AllClose(Hessian(Unrolled)(p), Hessian(Fori)(p), "Hessian", 1e-9);
            NumericAssert.AllClose(Vmap(Grad(Unrolled))(Np.Stack(new[] { p, p * 0.3 })), Vmap(Grad(Fori))(Np.Stack(new[] { p, p * 0.3 })), "Vmap(Grad)", 1e-10);
        }, maxTest: 20);
        Assert.Contains("scan[", MakeJaxpr(Fori)(Np.Array(0.5, 1.0, 2.0)).ToString());
        // Empty ranges run no iterations.
        var init = Np.Array(1.0, 2.0);
        Assert.Same(init, Lax.ForiLoop(3, 3, (i, v) => v * 2.0, init));
    }

    // ---------------------------------------------------------------- cond

    private static NDArray CondF(NDArray x) =>
        Np.Sum(Lax.Cond(Np.Sum(x) > 0.0, (NDArray v) => Np.Sin(v) * v, (NDArray v) => Np.Exp(v) * x[0], x));

    private static NDArray CondUnrolled(NDArray x) =>
        Np.Sum((double)Np.Sum(x) > 0 ? Np.Sin(x) * x : Np.Exp(x) * x[0]);

    [Fact]
    public void Cond_equals_the_if_statement_under_every_transform()
    {
        var inputs = from n in Gen.Choose(1, 5) from v in Array(new[] { n }, AwayFromZero(0.2, 1.5)) select v;
        PropertyCheck.ForAll(inputs, x =>
        {
            NumericAssert.AllClose(CondUnrolled(x), CondF(x), "value", 1e-10);
            NumericAssert.AllClose(Grad(CondUnrolled)(x), Grad(CondF)(x), "Grad", 1e-10);
            NumericAssert.AllClose(Grad(CondUnrolled)(x), Jit(Grad(CondF))(x), "Jit(Grad)", 1e-10);
            NumericAssert.AllClose(Jvp(CondUnrolled, x, x).Tangent, Jvp(CondF, x, x).Tangent, "Jvp", 1e-10);
            NumericAssert.AllClose(Hessian(CondUnrolled)(x), Hessian(CondF)(x), "Hessian", 1e-9);
            // A batch whose examples take different branches: the batched predicate becomes select_n.
            // (The if statement reads the predicate, so its batched reference is a loop over the examples.)
            var rows = new[] { x, -x, x * 0.5 };
            var xs = Np.Stack(rows);
            NumericAssert.AllClose(Np.Stack(rows.Select(CondUnrolled).ToArray()), Vmap(CondF)(xs), "Vmap", 1e-10);
            var grads = Np.Stack(rows.Select(r => Grad(CondUnrolled)(r)).ToArray());
            NumericAssert.AllClose(grads, Vmap(Grad(CondF))(xs), "Vmap(Grad)", 1e-10);
            NumericAssert.AllClose(grads, Jit(Vmap(Grad(CondF)))(xs), "Jit(Vmap(Grad))", 1e-10);
        }, maxTest: 25);
    }

    [Fact]
    public void A_batched_predicate_selects_and_keeps_gradients_finite_where_the_branch_is_not_taken()
    {
        // log of a negative number is NaN in the branch not taken; the selected values and their gradients stay finite.
        static NDArray F(NDArray x) => Lax.Cond(x > 0.0, (NDArray v) => Np.Log(v), (NDArray v) => v * v, x);
        var xs = Np.Array(-2.0, 0.5, 3.0);
        NumericAssert.AllClose(Np.Array(4.0, Math.Log(0.5), Math.Log(3.0)), Vmap(F)(xs), "values", 1e-10);
        NumericAssert.AllClose(Np.Array(-4.0, 2.0, 1 / 3.0), Vmap(Grad(F))(xs), "gradients", 1e-10);
        Assert.Contains("select_n", MakeJaxpr(Vmap(F))(xs).ToString());
    }

    [Fact]
    public void Cond_accepts_integer_predicates_and_pytrees_and_rejects_mismatched_branches()
    {
        var r = Lax.Cond<(NDArray, NDArray), (NDArray S, NDArray P)>(Np.Scalar(3), t => (t.Item1 + t.Item2, t.Item1 * t.Item2),
            t => (t.Item1 - t.Item2, t.Item1), (Np.Scalar(2.0), Np.Scalar(5.0)));
        Assert.Equal(7.0, (double)r.S);
        Assert.Equal(10.0, (double)r.P);
        var ex = Assert.ThrowsAny<ArgumentException>(() => Lax.Cond(Np.Scalar(true), (NDArray v) => v, (NDArray v) => v.AsType(DType.Float32), Np.Scalar(1.0)));
        Assert.Contains("Lax.Cond", ex.Message);
        Assert.Contains("f32[]", ex.Message);
        var pred = Assert.ThrowsAny<ArgumentException>(() => Lax.Cond(Np.Scalar(1.0), (NDArray v) => v, (NDArray v) => v, Np.Scalar(1.0)));
        Assert.Contains("predicate", pred.Message);
    }

    // ---------------------------------------------------------------- while

    /// <summary>Newton's iteration for sqrt(a), to convergence, counting iterations.</summary>
    private static (NDArray Root, NDArray Steps) Newton(NDArray a) =>
        Lax.WhileLoop<(NDArray X, NDArray I)>(s => Np.Abs(s.X * s.X - a) > 1e-12, s => ((s.X + a / s.X) * 0.5, s.I + 1), (a, Np.Scalar(0)));

    [Fact]
    public void WhileLoop_is_forward_differentiable_batchable_and_jittable()
    {
        var inputs = Uniform(0.5, 50);
        PropertyCheck.ForAll(inputs, v =>
        {
            var a = Np.Scalar(v);
            NumericAssert.AllClose(Np.Scalar(Math.Sqrt(v)), Newton(a).Root, "value", 1e-12);
            NumericAssert.AllClose(Np.Scalar(0.5 / Math.Sqrt(v)), Jvp((NDArray t) => Newton(t).Root, a, Np.Scalar(1.0)).Tangent, "Jvp", 1e-8);
            NumericAssert.AllClose(Np.Scalar(0.5 / Math.Sqrt(v)), Jacfwd((NDArray t) => Newton(t).Root)(a), "Jacfwd", 1e-8);
            NumericAssert.AllClose(Newton(a).Root, Jit((NDArray t) => Newton(t).Root)(a), "Jit", 1e-10);
        }, maxTest: 20);
        // Examples needing different iteration counts in one batch: each keeps its own result and count.
        var xs = Np.Array(2.0, 9.0, 1e4, 1.0);
        var roots = Vmap((NDArray t) => Newton(t).Root)(xs);
        NumericAssert.AllClose(Np.Array(Math.Sqrt(2), 3.0, 100.0, 1.0), roots, "Vmap", 1e-12);
        var steps = Vmap((NDArray t) => Newton(t).Steps)(xs).ToArray<int>();
        for (int i = 0; i < 4; i++) Assert.Equal((int)Newton(xs[i]).Steps, steps[i]);
        Assert.True(steps[2] > steps[0] && steps[3] == 0, string.Join(",", steps));
        // (a = 1 needs no iteration: the root is a itself, so its derivative is 1.)
        NumericAssert.AllClose(Np.Array(0.5 / Math.Sqrt(2), 1 / 6.0, 0.005, 1.0), Vmap(Jacfwd((NDArray t) => Newton(t).Root))(xs), "Vmap(Jacfwd)", 1e-8);
    }

    [Fact]
    public void Reverse_mode_through_WhileLoop_fails_with_a_pointer_to_Scan_and_ForiLoop()
    {
        var ex = Assert.Throws<NotSupportedException>(() => Grad((NDArray t) => Newton(t).Root)(Np.Scalar(2.0)));
        Assert.Contains("Lax.Scan", ex.Message);
        Assert.Contains("Lax.ForiLoop", ex.Message);
    }

    [Fact]
    public void Higher_order_primitives_nest_in_each_other_under_every_transform()
    {
        // Checkpoint around a scan, a scan whose body calls Jit and Checkpoint, a cond choosing a checkpointed
        // scan, and Jit around all of them: gradients and Hessians equal the unrolled loop's.
        var inner = Jit((NDArray t) => Np.Sin(t) * t);
        NDArray NestedBody(NDArray p) => Np.Sum(Lax.Scan<NDArray, NDArray, NDArray>(
            (c, x) => (Checkpoint((NDArray y) => inner(y) + c)(x * c), c * x), p[0], p[1..]).Ys);
        NDArray NestedUnrolled(NDArray p)
        {
            NDArray c = p[0], s = Np.Scalar(0.0);
            for (int i = 1; i < p.Shape[0]; i++)
            {
                var x = p[i];
                s = s + c * x;
                var y = x * c;
                c = Np.Sin(y) * y + c;
            }
            return s;
        }
        var variants = new (string Name, Func<NDArray, NDArray> F)[]
        {
            ("Checkpoint(scan)", Checkpoint(ScanLoss)),
            ("scan calling Jit and Checkpoint", NestedBody),
            ("cond of Checkpoint(scan)", p => Lax.Cond(p[0] > -10.0, (NDArray v) => Checkpoint(ScanLoss)(v), (NDArray v) => Np.Sum(v), p)),
            ("Jit(Checkpoint(scan))", Jit(Checkpoint(ScanLoss, CheckpointPolicy.DotsSaveable))),
        };
        var references = new Func<NDArray, NDArray>[] { ScanUnrolled, NestedUnrolled, ScanUnrolled, ScanUnrolled };
        PropertyCheck.ForAll(Packed(3), p =>
        {
            for (int v = 0; v < variants.Length; v++)
            {
                var (name, f) = variants[v];
                NumericAssert.AllClose(references[v](p), f(p), name, 1e-10);
                NumericAssert.AllClose(Grad(references[v])(p), Grad(f)(p), $"Grad {name}", 1e-10);
                NumericAssert.AllClose(Grad(references[v])(p), Jit(Grad(f))(p), $"Jit(Grad) {name}", 1e-10);
                NumericAssert.AllClose(Hessian(references[v])(p), Hessian(f)(p), $"Hessian {name}", 1e-9);
            }
        }, maxTest: 10);
    }

    // ---------------------------------------------------------------- printing and errors

    [Fact]
    public void Control_flow_prints_as_JAX_prints_it()
    {
        var x = Np.Array(1.0, 2.0);
        var scan = MakeJaxpr((NDArray v) => Lax.Scan<NDArray, NDArray, NDArray>((c, e) => (c + e, c * e), Np.Scalar(0.0), v).Carry)(x).ToString();
        Assert.Equal(
            "{ lambda ; a:f64[2]. let\n    b:f64[] c:f64[2] = scan[\n      _split_transpose=False\n      jaxpr={ lambda ; d:f64[] e:f64[]. let\n" +
            "          f:f64[] = add d e\n          g:f64[] = mul d e\n        in (f, g) }\n      length=2\n      linear=(False, False)\n" +
            "      num_carry=1\n      num_consts=0\n      reverse=False\n      unroll=1\n    ] 0.0:f64[] a\n  in (b,) }", scan);
        var cond = MakeJaxpr((NDArray v) => Lax.Cond(v[0] > 0.0, (NDArray t) => t * 2.0, (NDArray t) => -t, v))(x).ToString();
        Assert.Contains("cond[\n      branches=(\n", cond);
        var loop = MakeJaxpr((NDArray v) => Lax.WhileLoop(t => Np.Sum(t) < 10.0, t => t * 2.0, v))(x).ToString();
        Assert.Contains("while[\n      body_jaxpr={ lambda ; ", loop);
        Assert.Contains("body_nconsts=0", loop);
        Assert.Contains("cond_nconsts=0", loop);
    }

    [Fact]
    public void Bad_loops_fail_with_messages_naming_the_operation_and_the_types()
    {
        var carry = Assert.ThrowsAny<ArgumentException>(() => Lax.Scan<NDArray, NDArray, NDArray>((c, x) => (c.AsType(DType.Float32), x), Np.Scalar(0.0), Np.Array(1.0, 2.0)));
        Assert.Contains("Lax.Scan", carry.Message);
        Assert.Contains("f64[]", carry.Message);
        Assert.Contains("f32[]", carry.Message);
        var lengths = Assert.ThrowsAny<ArgumentException>(() => Lax.Scan<NDArray, (NDArray, NDArray), NDArray>((c, x) => (c, x.Item1), Np.Scalar(0.0), (Np.Zeros(new[] { 3 }), Np.Zeros(new[] { 4 }))));
        Assert.Contains("f64[3], f64[4]", lengths.Message);
        var number = Assert.ThrowsAny<ArgumentException>(() => Lax.ForiLoop(0, 2, (i, v) => v, 1.0));
        Assert.Contains("NDArray", number.Message);
        var pred = Assert.ThrowsAny<ArgumentException>(() => Lax.WhileLoop(t => t, t => t, Np.Scalar(1.0)));
        Assert.Contains("bool", pred.Message);
    }
}
