namespace Functional.AD;

public static partial class Np
{
    /// <summary>x as bools: itself when bool, else x != 0 (numpy's truth value of a number).</summary>
    private static NDArray Truth(NDArray x) => x.DType == DType.Bool ? x : Ops.Ne(x, Ops.Const(x, 0));

    /// <summary>Elementwise logical and of the truth values (<c>jnp.logical_and</c>), with broadcasting; bool result.</summary>
    public static NDArray LogicalAnd(NDArray x1, NDArray x2)
    {
        var (a, b) = Broadcast2("Np.LogicalAnd", x1, x2);
        return Ops.BitwiseAnd(Truth(a), Truth(b));
    }

    /// <summary>Elementwise logical or of the truth values (<c>jnp.logical_or</c>), with broadcasting; bool result.</summary>
    public static NDArray LogicalOr(NDArray x1, NDArray x2)
    {
        var (a, b) = Broadcast2("Np.LogicalOr", x1, x2);
        return Ops.BitwiseOr(Truth(a), Truth(b));
    }

    /// <summary>Elementwise logical exclusive or of the truth values (<c>jnp.logical_xor</c>), with broadcasting; bool result.</summary>
    public static NDArray LogicalXor(NDArray x1, NDArray x2)
    {
        var (a, b) = Broadcast2("Np.LogicalXor", x1, x2);
        return Ops.BitwiseXor(Truth(a), Truth(b));
    }

    /// <summary>Elementwise logical not of the truth value (<c>jnp.logical_not</c>): x == 0; bool result.</summary>
    public static NDArray LogicalNot(NDArray x)
    {
        Guard.NotNull(x, "Np.LogicalNot");
        return Ops.Eq(Truth(x), Ops.Const(DType.Bool, 0));
    }

    /// <summary>Bitwise and of integer arrays, logical and of bool arrays (<c>jnp.bitwise_and</c>); floats are refused.</summary>
    public static NDArray BitwiseAnd(NDArray x1, NDArray x2) => Integral("Np.BitwiseAnd", x1, x2, Ops.BitwiseAnd);

    /// <summary>Bitwise or of integer arrays, logical or of bool arrays (<c>jnp.bitwise_or</c>); floats are refused.</summary>
    public static NDArray BitwiseOr(NDArray x1, NDArray x2) => Integral("Np.BitwiseOr", x1, x2, Ops.BitwiseOr);

    /// <summary>Bitwise exclusive or of integer arrays, logical xor of bool arrays (<c>jnp.bitwise_xor</c>); floats are refused.</summary>
    public static NDArray BitwiseXor(NDArray x1, NDArray x2) => Integral("Np.BitwiseXor", x1, x2, Ops.BitwiseXor);

    /// <summary>Bitwise not of integer arrays (~x = -x - 1), logical not of bool arrays (<c>jnp.bitwise_not</c>); floats are refused.</summary>
    public static NDArray BitwiseNot(NDArray x)
    {
        Guard.NotNull(x, "Np.BitwiseNot");
        if (x.DType.IsFloat()) throw ShapeErrors.Error("Np.BitwiseNot", "is defined for integer and bool operands only", x.Type);
        return x.DType == DType.Bool ? Ops.Eq(x, Ops.Const(DType.Bool, 0)) : Ops.Sub(Ops.Neg(x), Ops.Const(x, 1));
    }

    /// <summary>The same as <see cref="BitwiseNot"/> (<c>jnp.invert</c>).</summary>
    public static NDArray Invert(NDArray x) => BitwiseNot(Guard.NotNull(x, "Np.Invert"));

    /// <summary>x1 shifted left by x2 bits after promotion and broadcasting (<c>jnp.left_shift</c>); integers only.</summary>
    public static NDArray LeftShift(NDArray x1, NDArray x2) => Shift("Np.LeftShift", x1, x2, Ops.ShiftLeft);

    /// <summary>
    /// x1 shifted right by x2 bits after promotion and broadcasting (<c>jnp.right_shift</c>): arithmetic (sign-filling)
    /// for signed integers, logical for unsigned ones; integers only.
    /// </summary>
    public static NDArray RightShift(NDArray x1, NDArray x2) =>
        Shift("Np.RightShift", x1, x2, (a, b) => a.DType.IsUnsigned() ? Ops.ShiftRightLogical(a, b) : Ops.ShiftRightArithmetic(a, b));

    private static NDArray Shift(string operation, NDArray x1, NDArray x2, System.Func<NDArray, NDArray, NDArray> primitive)
    {
        Guard.NotNull(x1, operation);
        Guard.NotNull(x2, operation);
        var (a, b) = Broadcast2(operation, x1, x2);
        if (!a.DType.IsInteger()) throw ShapeErrors.Error(operation, "is defined for integer operands only", x1.Type, x2.Type);
        return primitive(a, b);
    }

    private static NDArray Integral(string operation, NDArray x1, NDArray x2, System.Func<NDArray, NDArray, NDArray> primitive)
    {
        var (a, b) = Broadcast2(operation, x1, x2);
        if (a.DType.IsFloat()) throw ShapeErrors.Error(operation, "is defined for integer and bool operands only", x1.Type, x2.Type);
        return primitive(a, b);
    }
}
