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
    private readonly int _argnum;
    private readonly SignatureCache<StaticKey<S>, StagedFunction<T, TOut>> _byValue = new();

    /// <param name="f">The function, with the static argument first.</param>
    /// <param name="name">The user's function's name.</param>
    /// <param name="argnum">The static argument's position in the user's function, for messages.</param>
    internal StaticJit(Func<S, T, TOut> f, string name, int argnum)
    {
        _f = f;
        _name = name;
        _argnum = argnum;
    }

    /// <summary>Calls the function compiled for <paramref name="s"/>, tracing it for that value on first use.</summary>
    internal TOut Call(S s, T x)
    {
        if (s is NDArray a)
            throw new ArgumentException(
                $"Jax.Jit({_name}): static argument {_argnum} is an array ({a.Type}); arrays cannot be static (they are " +
                "not compared by value): pass it as a traced argument, or pass a C# value (a number, string, enum or record) instead.");
        var key = new StaticKey<S>(s);
        var staged = _byValue.GetOrBuild(key, () => new StagedFunction<T, TOut>(t => _f(s, t), _name), _ => true, out bool built, out _);
        if (built && _byValue.Count > 1)
            Jax.Report(Jax.JitRetraceLog, $"Jit({_name}) traced again for a new value of static argument {_argnum}: {s?.ToString() ?? "null"}");
        return staged.Call(x);
    }
}
