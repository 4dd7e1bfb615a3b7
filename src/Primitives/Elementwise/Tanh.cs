namespace Functional.AD;

/// <summary>The <c>tanh</c> primitive: elementwise hyperbolic tangent; d tanh(x) = (1 - tanh(x)^2) dx.</summary>
internal sealed class TanhPrimitive : UnaryElementwise
{
    internal static readonly TanhPrimitive Instance = new();

    private TanhPrimitive() : base("tanh", FastMath.Tanh, FastMath.Tanh) { }

    /// <summary>
    /// <c>t - (t·y)·y</c> rather than <c>t·(1 - y²)</c>: linearized, the only residual is y itself, which the next
    /// layer of a network keeps anyway (its matmul's weight gradient reads it), instead of a second array 1 - y².
    /// </summary>
    protected override NDArray Jvp(NDArray x, NDArray y, NDArray t) => Ops.Sub(t, Ops.Mul(Ops.Mul(t, y), y));
}

internal static partial class Ops
{
    /// <summary>Elementwise <c>tanh</c>.</summary>
    internal static NDArray Tanh(NDArray x) => TanhPrimitive.Instance.Apply(x);
}
