namespace Functional.AD;

/// <summary>
/// The <c>max</c> and <c>min</c> primitives: elementwise maximum / minimum (NaN propagates; on bools, or / and). The
/// derivative follows the chosen operand; at ties each operand gets half, as in JAX.
/// </summary>
internal sealed class MaxMinPrimitive : BinaryElementwise
{
    internal static readonly MaxMinPrimitive Max = new("max", ElementwiseKernels.Std<double>.Max, ElementwiseKernels.Std<float>.Max,
        ElementwiseKernels.Std<int>.Max, ElementwiseKernels.Or, ElementwiseKernels.Std<long>.Max);
    internal static readonly MaxMinPrimitive Min = new("min", ElementwiseKernels.Std<double>.Min, ElementwiseKernels.Std<float>.Min,
        ElementwiseKernels.Std<int>.Min, ElementwiseKernels.And, ElementwiseKernels.Std<long>.Min);

    private MaxMinPrimitive(string name, ElementwiseKernels.BinaryKernels<double> f64, ElementwiseKernels.BinaryKernels<float> f32,
        ElementwiseKernels.BinaryKernels<int> i32, ElementwiseKernels.BinaryKernels<bool> b8, ElementwiseKernels.BinaryKernels<long> i64) : base(name, f64, f32, i32, b8, i64) { }

    protected override (NDArray Primal, NDArray? Tangent) Jvp(NDArray[] primals, NDArray?[] tangents, NoParams parameters)
    {
        var (a, b) = (primals[0], primals[1]);
        var y = Apply(a, b);
        var (ta, tb) = (tangents[0], tangents[1]);
        var da = ta is null ? null : Broadcast(Ops.Mul(ta, BalancedEq(a, y, b)), y);
        var db = tb is null ? null : Broadcast(Ops.Mul(tb, BalancedEq(b, y, a)), y);
        return (y, Ops.AddTangents(da, db));
    }

    /// <summary>1 where x is the result and the other operand is not, 0.5 where both are, else 0.</summary>
    private static NDArray BalancedEq(NDArray x, NDArray result, NDArray other)
    {
        var one = Ops.Const(result, 1);
        var xIs = Ops.Select(Ops.Eq(x, result), Ops.BroadcastTo(one, result.Shape), Ops.ZerosLike(result));
        var otherIs = Ops.Select(Ops.Eq(other, result), Ops.BroadcastTo(Ops.Const(result, 0.5), result.Shape), Ops.BroadcastTo(one, result.Shape));
        return Ops.Mul(xIs, otherIs);
    }
}

internal static partial class Ops
{
    /// <summary>Elementwise maximum.</summary>
    internal static NDArray Max(NDArray x, NDArray y) => MaxMinPrimitive.Max.Apply(x, y);

    /// <summary>Elementwise minimum.</summary>
    internal static NDArray Min(NDArray x, NDArray y) => MaxMinPrimitive.Min.Apply(x, y);
}
