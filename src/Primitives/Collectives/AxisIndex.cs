namespace Functional.AD;

/// <summary>
/// The <c>axis_index</c> primitive: the (int32) position of the example along the <c>Vmap</c> axis it names. No
/// operands; zero derivative.
/// </summary>
internal sealed class AxisIndexPrimitive : SingleResultPrimitive<CollectiveParams>, ICollectivePrimitive
{
    internal static readonly AxisIndexPrimitive Instance = new();

    private AxisIndexPrimitive() : base("axis_index") { }

    protected override ArrayType ShapeRule(ArrayType[] inputs, CollectiveParams p) => new(Shape.Scalar, DType.Int32);

    protected override NDArray Kernel(NDArray[] args, CollectiveParams p, ArrayType outType) => throw AxisEnv.Unbound(p.Axis, Name);

    protected override (NDArray Output, int OutDim) Batch(NDArray[] args, int[] dims, CollectiveParams p, int axisSize) =>
        (Apply(args, p), Batching.NotMapped);

    public string AxisName(PrimitiveParams parameters) => ((CollectiveParams)parameters).Axis;

    public (NDArray[] Outputs, int[] OutDims) BatchNamed(NDArray[] args, int[] dims, PrimitiveParams parameters, int axisSize) =>
        (new[] { Ops.Iota(DType.Int32, Shape.Own(new[] { axisSize }), 0) }, new[] { 0 });

    protected override (NDArray Primal, NDArray? Tangent) Jvp(NDArray[] primals, NDArray?[] tangents, CollectiveParams p) =>
        (Apply(primals, p), null);
}

internal static partial class Ops
{
    /// <summary><c>axis_index</c>: the example's position along the named axis <paramref name="axis"/>.</summary>
    internal static NDArray AxisIndex(string axis) => AxisIndexPrimitive.Instance.Apply(System.Array.Empty<NDArray>(), new CollectiveParams(axis));
}
