using System;

namespace Functional.AD;

public static partial class Random
{
    /// <summary>
    /// Gamma samples of shape parameter <paramref name="a"/> and scale 1 (<c>jax.random.gamma</c>): JAX's
    /// Marsaglia-Tsang rejection sampler, one key per element (a split of the key), each element looping until it
    /// accepts; a &lt; 1 samples Gamma(a + 1) times u^(1/a). Differentiable with respect to a (forward and reverse
    /// mode, under Jit and Vmap) by JAX's implicit reparameterization: dx/da = -(∂P(a, x)/∂a) / p(a, x) with P the
    /// Gamma CDF and p its density (the <c>random_gamma_grad</c> primitive), not by differentiating the rejection loop;
    /// once only, as in JAX.
    /// </summary>
    /// <param name="key">A single key.</param>
    /// <param name="a">The shape parameter (positive), broadcast to <paramref name="shape"/>.</param>
    /// <param name="shape">The result shape (the shape of a when null).</param>
    /// <param name="dtype">A floating-point dtype.</param>
    public static NDArray Gamma(PRNGKey key, NDArray a, int[]? shape = null, DType dtype = DType.Float64) =>
        GammaCore(key, a, shape, dtype, logSpace: false, "Random.Gamma");

    /// <summary>
    /// The logarithm of Gamma samples, computed in log space so that tiny shape parameters do not underflow to 0
    /// (<c>jax.random.loggamma</c>). Differentiable once in a: d log x / da = (dx/da) / x (see <see cref="Gamma"/>).
    /// </summary>
    /// <param name="key">A single key.</param>
    /// <param name="a">The shape parameter (positive), broadcast to <paramref name="shape"/>.</param>
    /// <param name="shape">The result shape (the shape of a when null).</param>
    /// <param name="dtype">A floating-point dtype.</param>
    public static NDArray LogGamma(PRNGKey key, NDArray a, int[]? shape = null, DType dtype = DType.Float64) =>
        GammaCore(key, a, shape, dtype, logSpace: true, "Random.LogGamma");

    /// <summary>
    /// Beta(a, b) samples (<c>jax.random.beta</c>): Ga / (Ga + Gb) of two independent gammas, formed from their
    /// logarithms so small parameters keep their precision. Differentiable once in a and b through the gammas' implicit
    /// reparameterization gradients (see <see cref="Gamma"/>).
    /// </summary>
    /// <param name="key">A single key.</param>
    /// <param name="a">The first shape parameter (positive).</param>
    /// <param name="b">The second shape parameter (positive).</param>
    /// <param name="shape">The result shape (the broadcast shape of a and b when null).</param>
    /// <param name="dtype">A floating-point dtype.</param>
    public static NDArray Beta(PRNGKey key, NDArray a, NDArray b, int[]? shape = null, DType dtype = DType.Float64)
    {
        const string op = "Random.Beta";
        Guard.NotNull(a, op);
        Guard.NotNull(b, op);
        var k = Single(key, op);
        RequireFloat(dtype, op);
        var s = shape is null ? BroadcastShape(a.Shape, b.Shape, op) : ShapeOf(shape, op);
        var (ka, kb) = SplitTwo(k);
        var logA = GammaCore(new PRNGKey(ka), a, s.ToArray(), dtype, true, op);
        var logB = GammaCore(new PRNGKey(kb), b, s.ToArray(), dtype, true, op);
        var logMax = Np.Maximum(logA, logB);
        var ga = Np.Exp(Np.Subtract(logA, logMax));
        var gb = Np.Exp(Np.Subtract(logB, logMax));
        return Np.Divide(ga, Np.Add(ga, gb));
    }

