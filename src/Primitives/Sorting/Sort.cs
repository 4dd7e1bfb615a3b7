using System;
using System.Collections.Generic;

namespace Functional.AD;

/// <summary>Parameters of <c>sort</c>: the axis, how many leading operands are keys, and stability.</summary>
internal sealed record SortParams(int Dimension, int NumKeys, bool IsStable) : PrimitiveParams
{
    public override IEnumerable<(string Name, object? Value)> Entries()
    {
        yield return ("dimension", Dimension);
        yield return ("is_stable", IsStable);
        yield return ("num_keys", NumKeys);
    }
}

/// <summary>
/// The <c>sort</c> primitive (JAX's <c>lax.sort</c>): sorts one or more operands of one shape along an axis, by the
/// first <see cref="SortParams.NumKeys"/> of them compared lexicographically, and applies the same permutation to the
/// rest. Keys compare as numbers with NaN after everything (numpy's order) and -0 equal to 0; ties keep their order
/// (the sort is always stable, so <see cref="SortParams.IsStable"/> only records what was asked). The JVP permutes each
/// tangent the same way, as a non-key operand sorted beside the keys; the primitive is linear in its non-key operands,
/// and their transpose is the inverse permutation: a sort of the cotangent keyed by the permutation.
/// </summary>
internal sealed class SortPrimitive : Primitive<SortParams>, ILinearPrimitive<SortParams>
{
    internal static readonly SortPrimitive Instance = new();

    private SortPrimitive() : base("sort") { }

    protected override ArrayType[] ShapeRule(ArrayType[] inputs, SortParams p)
    {
        if (inputs.Length == 0) throw ShapeErrors.Error(Name, "takes at least one operand", inputs);
        if (p.NumKeys < 1 || p.NumKeys > inputs.Length)
            throw ShapeErrors.Error(Name, $"num_keys={p.NumKeys} must be between 1 and the number of operands ({inputs.Length})", inputs);
        var first = inputs[0];
        if (p.Dimension < 0 || p.Dimension >= first.Rank)
            throw ShapeErrors.Error(Name, $"dimension {p.Dimension} is out of range for rank {first.Rank}", inputs);
        var outputs = new ArrayType[inputs.Length];
        for (int i = 0; i < inputs.Length; i++)
        {
            if (inputs[i].Shape != first.Shape) throw ShapeErrors.Error(Name, "operands must have one shape", inputs);
            outputs[i] = inputs[i];
        }
        return outputs;
    }

    protected override NDArray[] Kernel(NDArray[] args, SortParams p, ArrayType[] outTypes)
    {
        var shape = args[0].Shape;
        var outputs = new NDArray[args.Length];
        var (outer, n, inner) = ReductionKernels.Split(shape, p.Dimension);
        var concrete = new ConcreteArray[args.Length];
        for (int i = 0; i < args.Length; i++) concrete[i] = (ConcreteArray)args[i];
        var results = new ConcreteArray[args.Length];
        for (int i = 0; i < args.Length; i++) results[i] = ConcreteArray.Allocate(outTypes[i]);
        if (shape.Size > 0)
        {
            var keys = new double[p.NumKeys][];
            for (int k = 0; k < p.NumKeys; k++) keys[k] = new double[n];
            // i64 keys beyond 2^53 round as doubles (monotonically): their exact values break the ties that rounding makes.
            var exact = new long[]?[p.NumKeys];
            for (int k = 0; k < p.NumKeys; k++) if (concrete[k].DType == DType.Int64) exact[k] = new long[n];
            var order = new int[n];
            var comparer = new LaneComparer(keys, exact);
            for (int o = 0; o < outer; o++)
                for (int j = 0; j < inner; j++)
                {
                    int start = o * n * inner + j;
                    for (int k = 0; k < p.NumKeys; k++)
                    {
                        ReadLane(concrete[k], start, n, inner, keys[k]);
                        if (exact[k] is { } e) { var src = concrete[k].Span<long>(); for (int t = 0; t < n; t++) e[t] = src[start + t * inner]; }
                    }
                    for (int t = 0; t < n; t++) order[t] = t;
                    Array.Sort(order, comparer);
                    for (int i = 0; i < args.Length; i++) Permute(concrete[i], results[i], start, n, inner, order);
                }
        }
        for (int i = 0; i < args.Length; i++) outputs[i] = results[i];
        return outputs;
    }

    /// <summary>Compares lane positions by the keys in order, NaN last, then by position (which makes the sort stable).</summary>
    private sealed class LaneComparer(double[][] keys, long[]?[] exact) : IComparer<int>
    {
        public int Compare(int a, int b)
        {
            for (int k = 0; k < keys.Length; k++)
            {
                var key = keys[k];
                double x = key[a], y = key[b];
                bool nx = double.IsNaN(x), ny = double.IsNaN(y);
                if (nx != ny) return nx ? 1 : -1;
                if (!nx && x != y) return x < y ? -1 : 1;
                if (exact[k] is { } e && e[a] != e[b]) return e[a] < e[b] ? -1 : 1;
            }
            return a.CompareTo(b);
        }
    }

