using System;
using System.Runtime.CompilerServices;

namespace Functional.AD;

/// <summary>How a combining scatter merges an update into the operand element it lands on.</summary>
internal enum ScatterCombine : byte { Replace, Add, Multiply, Minimum, Maximum }

/// <summary>
/// Shared machinery of <c>scatter</c>, <c>scatter_add</c>, <c>scatter_mul</c>, <c>scatter_min</c> and <c>scatter_max</c>: the shape rule,
/// the kernel (update windows visited in index order, so with repeated indices <c>scatter</c> keeps the last update)
/// and the batching rule, all with <c>scatter_add</c>'s dimension numbers and clamped starts. Each primitive's own file
/// gives its JVP and, where linear, its transpose.
/// </summary>
internal abstract class CombiningScatterPrimitive : SingleResultPrimitive<ScatterAddParams>
{
    private readonly ScatterCombine _combine;

    protected CombiningScatterPrimitive(string name, ScatterCombine combine) : base(name) => _combine = combine;

    protected override ArrayType ShapeRule(ArrayType[] inputs, ScatterAddParams p)
    {
        var (x, idx, upd) = (inputs[0], inputs[1], inputs[2]);
        var d = p.DimensionNumbers;
        if (idx.DType != DType.Int32) throw ShapeErrors.Error(Name, "indices must be i32", x, idx, upd);
        if (upd.DType != x.DType) throw ShapeErrors.Error(Name, "updates must have the operand's dtype", x, idx, upd);
        if (x.DType == DType.Bool && _combine != ScatterCombine.Replace) throw ShapeErrors.Error(Name, _combine == ScatterCombine.Add ? "cannot add bool values" : "needs numbers, not bool", x, idx, upd);
        if (idx.Rank < 1 || idx.Shape[idx.Rank - 1] != d.ScatterDimsToOperandDims.Count)
            throw ShapeErrors.Error(Name, $"indices need a trailing index vector of {d.ScatterDimsToOperandDims.Count} entries", x, idx, upd);
        if (upd.Rank != idx.Rank - 1 + d.UpdateWindowDims.Count)
            throw ShapeErrors.Error(Name, "updates must have the index batch axes plus the window axes", x, idx, upd);
        int windowAxes = x.Rank - d.InsertedWindowDims.Count - d.OperandBatchingDims.Count;
        if (windowAxes != d.UpdateWindowDims.Count)
            throw ShapeErrors.Error(Name, $"update_window_dims {d.UpdateWindowDims} must name one updates axis per operand window axis ({windowAxes})", x, idx, upd);
        for (int i = 0, w = 0, b = 0; i < upd.Rank; i++)
        {
            if (d.UpdateWindowDims.Contains(i))
            {
                while (d.InsertedWindowDims.Contains(w) || d.OperandBatchingDims.Contains(w)) w++;
                if (upd.Shape[i] > x.Shape[w]) throw ShapeErrors.Error(Name, $"update window axis {i} is larger than operand axis {w}", x, idx, upd);
                w++;
            }
            else if (upd.Shape[i] != idx.Shape[b++]) throw ShapeErrors.Error(Name, "updates batch axes must match the indices batch axes", x, idx, upd);
        }
        return x with { Weak = x.Weak && upd.Weak };
    }

    protected override NDArray Kernel(NDArray[] args, ScatterAddParams p, ArrayType outType)
    {
        var x = (ConcreteArray)args[0];
        var idx = (ConcreteArray)args[1];
        var upd = (ConcreteArray)args[2];
        var d = p.DimensionNumbers;
        var output = x.Copy(outType);
        if (upd.Size == 0) return output;
        var plan = new IndexPlan(x.Shape, idx.Shape, d.UpdateWindowDims, d.InsertedWindowDims, d.ScatterDimsToOperandDims,
            d.OperandBatchingDims, d.ScatterIndicesBatchingDims, ScatterAddPrimitive.WindowSliceSizes(x.Type, upd.Type, d), upd.Shape);
        var indices = idx.Span<int>();
        var combine = _combine;
        int offset = output.Offset;
        switch (output.Buffer)
        {
            case double[] r: { var u = upd.Span<double>().ToArray(); plan.ForEachWindow(indices, (o, s) => CombineWindow(r, offset + o, u, s, plan, combine)); break; }
            case float[] r: { var u = upd.Span<float>().ToArray(); plan.ForEachWindow(indices, (o, s) => CombineWindow(r, offset + o, u, s, plan, combine)); break; }
            case int[] r: { var u = upd.Span<int>().ToArray(); plan.ForEachWindow(indices, (o, s) => CombineWindow(r, offset + o, u, s, plan, combine)); break; }
            case long[] r: { var u = upd.Span<long>().ToArray(); plan.ForEachWindow(indices, (o, s) => CombineWindow(r, offset + o, u, s, plan, combine)); break; }
            case bool[] r: { var u = upd.Span<bool>().ToArray(); plan.ForEachWindow(indices, (o, s) => CombineWindow(r, offset + o, u, s, plan, combine)); break; }
        }
        return output;
    }

    /// <summary>Merges one update window into the operand, element by element in row-major window order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CombineWindow<T>(T[] operand, int operandOffset, T[] updates, int updateOffset, IndexPlan plan, ScatterCombine combine)
    {
        var shape = plan.WindowShape;
        int n = shape.Length, total = 1;
        foreach (var s in shape) total *= s;
        if (total == 0) return;
        var index = new int[n];
        for (int e = 0; e < total; e++)
        {
            int o = operandOffset, u = updateOffset;
            for (int k = 0; k < n; k++)
            {
                o += index[k] * plan.OperandWindowStrides[k];
                u += index[k] * plan.ResultWindowStrides[k];
            }
            operand[o] = combine == ScatterCombine.Replace ? updates[u] : Merge(operand[o], updates[u], combine);
            for (int k = n - 1; k >= 0; k--)
            {
                if (++index[k] < shape[k]) break;
                index[k] = 0;
            }
        }
    }

