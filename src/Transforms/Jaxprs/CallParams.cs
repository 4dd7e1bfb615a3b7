using System;
using System.Collections.Concurrent;
using System.Threading;

namespace Functional.AD;

/// <summary>
/// Parameters of a higher-order primitive that memoize what transforms derive from them (JVP, partial
/// evaluation, transpose and batching of the jaxprs they carry), so that a transformed call is transformed
/// and compiled once, not on every call.
/// </summary>
internal abstract record MemoizingParams : PrimitiveParams
{
    /// <summary>Derived values, keyed by transform and mask.</summary>
    private readonly ConcurrentDictionary<string, object> _derived = new();

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

/// <summary>
/// Parameters of a call primitive (<c>jit</c>, <c>checkpoint</c>, and the loop body of <c>scan</c> and
/// <c>while</c>): the jaxpr it carries, whose constants are leading inputs, and its compiled executable.
/// </summary>
/// <param name="Jaxpr">The carried jaxpr (no constants of its own).</param>
internal abstract record CallParams(ClosedJaxpr Jaxpr) : MemoizingParams
{
    private JaxprExecutable? _executable;

    /// <summary>The compiled executable (compiled on first use, thread-safe).</summary>
    internal JaxprExecutable Executable =>
        _executable ?? Interlocked.CompareExchange(ref _executable, Compile(), null) ?? _executable!;

    /// <summary>What the compile event calls the program, e.g. <c>Jit(loss)</c>.</summary>
    internal virtual string ProgramName => "call";

    private JaxprExecutable Compile()
    {
        if (!JaxEventSource.Log.JitInfo) return JaxprCompiler.Compile(Jaxpr);
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        var executable = JaxprCompiler.Compile(Jaxpr);
        JaxEventSource.Log.Compile(ProgramName, Jaxpr.Jaxpr.EquationList.Length, System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        return executable;
    }
}
