using System;

namespace Functional.AD;

/// <summary>Diagonals and triangles: diag, diagonal, trace, tril, triu, eye with an offset, identity.</summary>
public static partial class Np
{
    /// <summary>
    /// The diagonal with <paramref name="offset"/> of the matrices in the plane of <paramref name="axis1"/> and
    /// <paramref name="axis2"/>, as a new last axis (the other axes kept in order), as <c>jnp.diagonal</c>: element
    /// (i, i + offset).
    /// </summary>
    public static NDArray Diagonal(NDArray a, int offset = 0, int axis1 = 0, int axis2 = 1)
    {
        Guard.NotNull(a, "Np.Diagonal");
        if (a.Rank < 2) throw ShapeErrors.Error("Np.Diagonal", "needs an array of rank at least 2", a.Type);
        var ax = DistinctAxes("Np.Diagonal", [axis1, axis2], a.Rank, a.Type);
        var perm = new int[a.Rank];
        for (int i = 0, j = 0; i < a.Rank; i++) if (i != ax[0] && i != ax[1]) perm[j++] = i;
        (perm[^2], perm[^1]) = (ax[0], ax[1]);
        var x = Transpose(a, perm);
        int n = x.Shape[^2], m = x.Shape[^1];
        long len = offset >= 0 ? Math.Min(n, (long)m - offset) : Math.Min((long)n + offset, m);
        int l = (int)Math.Max(0, len);
        var batch = x.Shape.Dims[..^2].ToArray();
        var flat = Ops.Reshape(x, new Shape([.. batch, n * m]));
        var start = new int[batch.Length + 1];
        var limit = (int[])flat.Shape.ToArray();
        var strides = new int[batch.Length + 1];
        strides.AsSpan().Fill(1);
        if (l == 0) { limit[^1] = 0; return Ops.Slice(flat, new IntTuple(start), new IntTuple(limit)); }
        start[^1] = offset >= 0 ? offset : -offset * m;
        limit[^1] = start[^1] + (l - 1) * (m + 1) + 1;
        strides[^1] = m + 1;
        return Ops.Slice(flat, new IntTuple(start), new IntTuple(limit), new IntTuple(strides));
    }

    /// <summary>The sum along the diagonal of <see cref="Diagonal"/> with the same arguments, as <c>jnp.trace</c>.</summary>
    public static NDArray Trace(NDArray a, int offset = 0, int axis1 = 0, int axis2 = 1)
    {
        Guard.NotNull(a, "Np.Trace");
        var d = Diagonal(a, offset, axis1, axis2);
        if (d.DType == DType.Bool) d = Promotion.Coerce(d, DType.Int32);
        return Ops.ReduceSum(d, new IntTuple(d.Rank - 1));
    }

    /// <summary>
    /// For a 1-d <paramref name="v"/>, the square matrix with v on diagonal <paramref name="k"/> and zeros elsewhere; for
    /// a 2-d one, its diagonal <paramref name="k"/>; as <c>jnp.diag</c>.
    /// </summary>
    public static NDArray Diag(NDArray v, int k = 0)
    {
        Guard.NotNull(v, "Np.Diag");
        if (v.Rank == 2) return Diagonal(v, k);
        if (v.Rank != 1) throw ShapeErrors.Error("Np.Diag", "needs a 1-d or 2-d array", v.Type);
        int n = v.Shape[0];
        long size = (long)n + Math.Abs((long)k);
        if (size > int.MaxValue) throw ShapeSize.Error("Np.Diag", $"the result would have {size} rows", v.Type);
        ShapeSize.Check("Np.Diag", [(int)size, (int)size], v.Type);
        var zero = Ops.Const(v, 0);
        // [n] -> [n,1] -> padded to [n,n+1] -> flat, the first n*n of which are the n×n matrix with v on its diagonal.
        var col = Ops.Reshape(v, new Shape(n, 1));
        var wide = Ops.Pad(col, zero, new IntTuple(0, 0), new IntTuple(0, n), new IntTuple(0, 0));
        var square = Ops.Reshape(Ops.SliceAxis(Ops.Reshape(wide, new Shape(n * (n + 1))), 0, 0, n * n), new Shape(n, n));
        if (k == 0) return square;
        int ak = Math.Abs(k);
        return k > 0
            ? Ops.Pad(square, zero, new IntTuple(0, ak), new IntTuple(ak, 0), new IntTuple(0, 0))
            : Ops.Pad(square, zero, new IntTuple(ak, 0), new IntTuple(0, ak), new IntTuple(0, 0));
    }

    /// <summary>The lower triangle of the last two axes: elements (i, j) with j &lt;= i + k kept, others zero, as <c>jnp.tril</c>.</summary>
    public static NDArray Tril(NDArray m, int k = 0)
    {
        Guard.NotNull(m, "Np.Tril");
        return Triangle("Np.Tril", m, k, lower: true);
    }

    /// <summary>The upper triangle of the last two axes: elements (i, j) with j &gt;= i + k kept, others zero, as <c>jnp.triu</c>.</summary>
    public static NDArray Triu(NDArray m, int k = 0)
    {
        Guard.NotNull(m, "Np.Triu");
        return Triangle("Np.Triu", m, k, lower: false);
    }

    private static NDArray Triangle(string operation, NDArray m, int k, bool lower)
    {
        if (m.Rank < 2) throw ShapeErrors.Error(operation, "needs an array of rank at least 2", m.Type);
        var plane = new Shape(m.Shape[^2], m.Shape[^1]);
        var rows = Ops.Iota(DType.Int32, plane, 0);
        var cols = Ops.Iota(DType.Int32, plane, 1);
        var shifted = Ops.Add(rows, Ops.Const(DType.Int32, Math.Clamp(k, -int.MaxValue / 2, int.MaxValue / 2)));
        var keep = lower ? Ops.Le(cols, shifted) : Ops.Ge(cols, shifted);
        var mask = Ops.BroadcastInDim(keep, m.Shape, new IntTuple(m.Rank - 2, m.Rank - 1));
        return Ops.Select(mask, m, Ops.Zeros(m.Type.Strong));
    }

    /// <summary>
    /// The <paramref name="n"/>×<paramref name="m"/> (n×n when null) matrix with ones on diagonal <paramref name="k"/>
    /// (above the main one when positive) and zeros elsewhere, as <c>jnp.eye</c>.
    /// </summary>
    public static NDArray Eye(int n, int? m, int k = 0, DType dtype = DType.Float64)
    {
        int cols = m ?? n;
        if (n < 0 || cols < 0) throw new ArgumentException($"Np.Eye: sizes must be non-negative, got {n} and {cols}");
        DTypes.Check("Np.Eye", dtype);
        ShapeSize.Check("Np.Eye", [n, cols]);
        var data = new double[(long)n * cols];
        for (long i = 0; i < n; i++)
        {
            long j = i + k;
            if (j >= 0 && j < cols) data[i * cols + j] = 1;
        }
        return ConcreteArray.Own(data, new Shape(n, cols)).ConvertTo(dtype, false);
    }

    /// <summary>The <paramref name="n"/>×<paramref name="n"/> identity matrix, as <c>jnp.identity</c>.</summary>
    public static NDArray Identity(int n, DType dtype = DType.Float64)
    {
        if (n < 0) throw new ArgumentException($"Np.Identity: n must be non-negative, got {n}");
        return Eye(n, n, 0, dtype);
    }
}
