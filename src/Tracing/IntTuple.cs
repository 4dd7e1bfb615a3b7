using System;
using System.Collections;
using System.Collections.Generic;
using System.Text;

namespace Functional.AD;

/// <summary>
/// An immutable, value-equal tuple of integers, used in primitive parameters (axes, permutations,
/// shapes, strides). Prints as a Python tuple, the way JAX prints parameters: "(0, 1)", "(2,)", "()".
/// </summary>
public readonly struct IntTuple : IReadOnlyList<int>, IEquatable<IntTuple>
{
    private readonly int[]? _items;

    /// <summary>Creates a tuple from the given values (copied).</summary>
    public IntTuple(params int[] items) => _items = items.Length == 0 ? null : (int[])items.Clone();

    /// <summary>Creates a tuple from a span (copied).</summary>
    public IntTuple(ReadOnlySpan<int> items) => _items = items.Length == 0 ? null : items.ToArray();

    /// <summary>The empty tuple.</summary>
    public static IntTuple Empty => default;

    /// <summary>Number of items.</summary>
    public int Count => _items?.Length ?? 0;

    /// <summary>The item at <paramref name="index"/>.</summary>
    public int this[int index] => (_items ?? System.Array.Empty<int>())[index];

    /// <summary>The items as a read-only span.</summary>
    public ReadOnlySpan<int> Span => _items ?? System.Array.Empty<int>();

    /// <summary>A fresh array holding the items.</summary>
    public int[] ToArray() => Span.ToArray();

    /// <summary>True when <paramref name="value"/> is one of the items.</summary>
    public bool Contains(int value) => Span.IndexOf(value) >= 0;

    /// <summary>The position of <paramref name="value"/>, or -1.</summary>
    public int IndexOf(int value) => Span.IndexOf(value);

    /// <summary>Converts an int array (copied).</summary>
    public static implicit operator IntTuple(int[] items) => new(items);

    /// <summary>Value equality.</summary>
    public static bool operator ==(IntTuple a, IntTuple b) => a.Equals(b);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(IntTuple a, IntTuple b) => !a.Equals(b);

    /// <inheritdoc/>
    public bool Equals(IntTuple other) => Span.SequenceEqual(other.Span);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is IntTuple t && Equals(t);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var v in Span) h.Add(v);
        return h.ToHashCode();
    }

    /// <summary>Python tuple text: "(0, 1)", "(2,)", "()".</summary>
    public override string ToString() => Format(Span);

    /// <summary>Python tuple text of a span of integers.</summary>
    internal static string Format(ReadOnlySpan<int> items)
    {
        if (items.Length == 1) return $"({items[0]},)";
        var sb = new StringBuilder("(");
        for (int i = 0; i < items.Length; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append(items[i]);
        }
        return sb.Append(')').ToString();
    }

    /// <inheritdoc/>
    public IEnumerator<int> GetEnumerator()
    {
        var items = _items ?? System.Array.Empty<int>();
        for (int i = 0; i < items.Length; i++) yield return items[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
