using System;
using System.Collections.Generic;
using System.Linq;
using Functional.AD;

namespace CustomPrimitiveSample;

/// <summary>
/// The sparsity pattern of an m x n matrix in compressed sparse row form: the non-zeros of row r are entries
/// <c>RowStart[r] .. RowStart[r+1]-1</c>, in columns <c>Columns[k]</c>. The pattern is static (a primitive
/// parameter); the values are an array argument, so they can be differentiated.
/// </summary>
/// <param name="Rows">m.</param>
/// <param name="Cols">n.</param>
/// <param name="RowStart">Offsets of each row's entries (m + 1 of them).</param>
/// <param name="Columns">The column of each entry.</param>
public sealed record SparsePattern(int Rows, int Cols, int[] RowStart, int[] Columns)
{
    /// <summary>The number of stored entries.</summary>
    public int Count => Columns.Length;

    /// <summary>The row of each entry.</summary>
    public int[] RowOf()
    {
        var rows = new int[Count];
        for (int r = 0; r < Rows; r++)
            for (int k = RowStart[r]; k < RowStart[r + 1]; k++) rows[k] = r;
        return rows;
    }

    /// <summary>The transposed pattern and, for each of its entries, the entry of this pattern it comes from.</summary>
    public (SparsePattern Pattern, int[] Source) Transposed()
    {
        var rows = RowOf();
        var order = Enumerable.Range(0, Count).OrderBy(k => Columns[k]).ThenBy(k => rows[k]).ToArray();
        var start = new int[Cols + 1];
        foreach (int c in Columns) start[c + 1]++;
        for (int c = 0; c < Cols; c++) start[c + 1] += start[c];
        return (new SparsePattern(Cols, Rows, start, order.Select(k => rows[k]).ToArray()), order);
    }

    /// <summary>Patterns are equal when they describe the same entries (a primitive's parameters are compared).</summary>
    public bool Equals(SparsePattern? other) =>
        other is not null && Rows == other.Rows && Cols == other.Cols && RowStart.SequenceEqual(other.RowStart) && Columns.SequenceEqual(other.Columns);

    /// <summary>A hash of the shape and entry count.</summary>
    public override int GetHashCode() => HashCode.Combine(Rows, Cols, Count);

    /// <summary>A random pattern with about <paramref name="density"/> of the entries stored (at least one per row).</summary>
    public static SparsePattern Random(int rows, int cols, double density, System.Random rng)
    {
        var start = new List<int> { 0 };
        var columns = new List<int>();
        for (int r = 0; r < rows; r++)
        {
            var row = Enumerable.Range(0, cols).Where(_ => rng.NextDouble() < density).ToList();
            if (row.Count == 0) row.Add(rng.Next(cols));
            columns.AddRange(row);
            start.Add(columns.Count);
        }
        return new SparsePattern(rows, cols, start.ToArray(), columns.ToArray());
    }
}

