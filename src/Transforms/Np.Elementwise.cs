using System;
using System.Runtime.CompilerServices;

namespace Functional.AD;

public static partial class Np
{
    /// <summary>A unary primitive applied to <paramref name="x"/> after the null check and the promotion to float that every such function does.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static NDArray FloatUnary(string operation, NDArray x, Func<NDArray, NDArray> primitive) =>
        primitive(Promotion.ToFloat(Guard.NotNull(x, operation)));

    /// <summary>A binary primitive applied after the null checks, numpy broadcasting and dtype promotion.</summary>
    private static NDArray Binary(string operation, NDArray a, NDArray b, Func<NDArray, NDArray, NDArray> primitive)
    {
        Guard.NotNull(a, operation);
        Guard.NotNull(b, operation);
        (a, b) = Promotion.Binary(operation, a, b);
        return primitive(a, b);
    }

    /// <summary>a + b with numpy broadcasting and dtype promotion (on two bool arrays: logical or, as numpy).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static NDArray Add(NDArray a, NDArray b)
    {
        Guard.NotNull(a, "Np.Add");
        Guard.NotNull(b, "Np.Add");
        (a, b) = Promotion.Binary("Np.Add", a, b);
        return a.DType == DType.Bool ? Ops.Max(a, b) : Ops.Add(a, b);
    }

    /// <summary>a - b with numpy broadcasting and dtype promotion (not defined for two bool arrays, as in numpy).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static NDArray Subtract(NDArray a, NDArray b)
    {
        Guard.NotNull(a, "Np.Subtract");
        Guard.NotNull(b, "Np.Subtract");
        var (ta, tb) = (a.Type, b.Type);
        (a, b) = Promotion.Binary("Np.Subtract", a, b);
        if (a.DType == DType.Bool)
            throw new ArgumentException($"Np.Subtract: subtracting bool arrays is not supported ({ta} - {tb}); use Np.NotEqual, or convert with AsType(DType.Int32)");
        return Ops.Sub(a, b);
    }

    /// <summary>a * b with numpy broadcasting and dtype promotion (on two bool arrays: logical and, as numpy).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static NDArray Multiply(NDArray a, NDArray b)
    {
        Guard.NotNull(a, "Np.Multiply");
        Guard.NotNull(b, "Np.Multiply");
        (a, b) = Promotion.Binary("Np.Multiply", a, b);
        return a.DType == DType.Bool ? Ops.Min(a, b) : Ops.Mul(a, b);
    }

    /// <summary>a / b (true division: integer operands give f64) with numpy broadcasting.</summary>
    public static NDArray Divide(NDArray a, NDArray b)
    {
        Guard.NotNull(a, "Np.Divide");
        Guard.NotNull(b, "Np.Divide");
        (a, b) = Promotion.Binary("Np.Divide", a, b);
        return Ops.Div(Promotion.ToFloat(a), Promotion.ToFloat(b));
    }

    /// <summary>-x.</summary>
    public static NDArray Negative(NDArray x)
    {
        Guard.NotNull(x, "Np.Negative");
        return Ops.Neg(x.DType == DType.Bool ? Promotion.Coerce(x, DType.Int32) : x);
    }

    /// <summary>
    /// x^y with broadcasting. An integer exponent that is a concrete 0-d value (a C# int) uses
    /// <c>integer_pow</c>, as JAX does for Python ints; otherwise <c>pow</c>. Two integer operands give an
    /// exact integer result (a negative exponent truncates 1/x^n toward zero).
    /// </summary>
    public static NDArray Power(NDArray x, NDArray y)
    {
        Guard.NotNull(x, "Np.Power");
        Guard.NotNull(y, "Np.Power");
        if (x.DType == DType.Bool) x = Promotion.Coerce(x, DType.Int32);
        if (y.DType == DType.Bool) y = Promotion.Coerce(y, DType.Int32);
        if (y is ConcreteArray c && c.Rank == 0 && c.DType == DType.Int32)
        {
            int n = c.Span<int>()[0];
            if (n >= 0 || x.DType.IsFloat()) return Ops.IntegerPow(x, n);
        }
        (x, y) = Promotion.Binary("Np.Power", x, y);
        return Ops.Pow(x, y);
    }

    /// <summary>x * x.</summary>
    public static NDArray Square(NDArray x)
    {
        Guard.NotNull(x, "Np.Square");
        return Ops.IntegerPow(x.DType == DType.Bool ? Promotion.Coerce(x, DType.Int32) : x, 2);
    }

    /// <summary>Square root.</summary>
    public static NDArray Sqrt(NDArray x) => FloatUnary("Np.Sqrt", x, Ops.Sqrt);

    /// <summary>1 / x.</summary>
    public static NDArray Reciprocal(NDArray x)
    {
        Guard.NotNull(x, "Np.Reciprocal");
        return Ops.IntegerPow(Promotion.ToFloat(x), -1);
    }

    /// <summary>e^x.</summary>
    public static NDArray Exp(NDArray x) => FloatUnary("Np.Exp", x, Ops.Exp);

    /// <summary>Natural logarithm.</summary>
    public static NDArray Log(NDArray x) => FloatUnary("Np.Log", x, Ops.Log);

    /// <summary>log(1 + x), accurate for tiny x.</summary>
    public static NDArray Log1p(NDArray x) => FloatUnary("Np.Log1p", x, Ops.Log1p);

    /// <summary>e^x - 1, accurate for tiny x.</summary>
    public static NDArray Expm1(NDArray x) => FloatUnary("Np.Expm1", x, Ops.Expm1);

    /// <summary>Sine.</summary>
    public static NDArray Sin(NDArray x) => FloatUnary("Np.Sin", x, Ops.Sin);

