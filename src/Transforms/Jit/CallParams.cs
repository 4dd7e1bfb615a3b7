using System;
using System.Collections.Concurrent;
using System.Threading;

namespace Functional.AD;

/// <summary>
/// Parameters of a call primitive (<c>jit</c>, <c>checkpoint</c>): the jaxpr it carries, whose constants are
/// leading inputs. The record also memoizes, per jaxpr, the compiled executable and the jaxprs derived by
/// transforms (JVP, partial evaluation, transpose, batching), so a transformed call is transformed and
/// compiled once, not on every call.
/// </summary>
/// <param name="Jaxpr">The carried jaxpr (no constants of its own).</param>
internal abstract record CallParams(ClosedJaxpr Jaxpr) : PrimitiveParams
{
    /// <summary>Derived values, keyed by transform and mask.</summary>
    private readonly ConcurrentDictionary<string, object> _derived = new();

    private JaxprExecutable? _executable;

    /// <summary>The compiled executable (compiled on first use, thread-safe).</summary>
    internal JaxprExecutable Executable =>
        _executable ?? Interlocked.CompareExchange(ref _executable, JaxprCompiler.Compile(Jaxpr.Jaxpr), null) ?? _executable!;

    /// <summary>The carried jaxpr's variables take the names of the equation's operands and results when printed.</summary>
    internal override Jaxpr? SharesVariableNamesWith => Jaxpr.Jaxpr;

    /// <summary>A memoized derived value.</summary>
    internal T Memo<T>(string key, Func<T> make) where T : class => (T)_derived.GetOrAdd(key, _ => make());

    /// <summary>A mask as a string of 0s and 1s (a memo key).</summary>
    internal static string Key(bool[] mask)
    {
        var chars = new char[mask.Length];
        for (int i = 0; i < mask.Length; i++) chars[i] = mask[i] ? '1' : '0';
        return new string(chars);
    }
}
