using System;

namespace Functional.AD;

public static partial class Jax
{
    /// <summary>The jaxpr of a function of one array, traced at the shape and dtype of the argument.</summary>
    public static Func<NDArray, ClosedJaxpr> MakeJaxpr(Func<NDArray, NDArray> f) => x => MakeJaxpr<NDArray, NDArray>(f)(x);

    /// <summary>The jaxpr of a function of a pytree, traced at the shapes and dtypes of the argument's leaves.</summary>
    public static Func<TIn, ClosedJaxpr> MakeJaxpr<TIn, TOut>(Func<TIn, TOut> f) => x =>
    {
        var (leaves, def) = Tree.FlattenArgs(x, "MakeJaxpr", allowNumberLeaves: false);
        var trace = new JaxprTrace("MakeJaxpr");
        var inputs = new NDArray[leaves.Length];
        for (int i = 0; i < leaves.Length; i++) inputs[i] = trace.NewInput(leaves[i].Type);
        System.Collections.Generic.IReadOnlyList<NDArray> outs;
        try
        {
            using (TraceContext.Enter(trace)) outs = Tree.Flatten(f(def.UnflattenArray<TIn>(inputs))).Leaves;
        }
        finally
        {
            trace.End();
        }
        return trace.Build(outs);
    };

    /// <summary>Compiles a function of one array (traced once per input signature, cached).</summary>
    public static Func<NDArray, NDArray> Jit(Func<NDArray, NDArray> f) => throw NotYet.Feature("Jax.Jit", "staged compilation");

    /// <summary>Compiles a function of two arrays.</summary>
    public static Func<NDArray, NDArray, NDArray> Jit(Func<NDArray, NDArray, NDArray> f) => throw NotYet.Feature("Jax.Jit", "staged compilation");

    /// <summary>Compiles a function of a pytree.</summary>
    public static Func<TIn, TOut> Jit<TIn, TOut>(Func<TIn, TOut> f) => throw NotYet.Feature("Jax.Jit", "staged compilation");

    /// <summary>Compiles a function of two pytrees.</summary>
    public static Func<A, B, TOut> Jit<A, B, TOut>(Func<A, B, TOut> f) => throw NotYet.Feature("Jax.Jit", "staged compilation");
}
