using System.Runtime.CompilerServices;

namespace Functional.AD;

/// <summary>
/// The <c>rem</c> primitive: the remainder of truncated division, x - trunc(x / y) · y, with the sign of x (C's
/// fmod; <c>lax.rem</c>). Floats are exact (IEEE fmod); for integers y = 0 gives x, as XLA does, rather than a
/// crash. d = dx - trunc(x / y) dy, as JAX.
/// </summary>
internal sealed class RemPrimitive : BinaryElementwise
{
    // (declared before Instance: static fields initialize in order)
    private static readonly ElementwiseKernels.BinaryKernels<double> RemF64 = new(
        (x, y, z) => { for (int i = 0; i < z.Length; i++) z[i] = x[i] % y[i]; },
        (x, s, z) => { for (int i = 0; i < z.Length; i++) z[i] = x[i] % s; },
        (s, y, z) => { for (int i = 0; i < z.Length; i++) z[i] = s % y[i]; });
    private static readonly ElementwiseKernels.BinaryKernels<float> RemF32 = new(
        (x, y, z) => { for (int i = 0; i < z.Length; i++) z[i] = x[i] % y[i]; },
        (x, s, z) => { for (int i = 0; i < z.Length; i++) z[i] = x[i] % s; },
        (s, y, z) => { for (int i = 0; i < z.Length; i++) z[i] = s % y[i]; });
    private static readonly ElementwiseKernels.BinaryKernels<int> RemI32 = new(
        (x, y, z) => { for (int i = 0; i < z.Length; i++) z[i] = IntRem(x[i], y[i]); },
        (x, s, z) => { for (int i = 0; i < z.Length; i++) z[i] = IntRem(x[i], s); },
        (s, y, z) => { for (int i = 0; i < z.Length; i++) z[i] = IntRem(s, y[i]); });

    internal static readonly RemPrimitive Instance = new();

    private RemPrimitive() : base("rem", RemF64, RemF32, RemI32, i64: ElementwiseKernels.Int64((x, y) => y == 0 ? x : y == -1 ? 0 : x % y)) { }

    /// <summary>x % y for integers, with x % 0 = x and int.MinValue % -1 = 0 (C# would throw on both).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int IntRem(int x, int y) => y == 0 ? x : y == -1 ? 0 : x % y;

    protected override (NDArray Primal, NDArray? Tangent) Jvp(NDArray[] primals, NDArray?[] tangents, NoParams parameters)
    {
        var (x, y) = (primals[0], primals[1]);
        var z = Apply(x, y);
        var (tx, ty) = (tangents[0], tangents[1]);
        var dx = tx is null ? null : Broadcast(tx, z);
        NDArray? dy = null;
        if (ty is not null)
        {
            var quotient = Ops.Div(x, y);
            var truncated = Ops.Mul(Ops.Sign(quotient), Ops.Floor(Ops.Abs(quotient)));
            dy = Ops.Neg(Ops.Mul(Broadcast(ty, z), Ops.BroadcastTo(truncated, z.Shape)));
        }
        return (z, Ops.AddTangents(dx, dy));
    }
}

internal static partial class Ops
{
    /// <summary>The remainder of truncated division (fmod), elementwise (same dtype; equal shapes or a 0-d operand).</summary>
    internal static NDArray Rem(NDArray x, NDArray y) => RemPrimitive.Instance.Apply(x, y);
}