    /// <summary>The numeric merges; min and max let NaN win, as <c>lax.min</c> / <c>lax.max</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Merge<T>(T a, T b, ScatterCombine combine)
    {
        if (typeof(T) == typeof(double)) return (T)(object)Merge((double)(object)a!, (double)(object)b!, combine);
        // Widened to double explicitly (a float argument would pick this generic method again): a sum or product of two floats
        // rounded once from double is the float operation's own result.
        if (typeof(T) == typeof(float)) return (T)(object)(float)Merge((double)(float)(object)a!, (double)(float)(object)b!, combine);
        if (typeof(T) == typeof(int)) return (T)(object)MergeInt((int)(object)a!, (int)(object)b!, combine);
        if (typeof(T) == typeof(long)) return (T)(object)MergeLong((long)(object)a!, (long)(object)b!, combine);
        return b;
    }

    private static double Merge(double a, double b, ScatterCombine combine) => combine switch
    {
        ScatterCombine.Add => a + b,
        ScatterCombine.Multiply => a * b,
        ScatterCombine.Minimum => double.IsNaN(a) || double.IsNaN(b) ? double.NaN : Math.Min(a, b),
        _ => double.IsNaN(a) || double.IsNaN(b) ? double.NaN : Math.Max(a, b),
    };

    private static int MergeInt(int a, int b, ScatterCombine combine) => combine switch
    {
        ScatterCombine.Add => a + b,
        ScatterCombine.Multiply => a * b,
        ScatterCombine.Minimum => Math.Min(a, b),
        _ => Math.Max(a, b),
    };

    private static long MergeLong(long a, long b, ScatterCombine combine) => combine switch
    {
        ScatterCombine.Add => a + b,
        ScatterCombine.Multiply => a * b,
        ScatterCombine.Minimum => Math.Min(a, b),
        _ => Math.Max(a, b),
    };

    /// <summary>
    /// Batching: the operand (and updates) get a leading batch axis; with unbatched indices it is a window axis of every
    /// update, with batched indices operand and indices pair it as a batching dimension (as <c>scatter_add</c>).
    /// </summary>
    protected override (NDArray Output, int OutDim) Batch(NDArray[] args, int[] dims, ScatterAddParams p, int axisSize)
    {
        var x = Batching.ToFront(args[0], dims[0], axisSize);
        var u = Batching.ToFront(args[2], dims[2], axisSize);
        var d = p.DimensionNumbers;
        if (dims[1] == Batching.NotMapped)
        {
            var dn = new ScatterDimensionNumbers(Batching.ShiftAll(d.UpdateWindowDims, withBatch: true), Batching.ShiftAll(d.InsertedWindowDims),
                Batching.ShiftAll(d.ScatterDimsToOperandDims), Batching.ShiftAll(d.OperandBatchingDims), d.ScatterIndicesBatchingDims);
            return (Apply(new[] { x, args[1], u }, new ScatterAddParams(dn)), 0);
        }
        var paired = new ScatterDimensionNumbers(Batching.ShiftAll(d.UpdateWindowDims), Batching.ShiftAll(d.InsertedWindowDims),
            Batching.ShiftAll(d.ScatterDimsToOperandDims), Batching.ShiftAll(d.OperandBatchingDims, withBatch: true),
            Batching.ShiftAll(d.ScatterIndicesBatchingDims, withBatch: true));
        return (Apply(new[] { x, Batching.MoveAxis(args[1], dims[1], 0), u }, new ScatterAddParams(paired)), 0);
    }

    /// <summary>The windows of <paramref name="array"/> (shaped like the operand) that this scatter writes, shaped like the updates.</summary>
    internal static NDArray GatherWindows(NDArray array, NDArray indices, ArrayType updates, ScatterDimensionNumbers d) =>
        Ops.Gather(array, indices, new GatherDimensionNumbers(d.UpdateWindowDims, d.InsertedWindowDims, d.ScatterDimsToOperandDims,
            d.OperandBatchingDims, d.ScatterIndicesBatchingDims), ScatterAddPrimitive.WindowSliceSizes(array.Type, updates, d));
}

/// <summary>The JVP shared by <c>scatter_min</c> and <c>scatter_max</c>.</summary>
internal static class ScatterExtremum
{
    /// <summary>
    /// Every input equal to the result at its position is a winner; the tangent is the mean of the winners' tangents
    /// (linear in the tangents, so the backward pass needs only scatter_add's and gather's transposes).
    /// </summary>
    internal static NDArray? Tangent(NDArray[] primals, NDArray?[] tangents, NDArray y, ScatterDimensionNumbers d)
    {
        var (x, idx, u) = (primals[0], primals[1], primals[2]);
        var (tx, tu) = (tangents[0], tangents[2]);
        if (tx is null && tu is null) return null;
        var dtype = x.DType;
        var xWins = Ops.ConvertElementType(Ops.Eq(x, y), dtype);
        var uWins = Ops.ConvertElementType(Ops.Eq(u, CombiningScatterPrimitive.GatherWindows(y, idx, u.Type, d)), dtype);
        var zeros = Ops.Zeros(x.Type.Strong);
        var count = Ops.Add(xWins, Ops.ScatterAdd(zeros, idx, uWins, d));
        NDArray? sum = tx is null ? null : Ops.Mul(tx, xWins);
        if (tu is not null) sum = Ops.AddTangents(sum, Ops.ScatterAdd(zeros, idx, Ops.Mul(tu, uWins), d));
        return Ops.Div(sum!, count);
    }
}
