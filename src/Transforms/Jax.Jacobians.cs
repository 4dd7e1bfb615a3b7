using System;
using System.Runtime.CompilerServices;

namespace Functional.AD;

public static partial class Jax
{
    /// <summary>
    /// The Jacobian by forward mode, as JAX builds it: the JVP at x is pushed along all input basis vectors at
    /// once with <c>Vmap</c> (one batched computation, not a loop; x itself is not mapped, so the primal work is
    /// done once). Pure forward mode, so it also works through <c>Lax.WhileLoop</c>.
    /// Shape: output shape followed by input shape.
    /// </summary>
    /// <remarks>
    /// Called eagerly (outside any transform) on 32 or more elements, the whole Jacobian is traced into one jaxpr and
    /// runs as one compiled program, as <c>Jit</c> would run it; <paramref name="f"/> is still traced on every call, so
    /// it may close over values that change. A function that needs concrete values (C# control flow on its argument)
    /// runs op by op instead, as under any other transform.
    /// </remarks>
    public static Func<NDArray, NDArray> Jacfwd(Func<NDArray, NDArray> f)
    {
        Guard.NotNull(f, "Jax.Jacfwd");
        NDArray Jacobian(NDArray x) => JacfwdCore<object?>(t => (f(t), null), x, "Jacfwd").Jacobian;
        return x => StagedJacobian.TryRun(f, x, Jacobian, "Jacfwd") ?? Jacobian(x);
    }

    /// <summary>
    /// The Jacobian by reverse mode, as JAX builds it: linearize once, then pull all output basis vectors
    /// back at once with <c>Vmap</c> over the pullback. Shape: output shape followed by input shape.
    /// </summary>
    /// <remarks>Called eagerly, runs as one compiled program as <see cref="Jacfwd(Func{NDArray, NDArray})"/> does.</remarks>
    public static Func<NDArray, NDArray> Jacrev(Func<NDArray, NDArray> f)
    {
        Guard.NotNull(f, "Jax.Jacrev");
        NDArray Jacobian(NDArray x) => JacrevCore<object?>(t => (f(t), null), x, "Jacrev").Jacobian;
        return x => StagedJacobian.TryRun(f, x, Jacobian, "Jacrev") ?? Jacobian(x);
    }

    /// <summary>The Jacobian by forward mode, with aux (see <see cref="Jacfwd(Func{NDArray, NDArray})"/>).</summary>
    private static (NDArray Jacobian, TAux Aux) JacfwdCore<TAux>(Func<NDArray, (NDArray Output, TAux Aux)> f, NDArray x, string operation)
    {
        var (leaves, _) = Tree.FlattenArgs(x, operation, allowNumberLeaves: false);
        RequireFloat(operation, leaves[0]);
        if (x.Size == 0)
        {
            var (y, a) = f(x);
            y = Tree.Result(y, operation);
            return (Ops.Zeros(new ArrayType(Concat(operation, y.Shape, x.Type), y.DType, y.IsWeaklyTyped)), a);
        }
        // The aux is read from inside the batched JVP: it is a primal, computed from the unmapped x only, so it holds
        // no batched value (as JAX's vmap with out_axes=None for aux).
        TAux aux = default!;
        var outType = default(ArrayType);
        var columns = Vmap((NDArray v) =>
        {
            var (primal, tangent, a) = JvpWithAux<NDArray, NDArray, TAux>(t => { var (y, ya) = f(t); return (Tree.Result(y, operation), ya); }, x, v);
            aux = a;
            outType = primal.Type;
            return tangent;
        }, inAxes: 0, outAxes: -1)(Basis(operation, x.Type));
        var outShape = Shape.Own(columns.Shape.Dims[..^1].ToArray());
        // the output's dtype and weak type, as JAX's jacfwd
        return (Like(Ops.Reshape(columns, Concat(operation, outShape, x.Type)), outType), aux);
    }

    /// <summary>The Jacobian by reverse mode, with aux (see <see cref="Jacrev(Func{NDArray, NDArray})"/>).</summary>
    private static (NDArray Jacobian, TAux Aux) JacrevCore<TAux>(Func<NDArray, (NDArray Output, TAux Aux)> f, NDArray x, string operation)
    {
        var (leaves, _) = Tree.FlattenArgs(x, operation, allowNumberLeaves: false);
        RequireFloat(operation, leaves[0]);
        var auxTree = new AuxTree<TAux>(operation);
        var (outs, linear, auxLeaves) = Differentiation.LinearizeWithAux(ls =>
        {
            var (y, a) = f(ls[0]);
            return (new[] { Tree.Result(y, operation) }, auxTree.Flatten(a));
        }, leaves, operation);
        var aux = auxTree.Unflatten(auxLeaves);
        var yOut = outs[0];
        var shape = Concat(operation, yOut.Shape, x.Type);
        if (yOut.Size == 0 || x.Size == 0) return (Ops.Zeros(new ArrayType(shape, x.DType, x.IsWeaklyTyped)), aux);
        var rows = Vmap(u => linear.Transpose(new NDArray?[] { u })[0])(Basis(operation, yOut.Type));
        // the input's dtype and weak type, as JAX's jacrev
        return (Like(Ops.Reshape(rows, shape), x.Type), aux);
    }