    /// <summary>
    /// Dirichlet samples (<c>jax.random.dirichlet</c>): normalized gammas of the concentrations along the last axis,
    /// formed as a softmax of log-gammas. Differentiable once in alpha through the gammas' implicit reparameterization
    /// gradients (see <see cref="Gamma"/>).
    /// </summary>
    /// <param name="key">A single key.</param>
    /// <param name="alpha">Concentrations (positive), the last axis the categories.</param>
    /// <param name="shape">The batch shape (alpha's shape without its last axis when null); the result appends the category axis.</param>
    /// <param name="dtype">A floating-point dtype.</param>
    public static NDArray Dirichlet(PRNGKey key, NDArray alpha, int[]? shape = null, DType dtype = DType.Float64)
    {
        const string op = "Random.Dirichlet";
        Guard.NotNull(alpha, op);
        Single(key, op);
        if (alpha.Rank < 1) throw new ArgumentException($"{op}: alpha must have at least one axis, got {alpha.Type}", nameof(alpha));
        var dims = alpha.Shape.ToArray();
        var batch = shape ?? dims.AsSpan(0, dims.Length - 1).ToArray();
        ShapeOf(batch, op);
        var full = new int[batch.Length + 1];
        batch.CopyTo(full, 0);
        full[^1] = dims[^1];
        var logGamma = GammaCore(key, alpha, full, dtype, true, op);
        var shifted = Np.Subtract(logGamma, Lax.StopGradient(Np.Max(logGamma, -1, keepDims: true)));
        var unnormalized = Np.Exp(shifted);
        return Np.Divide(unnormalized, Np.Sum(unnormalized, -1, keepDims: true));
    }

    /// <summary>
    /// Poisson samples of rate <paramref name="lam"/> (<c>jax.random.poisson</c>): Knuth's product of uniforms for
    /// lam &lt; 10, Hörmann's transformed rejection otherwise (the rate is read as f32, as JAX reads it).
    /// </summary>
    /// <param name="key">A single key.</param>
    /// <param name="lam">The rate (non-negative), broadcast to <paramref name="shape"/>.</param>
    /// <param name="shape">The result shape (the shape of lam when null).</param>
    /// <param name="dtype">Int32 (default) or Int64.</param>
    public static NDArray Poisson(PRNGKey key, NDArray lam, int[]? shape = null, DType dtype = DType.Int32)
    {
        const string op = "Random.Poisson";
        Guard.NotNull(lam, op);
        var k = Single(key, op);
        if (dtype is not (DType.Int32 or DType.Int64)) throw new ArgumentException($"{op}: dtype must be Int32 or Int64, got {dtype}", nameof(dtype));
        var s = shape is null ? lam.Shape : ShapeOf(shape, op);
        var rate = Np.BroadcastTo(Ops.ConvertElementType(lam, DType.Float32), s.ToArray());
        var useKnuth = Np.LogicalOr(Np.IsNan(rate), Np.Less(rate, Const(10, DType.Float32)));
        var lamKnuth = Np.Where(useKnuth, rate, Const(0, DType.Float32));
        var lamRejection = Np.Where(useKnuth, Const(1e5, DType.Float32), rate);
        var maxIters = dtype == DType.Int32 ? int.MaxValue : long.MaxValue;
        var result = Np.Where(useKnuth, PoissonKnuth(k, lamKnuth, dtype, maxIters), PoissonRejection(k, lamRejection, dtype, maxIters));
        return Np.Where(Np.Equal(rate, Const(0, DType.Float32)), Np.ZerosLike(result), result);
    }

    // ---- internals ----

    private static NDArray GammaCore(PRNGKey key, NDArray a, int[]? shape, DType dtype, bool logSpace, string op)
    {
        Guard.NotNull(a, op);
        var k = Single(key, op);
        RequireFloat(dtype, op);
        var s = shape is null ? a.Shape : ShapeOf(shape, op);
        var alpha = Ops.ConvertElementType(a, dtype);
        if (alpha.Shape != s) alpha = Np.BroadcastTo(alpha, s.ToArray());
        int n = s.Size;
        if (n == 0) return Ops.Full(new ArrayType(s, dtype), 0);
        var keys = new PRNGKey(SplitData(k, n));
        var alphas = Ops.Reshape(alpha, new Shape(n));
        var samples = (logSpace ? GammaLogSampler : GammaSampler)((keys.Data, alphas));
        return Ops.Reshape(samples, s);
    }

    private static readonly Func<(NDArray Keys, NDArray Alphas), NDArray> GammaSampler = DifferentiableGamma(logSpace: false);
    private static readonly Func<(NDArray Keys, NDArray Alphas), NDArray> GammaLogSampler = DifferentiableGamma(logSpace: true);

