using System;
using FsCheck.Fluent;
using Xunit;
using static Functional.AD.Jax;
using static Functional.AD.Properties.Primitives.Generators;

namespace Functional.AD.Properties.ControlFlow;

/// <summary>
/// The bodies of Lax.WhileLoop, Lax.Scan, Lax.Cond and Lax.ForiLoop are traced once per delegate and argument
/// signature, as Jit's functions are: a side-effect counter in the body counts its traces across calls, and closures
/// over different values, or over tracers of different transform calls, never share a trace.
/// </summary>
public class BodyCacheTests
{
    [Fact]
    public void A_WhileLoop_body_is_traced_once_per_signature_across_calls_and_transforms()
    {
        int condTraces = 0, bodyTraces = 0;
        Func<NDArray, NDArray> cond = s => { condTraces++; return Np.Sum(s) < 10.0; };
        Func<NDArray, NDArray> body = s => { bodyTraces++; return s * 2.0; };
        PropertyCheck.ForAll(Array(new[] { 2 }, Uniform(0.1, 1.0)), x =>
        {
            // Reference: the same doubling loop in C#.
            double[] v = x.ToArray<double>();
            double scale = 1;
            while ((v[0] + v[1]) * scale < 10.0) scale *= 2;
            NumericAssert.AllClose(x * scale, Lax.WhileLoop(cond, body, x), "value", 1e-12);
            NumericAssert.AllClose(Np.Full(new[] { 2 }, scale), Jvp((NDArray t) => Lax.WhileLoop(cond, body, t), x, Np.OnesLike(x)).Tangent, "Jvp", 1e-12);
            NumericAssert.AllClose(x * scale, Jit((NDArray t) => Lax.WhileLoop(cond, body, t))(x), "Jit", 1e-12);
        }, maxTest: 10);
        Assert.Equal(1, condTraces);
        Assert.Equal(1, bodyTraces);
        // A new shape is a new signature; other values of that shape reuse its trace.
        Lax.WhileLoop(cond, body, Np.Ones(new[] { 3 }));
        Assert.Equal((2, 2), (condTraces, bodyTraces));
        Lax.WhileLoop(cond, body, Np.Ones(new[] { 3 }) * 2.0);
        Assert.Equal((2, 2), (condTraces, bodyTraces));
    }

    [Fact]
    public void Scan_Cond_and_ForiLoop_bodies_are_traced_once_per_signature()
    {
        int stepTraces = 0, trueTraces = 0, falseTraces = 0, foriTraces = 0;
        Func<NDArray, NDArray, (NDArray, NDArray)> step = (c, x) => { stepTraces++; return (c + x, c * x); };
        Func<NDArray, NDArray> onTrue = t => { trueTraces++; return t * 3.0; };
        Func<NDArray, NDArray> onFalse = t => { falseTraces++; return -t; };
        Func<NDArray, NDArray, NDArray> fori = (i, c) => { foriTraces++; return c + i.AsType(DType.Float64); };
        PropertyCheck.ForAll(Array(new[] { 4 }, Uniform(-1, 1)), xs =>
        {
            var x = xs.ToArray<double>();
            double c = 0, s = 0;
            foreach (var e in x) { s += c * e; c += e; }
            var (carry, ys) = Lax.Scan(step, Np.Scalar(0.0), xs);
            NumericAssert.AllClose(Np.Scalar(c), carry, "scan carry", 1e-12);
            NumericAssert.AllClose(Np.Scalar(s), Np.Sum(ys), "scan ys", 1e-12);
            // d/dx_k of sum_{j<i} x_j x_i is the sum of the other elements.
            NumericAssert.AllClose(Np.Scalar(x[0] + x[1] + x[2] + x[3]) - xs, Grad((NDArray t) => Np.Sum(Lax.Scan(step, Np.Scalar(0.0), t).Ys))(xs), "Grad(scan)", 1e-12);
            var expected = x[0] > 0 ? xs * 3.0 : -xs;
            NumericAssert.AllClose(expected, Lax.Cond(xs[0] > 0.0, onTrue, onFalse, xs), "cond", 1e-12);
            NumericAssert.AllClose(xs + 6.0, Lax.ForiLoop(0, 4, fori, xs), "ForiLoop", 1e-12);
        }, maxTest: 10);
        Assert.Equal((1, 1, 1, 1), (stepTraces, trueTraces, falseTraces, foriTraces));
        // A different trip count is a different ForiLoop; a different xs length a different scan.
        NumericAssert.AllClose(Np.Scalar(3.0), Lax.ForiLoop(0, 3, fori, Np.Scalar(0.0)), "ForiLoop(3)", 1e-12);
        Lax.Scan(step, Np.Scalar(0.0), Np.Ones(new[] { 2 }));
        Assert.Equal((2, 2), (stepTraces, foriTraces));
    }

