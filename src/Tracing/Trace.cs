using System;
using System.Runtime.CompilerServices;
using System.Threading;

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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal TTracer? OwnTracer<TTracer>(NDArray x) where TTracer : Tracer
    {
        if (x is not Tracer t) return null;
        if (ReferenceEquals(t.Trace.Tag, Tag)) return (TTracer)t;
        t.ThrowIfEscaped();
        return null;
    }
}

/// <summary>
/// The current trace, set and restored with <c>using</c> scopes. It is thread-static (looked up on every primitive
/// bind, so it must be cheap), and where a transform runs the user's function (<see cref="EnterUserFunction"/>) it
/// also flows with the .NET execution context: work the function hands to other threads (<c>Parallel.For</c>,
/// <c>Task.Run</c> awaited inside it) binds into the same transform on those threads, instead of failing or
/// succeeding depending on which thread the scheduler picked. Traces are therefore safe to use from several
/// threads at once (<see cref="JaxprTrace"/> records under a lock; the others hold no mutable state).
/// </summary>
internal static class TraceContext
{
    [ThreadStatic] private static Trace? current;

    private static readonly AsyncLocal<Trace?> Flowing = new();
    private static int _flowingScopes;

    /// <summary>The trace that <see cref="Primitive.Bind"/> hands primitives to; the eval trace when no transform is running.</summary>
    internal static Trace Current => current ?? Flowed() ?? EvalTrace.Instance;

    /// <summary>The trace a user's function runs under, when this thread works for one (and it has not ended).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Trace? Flowed()
    {
        if (Volatile.Read(ref _flowingScopes) == 0) return null;   // no transform runs user code: skip the lookup
        var t = Flowing.Value;
        return t is { Ended: false } ? t : null;
    }

    /// <summary>Makes <paramref name="trace"/> current on this thread until the returned scope is disposed.</summary>
    internal static Scope Enter(Trace trace)
    {
        var previous = current;
        current = trace;
        return new Scope(previous);
    }

    /// <summary>
    /// Makes <paramref name="trace"/> current for a user's function until the returned scope is disposed, on this
    /// thread and on threads the function's tasks run on.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static UserFunctionScope EnterUserFunction(Trace trace)
    {
        var previousFlowing = Flowing.Value;
        Interlocked.Increment(ref _flowingScopes);
        Flowing.Value = trace;
        return new UserFunctionScope(Enter(trace), previousFlowing);
    }

    /// <summary>Restores the previous current trace when disposed.</summary>
    internal readonly struct Scope : IDisposable
    {
        private readonly Trace? _previous;
        internal Scope(Trace? previous) => _previous = previous;
        public void Dispose() => current = _previous;
    }

    /// <summary>Restores the previous current and flowing traces when disposed.</summary>
    internal readonly struct UserFunctionScope : IDisposable
    {
        private readonly Scope _scope;
        private readonly Trace? _previousFlowing;

        internal UserFunctionScope(Scope scope, Trace? previousFlowing)
        {
            _scope = scope;
            _previousFlowing = previousFlowing;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Dispose()
        {
            Flowing.Value = _previousFlowing;
            Interlocked.Decrement(ref _flowingScopes);
            _scope.Dispose();
        }
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
