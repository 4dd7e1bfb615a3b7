using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace Functional.AD;

/// <summary>
/// Owns one pooled element buffer. Every array and view using the buffer refers to its owner, so the
/// owner becomes unreachable exactly when nothing uses the buffer any more; its finalizer then returns
/// the buffer to <see cref="BufferPool"/>. (Arrays are immutable and have no Dispose: the garbage collector
/// is what tells us a buffer is free.)
/// </summary>
internal sealed class BufferOwner
{
    internal readonly Array Buffer;

    private int _released;

    internal BufferOwner(Array buffer) => Buffer = buffer;

    /// <summary>
    /// Returns the buffer to the pool now, for a caller that knows no array using it will be read again (a
    /// compiled program releasing an intermediate value after its last use). Later calls do nothing.
    /// </summary>
    internal void Release()
    {
        if (System.Threading.Interlocked.Exchange(ref _released, 1) != 0) return;
        GC.SuppressFinalize(this);
        BufferPool.Return(Buffer);
    }

    ~BufferOwner()
    {
        if (_released == 0) BufferPool.Return(Buffer);
    }
}

/// <summary>
/// Recycles large element buffers (64 KiB and more) by exact element type and length, the way a tensor
/// library's caching allocator does. A freshly allocated large array costs first-touch page faults,
/// several times more than writing into a recycled one (3 ms against 0.25 ms for 8 MB here), and eager
/// code allocates one per operation. When the pool has nothing to offer after a lot of allocation since
/// the last collection, it asks for a young-generation collection so that the buffers of dead arrays
/// come back (through their owners' finalizers) instead of touching new memory. Idle buffers are capped;
/// when the cap is reached, idle buffers of the least recently used sizes make room for new returns.
/// </summary>
internal static class BufferPool
{
    /// <summary>Buffers smaller than this are ordinary short-lived arrays (the young generation recycles those well).</summary>
    internal const int MinBytes = 1 << 16;

    private const int MaxBuckets = 64;
    private const long CollectAfterBytes = 64L << 20;

    private static readonly long MaxIdleBytes =
        Math.Clamp(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 32, 64L << 20, 512L << 20);

    private sealed class Bucket
    {
        public required Type Element;
        public required int Length;
        public required long Bytes;
        public readonly Stack<Array> Free = new();
        public long LastUse;
    }

    private static readonly object Gate = new();
    private static readonly List<Bucket> Buckets = new();
    private static long _idleBytes;
    private static long _rentedSinceCollection;
    private static int _collectionsSeen;
    private static long _clock;

    /// <summary>The most bytes idle buffers may hold.</summary>
    internal static long Capacity => MaxIdleBytes;

    /// <summary>Bytes held by idle pooled buffers (for tests and diagnostics).</summary>
    internal static long IdleBytes
    {
        get { lock (Gate) return _idleBytes; }
    }

    /// <summary>
    /// A buffer of exactly <paramref name="length"/> elements with unspecified contents, and its owner when it
    /// is pooled (null for small buffers). The caller must keep the owner reachable from every array using the buffer.
    /// </summary>
    internal static T[] Rent<T>(int length, out BufferOwner? owner) where T : unmanaged
    {
        long bytes = (long)length * Unsafe.SizeOf<T>();
        if (bytes < MinBytes)
        {
            owner = null;
            return GC.AllocateUninitializedArray<T>(length);
        }
        var array = (T[]?)TryTake(typeof(T), length, bytes, out bool collect);
        if (array is null && collect)
        {
            // Dead arrays are usually young: a gen-1 collection finds their owners, whose finalizers refill the pool.
            // (No waiting for the finalizer thread, which could deadlock if this runs on it: this request takes
            // fresh memory, the following ones find the returned buffers.)
            GC.Collect(1, GCCollectionMode.Forced, blocking: true);
        }
        array ??= GC.AllocateUninitializedArray<T>(length);
        owner = new BufferOwner(array);
        return array;
    }

    private static Array? TryTake(Type element, int length, long bytes, out bool collect)
    {
        lock (Gate)
        {
            int seen = GC.CollectionCount(0);
            if (seen != _collectionsSeen)
            {
                _collectionsSeen = seen;
                _rentedSinceCollection = 0;
            }
            _rentedSinceCollection += bytes;
            var bucket = Find(element, length);
            if (bucket is not null && bucket.Free.Count > 0)
            {
                bucket.LastUse = ++_clock;
                _idleBytes -= bytes;
                collect = false;
                return bucket.Free.Pop();
            }
            collect = _rentedSinceCollection > CollectAfterBytes;
            if (collect) _rentedSinceCollection = 0;
            return null;
        }
    }

    /// <summary>Takes back a buffer nothing refers to any more (called from <see cref="BufferOwner"/>'s finalizer).</summary>
    internal static void Return(Array buffer)
    {
        var element = buffer.GetType().GetElementType()!;
        long bytes = (long)buffer.Length * ElementSize(element);
        lock (Gate)
        {
            if (bytes > MaxIdleBytes) return;
            var bucket = Find(element, buffer.Length);
            // Make room by dropping idle buffers of the sizes used least recently (never of this size: the
            // newest returns are the ones the running computation will ask for next).
            while (_idleBytes + bytes > MaxIdleBytes)
            {
                var victim = LeastRecentlyUsedWithFree(bucket);
                if (victim is null) return;
                victim.Free.Pop();
                _idleBytes -= victim.Bytes;
            }
            if (bucket is null)
            {
                if (Buckets.Count >= MaxBuckets) EvictOldest();
                bucket = new Bucket { Element = element, Length = buffer.Length, Bytes = bytes };
                Buckets.Add(bucket);
            }
            bucket.Free.Push(buffer);
            bucket.LastUse = ++_clock;
            _idleBytes += bytes;
        }
    }

    private static Bucket? Find(Type element, int length)
    {
        foreach (var b in Buckets)
            if (b.Length == length && b.Element == element) return b;
        return null;
    }

    private static Bucket? LeastRecentlyUsedWithFree(Bucket? except)
    {
        Bucket? oldest = null;
        foreach (var b in Buckets)
            if (b != except && b.Free.Count > 0 && (oldest is null || b.LastUse < oldest.LastUse)) oldest = b;
        return oldest;
    }

    private static void EvictOldest()
    {
        Bucket oldest = Buckets[0];
        foreach (var b in Buckets) if (b.LastUse < oldest.LastUse) oldest = b;
        _idleBytes -= oldest.Bytes * oldest.Free.Count;
        Buckets.Remove(oldest);
    }

    private static int ElementSize(Type element) =>
        element == typeof(double) ? 8 : element == typeof(bool) ? 1 : 4;
}
