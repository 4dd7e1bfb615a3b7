namespace Functional.AD;

/// <summary>Matrix helpers the linear-algebra primitives' rules share: products, transposes and triangles over the last two axes.</summary>
internal static class LinalgShapes
{
    /// <summary>The last two axes swapped.</summary>
    internal static NDArray SwapLast(NDArray x)
    {
        var perm = new int[x.Rank];
        for (int i = 0; i < perm.Length; i++) perm[i] = i;
        (perm[^1], perm[^2]) = (perm[^2], perm[^1]);
        return Ops.Transpose(x, new IntTuple(perm));
    }

    /// <summary>Matrix products over the last two axes, the leading axes batched (both operands have them all).</summary>
    internal static NDArray MatMul(NDArray x, NDArray y)
    {
        int r = x.Rank;
        var batch = new int[r - 2];
        for (int i = 0; i < batch.Length; i++) batch[i] = i;
        var b = new IntTuple(batch);
        return Ops.DotGeneral(x, y, new IntTuple(r - 1), new IntTuple(r - 2), b, b);
    }

    /// <summary>
    /// The triangle of <paramref name="x"/> on and below (<paramref name="lower"/>) or on and above the diagonal, zeros
    /// elsewhere; with <paramref name="diagonalScale"/> the diagonal is multiplied by it.
    /// </summary>
    internal static NDArray Triangle(NDArray x, bool lower, double diagonalScale = 1)
    {
        var rows = Ops.Iota(DType.Int32, x.Shape, x.Rank - 2);
        var cols = Ops.Iota(DType.Int32, x.Shape, x.Rank - 1);
        var kept = Ops.Select(lower ? Ops.Ge(rows, cols) : Ops.Le(rows, cols), x, Ops.ZerosLike(x));
        if (diagonalScale == 1) return kept;
        return Ops.Select(Ops.Eq(rows, cols), Ops.Mul(kept, Ops.Const(x, diagonalScale)), kept);
    }
}
