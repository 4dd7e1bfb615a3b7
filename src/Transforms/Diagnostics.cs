using System;

namespace Functional.AD;

/// <summary>
/// Measurements for users who want to see what their programs keep alive, and the controls of the library's pool
/// of large buffers.
/// </summary>
/// <remarks>
/// Eager operations on arrays of 64 KiB and more take their element buffers from a pool, which gets them back when
/// the library knows a value is dead (compiled programs and the backward pass release their intermediates after
/// their last use) or when a garbage collection finds that no array uses them any more. The pool keeps idle buffers
/// for reuse and tracks the buffers that may have become garbage since the last full collection; when the two
/// together would exceed <see cref="BufferPoolBudgetBytes"/>, it asks the runtime for a full collection.
/// </remarks>
public static class Diagnostics
{
    /// <summary>
    /// The bytes of managed memory in use after a full garbage collection (finalizers included), once the buffers of
    /// arrays that are no longer reachable have gone back to the library's buffer pool, not counting the idle
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
        BufferPool.ReclaimDead();
        return GC.GetTotalMemory(forceFullCollection: true) - BufferPool.IdleBytes;
    }

    /// <summary>
    /// The most bytes the buffer pool may hold beyond the arrays known to be alive: idle buffers kept for reuse plus
    /// buffers rented since the last full garbage collection (which may be garbage the runtime has not freed yet).
    /// When a new buffer would take it over the budget, the pool drops idle buffers and asks for a full collection
    /// first, so that peak memory stays near what the program actually keeps alive plus this budget. Larger values
    /// mean fewer collections and more reuse; 0 turns the pool off (every large array is then an ordinary .NET array,
    /// freed when the runtime decides). Defaults to the environment variable <c>FUNCTIONAL_AD_BUFFER_POOL_MB</c> (in
    /// MiB) when set, else 1/32 of the memory available to the process, between 64 and 512 MiB. Setting it drops idle
    /// buffers beyond the new value.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public static long BufferPoolBudgetBytes
    {
        get => BufferPool.Budget;
        set => BufferPool.Budget = value;
    }

    /// <summary>
    /// Empties the buffer pool: lets go of every idle buffer and of the buffers of arrays that are no longer
    /// reachable, then runs a full garbage collection so that their memory is freed. Arrays still in use are not
    /// affected, and the pool fills again as eager operations run. For programs that finish a large computation
    /// and want its memory back. Slow: it forces two full collections.
    /// </summary>
    /// <returns>The bytes the pool held (idle, or rented by arrays that turned out to be dead) before the call.</returns>
    public static long TrimBufferPool() => BufferPool.Trim();
}
