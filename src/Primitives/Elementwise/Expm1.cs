namespace Functional.AD;

/// <summary>The <c>expm1</c> primitive: elementwise e^x - 1, accurate for tiny x; d = (y + 1) dx.</summary>
internal sealed class Expm1Primitive : UnaryElementwise
{
    internal static readonly Expm1Primitive Instance = new();

    private Expm1Primitive() : base("expm1", AccurateMath.Expm1, AccurateMath.Expm1) { }

    protected override NDArray Jvp(NDArray x, NDArray y, NDArray t) => Ops.Mul(t, Ops.Add(y, Ops.Const(y, 1)));
}

internal static partial class Ops
{
    /// <summary>Elementwise <c>expm1</c>.</summary>
    internal static NDArray Expm1(NDArray x) => Expm1Primitive.Instance.Apply(x);
}
