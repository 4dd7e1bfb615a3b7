using System;
using System.Threading.Tasks;
using Xunit;

namespace Functional.AD.Properties.Kernels;

/// <summary>
/// A compiled program's small intermediate buffers are recycled on the thread that runs it: results stay exact,
/// arrays a program returned never change on later calls, a release on another thread is dropped, and a small jitted
/// step stops allocating its intermediates.
/// </summary>
public class SmallBufferCacheTests
{
    private static NDArray Small(double seed) => Np.Sin(Np.Linspace(seed, seed + 3, 200));   // 1.6 KB: below the pool

    private static NDArray Program(NDArray x)
    {
        // a product with 0.5·I between two fused groups makes intermediate arrays that the program releases
        var h = Np.Matmul(Np.Tanh(x * 1.5 + 0.25).Reshape(8, 25), Np.Eye(25) * 0.5).Reshape(200) * 2.0;
        var r = Np.Cos(h) * h - Np.Exp(-h * h);
        return Np.Sum(r * r) + r;   // intermediates die inside, r's last use makes the output
    }

    private static double[] Expected(double seed)
    {
        var x = Small(seed).ToArray<double>();
        var r = new double[x.Length];
        double total = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double h = Math.Tanh(x[i] * 1.5 + 0.25);
            r[i] = Math.Cos(h) * h - Math.Exp(-h * h);
            total += r[i] * r[i];
        }
        for (int i = 0; i < x.Length; i++) r[i] += total;
        return r;
    }

    [Fact]
    public void Results_a_program_returned_keep_their_values_over_later_calls()
    {
        var jitted = Jax.Jit<NDArray, NDArray>(Program);
        var kept = new NDArray[20];
        for (int i = 0; i < kept.Length; i++) kept[i] = jitted(Small(i));
        for (int i = 0; i < kept.Length; i++)
            NumericAssert.AllClose(Np.FromFlat(Expected(i), new[] { 200 }), kept[i], 1e-12, 1e-12, $"call {i}");
    }

    [Fact]
    public void A_small_jitted_program_recycles_its_intermediates()
    {
        // products are not fused: each makes an intermediate array of 8×25 doubles (1.6 KB)
        var w = Np.Cos(Np.Linspace(0, 5, 625)).Reshape(25, 25) * 0.2;
        var jitted = Jax.Jit<NDArray, NDArray>(x =>
        {
            var h = x;
            for (int layer = 0; layer < 8; layer++) h = Np.Tanh(Np.Matmul(h, w));
            return Np.Sum(h);
        });
        var x = Small(0.5).Reshape(8, 25);
        for (int i = 0; i < 50; i++) jitted(x);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) jitted(x);
        long perCall = (GC.GetAllocatedBytesForCurrentThread() - before) / 100;
        // Sixteen intermediates of 1.6 KB would be 26 KB per call without recycling; small objects remain.
        Assert.True(perCall < 10_000, $"{perCall} bytes allocated per call");
    }

    [Fact]
    public void A_buffer_released_on_another_thread_is_not_reused()
    {
        SmallBufferCache.Enter();
        try
        {
            var cache = SmallBufferCache.Current!;
            var first = cache.Rent<double>(100, out var owner);
            var other = new System.Threading.Thread(owner.Release);
            other.Start();
            other.Join();
            var second = cache.Rent<double>(100, out var secondOwner);
            Assert.NotSame(first, second);
            secondOwner.Release();
            var third = cache.Rent<double>(100, out _);
            Assert.Same(second, third);   // released on its own thread: reused
        }
        finally { SmallBufferCache.Exit(); }
        Assert.Null(SmallBufferCache.Current);
    }

    [Fact]
    public void A_thread_that_ran_many_programs_still_recycles_new_sizes()
    {
        SmallBufferCache.Enter();
        try
        {
            var cache = SmallBufferCache.Current!;
            for (int size = 100; size < 140; size++) cache.Rent<float>(size, out var owner).AsSpan().Clear();
            for (int size = 100; size < 140; size++)
            {
                cache.Rent<float>(size, out var owner);
                owner.Release();
            }
            var first = cache.Rent<double>(77, out var o1);
            o1.Release();
            Assert.Same(first, cache.Rent<double>(77, out _));
            // and when its cache is full of bytes of other sizes
            var big = new BufferOwner[64];
            for (int i = 0; i < big.Length; i++) cache.Rent<double>(8000, out big[i]);
            foreach (var o in big) o.Release();
            for (int size = 200; size < 260; size++)
                for (int copy = 0; copy < 4; copy++) { cache.Rent<double>(size * 30, out var o); o.Release(); }
            var second = cache.Rent<float>(333, out var o2);
            o2.Release();
            Assert.Same(second, cache.Rent<float>(333, out _));
        }
        finally { SmallBufferCache.Exit(); }
    }

    [Fact]
    public void Concurrent_calls_of_one_program_stay_exact()
    {
        var jitted = Jax.Jit<NDArray, NDArray>(Program);
        var expected = Expected(0.75);
        var ok = new bool[4];
        Parallel.For(0, ok.Length, t =>
        {
            bool good = true;
            for (int i = 0; i < 200 && good; i++)
                good = jitted(Small(0.75)).ToArray<double>().AsSpan().SequenceEqual(jitted(Small(0.75)).ToArray<double>());
            ok[t] = good && Math.Abs(jitted(Small(0.75)).ToArray<double>()[7] - expected[7]) < 1e-12;
        });
        Assert.All(ok, Assert.True);
    }
}
