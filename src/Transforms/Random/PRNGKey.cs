using System;

namespace Functional.AD;

/// <summary>
/// A Threefry random key, or a batch of keys: an <see cref="NDArray"/> of u32 whose last axis has length 2 (one key is
/// u32[2], a batch of n keys u32[n,2]), made by <see cref="Random.Key"/>, <see cref="Random.Split"/> or
/// <see cref="Random.FoldIn(PRNGKey, int)"/>. A pytree with one leaf, <see cref="Data"/>: keys pass through
/// <c>Jit</c> as traced values, <c>Vmap</c> maps a batch of keys (each example gets its own stream), and
/// <c>Lax.Scan</c> and <c>Lax.WhileLoop</c> carry them. Keys are values: the same key always gives the same numbers,
/// so split a key rather than reuse it.
/// </summary>
public readonly struct PRNGKey
{
    /// <summary>Wraps key data: u32 with a last axis of length 2 (checked where the key is used, see <see cref="Random.WrapKeyData"/>).</summary>
    /// <param name="data">The key words.</param>
    public PRNGKey(NDArray data) => _data = Guard.NotNull(data, "PRNGKey");

    /// <summary>The key words: u32 of shape [..., 2].</summary>
    public NDArray Data => _data ?? throw new InvalidOperationException("PRNGKey: the default key holds no data; make keys with Random.Key(seed)");

    private readonly NDArray? _data;

    /// <summary>The batch shape: the shape of <see cref="Data"/> without its last axis ([] for one key).</summary>
    public Shape Shape
    {
        get
        {
            var dims = Data.Shape.ToArray();
            return new Shape(dims.AsSpan(0, Math.Max(dims.Length - 1, 0)).ToArray());
        }
    }

    /// <summary>Key <paramref name="index"/> of a batch of keys (the first axis of the batch).</summary>
    /// <param name="index">The position along the first batch axis; negative counts from the end.</param>
    public PRNGKey this[int index]
    {
        get
        {
            var data = Data;
            if (data.Rank < 2) throw new ArgumentException($"PRNGKey[{index}]: a single key (key data {data.Type}) has no batch axis to index");
            int n = data.Shape[0];
            int i = index < 0 ? index + n : index;
            if (i < 0 || i >= n) throw new ArgumentOutOfRangeException(nameof(index), $"PRNGKey[{index}]: out of range for a batch of {n} keys (key data {data.Type})");
            return new PRNGKey(Np.Squeeze(Lax.SliceInDim(data, i, i + 1, 1, 0), 0));
        }
    }

    /// <summary>The first two keys of a batch, as <c>var (key, subkey) = Random.Split(key);</c> reads them.</summary>
    /// <param name="first">Key 0.</param>
    /// <param name="second">Key 1.</param>
    public void Deconstruct(out PRNGKey first, out PRNGKey second)
    {
        first = this[0];
        second = this[1];
    }

    /// <summary>The key words as text: <c>PRNGKey(u32[2] [0, 42])</c>.</summary>
    public override string ToString() => _data is null ? "PRNGKey(default)" : $"PRNGKey({_data})";
}
