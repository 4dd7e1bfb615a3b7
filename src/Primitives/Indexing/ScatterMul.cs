namespace Functional.AD;

/// <summary>
/// The <c>scatter_mul</c> primitive: multiplies each update window into the operand (repeated indices multiply in turn).
/// Linear in the operand (the transpose scales the cotangent the same way); the derivative in the updates assumes
/// unique indices, as JAX's does.
/// </summary>
internal sealed class ScatterMulPrimitive : CombiningScatterPrimitive, ILinearSingleResultPrimitive<ScatterAddParams>
{
    internal static readonly ScatterMulPrimitive Instance = new();

    private ScatterMulPrimitive() : base("scatter_mul", ScatterCombine.Multiply) { }

    /// <summary>d(x·u) = dx·u + x·du, the second term placed with <c>scatter</c> into zeros (exact for unique indices).</summary>
    protected override (NDArray Primal, NDArray? Tangent) Jvp(NDArray[] primals, NDArray?[] tangents, ScatterAddParams p)
    {
        var y = Apply(primals, p);
        var (tx, tu) = (tangents[0], tangents[2]);
        NDArray? t = tx is null ? null : Apply(new[] { tx, primals[1], primals[2] }, p);
        if (tu is not null)
            t = Ops.AddTangents(t, Ops.Mul(primals[0], Ops.Scatter(Ops.Zeros(primals[0].Type.Strong), primals[1], tu, p.DimensionNumbers)));
        return (y, t);
    }

    public NDArray?[] Transpose(NDArray ct, TransposeArg[] args, ScatterAddParams p)
    {
        if (args[2].IsLinear) throw new System.NotSupportedException("scatter_mul is linear only in its operand");
        return new[] { args[0].IsLinear ? Apply(new[] { ct, args[1].KnownValue, args[2].KnownValue }, p) : null, null, null };
    }
}

internal static partial class Ops
{
    /// <summary><c>scatter_mul(operand, indices, updates)</c>.</summary>
    internal static NDArray ScatterMul(NDArray operand, NDArray indices, NDArray updates, ScatterDimensionNumbers dimensionNumbers) =>
        ScatterMulPrimitive.Instance.Apply(new[] { operand, indices, updates }, new ScatterAddParams(dimensionNumbers));
}
