using System;

namespace Functional.AD;

public static partial class Np
{
    /// <summary>
    /// numpy.dot: inner product of 1-d arrays, matrix product of 2-d arrays, and in general a sum over
    /// the last axis of <paramref name="a"/> and the second-to-last axis of <paramref name="b"/>
    /// (the last when <paramref name="b"/> is 1-d); a 0-d operand multiplies.
    /// </summary>
    public static NDArray Dot(NDArray a, NDArray b)
    {
        Guard.NotNull(a, "Np.Dot");
        Guard.NotNull(b, "Np.Dot");
        if (a.Rank == 0 || b.Rank == 0) return Multiply(a, b);
        var (ta, tb) = (a.Type, b.Type);
        var (dtype, _) = Promotion.ResultType(a, b);
        if (dtype == DType.Bool) dtype = DType.Int32;
        a = Promotion.Coerce(a, dtype);
        b = Promotion.Coerce(b, dtype);
        int ca = a.Rank - 1, cb = b.Rank == 1 ? 0 : b.Rank - 2;
        if (a.Shape[ca] != b.Shape[cb])
            throw new ArgumentException($"Np.Dot: cannot contract {ta} with {tb}: {a.Shape[ca]} != {b.Shape[cb]}");
        var dims = new int[a.Rank + b.Rank - 2];
        a.Shape.Dims[..ca].CopyTo(dims);
        for (int i = 0, j = ca; i < b.Rank; i++) if (i != cb) dims[j++] = b.Shape[i];
        ShapeSize.Check("Np.Dot", dims, ta, tb);
        return Ops.DotGeneral(a, b, new IntTuple(ca), new IntTuple(cb), IntTuple.Empty, IntTuple.Empty);
    }

    /// <summary>
    /// numpy.matmul: matrix product over the last two axes, batch axes broadcast; a 1-d operand is a
    /// vector (a row on the left, a column on the right) and its axis is removed from the result.
    /// </summary>
    public static NDArray Matmul(NDArray a, NDArray b)
    {
        Guard.NotNull(a, "Np.Matmul");
        Guard.NotNull(b, "Np.Matmul");
        if (a.Rank == 0 || b.Rank == 0)
            throw new ArgumentException($"Np.Matmul: operands must be at least 1-d, got {a.Type} and {b.Type}");
        var (dtype, _) = Promotion.ResultType(a, b);
        if (dtype == DType.Bool) dtype = DType.Int32;
        var (ta, tb) = (a.Type, b.Type);
        a = Promotion.Coerce(a, dtype);
        b = Promotion.Coerce(b, dtype);
        bool vecA = a.Rank == 1, vecB = b.Rank == 1;
        if (vecA) a = Ops.Reshape(a, new Shape(1, a.Shape[0]));
        if (vecB) b = Ops.Reshape(b, new Shape(b.Shape[0], 1));
        int k = a.Shape[a.Rank - 1];
        if (k != b.Shape[b.Rank - 2])
            throw new ArgumentException($"Np.Matmul: cannot contract {ta} with {tb}: {k} != {b.Shape[b.Rank - 2]}");
        // Broadcast the batch axes.
        var batchA = new Shape(a.Shape.Dims[..^2].ToArray());
        var batchB = new Shape(b.Shape.Dims[..^2].ToArray());
        var batch = Promotion.BroadcastShapes("Np.Matmul", batchA, batchB, ta, tb);
        // The result, and each operand broadcast to the batch shape, must fit in an array; an empty result needs no
        // operands ([n, 0, k] @ [k, m] broadcasts the second operand to [n, k, m], which may not fit).
        var resultDims = BatchDims(batch, a.Shape[a.Rank - 2], b.Shape[b.Rank - 1]);
        ShapeSize.Check("Np.Matmul", resultDims, ta, tb);
        var aDims = BatchDims(batch, a.Shape[a.Rank - 2], k);
        var bDims = BatchDims(batch, k, b.Shape[b.Rank - 1]);
        int nb = batch.Rank;
        NDArray result;
        if (System.Array.IndexOf(resultDims, 0) >= 0 && !(ShapeSize.Fits(aDims) && ShapeSize.Fits(bDims)))
            result = Ops.Zeros(new ArrayType(Shape.Own(resultDims), dtype));
        else
        {
            ShapeSize.Check("Np.Matmul", aDims, ta, tb);
            ShapeSize.Check("Np.Matmul", bDims, ta, tb);
            a = Ops.BroadcastTo(a, Shape.Own(aDims));
            b = Ops.BroadcastTo(b, Shape.Own(bDims));
            var batchAxes = ReductionShape.All(nb);
            result = Ops.DotGeneral(a, b, new IntTuple(nb + 1), new IntTuple(nb), batchAxes, batchAxes);
        }
        if (vecA && vecB) return Ops.Reshape(result, batch);
        if (vecA) return Ops.Squeeze(result, new IntTuple(nb));
        if (vecB) return Ops.Squeeze(result, new IntTuple(nb + 1));
        return result;
    }

    /// <summary>The batch axes followed by two matrix axes.</summary>
    private static int[] BatchDims(Shape batch, int rows, int columns)
    {
        var dims = new int[batch.Rank + 2];
        for (int i = 0; i < batch.Rank; i++) dims[i] = batch[i];
        dims[^2] = rows;
        dims[^1] = columns;
        return dims;
    }

    /// <summary>The outer product of two arrays, flattened first: result[i, j] = a[i] * b[j].</summary>
    public static NDArray Outer(NDArray a, NDArray b)
    {
        Guard.NotNull(a, "Np.Outer");
        Guard.NotNull(b, "Np.Outer");
        ShapeSize.Check("Np.Outer", [a.Size, b.Size], a.Type, b.Type);
        (a, b) = (Ops.Reshape(a, new Shape(a.Size)), Ops.Reshape(b, new Shape(b.Size)));
        var (dtype, _) = Promotion.ResultType(a, b);
        a = Promotion.Coerce(a, dtype);
        b = Promotion.Coerce(b, dtype);
        return Ops.DotGeneral(Ops.Reshape(a, new Shape(a.Size, 1)), Ops.Reshape(b, new Shape(1, b.Size)),
            new IntTuple(1), new IntTuple(0), IntTuple.Empty, IntTuple.Empty);
    }
}