    /// <summary>
    /// The sampler over a batch of keys and shape parameters as a custom-JVP function, as JAX's <c>random_gamma</c>
    /// primitive: the primal runs the rejection loops; the tangent in the shape parameters is their tangent times
    /// <c>random_gamma_grad(a, x)</c> (divided by x for the log-space sampler, x read as the smallest normal number
    /// where exp underflows), so reverse mode never meets the loops.
    /// </summary>
    private static Func<(NDArray Keys, NDArray Alphas), NDArray> DifferentiableGamma(bool logSpace)
    {
        Func<(NDArray Keys, NDArray Alphas), NDArray>? sampler = null;
        sampler = Jax.CustomJvp<(NDArray Keys, NDArray Alphas), NDArray>(
            t => Jax.Vmap(logSpace ? GammaOneLog : GammaOneLinear)((new PRNGKey(t.Keys), t.Alphas)),
            (primals, tangents) =>
            {
                var samples = sampler!(primals);
                var alphas = primals.Alphas;
                NDArray dSample;
                if (logSpace)
                {
                    var linear = Np.Exp(samples);
                    var tiny = Const(SmallestNormal(alphas.DType), alphas.DType);
                    linear = Np.Where(Np.Equal(linear, Const(0, alphas.DType)), tiny, linear);
                    dSample = Ops.Div(Ops.RandomGammaGrad(alphas, linear), linear);
                }
                else dSample = Ops.RandomGammaGrad(alphas, samples);
                return (samples, Ops.Mul(tangents.Alphas, dSample));
            });
        return sampler;
    }

    /// <summary>The smallest positive normal number of a float dtype (numpy's <c>finfo.tiny</c>).</summary>
    private static double SmallestNormal(DType dtype) => dtype switch
    {
        DType.Float64 => 2.2250738585072014e-308,
        DType.Float32 => 1.1754943508222875e-38,
        DType.BFloat16 => 1.1754943508222875e-38,
        _ => 6.103515625e-05,
    };

    private static readonly Func<(PRNGKey Key, NDArray Alpha), NDArray> GammaOneLinear = t => GammaOne(t.Key.Data, t.Alpha, false);
    private static readonly Func<(PRNGKey Key, NDArray Alpha), NDArray> GammaOneLog = t => GammaOne(t.Key.Data, t.Alpha, true);

    /// <summary>Marsaglia and Tsang's sampler for one 0-d shape parameter, JAX's key usage step by step.</summary>
    private static NDArray GammaOne(NDArray keyData, NDArray alpha, bool logSpace)
    {
        var dtype = alpha.DType;
        var zero = Const(0, dtype);
        var one = Const(1, dtype);
        var boost = Np.GreaterEqual(alpha, one);
        var boosted = Np.Where(boost, alpha, Np.Add(alpha, one));
        var d = Np.Subtract(boosted, Const(1.0 / 3.0, dtype));
        var c = Np.Divide(Const(1.0 / 3.0, dtype), Np.Sqrt(d));
        var (loopKey, subkey) = SplitTwo(keyData);
        var init = (new PRNGKey(loopKey), zero, one, Const(2, dtype), d, c);
        var final = Lax.WhileLoop(GammaCondition, GammaBody, init);
        var v = final.Item3;
        if (logSpace)
        {
            // minus an exponential draw: log(1 - u)
            var logSamples = Ops.Log1p(Ops.Neg(UniformCore(subkey, Shape.Scalar, dtype, null, null, "Random.LogGamma")));
            var logBoost = Np.Where(Np.LogicalOr(boost, Np.Equal(logSamples, zero)), zero, Np.Multiply(logSamples, Np.Divide(one, alpha)));
            return Np.Add(Np.Add(Np.Log(d), Np.Log(v)), logBoost);
        }
        var samples = Np.Subtract(one, UniformCore(subkey, Shape.Scalar, dtype, null, null, "Random.Gamma"));
        var factor = Np.Where(boost, one, Np.Power(samples, Np.Divide(one, alpha)));
        return Np.Multiply(Np.Multiply(d, v), factor);
    }

