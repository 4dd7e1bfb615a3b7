using System;

namespace Functional.AD;

/// <summary>
/// Helpers for batching rules. A batched value carries one extra axis, the batch axis, at a known
/// position; an unbatched value (<see cref="NotMapped"/>) is the same for every example.
/// </summary>
internal static class Batching
{
    /// <summary>The batch position of a value that is not batched.</summary>
    internal const int NotMapped = -1;

    /// <summary><paramref name="x"/> with axis <paramref name="from"/> moved to position <paramref name="to"/>.</summary>
    internal static NDArray MoveAxis(NDArray x, int from, int to)
    {
        if (from == to) return x;
        var perm = new int[x.Rank];
        for (int i = 0, j = 0; i < perm.Length; i++)
        {
            if (i == to) { perm[i] = from; continue; }
            if (j == from) j++;
            perm[i] = j++;
        }
        return Ops.Transpose(x, new IntTuple(perm));
    }

    /// <summary>An unbatched value repeated along a new leading batch axis of size <paramref name="axisSize"/>.</summary>
    internal static NDArray BroadcastBatch(NDArray x, int axisSize)
    {
        var dims = new int[x.Rank + 1];
        var bdims = new int[x.Rank];
        dims[0] = axisSize;
        for (int i = 0; i < x.Rank; i++)
        {
            dims[i + 1] = x.Shape[i];
            bdims[i] = i + 1;
        }
        return Ops.BroadcastInDim(x, Shape.Own(dims), new IntTuple(bdims));
    }

    /// <summary><paramref name="x"/> with its batch axis at the front (broadcasting it first when it is unbatched).</summary>
    internal static NDArray ToFront(NDArray x, int dim, int axisSize) =>
        dim == NotMapped ? BroadcastBatch(x, axisSize) : MoveAxis(x, dim, 0);

    /// <summary>The per-example shape of a value batched at <paramref name="dim"/> (the shape itself when unbatched).</summary>
    internal static Shape ExampleShape(NDArray x, int dim)
    {
        if (dim == NotMapped) return x.Shape;
        var dims = new int[x.Rank - 1];
        for (int i = 0, j = 0; i < x.Rank; i++)
            if (i != dim) dims[j++] = x.Shape[i];
        return Shape.Own(dims);
    }

    /// <summary>An axis of the per-example value mapped to the batched value (skipping the batch axis).</summary>
    internal static int Shift(int axis, int batchDim) => batchDim == NotMapped || axis < batchDim ? axis : axis + 1;

    /// <summary>
    /// Aligns the operands of an elementwise primitive (equal per-example shapes, or 0-d ones): when every
    /// batched operand has its batch axis at the same place and the unbatched ones are 0-d, they are used as
    /// they are; otherwise batch axes move to the front and operands are broadcast to one batched shape
    /// (unbatched 0-d operands stay 0-d). Returns the operands and the output's batch axis.
    /// </summary>
    internal static (NDArray[] Args, int OutDim) AlignElementwise(NDArray[] args, int[] dims, int axisSize)
    {
        Shape example = Shape.Scalar;
        int common = NotMapped;
        bool direct = true;
        for (int i = 0; i < args.Length; i++)
        {
            var e = ExampleShape(args[i], dims[i]);
            if (e.Rank > 0 && example.Rank == 0) example = e;
            if (dims[i] == NotMapped) continue;
            if (common == NotMapped) common = dims[i];
            else if (common != dims[i]) direct = false;
        }
        for (int i = 0; i < args.Length && direct; i++)
        {
            var e = ExampleShape(args[i], dims[i]);
            if (dims[i] == NotMapped ? e.Rank != 0 : e != example) direct = false;
        }
        if (direct) return (args, common);
        var batchedShape = Prepend(axisSize, example);
        var result = new NDArray[args.Length];
        for (int i = 0; i < args.Length; i++)
        {
            var x = args[i];
            if (dims[i] == NotMapped)
            {
                result[i] = x.Rank == 0 ? x : Ops.BroadcastInDim(x, batchedShape, Range(1, x.Rank));
                continue;
            }
            x = MoveAxis(x, dims[i], 0);
            result[i] = x.Rank == 1 && example.Rank > 0 ? Ops.BroadcastInDim(x, batchedShape, new IntTuple(0)) : x;
        }
        return (result, 0);
    }

    /// <summary>The shape [n, ...shape].</summary>
    internal static Shape Prepend(int n, Shape shape)
    {
        var dims = new int[shape.Rank + 1];
        dims[0] = n;
        shape.Dims.CopyTo(dims.AsSpan(1));
        return Shape.Own(dims);
    }

    /// <summary>(start, start+1, ..., start+count-1).</summary>
    internal static IntTuple Range(int start, int count)
    {
        var r = new int[count];
        for (int i = 0; i < count; i++) r[i] = start + i;
        return new IntTuple(r);
    }

    /// <summary>Each axis shifted past a batch axis at the front (+1), with 0 prepended when <paramref name="withBatch"/>.</summary>
    internal static IntTuple ShiftAll(IntTuple axes, bool withBatch = false)
    {
        var r = new int[axes.Count + (withBatch ? 1 : 0)];
        int o = withBatch ? 1 : 0;
        for (int i = 0; i < axes.Count; i++) r[o + i] = axes[i] + 1;
        return new IntTuple(r);
    }

    /// <summary>The tuple with <paramref name="value"/> prepended.</summary>
    internal static IntTuple Prepend(int value, IntTuple t)
    {
        var r = new int[t.Count + 1];
        r[0] = value;
        t.Span.CopyTo(r.AsSpan(1));
        return new IntTuple(r);
    }
}
