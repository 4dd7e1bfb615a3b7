using System;

namespace Functional.AD;

/// <summary>Rearranging axes and elements without arithmetic: flip, roll, rot90, swapaxes, moveaxis, ravel, tile, repeat, squeeze and expand_dims on several axes, atleast_nd, broadcast_arrays.</summary>
public static partial class Np
{
    /// <summary>The distinct normalised axes of <paramref name="axes"/>, or an <see cref="ArgumentException"/> naming the operation.</summary>
    private static int[] DistinctAxes(string operation, int[] axes, int rank, ArrayType type)
    {
        var result = new int[axes.Length];
        for (int i = 0; i < axes.Length; i++)
        {
            result[i] = ShapeErrors.Axis(operation, axes[i], rank, type);
            if (System.Array.IndexOf(result, result[i], 0, i) >= 0)
                throw ShapeErrors.Error(operation, $"axis {axes[i]} is repeated in [{string.Join(",", axes)}]", type);
        }
        return result;
    }

    /// <summary>An i32 index vector (a constant).</summary>
    private static NDArray IndexVector(int[] values) => ConcreteArray.Own(values, new Shape(values.Length));

    /// <summary>Reverses the order of elements along <paramref name="axis"/> (all axes when null), as <c>jnp.flip</c>.</summary>
    public static NDArray Flip(NDArray m, int? axis = null)
    {
        Guard.NotNull(m, "Np.Flip");
        if (axis is int a) return FlipAxes("Np.Flip", m, [a]);
        var all = new int[m.Rank];
        for (int i = 0; i < all.Length; i++) all[i] = i;
        return FlipAxes("Np.Flip", m, all);
    }

    /// <summary>Reverses the order of elements along each of <paramref name="axis"/>, as <c>jnp.flip</c> with a tuple of axes.</summary>
    public static NDArray Flip(NDArray m, int[] axis)
    {
        Guard.NotNull(m, "Np.Flip");
        Guard.NotNull(axis, "Np.Flip");
        return FlipAxes("Np.Flip", m, axis);
    }

    private static NDArray FlipAxes(string operation, NDArray m, int[] axes)
    {
        foreach (var a in DistinctAxes(operation, axes, m.Rank, m.Type))
        {
            int n = m.Shape[a];
            if (n <= 1) continue;
            var idx = new int[n];
            for (int i = 0; i < n; i++) idx[i] = n - 1 - i;
            m = Gather(m, IndexVector(idx), a);
        }
        return m;
    }

    /// <summary>Rolls elements by <paramref name="shift"/> along <paramref name="axis"/> (the flattened array when null), as <c>jnp.roll</c>: elements pushed off one end come back at the other.</summary>
    public static NDArray Roll(NDArray a, int shift, int? axis = null)
    {
        Guard.NotNull(a, "Np.Roll");
        if (axis is null) return Ops.Reshape(RollAxis(Ops.Reshape(a, new Shape(a.Size)), shift, 0), a.Shape);
        return RollAxis(a, shift, Promotion.Axis("Np.Roll", axis.Value, a));
    }

    /// <summary>Rolls by <c>shift[i]</c> along <c>axis[i]</c> (a single shift applies to every axis), as <c>jnp.roll</c> with tuples; an axis may repeat (its shifts add).</summary>
    public static NDArray Roll(NDArray a, int[] shift, int[] axis)
    {
        Guard.NotNull(a, "Np.Roll");
        Guard.NotNull(shift, "Np.Roll");
        Guard.NotNull(axis, "Np.Roll");
        if (shift.Length != axis.Length && shift.Length != 1)
            throw ShapeErrors.Error("Np.Roll", $"shift [{string.Join(",", shift)}] and axis [{string.Join(",", axis)}] must have the same length", a.Type);
        var total = new long[a.Rank];
        for (int i = 0; i < axis.Length; i++) total[Promotion.Axis("Np.Roll", axis[i], a)] += shift.Length == 1 ? shift[0] : shift[i];
        for (int i = 0; i < a.Rank; i++)
            if (a.Shape[i] > 0) a = RollAxis(a, (int)(total[i] % a.Shape[i]), i);
        return a;
    }

    private static NDArray RollAxis(NDArray a, int shift, int axis)
    {
        int n = a.Shape[axis];
        if (n == 0) return a;
        int s = (int)(((long)shift % n + n) % n);
        if (s == 0) return a;
        return Ops.Concatenate([Ops.SliceAxis(a, axis, n - s, n), Ops.SliceAxis(a, axis, 0, n - s)], axis);
    }

