using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Functional.AD;

/// <summary>
/// Base of the shift primitives (<c>shift_left</c>, <c>shift_right_logical</c>, <c>shift_right_arithmetic</c>): integer
/// operands of one dtype (i32, i64, u8, u32), computed in the operands' own width. As in XLA, the shift amount is read
/// as unsigned, so an amount of at least the bit width (or a negative one) shifts every bit out: left and logical
/// shifts give 0, the arithmetic shift fills with the sign bit. No derivative (integers carry no tangent).
/// </summary>
internal abstract class ShiftPrimitive<TOp> : BinaryElementwise where TOp : struct, ShiftPrimitive<TOp>.IShift
{
    /// <summary>One shift of <c>x</c> by <c>s</c> bits, for every integer element type.</summary>
    internal interface IShift
    {
        static abstract T Apply<T>(T x, T s) where T : unmanaged, IBinaryInteger<T>;

        /// <summary>Every element of <paramref name="x"/> shifted by one amount (already read as unsigned and capped at the width).</summary>
        static virtual void ApplyToSpan<T>(ReadOnlySpan<T> x, int amount, Span<T> z) where T : unmanaged, IBinaryInteger<T>
        {
            var s = T.CreateTruncating(amount);
            for (int i = 0; i < z.Length; i++) z[i] = TOp.Apply(x[i], s);
        }
    }

    protected ShiftPrimitive(string name)
        // The base wants float kernels; the shape rule refuses float operands, so these two are never reached.
        : base(name, ElementwiseKernels.Std<double>.Add, ElementwiseKernels.Std<float>.Add, Kernels<int>(), i64: Kernels<long>()) { }

    /// <summary>Shifts each storage dtype in its own width (an arithmetic shift of u8 is not one of i32).</summary>
    internal override bool HandlesAllDTypes => true;

    private static ElementwiseKernels.BinaryKernels<T> Kernels<T>() where T : unmanaged, IBinaryInteger<T> => new(
        (x, y, z) => { for (int i = 0; i < z.Length; i++) z[i] = TOp.Apply(x[i], y[i]); },
        (x, s, z) => TOp.ApplyToSpan(x, Amount(s), z),
        (s, y, z) => { for (int i = 0; i < z.Length; i++) z[i] = TOp.Apply(s, y[i]); });

    private static readonly ElementwiseKernels.BinaryKernels<byte> U8 = Kernels<byte>();
    private static readonly ElementwiseKernels.BinaryKernels<uint> U32 = Kernels<uint>();

    protected override ArrayType ShapeRule(ArrayType[] inputs, NoParams parameters)
    {
        foreach (var t in inputs)
            if (!t.DType.IsInteger()) throw ShapeErrors.Error(Name, "is defined for integer operands only", inputs);
        return base.ShapeRule(inputs, parameters);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override NDArray Kernel(NDArray[] args, NoParams parameters, ArrayType outType) => outType.DType switch
    {
        DType.UInt8 => ElementwiseKernels.ZipOf(args[0], args[1], outType, U8),
        DType.UInt32 => ElementwiseKernels.ZipOf(args[0], args[1], outType, U32),
        _ => ElementwiseKernels.Zip(args[0], args[1], outType, F64, F32, I32, Name, Bool, I64),
    };

    protected override (NDArray Primal, NDArray? Tangent) Jvp(NDArray[] primals, NDArray?[] tangents, NoParams parameters) =>
        (Apply(primals[0], primals[1]), null);

    /// <summary>The bit width of <typeparamref name="T"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Bits<T>() => Unsafe.SizeOf<T>() * 8;

    /// <summary>The shift amount read as unsigned, capped at the bit width (so any larger or negative amount is the width).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Amount<T>(T s) where T : unmanaged, IBinaryInteger<T>
    {
        ulong u = ulong.CreateTruncating(s);
        if (Unsafe.SizeOf<T>() < 8) u &= (1UL << Bits<T>()) - 1;
        return u >= (ulong)Bits<T>() ? Bits<T>() : (int)u;
    }
}
