namespace Functional.AD;

/// <summary>
/// The <c>psum</c> primitive: the sum of a value over the examples of the <c>Vmap</c> axis it names, the same for every
/// example. Linear; its transpose is <c>psum</c> again (JAX's rule: each example's cotangent reaches every example).
/// </summary>
internal sealed class PsumPrimitive : ElementwiseCollective, ILinearSingleResultPrimitive<CollectiveParams>
{
    internal static readonly PsumPrimitive Instance = new();

    private PsumPrimitive() : base("psum", "cannot sum bool values; convert them first") { }

    /// <summary>Over its own axis: the sum over the batch axis, or size times an unbatched value.</summary>
    public override (NDArray[] Outputs, int[] OutDims) BatchNamed(NDArray[] args, int[] dims, PrimitiveParams parameters, int axisSize)
    {
        var x = args[0];
        var sum = dims[0] == Batching.NotMapped
            ? Ops.Mul(x, Ops.Full(new ArrayType(Shape.Scalar, x.DType, x.IsWeaklyTyped), axisSize))
            : Ops.ReduceSum(x, new IntTuple(dims[0]));
        return (new[] { sum }, new[] { Batching.NotMapped });
    }

    protected override (NDArray Primal, NDArray? Tangent) Jvp(NDArray[] primals, NDArray?[] tangents, CollectiveParams p) =>
        (Apply(primals, p), tangents[0] is { } t ? Apply(new[] { t }, p) : null);

    public NDArray?[] Transpose(NDArray ct, TransposeArg[] args, CollectiveParams p) => new[] { Apply(new[] { ct }, p) };
}

internal static partial class Ops
{
    /// <summary><c>psum</c> of <paramref name="x"/> over the named axis <paramref name="axis"/>.</summary>
    internal static NDArray Psum(NDArray x, string axis) => PsumPrimitive.Instance.Apply(new[] { x }, new CollectiveParams(axis));
}
