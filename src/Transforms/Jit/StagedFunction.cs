using System;
using System.Runtime.CompilerServices;
using System.Collections.Immutable;
using System.Text;

namespace Functional.AD;

/// <summary>What a jitted function is traced for: the argument's tree structure and each leaf's shape, dtype and weak type.</summary>
internal readonly struct JitSignature : IEquatable<JitSignature>
{
    internal readonly TreeDef Def;
    internal readonly ArrayType[] Types;
    private readonly int _hash;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal JitSignature(TreeDef def, NDArray[] leaves)
    {
        Def = def;
        Types = new ArrayType[leaves.Length];
        var h = new HashCode();
        h.Add(def);
        for (int i = 0; i < leaves.Length; i++)
        {
            Types[i] = leaves[i].Type;
            h.Add(Types[i]);
        }
        _hash = h.ToHashCode();
    }

    public bool Equals(JitSignature other)
    {
        if (_hash != other._hash || Types.Length != other.Types.Length || !Def.Equals(other.Def)) return false;
        for (int i = 0; i < Types.Length; i++) if (Types[i] != other.Types[i]) return false;
        return true;
    }

    public override bool Equals(object? obj) => obj is JitSignature s && Equals(s);

    public override int GetHashCode() => _hash;

    /// <summary>Why <paramref name="now"/> differs from <paramref name="before"/>, in words.</summary>
    internal static string Difference(JitSignature before, JitSignature now)
    {
        if (!before.Def.Equals(now.Def))
            return $"the argument structure changed from {before.Def} to {now.Def}";
        var sb = new StringBuilder();
        for (int i = 0; i < now.Types.Length; i++)
        {
            var (a, b) = (before.Types[i], now.Types[i]);
            if (a == b) continue;
            if (sb.Length > 0) sb.Append("; ");
            sb.Append($"leaf {i} changed from {Describe(a)} to {Describe(b)}");
        }
        return sb.ToString();
    }

    private static string Describe(ArrayType t) => t.Weak ? $"{t} (weakly typed)" : t.ToString();

    /// <summary>The leaves' types in order, e.g. <c>(f32[3,4], f64[])</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder("(");
        for (int i = 0; i < Types.Length; i++) sb.Append(i == 0 ? "" : ", ").Append(Describe(Types[i]));
        return sb.Append(')').ToString();
    }
}

/// <summary>What a staged function's trace produced, for building the primitive's parameters.</summary>
/// <param name="Jaxpr">The jaxpr, with the constants the function closes over as leading inputs.</param>
/// <param name="Name">The function's name.</param>
/// <param name="InDef">The argument's tree structure.</param>
/// <param name="OutDef">The result's tree structure.</param>
/// <param name="NumConsts">How many leading inputs are closed-over constants.</param>
internal sealed record StagedTrace(ClosedJaxpr Jaxpr, string Name, TreeDef InDef, TreeDef OutDef, int NumConsts);

/// <summary>
/// A function staged as a call primitive (<c>jit</c>, <c>checkpoint</c>): traced once per input signature into
/// a jaxpr (constants it closes over become leading arguments), cached, and called by binding the primitive,
/// so it composes with every transform. Thread-safe; the user's function runs only when a signature is seen
/// for the first time.
/// </summary>
internal sealed class StagedFunction<TIn, TOut>
{
    private sealed record Entry(PrimitiveParams Params, TreeDef OutDef, ImmutableArray<NDArray> Consts, bool Cacheable);

    private readonly Func<TIn, TOut> _f;
    private readonly string _name;
    private readonly string _transform;
    private readonly Primitive _primitive;
    private readonly Func<StagedTrace, PrimitiveParams> _makeParams;
    private readonly bool _eagerOutsideTransforms;
    private readonly SignatureCache<JitSignature, Entry> _cache = new();
    private readonly bool[]? _donatedArguments;

    /// <summary>
    /// A jitted function: staged as the <c>jit</c> primitive. <paramref name="donatedArguments"/>, when given, says
    /// which arguments the caller donates (see <see cref="JitDonation"/>): with one entry, the whole argument; with
    /// more, the argument is a tuple and entry k stands for its k-th item.
    /// </summary>
    internal StagedFunction(Func<TIn, TOut> f, string name, bool[]? donatedArguments = null)
        : this(f, name, "Jit", JitPrimitive.Instance, t => new JitParams(t.Jaxpr, t.Name))
    {
        _donatedArguments = donatedArguments;
    }

    /// <summary>
    /// A function staged as <paramref name="primitive"/> with the parameters <paramref name="makeParams"/> builds from the
    /// trace. With <paramref name="eagerOutsideTransforms"/>, a call on concrete arguments outside every transform runs
    /// <paramref name="f"/> itself (as JAX runs a custom-derivative function), so C# control flow on its values works there.
    /// </summary>
    internal StagedFunction(Func<TIn, TOut> f, string name, string transform, Primitive primitive, Func<StagedTrace, PrimitiveParams> makeParams,
        bool eagerOutsideTransforms = false)
    {
        _eagerOutsideTransforms = eagerOutsideTransforms;
        _f = f;
        _name = name;
        _transform = transform;
        _primitive = primitive;
        _makeParams = makeParams;
    }

