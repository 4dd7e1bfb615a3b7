namespace Functional.AD;

/// <summary>The <c>exp</c> primitive: elementwise e^x; d e^x = e^x dx.</summary>
internal sealed class ExpPrimitive : UnaryElementwise
{
    internal static readonly ExpPrimitive Instance = new();

    private ExpPrimitive() : base("exp", FastMath.Exp, FastMath.Exp) { }

    protected override NDArray Jvp(NDArray x, NDArray y, NDArray t) => Ops.Mul(t, y);
}

internal static partial class Ops
{
    /// <summary>Elementwise <c>exp</c>.</summary>
    internal static NDArray Exp(NDArray x) => ExpPrimitive.Instance.Apply(x);
}
