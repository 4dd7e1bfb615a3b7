using System;

namespace Functional.AD;

public static partial class Jax
{
    /// <summary>
    /// The Jacobian by forward mode: linearize once, then push each input basis vector through the
    /// linear map. Shape: output shape followed by input shape.
    /// </summary>
    public static Func<NDArray, NDArray> Jacfwd(Func<NDArray, NDArray> f) => x =>
    {
        var (leaves, _) = Tree.FlattenArgs(x, "Jacfwd", allowNumberLeaves: false);
        RequireFloat("Jacfwd", leaves[0]);
        var (outs, linear) = Differentiation.Linearize(ls => new[] { f(ls[0]) }, leaves, "Jacfwd");
        var y = outs[0];
        var shape = Concat(y.Shape, x.Shape);
        int n = x.Size;
        if (n == 0 || y.Size == 0) return Ops.Zeros(new ArrayType(shape, y.DType));
        var columns = new NDArray[n];
        for (int j = 0; j < n; j++)
            columns[j] = Ops.ExpandDims(linear.Apply(new NDArray?[] { Basis(x.Type, j) })[0], new IntTuple(y.Rank));
        return Ops.Reshape(Ops.Concatenate(columns, y.Rank), shape);
    };

    /// <summary>
    /// The Jacobian by reverse mode: linearize once, then pull each output basis vector back.
    /// Shape: output shape followed by input shape.
    /// </summary>
    public static Func<NDArray, NDArray> Jacrev(Func<NDArray, NDArray> f) => x =>
    {
        var (leaves, _) = Tree.FlattenArgs(x, "Jacrev", allowNumberLeaves: false);
        RequireFloat("Jacrev", leaves[0]);
        var (outs, linear) = Differentiation.Linearize(ls => new[] { f(ls[0]) }, leaves, "Jacrev");
        var y = outs[0];
        var shape = Concat(y.Shape, x.Shape);
        int m = y.Size;
        if (m == 0 || x.Size == 0) return Ops.Zeros(new ArrayType(shape, x.DType));
        var rows = new NDArray[m];
        for (int i = 0; i < m; i++)
            rows[i] = Ops.ExpandDims(linear.Transpose(new NDArray?[] { Basis(y.Type, i) })[0], new IntTuple(0));
        return Ops.Reshape(Ops.Concatenate(rows, 0), shape);
    };

    /// <summary>The Hessian of a scalar function: forward over reverse, <c>Jacfwd(Jacrev(f))</c>.</summary>
    public static Func<NDArray, NDArray> Hessian(Func<NDArray, NDArray> f) => Jacfwd(Jacrev(f));

    /// <summary>The Hessian-vector product H(x)·v of a scalar function, forward over reverse: <c>Jvp(Grad(f), x, v)</c>.</summary>
    public static NDArray Hvp(Func<NDArray, NDArray> f, NDArray x, NDArray v) => Jvp(Grad(f), x, v).Tangent;

    private static void RequireFloat(string operation, NDArray x)
    {
        if (!x.DType.IsFloat())
            throw new ArgumentException($"{operation}: the input must be floating point, got {x.Type}");
    }

    private static Shape Concat(Shape a, Shape b)
    {
        var dims = new int[a.Rank + b.Rank];
        a.Dims.CopyTo(dims);
        b.Dims.CopyTo(dims.AsSpan(a.Rank));
        return Shape.Own(dims);
    }

    /// <summary>The j-th standard basis array of a type (1 at flat index j, 0 elsewhere).</summary>
    private static NDArray Basis(ArrayType type, int j)
    {
        var e = ConcreteArray.Filled(type.Strong, 0);
        switch (e.Buffer)
        {
            case double[] d: d[j] = 1; break;
            case float[] f: f[j] = 1; break;
            case int[] n: n[j] = 1; break;
            case bool[] b: b[j] = true; break;
        }
        return e;
    }
}