    /// <summary>The Hessian of a scalar function: forward over reverse, <c>Jacfwd(Jacrev(f))</c>.</summary>
    /// <remarks>Called eagerly, runs as one compiled program as <see cref="Jacfwd(Func{NDArray, NDArray})"/> does.</remarks>
    public static Func<NDArray, NDArray> Hessian(Func<NDArray, NDArray> f)
    {
        Guard.NotNull(f, "Jax.Hessian");
        var jacrev = Jacrev(f);
        // Jacfwd(jacrev), staged here so that what staging remembers is about f (see EagerStaging)
        NDArray OpByOp(NDArray x) => JacfwdCore<object?>(t => (jacrev(t), null), x, "Jacfwd").Jacobian;
        return x => StagedJacobian.TryRun(f, x, OpByOp, "Hessian") ?? OpByOp(x);
    }

    /// <summary>The Hessian-vector product H(x)·v of a scalar function, forward over reverse: <c>Jvp(Grad(f), x, v)</c>.</summary>
    /// <remarks>
    /// Called eagerly (outside any transform) on arrays of more than about a thousand elements, the whole product is
    /// traced into one jaxpr and runs as one compiled program, as <c>Jit</c> would run it, at about the cost of a
    /// jitted call; <paramref name="f"/> is still traced on every call, so it may close over values that change. A
    /// function that needs concrete values (C# control flow on its argument) runs op by op instead, as under any
    /// other transform.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static NDArray Hvp(Func<NDArray, NDArray> f, NDArray x, NDArray v)
    {
        Guard.NotNull(f, "Jax.Hvp");
        Guard.NotNull(x, "Jax.Hvp");
        Guard.NotNull(v, "Jax.Hvp");
        return JvpCore(Grad(f), x, v, primalsWanted: false).Tangent;
    }

    private static void RequireFloat(string operation, NDArray x)
    {
        if (!x.DType.IsFloat())
            throw new ArgumentException($"{operation}: the input must be floating point, got {x.Type}");
    }

    /// <summary>The shape of a Jacobian: the output's shape followed by the input's, which must fit in an array.</summary>
    private static Shape Concat(string operation, Shape output, ArrayType input)
    {
        var dims = new int[output.Rank + input.Rank];
        output.Dims.CopyTo(dims);
        input.Shape.Dims.CopyTo(dims.AsSpan(output.Rank));
        ShapeSize.Check(operation, dims, input);
        return Shape.Own(dims);
    }

    /// <summary>
    /// <paramref name="jacobian"/> with the dtype and weak type of <paramref name="example"/>: as JAX's, a Jacobian takes
    /// them from the output (Jacfwd) or the input (Jacrev), so that of the identity at a C# literal is weakly typed.
    /// </summary>
    private static NDArray Like(NDArray jacobian, ArrayType example) => Ops.ConvertElementType(jacobian, example.DType, example.Weak);

    /// <summary>All standard basis arrays of a type (with its dtype and weak type, as JAX's), stacked: shape [size, ...type.Shape], the identity matrix reshaped.</summary>
    private static NDArray Basis(string operation, ArrayType type)
    {
        int n = type.Size;
        ShapeSize.Check(operation, [n, n], type);
        var eye = ConcreteArray.Filled(new ArrayType(new Shape(n, n), type.DType, type.Weak), 0);
        switch (eye.Buffer)
        {
            case double[] d: for (int i = 0; i < n; i++) d[eye.Offset + (i * n) + i] = 1; break;
            case float[] f: for (int i = 0; i < n; i++) f[eye.Offset + (i * n) + i] = 1; break;
            case int[] k: for (int i = 0; i < n; i++) k[eye.Offset + (i * n) + i] = 1; break;
            case bool[] b: for (int i = 0; i < n; i++) b[eye.Offset + (i * n) + i] = true; break;
        }
        return eye.WithShape(Batching.Prepend(n, type.Shape));
    }
}
