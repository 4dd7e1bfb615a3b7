using System;

namespace Functional.AD;

public static partial class Jax
{
    /// <summary>Maps <paramref name="f"/> over axis <paramref name="inAxes"/> of its argument, stacking results on <paramref name="outAxes"/>.</summary>
    public static Func<NDArray, NDArray> Vmap(Func<NDArray, NDArray> f, int inAxes = 0, int outAxes = 0) =>
        throw NotYet.Feature("Jax.Vmap", "automatic batching");

    /// <summary>Maps <paramref name="f"/> over axis <paramref name="inAxes"/> of every leaf of its pytree argument.</summary>
    public static Func<TIn, TOut> Vmap<TIn, TOut>(Func<TIn, TOut> f, int inAxes = 0, int outAxes = 0) =>
        throw NotYet.Feature("Jax.Vmap", "automatic batching");

    /// <summary>Maps <paramref name="f"/> over the given axes of its two arguments (null: not mapped, passed to every call).</summary>
    public static Func<A, B, TOut> Vmap<A, B, TOut>(Func<A, B, TOut> f, (int? A, int? B) inAxes, int outAxes = 0) =>
        throw NotYet.Feature("Jax.Vmap", "automatic batching");
}
