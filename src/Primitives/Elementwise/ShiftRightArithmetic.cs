namespace Functional.AD;

/// <summary>
/// The <c>shift_right_arithmetic</c> primitive: x shifted right by s bits, filling with copies of the top bit (for
/// unsigned dtypes too, whose top bit is read as a sign, as XLA does); an amount of at least the bit width fills every bit.
/// </summary>
internal sealed class ShiftRightArithmeticPrimitive : ShiftPrimitive<ShiftRightArithmeticPrimitive.Op>
{
    internal static readonly ShiftRightArithmeticPrimitive Instance = new();

    private ShiftRightArithmeticPrimitive() : base("shift_right_arithmetic") { }

    /// <summary>The scalar shift.</summary>
    internal readonly struct Op : IShift
    {
        public static T Apply<T>(T x, T s) where T : unmanaged, System.Numerics.IBinaryInteger<T>
        {
            int bits = Bits<T>();
            int n = System.Math.Min(Amount(s), bits - 1);
            bool negative = (x >>> (bits - 1)) != T.Zero;
            var shifted = x >>> n;
            return negative ? shifted | ~(T.AllBitsSet >>> n) : shifted;
        }
    }
}

internal static partial class Ops
{
    /// <summary>x shifted right by s bits, filling with the sign bit (integers of one dtype).</summary>
    internal static NDArray ShiftRightArithmetic(NDArray x, NDArray s) => ShiftRightArithmeticPrimitive.Instance.Apply(x, s);
}
