using System;
using System.Runtime.CompilerServices;

namespace Functional.AD;

/// <summary>
/// The function <c>Grad</c> and <c>ValueAndGrad</c> return, as the target of their delegates: its type tells
/// <c>Jvp</c> that it differentiates a reverse-mode derivative (forward over reverse), which eagerly runs staged
/// (<see cref="StagedJvp"/>).
/// </summary>
/// <typeparam name="T">The argument: an array or a pytree of arrays.</typeparam>
internal sealed class GradientFunction<T> : IStagedUnderJvp
{
    /// <summary>
    /// The differentiated functions whose staging needed a concrete value, so that a new gradient of the same delegate
    /// (<c>Hvp(f, x, v)</c> builds one per call) goes op by op at once too. Weak: it keeps no function alive.
    /// </summary>
    private static readonly ConditionalWeakTable<Delegate, object> NeedConcreteValues = new();

    /// <summary>The value stored for a function in <see cref="NeedConcreteValues"/> (only the key matters).</summary>
    private static readonly object Remembered = new();

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
        get => _needsConcreteValues || NeedConcreteValues.TryGetValue(_f, out _);
        set
        {
            _needsConcreteValues = value;
            if (value) NeedConcreteValues.AddOrUpdate(_f, Remembered);
        }
    }

    /// <summary>The gradient at <paramref name="x"/>.</summary>
    internal T Grad(T x) => Jax.ValueAndGradCore(_f, x, "Grad", _allowInt).Grad;

    /// <summary>The value and the gradient at <paramref name="x"/>.</summary>
    internal (NDArray Value, T Grad) ValueAndGrad(T x) => Jax.ValueAndGradCore(_f, x, "ValueAndGrad", _allowInt);
}
