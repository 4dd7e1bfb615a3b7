using System;
using System.Linq;

namespace Functional.AD;

public static partial class Random
{
    /// <summary>Standard Cauchy samples (<c>jax.random.cauchy</c>): tan(π (u - 1/2)) of u uniform in [eps, 1).</summary>
    /// <param name="key">A single key.</param>
    /// <param name="shape">The result shape ([] when null).</param>
    /// <param name="dtype">A floating-point dtype.</param>
    public static NDArray Cauchy(PRNGKey key, int[]? shape = null, DType dtype = DType.Float64)
    {
        const string op = "Random.Cauchy";
        RequireFloat(dtype, op);
        var u = UniformCore(Single(key, op), ShapeOf(shape, op), dtype, Const(Eps(dtype), dtype), Const(1, dtype), op);
        return Ops.Tan(Ops.Mul(Const(Math.PI, dtype), Ops.Sub(u, Const(0.5, dtype))));
    }

    /// <summary>Log-normal samples (<c>jax.random.lognormal</c>): exp(sigma z) of z standard normal.</summary>
    /// <param name="key">A single key.</param>
    /// <param name="sigma">The standard deviation of the logarithm (1 when null), broadcast to the shape.</param>
    /// <param name="shape">The result shape (sigma's shape when null).</param>
    /// <param name="dtype">A floating-point dtype.</param>
    public static NDArray LogNormal(PRNGKey key, NDArray? sigma = null, int[]? shape = null, DType dtype = DType.Float64)
    {
        const string op = "Random.LogNormal";
        sigma ??= 1.0;
        var (k, s) = ParamDraw(key, sigma, shape, dtype, op);
        return Np.Exp(Np.Multiply(NormalCore(k, s, dtype, op), Ops.ConvertElementType(sigma, dtype)));
    }

    /// <summary>Random signs, -1 or 1 with equal probability (<c>jax.random.rademacher</c>).</summary>
    /// <param name="key">A single key.</param>
    /// <param name="shape">The result shape ([] when null).</param>
    /// <param name="dtype">The result dtype (Int32 by default).</param>
    public static NDArray Rademacher(PRNGKey key, int[]? shape = null, DType dtype = DType.Int32)
    {
        const string op = "Random.Rademacher";
        var b = Np.Less(UniformCore(Single(key, op), ShapeOf(shape, op), DType.Float64, null, null, op), Const(0.5, DType.Float64));
        var bits = Ops.ConvertElementType(b, dtype);
        return Ops.ConvertElementType(Np.Subtract(Np.Multiply(Const(2, dtype), bits), Const(1, dtype)), dtype);
    }

    /// <summary>Rayleigh samples (<c>jax.random.rayleigh</c>): scale sqrt(-2 log u).</summary>
    /// <param name="key">A single key.</param>
    /// <param name="scale">The scale (1 when null), broadcast to the shape.</param>
    /// <param name="shape">The result shape (scale's shape when null).</param>
    /// <param name="dtype">A floating-point dtype.</param>
    public static NDArray Rayleigh(PRNGKey key, NDArray? scale = null, int[]? shape = null, DType dtype = DType.Float64)
    {
        const string op = "Random.Rayleigh";
        scale ??= 1.0;
        var (k, s) = ParamDraw(key, scale, shape, dtype, op);
        var u = UniformCore(k, s, dtype, null, null, op);
        return Np.Multiply(Ops.ConvertElementType(scale, dtype), Ops.Sqrt(Ops.Mul(Ops.Log(u), Const(-2, dtype))));
    }

    /// <summary>Pareto samples of shape b (<c>jax.random.pareto</c>): exp(e / b) of e standard exponential.</summary>
    /// <param name="key">A single key.</param>
    /// <param name="b">The shape parameter (positive), broadcast to the shape.</param>
    /// <param name="shape">The result shape (b's shape when null).</param>
    /// <param name="dtype">A floating-point dtype.</param>
    public static NDArray Pareto(PRNGKey key, NDArray b, int[]? shape = null, DType dtype = DType.Float64)
    {
        const string op = "Random.Pareto";
        Guard.NotNull(b, op);
        var (k, s) = ParamDraw(key, b, shape, dtype, op);
        var e = Ops.Neg(Ops.Log1p(Ops.Neg(UniformCore(k, s, dtype, null, null, op))));
        return Np.Exp(Np.Divide(e, Ops.ConvertElementType(b, dtype)));
    }

