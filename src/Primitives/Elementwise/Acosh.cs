using System.Numerics.Tensors;

namespace Functional.AD;

/// <summary>The <c>acosh</c> primitive: elementwise inverse hyperbolic cosine (NaN below 1); d acosh(x) = dx / sqrt((x - 1)(x + 1)).</summary>
internal sealed class AcoshPrimitive : UnaryElementwise
{
    internal static readonly AcoshPrimitive Instance = new();

    private AcoshPrimitive() : base("acosh", TensorPrimitives.Acosh, TensorPrimitives.Acosh) { }

    protected override NDArray Jvp(NDArray x, NDArray y, NDArray t) => Ops.Mul(t, Ops.Rsqrt(Ops.Mul(Ops.Sub(x, Ops.Const(x, 1)), Ops.Add(x, Ops.Const(x, 1)))));
}

internal static partial class Ops
{
    /// <summary>Elementwise <c>acosh</c>.</summary>
    internal static NDArray Acosh(NDArray x) => AcoshPrimitive.Instance.Apply(x);
}
