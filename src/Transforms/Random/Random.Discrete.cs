using System;

namespace Functional.AD;

public static partial class Random
{
    /// <summary>
    /// Bernoulli samples (<c>jax.random.bernoulli</c>): bool, true with probability p (u &lt; p of u uniform in the
    /// dtype of p).
    /// </summary>
    /// <param name="key">A single key.</param>
    /// <param name="p">The probability of true, broadcast to <paramref name="shape"/> (0.5 when null).</param>
    /// <param name="shape">The result shape (the shape of p when null).</param>
    public static NDArray Bernoulli(PRNGKey key, NDArray? p = null, int[]? shape = null)
    {
        const string op = "Random.Bernoulli";
        var k = Single(key, op);
        p ??= 0.5;
        var dtype = p.DType.IsFloat() ? p.DType : DType.Float64;
        var s = shape is null ? p.Shape : ShapeOf(shape, op);
        return Np.Less(UniformCore(k, s, dtype, null, null, op), Ops.ConvertElementType(p, dtype));
    }

    /// <summary>
    /// Samples from categorical distributions given by unnormalized log probabilities (<c>jax.random.categorical</c>):
    /// the argmax over <paramref name="axis"/> of logits plus Gumbel noise (i32 indices).
    /// </summary>
    /// <param name="key">A single key.</param>
    /// <param name="logits">Log probabilities along <paramref name="axis"/>, the other axes a batch of distributions.</param>
    /// <param name="axis">The category axis.</param>
    /// <param name="shape">The result shape: a prefix of extra draws followed by the batch shape (the batch shape when null).</param>
    public static NDArray Categorical(PRNGKey key, NDArray logits, int axis = -1, int[]? shape = null)
    {
        const string op = "Random.Categorical";
        Guard.NotNull(logits, op);
        var k = Single(key, op);
        if (!logits.DType.IsFloat()) throw new ArgumentException($"{op}: logits must be floating point, got {logits.Type}", nameof(logits));
        int rank = logits.Rank;
        if (rank == 0) throw new ArgumentException($"{op}: logits must have at least one axis, got {logits.Type}", nameof(logits));
        int ax = axis < 0 ? axis + rank : axis;
        if (ax < 0 || ax >= rank) throw new ArgumentException($"{op}: axis {axis} is out of range for logits {logits.Type}", nameof(axis));
        var batch = new int[rank - 1];
        for (int i = 0, j = 0; i < rank; i++) if (i != ax) batch[j++] = logits.Shape[i];
        var s = shape ?? batch;
        ShapeOf(s, op);
        if (s.Length < batch.Length || !s.AsSpan(s.Length - batch.Length).SequenceEqual(batch))
            throw new ArgumentException($"{op}: shape [{string.Join(",", s)}] must end with the batch shape [{string.Join(",", batch)}] of logits {logits.Type}", nameof(shape));
        int prefix = s.Length - batch.Length;
        var noiseShape = new int[s.Length + 1];
        for (int i = 0; i < prefix; i++) noiseShape[i] = s[i];
        for (int i = 0, j = 0; i < rank; i++) noiseShape[prefix + i] = i == ax ? logits.Shape[ax] : batch[j++];
        var expanded = logits;
        if (prefix > 0)
        {
            var axes = new int[prefix];
            for (int i = 0; i < prefix; i++) axes[i] = i;
            expanded = Np.ExpandDims(logits, axes);
        }
        var noise = GumbelCore(k, new Shape(noiseShape), logits.DType, op);
        return Np.ArgMax(Np.Add(noise, expanded), prefix + ax);
    }

