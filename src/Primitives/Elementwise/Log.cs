using System.Numerics.Tensors;

namespace Functional.AD;

/// <summary>The <c>log</c> primitive: elementwise natural logarithm; d log(x) = dx / x.</summary>
internal sealed class LogPrimitive : UnaryElementwise
{
    internal static readonly LogPrimitive Instance = new();

    private LogPrimitive() : base("log", TensorPrimitives.Log, TensorPrimitives.Log) { }

    protected override NDArray Jvp(NDArray x, NDArray y, NDArray t) => Ops.Div(t, x);
}

internal static partial class Ops
{
    /// <summary>Elementwise <c>log</c>.</summary>
    internal static NDArray Log(NDArray x) => LogPrimitive.Instance.Apply(x);
}
