using System;
using System.Runtime.CompilerServices;
using System.Collections.Generic;

namespace Functional.AD;

/// <summary>Parameters of <c>iota</c>: dtype, shape and the axis that counts.</summary>
internal sealed record IotaParams(DType DType, Shape Shape, int Dimension) : PrimitiveParams
{
    public override IEnumerable<(string Name, object? Value)> Entries()
    {
        yield return ("dimension", Dimension);
        yield return ("dtype", DType);
        yield return ("shape", Shape);
        yield return ("sharding", null);
    }
}

/// <summary>The <c>iota</c> primitive: an array whose elements are their index along one axis. No operands; zero derivative.</summary>
internal sealed class IotaPrimitive : SingleResultPrimitive<IotaParams>
{
    internal static readonly IotaPrimitive Instance = new();

    private IotaPrimitive() : base("iota") { }

    protected override ArrayType ShapeRule(ArrayType[] inputs, IotaParams p)
    {
        if (p.Dimension < 0 || p.Dimension >= p.Shape.Rank)
            throw ShapeErrors.Error(Name, $"dimension {p.Dimension} is out of range for shape {p.Shape}");
        if (p.DType == DType.Bool) throw ShapeErrors.Error(Name, "dtype must be numeric");
        return new ArrayType(p.Shape, p.DType);
    }

    /// <summary>Produces every dtype itself (through <see cref="ConcreteArray.ConvertTo"/>).</summary>
    internal override bool HandlesAllDTypes => true;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override NDArray Kernel(NDArray[] args, IotaParams p, ArrayType outType)
    {
        var dims = p.Shape.Dims;
        int inner = 1;
        for (int i = p.Dimension + 1; i < dims.Length; i++) inner *= dims[i];
        int n = dims[p.Dimension];
        var values = new double[outType.Size];
        for (int i = 0; i < values.Length; i++) values[i] = (i / inner) % Math.Max(n, 1);
        return ConcreteArray.Own(values, p.Shape).ConvertTo(p.DType, false);
    }

    protected override (NDArray Output, int OutDim) Batch(NDArray[] args, int[] dims, IotaParams p, int axisSize) =>
        (Apply(args, p), Batching.NotMapped);

    protected override (NDArray Primal, NDArray? Tangent) Jvp(NDArray[] primals, NDArray?[] tangents, IotaParams p) =>
        (Apply(primals, p), null);
}

internal static partial class Ops
{
    /// <summary><c>iota</c>: indices along <paramref name="dimension"/> of <paramref name="shape"/>.</summary>
    internal static NDArray Iota(DType dtype, Shape shape, int dimension) =>
        IotaPrimitive.Instance.Apply(System.Array.Empty<NDArray>(), new IotaParams(dtype, shape, dimension));
}