    /// <summary>
    /// Uniform integers in [minval, maxval) (<c>jax.random.randint</c>): two draws of random bits combined modulo the
    /// span, as JAX combines them to make the modulo bias negligible; maxval &lt;= minval gives minval.
    /// </summary>
    /// <param name="key">A single key.</param>
    /// <param name="shape">The result shape.</param>
    /// <param name="minval">The inclusive lower bound (broadcast; clipped to the dtype's range).</param>
    /// <param name="maxval">The exclusive upper bound (broadcast; clipped to the dtype's range).</param>
    /// <param name="dtype">Int32 (default), UInt32 or UInt8.</param>
    public static NDArray RandInt(PRNGKey key, int[] shape, NDArray minval, NDArray maxval, DType dtype = DType.Int32)
    {
        const string op = "Random.RandInt";
        Guard.NotNull(shape, op);
        Guard.NotNull(minval, op);
        Guard.NotNull(maxval, op);
        var k = Single(key, op);
        var s = ShapeOf(shape, op);
        if (!minval.DType.IsInteger() || !maxval.DType.IsInteger())
            throw new ArgumentException($"{op}: bounds must be integers, got {minval.Type} and {maxval.Type}");
        int nbits = dtype switch
        {
            DType.Int32 or DType.UInt32 => 32,
            DType.UInt8 => 8,
            _ => throw new ArgumentException($"{op}: dtype must be Int32, UInt32 or UInt8, got {dtype}", nameof(dtype)),
        };
        long min = dtype switch { DType.Int32 => int.MinValue, _ => 0 };
        long max = dtype switch { DType.Int32 => int.MaxValue, DType.UInt32 => uint.MaxValue, _ => byte.MaxValue };
        // Everything in i64, masked to nbits where JAX's unsigned arithmetic wraps.
        NDArray L(long v) => ConcreteArray.Own(new[] { v }, Shape.Scalar);
        var maxWide = Ops.ConvertElementType(maxval, DType.Int64);
        var minWide = Ops.ConvertElementType(minval, DType.Int64);
        var outOfRange = Np.Greater(maxWide, L(max));
        var lo = Np.Clip(minWide, L(min), L(max));
        var hi = Np.Clip(maxWide, L(min), L(max));
        var (k1, k2) = SplitTwo(k);
        long mask = nbits == 32 ? 0xFFFFFFFFL : 0xFFL;
        var higher = Ops.ConvertElementType(RandomBits(k1, nbits, s), DType.Int64);
        var lower = Ops.ConvertElementType(RandomBits(k2, nbits, s), DType.Int64);
        var span = Np.BitwiseAnd(Np.Subtract(hi, lo), L(mask));
        span = Np.Where(Np.LessEqual(hi, lo), L(1), span);
        span = Np.Where(Np.LogicalAnd(outOfRange, Np.Greater(hi, lo)), Np.BitwiseAnd(Np.Add(span, L(1)), L(mask)), span);
        var multiplier = Np.Remainder(L(1L << (nbits / 2)), span);
        multiplier = Np.Remainder(Np.BitwiseAnd(Np.Multiply(multiplier, multiplier), L(mask)), span);
        var offset = Np.BitwiseAnd(Np.Multiply(Np.Remainder(higher, span), multiplier), L(mask));
        offset = Np.BitwiseAnd(Np.Add(offset, Np.Remainder(lower, span)), L(mask));
        offset = Np.Remainder(offset, span);
        var result = Np.Add(lo, offset);
        if (result.Shape != s) result = Np.BroadcastTo(result, shape);
        return Ops.ConvertElementType(result, dtype);
    }

    /// <summary>
    /// A random permutation of 0 .. x - 1 (<c>jax.random.permutation</c> of an integer): i32.
    /// </summary>
    /// <param name="key">A single key.</param>
    /// <param name="x">How many elements.</param>
    public static NDArray Permutation(PRNGKey key, int x)
    {
        const string op = "Random.Permutation";
        var k = Single(key, op);
        if (x < 0) throw new ArgumentOutOfRangeException(nameof(x), $"{op}: x must be non-negative, got {x}");
        return ShuffleCore(k, Ops.Iota(DType.Int32, new Shape(x), 0), 0);
    }

