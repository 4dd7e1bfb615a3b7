using System.Numerics.Tensors;

namespace Functional.AD;

/// <summary>The <c>pow</c> primitive: x^y (floats; for integers exact repeated squaring, a negative exponent truncating toward zero); d = y x^(y-1) dx + log(x) x^y dy, as JAX (log(x) read as log 1 = 0 where x = 0).</summary>
internal sealed class PowPrimitive : BinaryElementwise
{
    // (declared before Instance: static fields initialize in order)
    private static readonly ElementwiseKernels.BinaryKernels<double> PowF64 = new(TensorPrimitives.Pow, TensorPrimitives.Pow, TensorPrimitives.Pow);
    private static readonly ElementwiseKernels.BinaryKernels<float> PowF32 = new(TensorPrimitives.Pow, TensorPrimitives.Pow, TensorPrimitives.Pow);

    internal static readonly PowPrimitive Instance = new();

    private PowPrimitive() : base("pow", PowF64, PowF32, ElementwiseKernels.IntPow, i64: ElementwiseKernels.LongPow) { }


    protected override (NDArray Primal, NDArray? Tangent) Jvp(NDArray[] primals, NDArray?[] tangents, NoParams parameters)
    {
        var (x, yExp) = (primals[0], primals[1]);
        var z = Apply(x, yExp);
        var (tx, ty) = (tangents[0], tangents[1]);
        NDArray? dx = null, dy = null;
        if (tx is not null)
        {
            // JAX's rule for a float exponent: y x^(y-1), with no select at y = 0, so its derivative in y survives there
            // (and 0 * inf = NaN at x = y = 0). pow takes operands of one dtype, so a tangent means a float exponent.
            var jac = Ops.BroadcastTo(Ops.Mul(yExp, Apply(x, Ops.Sub(yExp, Ops.Const(yExp, 1)))), z.Shape);
            dx = Ops.Mul(Ops.BroadcastTo(tx, z.Shape), jac);
        }
        if (ty is not null)
        {
            var xFull = Ops.BroadcastTo(x, z.Shape);
            var safeX = Ops.Select(Ops.Eq(xFull, Ops.Const(xFull, 0)), Ops.BroadcastTo(Ops.Const(xFull, 1), z.Shape), xFull);
            dy = Ops.Mul(Ops.BroadcastTo(ty, z.Shape), Ops.Mul(Ops.Log(safeX), z));
        }
        return (z, Ops.AddTangents(dx, dy));
    }
}

internal static partial class Ops
{
    /// <summary>x^y elementwise.</summary>
    internal static NDArray Pow(NDArray x, NDArray y) => PowPrimitive.Instance.Apply(x, y);
}
