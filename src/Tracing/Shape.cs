using System;
using System.Collections;
using System.Collections.Generic;
using System.Text;

namespace Functional.AD;

/// <summary>The immutable, value-equal shape of an array: one size per axis. The default value is the 0-d shape <c>[]</c>.</summary>
public readonly struct Shape : IReadOnlyList<int>, IEquatable<Shape>
{
    private static readonly int[] NoDims = System.Array.Empty<int>();
    private readonly int[]? _dims;
    private readonly int _size;

    /// <summary>
    /// Creates a shape from axis sizes (copied). Every size must be non-negative, and the shape may have at most
    /// <see cref="Array.MaxLength"/> elements, the most an array holds (any number of axes of any size when one is 0).
    /// </summary>
    /// <exception cref="ArgumentException">A size is negative, or the shape has more elements than an array can hold.</exception>
    public Shape(params int[] dims)
    {
        _dims = CheckedCopy(dims);
        _size = SizeOf(_dims);
    }

    private Shape(int[] dims, int size)
    {
        _dims = dims;
        _size = size;
    }

    /// <summary>The element count, or <see cref="ShapeSizeException"/> beyond <see cref="ShapeSize.Max"/> (a zero axis makes it 0 whatever the others).</summary>
    private static int SizeOf(int[] dims) => ShapeSize.Count(dims);

    private static int[] CheckedCopy(int[] dims)
    {
        ArgumentNullException.ThrowIfNull(dims);
        foreach (var d in dims)
            if (d < 0) throw new ArgumentException($"Shape: axis sizes must be non-negative, got [{string.Join(",", dims)}]");
        return dims.Length == 0 ? NoDims : (int[])dims.Clone();
    }

    /// <summary>Wraps an array the caller promises never to modify again (no copy).</summary>
    internal static Shape Own(int[] dims) => new(dims.Length == 0 ? NoDims : dims, SizeOf(dims));

    /// <summary>The 0-d shape.</summary>
    public static Shape Scalar => default;

    /// <summary>Rank: the number of axes.</summary>
    public int Count => _dims?.Length ?? 0;

    /// <summary>Rank: the number of axes (same as <see cref="Count"/>).</summary>
    public int Rank => _dims?.Length ?? 0;

    /// <summary>Number of elements: the product of the axis sizes (1 for a 0-d shape).</summary>
    public int Size => _dims is null ? 1 : _size;

    /// <summary>The size of axis <paramref name="axis"/>.</summary>
    public int this[int axis] => (_dims ?? NoDims)[axis];

    /// <summary>The axis sizes as a read-only span.</summary>
    public ReadOnlySpan<int> Dims => _dims ?? NoDims;

    /// <summary>A fresh array holding the axis sizes.</summary>
    public int[] ToArray() => Dims.ToArray();

    /// <summary>Equal when ranks and every axis size agree.</summary>
    public static bool operator ==(Shape a, Shape b) => a.Equals(b);

    /// <summary>Not equal when ranks or some axis size differ.</summary>
    public static bool operator !=(Shape a, Shape b) => !a.Equals(b);

    /// <inheritdoc/>
    public bool Equals(Shape other) => Dims.SequenceEqual(other.Dims);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Shape s && Equals(s);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var d in Dims) h.Add(d);
        h.Add(Rank);
        return h.ToHashCode();
    }

    /// <summary>"[3,4]"; "[]" for a 0-d shape.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder("[");
        var dims = Dims;
        for (int i = 0; i < dims.Length; i++)
        {
            if (i > 0) sb.Append(',');
            sb.Append(dims[i]);
        }
        return sb.Append(']').ToString();
    }

    /// <summary>Python tuple text as JAX prints shapes in parameters: "(3, 4)", "(3,)", "()".</summary>
    internal string ToTupleString() => IntTuple.Format(Dims);

    /// <inheritdoc/>
    public IEnumerator<int> GetEnumerator()
    {
        var dims = _dims ?? NoDims;
        for (int i = 0; i < dims.Length; i++) yield return dims[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
