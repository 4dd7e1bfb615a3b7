using System;

namespace Functional.AD;

public static partial class Random
{
    /// <summary>
    /// Uniform samples in [minval, maxval) (<c>jax.random.uniform</c>): the top mantissa bits of random bits placed under
    /// the exponent of 1.0 give a float in [1, 2), less 1, scaled to the range (JAX's recipe, bit for bit).
    /// </summary>
    /// <param name="key">A single key.</param>
    /// <param name="shape">The result shape ([] when null).</param>
    /// <param name="dtype">A floating-point dtype.</param>
    /// <param name="minval">The lower bound, broadcast to <paramref name="shape"/> (0 when null).</param>
    /// <param name="maxval">The upper bound, broadcast to <paramref name="shape"/> (1 when null).</param>
    public static NDArray Uniform(PRNGKey key, int[]? shape = null, DType dtype = DType.Float64, NDArray? minval = null, NDArray? maxval = null)
    {
        const string op = "Random.Uniform";
        return UniformCore(Single(key, op), ShapeOf(shape, op), RequireFloat(dtype, op), minval, maxval, op);
    }

    /// <summary>
    /// Standard normal samples (<c>jax.random.normal</c>): sqrt(2) erfinv(u) of u uniform in (-1, 1). In f32 the
    /// erfinv is XLA's single-precision polynomial, so the samples are the bits JAX gives for the same key.
    /// </summary>
    /// <param name="key">A single key.</param>
    /// <param name="shape">The result shape ([] when null).</param>
    /// <param name="dtype">A floating-point dtype.</param>
    public static NDArray Normal(PRNGKey key, int[]? shape = null, DType dtype = DType.Float64)
    {
        const string op = "Random.Normal";
        return NormalCore(Single(key, op), ShapeOf(shape, op), RequireFloat(dtype, op), op);
    }

    /// <summary>
    /// Normal samples truncated to [lower, upper] (<c>jax.random.truncated_normal</c>): the inverse CDF of a uniform
    /// between the bounds' CDF values, clipped strictly inside the bounds.
    /// </summary>
    /// <param name="key">A single key.</param>
    /// <param name="lower">The lower bound (broadcast).</param>
    /// <param name="upper">The upper bound (broadcast).</param>
    /// <param name="shape">The result shape (the bounds' broadcast shape when null).</param>
    /// <param name="dtype">A floating-point dtype.</param>
    public static NDArray TruncatedNormal(PRNGKey key, NDArray lower, NDArray upper, int[]? shape = null, DType dtype = DType.Float64)
    {
        const string op = "Random.TruncatedNormal";
        Guard.NotNull(lower, op);
        Guard.NotNull(upper, op);
        var k = Single(key, op);
        RequireFloat(dtype, op);
        var s = shape is null ? BroadcastShape(lower.Shape, upper.Shape, op) : ShapeOf(shape, op);
        var sqrt2 = Const(Math.Sqrt(2), dtype);
        var lo = Ops.ConvertElementType(lower, dtype);
        var hi = Ops.ConvertElementType(upper, dtype);
        var a = Lax.Erf(Np.Divide(lo, sqrt2));
        var b = Lax.Erf(Np.Divide(hi, sqrt2));
        var u = UniformCore(k, s, dtype, a, b, op);
        var result = Np.Multiply(sqrt2, Lax.ErfInv(u));
        var loClip = NextAfter(Lax.StopGradient(lo), up: true);
        var hiClip = NextAfter(Lax.StopGradient(hi), up: false);
        return Np.Clip(result, loClip, hiClip);
    }

    /// <summary>Standard Gumbel samples (<c>jax.random.gumbel</c>): -log(-log u) of u uniform in [tiny, 1).</summary>
    /// <param name="key">A single key.</param>
    /// <param name="shape">The result shape ([] when null).</param>
    /// <param name="dtype">A floating-point dtype.</param>
    public static NDArray Gumbel(PRNGKey key, int[]? shape = null, DType dtype = DType.Float64)
    {
        const string op = "Random.Gumbel";
        var k = Single(key, op);
        return GumbelCore(k, ShapeOf(shape, op), RequireFloat(dtype, op), op);
    }

