namespace Functional.AD;

/// <summary>The <c>log1p</c> primitive: elementwise log(1 + x), accurate for tiny x; d = dx / (1 + x).</summary>
internal sealed class Log1pPrimitive : UnaryElementwise
{
    internal static readonly Log1pPrimitive Instance = new();

    private Log1pPrimitive() : base("log1p", AccurateMath.Log1p, AccurateMath.Log1p) { }

    protected override NDArray Jvp(NDArray x, NDArray y, NDArray t) => Ops.Div(t, Ops.Add(Ops.Const(x, 1), x));
}

internal static partial class Ops
{
    /// <summary>Elementwise <c>log1p</c>.</summary>
    internal static NDArray Log1p(NDArray x) => Log1pPrimitive.Instance.Apply(x);
}