    /// <summary>Cosine.</summary>
    public static NDArray Cos(NDArray x) => FloatUnary("Np.Cos", x, Ops.Cos);

    /// <summary>Tangent.</summary>
    public static NDArray Tan(NDArray x) => FloatUnary("Np.Tan", x, Ops.Tan);

    /// <summary>Hyperbolic tangent.</summary>
    public static NDArray Tanh(NDArray x) => FloatUnary("Np.Tanh", x, Ops.Tanh);

    /// <summary>Arctangent.</summary>
    public static NDArray Arctan(NDArray x) => FloatUnary("Np.Arctan", x, Ops.Atan);

    /// <summary>Absolute value.</summary>
    public static NDArray Abs(NDArray x)
    {
        Guard.NotNull(x, "Np.Abs");
        return x.DType == DType.Bool ? x : Ops.Abs(x);
    }

    /// <summary>
    /// The largest integer not greater than x, elementwise (<c>jnp.floor</c>): integer and bool arrays come back
    /// unchanged; the derivative is zero.
    /// </summary>
    public static NDArray Floor(NDArray x)
    {
        Guard.NotNull(x, "Np.Floor");
        return x.DType.IsFloat() ? Ops.Floor(x) : x;
    }

    /// <summary>-1, 0 or 1 by the sign of x.</summary>
    public static NDArray Sign(NDArray x)
    {
        Guard.NotNull(x, "Np.Sign");
        return x.DType == DType.Bool ? x : Ops.Sign(x);
    }

    /// <summary>Elementwise maximum (NaN propagates) with broadcasting.</summary>
    public static NDArray Maximum(NDArray a, NDArray b) => Binary("Np.Maximum", a, b, Ops.Max);

    /// <summary>Elementwise minimum (NaN propagates) with broadcasting.</summary>
    public static NDArray Minimum(NDArray a, NDArray b) => Binary("Np.Minimum", a, b, Ops.Min);

    /// <summary>x limited to [min, max]: <c>Minimum(Maximum(x, min), max)</c>.</summary>
    public static NDArray Clip(NDArray x, NDArray min, NDArray max)
    {
        Guard.NotNull(x, "Np.Clip");
        Guard.NotNull(min, "Np.Clip");
        Guard.NotNull(max, "Np.Clip");
        // Checked here so that an error names Np.Clip and its operands, not the Np.Maximum and Np.Minimum it is made of.
        var shape = Promotion.BroadcastShapes("Np.Clip", x, min);
        Promotion.BroadcastShapes("Np.Clip", shape, max.Shape, new ArrayType(shape, x.DType), max.Type);
        return Minimum(Maximum(x, min), max);
    }

    /// <summary>Elementwise <c>condition ? x : y</c> with broadcasting (a non-bool condition means "non-zero").</summary>
    /// <remarks>
    /// Both branches are computed everywhere, and so are their derivatives: where the unselected branch has an
    /// infinite or NaN derivative, the gradient is NaN even though its value was not picked (0 · inf = NaN), as in
    /// JAX. <c>Np.Where(x &gt; 0, Np.Sqrt(x), 0)</c> has a NaN gradient at x = 0. The fix is the "double where":
    /// make the unselected inputs safe too, <c>var safe = Np.Where(x &gt; 0, x, 1); Np.Where(x &gt; 0, Np.Sqrt(safe), 0)</c>.
    /// </remarks>
    public static NDArray Where(NDArray condition, NDArray x, NDArray y)
    {
        Guard.NotNull(condition, "Np.Where");
        Guard.NotNull(x, "Np.Where");
        Guard.NotNull(y, "Np.Where");
        if (condition.DType != DType.Bool) condition = Ops.Ne(condition, Ops.Const(condition, 0));
        var shape = Promotion.BroadcastShapes("Np.Where", condition, x);
        shape = Promotion.BroadcastShapes("Np.Where", shape, y.Shape, new ArrayType(shape, x.DType), y.Type);
        (x, y) = Promotion.Binary("Np.Where", x, y);
        return Ops.Select(Ops.BroadcastTo(condition, shape), Ops.BroadcastTo(x, shape), Ops.BroadcastTo(y, shape));
    }

    /// <summary>a == b elementwise (bool), with broadcasting.</summary>
    public static NDArray Equal(NDArray a, NDArray b) => Binary("Np.Equal", a, b, Ops.Eq);

    /// <summary>a != b elementwise (bool), with broadcasting.</summary>
    public static NDArray NotEqual(NDArray a, NDArray b) => Binary("Np.NotEqual", a, b, Ops.Ne);

    /// <summary>a &lt; b elementwise (bool), with broadcasting.</summary>
    public static NDArray Less(NDArray a, NDArray b) => Binary("Np.Less", a, b, Ops.Lt);

    /// <summary>a &lt;= b elementwise (bool), with broadcasting.</summary>
    public static NDArray LessEqual(NDArray a, NDArray b) => Binary("Np.LessEqual", a, b, Ops.Le);

    /// <summary>a &gt; b elementwise (bool), with broadcasting.</summary>
    public static NDArray Greater(NDArray a, NDArray b) => Binary("Np.Greater", a, b, Ops.Gt);

    /// <summary>a &gt;= b elementwise (bool), with broadcasting.</summary>
    public static NDArray GreaterEqual(NDArray a, NDArray b) => Binary("Np.GreaterEqual", a, b, Ops.Ge);

    /// <summary>True where x is neither infinite nor NaN.</summary>
    public static NDArray IsFinite(NDArray x)
    {
        Guard.NotNull(x, "Np.IsFinite");
        return x.DType.IsFloat() ? Ops.Eq(Ops.Sub(x, x), Ops.Const(x, 0)) : Ops.Eq(x, x);
    }
}
