namespace Functional.AD;

/// <summary>The <c>cos</c> primitive: elementwise cosine; d cos(x) = -sin(x) dx.</summary>
internal sealed class CosPrimitive : UnaryElementwise
{
    internal static readonly CosPrimitive Instance = new();

    private CosPrimitive() : base("cos", FastMath.Cos, FastMath.Cos) { }

    protected override NDArray Jvp(NDArray x, NDArray y, NDArray t) => Ops.Mul(t, Ops.Neg(Ops.Sin(x)));
}

internal static partial class Ops
{
    /// <summary>Elementwise <c>cos</c>.</summary>
    internal static NDArray Cos(NDArray x) => CosPrimitive.Instance.Apply(x);
}
