using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck.Fluent;
using Xunit;
using static Functional.AD.Jax;
using static Functional.AD.Properties.Primitives.Generators;

namespace Functional.AD.Properties.Transforms;

/// <summary>
/// Forward over reverse run eagerly as one compiled program (<see cref="StagedJvp"/>): <c>Hvp</c> and
/// <c>Jvp(Grad(f))</c> staged agree with the op-by-op product and with finite differences of the gradient, fall back
/// to op by op where the function needs concrete values or a transform is running, and read what the function
/// captures afresh on every call. The tests lower <see cref="StagedJvp.MinElements"/> (process-wide) so that small
/// generated inputs are staged too.
/// </summary>
[Collection(ProcessWideState.Name)]
public class StagedHvpTests
{
    public static IEnumerable<object[]> Names => CompositeFunctions.All.Select(c => new object[] { c.Name });

    private static readonly StagingSwitch Switch = new(() => StagedJvp.MinElements, v => StagedJvp.MinElements = v, () => StagedJvp.Staged);

    private static T With<T>(bool staged, Func<T> call) => Switch.With(staged, call);

    private static T Staged<T>(Func<T> call, int times = 1) => Switch.Staged(call, times);

    private static T NotStaged<T>(Func<T> call) => Switch.NotStaged(call);

    private static T OpByOp<T>(Func<T> call) => Switch.OpByOp(call);

    private static NDArray Direction(NDArray x) => Np.Linspace(-1, 1, x.Size) + 0.3;

    [Theory]
    [MemberData(nameof(Names))]
    public void Staged_Hvp_agrees_with_the_op_by_op_product_and_with_finite_differences_of_Grad(string name)
    {
        var c = CompositeFunctions.All.Single(k => k.Name == name);
        var grad = Grad(c.F);
        PropertyCheck.ForAll(c.Inputs, x =>
        {
            var v = Direction(x);
            var staged = Staged(() => Hvp(c.F, x, v));
            var opByOp = OpByOp(() => Hvp(c.F, x, v));
            NumericAssert.AllClose(opByOp, staged, 1e-12, 1e-12, $"staged H v at x = {x}");
            const double eps = 1e-5;
            var fd = (grad(x + v * eps) - grad(x - v * eps)) / (2 * eps);
            NumericAssert.AllClose(fd, staged, 1e-6, 1e-6, $"staged H v against finite differences of Grad at x = {x}");
        }, maxTest: 20);
    }

    [Fact]
    public void Without_lowering_the_threshold_a_product_of_thousands_of_elements_runs_staged()
    {
        var gen = from n in Gen.Choose(StagedJvp.MinElements, 3 * StagedJvp.MinElements) from seed in Gen.Choose(0, 1000) select (n, seed);
        Func<NDArray, NDArray> f = t => Np.Sum(Np.Sin(t) * t);
        PropertyCheck.ForAll(gen, c =>
        {
            var x = Np.Linspace(-3, 3, c.n) + c.seed / 1000.0;
            var v = Np.Cos(x * 7.0);
            long before = StagedJvp.Staged;
            var hv = StagingSwitch.Unlimited(() => Hvp(f, x, v));   // a new size on every case
            Assert.Equal(1, StagedJvp.Staged - before);
            NumericAssert.AllClose((2 * Np.Cos(x) - x * Np.Sin(x)) * v, hv, 1e-12, 1e-12, $"H v at n = {c.n}");
        }, maxTest: 10);
    }

    [Fact]
    public void Staged_Jvp_of_Grad_returns_the_gradient_and_the_Hessian_vector_product()
    {
        var gen = from n in Gen.Choose(1, 6) from x in Array(new[] { n }, Uniform(-2, 2)) select x;
        Func<NDArray, NDArray> f = x => Np.Sum(Np.Sin(x) * x + Np.Exp(x * 0.5));
        PropertyCheck.ForAll(gen, x =>
        {
            var v = Direction(x);
            var (g, hv) = Staged(() => Jvp(Grad(f))(x, v));
            var (g0, hv0) = OpByOp(() => Jvp(Grad(f))(x, v));
            NumericAssert.AllClose(g0, g, 1e-12, 1e-12, "gradient");
            NumericAssert.AllClose(g0, Grad(f)(x), 1e-12, 1e-12, "gradient against Grad");
            NumericAssert.AllClose(hv0, hv, 1e-12, 1e-12, "H v");
            NumericAssert.AllClose(hv, Staged(() => Hvp(f, x, v)), 1e-12, 1e-12, "Jvp(Grad) against Hvp");
        }, maxTest: 30);
    }

