using System;

namespace Functional.AD;

/// <summary>
/// Thrown when <see cref="NumericChecks"/> are on (<c>Jax.DebugNans</c>, <c>Jax.DebugInfs</c>) and a primitive
/// produces a NaN or an infinity: names the primitive and, for one found inside a jitted function (which is re-run
/// one primitive at a time to find it), the equation of its jaxpr. JAX raises <c>FloatingPointError</c> here.
/// </summary>
public sealed class NonFiniteValueException : ArithmeticException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The explanation.</param>
    /// <param name="primitive">The primitive whose result holds the value.</param>
    /// <param name="equation">The equation that produced it (inside a jitted function), or null.</param>
    /// <param name="inner">A less precise report this one refines, or null.</param>
    public NonFiniteValueException(string message, string primitive, string? equation = null, Exception? inner = null)
        : base(message, inner)
    {
        Primitive = primitive;
        Equation = equation;
    }

    /// <summary>The name of the primitive whose result holds the NaN or infinity (for example <c>log</c>).</summary>
    public string Primitive { get; }

    /// <summary>The equation of a jitted function's jaxpr that produced it, or null when it was found outside one.</summary>
    public string? Equation { get; }
}
