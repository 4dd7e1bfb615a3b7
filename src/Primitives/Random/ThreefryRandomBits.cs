using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace Functional.AD;

/// <summary>Parameters of <c>threefry_random_bits</c>: how many u32 words each key gives.</summary>
internal sealed record ThreefryRandomBitsParams(int Count) : PrimitiveParams
{
    public override IEnumerable<(string Name, object? Value)> Entries()
    {
        yield return ("count", Count);
    }
}

/// <summary>
/// The <c>threefry_random_bits</c> primitive: from key data u32[..., 2], the u32[..., count] words JAX's classic
/// <c>threefry_2x32(key, iota(count))</c> gives (counters 0 .. count − 1, padded to even length and split into halves as
/// the two words; the hash's two outputs concatenated, less the pad), computed in one pass with the counters made in
/// registers (<see cref="ThreefryKernel.CounterBits"/>): the same bits as <c>threefry2x32</c> on an <c>iota</c> with the
/// slices and the concatenation around it, without their five passes over memory. Integer valued: no derivative; a
/// batch of keys maps over its leading axes.
/// </summary>
internal sealed class ThreefryRandomBitsPrimitive : SingleResultPrimitive<ThreefryRandomBitsParams>
{
    internal static readonly ThreefryRandomBitsPrimitive Instance = new();

    private ThreefryRandomBitsPrimitive() : base("threefry_random_bits") { }

    internal override bool HandlesAllDTypes => true;

    protected override ArrayType ShapeRule(ArrayType[] inputs, ThreefryRandomBitsParams p)
    {
        if (inputs.Length != 1) throw ShapeErrors.Error(Name, "takes one operand (the key data)", inputs);
        var key = inputs[0];
        if (key.DType != DType.UInt32 || key.Rank == 0 || key.Shape[key.Rank - 1] != 2)
            throw ShapeErrors.Error(Name, "the key data must be u32 with a last axis of 2", inputs);
        if (p.Count < 0) throw ShapeErrors.Error(Name, $"the count {p.Count} is negative", inputs);
        var dims = key.Shape.Dims.ToArray();
        dims[^1] = p.Count;
        return new ArrayType(new Shape(dims), DType.UInt32);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override NDArray Kernel(NDArray[] args, ThreefryRandomBitsParams p, ArrayType outType)
    {
        var key = (ConcreteArray)args[0];
        var result = ConcreteArray.Allocate(outType);
        int n = p.Count, half = (n + 1) / 2, keys = key.Size / 2;
        if (n == 0) return result;
        var k = key.Span<uint>();
        if (keys == 1 && ParallelElementwise.Splits(n))
        {
            var job = new PartsJob(k[0], k[1], result, half);
            WorkerPool.Run(job, PartRanges.Count(half, job.PartSize), Parallelism.MaxThreads);
            return result;
        }
        var output = result.Writable<uint>();
        for (int r = 0; r < keys; r++)
            ThreefryKernel.CounterBits(k[2 * r], k[2 * r + 1], output.Slice(r * n, n), 0, half);
        return result;
    }

    /// <summary>One key's words in parts of the counter pairs, on the worker pool.</summary>
    private sealed class PartsJob(uint key0, uint key1, ConcreteArray result, int half) : WorkerJob
    {
        internal readonly int PartSize = ParallelElementwise.DefaultPartElements;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override void Execute(int part)
        {
            var (start, count) = PartRanges.Range(part, PartSize, half);
            ThreefryKernel.CounterBits(key0, key1, result.Writable<uint>(), start, count);
        }
    }

    protected override (NDArray Primal, NDArray? Tangent) Jvp(NDArray[] primals, NDArray?[] tangents, ThreefryRandomBitsParams p) =>
        (Apply(primals, p), null);

    protected override (NDArray Output, int OutDim) Batch(NDArray[] args, int[] dims, ThreefryRandomBitsParams p, int axisSize)
    {
        var key = args[0];
        int dim = dims[0];
        if (dim == key.Rank - 1)
        {
            // the batch axis is the key words' axis: move it in front of them
            key = Batching.ToFront(key, dim, axisSize);
            dim = 0;
        }
        return (Apply(new[] { key }, p), dim);
    }
}

internal static partial class Ops
{
    /// <summary>The <paramref name="count"/> u32 words of JAX's threefry_2x32(key, iota(count)) for each key of <paramref name="keyData"/> (u32[..., 2]).</summary>
    internal static NDArray ThreefryRandomBits(NDArray keyData, int count) =>
        ThreefryRandomBitsPrimitive.Instance.Apply(new[] { keyData }, new ThreefryRandomBitsParams(count));
}
