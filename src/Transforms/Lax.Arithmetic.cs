namespace Functional.AD;

public static partial class Lax
{
    /// <summary>Elementwise e^x (<c>jax.lax.exp</c>); floating-point operands only.</summary>
    public static NDArray Exp(NDArray x) => Ops.Exp(FloatOnly("Lax.Exp", x));

    /// <summary>Elementwise the natural logarithm (<c>jax.lax.log</c>); floating-point operands only.</summary>
    public static NDArray Log(NDArray x) => Ops.Log(FloatOnly("Lax.Log", x));

    /// <summary>Elementwise log(1 + x), accurate near 0 (<c>jax.lax.log1p</c>); floating-point operands only.</summary>
    public static NDArray Log1p(NDArray x) => Ops.Log1p(FloatOnly("Lax.Log1p", x));

    /// <summary>Elementwise e^x - 1, accurate near 0 (<c>jax.lax.expm1</c>); floating-point operands only.</summary>
    public static NDArray Expm1(NDArray x) => Ops.Expm1(FloatOnly("Lax.Expm1", x));

    /// <summary>Elementwise sine (<c>jax.lax.sin</c>); floating-point operands only.</summary>
    public static NDArray Sin(NDArray x) => Ops.Sin(FloatOnly("Lax.Sin", x));

    /// <summary>Elementwise cosine (<c>jax.lax.cos</c>); floating-point operands only.</summary>
    public static NDArray Cos(NDArray x) => Ops.Cos(FloatOnly("Lax.Cos", x));

    /// <summary>Elementwise tangent (<c>jax.lax.tan</c>); floating-point operands only.</summary>
    public static NDArray Tan(NDArray x) => Ops.Tan(FloatOnly("Lax.Tan", x));

    /// <summary>Elementwise hyperbolic tangent (<c>jax.lax.tanh</c>); floating-point operands only.</summary>
    public static NDArray Tanh(NDArray x) => Ops.Tanh(FloatOnly("Lax.Tanh", x));

    /// <summary>Elementwise arctangent (<c>jax.lax.atan</c>); floating-point operands only.</summary>
    public static NDArray Atan(NDArray x) => Ops.Atan(FloatOnly("Lax.Atan", x));

    /// <summary>Elementwise square root (<c>jax.lax.sqrt</c>); floating-point operands only.</summary>
    public static NDArray Sqrt(NDArray x) => Ops.Sqrt(FloatOnly("Lax.Sqrt", x));

    /// <summary>Elementwise 1 / sqrt(x) (<c>jax.lax.rsqrt</c>); floating-point operands only.</summary>
    public static NDArray Rsqrt(NDArray x) => Ops.Rsqrt(FloatOnly("Lax.Rsqrt", x));

    /// <summary>Elementwise the logistic sigmoid 1 / (1 + e^-x) (<c>jax.lax.logistic</c>); floating-point operands only.</summary>
    public static NDArray Logistic(NDArray x) => Ops.Logistic(FloatOnly("Lax.Logistic", x));

    /// <summary>Elementwise absolute value (<c>jax.lax.abs</c>); numeric operands.</summary>
    public static NDArray Abs(NDArray x) => Ops.Abs(Guard.NotNull(x, "Lax.Abs"));

    /// <summary>Elementwise -x (<c>jax.lax.neg</c>); numeric operands.</summary>
    public static NDArray Neg(NDArray x) => Ops.Neg(Guard.NotNull(x, "Lax.Neg"));

    /// <summary>Elementwise -1, 0 or 1 by the sign (NaN stays NaN) (<c>jax.lax.sign</c>); numeric operands.</summary>
    public static NDArray Sign(NDArray x) => Ops.Sign(Guard.NotNull(x, "Lax.Sign"));

    /// <summary>Elementwise x · x (<c>jax.lax.square</c>).</summary>
    public static NDArray Square(NDArray x)
    {
        Guard.NotNull(x, "Lax.Square");
        return Ops.Mul(x, x);
    }

    /// <summary>x^y for a fixed integer y by repeated multiplication (<c>jax.lax.integer_pow</c>).</summary>
    public static NDArray IntegerPow(NDArray x, int y) => Ops.IntegerPow(Guard.NotNull(x, "Lax.IntegerPow"), y);

    /// <summary>True where x is neither infinite nor NaN (<c>jax.lax.is_finite</c>); floating-point operands only.</summary>
    public static NDArray IsFinite(NDArray x) => Np.IsFinite(FloatOnly("Lax.IsFinite", x));

    /// <summary>Elementwise x + y (<c>jax.lax.add</c>): operands of one dtype and shape (or one 0-d), no promotion.</summary>
    public static NDArray Add(NDArray x, NDArray y)
    {
        (x, y) = LaxPair("Lax.Add", x, y);
        return Ops.Add(x, y);
    }

    /// <summary>Elementwise x - y (<c>jax.lax.sub</c>): operands of one dtype and shape (or one 0-d), no promotion.</summary>
    public static NDArray Sub(NDArray x, NDArray y)
    {
        (x, y) = LaxPair("Lax.Sub", x, y);
        return Ops.Sub(x, y);
    }

    /// <summary>Elementwise x · y (<c>jax.lax.mul</c>): operands of one dtype and shape (or one 0-d), no promotion.</summary>
    public static NDArray Mul(NDArray x, NDArray y)
    {
        (x, y) = LaxPair("Lax.Mul", x, y);
        return Ops.Mul(x, y);
    }

