using System;

namespace Functional.AD;

/// <summary>Measurements for users who want to see what their programs keep alive.</summary>
public static class Diagnostics
{
    /// <summary>
    /// The bytes of managed memory in use after a full garbage collection (finalizers included, so the buffers of
    /// arrays that are no longer reachable have gone back to the library's buffer pool), not counting the idle
    /// buffers that pool holds for reuse. The difference of two calls around a live object (for example a
    /// <see cref="Jax.Vjp{TIn, TOut}(Func{TIn, TOut}, TIn)"/> pullback) is what that object retains. Slow: it
    /// forces collections; for measurements, not for hot paths.
    /// </summary>
    /// <returns>Live bytes.</returns>
    public static long LiveBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true) - BufferPool.IdleBytes;
    }
}
