using System.Runtime.CompilerServices;

namespace Functional.AD;

/// <summary>The <c>abs</c> primitive: elementwise absolute value; d|x| = sign(x) dx (0 at 0, as JAX).</summary>
internal sealed class AbsPrimitive : UnaryElementwise
{
    internal static readonly AbsPrimitive Instance = new();

    private AbsPrimitive() : base("abs", ArithmeticKernels.Unary<ArithmeticKernels.AbsOp<double>, double>, ArithmeticKernels.Unary<ArithmeticKernels.AbsOp<float>, float>, IntAbs, ElementwiseKernels.Int64(x => x < 0 ? unchecked(-x) : x)) { }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void IntAbs(System.ReadOnlySpan<int> x, System.Span<int> y)
    {
        for (int i = 0; i < x.Length; i++) y[i] = x[i] < 0 ? -x[i] : x[i];
    }

    protected override NDArray Jvp(NDArray x, NDArray y, NDArray t) => Ops.Mul(t, Ops.Sign(x));
}

internal static partial class Ops
{
    /// <summary>Elementwise absolute value.</summary>
    internal static NDArray Abs(NDArray x) => AbsPrimitive.Instance.Apply(x);
}