    /// <summary>Maxwell samples (<c>jax.random.maxwell</c>): the length of a standard normal 3-vector.</summary>
    /// <param name="key">A single key.</param>
    /// <param name="shape">The result shape ([] when null).</param>
    /// <param name="dtype">A floating-point dtype.</param>
    public static NDArray Maxwell(PRNGKey key, int[]? shape = null, DType dtype = DType.Float64)
    {
        const string op = "Random.Maxwell";
        RequireFloat(dtype, op);
        var s = ShapeOf(shape, op).ToArray();
        var full = new int[s.Length + 1];
        s.CopyTo(full, 0);
        full[^1] = 3;
        var z = NormalCore(Single(key, op), new Shape(full), dtype, op);
        return Np.Sqrt(Np.Sum(Np.Multiply(z, z), -1));
    }

    /// <summary>
    /// Double-sided Maxwell samples (<c>jax.random.double_sided_maxwell</c>): a random sign times a Maxwell draw,
    /// scaled and shifted. As in JAX, the parameters' broadcast shape is appended to <paramref name="shape"/> (and is
    /// the whole shape when <paramref name="shape"/> is null or empty).
    /// </summary>
    /// <param name="key">A single key.</param>
    /// <param name="loc">The location.</param>
    /// <param name="scale">The scale.</param>
    /// <param name="shape">The leading shape of the draws.</param>
    /// <param name="dtype">A floating-point dtype.</param>
    public static NDArray DoubleSidedMaxwell(PRNGKey key, NDArray loc, NDArray scale, int[]? shape = null, DType dtype = DType.Float64)
    {
        const string op = "Random.DoubleSidedMaxwell";
        Guard.NotNull(loc, op);
        Guard.NotNull(scale, op);
        var k = Single(key, op);
        RequireFloat(dtype, op);
        var parameters = BroadcastShape(loc.Shape, scale.Shape, op).ToArray();
        var lead = shape is null || shape.Length == 0 ? parameters : ShapeOf(shape, op).ToArray();
        var full = lead.Concat(parameters).ToArray();
        var (km, kr) = SplitTwo(k);
        var magnitude = Maxwell(new PRNGKey(km), full, dtype);
        var sign = Rademacher(new PRNGKey(kr), full, dtype);
        return Np.Add(Np.Multiply(Np.Multiply(sign, magnitude), Ops.ConvertElementType(scale, dtype)), Ops.ConvertElementType(loc, dtype));
    }

    /// <summary>Weibull samples (<c>jax.random.weibull_min</c>): scale (-log(1 - u))^(1 / concentration).</summary>
    /// <param name="key">A single key.</param>
    /// <param name="scale">The scale, broadcast to the shape.</param>
    /// <param name="concentration">The concentration (shape parameter), broadcast to the shape.</param>
    /// <param name="shape">The result shape ([] when null).</param>
    /// <param name="dtype">A floating-point dtype.</param>
    public static NDArray WeibullMin(PRNGKey key, NDArray scale, NDArray concentration, int[]? shape = null, DType dtype = DType.Float64)
    {
        const string op = "Random.WeibullMin";
        Guard.NotNull(scale, op);
        Guard.NotNull(concentration, op);
        var k = Single(key, op);
        RequireFloat(dtype, op);
        var u = UniformCore(k, ShapeOf(shape, op), dtype, null, null, op);
        var e = Ops.Neg(Ops.Log1p(Ops.Neg(u)));
        return Np.Multiply(Np.Power(e, Np.Divide(Const(1, dtype), Ops.ConvertElementType(concentration, dtype))), Ops.ConvertElementType(scale, dtype));
    }

    /// <summary>
    /// Geometric samples (<c>jax.random.geometric</c>): the number of Bernoulli(p) trials up to the first success,
    /// floor(log u / log(1 - p)) + 1.
    /// </summary>
    /// <param name="key">A single key.</param>
    /// <param name="p">The success probability, broadcast to the shape.</param>
    /// <param name="shape">The result shape (p's shape when null).</param>
    /// <param name="dtype">The integer result dtype (Int32 by default).</param>
    public static NDArray Geometric(PRNGKey key, NDArray p, int[]? shape = null, DType dtype = DType.Int32)
    {
        const string op = "Random.Geometric";
        Guard.NotNull(p, op);
        var k = Single(key, op);
        var s = shape is null ? p.Shape : ShapeOf(shape, op);
        var pf = p.DType.IsFloat() ? Ops.ConvertElementType(p, p.DType) : Ops.ConvertElementType(p, DType.Float64);
        var u = UniformCore(k, s, pf.DType, null, null, op);
        var g = Np.Add(Np.Floor(Np.Divide(Ops.Log(u), Np.Log1p(Np.Negative(pf)))), Const(1, pf.DType));
        return Ops.ConvertElementType(g, dtype);
    }

