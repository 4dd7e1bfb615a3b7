namespace Functional.AD;

/// <summary>
/// The <c>and</c>, <c>or</c> and <c>xor</c> primitives: bitwise on integers (i32, i64, u8, u32), logical on bools (JAX's primitives of those
/// names); not defined for floats. Integer and bool values carry no tangent, so the derivative is zero.
/// </summary>
internal sealed class BitwisePrimitive : BinaryElementwise
{
    // (declared before the instances: static fields initialize in order)
    private static readonly ElementwiseKernels.BinaryKernels<int> AndI32 = new(
        (x, y, z) => { for (int i = 0; i < z.Length; i++) z[i] = x[i] & y[i]; },
        (x, s, z) => { for (int i = 0; i < z.Length; i++) z[i] = x[i] & s; },
        (s, y, z) => { for (int i = 0; i < z.Length; i++) z[i] = s & y[i]; });
    private static readonly ElementwiseKernels.BinaryKernels<int> OrI32 = new(
        (x, y, z) => { for (int i = 0; i < z.Length; i++) z[i] = x[i] | y[i]; },
        (x, s, z) => { for (int i = 0; i < z.Length; i++) z[i] = x[i] | s; },
        (s, y, z) => { for (int i = 0; i < z.Length; i++) z[i] = s | y[i]; });
    private static readonly ElementwiseKernels.BinaryKernels<int> XorI32 = new(
        (x, y, z) => { for (int i = 0; i < z.Length; i++) z[i] = x[i] ^ y[i]; },
        (x, s, z) => { for (int i = 0; i < z.Length; i++) z[i] = x[i] ^ s; },
        (s, y, z) => { for (int i = 0; i < z.Length; i++) z[i] = s ^ y[i]; });
    private static readonly ElementwiseKernels.BinaryKernels<bool> XorBool = new(
        (x, y, z) => { for (int i = 0; i < z.Length; i++) z[i] = x[i] ^ y[i]; },
        (x, s, z) => { for (int i = 0; i < z.Length; i++) z[i] = x[i] ^ s; },
        (s, y, z) => { for (int i = 0; i < z.Length; i++) z[i] = s ^ y[i]; });

    internal static readonly BitwisePrimitive And = new("and", AndI32, ElementwiseKernels.And, ElementwiseKernels.Bitwise<long>.And,
        ElementwiseKernels.Bitwise<uint>.And, ElementwiseKernels.Bitwise<byte>.And);
    internal static readonly BitwisePrimitive Or = new("or", OrI32, ElementwiseKernels.Or, ElementwiseKernels.Bitwise<long>.Or,
        ElementwiseKernels.Bitwise<uint>.Or, ElementwiseKernels.Bitwise<byte>.Or);
    internal static readonly BitwisePrimitive Xor = new("xor", XorI32, XorBool, ElementwiseKernels.Bitwise<long>.Xor,
        ElementwiseKernels.Bitwise<uint>.Xor, ElementwiseKernels.Bitwise<byte>.Xor);

    /// <summary>The u32 and u8 kernels: in their own width (no round trip through i64 or i32).</summary>
    private readonly ElementwiseKernels.BinaryKernels<uint> _u32;
    private readonly ElementwiseKernels.BinaryKernels<byte> _u8;

    private BitwisePrimitive(string name, ElementwiseKernels.BinaryKernels<int> i32, ElementwiseKernels.BinaryKernels<bool> b8, ElementwiseKernels.BinaryKernels<long> i64,
        ElementwiseKernels.BinaryKernels<uint> u32, ElementwiseKernels.BinaryKernels<byte> u8)
        // The base wants float kernels; the shape rule refuses float operands, so these two are never reached.
        : base(name, ElementwiseKernels.Std<double>.Add, ElementwiseKernels.Std<float>.Add, i32, b8, i64)
    {
        _u32 = u32;
        _u8 = u8;
    }

    /// <summary>u32 and u8 run in their own width; the other integer dtypes and bool through the base's kernels.</summary>
    internal override bool HandlesAllDTypes => true;

    protected override NDArray Kernel(NDArray[] args, NoParams parameters, ArrayType outType) => outType.DType switch
    {
        DType.UInt32 => ElementwiseKernels.ZipOf(args[0], args[1], outType, _u32),
        DType.UInt8 => ElementwiseKernels.ZipOf(args[0], args[1], outType, _u8),
        _ => base.Kernel(args, parameters, outType),
    };

    protected override ArrayType ShapeRule(ArrayType[] inputs, NoParams parameters)
    {
        foreach (var t in inputs)
            if (t.DType.IsFloat()) throw ShapeErrors.Error(Name, "is defined for integer and bool operands only", inputs);
        return base.ShapeRule(inputs, parameters);
    }

    protected override (NDArray Primal, NDArray? Tangent) Jvp(NDArray[] primals, NDArray?[] tangents, NoParams parameters) =>
        (Apply(primals[0], primals[1]), null);
}

internal static partial class Ops
{
    /// <summary>Bitwise and of int32 arrays, logical and of bools.</summary>
    internal static NDArray BitwiseAnd(NDArray x, NDArray y) => BitwisePrimitive.And.Apply(x, y);

    /// <summary>Bitwise or of int32 arrays, logical or of bools.</summary>
    internal static NDArray BitwiseOr(NDArray x, NDArray y) => BitwisePrimitive.Or.Apply(x, y);

    /// <summary>Bitwise exclusive or of int32 arrays, logical xor of bools.</summary>
    internal static NDArray BitwiseXor(NDArray x, NDArray y) => BitwisePrimitive.Xor.Apply(x, y);
}
