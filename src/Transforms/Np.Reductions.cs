using System;

namespace Functional.AD;

public static partial class Np
{
    /// <summary>
    /// The reduced axes for an optional (possibly negative) axis: all axes when null. The result must fit in an array
    /// (only an empty operand, reduced over its zero axis, can leave more elements than that).
    /// </summary>
    private static IntTuple ReduceAxes(string operation, NDArray x, int? axis)
    {
        var axes = axis is int a ? new IntTuple(Promotion.Axis(operation, a, x)) : ReductionShape.All(x.Rank);
        if (x.Size == 0) ShapeSize.Check(operation, ReductionShape.KeptSizes(x.Shape, axes), x.Type);
        return axes;
    }

    private static NDArray KeepDims(NDArray reduced, IntTuple axes, bool keepDims) =>
        keepDims ? Ops.ExpandDims(reduced, axes) : reduced;

    /// <summary>Sum over one axis (negative counts from the end) or all axes; bools sum as i32.</summary>
    public static NDArray Sum(NDArray x, int? axis = null, bool keepDims = false)
    {
        Guard.NotNull(x, "Np.Sum");
        var axes = ReduceAxes("Np.Sum", x, axis);
        if (x.DType == DType.Bool) x = Promotion.Coerce(x, DType.Int32);
        return KeepDims(Ops.ReduceSum(x, axes), axes, keepDims);
    }

    /// <summary>Arithmetic mean over one axis or all axes (integers give f64; an empty reduction gives NaN).</summary>
    public static NDArray Mean(NDArray x, int? axis = null, bool keepDims = false)
    {
        Guard.NotNull(x, "Np.Mean");
        var axes = ReduceAxes("Np.Mean", x, axis);
        x = Promotion.ToFloat(x);
        int count = 1;
        foreach (var a in axes) count *= x.Shape[a];
        var sum = Ops.ReduceSum(x, axes);
        return KeepDims(Ops.Div(sum, Ops.Const(sum, count)), axes, keepDims);
    }

    /// <summary>Maximum over one axis or all axes (NaN propagates).</summary>
    public static NDArray Max(NDArray x, int? axis = null, bool keepDims = false)
    {
        Guard.NotNull(x, "Np.Max");
        return Extreme("Np.Max", x, axis, keepDims, max: true);
    }

    /// <summary>Minimum over one axis or all axes (NaN propagates).</summary>
    public static NDArray Min(NDArray x, int? axis = null, bool keepDims = false)
    {
        Guard.NotNull(x, "Np.Min");
        return Extreme("Np.Min", x, axis, keepDims, max: false);
    }

    private static NDArray Extreme(string operation, NDArray x, int? axis, bool keepDims, bool max)
    {
        var axes = ReduceAxes(operation, x, axis);
        foreach (var a in axes)
            if (x.Shape[a] == 0)
                throw new ArgumentException($"{operation}: cannot reduce {x.Type} over its empty axis {a}: the reduction has no identity");
        if (x.DType == DType.Bool) x = Promotion.Coerce(x, DType.Int32);
        return KeepDims(max ? Ops.ReduceMax(x, axes) : Ops.ReduceMin(x, axes), axes, keepDims);
    }

    /// <summary>Product over one axis or all axes, computed as a tree of pairwise products (exact gradients, also at zeros).</summary>
    public static NDArray Prod(NDArray x, int? axis = null, bool keepDims = false)
    {
        Guard.NotNull(x, "Np.Prod");
        if (x.DType == DType.Bool) x = Promotion.Coerce(x, DType.Int32);
        if (axis is null)
        {
            var flat = Ops.Reshape(x, new Shape(x.Size));
            var p = ProdAlong(flat, 0);
            return keepDims ? Ops.Reshape(p, Shape.Own(OnesOfRank(x.Rank))) : p;
        }
        int a = Promotion.Axis("Np.Prod", axis.Value, x);
        if (x.Size == 0) ShapeSize.Check("Np.Prod", ReductionShape.KeptSizes(x.Shape, new IntTuple(a)), x.Type);
        var r = ProdAlong(x, a);
        return keepDims ? Ops.ExpandDims(r, new IntTuple(a)) : r;
    }

    private static int[] OnesOfRank(int rank)
    {
        var d = new int[rank];
        System.Array.Fill(d, 1);
        return d;
    }

    private static NDArray ProdAlong(NDArray x, int axis)
    {
        int n = x.Shape[axis];
        if (n == 0)
        {
            var dims = x.Shape.ToArray();
            var kept = new int[dims.Length - 1];
            for (int i = 0, j = 0; i < dims.Length; i++) if (i != axis) kept[j++] = dims[i];
            return Ops.Full(new ArrayType(Shape.Own(kept), x.DType), 1);
        }
        while (n > 1)
        {
            int half = n / 2;
            var prod = Ops.Mul(Ops.SliceAxis(x, axis, 0, half), Ops.SliceAxis(x, axis, half, 2 * half));
            x = n % 2 == 0 ? prod : Ops.Concatenate(new[] { prod, Ops.SliceAxis(x, axis, 2 * half, n) }, axis);
            n = x.Shape[axis];
        }
        return Ops.Squeeze(x, new IntTuple(axis));
    }

    /// <summary>Index (i32) of the first maximum along an axis.</summary>
    public static NDArray ArgMax(NDArray x, int axis)
    {
        Guard.NotNull(x, "Np.ArgMax");
        int a = Promotion.Axis("Np.ArgMax", axis, x);
        if (x.Shape[a] == 0) throw new ArgumentException($"Np.ArgMax: axis {axis} of {x.Type} is empty, so it has no maximum");
        return Ops.ArgMax(x, a);
    }

    /// <summary>Running sum along an axis (bools count as i32).</summary>
    public static NDArray Cumsum(NDArray x, int axis)
    {
        Guard.NotNull(x, "Np.Cumsum");
        int a = Promotion.Axis("Np.Cumsum", axis, x);
        if (x.DType == DType.Bool) x = Promotion.Coerce(x, DType.Int32);
        return Ops.Cumsum(x, a);
    }
}
