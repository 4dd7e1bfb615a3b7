using System;
using System.Linq;
using FsCheck.Fluent;
using Xunit;

namespace Functional.AD.Properties.Sampling;

/// <summary>
/// Keys and bits: JAX's documented values, the bit layout recomputed here from the Threefry block itself, and the same
/// bits under Jit, Vmap over a batch of keys and Scan.
/// </summary>
public class RandomKeyTests
{
    private static uint[] Words(PRNGKey key) => Random.KeyData(key).ToArray<uint>();

    [Fact]
    public void Key_is_the_high_and_low_words_of_the_seed()
    {
        Assert.Equal(new uint[] { 0, 0 }, Words(Random.Key(0)));
        Assert.Equal(new uint[] { 0, 42 }, Words(Random.PRNGKey(42)));
        Assert.Equal(new uint[] { 0xFFFFFFFF, 0xFFFFFFFF }, Words(Random.Key(-1)));
        Assert.Equal(new uint[] { 2, 5 }, Words(Random.Key((2L << 32) + 5)));
        Assert.Equal(new[] { 2 }, Random.KeyData(Random.Key(0)).Shape.ToArray());
    }

    /// <summary>jax.random.split(PRNGKey(0)) as JAX's "sharp bits" notebook prints it.</summary>
    [Fact]
    public void Split_of_key_0_is_what_jax_prints()
    {
        var keys = Random.Split(Random.Key(0));
        Assert.Equal(new[] { 2, 2 }, Random.KeyData(keys).Shape.ToArray());
        Assert.Equal(new uint[] { 4146024105, 967050713, 2718843009, 1272950319 }, Words(keys));
        var (a, b) = keys;
        Assert.Equal(new uint[] { 4146024105, 967050713 }, Words(a));
        Assert.Equal(new uint[] { 2718843009, 1272950319 }, Words(b));
        Assert.Equal(new uint[] { 2718843009, 1272950319 }, Words(keys[-1]));
    }

    /// <summary>
    /// uniform(key(0)) in JAX's classic layout: one counter, padded to the pair (0, 0), whose first word is the
    /// cipher's published answer 0x6b200159, so the f32 is 0x6b200159 &gt;&gt; 9 over 2^23. (The jax.random module page
    /// prints 0.947667: the partitionable layout, which hashes (0, 0) and xors the two words.)
    /// </summary>
    [Fact]
    public void Uniform_of_key_0_is_the_classic_layout_of_the_known_answer()
    {
        var key = Random.Key(0);
        Assert.Equal((0x6b200159u >> 9) / 8388608f, Random.Uniform(key, dtype: DType.Float32).ToArray<float>()[0]);
        Assert.Equal(0.41845703f, Random.Uniform(key, dtype: DType.Float32).ToArray<float>()[0]);
        var (y0, y1) = ThreefryKernel.Block(0, 0, 0, 0);
        Assert.Equal(0.947667f, ((y0 ^ y1) >> 9) / 8388608f, 1e-6);
    }

    /// <summary>
    /// f32 normals JAX printed in its tutorials under the classic layout, bit for bit: the "Pseudorandom numbers" loop
    /// (key 12, split, normal of the subkey, three times) and the quickstart's normal(PRNGKey(0), (10,)). numpy prints
    /// an f32 as the shortest decimal that reads back as it, so each printed value converted to float is JAX's f32. The
    /// uniforms are JAX's bits (the tests above), and the f32 erf_inv is the single-precision polynomial XLA evaluates
    /// (Giles'), so the samples agree exactly.
    /// </summary>
    [Fact]
    public void Normals_are_the_bits_jax_printed()
    {
        var key = Random.Key(12);
        foreach (var jax in new[] { 0.735927939414978, 1.810187578201294, 0.11553369462490082 })
        {
            var (next, sub) = Random.Split(key);
            Assert.Equal((float)jax, Random.Normal(sub, dtype: DType.Float32).ToArray<float>()[0]);
            key = next;
        }
        var quickstart = new[] { -0.3721109f, 0.26423115f, -0.18252768f, -0.7368197f, -0.44030377f, -0.1521442f, -0.67135346f, -0.5908641f, 0.73168886f, 0.5673026f };
        Assert.Equal(quickstart, Random.Normal(Random.Key(0), new[] { 10 }, DType.Float32).ToArray<float>());
        Assert.Equal(quickstart, Jax.Jit((PRNGKey k) => Random.Normal(k, new[] { 10 }, DType.Float32))(Random.Key(0)).ToArray<float>());
    }

