using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Tracing;
using System.IO;
using System.Linq;
using Xunit;

namespace Functional.AD.Properties.Debugging;

/// <summary>
/// The process-wide debugging switches: Jax.DebugPrint's output writer, Jax.DebugNans / Jax.DebugInfs and the
/// JaxEventSource events. In the process-wide collection, so no other test runs while a switch is on.
/// </summary>
[Collection(ProcessWideState.Name)]
public class DebugPrintAndChecksTests
{
    private static string[] Printed(Action body)
    {
        var writer = new StringWriter();
        Jax.DebugOutput = writer;
        try
        {
            body();
        }
        finally
        {
            Jax.DebugOutput = null;
        }
        return writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
    }

    private sealed record Pair(NDArray A, NDArray B);

    [Fact]
    public void DebugPrint_formats_python_and_dotnet_placeholders_arrays_pytrees_and_plain_values()
    {
        var lines = Printed(() => Jax.Jit((NDArray x) =>
        {
            Jax.DebugPrint("x = {}, twice = {}", x, x * 2.0);
            Jax.DebugPrint("{0} {1:F2} {2}", "label", 0.5, x[0]);
            Jax.DebugPrint("pair {0}", new Pair(x, x + 1.0));
            Jax.DebugPrint("{{braces}} {}", x[1]);
            return x;
        })(Np.Array(1.0, 2.0)));
        Assert.Equal(new[]
        {
            $"x = {Np.Array(1.0, 2.0)}, twice = {Np.Array(2.0, 4.0)}",
            $"label 0.50 {Np.Scalar(1.0)}",
            $"pair {new Pair(Np.Array(1.0, 2.0), Np.Array(2.0, 3.0))}",
            $"{{braces}} {Np.Scalar(2.0)}",
        }, lines);
    }

    [Fact]
    public void DebugPrint_under_Vmap_prints_each_example_in_order_and_under_Grad_the_primal()
    {
        var lines = Printed(() => Jax.Vmap((NDArray r) =>
        {
            Jax.DebugPrint("{}", r);
            return r;
        })(Np.Array(new double[,] { { 1, 2 }, { 3, 4 }, { 5, 6 } })));
        Assert.Equal(new[] { Np.Array(1.0, 2.0), Np.Array(3.0, 4.0), Np.Array(5.0, 6.0) }.Select(a => a.ToString()), lines);
        var grad = Printed(() => Jax.Grad((NDArray x) =>
        {
            Jax.DebugPrint("{}", x * x);
            return Np.Sum(x * x);
        })(Np.Array(3.0)));
        Assert.Equal(new[] { Np.Array(9.0).ToString() }, grad);
    }

    [Fact]
    public void DebugPrint_inside_Scan_prints_one_line_per_iteration_in_order_eagerly_and_under_Jit()
    {
        foreach (var jit in new[] { false, true })
        {
            Func<NDArray, NDArray> f = xs => Lax.Scan((NDArray c, NDArray x) =>
            {
                var next = c + x;
                Jax.DebugPrint("x = {}, carry = {}", x, next);
                return (next, next);
            }, Np.Scalar(0.0), xs).Carry;
            var g = jit ? Jax.Jit(f) : f;
            var lines = Printed(() => g(Np.Array(1.0, 2.0, 3.0, 4.0)));
            Assert.Equal(new[]
            {
                $"x = {Np.Scalar(1.0)}, carry = {Np.Scalar(1.0)}",
                $"x = {Np.Scalar(2.0)}, carry = {Np.Scalar(3.0)}",
                $"x = {Np.Scalar(3.0)}, carry = {Np.Scalar(6.0)}",
                $"x = {Np.Scalar(4.0)}, carry = {Np.Scalar(10.0)}",
            }, lines);
        }
    }

