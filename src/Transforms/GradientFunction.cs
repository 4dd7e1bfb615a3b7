using System;

namespace Functional.AD;

/// <summary>
/// The function <c>Grad</c> and <c>ValueAndGrad</c> return, as the target of their delegates: its type tells
/// <c>Jvp</c> that it differentiates a reverse-mode derivative (forward over reverse), which eagerly runs staged
/// (<see cref="StagedJvp"/>).
/// </summary>
/// <typeparam name="T">The argument: an array or a pytree of arrays.</typeparam>
internal sealed class GradientFunction<T> : IStagedUnderJvp
{
    private readonly Func<T, NDArray> _f;

    /// <summary>The derivative of <paramref name="f"/>, a scalar-valued function.</summary>
    internal GradientFunction(Func<T, NDArray> f) => _f = f;

    /// <inheritdoc/>
    public bool NeedsConcreteValues { get; set; }

    /// <summary>The gradient at <paramref name="x"/>.</summary>
    internal T Grad(T x) => Jax.ValueAndGradCore(_f, x, "Grad").Grad;

    /// <summary>The value and the gradient at <paramref name="x"/>.</summary>
    internal (NDArray Value, T Grad) ValueAndGrad(T x) => Jax.ValueAndGradCore(_f, x, "ValueAndGrad");
}
