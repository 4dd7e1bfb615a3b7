using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Functional.AD;

/// <summary>
/// Null checks for public entry points: an <see cref="ArgumentNullException"/> that names the operation and the
/// parameter (<c>Np.Add: b is null</c>), thrown at the call before any work, instead of a NullReferenceException
/// from deep inside a kernel or a transform.
/// </summary>
internal static class Guard
{
    /// <summary>Throws unless <paramref name="value"/> is non-null; returns it.</summary>
    internal static T NotNull<T>([NotNull] T? value, string operation, [CallerArgumentExpression(nameof(value))] string? parameter = null)
        where T : class =>
        value ?? throw new ArgumentNullException(parameter, $"{operation}: {parameter} is null");

    /// <summary>Throws unless <paramref name="values"/> and each of its elements are non-null; returns it.</summary>
    internal static T[] NoNulls<T>([NotNull] T[]? values, string operation, [CallerArgumentExpression(nameof(values))] string? parameter = null)
        where T : class
    {
        NotNull(values, operation, parameter);
        for (int i = 0; i < values.Length; i++)
            if (values[i] is null) throw new ArgumentNullException(parameter, $"{operation}: {parameter}[{i}] is null");
        return values;
    }
}