    /// <summary>Chi-squared samples with df degrees of freedom (<c>jax.random.chisquare</c>): 2 Gamma(df / 2), from its logarithm.</summary>
    /// <param name="key">A single key.</param>
    /// <param name="df">The degrees of freedom (positive), broadcast to the shape.</param>
    /// <param name="shape">The result shape (df's shape when null).</param>
    /// <param name="dtype">A floating-point dtype.</param>
    public static NDArray ChiSquare(PRNGKey key, NDArray df, int[]? shape = null, DType dtype = DType.Float64)
    {
        const string op = "Random.ChiSquare";
        Guard.NotNull(df, op);
        RequireFloat(dtype, op);
        var half = Np.Divide(Ops.ConvertElementType(df, dtype), Const(2, dtype));
        return Np.Multiply(Np.Exp(GammaCore(key, half, shape, dtype, true, op)), Const(2, dtype));
    }

    /// <summary>Student's t samples with df degrees of freedom (<c>jax.random.t</c>): z sqrt((df / 2) / Gamma(df / 2)).</summary>
    /// <param name="key">A single key.</param>
    /// <param name="df">The degrees of freedom (positive), broadcast to the shape.</param>
    /// <param name="shape">The result shape (df's shape when null).</param>
    /// <param name="dtype">A floating-point dtype.</param>
    public static NDArray T(PRNGKey key, NDArray df, int[]? shape = null, DType dtype = DType.Float64)
    {
        const string op = "Random.T";
        Guard.NotNull(df, op);
        var (k, s) = ParamDraw(key, df, shape, dtype, op);
        var (kn, kg) = SplitTwo(k);
        var n = NormalCore(kn, s, dtype, op);
        var half = Np.Divide(Ops.ConvertElementType(df, dtype), Const(2, dtype));
        var g = GammaCore(new PRNGKey(kg), half, s.ToArray(), dtype, false, op);
        return Np.Multiply(n, Np.Sqrt(Np.Divide(half, g)));
    }

    /// <summary>F samples (<c>jax.random.f</c>): the ratio of two chi-squared draws, each over its degrees of freedom.</summary>
    /// <param name="key">A single key.</param>
    /// <param name="dfnum">The numerator's degrees of freedom.</param>
    /// <param name="dfden">The denominator's degrees of freedom.</param>
    /// <param name="shape">The result shape (the broadcast shape of the two when null).</param>
    /// <param name="dtype">A floating-point dtype.</param>
    public static NDArray F(PRNGKey key, NDArray dfnum, NDArray dfden, int[]? shape = null, DType dtype = DType.Float64)
    {
        const string op = "Random.F";
        Guard.NotNull(dfnum, op);
        Guard.NotNull(dfden, op);
        var k = Single(key, op);
        RequireFloat(dtype, op);
        var s = (shape is null ? BroadcastShape(dfnum.Shape, dfden.Shape, op) : ShapeOf(shape, op)).ToArray();
        var (kn, kd) = SplitTwo(k);
        var num = Np.Divide(ChiSquare(new PRNGKey(kn), dfnum, s, dtype), Ops.ConvertElementType(dfnum, dtype));
        var den = Np.Divide(ChiSquare(new PRNGKey(kd), dfden, s, dtype), Ops.ConvertElementType(dfden, dtype));
        return Np.Divide(num, den);
    }

    /// <summary>Triangular samples on [left, right] with the given mode (<c>jax.random.triangular</c>), by the inverse CDF.</summary>
    /// <param name="key">A single key.</param>
    /// <param name="left">The lower end.</param>
    /// <param name="mode">The peak.</param>
    /// <param name="right">The upper end.</param>
    /// <param name="shape">The result shape (the broadcast shape of the three when null).</param>
    /// <param name="dtype">A floating-point dtype.</param>
    public static NDArray Triangular(PRNGKey key, NDArray left, NDArray mode, NDArray right, int[]? shape = null, DType dtype = DType.Float64)
    {
        const string op = "Random.Triangular";
        Guard.NotNull(left, op);
        Guard.NotNull(mode, op);
        Guard.NotNull(right, op);
        var k = Single(key, op);
        RequireFloat(dtype, op);
        var s = shape is null ? BroadcastShape(BroadcastShape(left.Shape, mode.Shape, op), right.Shape, op) : ShapeOf(shape, op);
        var (a, m, b) = (Ops.ConvertElementType(left, dtype), Ops.ConvertElementType(mode, dtype), Ops.ConvertElementType(right, dtype));
        var fc = Np.Divide(Np.Subtract(m, a), Np.Subtract(b, a));
        var u = UniformCore(k, s, dtype, null, null, op);
        var low = Np.Add(a, Np.Sqrt(Np.Multiply(Np.Multiply(u, Np.Subtract(b, a)), Np.Subtract(m, a))));
        var high = Np.Subtract(b, Np.Sqrt(Np.Multiply(Np.Multiply(Np.Subtract(Const(1, dtype), u), Np.Subtract(b, a)), Np.Subtract(b, m))));
        return Np.Where(Np.Less(u, fc), low, high);
    }

