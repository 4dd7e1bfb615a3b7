using System.Numerics.Tensors;

namespace Functional.AD;

/// <summary>The <c>logistic</c> primitive: elementwise sigmoid 1 / (1 + e^-x), computed without overflow; d s = s (1 - s) dx.</summary>
internal sealed class LogisticPrimitive : UnaryElementwise
{
    internal static readonly LogisticPrimitive Instance = new();

    private LogisticPrimitive() : base("logistic", TensorPrimitives.Sigmoid, TensorPrimitives.Sigmoid) { }

    protected override NDArray Jvp(NDArray x, NDArray y, NDArray t) => Ops.Mul(t, Ops.Mul(y, Ops.Sub(Ops.Const(y, 1), y)));
}

internal static partial class Ops
{
    /// <summary>Elementwise <c>logistic</c>.</summary>
    internal static NDArray Logistic(NDArray x) => LogisticPrimitive.Instance.Apply(x);
}