    private static readonly Func<(PRNGKey, NDArray, NDArray, NDArray), NDArray> NormalCondition = t => Np.LessEqual(t.Item3, Const(0, t.Item3.DType));

    private static readonly Func<(PRNGKey, NDArray, NDArray, NDArray), (PRNGKey, NDArray, NDArray, NDArray)> NormalBody = t =>
    {
        var (key, _, _, c) = t;
        var (next, sub) = SplitTwo(key.Data);
        var x = NormalCore(sub, Shape.Scalar, c.DType, "Random.Gamma");
        return (new PRNGKey(next), x, Np.Add(Const(1, c.DType), Np.Multiply(x, c)), c);
    };

    private static readonly Func<(PRNGKey, NDArray, NDArray, NDArray, NDArray, NDArray), NDArray> GammaCondition = t =>
    {
        var (_, x, v, u, d, _) = t;
        var dtype = x.DType;
        var squeeze = Np.GreaterEqual(u, Np.Subtract(Const(1, dtype), Np.Multiply(Const(0.0331, dtype), Np.Multiply(x, x))));
        var logTest = Np.GreaterEqual(Np.Log(u),
            Np.Add(Np.Multiply(x, Const(0.5, dtype)), Np.Multiply(d, Np.Add(Np.Subtract(Const(1, dtype), v), Np.Log(v)))));
        return Np.LogicalAnd(squeeze, logTest);
    };

    private static readonly Func<(PRNGKey, NDArray, NDArray, NDArray, NDArray, NDArray), (PRNGKey, NDArray, NDArray, NDArray, NDArray, NDArray)> GammaBody = t =>
    {
        var (key, _, _, _, d, c) = t;
        var dtype = d.DType;
        var keys = SplitData(key.Data, 3);
        NDArray Row(int i) => Ops.Reshape(Ops.Slice(keys, new IntTuple(i, 0), new IntTuple(i + 1, 2)), new Shape(2));
        var (nextKey, xKey, uKey) = (Row(0), Row(1), Row(2));
        var inner = Lax.WhileLoop(NormalCondition, NormalBody, (new PRNGKey(xKey), Const(0, dtype), Const(-1, dtype), c));
        var x = inner.Item2;
        var v = inner.Item3;
        var u = UniformCore(uKey, Shape.Scalar, dtype, null, null, "Random.Gamma");
        return (new PRNGKey(nextKey), Np.Multiply(x, x), Np.Multiply(Np.Multiply(v, v), v), u, d, c);
    };

    private static NDArray PoissonKnuth(NDArray keyData, NDArray lam, DType dtype, long maxIters)
    {
        var init = (ConcreteArray.Own(new[] { 0L }, Shape.Scalar) as NDArray, Ops.Full(new ArrayType(lam.Shape, dtype), 0),
            new PRNGKey(keyData), Ops.Full(new ArrayType(lam.Shape, DType.Float32), 0), lam, ConcreteArray.Own(new[] { maxIters }, Shape.Scalar) as NDArray);
        var final = Lax.WhileLoop(KnuthCondition, KnuthBody, init);
        return Ops.ConvertElementType(Np.Subtract(final.Item2, Const(1, dtype)), dtype);
    }

    private static readonly Func<(NDArray, NDArray, PRNGKey, NDArray, NDArray, NDArray), NDArray> KnuthCondition = t =>
        Np.LogicalAnd(Np.Any(Np.Greater(t.Item4, Np.Negative(t.Item5))), Np.Less(t.Item1, t.Item6));

    private static readonly Func<(NDArray, NDArray, PRNGKey, NDArray, NDArray, NDArray), (NDArray, NDArray, PRNGKey, NDArray, NDArray, NDArray)> KnuthBody = t =>
    {
        var (i, k, key, logProd, lam, maxIters) = t;
        var (next, sub) = SplitTwo(key.Data);
        k = Np.Where(Np.Greater(logProd, Np.Negative(lam)), Np.Add(k, Const(1, k.DType)), k);
        var u = UniformCore(sub, lam.Shape, DType.Float32, null, null, "Random.Poisson");
        return (Np.Add(i, ConcreteArray.Own(new[] { 1L }, Shape.Scalar)), k, new PRNGKey(next), Np.Add(logProd, Np.Log(u)), lam, maxIters);
    };

