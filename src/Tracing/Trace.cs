using System;

namespace Functional.AD;

/// <summary>
/// An interpreter of primitives. There is always a current trace (see <see cref="TraceContext"/>):
/// the eval trace runs kernels, a JVP trace pairs values with tangents, a jaxpr trace records
/// equations. A trace owns the tracers it creates (compared by <see cref="Tag"/>); every other value
/// it meets is a constant to it, which is what keeps nested transforms from confusing their
/// perturbations (JAX's "stackless" design).
/// </summary>
internal abstract class Trace
{
    /// <summary>Identity of this trace; tracers belong to the trace whose tag they carry.</summary>
    internal readonly object Tag;

    protected Trace(object? tag = null) => Tag = tag ?? new object();

    /// <summary>Applies <paramref name="primitive"/> to <paramref name="args"/> in this trace's interpretation.</summary>
    internal abstract NDArray[] Process(Primitive primitive, NDArray[] args, PrimitiveParams parameters);

    /// <summary>Set when the transform that made this trace has returned; its tracers must not be used any more.</summary>
    internal bool Ended { get; private set; }

    /// <summary>Marks the trace as finished (its tracers have escaped if they are ever seen again).</summary>
    internal void End() => Ended = true;

    /// <summary>The transform this trace implements, for messages ("Jvp", "Jit", ...).</summary>
    internal abstract string Description { get; }

    /// <summary>True when <paramref name="x"/> is a tracer created by this trace.</summary>
    internal bool Owns(NDArray x) => x is Tracer t && ReferenceEquals(t.Trace.Tag, Tag);

    /// <summary>
    /// <paramref name="x"/> as one of this trace's tracers, or null when it is a constant to this trace
    /// (a concrete array or another trace's tracer, which must not have escaped).
    /// </summary>
    internal TTracer? OwnTracer<TTracer>(NDArray x) where TTracer : Tracer
    {
        if (x is not Tracer t) return null;
        if (ReferenceEquals(t.Trace.Tag, Tag)) return (TTracer)t;
        t.ThrowIfEscaped();
        return null;
    }
}

/// <summary>The thread's current trace, set and restored with <c>using</c> scopes.</summary>
internal static class TraceContext
{
    [ThreadStatic] private static Trace? current;

    /// <summary>The trace that <see cref="Primitive.Bind"/> hands primitives to; the eval trace when no transform is running.</summary>
    internal static Trace Current => current ?? EvalTrace.Instance;

    /// <summary>Makes <paramref name="trace"/> current until the returned scope is disposed.</summary>
    internal static Scope Enter(Trace trace)
    {
        var previous = current;
        current = trace;
        return new Scope(previous);
    }

    /// <summary>Restores the previous current trace when disposed.</summary>
    internal readonly struct Scope : IDisposable
    {
        private readonly Trace? _previous;
        internal Scope(Trace? previous) => _previous = previous;
        public void Dispose() => current = _previous;
    }
}

/// <summary>A value that stands for an array inside a transform. It belongs to exactly one trace.</summary>
internal abstract class Tracer : NDArray
{
    protected Tracer(ArrayType type) : base(type) { }

    /// <summary>The trace that created this tracer.</summary>
    internal abstract Trace Trace { get; }

    /// <summary>Throws the escaped-tracer error when this tracer's transform has already returned.</summary>
    internal void ThrowIfEscaped()
    {
        if (Trace.Ended) throw Escaped(this);
    }

    /// <summary>The error for a tracer used after (or outside) the transform that made it.</summary>
    internal static InvalidOperationException Escaped(Tracer t) => new(
        $"A value traced by {t.Trace.Description} ({t.Type}) was used after that transform ended: it escaped " +
        "(for example it was stored in a field or a captured variable and read later). Return it from the " +
        "transformed function instead, and use the transform's result.");

    /// <summary>"Traced&lt;f32[3]&gt;with&lt;Jvp&gt;", as JAX prints tracers.</summary>
    public override string ToString() => $"Traced<{Type}>with<{Trace.Description}>";
}