    private static void ReadLane(ConcreteArray x, int start, int n, int stride, double[] lane)
    {
        switch (x.DType)
        {
            case DType.Float64: { var s = x.Span<double>(); for (int t = 0; t < n; t++) lane[t] = s[start + t * stride]; break; }
            case DType.Float32: { var s = x.Span<float>(); for (int t = 0; t < n; t++) lane[t] = s[start + t * stride]; break; }
            case DType.Int32: { var s = x.Span<int>(); for (int t = 0; t < n; t++) lane[t] = s[start + t * stride]; break; }
            case DType.Int64: { var s = x.Span<long>(); for (int t = 0; t < n; t++) lane[t] = s[start + t * stride]; break; }
            case DType.UInt8: { var s = x.Span<byte>(); for (int t = 0; t < n; t++) lane[t] = s[start + t * stride]; break; }
            case DType.UInt32: { var s = x.Span<uint>(); for (int t = 0; t < n; t++) lane[t] = s[start + t * stride]; break; }
            case DType.Float16: { var s = x.Span<Half>(); for (int t = 0; t < n; t++) lane[t] = (double)s[start + t * stride]; break; }
            case DType.BFloat16: { var s = x.Span<BFloat16>(); for (int t = 0; t < n; t++) lane[t] = s[start + t * stride]; break; }
            case DType.Bool: { var s = x.Span<bool>(); for (int t = 0; t < n; t++) lane[t] = s[start + t * stride] ? 1 : 0; break; }
            default: throw new ArgumentException($"sort: keys of {x.Type} are not supported");
        }
    }

    private static void Permute(ConcreteArray x, ConcreteArray result, int start, int n, int stride, int[] order)
    {
        switch (x.DType)
        {
            case DType.Float64: PermuteTyped(x.Span<double>(), result.Writable<double>(), start, n, stride, order); break;
            case DType.Float32: PermuteTyped(x.Span<float>(), result.Writable<float>(), start, n, stride, order); break;
            case DType.Int32: PermuteTyped(x.Span<int>(), result.Writable<int>(), start, n, stride, order); break;
            case DType.Bool: PermuteTyped(x.Span<bool>(), result.Writable<bool>(), start, n, stride, order); break;
            case DType.Int64: PermuteTyped(x.Span<long>(), result.Writable<long>(), start, n, stride, order); break;
            case DType.UInt8: PermuteTyped(x.Span<byte>(), result.Writable<byte>(), start, n, stride, order); break;
            case DType.UInt32: PermuteTyped(x.Span<uint>(), result.Writable<uint>(), start, n, stride, order); break;
            case DType.Float16: PermuteTyped(x.Span<Half>(), result.Writable<Half>(), start, n, stride, order); break;
            case DType.BFloat16: PermuteTyped(x.Span<BFloat16>(), result.Writable<BFloat16>(), start, n, stride, order); break;
            default: throw new ArgumentException($"sort: operands of {x.Type} are not supported");
        }
    }

    private static void PermuteTyped<T>(ReadOnlySpan<T> source, Span<T> target, int start, int n, int stride, int[] order)
    {
        for (int t = 0; t < n; t++) target[start + t * stride] = source[start + order[t] * stride];
    }

    protected override (NDArray[] Primals, NDArray?[] Tangents) Jvp(NDArray[] primals, NDArray?[] tangents, SortParams p)
    {
        // Each tangent is permuted as its operand is: sorted as the one non-key operand beside the (known) keys, an
        // equation linear in the tangent.
        var outPrimals = Bind(primals, p);
        var outTangents = new NDArray?[primals.Length];
        var operands = new NDArray[p.NumKeys + 1];
        for (int k = 0; k < p.NumKeys; k++) operands[k] = primals[k];
        for (int i = 0; i < primals.Length; i++)
        {
            if (tangents[i] is not { } t) continue;
            operands[p.NumKeys] = Ops.BroadcastTo(t, primals[i].Shape);
            outTangents[i] = Bind(operands, p)[p.NumKeys];
        }
        return (outPrimals, outTangents);
    }

    public NDArray?[] Transpose(NDArray?[] cotangents, TransposeArg[] args, SortParams p)
    {
        for (int k = 0; k < p.NumKeys; k++)
            if (args[k].IsLinear) throw new InvalidOperationException("sort: cannot transpose with respect to a sort key (sorting is not linear in its keys)");
        // The permutation: positions sorted by the keys; the inverse permutation applied to a cotangent is a sort of it
        // keyed by the permutation.
        var keyOperands = new NDArray[p.NumKeys + 1];
        for (int k = 0; k < p.NumKeys; k++) keyOperands[k] = args[k].KnownValue;
        keyOperands[p.NumKeys] = Ops.Iota(DType.Int32, args[0].Type.Shape, p.Dimension);
        var permutation = Bind(keyOperands, p)[p.NumKeys];
        var result = new NDArray?[args.Length];
        for (int i = p.NumKeys; i < args.Length; i++)
        {
            if (!args[i].IsLinear || cotangents[i] is not { } ct) continue;
            result[i] = Bind(new[] { permutation, ct }, new SortParams(p.Dimension, 1, true))[1];
        }
        return result;
    }

    protected override (NDArray[] Outputs, int[] OutDims) Batch(NDArray[] args, int[] dims, SortParams p, int axisSize)
    {
        // Every operand with its batch axis in front (unbatched ones broadcast), and the sort axis shifted past it.
        var moved = new NDArray[args.Length];
        for (int i = 0; i < args.Length; i++) moved[i] = Batching.ToFront(args[i], dims[i], axisSize);
        var outputs = Bind(moved, p with { Dimension = p.Dimension + 1 });
        var outDims = new int[outputs.Length];
        return (outputs, outDims);
    }
}

internal static partial class Ops
{
    /// <summary>Sorts <paramref name="operands"/> along <paramref name="dimension"/> by the first <paramref name="numKeys"/> (stable).</summary>
    internal static NDArray[] Sort(NDArray[] operands, int dimension, int numKeys = 1) =>
        SortPrimitive.Instance.Bind(operands, new SortParams(dimension, numKeys, true));
}