    /// <summary>
    /// f32 normals of any count (small ones and ones large enough for the jitted program's compiled fused loop) are
    /// the same bits eager and jitted, and each is within 5 f32 ulps of sqrt(2) times the exact erfinv of its uniform
    /// (recomputed here from the block: JAX's recipe, then the (-1, 1) scaling in f32): the polynomial's 4 ulps and the
    /// final product's rounding.
    /// </summary>
    [Fact]
    public void Float_normals_are_eager_equal_jitted_and_near_the_exact_inverse_of_their_uniforms() =>
        PropertyCheck.ForAll(
            from n in Gen.OneOf(Gen.Choose(1, 40), Gen.Choose(4000, 20000))
            from seed in Gen.Choose(0, 1 << 30)
            select (n, seed),
            c =>
            {
                var key = Random.Key(c.seed);
                var eager = Random.Normal(key, new[] { c.n }, DType.Float32).ToArray<float>();
                var jitted = Jax.Jit((PRNGKey k) => Random.Normal(k, new[] { c.n }, DType.Float32))(key).ToArray<float>();
                Assert.Equal(eager, jitted);
                var data = key.Data.ToArray<uint>();
                var bits = Bits(data[0], data[1], c.n);
                float lo = MathF.BitIncrement(-1f);
                for (int i = 0; i < c.n; i++)
                {
                    float unit = BitConverter.Int32BitsToSingle((int)((bits[i] >> 9) | 0x3F800000u)) - 1f;
                    float u = MathF.Max(lo, unit * (1f - lo) + lo);
                    double exact = Math.Sqrt(2) * AccurateMath.ErfInv((double)u);
                    double ulp = Math.ScaleB(1, Math.ILogB((float)exact) - 23);
                    Assert.True(Math.Abs(eager[i] - exact) <= 5 * ulp, $"normal {i} of {c.n}: {eager[i]:R}, exact {exact:R}");
                }
            }, 25);

    /// <summary>JAX's threefry_2x32 layout: counters 0..n-1, padded to even, the halves as the two words.</summary>
    private static uint[] Bits(uint k0, uint k1, int n)
    {
        int half = (n + 1) / 2;
        var y = new uint[2 * half];
        for (int i = 0; i < half; i++)
        {
            uint x1 = (uint)(half + i) < (uint)n ? (uint)(half + i) : 0u;
            (y[i], y[half + i]) = ThreefryKernel.Block(k0, k1, (uint)i, x1);
        }
        return y.Take(n).ToArray();
    }

    [Fact]
    public void Bits_and_uniforms_follow_the_recipe_recomputed_from_the_block() =>
        PropertyCheck.ForAll(
            from n in Gen.Choose(0, 40)
            from seed in Gen.Choose(int.MinValue, int.MaxValue)
            select (n, seed),
            t =>
            {
                var key = Random.Key(t.seed);
                var (k0, k1) = (Words(key)[0], Words(key)[1]);
                var bits = Bits(k0, k1, t.n);
                Assert.Equal(bits, Random.Bits(key, new[] { t.n }).ToArray<uint>());
                var f32 = bits.Select(b => BitConverter.Int32BitsToSingle((int)((b >> 9) | 0x3F800000u)) - 1f).ToArray();
                Assert.Equal(f32, Random.Uniform(key, new[] { t.n }, DType.Float32).ToArray<float>());
                var words = Bits(k0, k1, 2 * t.n);
                var f64 = Enumerable.Range(0, t.n).Select(i =>
                {
                    ulong b = ((ulong)words[i] << 32) | words[t.n + i];
                    return BitConverter.Int64BitsToDouble((long)((b >> 12) | 0x3FF0000000000000UL)) - 1.0;
                }).ToArray();
                Assert.Equal(f64, Random.Uniform(key, new[] { t.n }).ToArray<double>());
                // split: the hash of counters 0 .. 2 num - 1
                Assert.Equal(Bits(k0, k1, 6), Words(Random.Split(key, 3)));
                // fold_in: the hash of the counter pair [0, data]
                var (f0, f1) = ThreefryKernel.Block(k0, k1, 0, (uint)t.n);
                Assert.Equal(new[] { f0, f1 }, Words(Random.FoldIn(key, t.n)));
            });

