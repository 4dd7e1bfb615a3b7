namespace Functional.AD;

/// <summary>The <c>lgamma</c> primitive: elementwise log |Γ(x)|; d lgamma(x) = digamma(x) dx.</summary>
internal sealed class LgammaPrimitive : UnaryElementwise
{
    internal static readonly LgammaPrimitive Instance = new();

    private LgammaPrimitive() : base("lgamma", AccurateMath.Lgamma, AccurateMath.Lgamma) { }

    protected override NDArray Jvp(NDArray x, NDArray y, NDArray t) => Ops.Mul(t, Ops.Digamma(x));
}

internal static partial class Ops
{
    /// <summary>Elementwise <c>lgamma</c>.</summary>
    internal static NDArray Lgamma(NDArray x) => LgammaPrimitive.Instance.Apply(x);
}