    /// <summary>Rotates by 90 degrees <paramref name="k"/> times in the plane of <paramref name="axes"/> (default [0, 1]), from the first axis towards the second, as <c>jnp.rot90</c>.</summary>
    public static NDArray Rot90(NDArray m, int k = 1, int[]? axes = null)
    {
        Guard.NotNull(m, "Np.Rot90");
        axes ??= [0, 1];
        if (axes.Length != 2 || m.Rank < 2)
            throw ShapeErrors.Error("Np.Rot90", $"needs two axes of an array of rank at least 2, got axes [{string.Join(",", axes)}]", m.Type);
        var ax = DistinctAxes("Np.Rot90", axes, m.Rank, m.Type);
        k = ((k % 4) + 4) % 4;
        if (k == 0) return m;
        if (k == 2) return FlipAxes("Np.Rot90", m, ax);
        var perm = new int[m.Rank];
        for (int i = 0; i < perm.Length; i++) perm[i] = i;
        (perm[ax[0]], perm[ax[1]]) = (ax[1], ax[0]);
        return k == 1
            ? Ops.Transpose(FlipAxes("Np.Rot90", m, [ax[1]]), new IntTuple(perm))
            : FlipAxes("Np.Rot90", Ops.Transpose(m, new IntTuple(perm)), [ax[1]]);
    }

    /// <summary>Interchanges two axes, as <c>jnp.swapaxes</c>.</summary>
    public static NDArray SwapAxes(NDArray a, int axis1, int axis2)
    {
        Guard.NotNull(a, "Np.SwapAxes");
        int i = Promotion.Axis("Np.SwapAxes", axis1, a), j = Promotion.Axis("Np.SwapAxes", axis2, a);
        if (i == j) return a;
        var perm = new int[a.Rank];
        for (int k = 0; k < perm.Length; k++) perm[k] = k;
        (perm[i], perm[j]) = (j, i);
        return Ops.Transpose(a, new IntTuple(perm));
    }

    /// <summary>Moves axis <paramref name="source"/> to position <paramref name="destination"/>, the others keeping their order, as <c>jnp.moveaxis</c>.</summary>
    public static NDArray MoveAxis(NDArray a, int source, int destination)
    {
        Guard.NotNull(a, "Np.MoveAxis");
        return MoveAxis(a, [source], [destination]);
    }

    /// <summary>Moves each axis <c>source[i]</c> to position <c>destination[i]</c>, the others keeping their order, as <c>jnp.moveaxis</c> with tuples.</summary>
    public static NDArray MoveAxis(NDArray a, int[] source, int[] destination)
    {
        Guard.NotNull(a, "Np.MoveAxis");
        Guard.NotNull(source, "Np.MoveAxis");
        Guard.NotNull(destination, "Np.MoveAxis");
        if (source.Length != destination.Length)
            throw ShapeErrors.Error("Np.MoveAxis", $"source [{string.Join(",", source)}] and destination [{string.Join(",", destination)}] must have the same length", a.Type);
        var src = DistinctAxes("Np.MoveAxis", source, a.Rank, a.Type);
        var dst = DistinctAxes("Np.MoveAxis", destination, a.Rank, a.Type);
        var perm = new int[a.Rank];
        perm.AsSpan().Fill(-1);
        for (int i = 0; i < src.Length; i++) perm[dst[i]] = src[i];
        int next = 0;
        for (int i = 0; i < perm.Length; i++)
        {
            if (perm[i] >= 0) continue;
            while (System.Array.IndexOf(src, next) >= 0) next++;
            perm[i] = next++;
        }
        for (int i = 0; i < perm.Length; i++)
            if (perm[i] != i) return Ops.Transpose(a, new IntTuple(perm));
        return a;
    }

    /// <summary>The elements as a 1-d array in row-major order, as <c>jnp.ravel</c>.</summary>
    public static NDArray Ravel(NDArray a)
    {
        Guard.NotNull(a, "Np.Ravel");
        return a.Rank == 1 ? a : Ops.Reshape(a, new Shape(a.Size));
    }

    /// <summary><paramref name="a"/> repeated <paramref name="reps"/> times along its last axis, as <c>jnp.tile</c> with an int.</summary>
    public static NDArray Tile(NDArray a, int reps)
    {
        Guard.NotNull(a, "Np.Tile");
        return Tile(a, [reps]);
    }

