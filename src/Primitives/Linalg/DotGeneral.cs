using System;
using System.Runtime.CompilerServices;
using System.Collections.Generic;

namespace Functional.AD;

/// <summary>
/// Parameters of <c>dot_general</c>: which lhs/rhs axes are contracted and which are batch axes
/// (paired in order). The output is [batch axes, lhs free axes, rhs free axes].
/// </summary>
internal sealed record DotGeneralParams(IntTuple LhsContract, IntTuple RhsContract, IntTuple LhsBatch, IntTuple RhsBatch) : PrimitiveParams
{
    public override IEnumerable<(string Name, object? Value)> Entries()
    {
        yield return ("dimension_numbers", $"(({List(LhsContract)}, {List(RhsContract)}), ({List(LhsBatch)}, {List(RhsBatch)}))");
        yield return ("precision", null);
        yield return ("preferred_element_type", PreferredPrinted);
    }

    /// <summary>The output dtype printed (set by the Ops helper; it is the operands' dtype).</summary>
    internal DType? PreferredPrinted { get; init; }

    private static string List(IntTuple t) => "[" + string.Join(", ", t.Span.ToArray()) + "]";

    /// <summary>The same contraction with lhs and rhs exchanged.</summary>
    internal DotGeneralParams Swapped => new(RhsContract, LhsContract, RhsBatch, LhsBatch) { PreferredPrinted = PreferredPrinted };
}

/// <summary>
/// The <c>dot_general</c> primitive: a batched tensor contraction (matmul, matvec, dot, outer, einsum
/// pairs). The kernel lays operands out as [batch, free, contract] (absorbing 2-d transposition in
/// the GEMM's packing, copying otherwise) and calls the blocked SIMD GEMM per batch.
/// Bilinear: linear in each operand when the other is fixed.
/// </summary>
internal sealed class DotGeneralPrimitive : SingleResultPrimitive<DotGeneralParams>, ILinearSingleResultPrimitive<DotGeneralParams>
{
    internal static readonly DotGeneralPrimitive Instance = new();

    private DotGeneralPrimitive() : base("dot_general") { }

    protected override ArrayType ShapeRule(ArrayType[] inputs, DotGeneralParams p)
    {
        var (a, b) = (inputs[0], inputs[1]);
        if (a.DType != b.DType) throw ShapeErrors.Error(Name, "operands must have the same dtype", a, b);
        if (a.DType == DType.Bool) throw ShapeErrors.Error(Name, "is not defined for bool operands", a, b);
        if (p.LhsContract.Count != p.RhsContract.Count || p.LhsBatch.Count != p.RhsBatch.Count)
            throw ShapeErrors.Error(Name, "contracting and batch dimensions must pair up", a, b);
        CheckAxes(a, b, a, p.LhsContract, p.LhsBatch, "lhs");
        CheckAxes(a, b, b, p.RhsContract, p.RhsBatch, "rhs");
        for (int i = 0; i < p.LhsContract.Count; i++)
            if (a.Shape[p.LhsContract[i]] != b.Shape[p.RhsContract[i]])
                throw new ArgumentException($"{Name}: cannot contract {a} with {b}: {a.Shape[p.LhsContract[i]]} != {b.Shape[p.RhsContract[i]]} (lhs axis {p.LhsContract[i]}, rhs axis {p.RhsContract[i]})");
        for (int i = 0; i < p.LhsBatch.Count; i++)
            if (a.Shape[p.LhsBatch[i]] != b.Shape[p.RhsBatch[i]])
                throw new ArgumentException($"{Name}: batch sizes of {a} and {b} differ: {a.Shape[p.LhsBatch[i]]} != {b.Shape[p.RhsBatch[i]]}");
        var dims = new List<int>();
        foreach (var d in p.LhsBatch) dims.Add(a.Shape[d]);
        foreach (var d in Free(a.Rank, p.LhsContract, p.LhsBatch)) dims.Add(a.Shape[d]);
        foreach (var d in Free(b.Rank, p.RhsContract, p.RhsBatch)) dims.Add(b.Shape[d]);
        return new ArrayType(Shape.Own(dims.ToArray()), a.DType, a.Weak && b.Weak);
    }

