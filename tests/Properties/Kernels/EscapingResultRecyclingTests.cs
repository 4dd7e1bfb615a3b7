using System;
using System.Threading;
using Xunit;

namespace Functional.AD.Properties.Kernels;

/// <summary>
/// A program whose large result escapes to the caller each call (a jitted step returning new parameters or a gradient)
/// gets the buffers of the results the caller dropped back soon, through a young collection on a pool miss, rather than
/// a fresh buffer (whose first touch is a page fault per 4 KiB) on each of its first dozens of calls.
/// </summary>
[Collection(ProcessWideState.Name)]
public class EscapingResultRecyclingTests
{
    [Fact]
    public void Dropped_results_are_recycled_within_a_few_calls_instead_of_fresh_buffers_each_call()
    {
        const int n = 1 << 20;   // 8 MB of f64: pooled
        var step = Jax.Jit((NDArray x) => Np.Sin(x) * 2.0);
        var x = Np.Linspace(0, 1, n);
        _ = step(x);   // compile outside the measurement
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int call = 0; call < 20; call++)
        {
            var y = step(x);
            Assert.Equal(n, y.Size);
            // Calls spaced a little, as real steps take time: the pool limits its own collections to a share of the
            // run time, so back-to-back microsecond calls may still take fresh buffers now and then.
            Thread.Sleep(10);
        }
        long fresh = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(fresh < 6L * n * sizeof(double),
            $"20 calls allocated {fresh >> 20} MiB of fresh memory for 8 MiB results; dropped results should be recycled");
    }
}