    /// <summary>
    /// <paramref name="x"/> with its slices along <paramref name="axis"/> in a random order
    /// (<c>jax.random.permutation</c> of an array); with <paramref name="independent"/>, each 1-d lane along the axis
    /// is shuffled on its own.
    /// </summary>
    /// <param name="key">A single key.</param>
    /// <param name="x">The array.</param>
    /// <param name="axis">The axis to permute.</param>
    /// <param name="independent">Shuffle each lane along the axis independently.</param>
    public static NDArray Permutation(PRNGKey key, NDArray x, int axis = 0, bool independent = false)
    {
        const string op = "Random.Permutation";
        Guard.NotNull(x, op);
        var k = Single(key, op);
        if (x.Rank == 0) throw new ArgumentException($"{op}: x must have at least one axis, got {x.Type}; pass an int for a permutation of 0 .. x - 1", nameof(x));
        int ax = ShapeErrors.Axis(op, axis, x.Rank, x.Type);
        if (independent || x.Rank == 1) return ShuffleCore(k, x, ax);
        var order = ShuffleCore(k, Ops.Iota(DType.Int32, new Shape(x.Shape[ax]), 0), 0);
        return Np.Take(x, order, ax);
    }

    /// <summary>
    /// <paramref name="x"/> shuffled along <paramref name="axis"/> (<c>jax.random.shuffle</c>): each lane along the
    /// axis independently, the same as <see cref="Permutation(PRNGKey, NDArray, int, bool)"/> with independent.
    /// </summary>
    /// <param name="key">A single key.</param>
    /// <param name="x">The array.</param>
    /// <param name="axis">The axis to shuffle.</param>
    public static NDArray Shuffle(PRNGKey key, NDArray x, int axis = 0)
    {
        const string op = "Random.Shuffle";
        Guard.NotNull(x, op);
        var k = Single(key, op);
        if (x.Rank == 0) throw new ArgumentException($"{op}: x must have at least one axis, got {x.Type}", nameof(x));
        return ShuffleCore(k, x, ShapeErrors.Axis(op, axis, x.Rank, x.Type));
    }

    /// <summary>
    /// Random draws from 0 .. a - 1 (<c>jax.random.choice</c> with an integer): with or without replacement,
    /// uniformly or with probabilities <paramref name="p"/>.
    /// </summary>
    /// <param name="key">A single key.</param>
    /// <param name="a">How many values to choose from.</param>
    /// <param name="shape">The shape of the draws ([] when null).</param>
    /// <param name="replace">Draw with replacement.</param>
    /// <param name="p">Probabilities of the a values (uniform when null).</param>
    public static NDArray Choice(PRNGKey key, int a, int[]? shape = null, bool replace = true, NDArray? p = null) =>
        ChoiceCore(key, null, a, shape, replace, p, 0);

    /// <summary>
    /// Random slices of <paramref name="a"/> along <paramref name="axis"/> (<c>jax.random.choice</c> with an array):
    /// with or without replacement, uniformly or with probabilities <paramref name="p"/>; the result has the draws'
    /// shape in place of that axis.
    /// </summary>
    /// <param name="key">A single key.</param>
    /// <param name="a">The array to draw from.</param>
    /// <param name="shape">The shape of the draws ([] when null).</param>
    /// <param name="replace">Draw with replacement.</param>
    /// <param name="p">Probabilities of the slices (uniform when null).</param>
    /// <param name="axis">The axis to draw along.</param>
    public static NDArray Choice(PRNGKey key, NDArray a, int[]? shape = null, bool replace = true, NDArray? p = null, int axis = 0)
    {
        Guard.NotNull(a, "Random.Choice");
        if (a.Rank == 0) throw new ArgumentException($"Random.Choice: a must be an int or an array with at least one axis, got {a.Type}", nameof(a));
        return ChoiceCore(key, a, a.Shape[ShapeErrors.Axis("Random.Choice", axis, a.Rank, a.Type)], shape, replace, p, axis);
    }

