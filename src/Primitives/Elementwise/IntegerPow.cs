using System;
using System.Collections.Generic;

namespace Functional.AD;

/// <summary>Parameters of <c>integer_pow</c>: the integer exponent.</summary>
internal sealed record IntegerPowParams(int Y) : PrimitiveParams
{
    public override IEnumerable<(string Name, object? Value)> Entries() { yield return ("y", Y); }
}

/// <summary>The <c>integer_pow</c> primitive: x^y for a fixed integer y (by repeated squaring); d = y x^(y-1) dx.</summary>
internal sealed class IntegerPowPrimitive : SingleResultPrimitive<IntegerPowParams>
{
    internal static readonly IntegerPowPrimitive Instance = new();

    private IntegerPowPrimitive() : base("integer_pow") { }

    protected override ArrayType ShapeRule(ArrayType[] inputs, IntegerPowParams p)
    {
        var t = inputs[0];
        if (!(t.DType.IsFloat() || (t.DType == DType.Int32 && p.Y >= 0)))
            throw ShapeErrors.Error(Name, $"requires a floating-point operand (or an integer one with a non-negative exponent), y={p.Y}", t);
        return t;
    }

    protected override NDArray Kernel(NDArray[] args, IntegerPowParams p, ArrayType outType)
    {
        var x = (ConcreteArray)args[0];
        switch (outType.DType)
        {
            case DType.Float64:
            {
                var src = x.Span<double>();
                var result = ConcreteArray.Allocate(outType);
                var y = result.Writable<double>();
                if (p.Y == 2 && src.Length > 0) System.Numerics.Tensors.TensorPrimitives.Multiply(src, src, y);
                else for (int i = 0; i < src.Length; i++) y[i] = Pow(src[i], p.Y);
                return result;
            }
            case DType.Float32:
            {
                var src = x.Span<float>();
                var result = ConcreteArray.Allocate(outType);
                var y = result.Writable<float>();
                if (p.Y == 2 && src.Length > 0) System.Numerics.Tensors.TensorPrimitives.Multiply(src, src, y);
                else for (int i = 0; i < src.Length; i++) y[i] = Pow(src[i], p.Y);
                return result;
            }
            default:
            {
                var src = x.Span<int>();
                var result = ConcreteArray.Allocate(outType);
                var y = result.Writable<int>();
                for (int i = 0; i < src.Length; i++) y[i] = Pow(src[i], p.Y);
                return result;
            }
        }
    }

    private static T Pow<T>(T x, int y) where T : System.Numerics.INumber<T>
    {
        bool invert = y < 0;
        long n = Math.Abs((long)y);
        T result = T.One, b = x;
        while (n > 0)
        {
            if ((n & 1) != 0) result *= b;
            b *= b;
            n >>= 1;
        }
        return invert ? T.One / result : result;
    }

    protected override (NDArray Output, int OutDim) Batch(NDArray[] args, int[] dims, IntegerPowParams p, int axisSize) =>
        (Apply(args, p), dims[0]);

    protected override (NDArray Primal, NDArray? Tangent) Jvp(NDArray[] primals, NDArray?[] tangents, IntegerPowParams p)
    {
        var x = primals[0];
        var y = Ops.IntegerPow(x, p.Y);
        var t = tangents[0];
        if (t is null || p.Y == 0) return (y, null);
        var dydx = p.Y == 1 ? Ops.Const(x, 1) : Ops.Mul(Ops.Const(x, p.Y), p.Y == 2 ? x : Ops.IntegerPow(x, p.Y - 1));
        return (y, Ops.Mul(t, dydx));
    }
}

internal static partial class Ops
{
    /// <summary>x^y for an integer y.</summary>
    internal static NDArray IntegerPow(NDArray x, int y) => IntegerPowPrimitive.Instance.Apply(new[] { x }, new IntegerPowParams(y));
}
