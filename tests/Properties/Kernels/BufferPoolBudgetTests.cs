using System;
using System.Linq;
using System.Runtime.CompilerServices;
using Xunit;

namespace Functional.AD.Properties.Kernels;

/// <summary>
/// The pool's budget: idle buffers plus buffers that may be garbage (rented since the last full collection, or
/// dropped) stay within <see cref="Diagnostics.BufferPoolBudgetBytes"/>, because the pool collects when they would
/// not; <see cref="Diagnostics.TrimBufferPool"/> empties it. Asserted on the pool's own accounting, never on RSS.
/// </summary>
[Collection(ProcessWideState.Name)]
public class BufferPoolBudgetTests
{
    // Odd lengths, so that no other test's buffers share these buckets.
    private const int Length = (1 << 17) + 13;                  // ~1 MiB of doubles
    private const long Bytes = (long)Length * sizeof(double);

    /// <summary>Runs <paramref name="body"/> with the budget set and the pool emptied; it gets the bytes that arrays of other tests still rent.</summary>
    private static void WithBudget(long bytes, Action<long> body)
    {
        long saved = Diagnostics.BufferPoolBudgetBytes;
        try
        {
            Diagnostics.BufferPoolBudgetBytes = bytes;
            Diagnostics.TrimBufferPool();
            body(BufferPool.RentedBytes);
        }
        finally { Diagnostics.BufferPoolBudgetBytes = saved; }
    }

    [Fact]
    public void Idle_and_pending_bytes_stay_within_the_budget_during_a_burst_of_large_arrays()
    {
        WithBudget(12L << 20, others =>
        {
            // Arrays live long enough to be promoted to the old generation: only full collections find them dead.
            const int live = 20, count = 200;
            var ring = new NDArray[live];
            long fullBefore = BufferPool.FullCollections;
            for (int i = 0; i < count; i++)
            {
                ring[i % live] = Np.Full(new[] { Length }, i);
                long held = BufferPool.IdleBytes + BufferPool.PendingBytes;
                Assert.True(held <= Diagnostics.BufferPoolBudgetBytes,
                    $"after array {i}: {held} idle + pending bytes exceed the budget of {Diagnostics.BufferPoolBudgetBytes}");
            }
            // 200 MiB went through a 12 MiB budget: the pool must have asked for full collections, and reused buffers.
            Assert.True(BufferPool.FullCollections > fullBefore, "the pool never collected");
            Assert.True(BufferPool.RentedBytes <= others + Diagnostics.BufferPoolBudgetBytes + live * Bytes);
            for (int k = 0; k < live; k++)
            {
                int i = count - live + k;
                var values = ring[i % live].ToArray<double>();
                Assert.True(values.All(v => v == i), $"array {i} changed while its neighbours were recycled");
            }
        });
    }

    [Fact]
    public void TrimBufferPool_empties_the_pool_and_leaves_live_arrays_alone()
    {
        WithBudget(64L << 20, others =>
        {
            var kept = Np.Full(new[] { Length }, 3.0);
            MakeGarbage(12);
            BufferPool.Return(new double[Length]);
            Assert.True(BufferPool.IdleBytes + BufferPool.PendingBytes > 0);

            long held = Diagnostics.TrimBufferPool();

            Assert.True(held >= Bytes, $"the pool reported holding {held} bytes");
            Assert.Equal(0, BufferPool.IdleBytes);
            Assert.Equal(0, BufferPool.PendingBytes);
            Assert.Equal(others + Bytes, BufferPool.RentedBytes);   // the one live array
            Assert.True(kept.ToArray<double>().All(v => v == 3.0));
            // and it fills again
            MakeGarbage(3);
            GC.KeepAlive(Np.Full(new[] { Length }, 1.0));
            Assert.True(BufferPool.IdleBytes + BufferPool.PendingBytes > 0);
        });
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void MakeGarbage(int arrays)
    {
        for (int i = 0; i < arrays; i++) GC.KeepAlive(Np.Full(new[] { Length }, i));
    }

    [Fact]
    public void Lowering_the_budget_drops_idle_buffers_beyond_it()
    {
        WithBudget(64L << 20, _ =>
        {
            for (int i = 0; i < 8; i++) BufferPool.Return(new double[Length]);
            Assert.Equal(8 * Bytes, BufferPool.IdleBytes);
            Diagnostics.BufferPoolBudgetBytes = 3 * Bytes;
            Assert.True(BufferPool.IdleBytes <= 3 * Bytes);
        });
    }

    [Fact]
    public void A_budget_of_zero_turns_pooling_off()
    {
        WithBudget(0, others =>
        {
            var a = (ConcreteArray)Np.Full(new[] { Length }, 2.0);
            Assert.Null(a.Owner);
            Assert.Equal(others, BufferPool.RentedBytes);
            Assert.True(a.ToArray<double>().All(v => v == 2.0));
        });
        Assert.Throws<ArgumentOutOfRangeException>(() => Diagnostics.BufferPoolBudgetBytes = -1);
    }

    [Fact]
    public void The_default_budget_comes_from_FUNCTIONAL_AD_BUFFER_POOL_MB()
    {
        var saved = Environment.GetEnvironmentVariable(BufferPool.BudgetVariable);
        try
        {
            Environment.SetEnvironmentVariable(BufferPool.BudgetVariable, "100");
            Assert.Equal(100L << 20, BufferPool.DefaultBudget());
            Environment.SetEnvironmentVariable(BufferPool.BudgetVariable, "not a number");
            long fallback = BufferPool.DefaultBudget();
            Assert.InRange(fallback, 64L << 20, 512L << 20);
        }
        finally { Environment.SetEnvironmentVariable(BufferPool.BudgetVariable, saved); }
    }

    [Fact]
    public void Buffers_of_arrays_that_died_come_back_after_a_collection_without_finalizers()
    {
        WithBudget(64L << 20, others =>
        {
            MakeGarbage(4);
            Assert.InRange(BufferPool.RentedBytes + BufferPool.IdleBytes, others + Bytes, others + 4 * Bytes);
            GC.Collect();
            BufferPool.ReclaimDead();
            Assert.Equal(others, BufferPool.RentedBytes);
            Assert.InRange(BufferPool.IdleBytes, Bytes, 4 * Bytes);
        });
    }
}
