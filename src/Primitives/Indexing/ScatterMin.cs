namespace Functional.AD;

/// <summary>
/// The <c>scatter_min</c> primitive: each operand element becomes the minimum of itself and the updates landing on it.
/// The tangent is that of the winner, averaged over ties (operand and updates alike), as JAX's.
/// </summary>
internal sealed class ScatterMinPrimitive : CombiningScatterPrimitive
{
    internal static readonly ScatterMinPrimitive Instance = new();

    private ScatterMinPrimitive() : base("scatter_min", ScatterCombine.Minimum) { }

    protected override (NDArray Primal, NDArray? Tangent) Jvp(NDArray[] primals, NDArray?[] tangents, ScatterAddParams p)
    {
        var y = Apply(primals, p);
        return (y, ScatterExtremum.Tangent(primals, tangents, y, p.DimensionNumbers));
    }
}

internal static partial class Ops
{
    /// <summary><c>scatter_min(operand, indices, updates)</c>.</summary>
    internal static NDArray ScatterMin(NDArray operand, NDArray indices, NDArray updates, ScatterDimensionNumbers dimensionNumbers) =>
        ScatterMinPrimitive.Instance.Apply(new[] { operand, indices, updates }, new ScatterAddParams(dimensionNumbers));
}
