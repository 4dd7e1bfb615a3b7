using System.Linq;
using FsCheck.Fluent;
using Xunit;

namespace Functional.AD.Properties.Kernels;

/// <summary>The Threefry-2x32 kernel against the cipher's published known answers and its own scalar block on every width.</summary>
public class ThreefryKernelTests
{
    /// <summary>The Random123 known-answer vectors for threefry2x32 with 20 rounds (also JAX's test_threefry_2x32).</summary>
    [Theory]
    [InlineData(0x00000000u, 0x00000000u, 0x00000000u, 0x00000000u, 0x6b200159u, 0x99ba4efeu)]
    [InlineData(0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0x1cb996fcu, 0xbb002be7u)]
    [InlineData(0x13198a2eu, 0x03707344u, 0x243f6a88u, 0x85a308d3u, 0xc4923a9cu, 0x483df7a0u)]
    public void Threefry_matches_the_published_known_answers(uint k0, uint k1, uint x0, uint x1, uint y0, uint y1)
    {
        Assert.Equal((y0, y1), ThreefryKernel.Block(k0, k1, x0, x1));
        // the same counter in every lane of the vector paths and the scalar tail
        int n = 37;
        var (o0, o1) = (new uint[n], new uint[n]);
        ThreefryKernel.Hash(new[] { k0 }, new[] { k1 }, Enumerable.Repeat(x0, n).ToArray(), Enumerable.Repeat(x1, n).ToArray(), o0, o1);
        Assert.All(o0, v => Assert.Equal(y0, v));
        Assert.All(o1, v => Assert.Equal(y1, v));
    }

    [Fact]
    public void The_vectorized_hash_equals_the_scalar_block_for_any_keys_and_counters() =>
        PropertyCheck.ForAll(
            from n in Gen.Choose(0, 70)
            from keys in Gen.ArrayOf(ArbMap.Default.GeneratorFor<uint>(), 2)
            from xs in Gen.ArrayOf(ArbMap.Default.GeneratorFor<uint>(), 2 * n)
            from perElementKeys in ArbMap.Default.GeneratorFor<bool>()
            select (n, keys, xs, perElementKeys),
            c =>
            {
                var x0 = c.xs.Take(c.n).ToArray();
                var x1 = c.xs.Skip(c.n).ToArray();
                var k0 = c.perElementKeys ? x1.Select(v => v ^ c.keys[0]).ToArray() : new[] { c.keys[0] };
                var k1 = c.perElementKeys ? x0.Select(v => v + c.keys[1]).ToArray() : new[] { c.keys[1] };
                var (y0, y1) = (new uint[c.n], new uint[c.n]);
                ThreefryKernel.Hash(k0, k1, x0, x1, y0, y1);
                for (int i = 0; i < c.n; i++)
                {
                    var expected = ThreefryKernel.Block(k0[c.perElementKeys ? i : 0], k1[c.perElementKeys ? i : 0], x0[i], x1[i]);
                    Assert.Equal(expected, (y0[i], y1[i]));
                }
            });

    /// <summary>
    /// The counter-bits kernel (counters made in registers, words written to both halves) against the block on JAX's
    /// layout: counter pair i is (i, half + i), the second 0 for the pad of an odd count; any split into parts gives
    /// the same words.
    /// </summary>
    [Fact]
    public void Counter_bits_are_the_hash_of_the_iota_layout_in_any_parts() =>
        PropertyCheck.ForAll(
            from n in Gen.Choose(0, 200)
            from keys in Gen.ArrayOf(ArbMap.Default.GeneratorFor<uint>(), 2)
            from cut in Gen.Choose(0, 100)
            select (n, keys, cut),
            c =>
            {
                int half = (c.n + 1) / 2, cut = System.Math.Min(c.cut, half);
                var expected = new uint[2 * half];
                for (int i = 0; i < half; i++)
                    (expected[i], expected[half + i]) = ThreefryKernel.Block(c.keys[0], c.keys[1], (uint)i, half + i < c.n ? (uint)(half + i) : 0u);
                var whole = new uint[c.n];
                ThreefryKernel.CounterBits(c.keys[0], c.keys[1], whole, 0, half);
                var parts = new uint[c.n];
                ThreefryKernel.CounterBits(c.keys[0], c.keys[1], parts, cut, half - cut);
                ThreefryKernel.CounterBits(c.keys[0], c.keys[1], parts, 0, cut);
                Assert.Equal(expected.Take(c.n).ToArray(), whole);
                Assert.Equal(whole, parts);
            }, 200);

    /// <summary>The primitive on one key and on a batch of keys (eager, jitted and vmapped) against the old composition.</summary>
    [Fact]
    public void The_random_bits_primitive_equals_threefry_of_an_iota() =>
        PropertyCheck.ForAll(
            from n in Gen.Choose(1, 300)
            from seeds in Gen.ArrayOf(Gen.Choose(0, 1 << 30), 3)
            select (n, seeds),
            c =>
            {
                var keys = Random.Split(Random.Key(c.seeds[0]), 3);
                for (int k = 0; k < 3; k++)
                {
                    var data = keys[k].Data;
                    var old = Random.Threefry(data, Ops.Iota(DType.UInt32, new Shape(c.n), 0)).ToArray<uint>();
                    Assert.Equal(old, Ops.ThreefryRandomBits(data, c.n).ToArray<uint>());
                    Assert.Equal(old, Jax.Jit((NDArray d) => Ops.ThreefryRandomBits(d, c.n))(data).ToArray<uint>());
                }
                var batched = Jax.Vmap((NDArray d) => Ops.ThreefryRandomBits(d, c.n))(keys.Data).ToArray<uint>();
                for (int k = 0; k < 3; k++)
                    Assert.Equal(Random.Threefry(keys[k].Data, Ops.Iota(DType.UInt32, new Shape(c.n), 0)).ToArray<uint>(), batched.Skip(k * c.n).Take(c.n).ToArray());
            }, 40);
}
