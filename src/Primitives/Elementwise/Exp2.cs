using System;
using System.Numerics.Tensors;

namespace Functional.AD;

/// <summary>The <c>exp2</c> primitive: elementwise 2^x; d 2^x = 2^x ln 2 dx.</summary>
internal sealed class Exp2Primitive : UnaryElementwise
{
    internal static readonly Exp2Primitive Instance = new();

    private Exp2Primitive() : base("exp2", TensorPrimitives.Exp2, AccurateMath.Exp2) { }

    protected override NDArray Jvp(NDArray x, NDArray y, NDArray t) => Ops.Mul(t, Ops.Mul(y, Ops.Const(y, Math.Log(2))));
}

internal static partial class Ops
{
    /// <summary>Elementwise <c>exp2</c>.</summary>
    internal static NDArray Exp2(NDArray x) => Exp2Primitive.Instance.Apply(x);
}
