namespace Functional.AD;

/// <summary>
/// The <c>scatter</c> primitive: <c>scatter(operand, indices, updates)</c> replaces each update window of the operand
/// (clamped starts, as <c>gather</c>). With repeated indices one update wins: the last in index order, the same one in
/// every transform. Linear in operand and updates together.
/// </summary>
internal sealed class ScatterPrimitive : CombiningScatterPrimitive, ILinearSingleResultPrimitive<ScatterAddParams>
{
    internal static readonly ScatterPrimitive Instance = new();

    private ScatterPrimitive() : base("scatter", ScatterCombine.Replace) { }

    /// <summary>The tangent scatters the same way: the same update wins in the primal and the tangent.</summary>
    protected override (NDArray Primal, NDArray? Tangent) Jvp(NDArray[] primals, NDArray?[] tangents, ScatterAddParams p)
    {
        var y = Apply(primals, p);
        var (tx, tu) = (tangents[0], tangents[2]);
        if (tx is null && tu is null) return (y, null);
        return (y, Apply(new[] { tx ?? Ops.Zeros(primals[0].Type.Strong), primals[1], tu ?? Ops.Zeros(primals[2].Type.Strong) }, p));
    }

    /// <summary>
    /// The operand's cotangent is zero where an update landed; each update's cotangent is the output cotangent at its
    /// window, for the update that won there only (found by scattering each update's position and reading it back).
    /// </summary>
    public NDArray?[] Transpose(NDArray ct, TransposeArg[] args, ScatterAddParams p)
    {
        var idx = args[1].KnownValue;
        var updType = args[2].Type;
        NDArray? ctx = args[0].IsLinear ? Apply(new[] { ct, idx, Ops.Zeros(new ArrayType(updType.Shape, ct.DType)) }, p) : null;
        NDArray? ctu = null;
        if (args[2].IsLinear)
        {
            var ids = Ops.Reshape(Ops.Iota(DType.Int32, new Shape(updType.Shape.Size), 0), updType.Shape);
            var winners = Apply(new[] { Ops.Full(new ArrayType(args[0].Type.Shape, DType.Int32), -1), idx, ids }, p);
            var won = Ops.Eq(GatherWindows(winners, idx, ids.Type, p.DimensionNumbers), ids);
            var read = GatherWindows(ct, idx, updType, p.DimensionNumbers);
            ctu = Ops.Select(won, read, Ops.ZerosLike(read));
        }
        return new[] { ctx, null, ctu };
    }
}

internal static partial class Ops
{
    /// <summary><c>scatter(operand, indices, updates)</c>: replaces the update windows.</summary>
    internal static NDArray Scatter(NDArray operand, NDArray indices, NDArray updates, ScatterDimensionNumbers dimensionNumbers) =>
        ScatterPrimitive.Instance.Apply(new[] { operand, indices, updates }, new ScatterAddParams(dimensionNumbers));
}
