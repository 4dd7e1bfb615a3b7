using System;
using System.Collections.Generic;

namespace Functional.AD;

public static partial class Jax
{
    /// <summary>
    /// A function with a user-given JVP rule: <paramref name="jvp"/>(x, t) returns (f(x), the directional
    /// derivative along t). Forward mode uses the rule; reverse mode (Grad, Vjp) transposes the rule's tangent
    /// computation, so it must be linear in t (as in JAX); the rule may apply the custom function itself to t when
    /// that function is linear (the call is then transposed through the function). Hessian, Jit and Vmap work too,
    /// and the rule may read values a surrounding Vmap maps. The function is staged as <c>custom_jvp_call</c>;
    /// called on concrete arrays outside every transform, it simply runs <paramref name="f"/> (so C# control flow on
    /// its values works there, as in JAX). Differentiating with respect to a value <paramref name="f"/> closes over
    /// (rather than an argument) is refused with an error: the rule cannot see that value's tangent.
    /// </summary>
    /// <param name="f">The function.</param>
    /// <param name="jvp">The rule: (primal, tangent) to (primal output, tangent output).</param>
    /// <returns>The function with the custom rule.</returns>
    public static Func<NDArray, NDArray> CustomJvp(Func<NDArray, NDArray> f, Func<NDArray, NDArray, (NDArray Primal, NDArray Tangent)> jvp)
    {
        Guard.NotNull(f, "Jax.CustomJvp");
        Guard.NotNull(jvp, "Jax.CustomJvp");
        return CustomJvp<NDArray, NDArray>(f, jvp);
    }

    /// <summary>A function of a pytree with a user-given JVP rule (see <see cref="CustomJvp(Func{NDArray, NDArray}, Func{NDArray, NDArray, ValueTuple{NDArray, NDArray}})"/>).</summary>
    /// <typeparam name="TIn">The argument pytree (tangents have the same structure).</typeparam>
    /// <typeparam name="TOut">The result pytree.</typeparam>
    /// <param name="f">The function.</param>
    /// <param name="jvp">The rule: (primals, tangents) to (primal outputs, tangent outputs).</param>
    /// <returns>The function with the custom rule.</returns>
    public static Func<TIn, TOut> CustomJvp<TIn, TOut>(Func<TIn, TOut> f, Func<TIn, TIn, (TOut Primal, TOut Tangent)> jvp)
    {
        Guard.NotNull(f, "Jax.CustomJvp");
        Guard.NotNull(jvp, "Jax.CustomJvp");
        string name = NameOf(f);
        return new StagedFunction<TIn, TOut>(f, name, "Jax.CustomJvp", CustomJvpPrimitive.Instance, t =>
        {
            var outTypes = JaxprTransforms.OutputTypes(t.Jaxpr.Jaxpr);
            FlatJvpRule rule = (ps, ts) =>
            {
                var (po, to) = jvp(t.InDef.UnflattenArray<TIn>(ps), t.InDef.UnflattenArray<TIn>(ts));
                var primals = CustomOutputs($"Jax.CustomJvp({name})", "the JVP rule's primal output", po, t.OutDef, outTypes);
                var tangents = CustomOutputs($"Jax.CustomJvp({name})", "the JVP rule's tangent output", to, t.OutDef, Types(primals));
                return (primals, tangents);
            };
            return new CustomJvpParams(t.Jaxpr, name, rule, t.NumConsts);
        }, eagerOutsideTransforms: true).Call;
    }

