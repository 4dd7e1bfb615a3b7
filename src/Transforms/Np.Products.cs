using System;

namespace Functional.AD;

/// <summary>Tensor products: tensordot, inner, kron, cross.</summary>
public static partial class Np
{
    /// <summary>Sums the last <paramref name="axes"/> axes of <paramref name="a"/> against the first <paramref name="axes"/> axes of <paramref name="b"/>, as <c>jnp.tensordot</c> with an int.</summary>
    public static NDArray TensorDot(NDArray a, NDArray b, int axes = 2)
    {
        Guard.NotNull(a, "Np.TensorDot");
        Guard.NotNull(b, "Np.TensorDot");
        if (axes < 0 || axes > a.Rank || axes > b.Rank)
            throw ShapeErrors.Error("Np.TensorDot", $"cannot contract {axes} axes", a.Type, b.Type);
        var ca = new int[axes];
        var cb = new int[axes];
        for (int i = 0; i < axes; i++) { ca[i] = a.Rank - axes + i; cb[i] = i; }
        return TensorDotCore("Np.TensorDot", a, b, ca, cb);
    }

    /// <summary>Sums axes <c>axes.A[i]</c> of <paramref name="a"/> against axes <c>axes.B[i]</c> of <paramref name="b"/>; the result has a's free axes then b's, as <c>jnp.tensordot</c> with a pair of axis lists.</summary>
    public static NDArray TensorDot(NDArray a, NDArray b, (int[] A, int[] B) axes)
    {
        Guard.NotNull(a, "Np.TensorDot");
        Guard.NotNull(b, "Np.TensorDot");
        Guard.NotNull(axes.A, "Np.TensorDot", "axes");
        Guard.NotNull(axes.B, "Np.TensorDot", "axes");
        if (axes.A.Length != axes.B.Length)
            throw ShapeErrors.Error("Np.TensorDot", $"axes [{string.Join(",", axes.A)}] and [{string.Join(",", axes.B)}] differ in length", a.Type, b.Type);
        return TensorDotCore("Np.TensorDot", a, b, DistinctAxes("Np.TensorDot", axes.A, a.Rank, a.Type), DistinctAxes("Np.TensorDot", axes.B, b.Rank, b.Type));
    }

    private static NDArray TensorDotCore(string operation, NDArray a, NDArray b, int[] ca, int[] cb)
    {
        var (ta, tb) = (a.Type, b.Type);
        for (int i = 0; i < ca.Length; i++)
            if (a.Shape[ca[i]] != b.Shape[cb[i]])
                throw ShapeErrors.Error(operation, $"cannot contract axis {ca[i]} of size {a.Shape[ca[i]]} with axis {cb[i]} of size {b.Shape[cb[i]]}", ta, tb);
        var (dtype, _) = Promotion.ResultType(a, b);
        if (dtype == DType.Bool) dtype = DType.Int32;
        a = Promotion.Coerce(a, dtype);
        b = Promotion.Coerce(b, dtype);
        var dims = new int[a.Rank + b.Rank - 2 * ca.Length];
        int k = 0;
        for (int i = 0; i < a.Rank; i++) if (System.Array.IndexOf(ca, i) < 0) dims[k++] = a.Shape[i];
        for (int i = 0; i < b.Rank; i++) if (System.Array.IndexOf(cb, i) < 0) dims[k++] = b.Shape[i];
        ShapeSize.Check(operation, dims, ta, tb);
        return Ops.DotGeneral(a, b, new IntTuple(ca), new IntTuple(cb), IntTuple.Empty, IntTuple.Empty);
    }

    /// <summary>Sums the last axes of <paramref name="a"/> and <paramref name="b"/> against each other (a product when either is 0-d), as <c>jnp.inner</c>.</summary>
    public static NDArray Inner(NDArray a, NDArray b)
    {
        Guard.NotNull(a, "Np.Inner");
        Guard.NotNull(b, "Np.Inner");
        if (a.Rank == 0 || b.Rank == 0) return Multiply(a, b);
        return TensorDotCore("Np.Inner", a, b, [a.Rank - 1], [b.Rank - 1]);
    }