    private static NDArray PoissonRejection(NDArray keyData, NDArray lam, DType dtype, long maxIters)
    {
        var f = DType.Float32;
        var logLam = Np.Log(lam);
        var b = Np.Add(Const(0.931, f), Np.Multiply(Const(2.53, f), Np.Sqrt(lam)));
        var a = Np.Add(Const(-0.059, f), Np.Multiply(Const(0.02483, f), b));
        var invAlpha = Np.Add(Const(1.1239, f), Np.Divide(Const(1.1328, f), Np.Subtract(b, Const(3.4, f))));
        var vr = Np.Subtract(Const(0.9277, f), Np.Divide(Const(3.6224, f), Np.Subtract(b, Const(2, f))));
        var parameters = Np.Stack(new[] { lam, logLam, a, b, invAlpha, vr }, 0);
        var init = (ConcreteArray.Own(new[] { 0L }, Shape.Scalar) as NDArray, Ops.Full(new ArrayType(lam.Shape, f), -1),
            Ops.Full(new ArrayType(lam.Shape, DType.Bool), 0), new PRNGKey(keyData), parameters, ConcreteArray.Own(new[] { maxIters }, Shape.Scalar) as NDArray);
        var final = Lax.WhileLoop(RejectionCondition, RejectionBody, init);
        return Ops.ConvertElementType(final.Item2, dtype);
    }

    private static readonly Func<(NDArray, NDArray, NDArray, PRNGKey, NDArray, NDArray), NDArray> RejectionCondition = t =>
        Np.LogicalAnd(Np.Any(Np.LogicalNot(t.Item3)), Np.Less(t.Item1, t.Item6));

    private static readonly Func<(NDArray, NDArray, NDArray, PRNGKey, NDArray, NDArray), (NDArray, NDArray, NDArray, PRNGKey, NDArray, NDArray)> RejectionBody = t =>
    {
        var (i, kOut, accepted, key, parameters, maxIters) = t;
        var f = DType.Float32;
        NDArray P(int j) => Np.Squeeze(Lax.SliceInDim(parameters, j, j + 1, 1, 0), 0);
        var (lam, logLam, a, b, invAlpha, vr) = (P(0), P(1), P(2), P(3), P(4), P(5));
        var keys = SplitData(key.Data, 3);
        NDArray Row(int r) => Ops.Reshape(Ops.Slice(keys, new IntTuple(r, 0), new IntTuple(r + 1, 2)), new Shape(2));
        var u = Np.Subtract(UniformCore(Row(1), lam.Shape, f, null, null, "Random.Poisson"), Const(0.5, f));
        var v = UniformCore(Row(2), lam.Shape, f, null, null, "Random.Poisson");
        var uShifted = Np.Subtract(Const(0.5, f), Np.Abs(u));
        var k = Np.Floor(Np.Add(Np.Add(Np.Multiply(Np.Add(Np.Divide(Np.Multiply(Const(2, f), a), uShifted), b), u), lam), Const(0.43, f)));
        var s = Np.Log(Np.Divide(Np.Multiply(v, invAlpha), Np.Add(Np.Divide(a, Np.Multiply(uShifted, uShifted)), b)));
        var tt = Np.Subtract(Np.Add(Np.Negative(lam), Np.Multiply(k, logLam)), Lax.Lgamma(Np.Add(k, Const(1, f))));
        var accept1 = Np.LogicalAnd(Np.GreaterEqual(uShifted, Const(0.07, f)), Np.LessEqual(v, vr));
        var reject = Np.LogicalOr(Np.Less(k, Const(0, f)), Np.LogicalAnd(Np.Less(uShifted, Const(0.013, f)), Np.Greater(v, uShifted)));
        var accept2 = Np.LessEqual(s, tt);
        var accept = Np.LogicalOr(accept1, Np.LogicalAnd(Np.LogicalNot(reject), accept2));
        return (Np.Add(i, ConcreteArray.Own(new[] { 1L }, Shape.Scalar)), Np.Where(accept, k, kOut), Np.LogicalOr(accepted, accept),
            new PRNGKey(Row(0)), parameters, maxIters);
    };
}
