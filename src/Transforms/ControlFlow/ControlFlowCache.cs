using System;
using System.Runtime.CompilerServices;

namespace Functional.AD;

/// <summary>Which structured control-flow function a cached trace is for (one delegate may serve several).</summary>
internal enum ControlFlowKind
{
    /// <summary><c>Lax.Cond</c>: the delegates are onTrue and onFalse.</summary>
    Cond,

    /// <summary><c>Lax.WhileLoop</c>: the delegates are the condition and the body.</summary>
    While,

    /// <summary><c>Lax.Scan</c>: the delegate is the step.</summary>
    Scan,

    /// <summary><c>Lax.ForiLoop</c>: the delegate is the body.</summary>
    Fori,
}

/// <summary>
/// What a control-flow call is traced for, besides its delegates: the kind of call, the tree structures and the leaf
/// types (shape, dtype, weak type) of its arguments, and a static integer (the trip count of <c>Lax.ForiLoop</c>).
/// </summary>
internal readonly struct ControlFlowSignature : IEquatable<ControlFlowSignature>
{
    private readonly ControlFlowKind _kind;
    private readonly TreeDef _first;
    private readonly TreeDef? _second;
    private readonly ArrayType[] _types;
    private readonly int _extra;
    private readonly int _hash;

    /// <summary>The signature of a call of <paramref name="kind"/> on leaves of structures <paramref name="first"/> then <paramref name="second"/>.</summary>
    internal ControlFlowSignature(ControlFlowKind kind, TreeDef first, TreeDef? second, NDArray[] firstLeaves, NDArray[]? secondLeaves, int extra)
    {
        _kind = kind;
        _first = first;
        _second = second;
        _extra = extra;
        int n = firstLeaves.Length, m = secondLeaves?.Length ?? 0;
        _types = new ArrayType[n + m];
        var h = new HashCode();
        h.Add(kind);
        h.Add(first);
        h.Add(second);
        h.Add(extra);
        for (int i = 0; i < n; i++) h.Add(_types[i] = firstLeaves[i].Type);
        for (int i = 0; i < m; i++) h.Add(_types[n + i] = secondLeaves![i].Type);
        _hash = h.ToHashCode();
    }

    public bool Equals(ControlFlowSignature other)
    {
        if (_hash != other._hash || _kind != other._kind || _extra != other._extra || _types.Length != other._types.Length) return false;
        if (!_first.Equals(other._first) || !Equals(_second, other._second)) return false;
        for (int i = 0; i < _types.Length; i++) if (_types[i] != other._types[i]) return false;
        return true;
    }

    public override bool Equals(object? obj) => obj is ControlFlowSignature s && Equals(s);

    public override int GetHashCode() => _hash;
}

/// <summary>
/// A traced control-flow call, ready to bind: the primitive's parameters (which memoize the transforms derived from
/// them), the leading operands (the values the delegates close over), and the result's tree structure.
/// </summary>
/// <param name="Params">The parameters of the staged primitive.</param>
/// <param name="Consts">The closed-over values, passed first.</param>
/// <param name="OutDef">The structure of the result (of the ys, for a scan).</param>
internal sealed record TracedControlFlow(PrimitiveParams Params, NDArray[] Consts, TreeDef OutDef)
{
    /// <summary>Whether later calls may reuse the trace: not when it closes over a tracer, whose trace ends with the call that made it.</summary>
    internal bool Cacheable
    {
        get
        {
            foreach (var c in Consts) if (c is Tracer) return false;
            return true;
        }
    }
}

/// <summary>
/// The traces of control-flow bodies (the delegates given to <c>Lax.Cond</c>, <c>Lax.WhileLoop</c>, <c>Lax.Scan</c>
/// and <c>Lax.ForiLoop</c>), cached as <c>Jit</c> caches its traces: by the identity of the delegate objects and the
/// argument signature (<see cref="SignatureCache{TKey, TEntry}"/>, at most <see cref="Jax.JitCacheCapacity"/> signatures
/// per delegate). Calling a control-flow function again with the same delegates on arguments of the same types does not
/// run the delegates again, and the transforms of the staged primitive (JVP, partial evaluation, transpose, batching,
/// compilation), memoized in its parameters, are derived once. A lambda that captures variables is a new delegate
/// object each time the expression creating it runs, so closures over different values never share an entry; a trace
/// that closes over a tracer (of a transform in progress) is used by its own call only. As with <c>Jit</c>, a delegate
/// kept and called again after the variables it captured were reassigned sees the values of its first trace. The
/// table holds the delegates weakly: a delegate that is no longer referenced takes its traces with it.
/// </summary>
internal static class ControlFlowCache
{
    private static readonly ConditionalWeakTable<Delegate, SignatureCache<ControlFlowSignature, TracedControlFlow>> s_single = new();
    private static readonly ConditionalWeakTable<Delegate, ConditionalWeakTable<Delegate, SignatureCache<ControlFlowSignature, TracedControlFlow>>> s_pairs = new();

    /// <summary>
    /// The trace of the call of <paramref name="first"/> (and <paramref name="second"/>, if any) at
    /// <paramref name="signature"/>, made by <paramref name="trace"/> on a miss.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static TracedControlFlow GetOrTrace(Delegate first, Delegate? second, ControlFlowSignature signature, Func<TracedControlFlow> trace)
    {
        var cache = second is null
            ? s_single.GetValue(first, static _ => new())
            : s_pairs.GetValue(first, static _ => new()).GetValue(second, static _ => new());
        return cache.GetOrBuild(signature, trace, static e => e.Cacheable, out _, out _);
    }
}
