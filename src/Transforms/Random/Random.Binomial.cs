using System;

namespace Functional.AD;

public static partial class Random
{
    /// <summary>
    /// Binomial samples: the number of successes in <paramref name="n"/> trials of success probability
    /// <paramref name="p"/> (<c>jax.random.binomial</c>), as floats. As JAX (after TensorFlow), the probability is
    /// folded to q = min(p, 1 - p); where n q ≤ 10 the sampler counts geometric waiting times until they pass n (the
    /// inversion algorithm), elsewhere it runs Hörmann's BTRS transformed rejection; both loop until every element
    /// is done, and for p ≥ 0.5 the result is n minus the sample at q. A fractional n is floored. Edge conventions are
    /// JAX's: n = 0, p = 0 give 0 and p = 1 gives n; n NaN or negative, p NaN or outside [0, 1] give NaN; n = +∞
    /// (with a valid p) gives +∞. Works under Jit, and under Vmap over keys; not differentiable (the result is
    /// integer-valued). One deliberate difference from JAX's code: BTRS's Stirling-series correction is evaluated at k
    /// itself for k &gt; 9 (as in TensorFlow, which JAX follows), where JAX evaluates it at k clamped to 9; so where BTRS
    /// runs, a sample can differ from JAX's for the same key (rarely: only near the acceptance bound).
    /// </summary>
    /// <param name="key">A single key.</param>
    /// <param name="n">The number of trials, broadcast to <paramref name="shape"/>.</param>
    /// <param name="p">The success probability, broadcast to <paramref name="shape"/>; an integer p is read as f64.</param>
    /// <param name="shape">The result shape (the broadcast shape of n and p when null); n and p must broadcast to it.</param>
    /// <param name="dtype">A floating-point dtype for the counts.</param>
    public static NDArray Binomial(PRNGKey key, NDArray n, NDArray p, int[]? shape = null, DType dtype = DType.Float64)
    {
        const string op = "Random.Binomial";
        Guard.NotNull(n, op);
        Guard.NotNull(p, op);
        var k = Single(key, op);
        RequireFloat(dtype, op);
        return BinomialCore(k, n, p, shape, dtype, op);
    }

    /// <summary>
    /// Multinomial counts (<c>jax.random.multinomial</c>): <paramref name="n"/> trials spread over the categories on
    /// the last axis of <paramref name="p"/>, drawn as JAX draws them, category by category: the count of category i
    /// is a binomial of the trials still left with probability p_i / (p_i + ... + p_last) (clipped to [0, 1], 0 where
    /// that remainder is 0), each category with its own key of a split. The probabilities need not be normalized.
    /// </summary>
    /// <param name="key">A single key.</param>
    /// <param name="n">The number of trials, broadcast to the batch shape (the result shape without its last axis).</param>
    /// <param name="p">The category probabilities, categories on the last axis.</param>
    /// <param name="shape">The full result shape, categories last (p's shape when null); p must broadcast to it.</param>
    /// <param name="dtype">A floating-point dtype for the counts.</param>
    /// <param name="unroll">
    /// As JAX's scan unroll: the categories run as a scan (1, the default) or, when unroll is at least the number of
    /// categories, as a loop written out in full; the counts are the same either way.
    /// </param>
    public static NDArray Multinomial(PRNGKey key, NDArray n, NDArray p, int[]? shape = null, DType dtype = DType.Float64, int unroll = 1)
    {
        const string op = "Random.Multinomial";
        Guard.NotNull(n, op);
        Guard.NotNull(p, op);
        var k = Single(key, op);
        RequireFloat(dtype, op);
        if (unroll < 1) throw new ArgumentOutOfRangeException(nameof(unroll), $"{op}: unroll must be at least 1, got {unroll}");
        if (p.Rank < 1) throw new ArgumentException($"{op}: p must have at least one axis (the categories), got {p.Type}", nameof(p));
        var s = shape is null ? p.Shape : ShapeOf(shape, op);
        if (s.Rank < 1) throw new ArgumentException($"{op}: shape [] has no category axis; it must end with p's {p.Shape[^1]} categories", nameof(shape));
        RequireBroadcastsTo(op, "p", p, s);
        var batch = new Shape(s.ToArray().AsSpan(0, s.Rank - 1).ToArray());
        RequireBroadcastsTo(op, "n", n, batch);
        var ft = InexactType(n, p);
        var trials = BroadcastOrKeep(Ops.ConvertElementType(n, ft), batch);
        var probs = Np.MoveAxis(BroadcastOrKeep(Ops.ConvertElementType(p, ft), s), -1, 0);
        var remaining = Lax.Cumsum(probs, 0, reverse: true);
        var zero = Const(0, ft);
        var ratios = Np.Clip(Np.Divide(probs, Np.Where(Np.Equal(remaining, zero), Const(1, ft), remaining)), zero, Const(1, ft));
        int categories = s[s.Rank - 1];
        var keys = SplitData(k, categories);
        NDArray counts;
        if (categories == 0) counts = Ops.Full(new ArrayType(new Shape(Prepend(0, batch)), ft), 0);
        else if (unroll >= categories)
        {
            var rows = new NDArray[categories];
            var left = trials;
            for (int i = 0; i < categories; i++)
            {
                var (next, count) = MultinomialStep(left, (Row(ratios, i), Row(keys, i)));
                rows[i] = count;
                left = next;
            }
            counts = Np.Stack(rows, 0);
        }
        else counts = Lax.Scan(MultinomialStep, trials, (ratios, keys)).Ys;
        return Ops.ConvertElementType(Np.MoveAxis(counts, 0, -1), dtype);
    }