    /// <summary>Calls the function: looks the signature up, traces on a miss, binds <c>jit</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal TOut Call(TIn x)
    {
        var (leaves, def) = Tree.FlattenArgs(x, _transform, allowNumberLeaves: false);
        if (Jax.IsJitDisabled && ReferenceEquals(_primitive, JitPrimitive.Instance)) return _f(x);   // Jax.DisableJit: run eagerly
        if (_eagerOutsideTransforms && AllConcreteOutsideTransforms(leaves)) return _f(x);
        var signature = new JitSignature(def, leaves);
        var entry = _cache.GetOrBuild(signature, () => Trace(signature, def), e => e.Cacheable, out bool traced, out var evicted);
        if (traced) ExplainMiss(signature, evicted);
        else if (JaxEventSource.Log.JitVerbose && _primitive == JitPrimitive.Instance) JaxEventSource.Log.CacheHit($"{_transform}({_name})", signature.ToString());
        var args = new NDArray[entry.Consts.Length + leaves.Length];
        entry.Consts.CopyTo(args);
        leaves.CopyTo(args, entry.Consts.Length);
        if (_donatedArguments is null || !ReferenceEquals(TraceContext.Current, EvalTrace.Instance))
            return entry.OutDef.UnflattenArray<TOut>(_primitive.Bind(args, entry.Params));
        JitDonation.Offer(DonatedLeaves(def, leaves));
        try
        {
            return entry.OutDef.UnflattenArray<TOut>(_primitive.Bind(args, entry.Params));
        }
        finally { JitDonation.Withdraw(); }
    }

    /// <summary>The leaves of the donated arguments (the others null).</summary>
    private NDArray?[] DonatedLeaves(TreeDef def, NDArray[] leaves)
    {
        var donated = _donatedArguments!;
        if (donated.Length == 1) return donated[0] ? leaves : [];
        var result = new NDArray?[leaves.Length];
        int start = 0;
        for (int k = 0; k < donated.Length; k++)
        {
            int count = def.Children[k].LeafCount;
            if (donated[k]) Array.Copy(leaves, start, result, start, count);
            start += count;
        }
        return result;
    }

    /// <summary>True when no transform is running and every argument leaf is a concrete array.</summary>
    private static bool AllConcreteOutsideTransforms(NDArray[] leaves)
    {
        if (!ReferenceEquals(TraceContext.Current, EvalTrace.Instance)) return false;
        foreach (var leaf in leaves) if (leaf is not ConcreteArray) return false;
        return true;
    }

    private Entry Trace(JitSignature signature, TreeDef def)
    {
        string description = $"{_transform}({_name})";
        TreeDef? outDef = null;
        var closed = JaxprTrace.StageFunction(description, signature.Types, inputs =>
        {
            var (outs, d) = Tree.FlattenResult(_f(def.UnflattenArray<TIn>(inputs)), description);
            outDef = d;
            return outs;
        });
        var resultDef = outDef!;   // set by the traced function, which returned
        bool cacheable = true;
        foreach (var c in closed.ConstList) cacheable &= c is not Tracer;
        // Traced inside a named Vmap, the jaxpr may hold collectives over that axis (and its size): not reused elsewhere.
        cacheable &= AxisEnv.IsEmpty;
        // Values closed over (arrays, or tracers of an enclosing transform) are passed to the primitive like arguments.
        var staged = new StagedTrace(closed.WithConstantsAsInputs(), _name, def, resultDef, closed.ConstList.Length);
        return new Entry(_makeParams(staged), resultDef, closed.ConstList, cacheable);
    }

    private void ExplainMiss(JitSignature now, JitSignature? evicted)
    {
        var log = Jax.JitRetraceLog;
        var events = JaxEventSource.Log.JitInfo ? JaxEventSource.Log : null;
        if ((log is null && events is null) || _primitive != JitPrimitive.Instance) return;
        string function = $"{_transform}({_name})";
        if (evicted is { } old)
        {
            Jax.Report(log, $"{function} evicted its least recently used signature {old} to make room (at most {Jax.JitCacheCapacity} are cached: Jax.JitCacheCapacity)");
            events?.Evict(function, old.ToString());
        }
        if (_cache.MostRecentOtherThan(now) is { } other)
        {
            string reason = JitSignature.Difference(other, now);
            Jax.Report(log, $"{function} traced again for a new signature: {reason} ({_cache.Count} signatures cached)");
            events?.CacheMiss(function, now.ToString(), reason);
            events?.Retrace(function, reason, _cache.Count);
        }
        else events?.CacheMiss(function, now.ToString(), "first call");
    }
}