    [Fact]
    public void Staged_Jvp_of_ValueAndGrad_and_of_a_pytree_gradient_agree_with_op_by_op()
    {
        var gen = from n in Gen.Choose(1, 5)
                  from a in Array(new[] { n }, Uniform(-2, 2))
                  from b in Array(new[] { n }, Uniform(-2, 2))
                  select (a, b);
        Func<NDArray, NDArray> f = x => Np.Sum(Np.Tanh(x) * x);
        Func<(NDArray A, NDArray B), NDArray> pair = p => Np.Sum(Np.Sin(p.A) * p.B * p.B);
        PropertyCheck.ForAll(gen, t =>
        {
            var (a, b) = t;
            var ((value, grad), (dValue, hv)) = Staged(() => Jvp(ValueAndGrad(f))(a, b));
            var ((value0, grad0), (dValue0, hv0)) = OpByOp(() => Jvp(ValueAndGrad(f))(a, b));
            NumericAssert.AllClose(value0, value, 1e-12, 1e-12, "value");
            NumericAssert.AllClose(grad0, grad, 1e-12, 1e-12, "gradient");
            NumericAssert.AllClose(dValue0, dValue, 1e-12, 1e-12, "directional derivative of the value");
            NumericAssert.AllClose(Np.Sum(grad0 * b), dValue, 1e-12, 1e-12, "directional derivative = <grad, v>");
            NumericAssert.AllClose(hv0, hv, 1e-12, 1e-12, "H v");
            var (pg, phv) = Staged(() => Jvp(Grad(pair))((a, b), (b, a)));
            var (pg0, phv0) = OpByOp(() => Jvp(Grad(pair))((a, b), (b, a)));
            NumericAssert.AllClose(pg0.A, pg.A, 1e-12, 1e-12, "pytree gradient, A");
            NumericAssert.AllClose(pg0.B, pg.B, 1e-12, 1e-12, "pytree gradient, B");
            NumericAssert.AllClose(phv0.A, phv.A, 1e-12, 1e-12, "pytree H v, A");
            NumericAssert.AllClose(phv0.B, phv.B, 1e-12, 1e-12, "pytree H v, B");
        }, maxTest: 30);
    }

    [Fact]
    public void A_function_that_branches_on_its_argument_runs_op_by_op_and_is_not_traced_again()
    {
        var gen = from n in Gen.Choose(1, 6) from x in Array(new[] { n }, Uniform(-2, 2)) select x;
        PropertyCheck.ForAll(gen, x =>
        {
            var v = Direction(x);
            var expected = (double)Np.Sum(x) > 0 ? 6 * x * v : -Np.Sin(x) * v;
            int calls = 0;
            Func<NDArray, NDArray> Branching() => t =>
            {
                calls++;
                return (double)Np.Sum(t) > 0 ? Np.Sum(t * t * t) : Np.Sum(Np.Sin(t));
            };
            var f = Branching();
            NumericAssert.AllClose(expected, NotStaged(() => Hvp(f, x, v)), 1e-12, 1e-12, "Hvp");
            Assert.Equal(2, calls);   // the trace that stopped at the branch, then the op-by-op run
            NumericAssert.AllClose(expected, NotStaged(() => Hvp(f, x, v)), 1e-12, 1e-12, "Hvp, second call");
            NumericAssert.AllClose(expected, NotStaged(() => Jvp(Grad(f))(x, v)).Tangent, 1e-12, 1e-12, "Jvp(Grad)");
            Assert.Equal(4, calls);   // remembered for the function: no trace first
            var grad = Grad(Branching());
            calls = 0;
            NumericAssert.AllClose(expected, NotStaged(() => Jvp(grad)(x, v)).Tangent, 1e-12, 1e-12, "Jvp(Grad), first call");
            NumericAssert.AllClose(expected, NotStaged(() => Jvp(grad)(x, v)).Tangent, 1e-12, 1e-12, "Jvp(Grad), second call");
            Assert.Equal(3, calls);
        }, maxTest: 20);
    }

    [Fact]
    public void Code_whose_captured_number_changes_on_every_call_goes_op_by_op_after_three_compilations()
    {
        var x = Np.Linspace(-1, 1, 5);
        var v = Np.Linspace(0.5, 2, 5);
        for (int step = 0; step < 6; step++)
        {
            double t = 0.5 + step;
            long before = StagedJvp.Staged;
            var hv = With(true, () => { EagerStaging.MaxConsecutiveCompilations = 3; return Hvp(u => Np.Sum(Np.Sin(u)) * t, x, v); });
            Assert.Equal(step < 3 ? 1 : 0, StagedJvp.Staged - before);
            NumericAssert.AllClose(-t * Np.Sin(x) * v, hv, 1e-12, 1e-12, $"step {step}");
        }
    }

