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
}
