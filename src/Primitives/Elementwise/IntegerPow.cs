using System;
using System.Runtime.CompilerServices;
using System.Collections.Generic;

namespace Functional.AD;

/// <summary>Parameters of <c>integer_pow</c>: the integer exponent.</summary>
internal sealed record IntegerPowParams(int Y) : PrimitiveParams
{
    public override IEnumerable<(string Name, object? Value)> Entries() { yield return ("y", Y); }
}

/// <summary>The <c>integer_pow</c> primitive: x^y for a fixed integer y (by repeated squaring); d = y x^(y-1) dx.</summary>
internal sealed class IntegerPowPrimitive : SingleResultPrimitive<IntegerPowParams>, IFusibleElementwise
{
    internal static readonly IntegerPowPrimitive Instance = new();

    private IntegerPowPrimitive() : base("integer_pow") { }

    protected override ArrayType ShapeRule(ArrayType[] inputs, IntegerPowParams p)
    {
        var t = inputs[0];
        if (!(t.DType.IsFloat() || (t.DType.IsInteger() && p.Y >= 0)))
            throw ShapeErrors.Error(Name, $"requires a floating-point operand (or an integer one with a non-negative exponent), y={p.Y}", t);
        return t;
    }

    protected override NDArray Kernel(NDArray[] args, IntegerPowParams p, ArrayType outType) => outType.DType switch
    {
        DType.Float64 => ElementwiseKernels.Map(args[0], outType, PowerKernel<double>(p.Y), PowerKernel<float>(p.Y)),
        DType.Float32 => ElementwiseKernels.Map(args[0], outType, PowerKernel<double>(p.Y), PowerKernel<float>(p.Y)),
        _ => ElementwiseKernels.MapNumeric(args[0], outType, PowerKernel<double>(p.Y), PowerKernel<float>(p.Y), PowerKernel<int>(p.Y), PowerKernel<long>(p.Y)),
    };

    /// <summary>Fused as a unary operator with the same kernel.</summary>
    public ElementwiseOperator? Operator(ArrayType[] inputs, PrimitiveParams parameters, ArrayType output)
    {
        int y = ((IntegerPowParams)parameters).Y;
        return output.DType switch
        {
            DType.Float64 => new UnaryOperator<double>(PowerKernel<double>(y)),
            DType.Float32 => new UnaryOperator<float>(PowerKernel<float>(y)),
            _ => new UnaryOperator<int>(PowerKernel<int>(y)),
        };
    }

    /// <summary>The span kernel of x^y: a product for y = 2, else powers by squaring (eager and fused alike); cached for small y.</summary>
    private static SpanMap<T> PowerKernel<T>(int y) where T : unmanaged, System.Numerics.INumber<T>
    {
        var cache = KernelCache<T>.ByExponent;
        int slot = y + KernelCache<T>.Offset;
        if ((uint)slot >= (uint)cache.Length) return MakeKernel<T>(y);
        return cache[slot] ??= MakeKernel<T>(y);
    }

    private static SpanMap<T> MakeKernel<T>(int y) where T : unmanaged, System.Numerics.INumber<T> => y == 2
        ? (x, z) => ArithmeticKernels.Binary<ArithmeticKernels.MultiplyOp<T>, T>(x, x, z)
        : (x, z) =>
        {
            for (int i = 0; i < z.Length; i++) z[i] = Pow(x[i], y);
        };

    /// <summary>Kernels of the exponents -16 .. 16, made on first use.</summary>
    private static class KernelCache<T>
    {
        internal const int Offset = 16;
        internal static readonly SpanMap<T>?[] ByExponent = new SpanMap<T>?[2 * Offset + 1];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