    /// <summary>Wald (inverse Gaussian) samples of the given mean and unit shape (<c>jax.random.wald</c>).</summary>
    /// <param name="key">A single key.</param>
    /// <param name="mean">The mean (positive), broadcast to the shape.</param>
    /// <param name="shape">The result shape (mean's shape when null).</param>
    /// <param name="dtype">A floating-point dtype.</param>
    public static NDArray Wald(PRNGKey key, NDArray mean, int[]? shape = null, DType dtype = DType.Float64)
    {
        const string op = "Random.Wald";
        Guard.NotNull(mean, op);
        var (k, s) = ParamDraw(key, mean, shape, dtype, op);
        var mu = Ops.ConvertElementType(mean, dtype);
        var (k1, k2) = SplitTwo(k);
        var v = NormalCore(k1, s, dtype, op);
        var z = UniformCore(k2, s, dtype, null, null, op);
        var y = Np.Multiply(v, v);
        var muSq = Np.Multiply(mu, mu);
        var root = Np.Sqrt(Np.Add(Np.Multiply(Np.Multiply(Const(4, dtype), mu), y), Np.Multiply(muSq, Np.Multiply(y, y))));
        var x = Np.Subtract(Np.Add(mu, Np.Divide(Np.Multiply(muSq, y), Const(2, dtype))), Np.Divide(Np.Multiply(mu, root), Const(2, dtype)));
        return Np.Where(Np.LessEqual(z, Np.Divide(mu, Np.Add(mu, x))), x, Np.Divide(muSq, x));
    }

    /// <summary>
    /// Generalized normal samples with exponent p (<c>jax.random.generalized_normal</c>), density proportional to
    /// exp(-|x|^p): a random sign times Gamma(1/p)^(1/p).
    /// </summary>
    /// <param name="key">A single key.</param>
    /// <param name="p">The exponent (positive; 2 is a normal of variance 1/2, 1 a Laplace).</param>
    /// <param name="shape">The result shape ([] when null).</param>
    /// <param name="dtype">A floating-point dtype.</param>
    public static NDArray GeneralizedNormal(PRNGKey key, NDArray p, int[]? shape = null, DType dtype = DType.Float64)
    {
        const string op = "Random.GeneralizedNormal";
        Guard.NotNull(p, op);
        var k = Single(key, op);
        RequireFloat(dtype, op);
        var s = ShapeOf(shape, op).ToArray();
        var (kg, kr) = SplitTwo(k);
        var inverse = Np.Divide(Const(1, dtype), Ops.ConvertElementType(p, dtype));
        var g = GammaCore(new PRNGKey(kg), inverse, s, dtype, false, op);
        var r = Rademacher(new PRNGKey(kr), s, dtype);
        return Np.Multiply(r, Np.Power(g, inverse));
    }

    /// <summary>
    /// Points uniform in the d-dimensional unit p-norm ball (<c>jax.random.ball</c>): generalized normal coordinates
    /// over the p-norm of them plus an exponential draw.
    /// </summary>
    /// <param name="key">A single key.</param>
    /// <param name="d">The dimension (the last axis of the result).</param>
    /// <param name="p">The norm's exponent (2 by default).</param>
    /// <param name="shape">The batch shape ([] when null).</param>
    /// <param name="dtype">A floating-point dtype.</param>
    public static NDArray Ball(PRNGKey key, int d, double p = 2, int[]? shape = null, DType dtype = DType.Float64)
    {
        const string op = "Random.Ball";
        var k = Single(key, op);
        RequireFloat(dtype, op);
        if (d < 0) throw new ArgumentOutOfRangeException(nameof(d), $"{op}: d must be non-negative, got {d}");
        var batch = ShapeOf(shape, op).ToArray();
        var (kg, ke) = SplitTwo(k);
        var g = GeneralizedNormal(new PRNGKey(kg), Const(p, dtype), batch.Append(d).ToArray(), dtype);
        var e = Exponential(new PRNGKey(ke), batch, dtype);
        var norm = Np.Power(Np.Add(Np.Sum(Np.Power(Np.Abs(g), Const(p, dtype)), -1), e), Const(1 / p, dtype));
        return Np.Divide(g, Np.ExpandDims(norm, -1));
    }

    /// <summary>
    /// What the samplers of one parameter share: the checked single key, the float dtype checked, and the draw shape
    /// (the parameter's own when <paramref name="shape"/> is null).
    /// </summary>
    private static (NDArray Key, Shape Shape) ParamDraw(PRNGKey key, NDArray param, int[]? shape, DType dtype, string op)
    {
        var k = Single(key, op);
        RequireFloat(dtype, op);
        return (k, shape is null ? param.Shape : ShapeOf(shape, op));
    }
}