    /// <summary>A loop body closing over <paramref name="w"/>: a new delegate (a new closure) on every call.</summary>
    private static Func<NDArray, NDArray, (NDArray, NDArray)> Scaled(NDArray w) => (c, x) => (c * w + x, c);

    [Fact]
    public void Closures_over_different_values_never_share_a_trace()
    {
        PropertyCheck.ForAll(Gen.ArrayOf(Uniform(-2, 2), 3), ws =>
        {
            var xs = Np.Array(1.0, -0.5, 0.25);
            for (int k = 0; k < ws.Length; k++)
            {
                double c = 0;
                foreach (var e in new[] { 1.0, -0.5, 0.25 }) c = c * ws[k] + e;
                NumericAssert.AllClose(Np.Scalar(c), Lax.Scan(Scaled(Np.Scalar(ws[k])), Np.Scalar(0.0), xs).Carry, $"closure {k}", 1e-12);
                // The same with a closed-over array, which becomes an operand rather than a literal.
                var wv = Np.Full(new[] { 2 }, ws[k]);
                NumericAssert.AllClose(Np.Full(new[] { 2 }, c), Lax.Scan(Scaled(wv), Np.Zeros(new[] { 2 }), Np.Stack(new[] { xs, xs }, axis: 1)).Carry, $"array closure {k}", 1e-12);
                // WhileLoop and Cond with closures made per value: each runs with its own w.
                var w = Np.Scalar(ws[k]);
                NumericAssert.AllClose(Np.Scalar(3 * ws[k]), Lax.WhileLoop<(NDArray I, NDArray S)>(t => t.I < 3, t => (t.I + 1, t.S + w), (Np.Scalar(0), Np.Scalar(0.0))).S, $"while closure {k}", 1e-12);
                NumericAssert.AllClose(Np.Scalar(ws[k] > 0 ? ws[k] * 2 : -ws[k]), Lax.Cond(w > 0.0, (NDArray t) => t * w, (NDArray t) => -w * t / t, Np.Scalar(2.0)), $"cond closure {k}", 1e-12);
            }
        }, maxTest: 10);
    }

    [Fact]
    public void A_kept_delegate_closing_over_a_tracer_is_traced_again_in_every_transform_call()
    {
        // One delegate object reads the variable `w`, which each Grad call sets to its own tracer: its traces close
        // over a tracer, so they are not reused; every call traces and differentiates with its own w.
        NDArray? w = null;
        int traces = 0;
        Func<NDArray, NDArray, (NDArray, NDArray)> step = (c, x) => { traces++; return (c * w! + x, c); };
        var xs = Np.Array(1.0, -0.5, 0.25);
        NDArray Loss(NDArray p)
        {
            w = p;
            return Lax.Scan(step, Np.Scalar(0.0), xs).Carry;
        }
        PropertyCheck.ForAll(Uniform(-2, 2), v =>
        {
            // carry = (1 w - 0.5) w + 0.25 = w^2 - 0.5 w + 0.25, derivative 2w - 0.5.
            NumericAssert.AllClose(Np.Scalar(2 * v - 0.5), Grad(Loss)(Np.Scalar(v)), "Grad", 1e-12);
            NumericAssert.AllClose(Np.Scalar(2 * v - 0.5), Jvp(Loss, Np.Scalar(v), Np.Scalar(1.0)).Tangent, "Jvp", 1e-12);
        }, maxTest: 10);
        Assert.Equal(20, traces);
    }
}
