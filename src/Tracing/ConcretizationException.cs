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
}