    private void CheckAxes(ArrayType a, ArrayType b, ArrayType x, IntTuple contract, IntTuple batch, string side)
    {
        var seen = new bool[x.Rank];
        for (int i = 0; i < contract.Count + batch.Count; i++)
        {
            int d = i < contract.Count ? contract[i] : batch[i - contract.Count];
            if (d < 0 || d >= x.Rank || seen[d])
                throw ShapeErrors.Error(Name, $"{side} contracting/batch axes must be distinct axes of {x}", a, b);
            seen[d] = true;
        }
    }

    /// <summary>Axes that are neither contracted nor batch, in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int[] Free(int rank, IntTuple contract, IntTuple batch)
    {
        var free = new List<int>();
        for (int i = 0; i < rank; i++)
            if (!contract.Contains(i) && !batch.Contains(i)) free.Add(i);
        return free.ToArray();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override NDArray Kernel(NDArray[] args, DotGeneralParams p, ArrayType outType)
    {
        var a = (ConcreteArray)args[0];
        var b = (ConcreteArray)args[1];
        // An empty result needs no layout of operands whose sizes, when empty, may multiply past int.
        if (outType.Size == 0) return ConcreteArray.Allocate(outType);
        var lhs = Canonical(a, p.LhsBatch, Free(a.Rank, p.LhsContract, p.LhsBatch), p.LhsContract);
        var rhs = Canonical(b, p.RhsBatch, Free(b.Rank, p.RhsContract, p.RhsBatch), p.RhsContract);
        int batch = lhs.Batch, m = lhs.Free, n = rhs.Free, k = lhs.Contract;
        if (k == 0) return ConcreteArray.Filled(outType, 0);
        var output = ConcreteArray.Allocate(outType);
        var c = output.Buffer;
        switch (c)
        {
            case double[] cd:
                if (k == 1 && OuterProduct.TryMultiply<double>(lhs.Data, lhs.Offset, lhs.BatchStride, lhs.FreeStride,
                        rhs.Data, rhs.Offset, rhs.BatchStride, rhs.FreeStride, output, batch, m, n))
                    break;
                if (DiagonalProduct.TryMultiply(lhs.Data.Span<double>(), lhs.BatchStride, lhs.FreeStride, lhs.ContractStride,
                        rhs.Data.Span<double>(), rhs.BatchStride, rhs.ContractStride, rhs.FreeStride, cd.AsSpan(output.Offset), batch, m, n, k))
                    break;
                for (int i = 0; i < batch; i++)
                    Gemm.Multiply(lhs.Data.Span<double>()[(lhs.Offset + i * lhs.BatchStride)..], lhs.FreeStride, lhs.ContractStride,
                        rhs.Data.Span<double>()[(rhs.Offset + i * rhs.BatchStride)..], rhs.ContractStride, rhs.FreeStride,
                        cd.AsSpan(output.Offset + (i * m * n), m * n), n, m, n, k);
                break;
            case float[] cf:
                if (k == 1 && OuterProduct.TryMultiply<float>(lhs.Data, lhs.Offset, lhs.BatchStride, lhs.FreeStride,
                        rhs.Data, rhs.Offset, rhs.BatchStride, rhs.FreeStride, output, batch, m, n))
                    break;
                if (DiagonalProduct.TryMultiply(lhs.Data.Span<float>(), lhs.BatchStride, lhs.FreeStride, lhs.ContractStride,
                        rhs.Data.Span<float>(), rhs.BatchStride, rhs.ContractStride, rhs.FreeStride, cf.AsSpan(output.Offset), batch, m, n, k))
                    break;
                for (int i = 0; i < batch; i++)
                    Gemm.Multiply(lhs.Data.Span<float>()[(lhs.Offset + i * lhs.BatchStride)..], lhs.FreeStride, lhs.ContractStride,
                        rhs.Data.Span<float>()[(rhs.Offset + i * rhs.BatchStride)..], rhs.ContractStride, rhs.FreeStride,
                        cf.AsSpan(output.Offset + (i * m * n), m * n), n, m, n, k);
                break;
            case int[] ci:
            {
                var ad = lhs.Data.Span<int>();
                var bd = rhs.Data.Span<int>();
                for (int bi = 0; bi < batch; bi++)
                    for (int i = 0; i < m; i++)
                        for (int j = 0; j < n; j++)
                        {
                            int s = 0;
                            for (int q = 0; q < k; q++)
                                s += ad[lhs.Offset + bi * lhs.BatchStride + i * lhs.FreeStride + q * lhs.ContractStride]
                                     * bd[rhs.Offset + bi * rhs.BatchStride + q * rhs.ContractStride + j * rhs.FreeStride];
                            ci[output.Offset + ((bi * m + i) * n) + j] = s;
                        }
                break;
            }
            case long[] cl:
            {
                var ad = lhs.Data.Span<long>();
                var bd = rhs.Data.Span<long>();
                for (int bi = 0; bi < batch; bi++)
                    for (int i = 0; i < m; i++)
                        for (int j = 0; j < n; j++)
                        {
                            long s = 0;
                            for (int q = 0; q < k; q++)
                                s += ad[lhs.Offset + bi * lhs.BatchStride + i * lhs.FreeStride + q * lhs.ContractStride]
                                     * bd[rhs.Offset + bi * rhs.BatchStride + q * rhs.ContractStride + j * rhs.FreeStride];
                            cl[output.Offset + ((bi * m + i) * n) + j] = s;
                        }
                break;
            }
        }
        GC.KeepAlive(lhs.Data);
        GC.KeepAlive(rhs.Data);
        return output;
    }

    /// <summary>An operand viewed as [batch, free, contract] with one stride per group.</summary>
    private readonly record struct Layout(ConcreteArray Data, int Offset, int Batch, int Free, int Contract,
        int BatchStride, int FreeStride, int ContractStride);

    /// <summary>
    /// Views <paramref name="x"/> as [batch, free, contract]. When each group's axes are adjacent and in
    /// order in memory, the view is free (strides only); otherwise the operand is copied to that layout.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Layout Canonical(ConcreteArray x, IntTuple batch, int[] free, IntTuple contract)
    {
        var strides = StridedCopy.RowMajorStrides(x.Shape.Dims);
        int nb = SizeOf(x, batch.Span), nf = SizeOf(x, free), nc = SizeOf(x, contract.Span);
        if (TryGroupStride(x, batch.Span, strides, out int bs) && TryGroupStride(x, free, strides, out int fs)
            && TryGroupStride(x, contract.Span, strides, out int cs))
            return new Layout(x, 0, nb, nf, nc, bs, fs, cs);
        var perm = new int[x.Rank];
        batch.Span.CopyTo(perm);
        free.CopyTo(perm.AsSpan(batch.Count));
        contract.Span.CopyTo(perm.AsSpan(batch.Count + free.Length));
        var permuted = Ops.TransposeConcrete(x, perm);
        return new Layout(permuted, 0, nb, nf, nc, nf * nc, nc, 1);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int SizeOf(ConcreteArray x, ReadOnlySpan<int> axes)
    {
        int size = 1;
        foreach (var d in axes) size *= x.Shape[d];
        return size;
    }

    /// <summary>The stride of a group of axes that can be walked as one axis (adjacent, in order, size-1 axes ignored).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryGroupStride(ConcreteArray x, ReadOnlySpan<int> axes, int[] strides, out int stride)
    {
        stride = 0;
        int previous = -1;
        foreach (var d in axes)
        {
            if (x.Shape[d] == 1) continue;
            if (previous >= 0 && strides[previous] != strides[d] * x.Shape[d]) return false;
            previous = d;
        }
        if (previous >= 0) stride = strides[previous];
        return true;
    }

    /// <summary>
    /// Batching, as JAX's, through the dimension numbers alone (no operand is transposed): when both operands are
    /// batched their batch axes become one more dot_general batch axis, the output's first; when one is, its batch
    /// axis is one more free axis of that operand, and the output's batch axis is wherever dot_general puts it.
    /// </summary>
    protected override (NDArray Output, int OutDim) Batch(NDArray[] args, int[] dims, DotGeneralParams p, int axisSize)
    {
        var (a, b) = (args[0], args[1]);
        var (da, db) = (dims[0], dims[1]);
        if (da != Batching.NotMapped && db != Batching.NotMapped)
        {
            var both = new DotGeneralParams(ShiftPast(p.LhsContract, da), ShiftPast(p.RhsContract, db),
                Batching.Prepend(da, ShiftPast(p.LhsBatch, da)), Batching.Prepend(db, ShiftPast(p.RhsBatch, db))) { PreferredPrinted = p.PreferredPrinted };
            return (Apply(new[] { a, b }, both), 0);
        }
        if (da != Batching.NotMapped)
        {
            var lhs = new DotGeneralParams(ShiftPast(p.LhsContract, da), p.RhsContract, ShiftPast(p.LhsBatch, da), p.RhsBatch)
                { PreferredPrinted = p.PreferredPrinted };
            // the batch axis is a free axis of the lhs: the output has the batch axes, then the lhs free axes in order
            return (Apply(new[] { a, b }, lhs), p.LhsBatch.Count + FreeBefore(a.Rank, lhs.LhsContract, lhs.LhsBatch, da));
        }
        int lhsFree = a.Rank - p.LhsContract.Count - p.LhsBatch.Count;
        if (PreferBatchedRhsFirst(a, b, db, p)) return BatchRhsAsLhs(a, Batching.MoveAxis(b, db, 0), p, lhsFree);
        var rhs = new DotGeneralParams(p.LhsContract, ShiftPast(p.RhsContract, db), p.LhsBatch, ShiftPast(p.RhsBatch, db))
            { PreferredPrinted = p.PreferredPrinted };
        return (Apply(new[] { a, b }, rhs), p.LhsBatch.Count + lhsFree + FreeBefore(b.Rank, rhs.RhsContract, rhs.RhsBatch, db));
    }

    /// <summary>Per-example axes renumbered for an operand whose batch axis sits at <paramref name="batchAxis"/>.</summary>
    private static IntTuple ShiftPast(IntTuple axes, int batchAxis)
    {
        var r = new int[axes.Count];
        for (int i = 0; i < r.Length; i++) r[i] = Batching.Shift(axes[i], batchAxis);
        return new IntTuple(r);
    }

    /// <summary>How many free axes of an operand come before its axis <paramref name="axis"/> (itself a free axis).</summary>
    private static int FreeBefore(int rank, IntTuple contract, IntTuple batch, int axis)
    {
        int n = 0;
        for (int i = 0; i < axis && i < rank; i++)
            if (!contract.Contains(i) && !batch.Contains(i)) n++;
        return n;
    }

    /// <summary>
    /// Whether a product with only the rhs batched is better computed with the operands exchanged: when each example's
    /// rhs has no free axis longer than 1 (a matrix-vector product, the pattern of Jacobians and per-example pullbacks)
    /// and the lhs lists its contracted axes before its free ones (a transposed matrix, <c>Aᵀ·v</c>). Then the
    /// exchanged product reads the lhs row by row (its natural order as a right factor) and puts the batch axis in
    /// front, with no transpose of the result, where the plain one would read the lhs transposed and leave the batch
    /// axis behind the lhs's free axes.
    /// </summary>
    private static bool PreferBatchedRhsFirst(NDArray a, NDArray b, int db, DotGeneralParams p)
    {
        if (p.LhsBatch.Count != 0) return false;
        var rhsFree = Free(b.Rank - 1, p.RhsContract, p.RhsBatch);
        foreach (var d in rhsFree)
            if (b.Shape[Batching.Shift(d, db)] != 1) return false;
        var lhsFree = Free(a.Rank, p.LhsContract, p.LhsBatch);
        if (lhsFree.Length == 0) return false;
        foreach (var c in p.LhsContract.Span)
            if (c > lhsFree[0]) return false;
        return true;
    }

    /// <summary>
    /// <c>dot_general(a, b)</c> with <paramref name="b"/> batched at axis 0, computed as <c>dot_general(b, a)</c>: the
    /// exchanged product is [batch, b's free axes, a's free axes], transposed back to [batch, a's free axes, b's free axes]
    /// (a reshape when b's free axes have length 1). The batch axis is the output's axis 0 (there are no dot batch axes).
    /// </summary>
    private (NDArray Output, int OutDim) BatchRhsAsLhs(NDArray a, NDArray b, DotGeneralParams p, int lhsFree)
    {
        var swapped = new DotGeneralParams(Batching.ShiftAll(p.RhsContract), p.LhsContract, Batching.ShiftAll(p.RhsBatch), p.LhsBatch)
            { PreferredPrinted = p.PreferredPrinted };
        var product = Apply(new[] { b, a }, swapped);
        int rhsFree = b.Rank - 1 - p.RhsContract.Count;
        var perm = new int[product.Rank];
        for (int i = 0; i < lhsFree; i++) perm[1 + i] = 1 + rhsFree + i;
        for (int i = 0; i < rhsFree; i++) perm[1 + lhsFree + i] = 1 + i;
        return (Ops.Transpose(product, new IntTuple(perm)), 0);
    }

    protected override (NDArray Primal, NDArray? Tangent) Jvp(NDArray[] primals, NDArray?[] tangents, DotGeneralParams p)
    {
        var (a, b) = (primals[0], primals[1]);
        var y = Apply(primals, p);
        var (ta, tb) = (tangents[0], tangents[1]);
        var da = ta is null ? null : Apply(new[] { ta, b }, p);
        var db = tb is null ? null : Apply(new[] { a, tb }, p);
        return (y, Ops.AddTangents(da, db));
    }

    public NDArray?[] Transpose(NDArray ct, TransposeArg[] args, DotGeneralParams p)
    {
        if (args[0].IsLinear && args[1].IsLinear)
            throw new InvalidOperationException("dot_general: cannot transpose a product of two linear values (the function is not linear)");
        if (args[0].IsLinear)
            return new[] { TransposeLhs(ct, args[0].Type, args[1].KnownValue, p, swapAns: false), null };
        return new[] { null, TransposeLhs(ct, args[1].Type, args[0].KnownValue, p.Swapped, swapAns: true) };
    }

    /// <summary>
    /// Cotangent of the lhs x of <c>dot_general(x, y)</c> (or, with <paramref name="swapAns"/>, of the rhs:
    /// then <paramref name="p"/> is swapped and the output's free axes of x come after y's). The
    /// cotangent contracts ct with y over y's free axes, batching over the batch axes; the result's axes
    /// are [batch, x free, x contract (in y's contract order)], permuted back to x's order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static NDArray TransposeLhs(NDArray ct, ArrayType x, NDArray y, DotGeneralParams p, bool swapAns)
    {
        var xFree = Free(x.Rank, p.LhsContract, p.LhsBatch);
        var yFree = Free(y.Rank, p.RhsContract, p.RhsBatch);
        int nb = p.LhsBatch.Count;
        var ansBatch = new int[nb];
        for (int i = 0; i < nb; i++) ansBatch[i] = i;
        var ansY = new int[yFree.Length];
        int yStart = swapAns ? nb : nb + xFree.Length;
        for (int i = 0; i < ansY.Length; i++) ansY[i] = yStart + i;
        // x's contracted axes in the order of y's contracted axes (the order they come out of the product).
        int nc = p.RhsContract.Count;
        var order = new int[nc];
        for (int i = 0; i < nc; i++) order[i] = i;
        Array.Sort(p.RhsContract.ToArray(), order);
        var xContract = new int[nc];
        for (int i = 0; i < nc; i++) xContract[i] = p.LhsContract[order[i]];
        // Two ways to form the cotangent: ct · y gives [batch, x free, x contract]; y · ct gives
        // [batch, x contract, x free]. Prefer the one already in x's axis order (no transpose).
        var ctFirst = AxisOrder(p.LhsBatch, xFree, xContract);
        var yFirst = AxisOrder(p.LhsBatch, xContract, xFree);
        bool useYFirst = !IsIdentity(ctFirst) && IsIdentity(yFirst);
        var product = useYFirst
            ? DotGeneralPrimitive.Instance.Apply(new[] { y, ct },
                new DotGeneralParams(new IntTuple(yFree), new IntTuple(ansY), p.RhsBatch, new IntTuple(ansBatch)) { PreferredPrinted = p.PreferredPrinted })
            : DotGeneralPrimitive.Instance.Apply(new[] { ct, y },
                new DotGeneralParams(new IntTuple(ansY), new IntTuple(yFree), new IntTuple(ansBatch), p.RhsBatch) { PreferredPrinted = p.PreferredPrinted });
        var layout = useYFirst ? yFirst : ctFirst;
        if (IsIdentity(layout)) return product;
        var outAxes = new int[layout.Length];
        for (int i = 0; i < layout.Length; i++) outAxes[layout[i]] = i;
        return Ops.Transpose(product, new IntTuple(outAxes));
    }

    private static int[] AxisOrder(IntTuple first, int[] second, int[] third)
    {
        var r = new int[first.Count + second.Length + third.Length];
        first.Span.CopyTo(r);
        second.CopyTo(r.AsSpan(first.Count));
        third.CopyTo(r.AsSpan(first.Count + second.Length));
        return r;
    }

    private static bool IsIdentity(int[] perm)
    {
        for (int i = 0; i < perm.Length; i++) if (perm[i] != i) return false;
        return true;
    }
}

internal static partial class Ops
{
    /// <summary><c>dot_general</c> with the given contracting and batch axes (non-negative).</summary>
    internal static NDArray DotGeneral(NDArray a, NDArray b, IntTuple lhsContract, IntTuple rhsContract, IntTuple lhsBatch, IntTuple rhsBatch) =>
        DotGeneralPrimitive.Instance.Apply(new[] { a, b },
            new DotGeneralParams(lhsContract, rhsContract, lhsBatch, rhsBatch) { PreferredPrinted = a.DType });

    /// <summary>A concrete transpose without going through a trace (kernel-internal layout changes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static ConcreteArray TransposeConcrete(ConcreteArray x, int[] perm)
    {
        var xStrides = StridedCopy.RowMajorStrides(x.Shape.Dims);
        var dims = new int[perm.Length];
        var src = new int[perm.Length];
        for (int i = 0; i < perm.Length; i++)
        {
            dims[i] = x.Shape[perm[i]];
            src[i] = xStrides[perm[i]];
        }
        var type = x.Type with { Shape = Shape.Own(dims) };
        var dst = ConcreteArray.NewBuffer(type);
        StridedCopy.CopyArray(x, 0, src, dst, 0, StridedCopy.RowMajorStrides(dims), dims);
        return ConcreteArray.Own(dst, type);
    }
}
