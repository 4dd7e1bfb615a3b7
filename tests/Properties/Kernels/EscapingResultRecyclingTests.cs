using System;
using System.Diagnostics;
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
    [Theory]
    [InlineData(1 << 18)]   // 1 MiB results
    [InlineData(1 << 17)]   // 512 KiB results: the process's first touch must be measured on them
    public void A_loop_dropping_its_results_grows_the_pools_stock_with_what_its_collections_cost(int n)
    {
        // Each call drops a result of n floats; spaced calls make every miss ask for a young collection, which hands
        // the dropped results back. The time those collections take is paid back in fresh buffers (first touch
        // measured on the loop's own buffers, as in a process that has taken no other), so that the stock grows and
        // collections become rarer, whichever rule asked for them.
        BufferPool.ForgetFirstTouch();
        var x = Np.Full(new[] { n }, 0.5, DType.Float32);
        _ = Np.Sin(x);
        // Calls spaced by 20 young-collection durations (as measured here): past the 10 at which a miss collects,
        // within the 50 up to which the stock grows.
        var durations = new long[5];
        for (int i = 0; i < durations.Length; i++)
        {
            long start = Stopwatch.GetTimestamp();
            GC.Collect(1, GCCollectionMode.Forced, blocking: true);
            durations[i] = Stopwatch.GetTimestamp() - start;
        }
        Array.Sort(durations);
        long spacing = Math.Max(20 * durations[2], Stopwatch.Frequency / 20_000);
        long paid = BufferPool.PaidFreshBuffers;
        for (int call = 0; call < 300; call++)
        {
            _ = Np.Sin(x);
            long until = Stopwatch.GetTimestamp() + spacing;
            while (Stopwatch.GetTimestamp() < until) Thread.SpinWait(20);
        }
        Assert.True(BufferPool.PaidFreshBuffers - paid >= 2,
            $"300 spaced calls dropping {4 * n >> 10} KiB results: {BufferPool.PaidFreshBuffers - paid} fresh buffers paid by collections; the stock should grow");
    }

    [Fact]
    public void Collections_pay_for_a_fresh_buffer_once_they_cost_its_measured_first_touch()
    {
        const long MiB = 1 << 20, collection = 100, soon = 10 * collection;
        Assert.False(BufferPool.PaysForFreshBuffer(999, MiB, 1000, collection, soon, out _));
        Assert.True(BufferPool.PaysForFreshBuffer(1000, MiB, 1000, collection, soon, out long fresh));
        Assert.Equal(1000, fresh);
        // Below a MiB a buffer costs its share.
        Assert.True(BufferPool.PaysForFreshBuffer(250, MiB / 4, 1000, collection, soon, out fresh));
        Assert.Equal(250, fresh);
        // First touch not measured yet: never.
        Assert.False(BufferPool.PaysForFreshBuffer(long.MaxValue / 2, MiB, 0, collection, soon, out _));
        // Collections already 50 durations apart (about 2% of the time): the stock stops growing.
        Assert.True(BufferPool.PaysForFreshBuffer(1000, MiB, 1000, collection, 49 * collection, out _));
        Assert.False(BufferPool.PaysForFreshBuffer(1000, MiB, 1000, collection, 50 * collection, out _));
    }
}
