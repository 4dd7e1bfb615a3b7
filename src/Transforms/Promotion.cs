using System;
using System.Runtime.CompilerServices;

namespace Functional.AD;

/// <summary>
/// numpy/JAX dtype promotion with weak types, and numpy broadcasting, for the <c>Np</c> functions:
/// operands are converted to one dtype and broadcast to one shape (0-d operands stay 0-d, since the
/// lax-level binary primitives accept them) before a primitive is bound.
/// </summary>
internal static class Promotion
{
    /// <summary>The dtype and weak type of a binary operation's result (JAX's lattice, <see cref="TypeLattice"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static (DType DType, bool Weak) ResultType(NDArray a, NDArray b)
    {
        if (a.DType == b.DType && a.IsWeaklyTyped == b.IsWeaklyTyped) return (a.DType, a.IsWeaklyTyped);
        // A weak (literal) operand takes the strong operand's dtype unless it is of a higher kind (a float literal with an
        // int array): then the result is of the literal's kind and stays weak, as in JAX (i32 and f* give f*).
        return TypeLattice.Result(a.DType, a.IsWeaklyTyped, b.DType, b.IsWeaklyTyped);
    }

    /// <summary>
    /// <paramref name="x"/> as <paramref name="dtype"/>, keeping its weak flag, or made weak when <paramref name="weak"/>
    /// (the promoted result is weak: an int array meeting a float literal). Concrete values convert directly (so a C#
    /// literal shows up in a jaxpr as a literal of the right dtype); traced values bind <c>convert_element_type</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static NDArray Coerce(NDArray x, DType dtype, bool weak = false)
    {
        weak |= x.IsWeaklyTyped;
        if (x.DType == dtype && x.IsWeaklyTyped == weak) return x;
        if (x is ConcreteArray c) return c.ConvertTo(dtype, weak);
        return Ops.ConvertElementType(x, dtype, weak);
    }

    /// <summary>Converts ints and bools to f64 (float-only functions like sin), keeping the weak flag.</summary>
    internal static NDArray ToFloat(NDArray x) => x.DType.IsFloat() ? x : Coerce(x, DType.Float64);

    /// <summary>The numpy broadcast of two shapes, or an error naming the operation and both typed shapes.</summary>
    internal static Shape BroadcastShapes(string operation, NDArray a, NDArray b) => BroadcastShapes(operation, a.Shape, b.Shape, a.Type, b.Type);

    /// <summary>The numpy broadcast of two shapes.</summary>
    internal static Shape BroadcastShapes(string operation, Shape sa, Shape sb, ArrayType ta, ArrayType tb)
    {
        int rank = Math.Max(sa.Rank, sb.Rank);
        var dims = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i < rank - sa.Rank ? 1 : sa[i - (rank - sa.Rank)];
            int db = i < rank - sb.Rank ? 1 : sb[i - (rank - sb.Rank)];
            if (da != db && da != 1 && db != 1)
                throw new ArgumentException($"{operation}: shapes {ta} and {tb} cannot be broadcast together (axis {i}: {da} vs {db})");
            dims[i] = da == 1 ? db : da;
        }
        ShapeSize.Check(operation, dims, ta, tb);
        return Shape.Own(dims);
    }

    /// <summary>Both operands converted to the result dtype and broadcast to one shape (0-d operands left 0-d).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static (NDArray A, NDArray B) Binary(string operation, NDArray a, NDArray b)
    {
        // The broadcast is checked on the operands as the user passed them, so an error shows their dtypes.
        bool sameOrScalar = a.Shape == b.Shape || a.Rank == 0 || b.Rank == 0;
        var shape = sameOrScalar ? default : BroadcastShapes(operation, a, b);
        var (dtype, weak) = ResultType(a, b);
        a = Coerce(a, dtype, weak);
        b = Coerce(b, dtype, weak);
        if (sameOrScalar) return (a, b);
        return (Ops.BroadcastTo(a, shape), Ops.BroadcastTo(b, shape));
    }

    /// <summary>Every operand converted to the promoted dtype of all of them.</summary>
    internal static NDArray[] Common(NDArray[] xs)
    {
        if (xs.Length == 0) return xs;
        var (dtype, weak) = (xs[0].DType, xs[0].IsWeaklyTyped);
        for (int i = 1; i < xs.Length; i++)
        {
            (dtype, weak) = ResultType(ConcreteArray.Scalar(0, dtype, weak), xs[i]);
        }
        var result = new NDArray[xs.Length];
        for (int i = 0; i < xs.Length; i++) result[i] = Coerce(xs[i], dtype, weak);
        return result;
    }

    /// <summary>Normalises an axis that may count from the end, or throws naming the operation and the typed shape.</summary>
    internal static int Axis(string operation, int axis, NDArray x) => ShapeErrors.Axis(operation, axis, x.Rank, x.Type);
}
