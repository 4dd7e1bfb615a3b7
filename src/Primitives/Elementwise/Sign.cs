using System;
using System.Runtime.CompilerServices;

namespace Functional.AD;

/// <summary>The <c>sign</c> primitive: -1, 0 or 1 (NaN stays NaN); its derivative is zero.</summary>
internal sealed class SignPrimitive : UnaryElementwise
{
    internal static readonly SignPrimitive Instance = new();

    private SignPrimitive() : base("sign", SignOf, SignOf, SignOf, ElementwiseKernels.Int64(x => Math.Sign(x))) { }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SignOf(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < x.Length; i++) y[i] = double.IsNaN(x[i]) ? x[i] : Math.Sign(x[i]);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SignOf(ReadOnlySpan<float> x, Span<float> y)
    {
        for (int i = 0; i < x.Length; i++) y[i] = float.IsNaN(x[i]) ? x[i] : Math.Sign(x[i]);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SignOf(ReadOnlySpan<int> x, Span<int> y)
    {
        for (int i = 0; i < x.Length; i++) y[i] = Math.Sign(x[i]);
    }

    protected override (NDArray Primal, NDArray? Tangent) Jvp(NDArray[] primals, NDArray?[] tangents, NoParams parameters) =>
        (Apply(primals[0]), null);

    protected override NDArray Jvp(NDArray x, NDArray y, NDArray t) => throw new InvalidOperationException("unreachable");
}

internal static partial class Ops
{
    /// <summary>Elementwise sign.</summary>
    internal static NDArray Sign(NDArray x) => SignPrimitive.Instance.Apply(x);
}