    /// <summary>The Kronecker product: blocks of <paramref name="b"/> scaled by each element of <paramref name="a"/>, as <c>jnp.kron</c>.</summary>
    public static NDArray Kron(NDArray a, NDArray b)
    {
        Guard.NotNull(a, "Np.Kron");
        Guard.NotNull(b, "Np.Kron");
        int d = Math.Max(a.Rank, b.Rank);
        var sa = new int[d];
        var sb = new int[d];
        for (int i = 0; i < d; i++)
        {
            sa[i] = i < d - a.Rank ? 1 : a.Shape[i - (d - a.Rank)];
            sb[i] = i < d - b.Rank ? 1 : b.Shape[i - (d - b.Rank)];
        }
        var ia = new int[2 * d];
        var ib = new int[2 * d];
        var final = new int[d];
        for (int i = 0; i < d; i++)
        {
            (ia[2 * i], ia[2 * i + 1]) = (sa[i], 1);
            (ib[2 * i], ib[2 * i + 1]) = (1, sb[i]);
            final[i] = (int)Math.Min((long)sa[i] * sb[i], int.MaxValue);
        }
        ShapeSize.Check("Np.Kron", final, a.Type, b.Type);
        var product = Multiply(Ops.Reshape(a, new Shape(ia)), Ops.Reshape(b, new Shape(ib)));
        return Ops.Reshape(product, new Shape(final));
    }

    /// <summary>
    /// The cross product of vectors of 2 or 3 components along <paramref name="axisa"/> of <paramref name="a"/> and
    /// <paramref name="axisb"/> of <paramref name="b"/>, the other axes broadcast, as <c>jnp.cross</c>: a missing third
    /// component is 0; two 2-vectors give the z component alone, otherwise the 3-vector lies along <paramref name="axisc"/>;
    /// <paramref name="axis"/>, when given, overrides all three.
    /// </summary>
    public static NDArray Cross(NDArray a, NDArray b, int axisa = -1, int axisb = -1, int axisc = -1, int? axis = null)
    {
        Guard.NotNull(a, "Np.Cross");
        Guard.NotNull(b, "Np.Cross");
        if (axis is int all) axisa = axisb = axisc = all;
        if (a.Rank == 0 || b.Rank == 0) throw ShapeErrors.Error("Np.Cross", "needs vectors, not 0-d arrays", a.Type, b.Type);
        var (ta, tb) = (a.Type, b.Type);
        a = MoveAxis(a, Promotion.Axis("Np.Cross", axisa, a), -1);
        b = MoveAxis(b, Promotion.Axis("Np.Cross", axisb, b), -1);
        int na = a.Shape[^1], nb = b.Shape[^1];
        if (na is not (2 or 3) || nb is not (2 or 3))
            throw ShapeErrors.Error("Np.Cross", $"vectors must have 2 or 3 components, got {na} and {nb}", ta, tb);
        NDArray Component(NDArray v, int i) => Ops.Squeeze(Ops.SliceAxis(v, v.Rank - 1, i, i + 1), new IntTuple(v.Rank - 1));
        var (a0, a1) = (Component(a, 0), Component(a, 1));
        var (b0, b1) = (Component(b, 0), Component(b, 1));
        Promotion.BroadcastShapes("Np.Cross", a0.Shape, b0.Shape, ta, tb);
        var cz = Subtract(Multiply(a0, b1), Multiply(a1, b0));
        if (na == 2 && nb == 2) return cz;
        NDArray cx, cy;
        if (na == 2)
        {
            var b2 = Component(b, 2);
            cx = Multiply(a1, b2);
            cy = Negative(Multiply(a0, b2));
        }
        else if (nb == 2)
        {
            var a2 = Component(a, 2);
            cx = Negative(Multiply(a2, b1));
            cy = Multiply(a2, b0);
        }
        else
        {
            var (a2, b2) = (Component(a, 2), Component(b, 2));
            cx = Subtract(Multiply(a1, b2), Multiply(a2, b1));
            cy = Subtract(Multiply(a2, b0), Multiply(a0, b2));
        }
        var parts = BroadcastArrays(cx, cy, cz);
        var c = Stack(parts, -1);
        return MoveAxis(c, -1, Promotion.Axis("Np.Cross", axisc, c));
    }
}
