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
    /// Aligns the operands of an elementwise primitive (equal per-example shapes, or 0-d ones). When the batched
    /// operands with per-example axes all have their batch axis at the same place, that place is kept: unbatched
    /// operands (other than 0-d ones, which stay 0-d) and batched 0-d examples are broadcast into that layout, so no
    /// batched operand is transposed. Otherwise batch axes move to the front and operands are broadcast to one
    /// batched shape. Returns the operands and the output's batch axis.
    /// </summary>
    internal static (NDArray[] Args, int OutDim) AlignElementwise(NDArray[] args, int[] dims, int axisSize)
    {
        Shape example = Shape.Scalar;
        for (int i = 0; i < args.Length && example.Rank == 0; i++) example = ExampleShape(args[i], dims[i]);
        // The batch axis of the batched operands that have per-example axes (a batched 0-d example has it at 0 and is
        // broadcast anyway); when there are none, the batched operands are all [axisSize] and the axis is 0.
        int common = example.Rank == 0 ? 0 : NotMapped;
        bool agree = true, direct = true;
        for (int i = 0; i < args.Length; i++)
        {
            bool scalarExample = dims[i] == NotMapped ? args[i].Rank == 0 : args[i].Rank == 1;
            // Mismatched shapes take the general path, where the primitive's own shape rule reports them.
            if (!scalarExample && ExampleShape(args[i], dims[i]) != example) agree = false;
            if (dims[i] == NotMapped ? !scalarExample : scalarExample && example.Rank > 0) direct = false;
            if (dims[i] == NotMapped || (scalarExample && example.Rank > 0)) continue;
            if (common == NotMapped) common = dims[i];
            else if (common != dims[i]) agree = false;
        }
        if (agree && direct) return (args, common);
        // (No batched operand with per-example axes, when only 0-d examples are batched: the axis goes in front.)
        int outDim = agree && common != NotMapped ? common : 0;
        var batchedShape = Insert(example, outDim, axisSize);
        var result = new NDArray[args.Length];
        for (int i = 0; i < args.Length; i++)
        {
            var x = args[i];
            if (dims[i] == NotMapped)
            {
                result[i] = x.Rank == 0 ? x : Ops.BroadcastInDim(x, batchedShape, Skipping(outDim, x.Rank));
                continue;
            }
            if (x.Rank == 1 && example.Rank > 0)
            {
                result[i] = Ops.BroadcastInDim(x, batchedShape, new IntTuple(outDim));
                continue;
            }
            result[i] = MoveAxis(x, dims[i], outDim);
        }
        return (result, outDim);
    }

    /// <summary><paramref name="shape"/> with an axis of size <paramref name="size"/> inserted at <paramref name="axis"/>.</summary>
    internal static Shape Insert(Shape shape, int axis, int size)
    {
        var dims = new int[shape.Rank + 1];
        for (int i = 0, j = 0; i < dims.Length; i++) dims[i] = i == axis ? size : shape[j++];
        return Shape.Own(dims);
    }

    /// <summary>(0, 1, ..., count) without <paramref name="skip"/>: where the axes of an unbatched value go in a value batched at <paramref name="skip"/>.</summary>
    internal static IntTuple Skipping(int skip, int count)
    {
        var r = new int[count];
        for (int i = 0; i < count; i++) r[i] = i < skip ? i : i + 1;
        return new IntTuple(r);
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
