using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Xunit;
using static Functional.AD.Jax;

namespace Functional.AD.Properties.Transforms;

/// <summary>
/// The per-function cache of traces behind Jit and Checkpoint: failed traces are not remembered, and the cache
/// holds at most <see cref="Jax.JitCacheCapacity"/> signatures, dropping the least recently used.
/// </summary>
[Collection(ProcessWideState.Name)]
public class JitCacheTests
{
    /// <summary>A function whose first <paramref name="failures"/> calls throw (as a transient failure would), counting its calls.</summary>
    private sealed class Flaky(int failures)
    {
        public int Calls;

        public NDArray F(NDArray x)
        {
            if (Interlocked.Increment(ref Calls) <= failures) throw new InvalidOperationException($"transient failure {Calls}");
            return Np.Sin(x) * 2.0;
        }
    }

    [Fact]
    public void A_jitted_function_whose_trace_threw_traces_again_on_the_next_call()
    {
        var flaky = new Flaky(failures: 2);
        var f = Jit((Func<NDArray, NDArray>)flaky.F);
        var x = Np.Array(0.5, 1.0);
        var first = Assert.Throws<InvalidOperationException>(() => f(x));
        var second = Assert.Throws<InvalidOperationException>(() => f(x));
        Assert.NotSame(first, second);                       // the function ran again: not a remembered exception
        Assert.Equal("transient failure 2", second.Message);
        NumericAssert.Identical(Np.Sin(x) * 2.0, f(x), "third call");
        NumericAssert.Identical(Np.Sin(x) * 2.0, f(x), "fourth call (cached)");
        Assert.Equal(3, flaky.Calls);                        // traced on the third call, then served from the cache
    }

    [Fact]
    public void A_checkpointed_function_whose_trace_threw_traces_again_on_the_next_call()
    {
        var flaky = new Flaky(failures: 1);
        var f = Checkpoint((Func<NDArray, NDArray>)flaky.F);
        var x = Np.Array(0.25, -1.0);
        Assert.Throws<InvalidOperationException>(() => Grad((NDArray t) => Np.Sum(f(t)))(x));
        NumericAssert.Identical(Np.Cos(x) * 2.0, Grad((NDArray t) => Np.Sum(f(t)))(x), "gradient after the failure");
    }

    [Fact]
    public void Threads_racing_on_a_failing_first_trace_all_fail_and_the_next_call_succeeds()
    {
        var flaky = new Flaky(failures: 1);
        var f = Jit((Func<NDArray, NDArray>)flaky.F);
        var x = Np.Array(1.0, 2.0, 3.0);
        var outcomes = new string[8];
        Parallel.For(0, outcomes.Length, i =>
        {
            try { outcomes[i] = ((double)Np.Sum(f(x))).ToString("R"); }
            catch (InvalidOperationException e) { outcomes[i] = e.Message; }
        });
        // Whoever raced the failing trace saw its exception; everyone else (later) got a value from one later trace.
        Assert.Contains("transient failure 1", outcomes);
        Assert.True(flaky.Calls <= 1 + outcomes.Length);
        NumericAssert.Identical(Np.Sin(x) * 2.0, f(x), "after the race");
    }

    [Fact]
    public void The_jit_cache_keeps_the_most_recently_used_signatures_up_to_its_capacity_and_logs_evictions()
    {
        int saved = JitCacheCapacity;
        var previousLog = JitRetraceLog;
        var log = new List<string>();
        int traces = 0;
        try
        {
            JitCacheCapacity = 3;
            JitRetraceLog = log.Add;
            var f = Jit((NDArray x) => { traces++; return x * 2.0; });
            NDArray Of(int n) => Np.Ones([n]);
            foreach (int n in new[] { 1, 2, 3 }) f(Of(n));        // fills the cache: 3 traces
            f(Of(1));                                            // a hit, and 1 becomes the most recent
            Assert.Equal(3, traces);
            f(Of(4));                                            // evicts 2, the least recently used
            Assert.Equal(4, traces);
            Assert.Contains(log, m => m.Contains("evicted its least recently used signature (f64[2])"));
            f(Of(1));
            f(Of(3));
            f(Of(4));
            Assert.Equal(4, traces);                             // all still cached
            f(Of(2));                                            // was evicted: traced again
            Assert.Equal(5, traces);
            NumericAssert.Identical(Np.Full([2], 2.0), f(Of(2)), "value");
        }
        finally
        {
            JitCacheCapacity = saved;
            JitRetraceLog = previousLog;
        }
    }

    [Fact]
    public void The_jit_cache_capacity_must_be_positive() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => JitCacheCapacity = 0);
}
