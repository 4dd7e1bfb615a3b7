using System;
using System.Text;
using System.Threading;

namespace Functional.AD;

/// <summary>
/// The named axes bound by the running <c>Vmap</c>s (JAX's axis environment): a <c>Vmap</c> with an axis name binds
/// it, with its size, while its function runs, so a collective (<c>Lax.Psum(x, name)</c>, ...) can check that its
/// axis exists and read its size. It flows with the .NET execution context, as the current trace does for a user's
/// function. Read only by collectives and staging, never per primitive.
/// </summary>
internal static class AxisEnv
{
    /// <summary>One bound axis, and the axes bound outside it.</summary>
    private sealed record Frame(string Name, int Size, Frame? Outer);

    private static readonly AsyncLocal<Frame?> Innermost = new();

    /// <summary>The name of the batch axis whose batching rules run on this thread (null: unnamed, or none).</summary>
    [ThreadStatic] private static string? batchingName;

    /// <summary>True when no named axis is bound (a staged function traced now may then be cached).</summary>
    internal static bool IsEmpty => Innermost.Value is null;

    /// <summary>Binds <paramref name="name"/> (when not null) to <paramref name="size"/> until the scope is disposed.</summary>
    internal static Scope Bind(string? name, int size)
    {
        if (name is null) return default;
        var outer = Innermost.Value;
        Innermost.Value = new Frame(name, size, outer);
        return new Scope(outer, true);
    }

    /// <summary>The size of the innermost axis named <paramref name="name"/>; throws the unbound-name error for <paramref name="operation"/>.</summary>
    internal static int Size(string name, string operation)
    {
        Guard.NotNull(name, operation);
        for (var f = Innermost.Value; f is not null; f = f.Outer)
            if (f.Name == name) return f.Size;
        throw Unbound(name, operation);
    }

    /// <summary>
    /// The error for a collective over an axis name that no enclosing <c>Vmap</c> binds (JAX's
    /// <c>NameError: unbound axis name</c>), listing the names that are bound.
    /// </summary>
    internal static ArgumentException Unbound(string name, string operation)
    {
        var sb = new StringBuilder($"{operation}: unbound axis name '{name}': a collective reduces over the batch axis of an enclosing Vmap given axisName: \"{name}\"");
        var f = Innermost.Value;
        if (f is null) sb.Append("; no named axis is bound here");
        else
        {
            sb.Append("; the bound axis names are");
            for (; f is not null; f = f.Outer) sb.Append($" '{f.Name}' (size {f.Size})");
        }
        return new ArgumentException(sb.ToString());
    }

    /// <summary>The name of the batch axis whose batching rule runs (set by the batch trace around a rule).</summary>
    internal static string? BatchingName => batchingName;

    /// <summary>Sets <see cref="BatchingName"/> until the returned scope is disposed.</summary>
    internal static BatchingScope Batching(string? name)
    {
        var previous = batchingName;
        batchingName = name;
        return new BatchingScope(previous);
    }

    /// <summary>Restores the enclosing axis environment when disposed.</summary>
    internal readonly struct Scope : IDisposable
    {
        private readonly Frame? _outer;
        private readonly bool _active;

        internal Scope(object? outer, bool active)
        {
            _outer = (Frame?)outer;
            _active = active;
        }

        public void Dispose()
        {
            if (_active) Innermost.Value = _outer;
        }
    }

    /// <summary>Restores the previous <see cref="BatchingName"/> when disposed.</summary>
    internal readonly struct BatchingScope : IDisposable
    {
        private readonly string? _previous;
        internal BatchingScope(string? previous) => _previous = previous;
        public void Dispose() => batchingName = _previous;
    }
}

/// <summary>
/// A collective primitive over a named axis. The batch trace of the <c>Vmap</c> that binds that name applies
/// <see cref="BatchNamed"/> (a reduction or gather over its batch axis, whether or not the operands are batched); any
/// other batch trace applies the ordinary batching rule (the collective on the batched operand).
/// </summary>
internal interface ICollectivePrimitive
{
    /// <summary>The axis name the collective reduces over.</summary>
    string AxisName(PrimitiveParams parameters);

    /// <summary>The rule of the batch trace whose axis is the collective's: operands batched at <paramref name="dims"/> (or not mapped) over <paramref name="axisSize"/> examples.</summary>
    (NDArray[] Outputs, int[] OutDims) BatchNamed(NDArray[] args, int[] dims, PrimitiveParams parameters, int axisSize);
}
