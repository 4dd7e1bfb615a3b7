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

    [Fact]
    public void A_miss_collects_first_when_a_fresh_buffer_costs_more_than_a_collection_and_backs_off_when_that_finds_nothing()
    {
        const long MiB = 1 << 20, collection = 100;
        // The virtual machine measured: a fresh 4 MiB buffer costs far more than a collection.
        Assert.True(BufferPool.FreshBufferCostsMore(4 * MiB, 1000, collection, 3 * collection, 0));
        // Not measured yet, or a machine where first touch is cheap: no.
        Assert.False(BufferPool.FreshBufferCostsMore(4 * MiB, 0, collection, 10 * collection, 0));
        Assert.False(BufferPool.FreshBufferCostsMore(4 * MiB, 20, collection, 10 * collection, 0));
        // Too soon after the last collection (collections would take more than a quarter of the time): no.
        Assert.False(BufferPool.FreshBufferCostsMore(4 * MiB, 1000, collection, 2 * collection, 0));
        // The last two such collections found nothing (the caller keeps its results): no.
        Assert.False(BufferPool.FreshBufferCostsMore(4 * MiB, 1000, collection, 10 * collection, 2));
        Assert.True(BufferPool.FreshBufferCostsMore(4 * MiB, 1000, collection, 10 * collection, 1));
    }
}
