using System;

namespace Functional.AD;

/// <summary>
/// One item of a numpy-style index, as used by <c>x[i, j, ...]</c> and <c>x.At[...]</c>: an integer (negative counts
/// from the end), a <see cref="System.Range"/> or <see cref="Slice"/> (with a step, negative too), <see cref="Ellipsis"/>,
/// <see cref="NewAxis"/>, an i32 array of indices (advanced indexing, a <c>gather</c>), or a concrete bool mask.
/// Converts implicitly from <see cref="int"/>, <see cref="System.Index"/>, <see cref="System.Range"/> and <see cref="NDArray"/>.
/// </summary>
public readonly struct Ix
{
    internal enum Kinds : byte { Int, Slice, Ellipsis, NewAxis, Array }

    internal readonly Kinds Kind;
    internal readonly int Value;
    internal readonly bool FromEnd;
    internal readonly int? Start, Stop;
    internal readonly int Step;
    internal readonly Range? RangeValue;
    internal readonly NDArray? ArrayValue;

    private Ix(Kinds kind, int value = 0, bool fromEnd = false, int? start = null, int? stop = null, int step = 1, Range? range = null, NDArray? array = null)
    {
        Kind = kind;
        Value = value;
        FromEnd = fromEnd;
        Start = start;
        Stop = stop;
        Step = step;
        RangeValue = range;
        ArrayValue = array;
    }

    /// <summary>numpy's <c>...</c>: as many whole axes as the other items leave unindexed (at most one per index).</summary>
    public static Ix Ellipsis => new(Kinds.Ellipsis);

    /// <summary>numpy's <c>None</c> / <c>np.newaxis</c>: inserts an axis of size 1.</summary>
    public static Ix NewAxis => new(Kinds.NewAxis);

    /// <summary>
    /// numpy's <c>start:stop:step</c>. Null bounds mean the ends of the axis in the step's direction; negative bounds count
    /// from the end; bounds beyond the axis are clamped as in numpy. A negative step walks the axis backwards.
    /// </summary>
    /// <exception cref="ArgumentException">The step is zero.</exception>
    public static Ix Slice(int? start = null, int? stop = null, int? step = null)
    {
        if (step == 0) throw new ArgumentException("Ix.Slice: slice step cannot be zero");
        return new(Kinds.Slice, start: start, stop: stop, step: step ?? 1);
    }

    /// <summary>An integer index (negative counts from the end); the axis is dropped.</summary>
    public static implicit operator Ix(int index) => new(Kinds.Int, value: index);

    /// <summary>A <see cref="System.Index"/> (<c>^1</c> is the last element); the axis is dropped.</summary>
    public static implicit operator Ix(Index index) => index.IsFromEnd ? new(Kinds.Int, value: -index.Value, fromEnd: index.Value == 0) : new(Kinds.Int, value: index.Value);

    /// <summary>A <see cref="System.Range"/> slice with step 1 (<c>..</c> is the whole axis, <c>1..^1</c> drops the ends).</summary>
    public static implicit operator Ix(Range range) => new(Kinds.Slice, range: range);

    /// <summary>
    /// An i32 array of indices (advanced indexing; negative counts from the end), or a bool mask, which must be concrete
    /// (under <c>Jit</c> or <c>Vmap</c> use <c>Np.Where</c> instead: a traced mask would give a result of unknown shape).
    /// </summary>
    /// <exception cref="ArgumentNullException">The array is null.</exception>
    public static implicit operator Ix(NDArray array) => new(Kinds.Array, array: Guard.NotNull(array, "Ix", "array"));

    /// <summary>The index item as numpy would print it.</summary>
    public override string ToString() => Kind switch
    {
        Kinds.Int => FromEnd ? "^0" : Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Kinds.Ellipsis => "...",
        Kinds.NewAxis => "None",
        Kinds.Array => ArrayValue!.Type.ToString(),
        _ => RangeValue is { } r ? r.ToString() : $"{Start}:{Stop}:{Step}",
    };
}
