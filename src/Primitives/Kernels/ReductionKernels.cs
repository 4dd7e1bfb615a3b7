using System;
using System.Collections.Generic;
using System.Numerics;
using System.Numerics.Tensors;

namespace Functional.AD;

/// <summary>The monoid a reduction folds with.</summary>
internal enum ReduceOp
{
    /// <summary>Addition; identity 0.</summary>
    Sum,
    /// <summary>Maximum (NaN propagates); identity -inf (or the smallest int).</summary>
    Max,
    /// <summary>Minimum (NaN propagates); identity +inf (or the largest int).</summary>
    Min,
}

/// <summary>
/// Reductions over any set of axes without transposing: adjacent axes with the same role are merged;
/// a trailing reduced block folds contiguous runs to scalars (one SIMD call per run), and reduced
/// blocks before a kept block accumulate whole contiguous rows into the output (one SIMD call per row).
/// </summary>
internal static class ReductionKernels
{
    /// <summary>Reduces <paramref name="x"/> over <paramref name="axes"/> into an array of <paramref name="outType"/>.</summary>
    internal static ConcreteArray Reduce(ConcreteArray x, IntTuple axes, ArrayType outType, ReduceOp op)
    {
        var output = ConcreteArray.Allocate(outType);
        switch (outType.DType)
        {
            case DType.Float64: Reduce<double>(x.Span<double>(), x.Shape, axes, op, output.Writable<double>()); break;
            case DType.Float32: Reduce<float>(x.Span<float>(), x.Shape, axes, op, output.Writable<float>()); break;
            case DType.Int32: Reduce<int>(x.Span<int>(), x.Shape, axes, op, output.Writable<int>()); break;
            default: throw new ArgumentException($"reduction of {x.Type} is not supported");
        }
        return output;
    }

    private static T Identity<T>(ReduceOp op) where T : unmanaged, INumber<T>, IMinMaxValue<T>
    {
        if (op == ReduceOp.Sum) return T.Zero;
        if (typeof(T) == typeof(double)) return (T)(object)(op == ReduceOp.Max ? double.NegativeInfinity : double.PositiveInfinity);
        if (typeof(T) == typeof(float)) return (T)(object)(op == ReduceOp.Max ? float.NegativeInfinity : float.PositiveInfinity);
        return op == ReduceOp.Max ? T.MinValue : T.MaxValue;
    }

    private static T Fold<T>(ReadOnlySpan<T> run, ReduceOp op) where T : unmanaged, INumber<T>, IMinMaxValue<T> => op switch
    {
        ReduceOp.Sum => TensorPrimitives.Sum(run),
        ReduceOp.Max => TensorPrimitives.Max(run),
        _ => TensorPrimitives.Min(run),
    };

    private static void Accumulate<T>(Span<T> acc, ReadOnlySpan<T> row, ReduceOp op) where T : unmanaged, INumber<T>, IMinMaxValue<T>
    {
        switch (op)
        {
            case ReduceOp.Sum: TensorPrimitives.Add(acc, row, acc); break;
            case ReduceOp.Max: TensorPrimitives.Max(acc, row, acc); break;
            default: TensorPrimitives.Min(acc, row, acc); break;
        }
    }

    private static void Reduce<T>(ReadOnlySpan<T> data, Shape shape, IntTuple axes, ReduceOp op, Span<T> result) where T : unmanaged, INumber<T>, IMinMaxValue<T>
    {
        int outSize = 1;
        var groups = new List<(int Size, bool Reduced)>();
        for (int i = 0; i < shape.Rank; i++)
        {
            bool reduced = axes.Contains(i);
            int d = shape[i];
            if (!reduced) outSize *= d;
            if (d == 1) continue;
            if (groups.Count > 0 && groups[^1].Reduced == reduced) groups[^1] = (groups[^1].Size * d, reduced);
            else groups.Add((d, reduced));
        }
        if (outSize == 0) return;
        if (data.Length == 0)
        {
            result.Fill(Identity<T>(op));
            return;
        }
        // Fold a trailing reduced block: contiguous runs to scalars.
        T[]? folded = null;
        if (groups.Count > 0 && groups[^1].Reduced)
        {
            int run = groups[^1].Size;
            groups.RemoveAt(groups.Count - 1);
            bool done = !AnyReduced(groups);
            var target = done ? result : (folded = new T[data.Length / run]);
            for (int i = 0, o = 0; o < target.Length; i += run, o++) target[o] = Fold(data.Slice(i, run), op);
            if (done) return;
            data = folded;
        }
        if (!AnyReduced(groups))
        {
            data.CopyTo(result);
            return;
        }
        // Now the last block is kept (size inner): accumulate rows into the output.
        int inner = groups[^1].Size;
        int outer = groups.Count - 1;
        var dims = new int[outer];
        var outStrides = new int[outer];
        int stride = inner;
        for (int g = outer - 1; g >= 0; g--)
        {
            dims[g] = groups[g].Size;
            outStrides[g] = groups[g].Reduced ? 0 : stride;
            if (!groups[g].Reduced) stride *= groups[g].Size;
        }
        result.Fill(op == ReduceOp.Sum ? T.Zero : Identity<T>(op));
        var index = new int[outer];
        int src = 0, dst = 0;
        var acc = result;
        while (true)
        {
            Accumulate(acc.Slice(dst, inner), data.Slice(src, inner), op);
            src += inner;
            int k = outer - 1;
            while (k >= 0)
            {
                index[k]++;
                dst += outStrides[k];
                if (index[k] < dims[k]) break;
                dst -= outStrides[k] * dims[k];
                index[k] = 0;
                k--;
            }
            if (k < 0) break;
        }
    }

