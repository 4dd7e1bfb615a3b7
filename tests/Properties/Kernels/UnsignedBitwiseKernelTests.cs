using System;
using System.Linq;
using FsCheck.Fluent;
using Xunit;

namespace Functional.AD.Properties.Kernels;

/// <summary>
/// The u32, u8 and i64 bitwise and shift primitives run in their own width with SIMD loops: their values against the
/// element-by-element definition (XLA's: an amount of at least the width, read as unsigned, shifts every bit out; the
/// arithmetic shift copies the top bit), with arrays of any length (vector bodies and tails), either operand 0-d, and
/// eager against jitted.
/// </summary>
public class UnsignedBitwiseKernelTests
{
    private static uint Reference(string op, uint x, uint s, int width)
    {
        uint mask = width == 32 ? uint.MaxValue : (1u << width) - 1;
        x &= mask;
        s &= mask;
        int n = s >= (uint)width ? width : (int)s;
        bool top = (x >> (width - 1)) != 0;
        return op switch
        {
            "and" => x & s,
            "or" => x | s,
            "xor" => x ^ s,
            "shift_left" => n >= width ? 0 : (x << n) & mask,
            "shift_right_logical" => n >= width ? 0 : x >> n,
            _ => (top ? ((x >> Math.Min(n, width - 1)) | ~(mask >> Math.Min(n, width - 1))) : x >> Math.Min(n, width - 1)) & mask,
        };
    }

    private static NDArray Apply(string op, NDArray x, NDArray s) => op switch
    {
        "and" => Ops.BitwiseAnd(x, s),
        "or" => Ops.BitwiseOr(x, s),
        "xor" => Ops.BitwiseXor(x, s),
        "shift_left" => Ops.ShiftLeft(x, s),
        "shift_right_logical" => Ops.ShiftRightLogical(x, s),
        _ => Ops.ShiftRightArithmetic(x, s),
    };

    private static NDArray Of(uint[] values, DType dtype, bool scalar) =>
        dtype == DType.UInt32
            ? ConcreteArray.Own(values, scalar ? Shape.Scalar : new Shape(values.Length))
            : ConcreteArray.Own(values.Select(v => (byte)v).ToArray(), scalar ? Shape.Scalar : new Shape(values.Length));

    private static uint[] Values(NDArray a) =>
        a.DType == DType.UInt32 ? a.ToArray<uint>() : ((ConcreteArray)a).Span<byte>().ToArray().Select(b => (uint)b).ToArray();

    private static long Reference64(string op, long x, long s)
    {
        int n = (ulong)s >= 64 ? 64 : (int)s;
        return op switch
        {
            "and" => x & s,
            "or" => x | s,
            "xor" => x ^ s,
            "shift_left" => n >= 64 ? 0 : x << n,
            "shift_right_logical" => n >= 64 ? 0 : (long)((ulong)x >> n),
            _ => x >> Math.Min(n, 63),
        };
    }

    /// <summary>The i64 kernels (SIMD and, or, xor and one-amount shifts) against the same definition in 64 bits.</summary>
    [Fact]
    public void Int64_bitwise_and_shifts_follow_their_element_definition() =>
        PropertyCheck.ForAll(
            from op in Gen.Elements("and", "or", "xor", "shift_left", "shift_right_logical", "shift_right_arithmetic")
            from n in Gen.Choose(1, 40)
            from rightScalar in ArbMap.Default.GeneratorFor<bool>()
            from xs in Gen.ArrayOf(ArbMap.Default.GeneratorFor<long>(), n)
            from amounts in Gen.ArrayOf(Gen.OneOf(Gen.Choose(0, 70).Select(v => (long)v), ArbMap.Default.GeneratorFor<long>()), n)
            select (op, xs, amounts, rightScalar),
            c =>
            {
                var x = ConcreteArray.Own(c.xs, new Shape(c.xs.Length));
                var s = c.rightScalar ? ConcreteArray.Own(new[] { c.amounts[0] }, Shape.Scalar) : ConcreteArray.Own(c.amounts, new Shape(c.amounts.Length));
                var eager = Apply(c.op, x, s).ToArray<long>();
                for (int i = 0; i < c.xs.Length; i++)
                    Assert.Equal(Reference64(c.op, c.xs[i], c.amounts[c.rightScalar ? 0 : i]), eager[i]);
            }, 200);

    [Fact]
    public void Unsigned_bitwise_and_shifts_follow_their_element_definition() =>
        PropertyCheck.ForAll(
            from op in Gen.Elements("and", "or", "xor", "shift_left", "shift_right_logical", "shift_right_arithmetic")
            from dtype in Gen.Elements(DType.UInt32, DType.UInt8)
            from n in Gen.Choose(1, 90)
            from layout in Gen.Elements("both", "scalar right", "scalar left")
            from xs in Gen.ArrayOf(ArbMap.Default.GeneratorFor<uint>(), n)
            from amounts in Gen.ArrayOf(Gen.OneOf(Gen.Choose(0, 40).Select(v => (uint)v), ArbMap.Default.GeneratorFor<uint>()), n)
            select (op, dtype, xs, amounts, layout),
            c =>
            {
                int width = c.dtype == DType.UInt32 ? 32 : 8;
                bool leftScalar = c.layout == "scalar left", rightScalar = c.layout == "scalar right";
                var x = Of(leftScalar ? c.xs.Take(1).ToArray() : c.xs, c.dtype, leftScalar);
                var s = Of(rightScalar ? c.amounts.Take(1).ToArray() : c.amounts, c.dtype, rightScalar);
                var eager = Values(Apply(c.op, x, s));
                var jitted = Values(Jax.Jit((NDArray a, NDArray b) => Apply(c.op, a, b))(x, s));
                for (int i = 0; i < c.xs.Length; i++)
                {
                    uint expected = Reference(c.op, c.xs[leftScalar ? 0 : i], c.amounts[rightScalar ? 0 : i], width);
                    Assert.Equal(expected, eager[i]);
                    Assert.Equal(expected, jitted[i]);
                }
            }, 300);
}