    /// <summary>
    /// <paramref name="a"/> repeated <c>reps[i]</c> times along axis i, as <c>jnp.tile</c>: the shorter of a's shape and
    /// reps is padded with leading 1s.
    /// </summary>
    public static NDArray Tile(NDArray a, int[] reps)
    {
        Guard.NotNull(a, "Np.Tile");
        Guard.NotNull(reps, "Np.Tile");
        foreach (var r in reps)
            if (r < 0) throw ShapeErrors.Error("Np.Tile", $"reps must be non-negative, got [{string.Join(",", reps)}]", a.Type);
        int d = Math.Max(reps.Length, a.Rank);
        var shape = new int[d];
        var r2 = new int[d];
        for (int i = 0; i < d; i++)
        {
            int si = i - (d - a.Rank), ri = i - (d - reps.Length);
            shape[i] = si >= 0 ? a.Shape[si] : 1;
            r2[i] = ri >= 0 ? reps[ri] : 1;
        }
        var inter = new int[2 * d];
        var dims = new int[d];
        var final = new int[d];
        for (int i = 0; i < d; i++) { inter[2 * i] = r2[i]; inter[2 * i + 1] = shape[i]; dims[i] = 2 * i + 1; final[i] = r2[i] * shape[i]; }
        ShapeSize.Check("Np.Tile", final, a.Type);
        var x = Ops.Reshape(a, new Shape(shape));
        return Ops.Reshape(Ops.BroadcastInDim(x, new Shape(inter), new IntTuple(dims)), new Shape(final));
    }

    /// <summary>
    /// Each element repeated <paramref name="repeats"/> times along <paramref name="axis"/> (of the flattened array when
    /// null), as <c>jnp.repeat</c>; <paramref name="totalRepeatLength"/>, when given, truncates the result or pads it with
    /// the last element.
    /// </summary>
    public static NDArray Repeat(NDArray a, int repeats, int? axis = null, int? totalRepeatLength = null)
    {
        Guard.NotNull(a, "Np.Repeat");
        if (repeats < 0) throw ShapeErrors.Error("Np.Repeat", $"repeats must be non-negative, got {repeats}", a.Type);
        if (axis is null) { a = Ravel(a); axis = 0; }
        if (a.Rank == 0) a = Ops.Reshape(a, new Shape(1));
        int ax = Promotion.Axis("Np.Repeat", axis.Value, a);
        if (totalRepeatLength is not null) return Repeat(a, [repeats], ax, totalRepeatLength);
        var inter = new int[a.Rank + 1];
        var final = a.Shape.ToArray();
        var dims = new int[a.Rank];
        for (int i = 0, j = 0; i < inter.Length; i++)
        {
            if (i == ax + 1) { inter[i] = repeats; continue; }
            dims[j] = i;
            inter[i] = a.Shape[j++];
        }
        final[ax] = a.Shape[ax] * repeats;
        ShapeSize.Check("Np.Repeat", final, a.Type);
        return Ops.Reshape(Ops.BroadcastInDim(a, new Shape(inter), new IntTuple(dims)), new Shape(final));
    }

    /// <summary>
    /// Element i repeated <c>repeats[i]</c> times along <paramref name="axis"/> (of the flattened array when null), as
    /// <c>jnp.repeat</c> with per-element repeats (one entry applies to every element); <paramref name="totalRepeatLength"/>,
    /// when given, truncates the result or pads it with the last element.
    /// </summary>
    public static NDArray Repeat(NDArray a, int[] repeats, int? axis = null, int? totalRepeatLength = null)
    {
        Guard.NotNull(a, "Np.Repeat");
        Guard.NotNull(repeats, "Np.Repeat");
        if (axis is null) { a = Ravel(a); axis = 0; }
        if (a.Rank == 0) a = Ops.Reshape(a, new Shape(1));
        int ax = Promotion.Axis("Np.Repeat", axis.Value, a);
        int n = a.Shape[ax];
        if (repeats.Length != 1 && repeats.Length != n)
            throw ShapeErrors.Error("Np.Repeat", $"{repeats.Length} repeats do not match the {n} elements of axis {axis}", a.Type);
        if (totalRepeatLength < 0) throw ShapeErrors.Error("Np.Repeat", $"totalRepeatLength must be non-negative, got {totalRepeatLength}", a.Type);
        long sum = 0;
        for (int i = 0; i < n; i++)
        {
            int r = repeats.Length == 1 ? repeats[0] : repeats[i];
            if (r < 0) throw ShapeErrors.Error("Np.Repeat", $"repeats must be non-negative, got {r}", a.Type);
            sum += r;
        }
        int total = totalRepeatLength ?? (int)Math.Min(sum, int.MaxValue);
        var final = a.Shape.ToArray();
        final[ax] = total;
        ShapeSize.Check("Np.Repeat", final, a.Type);
        if (total > 0 && n == 0) throw ShapeErrors.Error("Np.Repeat", $"cannot fill {total} elements from an empty axis {axis}", a.Type);
        var idx = new int[total];
        int k = 0;
        for (int i = 0; i < n && k < total; i++)
            for (int r = repeats.Length == 1 ? repeats[0] : repeats[i]; r > 0 && k < total; r--) idx[k++] = i;
        for (; k < total; k++) idx[k] = n - 1;
        return Gather(a, IndexVector(idx), ax);
    }