    /// <summary>Standard exponential samples (<c>jax.random.exponential</c>): -log(1 - u).</summary>
    /// <param name="key">A single key.</param>
    /// <param name="shape">The result shape ([] when null).</param>
    /// <param name="dtype">A floating-point dtype.</param>
    public static NDArray Exponential(PRNGKey key, int[]? shape = null, DType dtype = DType.Float64)
    {
        const string op = "Random.Exponential";
        var u = UniformCore(Single(key, op), ShapeOf(shape, op), RequireFloat(dtype, op), null, null, op);
        return Ops.Neg(Ops.Log1p(Ops.Neg(u)));
    }

    /// <summary>Standard Laplace samples (<c>jax.random.laplace</c>): sign(u) log(1 - |u|) of u uniform in (-1, 1).</summary>
    /// <param name="key">A single key.</param>
    /// <param name="shape">The result shape ([] when null).</param>
    /// <param name="dtype">A floating-point dtype.</param>
    public static NDArray Laplace(PRNGKey key, int[]? shape = null, DType dtype = DType.Float64)
    {
        const string op = "Random.Laplace";
        RequireFloat(dtype, op);
        var u = UniformCore(Single(key, op), ShapeOf(shape, op), dtype, Const(-1 + EpsNeg(dtype), dtype), Const(1, dtype), op);
        return Ops.Mul(Ops.Sign(u), Ops.Log1p(Ops.Neg(Ops.Abs(u))));
    }

    /// <summary>Standard logistic samples (<c>jax.random.logistic</c>): log(u / (1 - u)) of u uniform in [eps, 1).</summary>
    /// <param name="key">A single key.</param>
    /// <param name="shape">The result shape ([] when null).</param>
    /// <param name="dtype">A floating-point dtype.</param>
    public static NDArray Logistic(PRNGKey key, int[]? shape = null, DType dtype = DType.Float64)
    {
        const string op = "Random.Logistic";
        RequireFloat(dtype, op);
        var x = UniformCore(Single(key, op), ShapeOf(shape, op), dtype, Const(Eps(dtype), dtype), Const(1, dtype), op);
        return Ops.Log(Ops.Div(x, Ops.Sub(Const(1, dtype), x)));
    }

    // ---- internals ----

    internal static DType RequireFloat(DType dtype, string op) =>
        dtype.IsFloat() ? dtype : throw new ArgumentException($"{op}: dtype must be a floating-point dtype, got {dtype}", nameof(dtype));

    /// <summary>JAX's uniform recipe on a checked key, shape and float dtype.</summary>
    internal static NDArray UniformCore(NDArray keyData, Shape shape, DType dtype, NDArray? minval, NDArray? maxval, string op)
    {
        NDArray floats;
        switch (dtype)
        {
            case DType.Float32:
            {
                var bits = RandomBits(keyData, 32, shape);
                var one = Ops.BitwiseOr(Ops.ShiftRightLogical(bits, U32(32 - 23)), U32(0x3F800000u));
                floats = Ops.Sub(Ops.BitcastConvertType(one, DType.Float32), Const(1, DType.Float32));
                break;
            }
            case DType.Float64:
            {
                var bits = RandomBits(keyData, 64, shape);
                var one = Ops.BitwiseOr(
                    Ops.ShiftRightLogical(bits, ConcreteArray.Own(new[] { 64L - 52 }, Shape.Scalar)),
                    ConcreteArray.Own(new[] { BitConverter.DoubleToInt64Bits(1.0) }, Shape.Scalar));
                floats = Ops.Sub(Ops.BitcastConvertType(one, DType.Float64), Const(1, DType.Float64));
                break;
            }
            default:
            {
                // f16 (10 mantissa bits, from 16 random bits) and bf16 (7, from 8): (1 + m 2^-nmant) - 1 is exactly
                // m 2^-nmant, so scaling the top bits gives JAX's values without a 16-bit integer dtype.
                int rngBits = dtype == DType.Float16 ? 16 : 8, nmant = dtype == DType.Float16 ? 10 : 7;
                var m = Ops.ShiftRightLogical(RandomBits(keyData, rngBits, shape), U32((uint)(rngBits - nmant)));
                floats = Ops.Mul(Ops.ConvertElementType(m, dtype), Const(Math.ScaleB(1.0, -nmant), dtype));
                break;
            }
        }
        if (minval is null && maxval is null) return floats;
        var lo = minval is null ? Const(0, dtype) : Ops.ConvertElementType(minval, dtype);
        var hi = maxval is null ? Const(1, dtype) : Ops.ConvertElementType(maxval, dtype);
        var scaled = Np.Add(Np.Multiply(floats, Np.Subtract(hi, lo)), lo);
        var result = Np.Maximum(lo, scaled);
        if (result.Shape != shape)
            throw new ArgumentException($"{op}: bounds of shapes {lo.Type} and {hi.Type} do not broadcast to the shape {shape}");
        return result;
    }

