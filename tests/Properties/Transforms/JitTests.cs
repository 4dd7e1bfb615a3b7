using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;
using static Functional.AD.Jax;

namespace Functional.AD.Properties.Transforms;

/// <summary>Jit: caching, retracing, composition with every transform, printing, errors.</summary>
[Collection(ProcessWideState.Name)]
public class JitTests
{
    public static IEnumerable<object[]> Names => CompositeFunctions.All.Select(c => new object[] { c.Name });

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_transform_order_with_Jit_agrees_with_the_plain_function(string name)
    {
        var c = CompositeFunctions.All.Single(x => x.Name == name);
        var f = c.F;
        var jf = Jit(f);
        var xs = Np.Linspace(0.3, 1.1, 3 * 6).Reshape(3, 6);
        var x = xs[1];
        NumericAssert.AllClose(f(x), jf(x), "value", 1e-12);
        NumericAssert.AllClose(Grad(f)(x), Grad(jf)(x), "value", 1e-12);
        NumericAssert.AllClose(Grad(f)(x), Jit(Grad(f))(x), "value", 1e-12);
        NumericAssert.AllClose(Grad(f)(x), Jit(Grad(jf))(x), "value", 1e-12);
        NumericAssert.AllClose(Vmap(f)(xs), Vmap(jf)(xs), "value", 1e-12);
        NumericAssert.AllClose(Vmap(f)(xs), Jit(Vmap(f))(xs), "value", 1e-12);
        NumericAssert.AllClose(Vmap(Grad(f))(xs), Vmap(Grad(jf))(xs), "value", 1e-12);
        NumericAssert.AllClose(Hessian(f)(x), Hessian(jf)(x), "value", 1e-10);
        NumericAssert.AllClose(Jvp(Grad(f))(x, x).Tangent, Jvp(Grad(jf))(x, x).Tangent, "value", 1e-10);
        NumericAssert.AllClose(Jvp(Grad(f))(x, x).Tangent, Jit((NDArray t) => Jvp(Grad(f))(t, t).Tangent)(x), "value", 1e-10);
        NumericAssert.AllClose(f(x), Jit((NDArray t) => Jit(f)(t))(x), "value", 1e-12);
    }

    [Fact]
    public void The_function_runs_once_per_signature_and_retraces_on_shape_dtype_or_weak_type()
    {
        int calls = 0;
        var f = Jit((NDArray x) => { calls++; return x * 2.0; });
        f(Np.Array(1.0, 2.0));
        f(Np.Array(3.0, 4.0));
        Assert.Equal(1, calls);
        f(Np.Array(1.0, 2.0, 3.0));     // new shape
        Assert.Equal(2, calls);
        f(Np.Array(1f, 2f));            // new dtype
        Assert.Equal(3, calls);
        f(Np.Scalar(2.0));              // strong 0-d
        f(2.0);                         // weak 0-d: a different signature
        Assert.Equal(5, calls);
        f(3.0);
        Assert.Equal(5, calls);
    }

    [Fact]
    public void Retracing_can_be_explained()
    {
        var log = new List<string>();
        var previous = JitRetraceLog;
        try
        {
            JitRetraceLog = log.Add;
            var f = Jit<(NDArray, NDArray), NDArray>(t => t.Item1 + t.Item2);
            f((Np.Ones(new[] { 3 }), Np.Ones(new[] { 3 })));
            f((Np.Ones(new[] { 3 }), Np.Ones(new[] { 4 }) [..3]));
            f((Np.Ones(new[] { 3 }), Np.Ones(new[] { 3 }, DType.Float32)));
        }
        finally
        {
            JitRetraceLog = previous;
        }
        var message = Assert.Single(log, m => m.Contains("leaf 1"));
        Assert.Contains("f64[3] to f32[3]", message);
    }

    [Fact]
    public void Closed_over_constants_and_outer_tracers_work()
    {
        var w = Np.Array(1.0, 2.0, 3.0);
        var f = Jit((NDArray x) => Np.Sum(x * w));
        Assert.Equal(14.0, (double)f(Np.Array(1.0, 2.0, 3.0)));
        // The outer derivative flows through a value the jitted function closes over.
        Func<NDArray, NDArray> g = a => Jit((NDArray x) => x * a)(Np.Scalar(3.0));
        Assert.Equal(3.0, (double)Grad(g)(2.0), 1e-12);
        Assert.Equal(3.0, (double)Grad(g)(5.0), 1e-12);     // retraced: the closed-over tracer is not cached
        Assert.Equal(6.0, (double)Jvp(g, 2.0, 2.0).Tangent, 1e-12);
    }

    [Fact]
    public void Pytrees_in_and_out()
    {
        var step = Jit((Dense q) => new Dense(q.W * 0.5, q.B + 1.0));
        var r = step(new Dense(Np.Ones(new[] { 2, 2 }), Np.Zeros(new[] { 2 })));
        Assert.Equal(new[] { 0.5, 0.5, 0.5, 0.5 }, r.W.ToArray<double>());
        Assert.Equal(new[] { 1.0, 1.0 }, r.B.ToArray<double>());
        var two = Jit((NDArray a, (NDArray, NDArray) b) => Np.Sum(a * b.Item1 + b.Item2));
        Assert.Equal(12.0, (double)two(Np.Ones(new[] { 3 }), (Np.Ones(new[] { 3 }) * 2.0, Np.Ones(new[] { 3 }) * 2.0)));
    }

    public sealed record Dense(NDArray W, NDArray B);

    [Fact]
    public void Staged_jit_prints_as_JAX_prints_it()
    {
        var text = MakeJaxpr(Jit(Sine))(Np.Ones(new[] { 3 })).ToString();
        // Flat, the equation would take 85 columns, so (as in JAX) the parameter group breaks: name first,
        // and the inner jaxpr reuses the names of the call's operand and result.
        Assert.Equal(
            "{ lambda ; a:f64[3]. let\n" +
            "    b:f64[3] = jit[\n" +
            "      name=Sine\n" +
            "      jaxpr={ lambda ; a:f64[3]. let b:f64[3] = sin a in (b,) }\n" +
            "    ] a\n" +
            "  in (b,) }", text);
    }

    private static NDArray Sine(NDArray x) => Np.Sin(x);

    [Fact]
    public void Reading_a_traced_value_is_a_ConcretizationException_pointing_to_Cond_and_WhileLoop()
    {
        var e = Assert.Throws<ConcretizationException>(() => Jit((NDArray t) => t * (double)Np.Sum(t))(Np.Ones(new[] { 3 })));
        Assert.Contains("Lax.Cond", e.Message);
        Assert.Contains("Lax.WhileLoop", e.Message);
        Assert.Contains("f64[]", e.Message);
    }

    [Fact]
    public void Concurrent_calls_trace_once_and_agree()
    {
        int calls = 0;
        var f = Jit((NDArray x) => { Interlocked.Increment(ref calls); return Np.Sum(Np.Sin(x) * x); });
        var x = Np.Linspace(0, 1, 100);
        var results = new double[32];
        Parallel.For(0, results.Length, i => results[i] = (double)f(x));
        // Every call runs the same compiled program: the same bits; and that is the eager sum up to the order of addition.
        Assert.All(results, r => Assert.Equal(results[0], r));
        var terms = Np.Sin(x) * x;
        NumericAssert.SumClose((double)Np.Sum(terms), results[0], x.Size, (double)Np.Sum(Np.Abs(terms)), DType.Float64, "jit against eager", termRoundings: 4);
        Assert.Equal(1, calls);
    }
}