    /// <summary>Removes the size-1 axes listed in <paramref name="axis"/>, as <c>jnp.squeeze</c> with a tuple.</summary>
    public static NDArray Squeeze(NDArray a, int[] axis)
    {
        Guard.NotNull(a, "Np.Squeeze");
        Guard.NotNull(axis, "Np.Squeeze");
        var axes = DistinctAxes("Np.Squeeze", axis, a.Rank, a.Type);
        foreach (var i in axes)
            if (a.Shape[i] != 1) throw ShapeErrors.Error("Np.Squeeze", $"axis {i} has size {a.Shape[i]}, not 1", a.Type);
        System.Array.Sort(axes);
        return axes.Length == 0 ? a : Ops.Squeeze(a, new IntTuple(axes));
    }

    /// <summary>Inserts size-1 axes at each position of <paramref name="axis"/> in the result, as <c>jnp.expand_dims</c> with a tuple.</summary>
    public static NDArray ExpandDims(NDArray a, int[] axis)
    {
        Guard.NotNull(a, "Np.ExpandDims");
        Guard.NotNull(axis, "Np.ExpandDims");
        var axes = DistinctAxes("Np.ExpandDims", axis, a.Rank + axis.Length, a.Type);
        System.Array.Sort(axes);
        return axes.Length == 0 ? a : Ops.ExpandDims(a, new IntTuple(axes));
    }

    /// <summary><paramref name="a"/> with at least one axis (a 0-d array becomes shape [1]), as <c>jnp.atleast_1d</c>.</summary>
    public static NDArray AtLeast1d(NDArray a)
    {
        Guard.NotNull(a, "Np.AtLeast1d");
        return a.Rank >= 1 ? a : Ops.Reshape(a, new Shape(1));
    }

    /// <summary>Each array with at least one axis, as <c>jnp.atleast_1d</c> with several arrays.</summary>
    public static NDArray[] AtLeast1d(params NDArray[] arys) => System.Array.ConvertAll(Guard.NoNulls(arys, "Np.AtLeast1d"), AtLeast1d);

    /// <summary><paramref name="a"/> with at least two axes ([n] becomes [1,n]), as <c>jnp.atleast_2d</c>.</summary>
    public static NDArray AtLeast2d(NDArray a)
    {
        Guard.NotNull(a, "Np.AtLeast2d");
        return a.Rank switch { 0 => Ops.Reshape(a, new Shape(1, 1)), 1 => Ops.Reshape(a, new Shape(1, a.Shape[0])), _ => a };
    }

    /// <summary>Each array with at least two axes, as <c>jnp.atleast_2d</c> with several arrays.</summary>
    public static NDArray[] AtLeast2d(params NDArray[] arys) => System.Array.ConvertAll(Guard.NoNulls(arys, "Np.AtLeast2d"), AtLeast2d);

    /// <summary><paramref name="a"/> with at least three axes ([n] becomes [1,n,1], [m,n] becomes [m,n,1]), as <c>jnp.atleast_3d</c>.</summary>
    public static NDArray AtLeast3d(NDArray a)
    {
        Guard.NotNull(a, "Np.AtLeast3d");
        return a.Rank switch
        {
            0 => Ops.Reshape(a, new Shape(1, 1, 1)),
            1 => Ops.Reshape(a, new Shape(1, a.Shape[0], 1)),
            2 => Ops.Reshape(a, new Shape(a.Shape[0], a.Shape[1], 1)),
            _ => a,
        };
    }

    /// <summary>Each array with at least three axes, as <c>jnp.atleast_3d</c> with several arrays.</summary>
    public static NDArray[] AtLeast3d(params NDArray[] arys) => System.Array.ConvertAll(Guard.NoNulls(arys, "Np.AtLeast3d"), AtLeast3d);

    /// <summary>The arrays broadcast against each other to their common shape, as <c>jnp.broadcast_arrays</c>.</summary>
    public static NDArray[] BroadcastArrays(params NDArray[] args)
    {
        Guard.NoNulls(args, "Np.BroadcastArrays");
        if (args.Length == 0) return [];
        var shape = args[0].Shape;
        var type = args[0].Type;
        for (int i = 1; i < args.Length; i++)
        {
            shape = Promotion.BroadcastShapes("Np.BroadcastArrays", shape, args[i].Shape, new ArrayType(shape, type.DType), args[i].Type);
        }
        return System.Array.ConvertAll(args, x => x.Shape == shape ? x : Ops.BroadcastTo(x, shape));
    }
}