    // ---- internals ----

    /// <summary>One category of a multinomial: its count (a binomial of the trials left) and the trials left after it.</summary>
    private static readonly Func<NDArray, (NDArray Ratio, NDArray Key), (NDArray, NDArray)> MultinomialStep = (left, x) =>
    {
        var count = BinomialCore(x.Key, left, x.Ratio, null, left.DType, "Random.Multinomial");
        return (Np.Subtract(left, count), count);
    };

    private static NDArray Row(NDArray stacked, int i) => Np.Squeeze(Lax.SliceInDim(stacked, i, i + 1, 1, 0), 0);

    private static int[] Prepend(int first, Shape rest)
    {
        var dims = new int[rest.Rank + 1];
        dims[0] = first;
        for (int i = 0; i < rest.Rank; i++) dims[i + 1] = rest[i];
        return dims;
    }

    /// <summary>JAX's promote_dtypes_inexact of n and p: the float dtypes among them joined (a weak scalar defers), f64 if none.</summary>
    private static DType InexactType(NDArray n, NDArray p)
    {
        bool nCounts = n.DType.IsFloat() && !(n.Type.Weak && p.DType.IsFloat());
        bool pCounts = p.DType.IsFloat() && !(p.Type.Weak && nCounts);
        if (nCounts && pCounts) return TypeLattice.Join(n.DType, p.DType);
        if (nCounts) return n.DType;
        if (pCounts) return p.DType;
        return DType.Float64;
    }

    private static NDArray BroadcastOrKeep(NDArray x, Shape s) => x.Shape == s ? x : Np.BroadcastTo(x, s.ToArray());

    /// <summary>Checks that <paramref name="x"/> broadcasts to exactly <paramref name="target"/> (numpy's rule).</summary>
    private static void RequireBroadcastsTo(string op, string name, NDArray x, Shape target)
    {
        bool ok = x.Rank <= target.Rank;
        for (int i = 1; ok && i <= x.Rank; i++)
        {
            int d = x.Shape[x.Rank - i];
            ok = d == 1 || d == target[target.Rank - i];
        }
        if (!ok) throw new ArgumentException($"{op}: {name} {x.Type} does not broadcast to the shape {target}", name);
    }

