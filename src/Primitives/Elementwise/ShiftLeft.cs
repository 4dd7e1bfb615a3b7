namespace Functional.AD;

/// <summary>The <c>shift_left</c> primitive: x &lt;&lt; s, 0 when s is at least the bit width (see <see cref="ShiftPrimitive{TOp}"/>).</summary>
internal sealed class ShiftLeftPrimitive : ShiftPrimitive<ShiftLeftPrimitive.Op>
{
    internal static readonly ShiftLeftPrimitive Instance = new();

    private ShiftLeftPrimitive() : base("shift_left") { }

    /// <summary>The scalar shift.</summary>
    internal readonly struct Op : IShift
    {
        public static T Apply<T>(T x, T s) where T : unmanaged, System.Numerics.IBinaryInteger<T>
        {
            int n = Amount(s);
            return n >= Bits<T>() ? T.Zero : x << n;
        }

        /// <summary>One amount for every element: TensorPrimitives' SIMD shift, or zeros when every bit is shifted out.</summary>
        public static void ApplyToSpan<T>(System.ReadOnlySpan<T> x, int amount, System.Span<T> z) where T : unmanaged, System.Numerics.IBinaryInteger<T>
        {
            if (amount >= Bits<T>()) z.Clear();
            else System.Numerics.Tensors.TensorPrimitives.ShiftLeft(x, amount, z);
        }
    }
}

internal static partial class Ops
{
    /// <summary>x shifted left by s bits (integers of one dtype).</summary>
    internal static NDArray ShiftLeft(NDArray x, NDArray s) => ShiftLeftPrimitive.Instance.Apply(x, s);
}