    [Fact]
    public void Values_the_function_captures_are_read_on_every_call()
    {
        var x = Np.Linspace(-1, 1, 5);
        var v = Np.Linspace(0.5, 2, 5);
        var w = Np.Linspace(1, 2, 5);
        double scale = 2;
        Func<NDArray, NDArray> f = t => Np.Sum(w * Np.Sin(t)) * scale;
        int cached = EagerStaging.CachedPrograms;
        for (int k = 0; k < 3; k++)
        {
            var expected = -scale * w * Np.Sin(x) * v;
            NumericAssert.AllClose(expected, Staged(() => Hvp(f, x, v)), 1e-12, 1e-12, $"call {k}");
            w = w * 3.0 - 1.0;   // another array of the same type: the compiled program is reused
        }
        Assert.InRange(EagerStaging.CachedPrograms - cached, 0, 1);
        scale = -0.5;   // a captured number is a literal of the jaxpr: a new program
        NumericAssert.AllClose(-scale * w * Np.Sin(x) * v, Staged(() => Hvp(f, x, v)), 1e-12, 1e-12, "new scale");
    }

    [Fact]
    public void Under_Vmap_Grad_and_Jit_the_product_is_not_staged_and_composes()
    {
        Func<NDArray, NDArray> f = t => Np.Sum(Np.Sin(t) * t * t);
        var x = Np.Linspace(-1, 1.5, 4);
        var v = Np.Linspace(0.5, -1, 4);
        var xs = Np.Stack(new[] { x, x * 2.0, x - 1.0 });
        var batched = NotStaged(() => Vmap((NDArray t) => Hvp(f, t, v))(xs));
        var expected = OpByOp(() => Vmap((NDArray t) => Hvp(f, t, v))(xs));
        NumericAssert.AllClose(expected, batched, 1e-12, 1e-12, "Vmap of Hvp");
        for (int i = 0; i < 3; i++)
            NumericAssert.AllClose(Staged(() => Hvp(f, xs[i], v)), batched[i], 1e-12, 1e-12, $"Vmap of Hvp, row {i}");
        Func<NDArray, NDArray> vHv = t => Np.Sum(Hvp(f, t, v) * v);
        NumericAssert.AllClose(OpByOp(() => Grad(vHv)(x)), NotStaged(() => Grad(vHv)(x)), 1e-12, 1e-12, "Grad of Hvp");
        var jitted = Jit((NDArray t) => Hvp(f, t, v));
        NumericAssert.AllClose(Staged(() => Hvp(f, x, v)), NotStaged(() => jitted(x)), 1e-12, 1e-12, "Jit of Hvp");
    }

    [Fact]
    public void Errors_in_a_staged_call_are_the_op_by_op_errors()
    {
        var x = Np.Linspace(-1, 1, 4);
        var v = Np.OnesLike(x);
        Func<NDArray, NDArray> notScalar = t => Np.Sin(t);
        var staged = Assert.Throws<ArgumentException>(() => With(true, () => Hvp(notScalar, x, v)));
        var opByOp = Assert.Throws<ArgumentException>(() => OpByOp(() => Hvp(notScalar, x, v)));
        Assert.Equal(opByOp.Message, staged.Message);
        Assert.StartsWith("Grad:", staged.Message);
        var mismatch = Assert.Throws<ArgumentException>(() => With(true, () => Jvp(Grad((NDArray t) => Np.Sum(t)))(x, Np.Ones(new[] { 5 }))));
        Assert.Equal(Assert.Throws<ArgumentException>(() => OpByOp(() => Jvp(Grad((NDArray t) => Np.Sum(t)))(x, Np.Ones(new[] { 5 })))).Message, mismatch.Message);
        Func<NDArray, NDArray> throws = t => throw new InvalidCastException("the function's own failure");
        Assert.Equal("the function's own failure", Assert.Throws<InvalidCastException>(() => With(true, () => Hvp(throws, x, v))).Message);
        Assert.Same(EvalTrace.Instance, TraceContext.Current);
        NumericAssert.AllClose(-Np.Sin(x), Staged(() => Hvp(t => Np.Sum(Np.Sin(t)), x, v)), 1e-12, 1e-12, "the next call");
    }
}