    [Fact]
    public void Samplers_give_the_same_bits_under_jit() =>
        PropertyCheck.ForAll(Gen.Choose(0, 1000), seed =>
        {
            var key = Random.Key(seed);
            NDArray[] Draw(PRNGKey k) => new[]
            {
                Random.Uniform(k, new[] { 7 }, DType.Float32), Random.Normal(k, new[] { 5 }), Random.Normal(k, new[] { 9 }, DType.Float32),
                Random.RandInt(k, new[] { 6 }, -3, 10), Random.Permutation(k, 11), Random.Exponential(k, new[] { 3 }),
                Random.KeyData(Random.Split(k, 3)), Random.KeyData(Random.FoldIn(k, 17)),
                Random.TruncatedNormal(k, -1.0, 2.0, new[] { 4 }, DType.Float32),
            };
            var eager = Draw(key);
            var jitted = Jax.Jit<PRNGKey, NDArray[]>(Draw)(key);
            for (int i = 0; i < eager.Length; i++)
                Assert.Equal(eager[i].ToArray<double>(), jitted[i].ToArray<double>());
        }, maxTest: 10);

    [Fact]
    public void Vmap_over_a_batch_of_keys_equals_a_loop_over_the_keys()
    {
        var keys = Random.Split(Random.Key(7), 5);
        Func<PRNGKey, (NDArray, NDArray, PRNGKey)> f = k =>
        {
            var (a, b) = Random.Split(k);
            return (Random.Normal(a, new[] { 3 }, DType.Float32), Random.Uniform(b, new[] { 2 }), Random.FoldIn(k, 3));
        };
        var (normals, uniforms, folded) = Jax.Vmap(f)(keys);
        Assert.Equal(new[] { 5, 3 }, normals.Shape.ToArray());
        for (int i = 0; i < 5; i++)
        {
            var (n, u, fk) = f(keys[i]);
            Assert.Equal(n.ToArray<float>(), normals.ToArray<float>().Skip(3 * i).Take(3).ToArray());
            Assert.Equal(u.ToArray<double>(), uniforms.ToArray<double>().Skip(2 * i).Take(2).ToArray());
            Assert.Equal(Words(fk), Words(folded).Skip(2 * i).Take(2).ToArray());
        }
        // the rows differ: independent streams
        Assert.NotEqual(normals.ToArray<float>().Take(3), normals.ToArray<float>().Skip(3).Take(3));
    }

    [Fact]
    public void Scan_carrying_a_key_equals_the_unrolled_loop()
    {
        var key = Random.Key(3);
        var (carry, ys) = Lax.Scan<PRNGKey, NDArray, NDArray>((k, x) =>
        {
            var (next, sub) = Random.Split(k);
            return (next, Np.Add(x, Random.Normal(sub, new[] { 2 })));
        }, key, Np.Zeros(new[] { 4, 2 }));
        var k = key;
        var expected = new System.Collections.Generic.List<double>();
        for (int i = 0; i < 4; i++)
        {
            var (next, sub) = Random.Split(k);
            expected.AddRange(Random.Normal(sub, new[] { 2 }).ToArray<double>());
            k = next;
        }
        Assert.Equal(expected.ToArray(), ys.ToArray<double>());
        Assert.Equal(Words(k), Words(carry));
    }

