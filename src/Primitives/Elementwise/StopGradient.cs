namespace Functional.AD;

/// <summary>The <c>stop_gradient</c> primitive: the identity whose derivative is zero.</summary>
internal sealed class StopGradientPrimitive : SingleResultPrimitive<NoParams>, IFusibleElementwise
{
    internal static readonly StopGradientPrimitive Instance = new();

    /// <summary>Fused: the same elements in the same order (see <see cref="AliasOperator"/>).</summary>
    public ElementwiseOperator? Operator(ArrayType[] inputs, PrimitiveParams parameters, ArrayType output) => AliasOperator.Instance;

    private StopGradientPrimitive() : base("stop_gradient") { }

    protected override ArrayType ShapeRule(ArrayType[] inputs, NoParams parameters) => inputs[0];

    protected override NDArray Kernel(NDArray[] args, NoParams parameters, ArrayType outType) => args[0];

    protected override (NDArray Output, int OutDim) Batch(NDArray[] args, int[] dims, NoParams parameters, int axisSize) =>
        (Apply(args, parameters), dims[0]);

    protected override (NDArray Primal, NDArray? Tangent) Jvp(NDArray[] primals, NDArray?[] tangents, NoParams parameters) =>
        (Ops.StopGradient(primals[0]), null);
}

internal static partial class Ops
{
    /// <summary>The identity, with a zero derivative.</summary>
    internal static NDArray StopGradient(NDArray x) => StopGradientPrimitive.Instance.Apply(new[] { x }, NoParams.Instance);
}
