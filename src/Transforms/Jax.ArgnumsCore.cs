using System;

namespace Functional.AD;

// The machinery behind the Argnums overloads (Jax.Argnums.cs): a selection helper per marker turns
// a function of several arguments into a function of the selected ones (the others fixed at the call), and a
// transform of one argument is applied to it at the selected values; several selected arguments are one tuple
// pytree, so the result is a tuple with one entry per argument, as in JAX.
public static partial class Jax
{
    /// <summary>A transform of a function of one (pytree) argument <typeparamref name="S"/>, applied at a point.</summary>
    private sealed class ArgTransform<S, TOut, R>(string name, Func<Func<S, TOut>, S, R> apply)
    {
        internal string Name { get; } = name;

        internal R Apply(Func<S, TOut> f, S at) => apply(f, at);
    }

    private static ArgTransform<S, NDArray, S> GradOf<S>() =>
        new("Jax.Grad", (g, s) => ValueAndGradCore(g, s, "Grad").Grad);

    private static ArgTransform<S, NDArray, (NDArray Value, S Grad)> ValueAndGradOf<S>() =>
        new("Jax.ValueAndGrad", (g, s) => ValueAndGradCore(g, s, "ValueAndGrad"));

    private static ArgTransform<S, (NDArray Value, TAux Aux), (S Grad, TAux Aux)> GradWithAuxOf<S, TAux>() =>
        new("Jax.GradWithAux", (g, s) =>
        {
            var ((_, aux), grad) = ValueAndGradWithAuxCore(g, s, "GradWithAux");
            return (grad, aux);
        });

    private static ArgTransform<S, (NDArray Value, TAux Aux), ((NDArray Value, TAux Aux) Value, S Grad)> ValueAndGradWithAuxOf<S, TAux>() =>
        new("Jax.ValueAndGradWithAux", (g, s) => ValueAndGradWithAuxCore(g, s, "ValueAndGradWithAux"));

    /// <summary>The Jacobian with respect to <typeparamref name="S"/> (an array or a tuple of arrays): blocks in the structure of S.</summary>
    private static ArgTransform<S, NDArray, S> JacobianOf<S>(bool forward)
    {
        string operation = forward ? "Jacfwd" : "Jacrev";
        return new("Jax." + operation, (g, s) =>
        {
            if (s is NDArray x) return (S)(object)JacobianCore(t => g((S)(object)t), x, forward, operation);
            var flat = new RaveledArgs<S>(s, operation);
            var jacobian = JacobianCore(v => Tree.Result(g(flat.Unravel(v)), operation), flat.Flat, forward, operation);
            return flat.SplitLastAxis(jacobian, castToArguments: !forward);
        });
    }

    private static NDArray JacobianCore(Func<NDArray, NDArray> f, NDArray x, bool forward, string operation) =>
        forward ? JacfwdCore<object?>(t => (f(t), null), x, operation).Jacobian : JacrevCore<object?>(t => (f(t), null), x, operation).Jacobian;

    /// <summary>The Hessian with respect to <typeparamref name="S"/>: block (i, j) shaped leaf i's shape followed by leaf j's, packed by <paramref name="pack"/>.</summary>
    private static ArgTransform<S, NDArray, R> HessianOf<S, R>(Func<NDArray[][], R> pack) =>
        new("Jax.Hessian", (g, s) =>
        {
            if (s is NDArray x) return pack([[Hessian(t => g((S)(object)t))(x)]]);
            var flat = new RaveledArgs<S>(s, "Hessian");
            return pack(flat.Blocks(Hessian(v => Tree.Result(g(flat.Unravel(v)), "Hessian"))(flat.Flat)));
        });

    private static Func<A, B, R> WrtFirst<A, B, TOut, R>(Func<A, B, TOut> f, ArgTransform<A, TOut, R> t)
    {
        Guard.NotNull(f, t.Name);
        return (a, b) => t.Apply(x => f(x, b), a);
    }

    private static Func<A, B, R> WrtSecond<A, B, TOut, R>(Func<A, B, TOut> f, ArgTransform<B, TOut, R> t)
    {
        Guard.NotNull(f, t.Name);
        return (a, b) => t.Apply(y => f(a, y), b);
    }

    private static Func<A, B, R> WrtAll<A, B, TOut, R>(Func<A, B, TOut> f, ArgTransform<(A, B), TOut, R> t)
    {
        Guard.NotNull(f, t.Name);
        return (a, b) => t.Apply(p => f(p.Item1, p.Item2), (a, b));
    }

    private static Func<A, B, C, R> WrtFirst<A, B, C, TOut, R>(Func<A, B, C, TOut> f, ArgTransform<A, TOut, R> t)
    {
        Guard.NotNull(f, t.Name);
        return (a, b, c) => t.Apply(x => f(x, b, c), a);
    }

    private static Func<A, B, C, R> WrtSecond<A, B, C, TOut, R>(Func<A, B, C, TOut> f, ArgTransform<B, TOut, R> t)
    {
        Guard.NotNull(f, t.Name);
        return (a, b, c) => t.Apply(y => f(a, y, c), b);
    }

    private static Func<A, B, C, R> WrtThird<A, B, C, TOut, R>(Func<A, B, C, TOut> f, ArgTransform<C, TOut, R> t)
    {
        Guard.NotNull(f, t.Name);
        return (a, b, c) => t.Apply(z => f(a, b, z), c);
    }

