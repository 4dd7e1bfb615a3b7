using System;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace Functional.AD.Properties.Kernels;

/// <summary>
/// Large buffers are recycled through the pool once no array refers to them. An array that is still
/// reachable must never change, however much recycling happens around it, on one thread or many.
/// </summary>
[Collection(ProcessWideState.Name)]
public class BufferRecyclingTests
{
    private static NDArray Big(double seed) => Np.Linspace(seed, seed + 1, 40_000);   // 320 KB: pooled

    [Fact]
    public void Live_arrays_keep_their_values_while_buffers_are_recycled_around_them()
    {
        var kept = Enumerable.Range(0, 8).Select(i => Np.Sin(Big(i))).ToArray();
        var snapshots = kept.Select(k => k.ToArray<double>()).ToArray();
        for (int round = 0; round < 30; round++)
        {
            // garbage of the same size and dtype, so the pool hands the same buffers around
            for (int j = 0; j < 10; j++) _ = Np.Cos(Big(100 + j)) * 3.0 + 1.0;
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        Assert.True(BufferPool.IdleBytes > 0, "dead buffers should have come back to the pool");
        for (int i = 0; i < kept.Length; i++)
            Assert.Equal(snapshots[i], kept[i].ToArray<double>());
        // Views share the buffer, so they must keep it alive: built in another method, so that (even in a Debug
        // build) nothing else refers to the arrays they were made from.
        var views = MakeViews();
        var expected = views.Select(v => v.ToArray<double>()).ToArray();
        for (int j = 0; j < 20; j++) { _ = Np.Exp(Big(j)); _ = Np.Cos(Big(j)); GC.Collect(); GC.WaitForPendingFinalizers(); }
        for (int i = 0; i < views.Length; i++)
            Assert.Equal(expected[i], views[i].ToArray<double>());
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static NDArray[] MakeViews() => new[]
    {
        Np.Sin(Big(7)).Reshape(200, 200)[10..20],      // reshape, then a slice along axis 0
        Np.Cos(Big(8)).Reshape(400, 100)[3],           // an indexed row
        Np.Exp(Big(9) * 0.01).AsType(DType.Float64),   // a same-dtype conversion (a relabelled view)
        Np.Sin(Big(10)).Reshape(-1, 8).T.T,            // transposed twice
    };

    [Fact]
    public async Task Concurrent_computations_with_recycling_and_collections_stay_exact()
    {
        var reference = Np.Tanh(Np.Sin(Big(0.25)) * 2.0).ToArray<double>();
        var stop = false;
        var collector = Task.Run(() => { while (!stop) { GC.Collect(); System.Threading.Thread.Sleep(1); } });
        var results = new bool[4];
        Parallel.For(0, results.Length, t =>
        {
            bool ok = true;
            for (int i = 0; i < 60; i++)
            {
                var y = Np.Tanh(Np.Sin(Big(0.25)) * 2.0);
                _ = Np.Exp(Big(t + i));
                ok &= y.ToArray<double>().SequenceEqual(reference);
            }
            results[t] = ok;
        });
        stop = true;
        await collector;
        Assert.All(results, Assert.True);
    }

    [Fact]
    public void Gradients_of_large_arrays_are_exact_under_recycling()
    {
        var x = Big(0.5);
        Func<NDArray, NDArray> f = v => Np.Sum(Np.Sin(v) * v);
        var expected = x.ToArray<double>().Select(v => Math.Sin(v) + v * Math.Cos(v)).ToArray();
        for (int round = 0; round < 10; round++)
        {
            var g = Jax.Grad(f)(x).ToArray<double>();
            for (int i = 0; i < g.Length; i += 997) NumericAssert.Close(expected[i], g[i], 1e-14, 1e-14, $"gradient element {i}");
            GC.Collect();
        }
    }
}

/// <summary>The pool's own bookkeeping: when it is full, buffers of new sizes displace idle ones of stale sizes.</summary>
[Collection(ProcessWideState.Name)]
public class BufferPoolTests
{
    [Fact]
    public void A_full_pool_makes_room_for_a_new_size_by_dropping_the_least_recently_used()
    {
        const int staleLength = 1 << 20;     // 4 MiB of floats
        const int freshLength = 3 << 18;     // 3 MiB of floats
        Diagnostics.TrimBufferPool();         // start from an empty pool: no idle buffers, nothing pending
        // Fill the pool to its cap with buffers of one (stale) size.
        long stale = (long)staleLength * sizeof(float);
        for (long filled = 0; filled < BufferPool.Capacity + stale; filled += stale)
            BufferPool.Return(new float[staleLength]);
        Assert.True(BufferPool.IdleBytes <= BufferPool.Capacity);
        // A returned buffer of a new size is kept, and handed out again for that size.
        var fresh = new float[freshLength];
        BufferPool.Return(fresh);
        Assert.True(BufferPool.IdleBytes <= BufferPool.Capacity);
        var rented = BufferPool.Rent<float>(freshLength, out var owner, out _);
        Assert.Same(fresh, rented);
        GC.KeepAlive(owner);
    }
}
