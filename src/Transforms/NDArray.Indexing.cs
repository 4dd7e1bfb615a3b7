using System;

namespace Functional.AD;

/// <summary>numpy indexing on any number of axes and JAX's functional <c>.at[...]</c> updates.</summary>
public abstract partial class NDArray
{
    /// <summary>
    /// numpy indexing, e.g. <c>x[1, 2]</c>, <c>x[.., 1]</c>, <c>x[1..^1, Ix.Slice(step: -1)]</c>, <c>x[Ix.Ellipsis, Ix.NewAxis]</c>,
    /// <c>x[idx]</c> with an i32 array (a gather, placed by numpy's advanced-indexing rules) or <c>x[mask]</c> with a concrete
    /// bool mask. Integer items are checked against their axis (an <see cref="ArgumentException"/> if out of bounds); array
    /// items wrap negative values once and clamp the rest, as JAX's reads do (use <c>At[...].Get(mode)</c> for another mode).
    /// Differentiable, and the same under <c>Jit</c> and <c>Vmap</c> (a traced bool mask is an error: use <c>Np.Where</c>).
    /// </summary>
    /// <exception cref="ArgumentException">Too many indices, an integer out of bounds, a second ellipsis, or a non-integer index array.</exception>
    public NDArray this[params Ix[] items]
    {
        get
        {
            Guard.NotNull(items, "NDArray[]");
            return NumpyIndexing.Apply(NumpyIndexing.Describe(items), this, Type, items, ArrayIndexPolicy.GatherClamps);
        }
    }

    /// <summary>
    /// JAX's <c>x.at</c>: <c>x.At[idx].Set(v)</c>, <c>.Add(v)</c>, <c>.Multiply(v)</c>, <c>.Min(v)</c>, <c>.Max(v)</c> return a
    /// new array with the indexed elements updated (this array is never modified); <c>.Get(mode)</c> reads with an
    /// out-of-bounds mode.
    /// </summary>
    public IndexUpdateHelper At => new(this);
}

/// <summary>The helper behind <see cref="NDArray.At"/> (JAX's <c>_IndexUpdateHelper</c>): index it to choose the elements.</summary>
public readonly struct IndexUpdateHelper
{
    private readonly NDArray _array;

    internal IndexUpdateHelper(NDArray array) => _array = array;

    /// <summary>The elements of a numpy index (as <see cref="NDArray.this[Ix[]]"/>) to read or update.</summary>
    public IndexUpdateRef this[params Ix[] items] => new(_array, Guard.NotNull(items, "NDArray.At[]"));
}

/// <summary>
/// Indexed elements of an array to read or update functionally (JAX's <c>_IndexUpdateRef</c>). Every update returns a new
/// array. With repeated indices <see cref="Add"/>, <see cref="Multiply"/>, <see cref="Min"/> and <see cref="Max"/> apply
/// every update; <see cref="Set"/> keeps one of them (the last in index order here; JAX leaves it unspecified).
/// Negative indices count from the end; by default (JAX's promise_in_bounds) updates at indices still out of range are
/// dropped and reads clamp.
/// </summary>
public readonly struct IndexUpdateRef
{
    private readonly NDArray _array;
    private readonly Ix[] _items;

    internal IndexUpdateRef(NDArray array, Ix[] items) => (_array, _items) = (array, items);

    /// <summary>
    /// <c>x[idx]</c> with an out-of-bounds <paramref name="mode"/> for array indices: promise_in_bounds (default) and clip
    /// clamp; fill (or drop) gives <paramref name="fillValue"/>, by default NaN for floats, the smallest int for i32, true for bool.
    /// </summary>
    public NDArray Get(IndexingMode? mode = null, double? fillValue = null)
    {
        var x = _array;
        string op = NumpyIndexing.Describe(_items) + ".Get";
        if (mode is IndexingMode.Fill or IndexingMode.Drop)
        {
            double fill = fillValue ?? IndexUpdates.DefaultFill(x.DType);
            var padded = Ops.Pad(x, ConcreteArray.Scalar(fill, x.DType), new IntTuple(new int[x.Rank]), new IntTuple(IndexUpdates.Ones(x.Rank)), new IntTuple(new int[x.Rank]));
            return NumpyIndexing.Apply(op, padded, x.Type, _items, ArrayIndexPolicy.ToPadSlot);
        }
        return NumpyIndexing.Apply(op, x, x.Type, _items, ArrayIndexPolicy.GatherClamps);
    }

    /// <summary><c>x[idx] = values</c>, functionally (<c>x.at[idx].set</c>); values broadcast to the indexed shape and take x's dtype.</summary>
    public NDArray Set(NDArray values, IndexingMode? mode = null) => IndexUpdates.Update("Set", _array, _items, values, mode, Ops.Scatter);

    /// <summary><c>x[idx] += values</c>, functionally (<c>x.at[idx].add</c>); repeated indices accumulate.</summary>
    public NDArray Add(NDArray values, IndexingMode? mode = null) => IndexUpdates.Update("Add", _array, _items, values, mode, Ops.ScatterAdd);

    /// <summary><c>x[idx] -= values</c>, functionally (<c>x.at[idx].subtract</c>); repeated indices accumulate.</summary>
    public NDArray Subtract(NDArray values, IndexingMode? mode = null) =>
        IndexUpdates.Update("Subtract", _array, _items, Np.Negative(Guard.NotNull(values, NumpyIndexing.Describe(_items) + ".Subtract")), mode, Ops.ScatterAdd);

    /// <summary>
    /// <c>x[idx] /= values</c>, functionally (<c>x.at[idx].divide</c>): x divided by ones with the values multiplied in at the
    /// index, so the result has <c>Np.Divide</c>'s dtype (floating point for integer arrays, as JAX).
    /// </summary>
    public NDArray Divide(NDArray values, IndexingMode? mode = null)
    {
        Guard.NotNull(values, NumpyIndexing.Describe(_items) + ".Divide");
        var ones = Np.OnesLike(_array);
        if (!ones.DType.IsFloat()) ones = ones.AsType(values.DType.IsFloat() ? values.DType : DType.Float64);
        return Np.Divide(_array, IndexUpdates.Update("Divide", ones, _items, values, mode, Ops.ScatterMul));
    }

    /// <summary><c>x[idx] *= values</c>, functionally (<c>x.at[idx].multiply</c>). The gradient in the values assumes unique indices, as JAX's.</summary>
    public NDArray Multiply(NDArray values, IndexingMode? mode = null) => IndexUpdates.Update("Multiply", _array, _items, values, mode, Ops.ScatterMul);

    /// <summary><c>x[idx] = minimum(x[idx], values)</c>, functionally (<c>x.at[idx].min</c>).</summary>
    public NDArray Min(NDArray values, IndexingMode? mode = null) => IndexUpdates.Update("Min", _array, _items, values, mode, Ops.ScatterMin);

    /// <summary><c>x[idx] = maximum(x[idx], values)</c>, functionally (<c>x.at[idx].max</c>).</summary>
    public NDArray Max(NDArray values, IndexingMode? mode = null) => IndexUpdates.Update("Max", _array, _items, values, mode, Ops.ScatterMax);
}

