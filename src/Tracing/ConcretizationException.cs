using System;

namespace Functional.AD;

/// <summary>
/// Thrown when code needs the concrete value of an array that is only known abstractly: reading a
/// traced value (<c>(double)x</c>, <c>ToArray</c>) inside <c>Jit</c>, <c>Vmap</c> or a control-flow body.
/// The message says which value, where, and what to use instead.
/// </summary>
public class ConcretizationException : InvalidOperationException
{
    /// <summary>Creates the exception with a message.</summary>
    public ConcretizationException(string message) : base(message) { }

    /// <summary>
    /// JAX's hint for a cast of a traced value (<c>float(x)</c> there, <c>(double)x</c> here): if a conversion of the dtype
    /// was meant, <c>AsType</c> does it on traced values. Empty when the value was not read by a cast.
    /// </summary>
    internal static string CastHint(DType? castTo) => castTo is { } d
        ? $" If you meant to convert the value's dtype, use x.AsType(DType.{d}) instead: it works on traced values."
        : "";
}
