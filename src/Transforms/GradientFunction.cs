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
    private readonly bool _allowInt;
    private bool _needsConcreteValues;

    /// <summary>The derivative of <paramref name="f"/>, a scalar-valued function.</summary>
    /// <param name="f">The function.</param>
    /// <param name="allowInt">JAX's <c>allow_int</c>: integer and bool leaves get a zero gradient instead of an error.</param>
    internal GradientFunction(Func<T, NDArray> f, bool allowInt = false)
    {
        _f = f;
        _allowInt = allowInt;
    }

    /// <inheritdoc/>
    public bool NeedsConcreteValues
    {
        get => _needsConcreteValues || EagerStaging.NeedsConcreteValues(_f);
        set
        {
            _needsConcreteValues = value;
            if (value) EagerStaging.RememberNeedsConcreteValues(_f);
        }
    }

    /// <inheritdoc/>
    public Delegate UserFunction => _f;

    /// <summary>The gradient at <paramref name="x"/>.</summary>
    internal T Grad(T x) => Jax.ValueAndGradCore(_f, x, "Grad", _allowInt).Grad;

    /// <summary>The value and the gradient at <paramref name="x"/>.</summary>
    internal (NDArray Value, T Grad) ValueAndGrad(T x) => Jax.ValueAndGradCore(_f, x, "ValueAndGrad", _allowInt);
}
