using System;
using System.Runtime.CompilerServices;

namespace Functional.AD;

/// <summary>Operators, methods and F#-friendly static math members of <see cref="NDArray"/>, built on <see cref="Np"/>.</summary>
public abstract partial class NDArray
{
    /// <summary>Element <paramref name="index"/> along axis 0 (negative counts from the end): an array of rank one less.</summary>
    public NDArray this[int index]
    {
        get
        {
            if (Rank == 0) throw new ArgumentException($"NDArray[{index}]: cannot index the 0-d array {Type}");
            int n = Shape[0];
            int i = index < 0 ? index + n : index;
            if (i < 0 || i >= n)
                throw new ArgumentOutOfRangeException(nameof(index), $"NDArray[{index}]: index {index} is out of range for axis 0 of {Type}");
            if (this is ConcreteArray c) return c.SliceAxis0(i, 1, keepAxis: false);
            return Ops.Squeeze(Ops.SliceAxis(this, 0, i, i + 1), new IntTuple(0));
        }
    }

    /// <summary>A slice along axis 0, e.g. <c>x[1..^1]</c>.</summary>
    public NDArray this[Range range]
    {
        get
        {
            if (Rank == 0) throw new ArgumentException($"NDArray[{range}]: cannot slice the 0-d array {Type}");
            int n = Shape[0];
            int start = range.Start.IsFromEnd ? n - range.Start.Value : range.Start.Value;
            int end = range.End.IsFromEnd ? n - range.End.Value : range.End.Value;
            if (start < 0 || end > n || start > end)
                throw new ArgumentOutOfRangeException(nameof(range), $"NDArray[{range}]: range is out of bounds for axis 0 of {Type}");
            if (this is ConcreteArray c) return c.SliceAxis0(start, end - start, keepAxis: true);
            return Ops.SliceAxis(this, 0, start, end);
        }
    }

    /// <summary>This array converted to <paramref name="dtype"/> (strongly typed).</summary>
    public NDArray AsType(DType dtype)
    {
        DTypes.Check("AsType", dtype);
        if (this is ConcreteArray c) return c.ConvertTo(dtype, weak: false);
        return Ops.ConvertElementType(this, dtype, weak: false);
    }

    /// <summary>The same elements in a new shape; one entry may be -1.</summary>
    public NDArray Reshape(params int[] shape) => Np.Reshape(this, shape);

    /// <summary>Permutes axes; with no arguments reverses them.</summary>
    public NDArray Transpose(params int[] axes) => Np.Transpose(this, Guard.NotNull(axes, "NDArray.Transpose").Length == 0 ? null : axes);

    /// <summary>The array with its axes reversed.</summary>
    public NDArray T => Np.Transpose(this);

    /// <summary>Sum over one axis or all axes.</summary>
    public NDArray Sum(int? axis = null, bool keepDims = false) => Np.Sum(this, axis, keepDims);

    /// <summary>Mean over one axis or all axes.</summary>
    public NDArray Mean(int? axis = null, bool keepDims = false) => Np.Mean(this, axis, keepDims);

    /// <summary>Maximum over one axis or all axes.</summary>
    public NDArray Max(int? axis = null, bool keepDims = false) => Np.Max(this, axis, keepDims);

    /// <summary>Minimum over one axis or all axes.</summary>
    public NDArray Min(int? axis = null, bool keepDims = false) => Np.Min(this, axis, keepDims);

    /// <summary>a + b (broadcasting).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static NDArray operator +(NDArray a, NDArray b) => Np.Add(a, b);
    /// <summary>a - b (broadcasting).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static NDArray operator -(NDArray a, NDArray b) => Np.Subtract(a, b);
    /// <summary>a * b (broadcasting).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static NDArray operator *(NDArray a, NDArray b) => Np.Multiply(a, b);
    /// <summary>a / b (broadcasting, true division).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static NDArray operator /(NDArray a, NDArray b) => Np.Divide(a, b);
    /// <summary>-a.</summary>
    public static NDArray operator -(NDArray x) => Np.Negative(x);
    /// <summary>a &lt; b elementwise (bool).</summary>
    public static NDArray operator <(NDArray a, NDArray b) => Np.Less(a, b);
    /// <summary>a &lt;= b elementwise (bool).</summary>
    public static NDArray operator <=(NDArray a, NDArray b) => Np.LessEqual(a, b);
    /// <summary>a &gt; b elementwise (bool).</summary>
    public static NDArray operator >(NDArray a, NDArray b) => Np.Greater(a, b);
    /// <summary>a &gt;= b elementwise (bool).</summary>
    public static NDArray operator >=(NDArray a, NDArray b) => Np.GreaterEqual(a, b);

    // The same operators with a (weakly typed) number on either side, for F#, which applies no implicit conversion to operators.