    /// <summary>Elementwise x / y (integers truncate toward zero; integer division by zero gives 0) (<c>jax.lax.div</c>): operands of one dtype and shape (or one 0-d), no promotion.</summary>
    public static NDArray Div(NDArray x, NDArray y)
    {
        (x, y) = LaxPair("Lax.Div", x, y);
        return Ops.Div(x, y);
    }

    /// <summary>Elementwise x^y (<c>jax.lax.pow</c>): operands of one dtype and shape (or one 0-d), no promotion.</summary>
    public static NDArray Pow(NDArray x, NDArray y)
    {
        (x, y) = LaxPair("Lax.Pow", x, y);
        return Ops.Pow(x, y);
    }

    /// <summary>Elementwise the elementwise maximum (NaN propagates) (<c>jax.lax.max</c>): operands of one dtype and shape (or one 0-d), no promotion.</summary>
    public static NDArray Max(NDArray x, NDArray y)
    {
        (x, y) = LaxPair("Lax.Max", x, y);
        return Ops.Max(x, y);
    }

    /// <summary>Elementwise the elementwise minimum (NaN propagates) (<c>jax.lax.min</c>): operands of one dtype and shape (or one 0-d), no promotion.</summary>
    public static NDArray Min(NDArray x, NDArray y)
    {
        (x, y) = LaxPair("Lax.Min", x, y);
        return Ops.Min(x, y);
    }

    /// <summary>Elementwise x == y (bool) (<c>jax.lax.eq</c>): operands of one dtype and shape (or one 0-d), no promotion.</summary>
    public static NDArray Eq(NDArray x, NDArray y)
    {
        (x, y) = LaxPair("Lax.Eq", x, y);
        return Ops.Eq(x, y);
    }

    /// <summary>Elementwise x != y (bool) (<c>jax.lax.ne</c>): operands of one dtype and shape (or one 0-d), no promotion.</summary>
    public static NDArray Ne(NDArray x, NDArray y)
    {
        (x, y) = LaxPair("Lax.Ne", x, y);
        return Ops.Ne(x, y);
    }

    /// <summary>Elementwise x &lt; y (bool) (<c>jax.lax.lt</c>): operands of one dtype and shape (or one 0-d), no promotion.</summary>
    public static NDArray Lt(NDArray x, NDArray y)
    {
        (x, y) = LaxPair("Lax.Lt", x, y);
        return Ops.Lt(x, y);
    }

    /// <summary>Elementwise x &lt;= y (bool) (<c>jax.lax.le</c>): operands of one dtype and shape (or one 0-d), no promotion.</summary>
    public static NDArray Le(NDArray x, NDArray y)
    {
        (x, y) = LaxPair("Lax.Le", x, y);
        return Ops.Le(x, y);
    }

    /// <summary>Elementwise x &gt; y (bool) (<c>jax.lax.gt</c>): operands of one dtype and shape (or one 0-d), no promotion.</summary>
    public static NDArray Gt(NDArray x, NDArray y)
    {
        (x, y) = LaxPair("Lax.Gt", x, y);
        return Ops.Gt(x, y);
    }

    /// <summary>Elementwise x &gt;= y (bool) (<c>jax.lax.ge</c>): operands of one dtype and shape (or one 0-d), no promotion.</summary>
    public static NDArray Ge(NDArray x, NDArray y)
    {
        (x, y) = LaxPair("Lax.Ge", x, y);
        return Ops.Ge(x, y);
    }

    /// <summary>
    /// <paramref name="onTrue"/> where <paramref name="pred"/> holds, else <paramref name="onFalse"/>
    /// (<c>jax.lax.select</c>): a bool predicate of the branches' shape (or 0-d), branches of one dtype and shape.
    /// </summary>
    public static NDArray Select(NDArray pred, NDArray onTrue, NDArray onFalse)
    {
        Guard.NotNull(pred, "Lax.Select");
        Guard.NotNull(onTrue, "Lax.Select");
        Guard.NotNull(onFalse, "Lax.Select");
        (onTrue, onFalse) = LaxPair("Lax.Select", onTrue, onFalse);
        if (pred.DType != DType.Bool) throw ShapeErrors.Error("Lax.Select", "the predicate must be bool", pred.Type, onTrue.Type, onFalse.Type);
        var shape = onTrue.Rank >= onFalse.Rank ? onTrue.Shape : onFalse.Shape;
        if (pred.Rank != 0 && pred.Shape != shape) throw ShapeErrors.Error("Lax.Select", "the predicate must have the branches' shape or be 0-d", pred.Type, onTrue.Type, onFalse.Type);
        return Ops.Select(Ops.BroadcastTo(pred, shape), Ops.BroadcastTo(onTrue, shape), Ops.BroadcastTo(onFalse, shape));
    }

    /// <summary>x limited to [min, max] elementwise (<c>jax.lax.clamp(min, x, max)</c>): bounds of x's dtype, 0-d or x's shape.</summary>
    public static NDArray Clamp(NDArray min, NDArray x, NDArray max)
    {
        Guard.NotNull(min, "Lax.Clamp");
        Guard.NotNull(x, "Lax.Clamp");
        Guard.NotNull(max, "Lax.Clamp");
        (min, x) = LaxPair("Lax.Clamp", min, x);
        (x, max) = LaxPair("Lax.Clamp", x, max);
        return Ops.Min(Ops.Max(x, min), max);
    }
}
