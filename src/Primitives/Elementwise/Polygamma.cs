using System;

namespace Functional.AD;

/// <summary>
/// The polygamma primitives: elementwise ψ^(m)(x), the m-th derivative of digamma, for a fixed order m ≥ 1 (one
/// instance per order, printed <c>polygamma_m</c>); d ψ^(m)(x) = ψ^(m+1)(x) dx. JAX's <c>polygamma(m, x)</c>.
/// </summary>
internal sealed class PolygammaPrimitive : UnaryElementwise
{
    /// <summary>The highest order with its own instance (higher orders lose accuracy in double precision anyway).</summary>
    internal const int MaxOrder = 32;

    private static readonly PolygammaPrimitive?[] Orders = new PolygammaPrimitive?[MaxOrder + 1];

    private readonly int _order;

    private PolygammaPrimitive(int order) : base($"polygamma_{order}", Kernel64(order), Kernel32(order)) => _order = order;

    /// <summary>The instance of order <paramref name="m"/> (1 to <see cref="MaxOrder"/>).</summary>
    internal static PolygammaPrimitive Of(int m)
    {
        if (m < 1 || m > MaxOrder) throw new ArgumentOutOfRangeException(nameof(m), $"polygamma: the order must be between 1 and {MaxOrder}, got {m}");
        lock (Orders) return Orders[m] ??= new PolygammaPrimitive(m);
    }

    private static SpanMap<double> Kernel64(int m) => (x, y) => { for (int i = 0; i < x.Length; i++) y[i] = AccurateMath.Polygamma(m, x[i]); };

    private static SpanMap<float> Kernel32(int m) => (x, y) => { for (int i = 0; i < x.Length; i++) y[i] = (float)AccurateMath.Polygamma(m, x[i]); };

    protected override NDArray Jvp(NDArray x, NDArray y, NDArray t) => Ops.Mul(t, Ops.Polygamma(_order + 1, x));
}

internal static partial class Ops
{
    /// <summary>Elementwise ψ^(m)(x) for an order 1 ≤ m ≤ 32.</summary>
    internal static NDArray Polygamma(int m, NDArray x) => PolygammaPrimitive.Of(m).Apply(x);
}