    /// <summary>a + b.</summary>
    public static NDArray operator +(NDArray a, double b) => Np.Add(a, b);
    /// <summary>a + b.</summary>
    public static NDArray operator +(double a, NDArray b) => Np.Add(a, b);
    /// <summary>a + b.</summary>
    public static NDArray operator +(NDArray a, int b) => Np.Add(a, b);
    /// <summary>a + b.</summary>
    public static NDArray operator +(int a, NDArray b) => Np.Add(a, b);
    /// <summary>a - b.</summary>
    public static NDArray operator -(NDArray a, double b) => Np.Subtract(a, b);
    /// <summary>a - b.</summary>
    public static NDArray operator -(double a, NDArray b) => Np.Subtract(a, b);
    /// <summary>a - b.</summary>
    public static NDArray operator -(NDArray a, int b) => Np.Subtract(a, b);
    /// <summary>a - b.</summary>
    public static NDArray operator -(int a, NDArray b) => Np.Subtract(a, b);
    /// <summary>a * b.</summary>
    public static NDArray operator *(NDArray a, double b) => Np.Multiply(a, b);
    /// <summary>a * b.</summary>
    public static NDArray operator *(double a, NDArray b) => Np.Multiply(a, b);
    /// <summary>a * b.</summary>
    public static NDArray operator *(NDArray a, int b) => Np.Multiply(a, b);
    /// <summary>a * b.</summary>
    public static NDArray operator *(int a, NDArray b) => Np.Multiply(a, b);
    /// <summary>a / b.</summary>
    public static NDArray operator /(NDArray a, double b) => Np.Divide(a, b);
    /// <summary>a / b.</summary>
    public static NDArray operator /(double a, NDArray b) => Np.Divide(a, b);
    /// <summary>a / b.</summary>
    public static NDArray operator /(NDArray a, int b) => Np.Divide(a, b);
    /// <summary>a / b.</summary>
    public static NDArray operator /(int a, NDArray b) => Np.Divide(a, b);
    /// <summary>a &lt; b.</summary>
    public static NDArray operator <(NDArray a, double b) => Np.Less(a, b);
    /// <summary>a &lt; b.</summary>
    public static NDArray operator <(double a, NDArray b) => Np.Less(a, b);
    /// <summary>a &lt; b.</summary>
    public static NDArray operator <(NDArray a, int b) => Np.Less(a, b);
    /// <summary>a &lt; b.</summary>
    public static NDArray operator <(int a, NDArray b) => Np.Less(a, b);
    /// <summary>a &gt; b.</summary>
    public static NDArray operator >(NDArray a, double b) => Np.Greater(a, b);
    /// <summary>a &gt; b.</summary>
    public static NDArray operator >(double a, NDArray b) => Np.Greater(a, b);
    /// <summary>a &gt; b.</summary>
    public static NDArray operator >(NDArray a, int b) => Np.Greater(a, b);
    /// <summary>a &gt; b.</summary>
    public static NDArray operator >(int a, NDArray b) => Np.Greater(a, b);
    /// <summary>a &lt;= b.</summary>
    public static NDArray operator <=(NDArray a, double b) => Np.LessEqual(a, b);
    /// <summary>a &lt;= b.</summary>
    public static NDArray operator <=(double a, NDArray b) => Np.LessEqual(a, b);
    /// <summary>a &lt;= b.</summary>
    public static NDArray operator <=(NDArray a, int b) => Np.LessEqual(a, b);
    /// <summary>a &lt;= b.</summary>
    public static NDArray operator <=(int a, NDArray b) => Np.LessEqual(a, b);
    /// <summary>a &gt;= b.</summary>
    public static NDArray operator >=(NDArray a, double b) => Np.GreaterEqual(a, b);
    /// <summary>a &gt;= b.</summary>
    public static NDArray operator >=(double a, NDArray b) => Np.GreaterEqual(a, b);
    /// <summary>a &gt;= b.</summary>
    public static NDArray operator >=(NDArray a, int b) => Np.GreaterEqual(a, b);
    /// <summary>a &gt;= b.</summary>
    public static NDArray operator >=(int a, NDArray b) => Np.GreaterEqual(a, b);

    /// <summary>Sine (what F#'s <c>sin</c> resolves to).</summary>
    public static NDArray Sin(NDArray x) => Np.Sin(x);
    /// <summary>Cosine.</summary>
    public static NDArray Cos(NDArray x) => Np.Cos(x);
    /// <summary>Tangent.</summary>
    public static NDArray Tan(NDArray x) => Np.Tan(x);
    /// <summary>e^x.</summary>
    public static NDArray Exp(NDArray x) => Np.Exp(x);
    /// <summary>Natural logarithm.</summary>
    public static NDArray Log(NDArray x) => Np.Log(x);
    /// <summary>Square root.</summary>
    public static NDArray Sqrt(NDArray x) => Np.Sqrt(x);
    /// <summary>Hyperbolic tangent.</summary>
    public static NDArray Tanh(NDArray x) => Np.Tanh(x);
    /// <summary>Arctangent.</summary>
    public static NDArray Atan(NDArray x) => Np.Arctan(x);
    /// <summary>Absolute value.</summary>
    public static NDArray Abs(NDArray x) => Np.Abs(x);
    /// <summary>x^y (F#'s <c>**</c>).</summary>
    public static NDArray Pow(NDArray x, NDArray y) => Np.Power(x, y);
}