    /// <summary>
    /// A function with a user-given reverse-mode rule: <paramref name="fwd"/>(x) returns (f(x), residuals) and
    /// <paramref name="bwd"/>(residuals, output cotangent) returns the input cotangent (a <typeparamref name="TIn"/>
    /// of the same shapes; null, for the whole result or any subtree of it, stands for a zero cotangent, as JAX's
    /// None). Grad, Vjp, Jacrev, Vmap and Jit use the rule. Unlike JAX, forward mode (Jvp, Jacfwd,
    /// Hessian) also works and uses the same rule: <paramref name="bwd"/> is linear in its cotangent, so the JVP is
    /// its linear transpose at the residuals, and Jvp and Grad agree. Forward mode fails naming custom_vjp (and
    /// suggesting <see cref="CustomJvp{TIn, TOut}"/>) when <paramref name="bwd"/> cannot be transposed: it is not
    /// linear in the cotangent, or reads a residual's value with C# control flow. Called on concrete arrays outside
    /// every transform, the function simply runs <paramref name="f"/>. Values <paramref name="f"/> closes over must
    /// not be differentiated (an error says so): pass them as arguments.
    /// </summary>
    /// <typeparam name="TIn">The argument pytree.</typeparam>
    /// <typeparam name="TOut">The result pytree.</typeparam>
    /// <typeparam name="TRes">The residuals' pytree (arrays, numbers, or pullbacks returned by <see cref="Vjp{TIn, TOut}(Func{TIn, TOut}, TIn)"/>, whose leaves are their residuals).</typeparam>
    /// <param name="f">The function.</param>
    /// <param name="fwd">The forward pass: the result and what the backward pass needs.</param>
    /// <param name="bwd">The backward pass: residuals and the result's cotangent to the argument's cotangent.</param>
    /// <returns>The function with the custom rule.</returns>
    public static Func<TIn, TOut> CustomVjp<TIn, TOut, TRes>(Func<TIn, TOut> f, Func<TIn, (TOut Out, TRes Residuals)> fwd, Func<TRes, TOut, TIn> bwd)
    {
        Guard.NotNull(f, "Jax.CustomVjp");
        Guard.NotNull(fwd, "Jax.CustomVjp");
        Guard.NotNull(bwd, "Jax.CustomVjp");
        string name = NameOf(f);
        string operation = $"Jax.CustomVjp({name})";
        return new StagedFunction<TIn, TOut>(f, name, "Jax.CustomVjp", CustomVjpPrimitive.Instance, t =>
        {
            var outTypes = JaxprTransforms.OutputTypes(t.Jaxpr.Jaxpr);
            var inTypes = JaxprTransforms.InputTypes(t.Jaxpr.Jaxpr)[t.NumConsts..];
            TreeDef? resDef = null;
            FlatForward forward = ops =>
            {
                var (o, r) = fwd(t.InDef.UnflattenArray<TIn>(ops));
                var outs = CustomOutputs(operation, "the forward pass's output", o, t.OutDef, outTypes);
                var (rl, rd) = Tree.Flatten(r);
                resDef = rd;
                var res = new NDArray[rl.Count];
                for (int i = 0; i < res.Length; i++) res[i] = rl[i];
                return (outs, res);
            };
            FlatBackward backward = (res, cts) =>
            {
                var inCt = bwd(resDef!.UnflattenArray<TRes>(res), t.OutDef.UnflattenArray<TOut>(cts));
                return BackwardOutputs(operation, inCt, t.InDef, inTypes);
            };
            return new CustomVjpParams(t.Jaxpr, name, forward, backward, t.NumConsts);
        }, eagerOutsideTransforms: true).Call;
    }

    /// <summary>
    /// Flattens the input cotangent a backward pass returned, where null stands for a zero cotangent of any subtree
    /// (zeros of the primal input's shape and dtype), and checks its structure and types.
    /// </summary>
    private static NDArray[] BackwardOutputs<T>(string operation, T value, TreeDef def, IReadOnlyList<ArrayType> expected)
    {
        const string what = "the backward pass's result";
        var leaves = Tree.FlattenWithNulls(value, def, operation, what);
        var result = new NDArray[leaves.Length];
        for (int i = 0; i < result.Length; i++)
        {
            if (leaves[i] is not { } leaf)
            {
                result[i] = Ops.Zeros(expected[i].Strong);
                continue;
            }
            if (!leaf.Type.SameShapeAndDType(expected[i]))
                throw new ArgumentException($"{operation}: {what} {i} is {leaf.Type}, but {expected[i]} was expected");
            result[i] = leaf;
        }
        return result;
    }

    /// <summary>Flattens a value a custom rule returned and checks its structure and types against the expected ones.</summary>
    private static NDArray[] CustomOutputs<T>(string operation, string what, T value, TreeDef def, IReadOnlyList<ArrayType> expected)
    {
        var (leaves, d) = Tree.Flatten(value);
        if (!d.Equals(def))
            throw new ArgumentException($"{operation}: {what} has structure {d}, but {def} was expected");
        var result = new NDArray[leaves.Count];
        for (int i = 0; i < result.Length; i++)
        {
            var leaf = leaves[i];
            if (!leaf.Type.SameShapeAndDType(expected[i]))
                throw new ArgumentException($"{operation}: {what} {i} is {leaf.Type}, but {expected[i]} was expected");
            result[i] = leaf;
        }
        return result;
    }

    private static ArrayType[] Types(NDArray[] arrays) => Array.ConvertAll(arrays, a => a.Type);
}
