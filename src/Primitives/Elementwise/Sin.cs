namespace Functional.AD;

/// <summary>The <c>sin</c> primitive: elementwise sine; d sin(x) = cos(x) dx.</summary>
internal sealed class SinPrimitive : UnaryElementwise
{
    internal static readonly SinPrimitive Instance = new();

    private SinPrimitive() : base("sin", FastMath.Sin, FastMath.Sin) { }

    protected override NDArray Jvp(NDArray x, NDArray y, NDArray t) => Ops.Mul(t, Ops.Cos(x));
}

internal static partial class Ops
{
    /// <summary>Elementwise <c>sin</c>.</summary>
    internal static NDArray Sin(NDArray x) => SinPrimitive.Instance.Apply(x);
}