/// <summary>
/// <c>spmv</c>: y = A x for a sparse A given by its pattern (parameter) and values (argument). A user-defined
/// primitive with every rule: its JVP applies spmv to one tangent at a time (it is bilinear), its transpose
/// rules are a spmv with the transposed pattern (for x) and a gather (for the values), and its batching rule
/// handles any batch of x and values at once.
/// </summary>
public static class SparseMatVec
{
    /// <summary>The primitive.</summary>
    public static readonly UserPrimitive<SparsePattern> Primitive = new(new PrimitiveDefinition<SparsePattern>
    {
        Name = "spmv",
        ShapeRule = ShapeRule,
        Kernel = (args, pattern) => new[] { Kernel(args[0], args[1], pattern) },
        Jvp = (primals, tangents, pattern) =>
        {
            var y = Apply(pattern, primals[0], primals[1]);
            var dy = Apply(pattern, tangents[0], primals[1]) + Apply(pattern, primals[0], tangents[1]);
            return (new[] { y }, new[] { dy });
        },
        Transpose = (cotangents, inputs, pattern) =>
        {
            var ct = cotangents[0];
            NDArray? ctValues = null, ctX = null;
            if (inputs[0] is null && inputs[1] is { } x)
                ctValues = Np.Take(ct, Np.FromFlat(pattern.RowOf(), new[] { pattern.Count })) * Np.Take(x, Np.FromFlat(pattern.Columns, new[] { pattern.Count }));
            if (inputs[1] is null && inputs[0] is { } values)
            {
                var (t, source) = pattern.Transposed();
                ctX = Apply(t, Np.Take(values, Np.FromFlat(source, new[] { source.Length })), ct);
            }
            return new[] { ctValues, ctX };
        },
        Batch = (args, axes, pattern, size) =>
        {
            // Batched values [B, nnz] and/or x [B, n]: gather x at the entries' columns, multiply, and sum each
            // row's entries with one matrix product by the 0/1 entry-to-row matrix.
            var values = axes[0] is int va ? ToFront(args[0], va) : args[0];
            var x = axes[1] is int xa ? ToFront(args[1], xa) : args[1];
            var gathered = Np.Take(x, Np.FromFlat(pattern.Columns, new[] { pattern.Count }), axis: axes[1] is null ? 0 : 1);
            var rowsOf = pattern.RowOf();
            var sum = new double[pattern.Count * pattern.Rows];
            for (int k = 0; k < rowsOf.Length; k++) sum[k * pattern.Rows + rowsOf[k]] = 1;
            var summed = Np.Matmul(gathered * values, Np.FromFlat(sum, new[] { pattern.Count, pattern.Rows }).AsType(values.DType));
            if (summed.Rank == 1) summed = Np.BroadcastTo(summed, new[] { size, pattern.Rows });
            return (new[] { summed }, new int?[] { 0 });
        },
        PrintParams = pattern => new (string, object?)[] { ("shape", $"({pattern.Rows}, {pattern.Cols})"), ("nnz", pattern.Count) },
    });

    /// <summary>y = A x.</summary>
    /// <param name="pattern">A's sparsity pattern.</param>
    /// <param name="values">A's stored values, one per entry of the pattern.</param>
    /// <param name="x">The vector.</param>
    /// <returns>The product.</returns>
    public static NDArray Apply(SparsePattern pattern, NDArray values, NDArray x) => Primitive.Bind(new[] { values, x }, pattern)[0];

    private static NDArray ToFront(NDArray x, int axis)
    {
        var perm = new List<int> { axis };
        for (int i = 0; i < x.Rank; i++) if (i != axis) perm.Add(i);
        return Np.Transpose(x, perm.ToArray());
    }

    private static ArrayType[] ShapeRule(ArrayType[] types, SparsePattern pattern)
    {
        if (types.Length != 2 || types[0].Shape.Rank != 1 || types[0].Shape[0] != pattern.Count
            || types[1].Shape.Rank != 1 || types[1].Shape[0] != pattern.Cols || types[0].DType != types[1].DType || !types[0].DType.IsFloat())
            throw new ArgumentException(
                $"spmv: expected values {types.FirstOrDefault().DType.ToString().ToLowerInvariant()}[{pattern.Count}] and x [{pattern.Cols}] of one float dtype " +
                $"for a {pattern.Rows}x{pattern.Cols} pattern with {pattern.Count} entries, got ({string.Join(", ", types)})");
        return new[] { new ArrayType(new Shape(pattern.Rows), types[0].DType) };
    }

    private static NDArray Kernel(NDArray values, NDArray x, SparsePattern p)
    {
        var v = values.AsType(DType.Float64).ToArray<double>();
        var xs = x.AsType(DType.Float64).ToArray<double>();
        var y = new double[p.Rows];
        for (int r = 0; r < p.Rows; r++)
        {
            double s = 0;
            for (int k = p.RowStart[r]; k < p.RowStart[r + 1]; k++) s += v[k] * xs[p.Columns[k]];
            y[r] = s;
        }
        var result = Np.FromFlat(y, new[] { p.Rows });
        return values.DType == DType.Float64 ? result : result.AsType(values.DType);
    }
}