    /// <summary>JAX's <c>_binomial</c> on a checked key: the fold to q = min(p, 1 - p), the two algorithms, the edge cases.</summary>
    private static NDArray BinomialCore(NDArray keyData, NDArray n, NDArray p, int[]? shape, DType dtype, string op)
    {
        var ft = p.DType.IsFloat() ? p.DType : DType.Float64;
        Shape s;
        if (shape is null) s = BroadcastShape(n.Shape, p.Shape, op);
        else
        {
            s = ShapeOf(shape, op);
            RequireBroadcastsTo(op, "n", n, s);
            RequireBroadcastsTo(op, "p", p, s);
        }
        var count = BroadcastOrKeep(Ops.ConvertElementType(n, ft), s);
        var prob = BroadcastOrKeep(Ops.ConvertElementType(p, ft), s);
        var zero = Const(0, ft);
        var one = Const(1, ft);
        var pLtHalf = Np.Less(prob, Const(0.5, ft));
        var q = Np.Where(pLtHalf, prob, Np.Subtract(one, prob));
        var countNanOrNeg = Np.LogicalOr(Np.IsNan(count), Np.Less(count, zero));
        var countInf = Np.IsInf(count);
        var qNan = Np.IsNan(q);
        var qNeg = Np.Less(q, zero);
        q = Np.Where(Np.LogicalOr(qNan, qNeg), Np.BroadcastTo(Const(0.01, ft), s.ToArray()), q);
        var useInversion = Np.LogicalOr(countNanOrNeg, Np.LessEqual(Np.Multiply(count, q), Const(10, ft)));
        count = Np.Floor(count);
        // Unlike JAX, an infinite n never enters BTRS (whose loop would not end for q = 0); its result is +inf anyway.
        var toBtrs = Np.LogicalAnd(Np.LogicalNot(useInversion), Np.LogicalNot(countInf));
        var countInv = Np.Where(useInversion, count, zero);
        var countBtrs = Np.Where(toBtrs, count, Const(1e4, ft));
        var qBtrs = Np.Where(toBtrs, q, Const(0.5, ft));
        var samples = Np.Where(useInversion,
            BinomialInversion(keyData, countInv, q),
            BinomialBtrs(keyData, countBtrs, qBtrs));
        var invalid = Np.LogicalOr(Np.LogicalOr(qNeg, qNan), countNanOrNeg);
        samples = Np.Where(invalid, Const(double.NaN, ft), samples);
        samples = Np.Where(Np.LogicalAnd(countInf, Np.LogicalNot(invalid)), Const(double.PositiveInfinity, ft), samples);
        var keep = Np.LogicalOr(Np.LogicalOr(pLtHalf, countNanOrNeg), Np.LogicalOr(qNan, countInf));
        samples = Np.Where(keep, samples, Np.Subtract(count, samples));
        return Ops.ConvertElementType(samples, dtype);
    }

    /// <summary>
    /// The inversion algorithm: geometric waiting times (ceil(log u / log(1 - q))) summed until they pass n, all
    /// elements in one loop; the count of them less one is the sample. q = 0 waits forever (the sample is 0).
    /// </summary>
    private static NDArray BinomialInversion(NDArray keyData, NDArray count, NDArray q)
    {
        var ft = q.DType;
        var zeros = Ops.Full(new ArrayType(q.Shape, ft), 0);
        var parameters = Np.Stack(new[] { count, q, Np.Log1p(Np.Negative(q)) }, 0);
        var final = Lax.WhileLoop(InversionCondition, InversionBody, (zeros, zeros, new PRNGKey(keyData), parameters));
        return Np.Subtract(final.Item1, Const(1, ft));
    }

    private static readonly Func<(NDArray, NDArray, PRNGKey, NDArray), NDArray> InversionCondition = t =>
        Np.Any(Np.LessEqual(t.Item2, Row(t.Item4, 0)));

    private static readonly Func<(NDArray, NDArray, PRNGKey, NDArray), (NDArray, NDArray, PRNGKey, NDArray)> InversionBody = t =>
    {
        var (numGeom, geomSum, key, parameters) = t;
        var (count, q, log1mq) = (Row(parameters, 0), Row(parameters, 1), Row(parameters, 2));
        var ft = q.DType;
        var (sub, next) = SplitTwo(key.Data);
        numGeom = Np.Where(Np.LessEqual(geomSum, count), Np.Add(numGeom, Const(1, ft)), numGeom);
        var u = UniformCore(sub, q.Shape, ft, null, null, "Random.Binomial");
        var geom = Np.Where(Np.Equal(q, Const(0, ft)), Const(double.PositiveInfinity, ft), Np.Ceil(Np.Divide(Np.Log(u), log1mq)));
        return (numGeom, Np.Add(geomSum, geom), new PRNGKey(next), parameters);
    };

    /// <summary>Hörmann's BTRS (transformed rejection with squeeze) for n q &gt; 10, all elements in one loop.</summary>
    private static NDArray BinomialBtrs(NDArray keyData, NDArray count, NDArray q)
    {
        var ft = q.DType;
        NDArray C(double v) => Const(v, ft);
        var stddev = Np.Sqrt(Np.Multiply(Np.Multiply(count, q), Np.Subtract(C(1), q)));
        var b = Np.Add(C(1.15), Np.Multiply(C(2.53), stddev));
        var a = Np.Add(Np.Add(C(-0.0873), Np.Multiply(C(0.0248), b)), Np.Multiply(C(0.01), q));
        var c = Np.Add(Np.Multiply(count, q), C(0.5));
        var vr = Np.Subtract(C(0.92), Np.Divide(C(4.2), b));
        var r = Np.Divide(q, Np.Subtract(C(1), q));
        var alpha = Np.Multiply(Np.Add(C(2.83), Np.Divide(C(5.1), b)), stddev);
        var m = Np.Floor(Np.Multiply(Np.Add(count, C(1)), q));
        var parameters = Np.Stack(new[] { count, a, b, c, vr, r, alpha, m }, 0);
        var init = (Ops.Full(new ArrayType(q.Shape, ft), -1), Ops.Full(new ArrayType(q.Shape, DType.Bool), 0), new PRNGKey(keyData), parameters);
        return Lax.WhileLoop(BtrsCondition, BtrsBody, init).Item1;
    }

