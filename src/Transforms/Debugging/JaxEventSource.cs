using System.Diagnostics.Tracing;

namespace Functional.AD;

/// <summary>
/// The library's events, for <see cref="EventListener"/>s in the process and for <c>dotnet-trace</c> / <c>dotnet-counters</c>
/// outside it (provider name <c>Functional.AD</c>): each jitted call's cache hit or miss (with the reason), retraces,
/// evictions and compilations. Enable the <see cref="Keywords.Jit"/> keyword at <see cref="EventLevel.Informational"/>
/// for misses, retraces, evictions and compilations, at <see cref="EventLevel.Verbose"/> for cache hits as well (one
/// per call). When no listener is enabled the events cost one check each.
/// </summary>
[EventSource(Name = "Functional.AD")]
public sealed class JaxEventSource : EventSource
{
    /// <summary>The single instance that raises the events.</summary>
    public static readonly JaxEventSource Log = new();

    private JaxEventSource() { }

    /// <summary>Keywords to filter the events by.</summary>
    public static class Keywords
    {
        /// <summary>Tracing, caching and compiling of jitted functions.</summary>
        public const EventKeywords Jit = (EventKeywords)1;
    }

    /// <summary>Event id of <see cref="CacheHit"/>.</summary>
    public const int CacheHitId = 1;

    /// <summary>Event id of <see cref="CacheMiss"/>.</summary>
    public const int CacheMissId = 2;

    /// <summary>Event id of <see cref="Retrace"/>.</summary>
    public const int RetraceId = 3;

    /// <summary>Event id of <see cref="Evict"/>.</summary>
    public const int EvictId = 4;

    /// <summary>Event id of <see cref="Compile"/>.</summary>
    public const int CompileId = 5;

    /// <summary>A jitted call found its signature's compiled program in the cache.</summary>
    /// <param name="function">The function, e.g. <c>Jit(loss)</c>.</param>
    /// <param name="signature">The argument leaves' types, e.g. <c>(f32[3,4], f32[])</c>.</param>
    [Event(CacheHitId, Level = EventLevel.Verbose, Keywords = Keywords.Jit)]
    public void CacheHit(string function, string signature) => WriteEvent(CacheHitId, function, signature);

    /// <summary>A jitted call did not find its signature in the cache, so the function is traced for it.</summary>
    /// <param name="function">The function, e.g. <c>Jit(loss)</c>.</param>
    /// <param name="signature">The argument leaves' types.</param>
    /// <param name="reason">Why: the first call, or how the signature differs from the most recent other one.</param>
    [Event(CacheMissId, Level = EventLevel.Informational, Keywords = Keywords.Jit)]
    public void CacheMiss(string function, string signature, string reason) => WriteEvent(CacheMissId, function, signature, reason);

    /// <summary>A jitted function already traced for other signatures was traced again (every miss after the first).</summary>
    /// <param name="function">The function.</param>
    /// <param name="reason">How the new signature differs from the most recent other one.</param>
    /// <param name="cached">How many signatures the function has cached now.</param>
    [Event(RetraceId, Level = EventLevel.Informational, Keywords = Keywords.Jit)]
    public void Retrace(string function, string reason, int cached) => WriteEvent(RetraceId, function, reason, cached);

    /// <summary>A full cache dropped its least recently used signature (see <c>Jax.JitCacheCapacity</c>).</summary>
    /// <param name="function">The function.</param>
    /// <param name="signature">The signature dropped.</param>
    [Event(EvictId, Level = EventLevel.Informational, Keywords = Keywords.Jit)]
    public void Evict(string function, string signature) => WriteEvent(EvictId, function, signature);

    /// <summary>A staged program was optimized and compiled (on its first run).</summary>
    /// <param name="function">The function, e.g. <c>Jit(loss)</c>.</param>
    /// <param name="equations">Equations of the jaxpr before optimization.</param>
    /// <param name="milliseconds">Time spent compiling.</param>
    [Event(CompileId, Level = EventLevel.Informational, Keywords = Keywords.Jit)]
    public void Compile(string function, int equations, double milliseconds) => WriteEvent(CompileId, function, equations, milliseconds);

    /// <summary>True when a listener wants the informational events of <see cref="Keywords.Jit"/>.</summary>
    internal bool JitInfo => IsEnabled(EventLevel.Informational, Keywords.Jit);

    /// <summary>True when a listener wants the verbose events of <see cref="Keywords.Jit"/> (cache hits).</summary>
    internal bool JitVerbose => IsEnabled(EventLevel.Verbose, Keywords.Jit);
}
