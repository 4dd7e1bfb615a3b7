using System;
using Xunit;

namespace Functional.AD.Properties.Kernels;

/// <summary>
/// Work split into parts (eager elementwise kernels, fused groups) covers every element whatever the size, up to the
/// largest array .NET allows: the part count and the part bounds never overflow <see cref="int"/>. A fused reduction
/// of a broadcast scalar runs a group of that size without allocating it; the eager kernels are checked with small
/// arrays and a part size near <see cref="int.MaxValue"/>, which makes the same arithmetic overflow.
/// </summary>
[Collection(ProcessWideState.Name)]
public class PartArithmeticTests
{
    private static T OnThreads<T>(int threads, Func<T> compute)
    {
        int saved = Parallelism.MaxThreads;
        try
        {
            Parallelism.MaxThreads = threads;
            return compute();
        }
        finally { Parallelism.MaxThreads = saved; }
    }

    [Fact]
    public void Part_ranges_tile_every_size_up_to_int_MaxValue_exactly()
    {
        foreach (int size in new[] { 1, 4096, ParallelElementwise.DefaultPartElements, FusedStep.PartElements, 1 << 30, int.MaxValue - 1, int.MaxValue })
            foreach (int n in new[] { 0, 1, size - 1, size, size + 1, 2_147_483_000, Array.MaxLength, int.MaxValue - 1, int.MaxValue })
            {
                if (n < 0) continue;
                int parts = PartRanges.Count(n, size);
                Assert.Equal((n + (long)size - 1) / size, parts);
                if (parts > 1 << 20) continue;   // size 1 over 2^31 elements: the count is what matters
                long next = 0;
                for (int part = 0; part < parts; part++)
                {
                    var (start, count) = PartRanges.Range(part, size, n);
                    Assert.Equal(next, start);
                    Assert.True(count > 0 && count <= size, $"part {part} of {n} in parts of {size} has {count} elements");
                    next = (long)start + count;
                }
                Assert.Equal(n, next);
            }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Jitted_sum_over_a_group_within_a_part_of_int_MaxValue_counts_every_element(int threads)
    {
        foreach (int n in new[] { 2_147_483_000, Array.MaxLength, int.MaxValue - (int.MaxValue % FusedStep.PartElements), 3 * FusedStep.PartElements + 5 })
        {
            if (n > Array.MaxLength) continue;
            var sum = Jax.Jit((NDArray s) => Np.Sum(Np.BroadcastTo(s, new[] { n })));
            var max = Jax.Jit((NDArray s) => Np.Max(Np.BroadcastTo(s, new[] { n })));
            Assert.Equal((double)n, (double)OnThreads(threads, () => sum(Np.Scalar(1.0))));
            Assert.Equal(1.5, (double)OnThreads(threads, () => max(Np.Scalar(1.5))));
        }
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(int.MaxValue - 1000)]
    [InlineData(1 << 30)]
    [InlineData(1000)]
    public void Eager_elementwise_kernels_cover_every_element_whatever_the_part_size(int partSize)
    {
        int n = ParallelElementwise.MinElements + 17;
        var x = Np.Linspace(-2, 2, n, DType.Float32);
        var y = Np.Cos(x);
        var expectedSum = (x + y).ToArray<float>();
        var expectedScaled = (x * 2.0).ToArray<float>();
        var expectedSin = Np.Sin(x).ToArray<float>();
        int saved = ParallelElementwise.PartElements;
        try
        {
            ParallelElementwise.PartElements = partSize;
            var (sum, scaled, sin) = OnThreads(2, () => ((x + y).ToArray<float>(), (x * 2.0).ToArray<float>(), Np.Sin(x).ToArray<float>()));
            Assert.Equal(expectedSum, sum);
            Assert.Equal(expectedScaled, scaled);
            Assert.Equal(expectedSin, sin);
        }
        finally { ParallelElementwise.PartElements = saved; }
    }

    [BoundaryFact]
    public void Eager_and_jitted_kernels_on_a_bool_array_near_int_MaxValue_write_every_element()
    {
        const int n = 2_147_483_000;
        var x = Np.Ones(new[] { n }, DType.Bool);
        foreach (var f in new Func<NDArray, NDArray>[] { v => Np.Maximum(v, Np.Scalar(false)), Jax.Jit((NDArray v) => Np.Maximum(v, Np.Scalar(false))) })
        {
            var y = OnThreads(2, () => f(x));
            foreach (int i in new[] { 0, n / 2, n - ParallelElementwise.DefaultPartElements, n - FusedStep.Tile - 1, n - 1 })
                Assert.Equal(1, (int)y[i]);
        }
    }
}