    private static readonly Func<(NDArray, NDArray, PRNGKey, NDArray), NDArray> BtrsCondition = t => Np.Any(Np.LogicalNot(t.Item2));

    private static readonly Func<(NDArray, NDArray, PRNGKey, NDArray), (NDArray, NDArray, PRNGKey, NDArray)> BtrsBody = t =>
    {
        var (kOut, accepted, key, parameters) = t;
        NDArray P(int j) => Row(parameters, j);
        var (count, a, b, c, vr, r, alpha, m) = (P(0), P(1), P(2), P(3), P(4), P(5), P(6), P(7));
        var ft = count.DType;
        NDArray C(double v) => Const(v, ft);
        var keys = SplitData(key.Data, 3);
        var u = Np.Subtract(UniformCore(Row(keys, 1), count.Shape, ft, null, null, "Random.Binomial"), C(0.5));
        var v = UniformCore(Row(keys, 2), count.Shape, ft, null, null, "Random.Binomial");
        var us = Np.Subtract(C(0.5), Np.Abs(u));
        var accept1 = Np.LogicalAnd(Np.GreaterEqual(us, C(0.07)), Np.LessEqual(v, vr));
        var k = Np.Floor(Np.Add(Np.Multiply(Np.Add(Np.Divide(Np.Multiply(C(2), a), us), b), u), c));
        var reject = Np.LogicalOr(Np.Less(k, C(0)), Np.Greater(k, count));
        var logV = Np.Log(Np.Divide(Np.Multiply(v, alpha), Np.Add(Np.Divide(a, Np.Multiply(us, us)), b)));
        var n1 = Np.Add(count, C(1));
        var nm1 = Np.Subtract(n1, m);
        var nk1 = Np.Subtract(n1, k);
        var bound = Np.Add(Np.Add(
                Np.Multiply(Np.Add(m, C(0.5)), Np.Log(Np.Divide(Np.Add(m, C(1)), Np.Multiply(r, nm1)))),
                Np.Multiply(n1, Np.Log(Np.Divide(nm1, nk1)))),
            Np.Multiply(Np.Add(k, C(0.5)), Np.Log(Np.Divide(Np.Multiply(r, nk1), Np.Add(k, C(1))))));
        bound = Np.Add(bound, Np.Subtract(
            Np.Add(StirlingTail(m), StirlingTail(Np.Subtract(count, m))),
            Np.Add(StirlingTail(k), StirlingTail(Np.Subtract(count, k)))));
        var accept = Np.LogicalOr(accept1, Np.LogicalAnd(Np.LogicalNot(reject), Np.LessEqual(logV, bound)));
        return (Np.Where(accept, k, kOut), Np.LogicalOr(accepted, accept), new PRNGKey(Row(keys, 0)), parameters);
    };

    /// <summary>log k! - log of Stirling's approximation of k!: exact values for k ≤ 9, three terms of the series above.</summary>
    private static NDArray StirlingTail(NDArray k)
    {
        var ft = k.DType;
        NDArray C(double v) => Const(v, ft);
        var table = Ops.ConvertElementType(ConcreteArray.Own(StirlingTailValues, new Shape(StirlingTailValues.Length)), ft);
        var clamped = Np.Clip(k, C(0), C(9));
        var fromTable = Np.Take(table, Ops.ConvertElementType(Np.Floor(clamped), DType.Int32), 0);
        var kp1 = Np.Add(Np.Maximum(k, C(0)), C(1));
        var kp1sq = Np.Multiply(kp1, kp1);
        // 1/12 - 1/(360 (k+1)^2) + 1/(1260 (k+1)^4), over k + 1
        var series = Np.Divide(Np.Subtract(C(1.0 / 12), Np.Divide(Np.Subtract(C(1.0 / 360), Np.Divide(C(1.0 / 1260), kp1sq)), kp1sq)), kp1);
        return Np.Where(Np.LessEqual(k, C(9)), fromTable, series);
    }

    private static readonly double[] StirlingTailValues =
    {
        0.0810614667953272, 0.0413406959554092, 0.0276779256849983, 0.02079067210376509, 0.0166446911898211,
        0.0138761288230707, 0.0118967099458917, 0.0104112652619720, 0.00925546218271273, 0.00833056343336287,
    };
}
