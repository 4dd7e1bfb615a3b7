using System;

namespace Functional.AD;

// JAX's has_aux: the ...WithAux transforms (the design note is on GradWithAux).
public static partial class Jax
{
    /// <summary>The gradient of the value of a function returning <c>(value, aux)</c>, and the aux: <c>jax.grad(f, has_aux=True)</c>.</summary>
    /// <param name="f">Returns a 0-d floating-point value and any pytree aux (or null).</param>
    /// <returns>A function returning <c>(Grad, Aux)</c>, the gradient a pytree like the argument.</returns>
    /// <remarks>
    /// JAX's <c>has_aux=True</c> is a family of methods named <c>...WithAux</c> (<c>GradWithAux</c>,
    /// <c>ValueAndGradWithAux</c>, <c>JvpWithAux</c>, <c>VjpWithAux</c>, <c>LinearizeWithAux</c>, <c>JacfwdWithAux</c>,
    /// <c>JacrevWithAux</c>, <c>HessianWithAux</c>): the function returns a pair <c>(value, aux)</c>; only the value is
    /// differentiated, and aux, any pytree (metrics, a new model state, or null), comes back beside the result, in the
    /// place JAX puts it. Named methods rather than a <c>hasAux: true</c> flag, because a flag cannot change the
    /// result's C# type; and rather than overloads chosen by the function's return type, because for <c>Vjp</c>,
    /// <c>Jvp</c>, <c>Linearize</c> and the Jacobians a function returning a tuple is already a valid pytree function
    /// (its output is the whole tuple), which such an overload would silently reinterpret. The F# facade uses the same
    /// names (<c>gradWithAux</c>...). With <see cref="Argnums"/> markers they also take functions of two and three
    /// arguments.
    /// <para>
    /// As in JAX, aux is not differentiated by the transform that returns it: it is the primal value, which this
    /// transform's tangents never reach. An enclosing transform (an outer <c>Grad</c>, <c>Vmap</c>, <c>Jit</c>) still
    /// sees through it as through any other value.
    /// </para>
    /// </remarks>
    public static Func<T, (T Grad, TAux Aux)> GradWithAux<T, TAux>(Func<T, (NDArray Value, TAux Aux)> f)
    {
        Guard.NotNull(f, "Jax.GradWithAux");
        return x =>
        {
            var ((_, aux), grad) = ValueAndGradWithAuxCore(f, x, "GradWithAux");
            return (grad, aux);
        };
    }

    /// <summary>
    /// The gradient with respect to the first argument of a two-argument function returning <c>(value, aux)</c>,
    /// and the aux; the second argument is passed through unchanged (see <see cref="Argnums"/> for other arguments).
    /// </summary>
    public static Func<A, B, (A Grad, TAux Aux)> GradWithAux<A, B, TAux>(Func<A, B, (NDArray Value, TAux Aux)> f) =>
        GradWithAux(f, Argnums.First);

    /// <summary>
    /// The value, the aux and the gradient of a function returning <c>(value, aux)</c>:
    /// <c>jax.value_and_grad(f, has_aux=True)</c>, shaped as JAX's <c>((value, aux), grad)</c>, so
    /// <c>var ((loss, aux), grads) = ValueAndGradWithAux(f)(p)</c>.
    /// </summary>
    public static Func<T, ((NDArray Value, TAux Aux) Value, T Grad)> ValueAndGradWithAux<T, TAux>(Func<T, (NDArray Value, TAux Aux)> f)
    {
        Guard.NotNull(f, "Jax.ValueAndGradWithAux");
        return x => ValueAndGradWithAuxCore(f, x, "ValueAndGradWithAux");
    }

    /// <summary>
    /// <see cref="ValueAndGradWithAux{T, TAux}(Func{T, ValueTuple{NDArray, TAux}})"/> with respect to the first
    /// argument of a two-argument function (see <see cref="Argnums"/> for other arguments).
    /// </summary>
    public static Func<A, B, ((NDArray Value, TAux Aux) Value, A Grad)> ValueAndGradWithAux<A, B, TAux>(Func<A, B, (NDArray Value, TAux Aux)> f) =>
        ValueAndGradWithAux(f, Argnums.First);

    private static ((NDArray Value, TAux Aux) Value, T Grad) ValueAndGradWithAuxCore<T, TAux>(Func<T, (NDArray Value, TAux Aux)> f, T x, string operation)
    {
        var auxTree = new AuxTree<TAux>(operation);
        var (value, grad, aux) = ValueAndGradAuxCore<T>(t =>
        {
            var (v, a) = f(t);
            return (v, auxTree.Flatten(a));
        }, x, operation);
        return ((value, auxTree.Unflatten(aux)), grad);
    }

