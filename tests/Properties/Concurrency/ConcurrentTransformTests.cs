using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Xunit;
using static Functional.AD.Jax;

namespace Functional.AD.Properties.Concurrency;

/// <summary>
/// Eight threads run transformed functions at once, both shared instances (one Jit cache, one Checkpoint, used by
/// every thread) and instances each thread creates afresh, and every result equals, bit for bit, the result of the
/// same function run alone on one thread: the kernels split work into parts independent of the thread count and of
/// who runs them (the worker pool runs a busy caller's parts on the caller), so concurrency changes no rounding.
/// The inputs are large enough that fused groups and matrix products split across the worker pool.
/// </summary>
public class ConcurrentTransformTests
{
    private const int Threads = 8;

    /// <summary>A workload: a name and a factory making a fresh instance of its transformed function, applied to the test input.</summary>
    private sealed record Workload(string Name, Func<Func<NDArray[]>> Make);

    private static readonly NDArray X = (Np.Sin(Np.Linspace(-40, 55, 300 * 257)) * 1.5).Reshape(300, 257);
    private static readonly NDArray W = (Np.Cos(Np.Linspace(0, 31, 257 * 64)) * 0.1).Reshape(257, 64);

    /// <summary>A loss with a matrix product and large elementwise work (77100 elements: several parallel parts).</summary>
    private static NDArray Loss(NDArray x) => Np.Sum(Np.Tanh(Np.Matmul(x, W)) * 0.5) + Np.Sum(Np.Sin(x) * x);

    /// <summary>A per-example loss of one row.</summary>
    private static NDArray RowLoss(NDArray row) => Np.Sum(Np.Tanh(Np.Matmul(row, W))) + Np.Sum(Np.Exp(-Np.Square(row)));

    /// <summary>A recurrence over the rows: h ← tanh(h / 2 + row W), the loss the sum of the states.</summary>
    private static NDArray ScanLoss(NDArray x)
    {
        var (h, ys) = Lax.Scan<NDArray, NDArray, NDArray>((h, row) =>
        {
            var next = Np.Tanh((h * 0.5) + Np.Matmul(row, W));
            return (next, next);
        }, Np.Zeros(new[] { 64 }), x);
        return Np.Sum(ys) + Np.Sum(h);
    }

    private static readonly Workload[] Workloads =
    {
        new("Jit(f)", () => { var f = Jit((Func<NDArray, NDArray>)Loss); return () => new[] { f(X) }; }),
        new("Grad(f)", () => { var g = Grad((Func<NDArray, NDArray>)Loss); return () => new[] { g(X) }; }),
        new("Jit(Grad(f))", () => { var g = Jit(Grad((Func<NDArray, NDArray>)Loss)); return () => new[] { g(X) }; }),
        new("ValueAndGrad(Checkpoint(f))", () =>
        {
            var g = ValueAndGrad(Checkpoint((Func<NDArray, NDArray>)Loss));
            return () => { var (v, d) = g(X); return new[] { v, d }; };
        }),
        new("Vmap(f)", () => { var f = Vmap((Func<NDArray, NDArray>)RowLoss); return () => new[] { f(X) }; }),
        new("Jit(Vmap(Grad(f)))", () => { var f = Jit(Vmap(Grad((Func<NDArray, NDArray>)RowLoss))); return () => new[] { f(X) }; }),
        new("Scan and Grad(Scan)", () =>
        {
            var g = ValueAndGrad((Func<NDArray, NDArray>)ScanLoss);
            return () => { var (v, d) = g(X); return new[] { v, d }; };
        }),
        new("Jit(Grad(Scan))", () => { var g = Jit(Grad((Func<NDArray, NDArray>)ScanLoss)); return () => new[] { g(X) }; }),
    };

    /// <summary>Runs <paramref name="body"/> on <see cref="Threads"/> threads started together; rethrows the first failure.</summary>
    internal static void OnThreads(int threads, Action<int> body)
    {
        var errors = new List<Exception>();
        var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(id => new Thread(() =>
        {
            try
            {
                start.SignalAndWait();
                body(id);
            }
            catch (Exception e)
            {
                lock (errors) errors.Add(e);
            }
        })).ToArray();
        foreach (var t in workers) t.Start();
        foreach (var t in workers) Assert.True(t.Join(TimeSpan.FromMinutes(5)), "a thread hung");
        if (errors.Count > 0) throw new AggregateException(errors);
    }

    private static void AssertIdentical(NDArray[] expected, NDArray[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) NumericAssert.Identical(expected[i], actual[i], $"{what}, output {i}");
    }

    [Fact]
    public void Eight_threads_on_shared_and_fresh_transformed_functions_get_the_single_threaded_results_bitwise()
    {
        var expected = Workloads.Select(w => w.Make()()).ToArray();
        var shared = Workloads.Select(w => w.Make()).ToArray();
        OnThreads(Threads, id =>
        {
            for (int round = 0; round < 2; round++)
                for (int k = 0; k < Workloads.Length; k++)
                {
                    int w = (k + id) % Workloads.Length;   // threads start on different workloads
                    AssertIdentical(expected[w], shared[w](), $"thread {id}, shared {Workloads[w].Name}");
                    AssertIdentical(expected[w], Workloads[w].Make()(), $"thread {id}, fresh {Workloads[w].Name}");
                }
        });
    }

    [Fact]
    public void Threads_racing_on_the_first_call_of_a_jitted_function_trace_it_once_and_agree()
    {
        for (int round = 0; round < 4; round++)
        {
            int traces = 0;
            var f = Jit((NDArray x) =>
            {
                Interlocked.Increment(ref traces);
                return Loss(x);
            });
            var results = new NDArray[Threads];
            OnThreads(Threads, id => results[id] = f(X));
            Assert.Equal(1, traces);
            var expected = Loss(X);
            foreach (var r in results) NumericAssert.Identical(results[0], r, "racing first calls");
            NumericAssert.AllClose(expected, results[0], "jitted against eager", 1e-9);
        }
    }

    [Fact]
    public void Threads_racing_on_the_first_calls_of_a_checkpointed_function_under_Grad_trace_it_once_per_signature_and_agree()
    {
        int traces = 0;
        var f = Checkpoint((NDArray x) =>
        {
            Interlocked.Increment(ref traces);
            return Loss(x);
        });
        var g = Grad(f);
        var small = X[..7];
        var results = new NDArray[Threads];
        OnThreads(Threads, id => results[id] = g(id % 2 == 0 ? X : small));
        Assert.Equal(2, traces);   // two signatures: [300,257] and [7,257]
        for (int id = 2; id < Threads; id++) NumericAssert.Identical(results[id % 2], results[id], "racing first calls");
        NumericAssert.AllClose(Grad((Func<NDArray, NDArray>)Loss)(small), results[1], "checkpointed against plain", 1e-12);
    }
}
