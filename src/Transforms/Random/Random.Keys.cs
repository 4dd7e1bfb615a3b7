using System;

namespace Functional.AD;

/// <summary>
/// Random numbers as jax.random makes them: explicit keys (<see cref="PRNGKey"/>) and pure sampling functions. The
/// bits come from the counter-based Threefry-2x32 hash (the <c>threefry2x32</c> primitive) laid out as JAX's default
/// (non-partitionable) mode lays them out, so a key gives the same bits on every machine, thread count and SIMD width,
/// and the same bits as <c>jax.random</c> given the same key. Keys are traced values: every function works under
/// <c>Jit</c>, under <c>Vmap</c> over a batch of keys and inside <c>Lax.Scan</c>. Samplers take a single key
/// (key data u32[2]); split a key into several with <see cref="Split"/> or map over a batch with <c>Vmap</c>.
/// </summary>
public static partial class Random
{
    /// <summary>
    /// A key from an integer seed (<c>jax.random.key</c> / <c>PRNGKey</c>): the key words are the high and low 32 bits
    /// of the seed as an int64 (so <c>Key(0)</c> is [0, 0] and a negative seed is read in two's complement).
    /// </summary>
    /// <param name="seed">The seed.</param>
    public static PRNGKey Key(long seed) =>
        new(ConcreteArray.Own(new[] { (uint)((ulong)seed >> 32), (uint)((ulong)seed & 0xFFFFFFFFu) }, new Shape(2)));

    /// <summary>The same as <see cref="Key"/> (<c>jax.random.PRNGKey</c>).</summary>
    /// <param name="seed">The seed.</param>
    public static PRNGKey PRNGKey(long seed) => Key(seed);

    /// <summary>The key words of <paramref name="keys"/>: u32 of shape [..., 2] (<c>jax.random.key_data</c>).</summary>
    /// <param name="keys">A key or a batch of keys.</param>
    public static NDArray KeyData(PRNGKey keys) => keys.Data;

    /// <summary>
    /// Keys from their words (<c>jax.random.wrap_key_data</c>): u32 of shape [..., 2], as <see cref="KeyData"/> returns.
    /// </summary>
    /// <param name="keyData">The key words.</param>
    /// <exception cref="ArgumentException">The data is not u32 with a last axis of length 2.</exception>
    public static PRNGKey WrapKeyData(NDArray keyData)
    {
        Guard.NotNull(keyData, "Random.WrapKeyData");
        if (keyData.DType != DType.UInt32 || keyData.Rank == 0 || keyData.Shape[keyData.Rank - 1] != 2)
            throw new ArgumentException($"Random.WrapKeyData: key data must be u32 with a last axis of length 2, got {keyData.Type}", nameof(keyData));
        return new PRNGKey(keyData);
    }

    /// <summary>
    /// <paramref name="num"/> new keys from one (<c>jax.random.split</c>): a batch of keys (data u32[num, 2]), the
    /// Threefry hash of the counters 0 .. 2 num - 1 under the key. <c>var (key, subkey) = Random.Split(key);</c> takes
    /// two.
    /// </summary>
    /// <param name="key">A single key.</param>
    /// <param name="num">How many keys.</param>
    public static PRNGKey Split(PRNGKey key, int num = 2)
    {
        const string op = "Random.Split";
        if (num < 0) throw new ArgumentOutOfRangeException(nameof(num), $"{op}: num must be non-negative, got {num}");
        var words = Ops.ThreefryRandomBits(Single(key, op), 2 * num);
        return new PRNGKey(Ops.Reshape(words, new Shape(num, 2)));
    }

    /// <summary>
    /// A new key from a key and an integer (<c>jax.random.fold_in</c>): the hash of the counter pair [0, data] under the
    /// key, so keys folded with different data are independent.
    /// </summary>
    /// <param name="key">A single key.</param>
    /// <param name="data">The integer to fold in (read as u32).</param>
    public static PRNGKey FoldIn(PRNGKey key, int data) =>
        FoldIn(key, ConcreteArray.Own(new[] { (uint)data }, Shape.Scalar));

    /// <summary>
    /// <see cref="FoldIn(PRNGKey, int)"/> with a 0-d integer array as data (which may be traced, e.g. a step counter
    /// inside <c>Lax.Scan</c>); it is converted to u32.
    /// </summary>
    /// <param name="key">A single key.</param>
    /// <param name="data">A 0-d integer array.</param>
    public static PRNGKey FoldIn(PRNGKey key, NDArray data)
    {
        const string op = "Random.FoldIn";
        Guard.NotNull(data, op);
        if (data.Rank != 0 || !(data.DType.IsInteger() || data.DType == DType.Bool))
            throw new ArgumentException($"{op}: data must be a 0-d integer array, got {data.Type}", nameof(data));
        // JAX folds in jnp.uint32(data) seeded as [data >> 32, data & 0xFFFFFFFF]: the high word of a u32 is 0.
        var low = Ops.Reshape(Ops.ConvertElementType(data, DType.UInt32), new Shape(1));
        var high = ConcreteArray.Own(new uint[] { 0 }, new Shape(1));
        return new PRNGKey(Threefry(Single(key, op), Ops.Concatenate(new[] { high, low }, 0)));
    }

    /// <summary>
    /// Uniformly random bits (<c>jax.random.bits</c>): u32 by default, or u8; the bits of every sampler come from here.
    /// </summary>
    /// <param name="key">A single key.</param>
    /// <param name="shape">The result shape ([] when null).</param>
    /// <param name="dtype">UInt32 or UInt8.</param>
    public static NDArray Bits(PRNGKey key, int[]? shape = null, DType dtype = DType.UInt32)
    {
        const string op = "Random.Bits";
        var s = ShapeOf(shape, op);
        var k = Single(key, op);
        return dtype switch
        {
            DType.UInt32 => RandomBits(k, 32, s),
            DType.UInt8 => Ops.ConvertElementType(RandomBits(k, 8, s), DType.UInt8),
            _ => throw new ArgumentException($"{op}: dtype must be UInt32 or UInt8, got {dtype}", nameof(dtype)),
        };
    }