    private static Func<A, B, C, R> WrtFirstAndSecond<A, B, C, TOut, R>(Func<A, B, C, TOut> f, ArgTransform<(A, B), TOut, R> t)
    {
        Guard.NotNull(f, t.Name);
        return (a, b, c) => t.Apply(p => f(p.Item1, p.Item2, c), (a, b));
    }

    private static Func<A, B, C, R> WrtFirstAndThird<A, B, C, TOut, R>(Func<A, B, C, TOut> f, ArgTransform<(A, C), TOut, R> t)
    {
        Guard.NotNull(f, t.Name);
        return (a, b, c) => t.Apply(p => f(p.Item1, b, p.Item2), (a, c));
    }

    private static Func<A, B, C, R> WrtSecondAndThird<A, B, C, TOut, R>(Func<A, B, C, TOut> f, ArgTransform<(B, C), TOut, R> t)
    {
        Guard.NotNull(f, t.Name);
        return (a, b, c) => t.Apply(p => f(a, p.Item1, p.Item2), (b, c));
    }

    private static Func<A, B, C, R> WrtAll<A, B, C, TOut, R>(Func<A, B, C, TOut> f, ArgTransform<(A, B, C), TOut, R> t)
    {
        Guard.NotNull(f, t.Name);
        return (a, b, c) => t.Apply(p => f(p.Item1, p.Item2, p.Item3), (a, b, c));
    }

    /// <summary>
    /// A tuple of arrays raveled into one vector (JAX's <c>ravel_pytree</c>), so that a Jacobian or Hessian with
    /// respect to several arguments is one batched computation; its blocks are cut back per argument.
    /// </summary>
    private sealed class RaveledArgs<S>
    {
        private readonly TreeDef _def;
        private readonly ArrayType[] _types;
        private readonly int[] _offsets;

        internal RaveledArgs(S args, string operation)
        {
            var (leaves, def) = Tree.FlattenArgs(args, operation, allowNumberLeaves: false);
            _def = def;
            _types = new ArrayType[leaves.Length];
            _offsets = new int[leaves.Length + 1];
            var pieces = new NDArray[leaves.Length];
            for (int i = 0; i < leaves.Length; i++)
            {
                RequireFloat(operation, leaves[i]);
                _types[i] = leaves[i].Type;
                _offsets[i + 1] = _offsets[i] + leaves[i].Size;
                pieces[i] = Np.Reshape(leaves[i], [-1]);
            }
            Flat = Np.Concatenate(pieces);
        }

        /// <summary>A tree of the arguments' structure with the given leaves (one per leaf, in leaf order).</summary>
        internal S Rebuild(NDArray[] leaves) => _def.UnflattenArray<S>(leaves);

        /// <summary>All the arguments' elements in one vector, in order.</summary>
        internal NDArray Flat { get; }

        /// <summary>The arguments back from a vector shaped like <see cref="Flat"/>.</summary>
        internal S Unravel(NDArray v)
        {
            var leaves = new NDArray[_types.Length];
            for (int i = 0; i < leaves.Length; i++)
            {
                var piece = Np.Reshape(Lax.SliceInDim(v, _offsets[i], _offsets[i + 1]), [.. _types[i].Shape]);
                leaves[i] = piece.DType == _types[i].DType ? piece : piece.AsType(_types[i].DType);
            }
            return _def.UnflattenArray<S>(leaves);
        }

        /// <summary>
        /// A Jacobian with respect to <see cref="Flat"/> (shape out ++ [n]) cut into one block per argument (out ++ its
        /// shape). <see cref="Flat"/> has the arguments' promoted dtype; reverse mode gives each block its argument's
        /// dtype back (<paramref name="castToArguments"/>), as a cotangent has, while forward mode's blocks already
        /// have the output's dtype, as a tangent of the output has.
        /// </summary>
        internal S SplitLastAxis(NDArray jacobian, bool castToArguments)
        {
            int axis = jacobian.Rank - 1;
            int[] outDims = [.. jacobian.Shape];
            var blocks = new NDArray[_types.Length];
            for (int i = 0; i < blocks.Length; i++)
            {
                var block = Np.Reshape(Lax.SliceInDim(jacobian, _offsets[i], _offsets[i + 1], axis: axis), [.. outDims[..axis], .. _types[i].Shape]);
                blocks[i] = castToArguments && block.DType != _types[i].DType ? block.AsType(_types[i].DType) : block;
            }
            return _def.UnflattenArray<S>(blocks);
        }

        /// <summary>A Hessian with respect to <see cref="Flat"/> (shape [n, n]) cut into blocks (i, j), shaped argument i's shape ++ argument j's.</summary>
        internal NDArray[][] Blocks(NDArray hessian)
        {
            var rows = new NDArray[_types.Length][];
            for (int i = 0; i < rows.Length; i++)
            {
                var band = Lax.SliceInDim(hessian, _offsets[i], _offsets[i + 1], axis: 0);
                rows[i] = new NDArray[_types.Length];
                for (int j = 0; j < rows.Length; j++)
                    rows[i][j] = Np.Reshape(Lax.SliceInDim(band, _offsets[j], _offsets[j + 1], axis: 1), [.. _types[i].Shape, .. _types[j].Shape]);
            }
            return rows;
        }
    }
}
