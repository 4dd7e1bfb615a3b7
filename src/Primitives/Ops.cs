using System.Runtime.CompilerServices;
namespace Functional.AD;

/// <summary>
/// The lax-level operations: thin functions that bind one primitive each, with no dtype promotion or
/// implicit broadcasting (binary ops take equal shapes or a 0-d operand). Each primitive's file adds
/// its own functions to this partial class; rules and the public facades are written with them.
/// </summary>
internal static partial class Ops
{
    /// <summary>A weakly-typed 0-d constant of <paramref name="like"/>'s dtype (prints as a literal such as <c>2.0:f32[]</c>).</summary>
    internal static NDArray Const(NDArray like, double value) => ConcreteArray.Scalar(value, like.DType, weak: true);

    /// <summary>A weakly-typed 0-d constant of the given dtype.</summary>
    internal static NDArray Const(DType dtype, double value) => ConcreteArray.Scalar(value, dtype, weak: true);

    /// <summary>An array of <paramref name="type"/> filled with <paramref name="value"/>: <c>broadcast_in_dim</c> of a literal.</summary>
    internal static NDArray Full(ArrayType type, double value)
    {
        var scalar = ConcreteArray.Scalar(value, type.DType, type.Weak);
        return type.Rank == 0 ? scalar : BroadcastInDim(scalar, type.Shape, IntTuple.Empty);
    }

    /// <summary>Zeros of <paramref name="type"/> (a materialised symbolic zero).</summary>
    internal static NDArray Zeros(ArrayType type) => Full(type, 0);

    /// <summary>Zeros with the shape and dtype of <paramref name="x"/>.</summary>
    internal static NDArray ZerosLike(NDArray x) => Zeros(x.Type);

    /// <summary>
    /// <paramref name="x"/> broadcast to <paramref name="shape"/> by numpy's rules (leading axes added,
    /// size-1 axes stretched); <paramref name="x"/> itself when it already has that shape.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static NDArray BroadcastTo(NDArray x, Shape shape)
    {
        if (x.Shape == shape) return x;
        int offset = shape.Rank - x.Rank;
        var dims = new int[x.Rank];
        for (int i = 0; i < dims.Length; i++) dims[i] = i + offset;
        return BroadcastInDim(x, shape, new IntTuple(dims));
    }

    /// <summary>
    /// Sums <paramref name="ct"/> down to <paramref name="target"/>'s shape, undoing a numpy broadcast
    /// (the transpose of <see cref="BroadcastTo"/>); converts the dtype when needed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static NDArray SumToShape(NDArray ct, ArrayType target)
    {
        if (ct.Shape != target.Shape)
        {
            int lead = ct.Rank - target.Rank;
            var axes = new System.Collections.Generic.List<int>();
            for (int i = 0; i < ct.Rank; i++)
                if (i < lead || (target.Shape[i - lead] == 1 && ct.Shape[i] != 1)) axes.Add(i);
            var summed = ReduceSum(ct, new IntTuple(axes.ToArray()));
            if (summed.Shape != target.Shape) summed = Reshape(summed, target.Shape);
            ct = summed;
        }
        if (ct.DType != target.DType) ct = ConvertElementType(ct, target.DType, target.Weak);
        return ct;
    }

    /// <summary>Sum of two optional tangents (null is a symbolic zero).</summary>
    internal static NDArray? AddTangents(NDArray? a, NDArray? b) => a is null ? b : b is null ? a : Add(a, b);
}