    private static bool AnyReduced(List<(int Size, bool Reduced)> groups)
    {
        foreach (var g in groups) if (g.Reduced) return true;
        return false;
    }

    /// <summary>(outer, axis length, inner) sizes of a shape split around one axis.</summary>
    internal static (int Outer, int Length, int Inner) Split(Shape shape, int axis)
    {
        int outer = 1, inner = 1;
        for (int i = 0; i < axis; i++) outer *= shape[i];
        for (int i = axis + 1; i < shape.Rank; i++) inner *= shape[i];
        return (outer, shape[axis], inner);
    }

    /// <summary>Index of the first maximum along <paramref name="axis"/> (the first NaN wins, as in JAX).</summary>
    internal static ConcreteArray ArgMax(ConcreteArray x, int axis, ArrayType outType) => x.DType switch
    {
        DType.Float64 => ArgMaxTyped(x.Span<double>(), x.Shape, axis, outType, double.IsNaN),
        DType.Float32 => ArgMaxTyped(x.Span<float>(), x.Shape, axis, outType, float.IsNaN),
        DType.Int32 => ArgMaxTyped(x.Span<int>(), x.Shape, axis, outType, _ => false),
        _ => ArgMaxTyped(x.CopyAs<int>(), x.Shape, axis, outType, _ => false),
    };

    private static ConcreteArray ArgMaxTyped<T>(ReadOnlySpan<T> data, Shape shape, int axis, ArrayType outType, Func<T, bool> isNaN)
        where T : INumber<T>
    {
        var (outer, n, inner) = Split(shape, axis);
        var output = ConcreteArray.Allocate(outType);
        var result = output.Writable<int>();
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                int baseIndex = o * n * inner + i;
                int best = 0;
                T bestValue = data[baseIndex];
                if (!isNaN(bestValue))
                    for (int r = 1; r < n; r++)
                    {
                        var v = data[baseIndex + r * inner];
                        if (isNaN(v)) { best = r; break; }
                        if (v > bestValue) { best = r; bestValue = v; }
                    }
                result[o * inner + i] = best;
            }
        return output;
    }

    /// <summary>Running sum along <paramref name="axis"/> (from the end when <paramref name="reverse"/>).</summary>
    internal static ConcreteArray Cumsum(ConcreteArray x, int axis, bool reverse, ArrayType outType)
    {
        var output = ConcreteArray.Allocate(outType);
        switch (x.DType)
        {
            case DType.Float64: CumsumTyped(x.Span<double>(), x.Shape, axis, reverse, output.Writable<double>()); break;
            case DType.Float32: CumsumTyped(x.Span<float>(), x.Shape, axis, reverse, output.Writable<float>()); break;
            case DType.Int32: CumsumTyped(x.Span<int>(), x.Shape, axis, reverse, output.Writable<int>()); break;
            default: throw new ArgumentException($"cumsum of {x.Type} is not supported");
        }
        return output;
    }

    private static void CumsumTyped<T>(ReadOnlySpan<T> data, Shape shape, int axis, bool reverse, Span<T> span) where T : unmanaged, INumber<T>
    {
        data.CopyTo(span);
        var (outer, n, inner) = Split(shape, axis);
        for (int o = 0; o < outer; o++)
        {
            var block = span.Slice(o * n * inner, n * inner);
            if (!reverse)
                for (int r = 1; r < n; r++)
                    TensorPrimitives.Add(block.Slice(r * inner, inner), block.Slice((r - 1) * inner, inner), block.Slice(r * inner, inner));
            else
                for (int r = n - 2; r >= 0; r--)
                    TensorPrimitives.Add(block.Slice(r * inner, inner), block.Slice((r + 1) * inner, inner), block.Slice(r * inner, inner));
        }
    }
}
