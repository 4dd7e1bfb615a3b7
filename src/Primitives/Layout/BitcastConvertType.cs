using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace Functional.AD;

/// <summary>Parameters of <c>bitcast_convert_type</c>: the dtype the bits are read as.</summary>
internal sealed record BitcastConvertTypeParams(DType NewDType) : PrimitiveParams
{
    public override IEnumerable<(string Name, object? Value)> Entries()
    {
        yield return ("new_dtype", NewDType);
    }
}

/// <summary>
/// The <c>bitcast_convert_type</c> primitive: the same bits read as another dtype of the same width (u32, i32 and f32;
/// i64 and f64; u8; f16 and bf16). Not differentiable (a zero tangent, as a bit pattern has no derivative); it batches
/// elementwise.
/// </summary>
internal sealed class BitcastConvertTypePrimitive : SingleResultPrimitive<BitcastConvertTypeParams>
{
    internal static readonly BitcastConvertTypePrimitive Instance = new();

    private BitcastConvertTypePrimitive() : base("bitcast_convert_type") { }

    internal override bool HandlesAllDTypes => true;

    protected override ArrayType ShapeRule(ArrayType[] inputs, BitcastConvertTypeParams p)
    {
        var x = inputs[0];
        if (x.DType == DType.Bool || p.NewDType == DType.Bool)
            throw ShapeErrors.Error(Name, $"cannot reinterpret bool bits (to {p.NewDType.ShortName()})", inputs);
        if (x.DType.ItemSize() != p.NewDType.ItemSize())
            throw ShapeErrors.Error(Name, $"the new dtype {p.NewDType.ShortName()} must have the width of the operand's ({x.DType.ItemSize() * 8} bits)", inputs);
        return new ArrayType(x.Shape, p.NewDType);
    }

    protected override NDArray Kernel(NDArray[] args, BitcastConvertTypeParams p, ArrayType outType)
    {
        var x = (ConcreteArray)args[0];
        var result = ConcreteArray.Allocate(outType);
        Bytes(x).CopyTo(WritableBytes(result));
        return result;
    }

    private static ReadOnlySpan<byte> Bytes(ConcreteArray x) => x.DType switch
    {
        DType.Float64 => MemoryMarshal.AsBytes(x.Span<double>()),
        DType.Float32 => MemoryMarshal.AsBytes(x.Span<float>()),
        DType.Int32 => MemoryMarshal.AsBytes(x.Span<int>()),
        DType.Int64 => MemoryMarshal.AsBytes(x.Span<long>()),
        DType.UInt8 => x.Span<byte>(),
        DType.UInt32 => MemoryMarshal.AsBytes(x.Span<uint>()),
        DType.Float16 => MemoryMarshal.AsBytes(x.Span<Half>()),
        DType.BFloat16 => MemoryMarshal.AsBytes(x.Span<BFloat16>()),
        _ => throw new ArgumentException($"bitcast_convert_type: {x.Type} is not supported"),
    };

    private static Span<byte> WritableBytes(ConcreteArray x) => x.DType switch
    {
        DType.Float64 => MemoryMarshal.AsBytes(x.Writable<double>()),
        DType.Float32 => MemoryMarshal.AsBytes(x.Writable<float>()),
        DType.Int32 => MemoryMarshal.AsBytes(x.Writable<int>()),
        DType.Int64 => MemoryMarshal.AsBytes(x.Writable<long>()),
        DType.UInt8 => x.Writable<byte>(),
        DType.UInt32 => MemoryMarshal.AsBytes(x.Writable<uint>()),
        DType.Float16 => MemoryMarshal.AsBytes(x.Writable<Half>()),
        DType.BFloat16 => MemoryMarshal.AsBytes(x.Writable<BFloat16>()),
        _ => throw new ArgumentException($"bitcast_convert_type: {x.Type} is not supported"),
    };

    protected override (NDArray Output, int OutDim) Batch(NDArray[] args, int[] dims, BitcastConvertTypeParams p, int axisSize) =>
        (Apply(args, p), dims[0]);

    protected override (NDArray Primal, NDArray? Tangent) Jvp(NDArray[] primals, NDArray?[] tangents, BitcastConvertTypeParams p) =>
        (Apply(primals, p), null);
}

internal static partial class Ops
{
    /// <summary>The bits of <paramref name="x"/> read as <paramref name="dtype"/> (same width); <paramref name="x"/> itself when the dtype is its own.</summary>
    internal static NDArray BitcastConvertType(NDArray x, DType dtype) =>
        x.DType == dtype ? x : BitcastConvertTypePrimitive.Instance.Apply(new[] { x }, new BitcastConvertTypeParams(dtype));
}
