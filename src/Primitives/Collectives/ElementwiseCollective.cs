namespace Functional.AD;

/// <summary>
/// A collective that combines the examples of a named axis elementwise (<c>psum</c>, <c>pmax</c>, <c>pmin</c>): the
/// result has the operand's type; under a <c>Vmap</c> of another axis it applies to the batched operand as it is; with
/// no <c>Vmap</c> binding its axis (evaluated outside any) it is the unbound-name error.
/// </summary>
internal abstract class ElementwiseCollective : SingleResultPrimitive<CollectiveParams>, ICollectivePrimitive
{
    private readonly string _boolMessage;

    protected ElementwiseCollective(string name, string boolMessage) : base(name) => _boolMessage = boolMessage;

    protected sealed override ArrayType ShapeRule(ArrayType[] inputs, CollectiveParams p)
    {
        if (inputs[0].DType == DType.Bool) throw ShapeErrors.Error(Name, _boolMessage, inputs[0]);
        return inputs[0];
    }

    protected sealed override NDArray Kernel(NDArray[] args, CollectiveParams p, ArrayType outType) => throw AxisEnv.Unbound(p.Axis, Name);

    protected sealed override (NDArray Output, int OutDim) Batch(NDArray[] args, int[] dims, CollectiveParams p, int axisSize) =>
        (Apply(args, p), dims[0]);

    public string AxisName(PrimitiveParams parameters) => ((CollectiveParams)parameters).Axis;

    public abstract (NDArray[] Outputs, int[] OutDims) BatchNamed(NDArray[] args, int[] dims, PrimitiveParams parameters, int axisSize);
}
