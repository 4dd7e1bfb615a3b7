using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;
using static Functional.AD.Jax;

namespace Functional.AD.Properties.Transforms;

/// <summary>
/// A traced function may hand work to other threads and wait for it (Parallel.For, Task.Run awaited, a thread it
/// joins): the work binds into the same transform on those threads, so the result does not depend on which thread
/// the scheduler picked. Work that outlives the transform fails with the escaped-tracer message.
/// </summary>
public class CrossThreadTracingTests
{
    private const int Parts = 6;

    /// <summary>Stacks sin(x·(i+1)) for each part, computing each part on its own thread (all running at once).</summary>
    private static NDArray OnThreads(NDArray x)
    {
        var parts = new NDArray[Parts];
        var threads = Enumerable.Range(0, Parts).Select(i => new Thread(() => parts[i] = Np.Sin(x * (i + 1.0)) * x)).ToArray();
        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();
        return Np.Stack(parts);
    }

    /// <summary>The same with Parallel.For, where at least two workers are made to overlap (so another thread surely takes part).</summary>
    private static NDArray OnParallelFor(NDArray x)
    {
        var parts = new NDArray[Parts];
        using var together = new Barrier(2);
        Parallel.For(0, Parts, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            if (i < 2) together.SignalAndWait(TimeSpan.FromSeconds(30));   // parts 0 and 1 run at the same time, on two threads
            parts[i] = Np.Sin(x * (i + 1.0)) * x;
        });
        return Np.Stack(parts);
    }

    private static NDArray Sequential(NDArray x) => Np.Stack(Enumerable.Range(0, Parts).Select(i => Np.Sin(x * (i + 1.0)) * x).ToArray());

    public static TheoryData<string> Schemes() => new() { "threads", "Parallel.For" };

    private static Func<NDArray, NDArray> Scheme(string name) => name == "threads" ? OnThreads : OnParallelFor;

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Work_handed_to_other_threads_inside_a_transform_joins_that_transform(string scheme)
    {
        var f = Scheme(scheme);
        var x = Np.Array(0.3, -1.2, 2.0);
        for (int round = 0; round < 3; round++)
        {
            NumericAssert.Identical(Sequential(x), Jit(f)(x), "Jit");
            NumericAssert.AllClose(Jacfwd(Sequential)(x), Jacfwd(f)(x), "Jacfwd", 1e-15);
            NumericAssert.AllClose(Grad((NDArray t) => Np.Sum(Sequential(t)))(x), Grad((NDArray t) => Np.Sum(f(t)))(x), "Grad", 1e-14);
            NumericAssert.AllClose(Grad((NDArray t) => Np.Sum(Sequential(t)))(x), Jit(Grad((NDArray t) => Np.Sum(f(t))))(x), "Jit(Grad)", 1e-14);
            var batch = Np.Stack([x, x * 0.5]);
            NumericAssert.AllClose(Vmap(Sequential)(batch), Vmap(f)(batch), "Vmap", 1e-15);
            Assert.Equal(Parts, MakeJaxpr(f)(x).Jaxpr.Equations.Count(e => e.Primitive.Name == "sin"));
        }
    }

    [Fact]
    public void An_awaited_task_inside_a_transform_computes_under_it()
    {
        Func<NDArray, NDArray> f = x => Task.Run(() => Np.Exp(x) * 2.0).Result + x;
        var x = Np.Array(0.5, 1.5);
        NumericAssert.Identical(f(x), Jit(f)(x), "Jit");
        NumericAssert.AllClose(Np.Exp(x) * 2.0 + 1.0, Grad((NDArray t) => Np.Sum(f(t)))(x), "Grad", 1e-15);
    }

    [Fact]
    public void Work_that_outlives_the_transform_fails_with_the_escaped_value_message()
    {
        using var transformReturned = new ManualResetEventSlim();
        Task<NDArray>? late = null;
        Jit((NDArray x) =>
        {
            late = Task.Run(() =>
            {
                transformReturned.Wait(TimeSpan.FromSeconds(30));
                return Np.Sin(x);
            });
            return x * 2.0;
        })(Np.Array(1.0));
        transformReturned.Set();
        var e = Assert.Throws<AggregateException>(() => late!.Result);
        var inner = Assert.IsType<InvalidOperationException>(e.InnerException);
        Assert.Contains("escaped", inner.Message);
        Assert.Contains("Jit", inner.Message);
    }
}
