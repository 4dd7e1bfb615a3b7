using System;
using System.Collections.Immutable;

namespace Functional.AD;

// Jacfwd, Jacrev and Hessian over pytrees (JAX's jacfwd/jacrev/hessian of pytree functions): the pytree is raveled
// into one vector (ravel_pytree), so each Jacobian is still one batched computation, then cut into blocks per leaf.
public static partial class Jax
{
    /// <summary>
    /// The Jacobian by forward mode of an array-valued function of a pytree (<c>jax.jacfwd</c>): a pytree of the
    /// argument's structure whose leaf i is the block ∂f/∂leaf_i, shaped <c>out.Shape ++ leaf_i.Shape</c> with the
    /// output's dtype. Every leaf must be floating point.
    /// </summary>
    /// <param name="f">A function of a pytree of floating-point arrays returning one array.</param>
    public static Func<T, T> Jacfwd<T>(Func<T, NDArray> f)
    {
        Guard.NotNull(f, "Jax.Jacfwd");
        var jacobian = JacobianOf<T>(forward: true);
        return x => jacobian.Apply(f, x);
    }

    /// <summary>
    /// The Jacobian by reverse mode of an array-valued function of a pytree (<c>jax.jacrev</c>): a pytree of the
    /// argument's structure whose leaf i is the block ∂f/∂leaf_i, shaped <c>out.Shape ++ leaf_i.Shape</c> with that
    /// leaf's dtype. Every leaf must be floating point.
    /// </summary>
    /// <param name="f">A function of a pytree of floating-point arrays returning one array.</param>
    public static Func<T, T> Jacrev<T>(Func<T, NDArray> f)
    {
        Guard.NotNull(f, "Jax.Jacrev");
        var jacobian = JacobianOf<T>(forward: false);
        return x => jacobian.Apply(f, x);
    }

    /// <summary>
    /// The Jacobian by forward mode of a pytree-valued function of one array (<c>jax.jacfwd</c>): a pytree of the
    /// output's structure whose leaf k is ∂out_k/∂x, shaped <c>out_k.Shape ++ x.Shape</c> with out_k's dtype.
    /// </summary>
    /// <param name="f">A function of one floating-point array returning a pytree of arrays.</param>
    public static Func<NDArray, TOut> Jacfwd<TOut>(Func<NDArray, TOut> f)
    {
        Guard.NotNull(f, "Jax.Jacfwd");
        return x => JacobianOfTreeOutput(f, x, forward: true, "Jacfwd");
    }

    /// <summary>
    /// The Jacobian by reverse mode of a pytree-valued function of one array (<c>jax.jacrev</c>): a pytree of the
    /// output's structure whose leaf k is ∂out_k/∂x, shaped <c>out_k.Shape ++ x.Shape</c> with x's dtype.
    /// </summary>
    /// <param name="f">A function of one floating-point array returning a pytree of arrays.</param>
    public static Func<NDArray, TOut> Jacrev<TOut>(Func<NDArray, TOut> f)
    {
        Guard.NotNull(f, "Jax.Jacrev");
        return x => JacobianOfTreeOutput(f, x, forward: false, "Jacrev");
    }

    /// <summary>
    /// The Hessian of a scalar function of a pytree (<c>jax.hessian</c>, forward over reverse) as blocks: block (i, j)
    /// is ∂²f/∂leaf_i∂leaf_j, shaped <c>leaf_i.Shape ++ leaf_j.Shape</c> (see <see cref="HessianBlocks{T}"/> for how
    /// JAX's tree of trees is laid out). Every leaf must be floating point.
    /// </summary>
    /// <param name="f">A scalar-valued function of a pytree of floating-point arrays.</param>
    public static Func<T, HessianBlocks<T>> Hessian<T>(Func<T, NDArray> f)
    {
        Guard.NotNull(f, "Jax.Hessian");
        return x =>
        {
            var flat = new RaveledArgs<T>(x, "Hessian");
            var blocks = flat.Blocks(Hessian(v => Tree.Result(f(flat.Unravel(v)), "Hessian"))(flat.Flat));
            var rows = ImmutableArray.CreateBuilder<T>(blocks.Length);
            for (int i = 0; i < blocks.Length; i++) rows.Add(flat.Rebuild(blocks[i]));
            return new HessianBlocks<T>(rows.MoveToImmutable());
        };
    }

    /// <summary>
    /// The Jacobian of a pytree-valued function of one array: the outputs raveled into one vector (promoted dtype), its
    /// Jacobian taken once, and the rows cut back into one block per output leaf.
    /// </summary>
    private static TOut JacobianOfTreeOutput<TOut>(Func<NDArray, TOut> f, NDArray x, bool forward, string operation)
    {
        Guard.NotNull(x, "Jax." + operation);
        TreeDef? def = null;
        ArrayType[] types = [];
        NDArray Raveled(NDArray t)
        {
            var (leaves, d) = Tree.FlattenResult(f(t), operation);
            def = d;
            types = new ArrayType[leaves.Length];
            var pieces = new NDArray[leaves.Length];
            for (int i = 0; i < leaves.Length; i++)
            {
                types[i] = leaves[i].Type;
                pieces[i] = Np.Reshape(leaves[i], [-1]);
            }
            return pieces.Length == 0 ? Ops.Zeros(new ArrayType(new Shape(0), t.DType, t.IsWeaklyTyped)) : Np.Concatenate(pieces);
        }
        var jacobian = JacobianCore(Raveled, x, forward, operation);
        var blocks = new NDArray[types.Length];
        int offset = 0;
        for (int k = 0; k < blocks.Length; k++)
        {
            int size = types[k].Size;
            var block = Np.Reshape(Lax.SliceInDim(jacobian, offset, offset + size, axis: 0), [.. types[k].Shape, .. x.Shape]);
            // a tangent of output k has its dtype (forward mode); a cotangent of x has x's (reverse mode)
            var dtype = forward ? types[k].DType : x.DType;
            blocks[k] = block.DType == dtype ? block : block.AsType(dtype);
            offset += size;
        }
        return def!.UnflattenArray<TOut>(blocks);
    }
}
