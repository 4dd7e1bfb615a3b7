namespace Functional.AD;

/// <summary>
/// The <c>scatter_max</c> primitive: each operand element becomes the maximum of itself and the updates landing on it.
/// The tangent is that of the winner, averaged over ties (operand and updates alike), as JAX's.
/// </summary>
internal sealed class ScatterMaxPrimitive : CombiningScatterPrimitive
{
    internal static readonly ScatterMaxPrimitive Instance = new();

    private ScatterMaxPrimitive() : base("scatter_max", ScatterCombine.Maximum) { }

    protected override (NDArray Primal, NDArray? Tangent) Jvp(NDArray[] primals, NDArray?[] tangents, ScatterAddParams p)
    {
        var y = Apply(primals, p);
        return (y, ScatterExtremum.Tangent(primals, tangents, y, p.DimensionNumbers));
    }
}

internal static partial class Ops
{
    /// <summary><c>scatter_max(operand, indices, updates)</c>.</summary>
    internal static NDArray ScatterMax(NDArray operand, NDArray indices, NDArray updates, ScatterDimensionNumbers dimensionNumbers) =>
        ScatterMaxPrimitive.Instance.Apply(new[] { operand, indices, updates }, new ScatterAddParams(dimensionNumbers));
}