    [Fact]
    public void FoldIn_of_traced_data_under_scan_and_vmap_equals_the_loop()
    {
        var key = Random.Key(11);
        var steps = Np.Arange(4);
        var (_, folded) = Lax.Scan<PRNGKey, NDArray, NDArray>((k, i) => (k, Random.KeyData(Random.FoldIn(k, i))), key, steps);
        var mapped = Jax.Vmap((NDArray i) => Random.KeyData(Random.FoldIn(key, i)))(steps);
        var expected = Enumerable.Range(0, 4).SelectMany(i => Words(Random.FoldIn(key, i))).ToArray();
        Assert.Equal(expected, folded.ToArray<uint>());
        Assert.Equal(expected, mapped.ToArray<uint>());
        // a batch of keys and a batch of data together
        var keys = Random.Split(key, 4);
        var both = Jax.Vmap((PRNGKey k, NDArray i) => Random.Uniform(Random.FoldIn(k, i), new[] { 3 }, DType.Float32), (0, 0))(keys, steps).ToArray<float>();
        for (int i = 0; i < 4; i++)
            Assert.Equal(Random.Uniform(Random.FoldIn(keys[i], i), new[] { 3 }, DType.Float32).ToArray<float>(), both.Skip(3 * i).Take(3).ToArray());
    }

    [Fact]
    public void A_key_is_a_pytree_with_one_u32_leaf()
    {
        var key = Random.Key(5);
        var leaves = Tree.Leaves(key);
        Assert.Single(leaves);
        Assert.Equal(DType.UInt32, leaves[0].DType);
        var (flat, def) = Tree.Flatten((key, 1.0));
        Assert.Equal(2, flat.Count);
        var mapped = Tree.Map(x => x, key);
        Assert.Equal(Words(key), Words(mapped));
    }

    [Fact]
    public void Samplers_reject_a_batch_of_keys_and_bad_arguments_by_name()
    {
        var keys = Random.Split(Random.Key(0), 3);
        var e = Assert.Throws<ArgumentException>(() => Random.Normal(keys, new[] { 2 }));
        Assert.Contains("Random.Normal", e.Message);
        Assert.Contains("u32[3,2]", e.Message);
        Assert.Throws<ArgumentException>(() => Random.WrapKeyData(Np.Zeros(new[] { 3 })));
        Assert.Throws<ArgumentException>(() => Random.Uniform(Random.Key(0), new[] { 2 }, DType.Int32));
        Assert.Throws<ArgumentException>(() => Random.Choice(Random.Key(0), 3, new[] { 4 }, replace: false));
        Assert.Throws<ArgumentException>(() => Lax.BitcastConvertType(Np.Zeros(new[] { 2 }), DType.Float32));
    }

    [Fact]
    public void BitcastConvertType_reads_the_same_bits()
    {
        var x = Np.Array(1.0f, -2.5f, float.NaN);
        var bits = Lax.BitcastConvertType(x, DType.UInt32).ToArray<uint>();
        Assert.Equal(new[] { 0x3F800000u, 0xC0200000u }, bits.Take(2).ToArray());
        Assert.Equal(new[] { 1.0f, -2.5f }, Lax.BitcastConvertType(Lax.BitcastConvertType(x, DType.Int32), DType.Float32).ToArray<float>().Take(2).ToArray());
        var y = Np.Array(1.0, -0.0);
        Assert.Equal(new[] { 0x3FF0000000000000L, long.MinValue }, Lax.BitcastConvertType(y, DType.Int64).ToArray<long>());
        var batched = Jax.Vmap((NDArray v) => Lax.BitcastConvertType(v, DType.Int32))(Np.Ones(new[] { 2, 3 }, DType.Float32));
        Assert.All(batched.ToArray<int>(), v => Assert.Equal(0x3F800000, v));
    }
}
