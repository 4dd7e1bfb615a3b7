namespace Functional.AD;

/// <summary>The <c>shift_right_logical</c> primitive: x &gt;&gt;&gt; s filling with zeros, 0 when s is at least the bit width.</summary>
internal sealed class ShiftRightLogicalPrimitive : ShiftPrimitive<ShiftRightLogicalPrimitive.Op>
{
    internal static readonly ShiftRightLogicalPrimitive Instance = new();

    private ShiftRightLogicalPrimitive() : base("shift_right_logical") { }

    /// <summary>The scalar shift.</summary>
    internal readonly struct Op : IShift
    {
        public static T Apply<T>(T x, T s) where T : unmanaged, System.Numerics.IBinaryInteger<T>
        {
            int n = Amount(s);
            return n >= Bits<T>() ? T.Zero : x >>> n;
        }

        /// <summary>One amount for every element: TensorPrimitives' SIMD shift, or zeros when every bit is shifted out.</summary>
        public static void ApplyToSpan<T>(System.ReadOnlySpan<T> x, int amount, System.Span<T> z) where T : unmanaged, System.Numerics.IBinaryInteger<T>
        {
            if (amount >= Bits<T>()) z.Clear();
            else System.Numerics.Tensors.TensorPrimitives.ShiftRightLogical(x, amount, z);
        }
    }
}

internal static partial class Ops
{
    /// <summary>x shifted right by s bits, filling with zeros (integers of one dtype).</summary>
    internal static NDArray ShiftRightLogical(NDArray x, NDArray s) => ShiftRightLogicalPrimitive.Instance.Apply(x, s);
}
