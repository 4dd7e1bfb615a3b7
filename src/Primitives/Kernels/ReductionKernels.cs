using System;
using System.Runtime.CompilerServices;
using System.Numerics;

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
    /// <summary>
    /// Reduces <paramref name="x"/> over <paramref name="axes"/> into an array of <paramref name="outType"/>. Float32
    /// sums accumulate in float64 (<see cref="WidenedSums"/>) and are rounded once at the end.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static ConcreteArray Reduce(ConcreteArray x, IntTuple axes, ArrayType outType, ReduceOp op)
    {
        var output = ConcreteArray.Allocate(outType);
        switch (outType.DType)
        {
            case DType.Float64: Reduce<double>(x.Span<double>(), x.Shape, axes, op, output.Writable<double>()); break;
            case DType.Float32 when op == ReduceOp.Sum: SumFloat32(x.Span<float>(), x.Shape, axes, output.Writable<float>()); break;
            case DType.Float32: Reduce<float>(x.Span<float>(), x.Shape, axes, op, output.Writable<float>()); break;
            case DType.Int32: Reduce<int>(x.Span<int>(), x.Shape, axes, op, output.Writable<int>()); break;
            case DType.Int64: Reduce<long>(x.Span<long>(), x.Shape, axes, op, output.Writable<long>()); break;
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
        ReduceOp.Sum => ArithmeticKernels.Sum(run),
        ReduceOp.Max => ArithmeticKernels.Max(run),
        _ => ArithmeticKernels.Min(run),
    };

    private static void Accumulate<T>(Span<T> acc, ReadOnlySpan<T> row, ReduceOp op) where T : unmanaged, INumber<T>, IMinMaxValue<T>
    {
        switch (op)
        {
            case ReduceOp.Sum: ArithmeticKernels.Binary<ArithmeticKernels.AddOp<T>, T>(acc, row, acc); break;
            case ReduceOp.Max: ArithmeticKernels.Binary<ArithmeticKernels.MaxOp<T>, T>(acc, row, acc); break;
            default: ArithmeticKernels.Binary<ArithmeticKernels.MinOp<T>, T>(acc, row, acc); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Reduce<T>(ReadOnlySpan<T> data, Shape shape, IntTuple axes, ReduceOp op, Span<T> result) where T : unmanaged, INumber<T>, IMinMaxValue<T>
    {
        var plan = new ReductionPlan(shape, axes);
        if (plan.OutSize == 0) return;
        if (data.Length == 0)
        {
            result.Fill(Identity<T>(op));
            return;
        }
        // Fold a trailing reduced block: contiguous runs to scalars.
        if (plan.Run > 0)
        {
            var target = plan.HasRows ? new T[data.Length / plan.Run] : result;
            for (int i = 0, o = 0; o < target.Length; i += plan.Run, o++) target[o] = Fold(data.Slice(i, plan.Run), op);
            if (!plan.HasRows) return;
            data = target;
        }
        if (!plan.HasRows)
        {
            data.CopyTo(result);   // only size-1 axes are reduced
            return;
        }
        // The last block is kept: accumulate rows into the output.
        result.Fill(Identity<T>(op));
        var rows = plan.Rows();
        do Accumulate(result.Slice(rows.Destination, plan.Inner), data.Slice(rows.Source, plan.Inner), op);
        while (rows.MoveNext());
    }

    /// <summary>A float32 sum: runs and rows are added in float64, and each result is rounded to float32 once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SumFloat32(ReadOnlySpan<float> data, Shape shape, IntTuple axes, Span<float> result)
    {
        var plan = new ReductionPlan(shape, axes);
        if (plan.OutSize == 0) return;
        if (data.Length == 0)
        {
            result.Clear();
            return;
        }
        if (plan.Run == 0 && !plan.HasRows)
        {
            data.CopyTo(result);   // only size-1 axes are reduced
            return;
        }
        if (!plan.HasRows)
        {
            for (int i = 0, o = 0; o < result.Length; i += plan.Run, o++) result[o] = (float)WidenedSums.Sum(data.Slice(i, plan.Run));
            return;
        }
        if (plan.Run == 0 && plan.Inner == result.Length)
        {
            WidenedSums.SumColumns(data, plan.Inner, result);   // only leading axes are reduced
            return;
        }
        var acc = new double[result.Length];
        var rows = plan.Rows();
        if (plan.Run > 0)
        {
            var folded = new double[data.Length / plan.Run];
            for (int i = 0, o = 0; o < folded.Length; i += plan.Run, o++) folded[o] = WidenedSums.Sum(data.Slice(i, plan.Run));
            do
            {
                var target = acc.AsSpan(rows.Destination, plan.Inner);
                ArithmeticKernels.Binary<ArithmeticKernels.AddOp<double>, double>(target, folded.AsSpan(rows.Source, plan.Inner), target);
            }
            while (rows.MoveNext());
        }
        else
        {
            do WidenedSums.Add(acc.AsSpan(rows.Destination, plan.Inner), data.Slice(rows.Source, plan.Inner));
            while (rows.MoveNext());
        }
        WidenedSums.Narrow(acc, result);
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
        DType.Int64 => ArgMaxTyped(x.Span<long>(), x.Shape, axis, outType, _ => false),
        _ => ArgMaxTyped(x.CopyAs<int>(), x.Shape, axis, outType, _ => false),
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
            case DType.Float32: CumsumFloat32(x.Span<float>(), x.Shape, axis, reverse, output.Writable<float>()); break;
            case DType.Int32: CumsumTyped(x.Span<int>(), x.Shape, axis, reverse, output.Writable<int>()); break;
            case DType.Int64: CumsumTyped(x.Span<long>(), x.Shape, axis, reverse, output.Writable<long>()); break;
            default: throw new ArgumentException($"cumsum of {x.Type} is not supported");
        }
        return output;
    }

    /// <summary>A float32 running sum, carried in float64 and rounded to float32 at every element (as torch does).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CumsumFloat32(ReadOnlySpan<float> data, Shape shape, int axis, bool reverse, Span<float> span)
    {
        var (outer, n, inner) = Split(shape, axis);
        if (n == 0 || outer == 0 || inner == 0) return;
        if (inner == 1)
        {
            for (int o = 0; o < outer; o++)
            {
                double s = 0;
                int block = o * n;
                if (!reverse) for (int i = block; i < block + n; i++) span[i] = (float)(s += data[i]);
                else for (int i = block + n - 1; i >= block; i--) span[i] = (float)(s += data[i]);
            }
            return;
        }
        var acc = new double[inner];
        for (int o = 0; o < outer; o++)
        {
            int block = o * n * inner;
            Array.Clear(acc);
            for (int step = 0; step < n; step++)
            {
                int at = block + (reverse ? n - 1 - step : step) * inner;
                WidenedSums.Add(acc, data.Slice(at, inner));
                WidenedSums.Narrow(acc, span.Slice(at, inner));
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CumsumTyped<T>(ReadOnlySpan<T> data, Shape shape, int axis, bool reverse, Span<T> span) where T : unmanaged, INumber<T>
    {
        data.CopyTo(span);
        var (outer, n, inner) = Split(shape, axis);
        for (int o = 0; o < outer; o++)
        {
            var block = span.Slice(o * n * inner, n * inner);
            if (!reverse)
                for (int r = 1; r < n; r++)
                    ArithmeticKernels.Binary<ArithmeticKernels.AddOp<T>, T>(block.Slice(r * inner, inner), block.Slice((r - 1) * inner, inner), block.Slice(r * inner, inner));
            else
                for (int r = n - 2; r >= 0; r--)
                    ArithmeticKernels.Binary<ArithmeticKernels.AddOp<T>, T>(block.Slice(r * inner, inner), block.Slice((r + 1) * inner, inner), block.Slice(r * inner, inner));
        }
    }
}
