using System;
using System.Collections.Generic;

namespace Functional.AD;

/// <summary>A static argument's value as a cache key: compared with <see cref="EqualityComparer{T}.Default"/> (null allowed).</summary>
internal readonly struct StaticKey<S>(S value) : IEquatable<StaticKey<S>>
{
    internal readonly S Value = value;

    public bool Equals(StaticKey<S> other) => EqualityComparer<S>.Default.Equals(Value, other.Value);

    public override bool Equals(object? obj) => obj is StaticKey<S> k && Equals(k);

    public override int GetHashCode() => Value is null ? 0 : EqualityComparer<S>.Default.GetHashCode(Value);
}

/// <summary>
/// A jitted function with one static argument: one <see cref="StagedFunction{TIn, TOut}"/> per distinct value of it
/// (least recently used dropped beyond <see cref="Jax.JitCacheCapacity"/>), each caching its own traces by the
/// signature of the traced argument. Thread-safe.
/// </summary>
internal sealed class StaticJit<S, T, TOut>
{
    private readonly Func<S, T, TOut> _f;
    private readonly string _name;
    private readonly string _argnums;
    private readonly SignatureCache<StaticKey<S>, StagedFunction<T, TOut>> _byValue = new();
    private readonly bool[]? _donated;

    /// <param name="f">The function, with the static argument first.</param>
    /// <param name="name">The user's function's name.</param>
    /// <param name="argnums">The static arguments' positions in the user's function, for messages: <c>argument 1</c>, <c>arguments (0, 2)</c>.</param>
    /// <param name="donateTraced">Whether the caller donates the traced argument (see <see cref="JitDonation"/>).</param>
    internal StaticJit(Func<S, T, TOut> f, string name, string argnums, bool donateTraced = false)
    {
        _f = f;
        _name = name;
        _argnums = argnums;
        _donated = donateTraced ? [true] : null;
    }

    /// <summary>A jitted function with one static argument at <paramref name="argnum"/>.</summary>
    internal StaticJit(Func<S, T, TOut> f, string name, int argnum, bool donateTraced = false)
        : this(f, name, $"argument {argnum}", donateTraced) { }

    /// <summary>Calls the function compiled for <paramref name="s"/>, tracing it for that value on first use.</summary>
    internal TOut Call(S s, T x)
    {
        if (s is NDArray a) throw StaticArguments.ArrayError(_name, _argnums, a);
        var key = new StaticKey<S>(s);
        var staged = _byValue.GetOrBuild(key, () => new StagedFunction<T, TOut>(t => _f(s, t), _name, _donated), _ => true, out bool built, out _);
        if (built && _byValue.Count > 1)
            Jax.Report(Jax.JitRetraceLog, $"Jit({_name}) traced again for a new value of static {_argnums}: {s?.ToString() ?? "null"}");
        return staged.Call(x);
    }
}

/// <summary>Checks shared by the jitted functions with static arguments.</summary>
internal static class StaticArguments
{
    /// <summary>Throws when a static argument's value is an array (arrays are not compared by value, so cannot be cache keys).</summary>
    internal static void RequireNotArray<V>(V value, string name, int argnum)
    {
        if (value is NDArray a) throw ArrayError(name, $"argument {argnum}", a);
    }

    /// <summary>The error for an array passed as a static argument.</summary>
    internal static ArgumentException ArrayError(string name, string argnums, NDArray a) =>
        new($"Jax.Jit({name}): static {argnums} is an array ({a.Type}); arrays cannot be static (they are " +
            "not compared by value): pass it as a traced argument, or pass a C# value (a number, string, enum or record) instead.");

    /// <summary>
    /// The positions sorted, after checking that they are distinct and within a function of <paramref name="arity"/>
    /// arguments (the parameter is named as the public methods name theirs, for the exceptions).
    /// </summary>
    internal static int[] Normalize(int[] staticArgnums, int arity)
    {
        Guard.NotNull(staticArgnums, "Jax.Jit");
        var sorted = (int[])staticArgnums.Clone();
        System.Array.Sort(sorted);
        for (int i = 0; i < sorted.Length; i++)
        {
            if (sorted[i] < 0 || sorted[i] >= arity)
                throw new ArgumentOutOfRangeException(nameof(staticArgnums), sorted[i],
                    $"Jax.Jit: staticArgnums {sorted[i]} is out of range for a function of {arity} arguments (0 to {arity - 1}).");
            if (i > 0 && sorted[i] == sorted[i - 1])
                throw new ArgumentException($"Jax.Jit: staticArgnums lists argument {sorted[i]} twice.", nameof(staticArgnums));
        }
        return sorted;
    }

    /// <summary>The positions as messages name them: <c>arguments (0, 2)</c>.</summary>
    internal static string Describe(int[] argnums) => $"arguments ({string.Join(", ", argnums)})";
}