    [Fact]
    public void DebugPrint_in_a_Scan_under_Vmap_prints_each_example_of_each_iteration_in_order()
    {
        // Vmap over the rows of a 2x3 matrix; each row is scanned over its three elements. The batched scan runs the
        // iterations in order and the print inside prints every example of an iteration before the next iteration.
        var f = Jax.Vmap((NDArray row) => Lax.Scan((NDArray c, NDArray x) =>
        {
            var next = c * 10.0 + x;
            Jax.DebugPrint("{}", next);
            return (next, next);
        }, Np.Scalar(0.0), row).Carry);
        var data = Np.Array(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        foreach (var run in new Func<NDArray, NDArray>[] { f, Jax.Jit(f) })
        {
            var lines = Printed(() => run(data));
            Assert.Equal(new[] { 1.0, 4.0, 12.0, 45.0, 123.0, 456.0 }.Select(v => Np.Scalar(v).ToString()), lines);
        }
    }

    [Fact]
    public void DebugPrint_rejects_a_format_that_does_not_fit_at_the_call()
    {
        var e = Assert.Throws<FormatException>(() => Jax.DebugPrint("{0} {1}", Np.Array(1.0)));
        Assert.Contains("Jax.DebugPrint", e.Message);
    }

    private static T WithChecks<T>(bool nans, bool infs, Func<T> body)
    {
        Jax.DebugNans = nans;
        Jax.DebugInfs = infs;
        try
        {
            return body();
        }
        finally
        {
            Jax.DebugNans = false;
            Jax.DebugInfs = false;
        }
    }

    [Fact]
    public void DebugNans_stops_eagerly_at_the_first_primitive_making_a_NaN_and_names_it()
    {
        var x = Np.Array(1.0, -1.0);
        var e = Assert.Throws<NonFiniteValueException>(() => WithChecks(true, false, () => Np.Exp(Np.Log(x) * 2.0)));
        Assert.Equal("log", e.Primitive);
        Assert.Contains("nan", e.Message);
        Assert.Contains("f64[2]", e.Message);
        Assert.Null(e.Equation);
        // off: the same program just returns NaN
        Assert.True(double.IsNaN(Np.Exp(Np.Log(x) * 2.0).ToArray<double>()[1]));
        // on, without a NaN: no exception and the same values
        Assert.Equal(Np.Log(Np.Array(2.0, 3.0)).ToArray<double>(), WithChecks(true, true, () => Np.Log(Np.Array(2.0, 3.0))).ToArray<double>());
    }

    [Fact]
    public void DebugNans_stops_eager_Jacobians_and_Hessian_vector_products_as_op_by_op_ones()
    {
        // Large enough to run as one compiled program when the checks are off, where the derivative does not need
        // log's NaN values (d log x = 1 / x) and the program drops them; with the checks on they run op by op and stop.
        var x = Np.Linspace(-1, 1, 64);
        var big = Np.Linspace(-1, 1, 2048);
        Func<NDArray, NDArray> log = Np.Log;
        foreach (var jacobian in new Func<Func<NDArray, NDArray>, Func<NDArray, NDArray>>[] { Jax.Jacrev, Jax.Jacfwd })
        {
            long staged = StagedJacobian.Staged;
            NumericAssert.AllClose(Np.Diag(1.0 / x), jacobian(log)(x), 1e-12, 1e-12, "the Jacobian of log");
            Assert.Equal(1, StagedJacobian.Staged - staged);
            var e = Assert.Throws<NonFiniteValueException>(() => WithChecks(true, false, () => jacobian(log)(x)));
            Assert.Equal("log", e.Primitive);
        }
        Func<NDArray, NDArray> sumLog = t => Np.Sum(Np.Log(t));
        long stagedHvp = StagedJvp.Staged;
        NumericAssert.AllClose(-big / (big * big), Jax.Hvp(sumLog, big, big), 1e-12, 1e-12, "H v of sum(log)");
        Assert.Equal(1, StagedJvp.Staged - stagedHvp);
        Assert.Equal("log", Assert.Throws<NonFiniteValueException>(() => WithChecks(true, false, () => Jax.Hvp(sumLog, big, big))).Primitive);
        Assert.Equal("log", Assert.Throws<NonFiniteValueException>(() => WithChecks(false, true, () => Jax.Hvp(sumLog, Np.Linspace(0, 1, 2048), big))).Primitive);
    }

    [Fact]
    public void DebugNans_under_Jit_reruns_op_by_op_and_names_the_equation()
    {
        var f = Jax.Jit((NDArray x) => Np.Sum(Np.Sqrt(Np.Sin(x) - 0.5) * 3.0));
        var e = Assert.Throws<NonFiniteValueException>(() => WithChecks(true, false, () => f(Np.Array(1.0, 0.1))));
        Assert.Equal("sqrt", e.Primitive);
        Assert.NotNull(e.Equation);
        Assert.Contains("sqrt f64[2] -> f64[2]", e.Equation);
        Assert.Contains("Jit(", e.Equation);
        Assert.True(double.IsNaN((double)f(Np.Array(1.0, 0.1))));   // off again
    }

    [Fact]
    public void DebugNans_inside_a_jitted_Scan_names_log_its_equation_and_the_iteration()
    {
        Func<NDArray, NDArray> f = xs => Lax.Scan((NDArray c, NDArray x) =>
        {
            var next = c + Np.Log(x);
            return (next, next * 2.0);
        }, Np.Scalar(0.0), xs).Carry;
        var jitted = Jax.Jit(f);
        var bad = Np.Array(2.0, -1.0, 3.0);
        var e = Assert.Throws<NonFiniteValueException>(() => WithChecks(true, false, () => jitted(bad)));
        Assert.Equal("log", e.Primitive);
        Assert.Contains("nan", e.Message);
        Assert.NotNull(e.Equation);
        Assert.Contains("log f64[] -> f64[]", e.Equation);
        Assert.Contains("the body of scan, iteration 2 of 3", e.Equation);
        Assert.Contains("scan f64[], f64[3] -> f64[], f64[3]", e.Equation);
        Assert.Contains("Jit(", e.Equation);
        Assert.EndsWith($"It happened at {e.Equation}.", e.Message);
        // The same scan run eagerly: the same primitive and body equation, without the Jit.
        var eager = Assert.Throws<NonFiniteValueException>(() => WithChecks(true, false, () => f(bad)));
        Assert.Equal("log", eager.Primitive);
        Assert.Contains("log f64[] -> f64[]", eager.Equation);
        Assert.Contains("the body of scan, iteration 2 of 3", eager.Equation);
        Assert.DoesNotContain("Jit(", eager.Equation);
        // on, without a NaN: the same values as with the check off
        Assert.Equal(Math.Log(3.0), (double)WithChecks(true, false, () => jitted(Np.Array(2.0, 0.5, 3.0))), 1e-12);
        Assert.True(double.IsNaN((double)jitted(bad)));   // off again
    }

    [Fact]
    public void DebugNans_inside_a_jitted_WhileLoop_or_Cond_names_the_equation_of_the_body_or_branch()
    {
        // v <- v - sqrt(v - 2) from 2.25: 1.75 after the first iteration, so the second takes sqrt(-0.25).
        var loop = Jax.Jit((NDArray x) => Lax.WhileLoop<(NDArray I, NDArray V)>(
            s => s.I < 3, s => (s.I + 1, s.V - Np.Sqrt(s.V - 2.0)), (Np.Scalar(0), x)).V);
        var e = Assert.Throws<NonFiniteValueException>(() => WithChecks(true, false, () => loop(Np.Scalar(2.25))));
        Assert.Equal("sqrt", e.Primitive);
        Assert.Contains("sqrt f64[] -> f64[]", e.Equation);
        Assert.Contains("the body of while, iteration 2", e.Equation);
        Assert.Contains("Jit(", e.Equation);
        var branch = Jax.Jit((NDArray x) => Lax.Cond(x > 0.0, v => Np.Log(v - 2.0), v => v * 2.0, x));
        var c = Assert.Throws<NonFiniteValueException>(() => WithChecks(true, false, () => branch(Np.Scalar(1.0))));
        Assert.Equal("log", c.Primitive);
        Assert.Contains("log f64[] -> f64[]", c.Equation);
        Assert.Contains("of cond", c.Equation);
        Assert.Equal(-2.0, (double)WithChecks(true, false, () => branch(Np.Scalar(-1.0))));   // the other branch: no NaN
    }

    [Fact]
    public void DebugInfs_finds_an_infinite_gradient_in_the_backward_pass()
    {
        var grad = Jax.Grad((NDArray x) => Np.Sum(Np.Sqrt(x)));
        var e = Assert.Throws<NonFiniteValueException>(() => WithChecks(false, true, () => grad(Np.Array(0.0, 4.0))));
        Assert.Contains("inf", e.Message);
        Assert.Equal(0.25, WithChecks(false, true, () => grad(Np.Array(1.0, 4.0))).ToArray<double>()[1], 1e-12);
    }

    private sealed class Recorder : EventListener
    {
        internal readonly ConcurrentQueue<(int Id, string Payload)> Events = new();

        protected override void OnEventSourceCreated(EventSource source)
        {
            if (source.Name == "Functional.AD") EnableEvents(source, EventLevel.Verbose, JaxEventSource.Keywords.Jit);
        }

        protected override void OnEventWritten(EventWrittenEventArgs e) =>
            Events.Enqueue((e.EventId, string.Join("|", e.Payload ?? (IEnumerable<object?>)Array.Empty<object?>())));
    }

    [Fact]
    public void Jit_raises_cache_miss_hit_retrace_and_compile_events()
    {
        using var recorder = new Recorder();
        var f = Jax.Jit((NDArray x) => Np.Sin(x) * 2.0);
        f(Np.Array(1.0, 2.0, 3.0));
        f(Np.Array(4.0, 5.0, 6.0));
        f(Np.Array(1.0, 2.0, 3.0, 4.0));
        var mine = recorder.Events.Where(e => e.Payload.StartsWith("Jit(lambda)", StringComparison.Ordinal)).ToList();
        var ids = mine.Select(e => e.Id).ToList();
        Assert.Equal(new[]
        {
            JaxEventSource.CacheMissId, JaxEventSource.CompileId,
            JaxEventSource.CacheHitId,
            JaxEventSource.CacheMissId, JaxEventSource.RetraceId, JaxEventSource.CompileId,
        }, ids);
        Assert.Contains("first call", mine[0].Payload);
        Assert.Contains("(f64[3])", mine[0].Payload);
        Assert.Contains("leaf 0 changed from f64[3] to f64[4]", mine[3].Payload);
    }
}
