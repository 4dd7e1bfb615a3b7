using System;

namespace Functional.AD;

public static partial class Jax
{
    /// <summary>A function with a user-given JVP rule.</summary>
    public static Func<NDArray, NDArray> CustomJvp(Func<NDArray, NDArray> f, Func<NDArray, NDArray, (NDArray Primal, NDArray Tangent)> jvp) =>
        throw NotYet.Feature("Jax.CustomJvp", "custom derivatives");

    /// <summary>A function of a pytree with a user-given JVP rule.</summary>
    public static Func<TIn, TOut> CustomJvp<TIn, TOut>(Func<TIn, TOut> f, Func<TIn, TIn, (TOut Primal, TOut Tangent)> jvp) =>
        throw NotYet.Feature("Jax.CustomJvp", "custom derivatives");

    /// <summary>A function with a user-given forward pass (saving residuals) and backward pass.</summary>
    public static Func<TIn, TOut> CustomVjp<TIn, TOut, TRes>(Func<TIn, TOut> f, Func<TIn, (TOut Out, TRes Residuals)> fwd, Func<TRes, TOut, TIn> bwd) =>
        throw NotYet.Feature("Jax.CustomVjp", "custom derivatives");
}