    /// <summary>
    /// Forward mode of a function returning <c>(output, aux)</c>: <c>jax.jvp(f, primals, tangents, has_aux=True)</c>,
    /// the output, its tangent (zeros where it does not depend on the input) and the aux.
    /// </summary>
    public static (TOut Primal, TOut Tangent, TAux Aux) JvpWithAux<TIn, TOut, TAux>(Func<TIn, (TOut Output, TAux Aux)> f, TIn primals, TIn tangents)
    {
        Guard.NotNull(f, "Jax.JvpWithAux");
        const string operation = "JvpWithAux";
        var (ps, def) = Tree.FlattenArgs(primals, operation, allowNumberLeaves: false);
        var (ts, tdef) = Tree.Flatten(tangents);
        if (!def.Equals(tdef))
            throw new ArgumentException($"{operation}: the tangents' structure {tdef} does not match the primals' structure {def}");
        var auxTree = new AuxTree<TAux>(operation);
        TreeDef? outDef = null;
        int n = 0;
        var (outs, outTangents) = Differentiation.Jvp(ls =>
        {
            var (o, a) = f(def.UnflattenArray<TIn>(ls));
            var (leaves, od) = Tree.FlattenResult(o, operation);
            (outDef, n) = (od, leaves.Length);
            return [.. leaves, .. auxTree.Flatten(a)];
        }, ps, ToNullable(ts), operation);
        var tangentLeaves = new NDArray[n];
        for (int i = 0; i < n; i++) tangentLeaves[i] = outTangents[i] ?? Ops.Zeros(outs[i].Type.Strong);
        return (outDef!.UnflattenArray<TOut>(outs[..n]), outDef.UnflattenArray<TOut>(tangentLeaves), auxTree.Unflatten(outs[n..]));
    }

    /// <summary>Curried <see cref="JvpWithAux{TIn, TOut, TAux}(Func{TIn, ValueTuple{TOut, TAux}}, TIn, TIn)"/>, for composing.</summary>
    public static Func<TIn, TIn, (TOut Primal, TOut Tangent, TAux Aux)> JvpWithAux<TIn, TOut, TAux>(Func<TIn, (TOut Output, TAux Aux)> f)
    {
        Guard.NotNull(f, "Jax.JvpWithAux");
        return (primals, tangents) => JvpWithAux(f, primals, tangents);
    }

    /// <summary>
    /// Reverse mode of a function returning <c>(output, aux)</c>: <c>jax.vjp(f, primals, has_aux=True)</c>, the output,
    /// the pullback of the output alone, and the aux.
    /// </summary>
    public static (TOut Value, Func<TOut, TIn> Pullback, TAux Aux) VjpWithAux<TIn, TOut, TAux>(Func<TIn, (TOut Output, TAux Aux)> f, TIn primals)
    {
        Guard.NotNull(f, "Jax.VjpWithAux");
        return VjpCore(f, primals, "VjpWithAux");
    }

    /// <summary>
    /// <see cref="Linearize{TIn, TOut}(Func{TIn, TOut}, TIn)"/> of a function returning <c>(output, aux)</c>:
    /// <c>jax.linearize(f, primals, has_aux=True)</c>, the output, its linear map and the aux.
    /// </summary>
    public static (TOut Value, Func<TIn, TOut> Jvp, TAux Aux) LinearizeWithAux<TIn, TOut, TAux>(Func<TIn, (TOut Output, TAux Aux)> f, TIn primals)
    {
        Guard.NotNull(f, "Jax.LinearizeWithAux");
        return LinearizeCore(f, primals, "LinearizeWithAux");
    }

    /// <summary>
    /// The Jacobian by forward mode of a function returning <c>(output, aux)</c>: <c>jax.jacfwd(f, has_aux=True)</c>.
    /// The aux is computed once (it does not depend on the basis vectors pushed forward).
    /// </summary>
    public static Func<NDArray, (NDArray Jacobian, TAux Aux)> JacfwdWithAux<TAux>(Func<NDArray, (NDArray Output, TAux Aux)> f)
    {
        Guard.NotNull(f, "Jax.JacfwdWithAux");
        return x => JacfwdCore(f, x, "JacfwdWithAux");
    }

    /// <summary>The Jacobian by reverse mode of a function returning <c>(output, aux)</c>: <c>jax.jacrev(f, has_aux=True)</c>.</summary>
    public static Func<NDArray, (NDArray Jacobian, TAux Aux)> JacrevWithAux<TAux>(Func<NDArray, (NDArray Output, TAux Aux)> f)
    {
        Guard.NotNull(f, "Jax.JacrevWithAux");
        return x => JacrevCore(f, x, "JacrevWithAux");
    }

    /// <summary>
    /// The Hessian of the scalar value of a function returning <c>(value, aux)</c>, and the aux:
    /// <c>jax.hessian(f, has_aux=True)</c>, forward over reverse.
    /// </summary>
    public static Func<NDArray, (NDArray Hessian, TAux Aux)> HessianWithAux<TAux>(Func<NDArray, (NDArray Value, TAux Aux)> f)
    {
        Guard.NotNull(f, "Jax.HessianWithAux");
        var inner = JacrevWithAux(f);
        return x => JacfwdCore<TAux>(t => inner(t), x, "HessianWithAux");
    }

    /// <summary>
    /// The structure of an aux pytree between the traced call that flattens it and the result that rebuilds it.
    /// A null aux (JAX's <c>None</c>) has no leaves and comes back as null.
    /// </summary>
    private sealed class AuxTree<TAux>(string operation)
    {
        private TreeDef? _def;

        internal NDArray[] Flatten(TAux aux)
        {
            if (aux is null)
            {
                _def = null;
                return System.Array.Empty<NDArray>();
            }
            var (leaves, def) = Tree.FlattenResult(aux, $"{operation} (aux)");
            _def = def;
            return leaves;
        }

        internal TAux Unflatten(NDArray[] leaves) => _def is null ? default! : _def.UnflattenArray<TAux>(leaves);
    }
}