    internal static NDArray NormalCore(NDArray keyData, Shape shape, DType dtype, string op)
    {
        // The largest float below -1's neighbour toward 0, so erfinv never sees -1.
        double lo = dtype switch
        {
            DType.Float64 => Math.BitIncrement(-1.0),
            DType.Float32 => MathF.BitIncrement(-1f),
            DType.Float16 => -(1 - Math.ScaleB(1, -11)),
            _ => -(1 - Math.ScaleB(1, -8)),
        };
        var u = UniformCore(keyData, shape, dtype, Const(lo, dtype), Const(1, dtype), op);
        return Ops.Mul(Const(Math.Sqrt(2), dtype), Ops.ErfInv(u));
    }

    internal static NDArray GumbelCore(NDArray keyData, Shape shape, DType dtype, string op)
    {
        var u = UniformCore(keyData, shape, dtype, Const(Tiny(dtype), dtype), Const(1, dtype), op);
        return Ops.Neg(Ops.Log(Ops.Neg(Ops.Log(u))));
    }

    /// <summary>The smallest positive normal number of a float dtype (numpy's finfo.tiny).</summary>
    internal static double Tiny(DType dtype) => dtype switch
    {
        DType.Float64 => 2.2250738585072014e-308,
        DType.Float16 => Math.ScaleB(1, -14),
        _ => Math.ScaleB(1, -126),
    };

    /// <summary>The gap between 1 and the next float above it (finfo.eps).</summary>
    internal static double Eps(DType dtype) => Math.ScaleB(1, -Mantissa(dtype));

    /// <summary>The gap between 1 and the next float below it (finfo.epsneg).</summary>
    internal static double EpsNeg(DType dtype) => Math.ScaleB(1, -Mantissa(dtype) - 1);

    private static int Mantissa(DType dtype) => dtype switch
    {
        DType.Float64 => 52,
        DType.Float32 => 23,
        DType.Float16 => 10,
        _ => 7,
    };

    /// <summary>
    /// The neighbouring float of each element toward +infinity (<paramref name="up"/>) or -infinity, through the bits for
    /// f32 and f64; f16 and bf16 are returned unchanged.
    /// </summary>
    internal static NDArray NextAfter(NDArray x, bool up)
    {
        DType intType;
        if (x.DType == DType.Float32) intType = DType.Int32;
        else if (x.DType == DType.Float64) intType = DType.Int64;
        else return x;
        var bits = Ops.BitcastConvertType(x, intType);
        var zero = Const(0, x.DType);
        var one = Const(1, intType);
        // Away from zero is +1 on the bit pattern, toward zero is -1; from zero, the smallest subnormal of the sign.
        var isZero = Np.Equal(x, zero);
        var positive = Np.Greater(x, zero);
        var away = Np.Add(bits, one);
        var toward = Np.Subtract(bits, one);
        var moved = up ? Np.Where(positive, away, toward) : Np.Where(positive, toward, away);
        var tiny = x.DType == DType.Float32
            ? Const(up ? 1 : unchecked((int)0x80000001), intType)
            : ConcreteArray.Own(new[] { up ? 1L : unchecked((long)0x8000000000000001UL) }, Shape.Scalar);
        var result = Np.Where(isZero, Np.BroadcastTo(tiny, x.Shape.ToArray()), moved);
        result = Np.Where(Np.IsNan(x), bits, result);
        return Ops.BitcastConvertType(result, x.DType);
    }

    /// <summary>The broadcast shape of two shapes (numpy's rule).</summary>
    internal static Shape BroadcastShape(Shape a, Shape b, string op)
    {
        int rank = Math.Max(a.Rank, b.Rank);
        var dims = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i - (rank - a.Rank) >= 0 ? a[i - (rank - a.Rank)] : 1;
            int db = i - (rank - b.Rank) >= 0 ? b[i - (rank - b.Rank)] : 1;
            if (da != db && da != 1 && db != 1) throw new ArgumentException($"{op}: shapes {a} and {b} do not broadcast");
            dims[i] = da == 1 ? db : da;
        }
        return new Shape(dims);
    }
}