    private static NDArray ChoiceCore(PRNGKey key, NDArray? arr, int nInputs, int[]? shape, bool replace, NDArray? p, int axis)
    {
        const string op = "Random.Choice";
        var k = Single(key, op);
        var s = ShapeOf(shape, op);
        int ax = arr is null ? 0 : ShapeErrors.Axis(op, axis, arr.Rank, arr.Type);
        int nDraws = s.Size;
        if (nInputs <= 0) throw new ArgumentException($"{op}: a must be positive or a non-empty array, got {nInputs} values to choose from");
        if (!replace && nDraws > nInputs)
            throw new ArgumentException($"{op}: cannot take {nDraws} samples from {nInputs} values without replacement (replace=false)");
        NDArray ind;
        if (p is null)
        {
            if (replace) ind = RandInt(key, s.ToArray(), 0, nInputs);
            else
            {
                var perm = ShuffleCore(k, Ops.Iota(DType.Int32, new Shape(nInputs), 0), 0);
                ind = Ops.Reshape(Ops.Slice(perm, new IntTuple(0), new IntTuple(nDraws)), s);
            }
        }
        else
        {
            if (p.Rank != 1 || p.Shape[0] != nInputs)
                throw new ArgumentException($"{op}: p must be a vector of the {nInputs} probabilities, got {p.Type}", nameof(p));
            var pf = p.DType.IsFloat() ? p : Ops.ConvertElementType(p, DType.Float64);
            if (replace)
            {
                var cumulative = Np.Cumsum(pf, 0);
                var total = Ops.Reshape(Ops.Slice(cumulative, new IntTuple(nInputs - 1), new IntTuple(nInputs)), Shape.Scalar);
                var u = UniformCore(k, s, pf.DType, null, null, op);
                var r = Np.Multiply(total, Np.Subtract(Const(1, pf.DType), u));
                ind = Ops.ConvertElementType(Np.SearchSorted(cumulative, r), DType.Int32);
            }
            else
            {
                // Gumbel top-k: the k largest of log p plus Gumbel noise are a draw without replacement.
                var g = Np.Add(GumbelCore(k, new Shape(nInputs), pf.DType, op), Np.Log(pf));
                ind = Ops.Reshape(Ops.ConvertElementType(Lax.TopK(g, nDraws).Indices, DType.Int32), s);
            }
        }
        if (arr is null) return ind;
        var taken = Np.Take(arr, Ops.Reshape(ind, new Shape(nDraws)), ax);
        var dims = new System.Collections.Generic.List<int>();
        for (int i = 0; i < ax; i++) dims.Add(arr.Shape[i]);
        dims.AddRange(s.ToArray());
        for (int i = ax + 1; i < arr.Rank; i++) dims.Add(arr.Shape[i]);
        return Ops.Reshape(taken, new Shape(dims.ToArray()));
    }

    /// <summary>
    /// JAX's <c>_shuffle</c>: rounds of sorting <paramref name="x"/> along <paramref name="axis"/> by fresh random u32
    /// keys, enough rounds (3 ln n / ln(2^32 - 1), rounded up) that ties among the keys leave no visible bias.
    /// </summary>
    internal static NDArray ShuffleCore(NDArray keyData, NDArray x, int axis)
    {
        int rounds = (int)Math.Ceiling(3 * Math.Log(Math.Max(1, x.Size)) / Math.Log(uint.MaxValue));
        for (int i = 0; i < rounds; i++)
        {
            (keyData, var sub) = SplitTwo(keyData);
            var sortKeys = RandomBits(sub, 32, x.Shape);
            x = Ops.Sort(new[] { sortKeys, x }, axis)[1];
        }
        return x;
    }

    /// <summary>The two keys of a split of a single key's data (each u32[2]).</summary>
    internal static (NDArray, NDArray) SplitTwo(NDArray keyData)
    {
        var words = Ops.ThreefryRandomBits(keyData, 4);
        return (Ops.Slice(words, new IntTuple(0), new IntTuple(2)), Ops.Slice(words, new IntTuple(2), new IntTuple(4)));
    }

    /// <summary>The <paramref name="num"/> keys of a split of a single key's data, as a batch (u32[num, 2]).</summary>
    internal static NDArray SplitData(NDArray keyData, int num) =>
        Ops.Reshape(Ops.ThreefryRandomBits(keyData, 2 * num), new Shape(num, 2));
}