    // ---- internals shared by the samplers ----

    /// <summary>The data of a single key (u32[2]), checked.</summary>
    internal static NDArray Single(PRNGKey key, string op)
    {
        var data = key.Data;
        if (data.DType != DType.UInt32 || data.Rank != 1 || data.Shape[0] != 2)
            throw new ArgumentException(
                $"{op}: expected a single key (key data u32[2]), got key data {data.Type}; split into several keys with Random.Split and map over them with Jax.Vmap");
        return data;
    }

    /// <summary>A shape from its dimensions (null is []), checked for negative sizes.</summary>
    internal static Shape ShapeOf(int[]? shape, string op)
    {
        if (shape is null) return Shape.Scalar;
        foreach (var d in shape)
            if (d < 0) throw new ArgumentException($"{op}: shape [{string.Join(",", shape)}] has a negative dimension", nameof(shape));
        return new Shape(shape);
    }

    /// <summary>
    /// JAX's <c>threefry_2x32(key, count)</c>: the u32 counters, flattened and padded to even length, split into halves
    /// x0 and x1; the result is [y0, y1] concatenated (less the pad), in the counters' shape.
    /// </summary>
    internal static NDArray Threefry(NDArray keyData, NDArray count)
    {
        int n = count.Size;
        var shape = count.Shape;
        if (n == 0) return Ops.Full(new ArrayType(shape, DType.UInt32), 0);
        var k0 = Ops.Reshape(Ops.Slice(keyData, new IntTuple(0), new IntTuple(1)), Shape.Scalar);
        var k1 = Ops.Reshape(Ops.Slice(keyData, new IntTuple(1), new IntTuple(2)), Shape.Scalar);
        var flat = Ops.Reshape(count, new Shape(n));
        bool odd = n % 2 == 1;
        if (odd) flat = Ops.Concatenate(new[] { flat, ConcreteArray.Own(new uint[] { 0 }, new Shape(1)) }, 0);
        int half = (n + 1) / 2;
        var x0 = Ops.Slice(flat, new IntTuple(0), new IntTuple(half));
        var x1 = Ops.Slice(flat, new IntTuple(half), new IntTuple(2 * half));
        var (y0, y1) = Ops.Threefry2x32(k0, k1, x0, x1);
        var y = Ops.Concatenate(new[] { y0, y1 }, 0);
        if (odd) y = Ops.Slice(y, new IntTuple(0), new IntTuple(n));
        return Ops.Reshape(y, shape);
    }

    /// <summary>
    /// JAX's <c>random_bits(key, bitWidth, shape)</c>, its hashes of counters made in one pass by <c>threefry_random_bits</c>.
    /// 32 bits: the hash of the counters 0 .. size - 1, as u32. 64 bits:
    /// the hash of 0 .. 2 size - 1, the first half the high words, as i64 (the bits of JAX's u64). 8 and 16 bits: the
    /// u32 words read as consecutive little-endian bytes or half words, as u32 values.
    /// </summary>
    internal static NDArray RandomBits(NDArray keyData, int bitWidth, Shape shape)
    {
        int size = shape.Size;
        if (size == 0) return Ops.Full(new ArrayType(shape, bitWidth == 64 ? DType.Int64 : DType.UInt32), 0);
        switch (bitWidth)
        {
            case 32:
                return Ops.Reshape(Ops.ThreefryRandomBits(keyData, size), shape);
            case 64:
            {
                var words = Ops.ThreefryRandomBits(keyData, 2 * size);
                var high = Ops.ConvertElementType(Ops.Slice(words, new IntTuple(0), new IntTuple(size)), DType.Int64);
                var low = Ops.ConvertElementType(Ops.Slice(words, new IntTuple(size), new IntTuple(2 * size)), DType.Int64);
                var bits = Ops.BitwiseOr(Ops.ShiftLeft(high, ConcreteArray.Own(new[] { 32L }, Shape.Scalar)), low);
                return Ops.Reshape(bits, shape);
            }
            case 8:
            case 16:
            {
                int perWord = 32 / bitWidth;
                int words = (size * bitWidth + 31) / 32;
                var w = Ops.ThreefryRandomBits(keyData, words);
                var mask = U32(bitWidth == 8 ? 0xFFu : 0xFFFFu);
                var parts = new NDArray[perWord];
                for (int j = 0; j < perWord; j++)
                    parts[j] = Ops.Reshape(Ops.BitwiseAnd(Ops.ShiftRightLogical(w, U32((uint)(j * bitWidth))), mask), new Shape(words, 1));
                var all = Ops.Reshape(Ops.Concatenate(parts, 1), new Shape(words * perWord));
                if (words * perWord != size) all = Ops.Slice(all, new IntTuple(0), new IntTuple(size));
                return Ops.Reshape(all, shape);
            }
            default:
                throw new ArgumentException($"random_bits: bit width {bitWidth} is not supported");
        }
    }

    /// <summary>A 0-d u32 constant.</summary>
    internal static NDArray U32(uint value) => ConcreteArray.Own(new[] { value }, Shape.Scalar);

    /// <summary>A 0-d constant of <paramref name="dtype"/> (strongly typed, so it keeps the dtype of what it meets).</summary>
    internal static NDArray Const(double value, DType dtype) => ConcreteArray.Scalar(value, dtype);
}
