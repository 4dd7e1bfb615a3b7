namespace Functional.AD;

/// <summary>Parameters of the reductions: the axes folded away (sorted, distinct, non-negative).</summary>
internal sealed record ReduceParams(IntTuple Axes) : PrimitiveParams
{
    public override System.Collections.Generic.IEnumerable<(string Name, object? Value)> Entries()
    {
        yield return ("axes", Axes);
        yield return ("out_sharding", null);
    }
}

/// <summary>The shape rule shared by reductions over a set of axes.</summary>
internal static class ReductionShape
{
    /// <summary>The operand's type with <paramref name="axes"/> removed; validates the axes.</summary>
    internal static ArrayType Reduced(string name, ArrayType x, IntTuple axes)
    {
        for (int i = 0; i < axes.Count; i++)
        {
            if (axes[i] < 0 || axes[i] >= x.Rank || (i > 0 && axes[i] <= axes[i - 1]))
                throw ShapeErrors.Error(name, $"axes {axes} must be distinct, sorted axes of the operand", x);
        }
        return x with { Shape = Shape.Own(KeptSizes(x.Shape, axes)) };
    }

    /// <summary>The sizes of the axes of <paramref name="shape"/> that a reduction over <paramref name="axes"/> keeps.</summary>
    internal static int[] KeptSizes(Shape shape, IntTuple axes)
    {
        var keep = new int[shape.Rank - axes.Count];
        for (int i = 0, j = 0; i < shape.Rank; i++)
            if (!axes.Contains(i)) keep[j++] = shape[i];
        return keep;
    }

    /// <summary>The axes of the operand that a reduction keeps (the broadcast dimensions to expand its result back).</summary>
    internal static IntTuple Kept(int rank, IntTuple axes)
    {
        var keep = new int[rank - axes.Count];
        for (int i = 0, j = 0; i < rank; i++)
            if (!axes.Contains(i)) keep[j++] = i;
        return new IntTuple(keep);
    }

    /// <summary>
    /// The axes of a batched operand (batch axis at <paramref name="batchDim"/>) for per-example <paramref name="axes"/>,
    /// and where the batch axis lands in the result.
    /// </summary>
    internal static (IntTuple Axes, int OutDim) Batched(IntTuple axes, int batchDim)
    {
        var shifted = new int[axes.Count];
        int before = 0;
        for (int i = 0; i < shifted.Length; i++)
        {
            shifted[i] = Batching.Shift(axes[i], batchDim);
            if (shifted[i] < batchDim) before++;
        }
        return (new IntTuple(shifted), batchDim - before);
    }

    /// <summary>All axes of a rank.</summary>
    internal static IntTuple All(int rank)
    {
        var a = new int[rank];
        for (int i = 0; i < rank; i++) a[i] = i;
        return new IntTuple(a);
    }
}
