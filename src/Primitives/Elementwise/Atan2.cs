using System.Numerics.Tensors;

namespace Functional.AD;

/// <summary>
/// The <c>atan2</c> primitive: the angle of the point (y, x) for operands (x, y), i.e. atan(x / y) in the right
/// quadrant, as JAX's <c>lax.atan2(x, y)</c> (the first operand is the numerator). d = (y dx - x dy) / (x² + y²),
/// NaN at the origin as in JAX.
/// </summary>
internal sealed class Atan2Primitive : BinaryElementwise
{
    // (declared before Instance: static fields initialize in order)
    private static readonly ElementwiseKernels.BinaryKernels<double> Atan2F64 = new(TensorPrimitives.Atan2, TensorPrimitives.Atan2, TensorPrimitives.Atan2);
    private static readonly ElementwiseKernels.BinaryKernels<float> Atan2F32 = new(TensorPrimitives.Atan2, TensorPrimitives.Atan2, TensorPrimitives.Atan2);

    internal static readonly Atan2Primitive Instance = new();

    private Atan2Primitive() : base("atan2", Atan2F64, Atan2F32, null) { }

    protected override (NDArray Primal, NDArray? Tangent) Jvp(NDArray[] primals, NDArray?[] tangents, NoParams parameters)
    {
        var (x, y) = (primals[0], primals[1]);
        var z = Apply(x, y);
        var (tx, ty) = (tangents[0], tangents[1]);
        var denominator = Ops.BroadcastTo(Ops.Add(Ops.Mul(x, x), Ops.Mul(y, y)), z.Shape);
        var dx = tx is null ? null : Ops.Div(Ops.Mul(Broadcast(tx, z), Ops.BroadcastTo(y, z.Shape)), denominator);
        var dy = ty is null ? null : Ops.Neg(Ops.Div(Ops.Mul(Broadcast(ty, z), Ops.BroadcastTo(x, z.Shape)), denominator));
        return (z, Ops.AddTangents(dx, dy));
    }
}

internal static partial class Ops
{
    /// <summary>atan2(x, y) = the angle of (y, x), elementwise (same dtype; equal shapes or a 0-d operand).</summary>
    internal static NDArray Atan2(NDArray x, NDArray y) => Atan2Primitive.Instance.Apply(x, y);
}
