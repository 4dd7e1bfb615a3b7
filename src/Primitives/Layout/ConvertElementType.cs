using System.Collections.Generic;

namespace Functional.AD;

/// <summary>
/// Parameters of <c>convert_element_type</c>: the target dtype and weak type. JAX prints no <c>sharding</c> for it
/// when there is none (its print rule drops the trivial case), so neither is it listed here.
/// </summary>
internal sealed record ConvertElementTypeParams(DType NewDType, bool WeakType) : PrimitiveParams
{
    public override IEnumerable<(string Name, object? Value)> Entries()
    {
        yield return ("new_dtype", NewDType);
        yield return ("weak_type", WeakType);
    }
}

/// <summary>
/// The <c>convert_element_type</c> primitive: casts elements (floats truncate into integers). Linear
/// between float types; a conversion to or from a non-float type has a zero derivative.
/// </summary>
internal sealed class ConvertElementTypePrimitive : SingleResultPrimitive<ConvertElementTypeParams>, ILinearSingleResultPrimitive<ConvertElementTypeParams>, IFusibleElementwise
{
    internal static readonly ConvertElementTypePrimitive Instance = new();

    /// <summary>Fused as an element-by-element conversion (<see cref="ElementConversion"/>, as the eager kernel).</summary>
    public ElementwiseOperator? Operator(ArrayType[] inputs, PrimitiveParams parameters, ArrayType output) => ConvertOperator.Instance;

    private ConvertElementTypePrimitive() : base("convert_element_type") { }

    /// <summary>Converts between every pair of dtypes itself.</summary>
    internal override bool HandlesAllDTypes => true;

    protected override ArrayType ShapeRule(ArrayType[] inputs, ConvertElementTypeParams p) =>
        new(inputs[0].Shape, p.NewDType, p.WeakType);

    protected override NDArray Kernel(NDArray[] args, ConvertElementTypeParams p, ArrayType outType) =>
        ((ConcreteArray)args[0]).ConvertTo(p.NewDType, p.WeakType);

    protected override (NDArray Output, int OutDim) Batch(NDArray[] args, int[] dims, ConvertElementTypeParams p, int axisSize) =>
        (Apply(args, p), dims[0]);

    protected override (NDArray Primal, NDArray? Tangent) Jvp(NDArray[] primals, NDArray?[] tangents, ConvertElementTypeParams p)
    {
        var y = Apply(primals, p);
        var t = tangents[0];
        if (t is null || !p.NewDType.IsFloat() || !primals[0].DType.IsFloat()) return (y, null);
        return (y, Apply(new[] { t }, p));
    }

    public NDArray?[] Transpose(NDArray ct, TransposeArg[] args, ConvertElementTypeParams p) =>
        new[] { Ops.ConvertElementType(ct, args[0].Type.DType, args[0].Type.Weak) };
}

internal static partial class Ops
{
    /// <summary>Casts to <paramref name="dtype"/>; <paramref name="x"/> itself when nothing changes. Concrete values convert directly.</summary>
    internal static NDArray ConvertElementType(NDArray x, DType dtype, bool weak = false)
    {
        if (x.DType == dtype && x.IsWeaklyTyped == weak) return x;
        return ConvertElementTypePrimitive.Instance.Apply(new[] { x }, new ConvertElementTypeParams(dtype, weak));
    }
}
