namespace Functional.AD;

/// <summary>The <c>digamma</c> primitive: elementwise ψ(x) = Γ'(x)/Γ(x); d digamma(x) = polygamma(1, x) dx.</summary>
internal sealed class DigammaPrimitive : UnaryElementwise
{
    internal static readonly DigammaPrimitive Instance = new();

    private DigammaPrimitive() : base("digamma", AccurateMath.Digamma, AccurateMath.Digamma) { }

    protected override NDArray Jvp(NDArray x, NDArray y, NDArray t) => Ops.Mul(t, Ops.Polygamma(1, x));
}

internal static partial class Ops
{
    /// <summary>Elementwise <c>digamma</c>.</summary>
    internal static NDArray Digamma(NDArray x) => DigammaPrimitive.Instance.Apply(x);
}
