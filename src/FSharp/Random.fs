namespace Functional.AD.FSharp

open Functional.AD

/// <summary>
/// <c>jax.random</c> for F#: one lower-camelCase function per method of the core's <c>Functional.AD.Random</c>
/// (Threefry keys, JAX's bit streams). The key comes last so draws read as pipelines
/// (<c>key |&gt; Random.normal [ 3 ]</c>); the plain name takes JAX's defaults (f64 samples), <c>…With</c> every
/// parameter. Keys are pytrees: they pass through <c>Jax.jit</c>, <c>Jax.vmap</c> and <c>Lax.scan</c>.
/// </summary>
[<RequireQualifiedAccess>]
module Random =

    let private dims (shape: seq<int>) = Seq.toArray shape

    // ------------------------------------------------------------------ keys

    /// <summary>A key from a seed: its high and low 32-bit words (<c>jax.random.key</c>).</summary>
    let key (seed: int64) : PRNGKey = Functional.AD.Random.Key seed

    /// <summary>The same as <see cref="key"/> (<c>jax.random.PRNGKey</c>).</summary>
    let prngKey (seed: int64) : PRNGKey = Functional.AD.Random.PRNGKey seed

    /// <summary>The key words, u32 of shape [..., 2] (<c>jax.random.key_data</c>).</summary>
    let keyData (keys: PRNGKey) : NDArray = Functional.AD.Random.KeyData keys

    /// <summary>Keys from their u32 words of shape [..., 2] (<c>jax.random.wrap_key_data</c>).</summary>
    let wrapKeyData (data: NDArray) : PRNGKey = Functional.AD.Random.WrapKeyData data

    /// <summary><paramref name="num"/> new keys from one, as a batch of keys (<c>jax.random.split</c>).</summary>
    let split (num: int) (key: PRNGKey) : PRNGKey = Functional.AD.Random.Split(key, num)

    /// <summary>Two new keys from one, as a pair (<c>let k, sub = Random.splitTwo key</c>).</summary>
    let splitTwo (key: PRNGKey) : PRNGKey * PRNGKey =
        let keys = Functional.AD.Random.Split(key, 2)
        keys.[0], keys.[1]

    /// <summary>A new key from a key and an integer (<c>jax.random.fold_in</c>).</summary>
    let foldIn (data: int) (key: PRNGKey) : PRNGKey = Functional.AD.Random.FoldIn(key, data)

    /// <summary>A new key from a key and a 0-d (possibly traced) integer array.</summary>
    let foldInArray (data: NDArray) (key: PRNGKey) : PRNGKey = Functional.AD.Random.FoldIn(key, data)

    /// <summary>Random u32 bits (<c>jax.random.bits</c>).</summary>
    let bits (shape: seq<int>) (key: PRNGKey) : NDArray = Functional.AD.Random.Bits(key, dims shape, DType.UInt32)

    /// <summary>Random bits of the dtype (UInt32 or UInt8).</summary>
    let bitsWith (shape: seq<int>) (dtype: DType) (key: PRNGKey) : NDArray = Functional.AD.Random.Bits(key, dims shape, dtype)

    // ------------------------------------------------------------------ continuous

    /// <summary>Uniform f64 samples in [0, 1) (<c>jax.random.uniform</c>).</summary>
    let uniform (shape: seq<int>) (key: PRNGKey) : NDArray = Functional.AD.Random.Uniform(key, dims shape, DType.Float64, null, null)

    /// <summary>Uniform samples of the dtype in [minval, maxval).</summary>
    let uniformWith (shape: seq<int>) (dtype: DType) (minval: NDArray) (maxval: NDArray) (key: PRNGKey) : NDArray =
        Functional.AD.Random.Uniform(key, dims shape, dtype, minval, maxval)

    /// <summary>Standard normal f64 samples (<c>jax.random.normal</c>).</summary>
    let normal (shape: seq<int>) (key: PRNGKey) : NDArray = Functional.AD.Random.Normal(key, dims shape, DType.Float64)

    /// <summary>Standard normal samples of the dtype.</summary>
    let normalWith (shape: seq<int>) (dtype: DType) (key: PRNGKey) : NDArray = Functional.AD.Random.Normal(key, dims shape, dtype)

    /// <summary>Normal f64 samples truncated to [lower, upper] (<c>jax.random.truncated_normal</c>).</summary>
    let truncatedNormal (lower: NDArray) (upper: NDArray) (shape: seq<int>) (key: PRNGKey) : NDArray =
        Functional.AD.Random.TruncatedNormal(key, lower, upper, dims shape, DType.Float64)

    /// <summary>Truncated normal samples of the dtype.</summary>
    let truncatedNormalWith (lower: NDArray) (upper: NDArray) (shape: seq<int>) (dtype: DType) (key: PRNGKey) : NDArray =
        Functional.AD.Random.TruncatedNormal(key, lower, upper, dims shape, dtype)

    /// <summary>Standard Gumbel f64 samples (<c>jax.random.gumbel</c>).</summary>
    let gumbel (shape: seq<int>) (key: PRNGKey) : NDArray = Functional.AD.Random.Gumbel(key, dims shape, DType.Float64)

    /// <summary>Standard Gumbel samples of the dtype.</summary>
    let gumbelWith (shape: seq<int>) (dtype: DType) (key: PRNGKey) : NDArray = Functional.AD.Random.Gumbel(key, dims shape, dtype)

    /// <summary>Standard exponential f64 samples (<c>jax.random.exponential</c>).</summary>
    let exponential (shape: seq<int>) (key: PRNGKey) : NDArray = Functional.AD.Random.Exponential(key, dims shape, DType.Float64)

    /// <summary>Standard exponential samples of the dtype.</summary>
    let exponentialWith (shape: seq<int>) (dtype: DType) (key: PRNGKey) : NDArray = Functional.AD.Random.Exponential(key, dims shape, dtype)

    /// <summary>Standard Laplace f64 samples (<c>jax.random.laplace</c>).</summary>
    let laplace (shape: seq<int>) (key: PRNGKey) : NDArray = Functional.AD.Random.Laplace(key, dims shape, DType.Float64)

    /// <summary>Standard Laplace samples of the dtype.</summary>
    let laplaceWith (shape: seq<int>) (dtype: DType) (key: PRNGKey) : NDArray = Functional.AD.Random.Laplace(key, dims shape, dtype)

    /// <summary>Standard logistic f64 samples (<c>jax.random.logistic</c>).</summary>
    let logistic (shape: seq<int>) (key: PRNGKey) : NDArray = Functional.AD.Random.Logistic(key, dims shape, DType.Float64)

    /// <summary>Standard logistic samples of the dtype.</summary>
    let logisticWith (shape: seq<int>) (dtype: DType) (key: PRNGKey) : NDArray = Functional.AD.Random.Logistic(key, dims shape, dtype)

    /// <summary>Gamma(a) f64 samples of a's shape (<c>jax.random.gamma</c>).</summary>
    let gamma (a: NDArray) (key: PRNGKey) : NDArray = Functional.AD.Random.Gamma(key, a, null, DType.Float64)

    /// <summary>Gamma(a) samples of the shape and dtype.</summary>
    let gammaWith (a: NDArray) (shape: seq<int>) (dtype: DType) (key: PRNGKey) : NDArray = Functional.AD.Random.Gamma(key, a, dims shape, dtype)

    /// <summary>Log of Gamma(a) f64 samples, computed in log space (<c>jax.random.loggamma</c>).</summary>
    let logGamma (a: NDArray) (key: PRNGKey) : NDArray = Functional.AD.Random.LogGamma(key, a, null, DType.Float64)

    /// <summary>Log-gamma samples of the shape and dtype.</summary>
    let logGammaWith (a: NDArray) (shape: seq<int>) (dtype: DType) (key: PRNGKey) : NDArray = Functional.AD.Random.LogGamma(key, a, dims shape, dtype)

    /// <summary>Beta(a, b) f64 samples of the broadcast shape (<c>jax.random.beta</c>).</summary>
    let beta (a: NDArray) (b: NDArray) (key: PRNGKey) : NDArray = Functional.AD.Random.Beta(key, a, b, null, DType.Float64)

    /// <summary>Beta(a, b) samples of the shape and dtype.</summary>
    let betaWith (a: NDArray) (b: NDArray) (shape: seq<int>) (dtype: DType) (key: PRNGKey) : NDArray = Functional.AD.Random.Beta(key, a, b, dims shape, dtype)

    /// <summary>Dirichlet(alpha) f64 samples, the categories on the last axis (<c>jax.random.dirichlet</c>).</summary>
    let dirichlet (alpha: NDArray) (key: PRNGKey) : NDArray = Functional.AD.Random.Dirichlet(key, alpha, null, DType.Float64)

    /// <summary>Multivariate normal samples, batch shape from the parameters (<c>jax.random.multivariate_normal</c>, Cholesky method).</summary>
    let multivariateNormal (mean: NDArray) (cov: NDArray) (key: PRNGKey) : NDArray = Functional.AD.Random.MultivariateNormal(key, mean, cov)

    /// <summary>Multivariate normal samples of the batch shape, dtype and method ("cholesky", "eigh" or "svd").</summary>
    let multivariateNormalWith (mean: NDArray) (cov: NDArray) (shape: seq<int>) (dtype: DType) (method: string) (key: PRNGKey) : NDArray =
        Functional.AD.Random.MultivariateNormal(key, mean, cov, dims shape, System.Nullable dtype, method)

    /// <summary>A random orthogonal n×n f64 matrix (<c>jax.random.orthogonal</c>; the polar factor of a normal matrix).</summary>
    let orthogonal (n: int) (key: PRNGKey) : NDArray = Functional.AD.Random.Orthogonal(key, n)

    /// <summary>Dirichlet samples of the batch shape and dtype.</summary>
    let dirichletWith (alpha: NDArray) (shape: seq<int>) (dtype: DType) (key: PRNGKey) : NDArray = Functional.AD.Random.Dirichlet(key, alpha, dims shape, dtype)

    // ------------------------------------------------------------------ discrete

    /// <summary>Bernoulli(p) bool samples of p's shape (<c>jax.random.bernoulli</c>).</summary>
    let bernoulli (p: NDArray) (key: PRNGKey) : NDArray = Functional.AD.Random.Bernoulli(key, p, null)

    /// <summary>Bernoulli(p) bool samples of the shape.</summary>
    let bernoulliWith (p: NDArray) (shape: seq<int>) (key: PRNGKey) : NDArray = Functional.AD.Random.Bernoulli(key, p, dims shape)

    /// <summary>Category indices (i32) from logits along the last axis (<c>jax.random.categorical</c>).</summary>
    let categorical (logits: NDArray) (key: PRNGKey) : NDArray = Functional.AD.Random.Categorical(key, logits, -1, null)

    /// <summary>Category indices from logits along <paramref name="axis"/>, of the shape (extra draws first, then the batch).</summary>
    let categoricalWith (logits: NDArray) (axis: int) (shape: seq<int>) (key: PRNGKey) : NDArray =
        Functional.AD.Random.Categorical(key, logits, axis, dims shape)

    /// <summary>Uniform i32 integers in [minval, maxval) (<c>jax.random.randint</c>).</summary>
    let randInt (shape: seq<int>) (minval: int) (maxval: int) (key: PRNGKey) : NDArray =
        Functional.AD.Random.RandInt(key, dims shape, NDArray.op_Implicit minval, NDArray.op_Implicit maxval, DType.Int32)

    /// <summary>Uniform integers of the dtype (Int32, UInt32, UInt8) between array bounds.</summary>
    let randIntWith (shape: seq<int>) (minval: NDArray) (maxval: NDArray) (dtype: DType) (key: PRNGKey) : NDArray =
        Functional.AD.Random.RandInt(key, dims shape, minval, maxval, dtype)

    /// <summary>A random permutation of 0 .. n - 1 (<c>jax.random.permutation</c>).</summary>
    let permutation (n: int) (key: PRNGKey) : NDArray = Functional.AD.Random.Permutation(key, n)

    /// <summary>The slices of x along <paramref name="axis"/> in random order (each lane on its own when <paramref name="independent"/>).</summary>
    let permutationWith (axis: int) (independent: bool) (x: NDArray) (key: PRNGKey) : NDArray =
        Functional.AD.Random.Permutation(key, x, axis, independent)

    /// <summary>x with each lane along <paramref name="axis"/> shuffled (<c>jax.random.shuffle</c>).</summary>
    let shuffle (axis: int) (x: NDArray) (key: PRNGKey) : NDArray = Functional.AD.Random.Shuffle(key, x, axis)

    /// <summary>Draws with replacement from 0 .. a - 1, of the shape (<c>jax.random.choice</c>).</summary>
    let choice (a: int) (shape: seq<int>) (key: PRNGKey) : NDArray = Functional.AD.Random.Choice(key, a, dims shape, true, null)

    /// <summary>Draws from 0 .. a - 1 with or without replacement, with probabilities p (None: uniform).</summary>
    let choiceWith (a: int) (shape: seq<int>) (replace: bool) (p: NDArray option) (key: PRNGKey) : NDArray =
        Functional.AD.Random.Choice(key, a, dims shape, replace, Option.toObj p)

    /// <summary>Slices of an array along <paramref name="axis"/>, with or without replacement, with probabilities p (None: uniform).</summary>
    let choiceArray (a: NDArray) (shape: seq<int>) (replace: bool) (p: NDArray option) (axis: int) (key: PRNGKey) : NDArray =
        Functional.AD.Random.Choice(key, a, dims shape, replace, Option.toObj p, axis)

    /// <summary>Poisson(lam) i32 samples of lam's shape (<c>jax.random.poisson</c>).</summary>
    let poisson (lam: NDArray) (key: PRNGKey) : NDArray = Functional.AD.Random.Poisson(key, lam, null, DType.Int32)

    /// <summary>Poisson(lam) samples of the shape and dtype (Int32 or Int64).</summary>
    let poissonWith (lam: NDArray) (shape: seq<int>) (dtype: DType) (key: PRNGKey) : NDArray = Functional.AD.Random.Poisson(key, lam, dims shape, dtype)

    /// <summary>Binomial(n, p) f64 counts of the broadcast shape of n and p (<c>jax.random.binomial</c>).</summary>
    let binomial (n: NDArray) (p: NDArray) (key: PRNGKey) : NDArray = Functional.AD.Random.Binomial(key, n, p, null, DType.Float64)

    /// <summary>Binomial(n, p) counts of the shape and float dtype.</summary>
    let binomialWith (n: NDArray) (p: NDArray) (shape: seq<int>) (dtype: DType) (key: PRNGKey) : NDArray =
        Functional.AD.Random.Binomial(key, n, p, dims shape, dtype)

    /// <summary>Multinomial f64 counts of n trials over the categories on p's last axis, of p's shape (<c>jax.random.multinomial</c>).</summary>
    let multinomial (n: NDArray) (p: NDArray) (key: PRNGKey) : NDArray = Functional.AD.Random.Multinomial(key, n, p, null, DType.Float64)

    /// <summary>Multinomial counts of the full shape (categories last), float dtype and scan unroll.</summary>
    let multinomialWith (n: NDArray) (p: NDArray) (shape: seq<int>) (dtype: DType) (unroll: int) (key: PRNGKey) : NDArray =
        Functional.AD.Random.Multinomial(key, n, p, dims shape, dtype, unroll)

    // ------------------------------------------------------------------ more laws

    /// <summary>Standard Cauchy f64 samples (<c>jax.random.cauchy</c>).</summary>
    let cauchy (shape: seq<int>) (key: PRNGKey) : NDArray = Functional.AD.Random.Cauchy(key, dims shape, DType.Float64)

    /// <summary>Log-normal f64 samples with sigma (<c>jax.random.lognormal</c>).</summary>
    let logNormal (sigma: NDArray) (shape: seq<int>) (key: PRNGKey) : NDArray = Functional.AD.Random.LogNormal(key, sigma, dims shape, DType.Float64)

    /// <summary>Random i32 signs, -1 or 1 (<c>jax.random.rademacher</c>).</summary>
    let rademacher (shape: seq<int>) (key: PRNGKey) : NDArray = Functional.AD.Random.Rademacher(key, dims shape, DType.Int32)

    /// <summary>Rayleigh f64 samples of the scale (<c>jax.random.rayleigh</c>).</summary>
    let rayleigh (scale: NDArray) (shape: seq<int>) (key: PRNGKey) : NDArray = Functional.AD.Random.Rayleigh(key, scale, dims shape, DType.Float64)

    /// <summary>Pareto f64 samples of shape b (<c>jax.random.pareto</c>).</summary>
    let pareto (b: NDArray) (shape: seq<int>) (key: PRNGKey) : NDArray = Functional.AD.Random.Pareto(key, b, dims shape, DType.Float64)

    /// <summary>Maxwell f64 samples (<c>jax.random.maxwell</c>).</summary>
    let maxwell (shape: seq<int>) (key: PRNGKey) : NDArray = Functional.AD.Random.Maxwell(key, dims shape, DType.Float64)

    /// <summary>Double-sided Maxwell f64 samples; the parameters' shape is appended to the shape (<c>jax.random.double_sided_maxwell</c>).</summary>
    let doubleSidedMaxwell (loc: NDArray) (scale: NDArray) (shape: seq<int>) (key: PRNGKey) : NDArray =
        Functional.AD.Random.DoubleSidedMaxwell(key, loc, scale, dims shape, DType.Float64)

    /// <summary>Weibull f64 samples of the scale and concentration (<c>jax.random.weibull_min</c>).</summary>
    let weibullMin (scale: NDArray) (concentration: NDArray) (shape: seq<int>) (key: PRNGKey) : NDArray =
        Functional.AD.Random.WeibullMin(key, scale, concentration, dims shape, DType.Float64)

    /// <summary>Geometric i32 samples, trials to the first success (<c>jax.random.geometric</c>).</summary>
    let geometric (p: NDArray) (shape: seq<int>) (key: PRNGKey) : NDArray = Functional.AD.Random.Geometric(key, p, dims shape, DType.Int32)

    /// <summary>Chi-squared f64 samples (<c>jax.random.chisquare</c>).</summary>
    let chiSquare (df: NDArray) (shape: seq<int>) (key: PRNGKey) : NDArray = Functional.AD.Random.ChiSquare(key, df, dims shape, DType.Float64)

    /// <summary>Student's t f64 samples (<c>jax.random.t</c>).</summary>
    let t (df: NDArray) (shape: seq<int>) (key: PRNGKey) : NDArray = Functional.AD.Random.T(key, df, dims shape, DType.Float64)

    /// <summary>F f64 samples (<c>jax.random.f</c>).</summary>
    let f (dfnum: NDArray) (dfden: NDArray) (shape: seq<int>) (key: PRNGKey) : NDArray = Functional.AD.Random.F(key, dfnum, dfden, dims shape, DType.Float64)

    /// <summary>Triangular f64 samples on [left, right] with the mode (<c>jax.random.triangular</c>).</summary>
    let triangular (left: NDArray) (mode: NDArray) (right: NDArray) (shape: seq<int>) (key: PRNGKey) : NDArray =
        Functional.AD.Random.Triangular(key, left, mode, right, dims shape, DType.Float64)

    /// <summary>Wald (inverse Gaussian) f64 samples of the mean (<c>jax.random.wald</c>).</summary>
    let wald (mean: NDArray) (shape: seq<int>) (key: PRNGKey) : NDArray = Functional.AD.Random.Wald(key, mean, dims shape, DType.Float64)

    /// <summary>Generalized normal f64 samples with exponent p (<c>jax.random.generalized_normal</c>).</summary>
    let generalizedNormal (p: NDArray) (shape: seq<int>) (key: PRNGKey) : NDArray = Functional.AD.Random.GeneralizedNormal(key, p, dims shape, DType.Float64)

    /// <summary>f64 points uniform in the d-dimensional unit p-norm ball, of the batch shape (<c>jax.random.ball</c>).</summary>
    let ball (d: int) (p: float) (shape: seq<int>) (key: PRNGKey) : NDArray = Functional.AD.Random.Ball(key, d, p, dims shape, DType.Float64)