/// <summary>Lowering of the <c>.At[...]</c> updates to one scatter over the flattened operand.</summary>
internal static class IndexUpdates
{
    internal static int[] Ones(int n)
    {
        var a = new int[n];
        a.AsSpan().Fill(1);
        return a;
    }

    /// <summary>JAX's fill for out-of-range reads: NaN for floats, the smallest int for i32, true for bool.</summary>
    internal static double DefaultFill(DType dtype) => dtype switch
    {
        DType.Int32 => int.MinValue,
        DType.Bool => 1,
        _ => double.NaN,
    };

    /// <summary>
    /// The flat position of every indexed element: the index applied to a constant array of flat positions with one extra
    /// slot per axis (holding <c>x.Size</c>, the "dropped" position) unless <paramref name="clip"/>.
    /// </summary>
    internal static NDArray FlatPositions(string op, ArrayType type, Ix[] items, bool clip)
    {
        int rank = type.Rank;
        var dims = new int[rank];
        for (int i = 0; i < rank; i++) dims[i] = type.Shape[i] + 1;
        int total = 1;
        foreach (var d in dims) total *= d;
        var values = new int[total];
        var position = new int[rank];
        int size = type.Shape.Size;
        for (int e = 0; e < total; e++)
        {
            int flat = 0;
            bool inside = true;
            for (int k = 0; k < rank; k++)
            {
                inside &= position[k] < type.Shape[k];
                flat = flat * type.Shape[k] + position[k];
            }
            values[e] = inside ? flat : size;
            for (int k = rank - 1; k >= 0; k--)
            {
                if (++position[k] < dims[k]) break;
                position[k] = 0;
            }
        }
        var iota = ConcreteArray.Own(values, new Shape(dims));
        return NumpyIndexing.Apply(op, iota, type, items, clip ? ArrayIndexPolicy.ClampLogical : ArrayIndexPolicy.ToPadSlot);
    }

    internal static NDArray Update(string name, NDArray x, Ix[] items, NDArray values, IndexingMode? mode,
        Func<NDArray, NDArray, NDArray, ScatterDimensionNumbers, NDArray> scatter)
    {
        string op = NumpyIndexing.Describe(items) + "." + name;
        Guard.NotNull(values, op);
        var positions = FlatPositions(op, x.Type, items, mode == IndexingMode.Clip);
        var target = positions.Shape;
        var broadcast = Promotion.BroadcastShapes(op, values.Shape, target, values.Type, new ArrayType(target, x.DType));
        if (broadcast != target)
            throw ShapeErrors.Error(op, $"values of shape {values.Shape} do not broadcast to the indexed shape {target}", x.Type, values.Type);
        if (values.DType != x.DType) values = Ops.ConvertElementType(values, x.DType, weak: x.Type.Weak);
        values = Ops.BroadcastTo(values, target);
        int size = x.Shape.Size;
        var flat = Ops.Reshape(x, new Shape(size));
        var slotted = Ops.Pad(flat, ConcreteArray.Scalar(0, x.DType), new IntTuple(0), new IntTuple(1), new IntTuple(0));
        var dn = new ScatterDimensionNumbers(IntTuple.Empty, new IntTuple(0), new IntTuple(0), IntTuple.Empty, IntTuple.Empty);
        var updated = scatter(slotted, Ops.ExpandDims(positions, new IntTuple(target.Rank)), values, dn);
        return Ops.Reshape(Ops.Slice(updated, new IntTuple(0), new IntTuple(size)), x.Shape);
    }
}
