using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace Functional.AD;

/// <summary>
/// Owns one pooled element buffer. Every array and view using the buffer refers to its owner, so the owner becomes
/// unreachable exactly when nothing uses the buffer any more. <see cref="BufferPool"/> holds the owner through a weak
/// handle and the buffer strongly: after a collection in which the owner died, the pool takes the buffer back.
/// (Arrays are immutable and have no Dispose: the garbage collector is what tells us a buffer is free, unless the
/// library knows it first and calls <see cref="Release"/>.)
/// </summary>
internal sealed class BufferOwner
{
    internal readonly Array Buffer;

    /// <summary>Where the rented elements start in <see cref="Buffer"/> (a 64-byte boundary for the pool's own buffers).</summary>
    internal readonly int Offset;

    /// <summary>The number of elements rented (the buffer may be longer: room to align <see cref="Offset"/>).</summary>
    internal readonly int Length;

    /// <summary>The pool's record of this rental (its weak handle and its place in the list of rentals), or null for a <see cref="SmallBufferCache"/> buffer.</summary>
    internal readonly BufferPool.Rental? Rental;

    /// <summary>The thread's cache of small buffers this one came from, or null for a pooled buffer.</summary>
    private readonly SmallBufferCache? _cache;

    private int _released;

    /// <summary>True once <see cref="Release"/> has run: the buffer may hold other values now (see <see cref="JitDonation"/>).</summary>
    internal bool IsReleased => Volatile.Read(ref _released) != 0;

    internal BufferOwner(Array buffer, int offset, int length, BufferPool.Rental rental)
    {
        Buffer = buffer;
        Offset = offset;
        Length = length;
        Rental = rental;
    }

    internal BufferOwner(Array buffer, int length, SmallBufferCache cache)
    {
        Buffer = buffer;
        Length = length;
        _cache = cache;
    }

    /// <summary>
    /// Hands the buffer to a new owner, for an array that takes over the buffer of one that is dead from now on (a
    /// compiled fused loop writing its result over an operand at its last use): this owner counts as released (its
    /// arrays are deleted, see <see cref="IsReleased"/>) without the buffer going back to the pool, and the pool's
    /// rental follows the new owner.
    /// </summary>
    internal BufferOwner Transfer()
    {
        var next = new BufferOwner(Buffer, Offset, Length, Rental!);
        BufferPool.Retarget(Rental!, next);
        Volatile.Write(ref _released, 1);
        return next;
    }

    /// <summary>
    /// Returns the buffer to the pool now, for a caller that knows no array using it will be read again (a compiled
    /// program releasing an intermediate value after its last use, the backward pass releasing a dead cotangent).
    /// Later calls do nothing.
    /// </summary>
    internal void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) != 0) return;
        if (_cache is not null) _cache.Return(Buffer, Length);
        else BufferPool.Release(this);
    }
}

/// <summary>
/// Recycles large element buffers (64 KiB and more) by exact element type and length, the way a tensor library's
/// caching allocator does. The pool's own buffers are pinned (they never move) and a little longer than asked for, so
/// that the elements start on a 64-byte boundary: SIMD kernels then never split a load or store across two cache
/// lines (512-bit operations on misaligned data ran up to 1.7x slower on the AVX-512 machine measured). A freshly allocated large array costs first-touch page faults, several times more than
/// writing into a recycled one (3 ms against 0.25 ms for 8 MB here), and eager code allocates one per operation.
/// <para>
/// Accounting: every rented buffer stays on a list of rentals until it comes back, either released by the library
/// at its last use or found after a collection whose weak handle to its owner came back empty. The pool holds three
/// kinds of bytes: <em>idle</em> (buffers ready for reuse), <em>pending</em> (rented since the last full collection,
/// or dropped from the idle lists since then: memory that may be garbage the runtime has not looked at yet) and
/// the rest of the rentals, which were alive at the last full collection. Large buffers live on the large object
/// heap, which only a full (gen-2) collection frees, and the runtime schedules those rarely; so the pool asks for
/// one itself when idle plus pending bytes would exceed <see cref="Budget"/>, and for a cheap young-generation one
/// when it has nothing to offer after a lot of allocation since the last collection. Either way the buffers of
/// arrays that died come back before the request that asked for the collection is served.
/// </para>
/// </summary>
internal static class BufferPool
{
    /// <summary>Buffers smaller than this are ordinary short-lived arrays (the young generation recycles those well).</summary>
    internal const int MinBytes = 1 << 16;

    /// <summary>The environment variable that sets the initial <see cref="Budget"/>, in MiB.</summary>
    internal const string BudgetVariable = "FUNCTIONAL_AD_BUFFER_POOL_MB";

    private const int MaxBuckets = 64;
    private const long YoungCollectionBytes = 64L << 20;

    /// <summary>
    /// A miss may trigger a young collection once the time since the previous collection is this many times the
    /// previous collection's duration, which keeps such collections under about 2% of the run time. A fresh buffer
    /// costs its first touch, one page fault per 4 KiB page: 0.2 to 0.5 µs each on ordinary machines, 13 µs in the
    /// virtual machines measured (13 ms for 4 MiB), against 0.15 to 0.3 ms for a young collection of a heap whose big
    /// arrays are pooled. Without this, a program whose results escape (a jitted step returning new parameters)
    /// took fresh buffers for its first 30 calls, until 64 MiB of rentals asked for a collection. The duration counted
    /// is capped at <see cref="CollectionCostCap"/>: a process's first collections are slow (6 ms measured, paging in
    /// the collector's own data) and would otherwise hold the next one off for a third of a second.
    /// </summary>
    private const long CollectionSpacingFactor = 10;

    /// <summary>The most a collection's duration counts in <see cref="YoungCollectionIsCheap"/> (0.5 ms).</summary>
    private static readonly long CollectionCostCap = System.Diagnostics.Stopwatch.Frequency / 2000;

    /// <summary>One rented buffer the pool has not got back yet.</summary>
    internal sealed class Rental
    {
        internal GCHandle Owner;
        internal Array? Buffer;
        internal long Bytes;
        /// <summary>The number of elements rented (the key of the buffer's bucket).</summary>
        internal int Length;
        internal int Index = -1;

        /// <summary>The owner was alive at a full collection (so its bytes are not pending), and the rental is on the old list.</summary>
        internal bool Survivor;
    }

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
    private static readonly List<Rental> Young = new(), Old = new();   // rentals not yet seen by a full collection, and survivors of one
    private static long _budget = DefaultBudget();
    private static long _idleBytes, _rentedBytes, _survivorBytes, _droppedBytes;
    private static long _rentedSinceCollection;
    private static int _gen0Seen, _gen2Seen;
    private static long _lastCollectionEnd, _lastCollectionTicks;
    private static long _firstTouchTicksPerMiB;
    private static int _fruitlessCollections;
    /// <summary>Time spent in young collections that misses asked for, not yet paid back by a fresh buffer (see <see cref="PaysForFreshBuffer(long)"/>).</summary>
    private static long _collectionDebt;
    private static long _clock;
    private static long _releases, _fullCollections, _highWater, _freshBuffers, _freshBytes, _paidFreshBuffers;

    /// <summary>
    /// The most bytes idle and pending buffers may hold together before the pool asks for a full collection; idle
    /// buffers alone are capped at it too. 0 turns pooling off (every large array is an ordinary one).
    /// </summary>
    internal static long Budget
    {
        get => Volatile.Read(ref _budget);
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            lock (Gate)
            {
                _budget = value;
                TrimIdle(value, keep: null);
            }
        }
    }

    /// <summary>The budget a process starts with: <see cref="BudgetVariable"/> MiB when it is set to a number, else 1/32 of the memory available, between 64 and 512 MiB.</summary>
    internal static long DefaultBudget()
    {
        if (long.TryParse(Environment.GetEnvironmentVariable(BudgetVariable), out var mib) && mib >= 0)
            return Math.Min(mib, long.MaxValue >> 21) << 20;
        return Math.Clamp(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 32, 64L << 20, 512L << 20);
    }

    /// <summary>The most bytes idle buffers may hold (the budget).</summary>
    internal static long Capacity => Budget;

    /// <summary>Bytes held by idle pooled buffers (for tests and diagnostics).</summary>
    internal static long IdleBytes
    {
        get { lock (Gate) return _idleBytes; }
    }

    /// <summary>Bytes rented since the last full collection and not back yet, plus bytes dropped since then: what may be garbage the runtime has not freed.</summary>
    internal static long PendingBytes
    {
        get { lock (Gate) return Pending; }
    }

    /// <summary>Bytes of all rented buffers the pool has not got back.</summary>
    internal static long RentedBytes
    {
        get { lock (Gate) return _rentedBytes; }
    }

    /// <summary>The most bytes rented at once since <see cref="ResetHighWater"/> (for tests: the peak of a computation).</summary>
    internal static long HighWaterBytes
    {
        get { lock (Gate) return _highWater; }
    }

    /// <summary>Starts a new <see cref="HighWaterBytes"/> measurement from the bytes rented now.</summary>
    internal static void ResetHighWater()
    {
        lock (Gate) _highWater = _rentedBytes;
    }

    /// <summary>Buffers released by the library at their last use so far (not found by a collection).</summary>
    internal static long Releases => Interlocked.Read(ref _releases);

    /// <summary>Buffers the pool allocated fresh so far (misses), for diagnostics.</summary>
    internal static long FreshBuffers => Interlocked.Read(ref _freshBuffers);

    /// <summary>Fresh buffers taken so far because collections had cost as much (<see cref="PaysForFreshBuffer(long)"/>), for tests and diagnostics.</summary>
    internal static long PaidFreshBuffers => Interlocked.Read(ref _paidFreshBuffers);

    /// <summary>Bytes of the buffers the pool allocated fresh so far, for diagnostics.</summary>
    internal static long FreshBytes => Interlocked.Read(ref _freshBytes);

    /// <summary>Full collections the pool has asked for so far.</summary>
    internal static long FullCollections => Interlocked.Read(ref _fullCollections);

    private static long Pending => _rentedBytes - _survivorBytes + _droppedBytes;

    /// <summary>
    /// A buffer holding <paramref name="length"/> elements with unspecified contents from <paramref name="offset"/> on,
    /// and its owner when it is pooled (null for small buffers, which start at 0). The caller must keep the owner
    /// reachable from every array using the buffer.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static T[] Rent<T>(int length, out BufferOwner? owner, out int offset) where T : unmanaged
    {
        long bytes = (long)length * Unsafe.SizeOf<T>();
        if (bytes < MinBytes || Budget == 0)
        {
            offset = 0;
            if (bytes >= SmallBufferCache.MinBytes && Budget != 0 && SmallBufferCache.Current is { } cache)
                return cache.Rent<T>(length, out owner);
            owner = null;
            return GC.AllocateUninitializedArray<T>(length);
        }
        var array = (T[]?)Take(typeof(T), length, bytes);
        if (array is null)
        {
            array = GC.AllocateUninitializedArray<T>(length + (Alignment / Unsafe.SizeOf<T>()), pinned: true);
            Interlocked.Increment(ref _freshBuffers);
            Interlocked.Add(ref _freshBytes, bytes);
            if (bytes >= FirstTouchProbeBytes) MeasureFirstTouch(array, bytes);
        }
        offset = AlignedOffset(array, length);
        var rental = new Rental { Bytes = bytes, Length = length };
        owner = new BufferOwner(array, offset, length, rental);
        lock (Gate)
        {
            rental.Owner = GCHandle.Alloc(owner, GCHandleType.Weak);
            rental.Buffer = array;
            rental.Index = Young.Count;
            Young.Add(rental);
            _rentedBytes += bytes;
            if (_rentedBytes > _highWater) _highWater = _rentedBytes;
        }
        AllocationLog.Record(owner);
        return array;
    }

    /// <summary>
    /// Fresh buffers of at least this many bytes have their first touch timed (<see cref="MeasureFirstTouch"/>): 64
    /// pages, small enough that a program whose results are all a few hundred KiB (a 256 x 512 f32 activation is 512
    /// KiB) gets measured, without which its collections never pay for a fresh buffer (<see cref="PaysForFreshBuffer(long)"/>).
    /// With 1 MiB here, W7's eager 64-layer forward collected 16 times a call (4.5 ms of pauses in 100 ms); with 256 KiB,
    /// 3.5 times (0.85 ms in 90 ms).
    /// </summary>
    private const long FirstTouchProbeBytes = 1 << 18;

    /// <summary>Forgets the measured first-touch time, as in a process that has not taken a fresh buffer yet (for tests).</summary>
    internal static void ForgetFirstTouch() => Volatile.Write(ref _firstTouchTicksPerMiB, 0);

    /// <summary>
    /// Touches one byte per 4 KiB page of a fresh buffer (what its first writer would do anyway) and keeps the time per
    /// byte: the cost of a miss, which <see cref="FreshBufferCostsMore(long)"/> weighs against a young collection. It is
    /// 0.05 to 0.1 ns per byte on ordinary machines and 3 ns in the virtual machines measured (13 ms for 4 MiB).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void MeasureFirstTouch<T>(T[] array, long bytes) where T : unmanaged
    {
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        byte* p = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
        for (long off = 0; off < bytes; off += 4096) p[off] = 0;
        long ticks = System.Diagnostics.Stopwatch.GetTimestamp() - start;
        Volatile.Write(ref _firstTouchTicksPerMiB, ticks * (1L << 20) / bytes);
    }

    /// <summary>
    /// True when taking a fresh buffer of <paramref name="bytes"/> is measured to cost more than twice a young collection
    /// (capped as in <see cref="YoungCollectionIsCheap"/>) and <see cref="FreshSpacingFactor"/> collection durations have
    /// passed since the last one, unless the last two collections a miss asked for found no buffer (results kept alive:
    /// collecting again would not help). Under the lock.
    /// </summary>
    private static bool FreshBufferCostsMore(long bytes) =>
        FreshBufferCostsMore(bytes, Volatile.Read(ref _firstTouchTicksPerMiB), Math.Min(_lastCollectionTicks, CollectionCostCap),
            System.Diagnostics.Stopwatch.GetTimestamp() - _lastCollectionEnd, _fruitlessCollections);

    /// <summary>
    /// True when the young collections misses have asked for since the pool last grew have cost as much as the first
    /// touch of a fresh buffer of <paramref name="bytes"/>: the miss then takes one and pays it from that debt, so that
    /// the pool's stock grows and collections become rarer (a program that keeps missing pays at most twice the
    /// cheaper of the two ways, as in renting skis until their price is spent). Under the lock.
    /// </summary>
    /// <remarks>
    /// Every collection a miss asked for counts, whichever rule asked: a loop whose dropped results come back at
    /// each collection otherwise settles on the stock it has, and the collections stay a fixed share of its time
    /// (every 2.4 calls for 1 MiB products at two threads, 3-4% of the run, with a stock that did not grow).
    /// </remarks>
    private static bool PaysForFreshBuffer(long bytes)
    {
        if (!PaysForFreshBuffer(_collectionDebt, bytes, Volatile.Read(ref _firstTouchTicksPerMiB), Math.Min(_lastCollectionTicks, CollectionCostCap),
                System.Diagnostics.Stopwatch.GetTimestamp() - _lastCollectionEnd, out long fresh))
            return false;
        _collectionDebt -= fresh;
        Interlocked.Increment(ref _paidFreshBuffers);
        return true;
    }

    /// <summary>The rule of <see cref="PaysForFreshBuffer(long)"/> on given figures (ticks), for tests.</summary>
    /// <param name="debt">The cost of the collections misses asked for, not yet paid back by a fresh buffer.</param>
    /// <param name="bytes">The size of the buffer missed.</param>
    /// <param name="firstTouchTicksPerMiB">The measured first-touch time per MiB (0: not measured yet, never pays).</param>
    /// <param name="collection">The last young collection's duration, capped.</param>
    /// <param name="sinceLastCollection">Time since the last collection ended.</param>
    /// <param name="fresh">The estimated first-touch time of the buffer.</param>
    /// <returns>Whether to take a fresh buffer paid from the debt.</returns>
    internal static bool PaysForFreshBuffer(long debt, long bytes, long firstTouchTicksPerMiB, long collection, long sinceLastCollection, out long fresh)
    {
        fresh = firstTouchTicksPerMiB * (bytes >> 10) >> 10;
        return firstTouchTicksPerMiB > 0 && debt >= fresh && sinceLastCollection < StockGrowthSpacingFactor * collection;
    }

    /// <summary>
    /// The stock grows (<see cref="PaysForFreshBuffer(long)"/>) only while collections come less than this many
    /// collection durations apart, that is while they take more than about 2% of the run: beyond that a bigger stock
    /// would save little and only hold memory (a long training loop would otherwise keep adding buffers, ever more
    /// slowly, up to the budget).
    /// </summary>
    private const long StockGrowthSpacingFactor = 50;

    /// <summary>The rule of <see cref="FreshBufferCostsMore(long)"/> on given measurements (ticks), for tests.</summary>
    /// <param name="bytes">The size of the buffer missed.</param>
    /// <param name="firstTouchTicksPerMiB">The measured first-touch time per MiB (0: not measured yet).</param>
    /// <param name="collection">The last young collection's duration, capped.</param>
    /// <param name="sinceLastCollection">Time since the last collection ended.</param>
    /// <param name="fruitless">Consecutive collections on a miss that found no buffer.</param>
    /// <returns>Whether to collect before taking a fresh buffer (unless <see cref="PaysForFreshBuffer(long)"/> grows the stock instead).</returns>
    internal static bool FreshBufferCostsMore(long bytes, long firstTouchTicksPerMiB, long collection, long sinceLastCollection, int fruitless) =>
        fruitless < 2
        && firstTouchTicksPerMiB * (bytes >> 20) > 2 * collection
        && sinceLastCollection >= FreshSpacingFactor * collection;

    /// <summary>
    /// A miss whose fresh buffer costs more than a young collection may collect once this many collection durations
    /// have passed since the last one (instead of <see cref="CollectionSpacingFactor"/>): collections then take at most
    /// a quarter of the run time while the pool fills, and the pool still grows to what one spacing needs.
    /// </summary>
    private const long FreshSpacingFactor = 3;

    /// <summary>The byte boundary the pool's buffers start their elements on.</summary>
    private const int Alignment = 64;

    /// <summary>
    /// The first index of <paramref name="array"/> on an <see cref="Alignment"/>-byte boundary, when
    /// <paramref name="length"/> elements fit from there on; else 0 (a buffer given to <see cref="Return"/> without
    /// room to spare). The pool's own buffers are pinned, so the boundary stays where it is.
    /// </summary>
    private static unsafe int AlignedOffset<T>(T[] array, int length) where T : unmanaged
    {
        nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
        int offset = (int)(((Alignment - (address & (Alignment - 1))) & (Alignment - 1)) / Unsafe.SizeOf<T>());
        return offset + length <= array.Length ? offset : 0;
    }

    /// <summary>
    /// An idle buffer of the size or null, after making sure that idle and pending bytes leave room for
    /// <paramref name="bytes"/> more within the budget (collecting when they do not).
    /// </summary>
    private static Array? Take(Type element, int length, long bytes)
    {
        int generation;
        Array? found;
        lock (Gate)
        {
            Reclaim();
            found = TakeIdle(element, length, bytes);
            _rentedSinceCollection += bytes;
            generation = -1;
            if (_idleBytes + Pending + bytes > _budget)
            {
                // Drop idle buffers first, down to half the budget so that the next full collection is at least half
                // a budget of new rentals away: what is dropped is garbage that this collection frees.
                TrimIdle(Math.Max(0, Math.Min(_budget / 2, _budget - Pending - bytes)), keep: null);
                generation = 2;
            }
            else if (found is null)
            {
                // Dead arrays are usually young: a cheap young-generation collection finds most of them, and is
                // cheaper than the first touch of a fresh buffer once rentals since the last one could have died
                // (unless the collections have already paid for a fresh one).
                if (_rentedSinceCollection > Math.Min(YoungCollectionBytes, _budget / 4)
                    || (_rentedSinceCollection > bytes && (YoungCollectionIsCheap() || FreshBufferCostsMore(bytes)) && !PaysForFreshBuffer(bytes)))
                {
                    generation = 1;
                }
            }
            if (generation < 0) return found;
        }
        // Outside the lock, so that other threads can return buffers meanwhile. No finalizers are involved, so this
        // runs on any thread, and the weak handles of owners that died are empty when the collection returns.
        Collect(generation);
        bool again;
        lock (Gate)
        {
            Reclaim();
            found ??= TakeIdle(element, length, bytes);
            _fruitlessCollections = found is null ? _fruitlessCollections + 1 : 0;
            if (generation == 1) _collectionDebt += Math.Min(_lastCollectionTicks, CollectionCostCap);   // a miss asked for it
            if (generation < 2) return found;
            // The collection may have found more dead buffers than the budget keeps idle: the ones dropped are
            // garbage now, and one more collection frees them (rare: it takes a budget's worth of garbage).
            TrimIdle(Math.Max(0, _budget - Pending - bytes), keep: null);
            again = _droppedBytes > 0 && _idleBytes + Pending + bytes > _budget;
        }
        if (again)
        {
            Collect(2);
            lock (Gate) Reclaim();
        }
        return found;
    }

    private static void Collect(int generation)
    {
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        GC.Collect(generation, GCCollectionMode.Forced, blocking: true);
        long end = System.Diagnostics.Stopwatch.GetTimestamp();
        lock (Gate)
        {
            _lastCollectionTicks = end - start;
            _lastCollectionEnd = end;
        }
        if (generation == 2) Interlocked.Increment(ref _fullCollections);
    }

    /// <summary>True when a young collection now keeps collections within their time share (under the lock).</summary>
    private static bool YoungCollectionIsCheap() =>
        System.Diagnostics.Stopwatch.GetTimestamp() - _lastCollectionEnd >= CollectionSpacingFactor * Math.Min(_lastCollectionTicks, CollectionCostCap);

    /// <summary>An idle buffer of the element type and length, or null (under the lock).</summary>
    private static Array? TakeIdle(Type element, int length, long bytes)
    {
        var bucket = Find(element, length);
        if (bucket is null || bucket.Free.Count == 0) return null;
        bucket.LastUse = ++_clock;
        _idleBytes -= bytes;
        return bucket.Free.Pop();
    }

    /// <summary>Takes back, after collections the caller ran, the buffers of arrays that died (for measurements).</summary>
    internal static void ReclaimDead()
    {
        lock (Gate)
        {
            Reclaim();
            TrimIdle(Math.Max(0, _budget - Pending), keep: null);
        }
    }

    /// <summary>
    /// Puts the buffers of owners that died in the collections since the last call on the idle lists, without
    /// trimming them to the cap (under the lock). After a young-generation collection only the young rentals are
    /// looked at (survivors of a full collection are usually old; the next full one finds them); after a full one,
    /// every rental, and the young ones still alive become old.
    /// </summary>
    private static void Reclaim()
    {
        int gen0 = GC.CollectionCount(0), gen2 = GC.CollectionCount(2);
        if (gen0 == _gen0Seen) return;
        bool full = gen2 != _gen2Seen;
        _gen0Seen = gen0;
        _gen2Seen = gen2;
        _rentedSinceCollection = 0;
        if (full)
        {
            _droppedBytes = 0;   // the buffers dropped before it were garbage during the collection, so it freed them
            for (int i = Old.Count - 1; i >= 0; i--)
                if (Old[i].Owner.Target is null) ReclaimRental(Old[i]);
        }
        for (int i = Young.Count - 1; i >= 0; i--)
        {
            var r = Young[i];
            if (r.Owner.Target is null) ReclaimRental(r);
            else if (full)
            {
                Remove(r);
                r.Survivor = true;
                r.Index = Old.Count;
                Old.Add(r);
                _rentedBytes += r.Bytes;
                _survivorBytes += r.Bytes;
            }
        }
    }

    private static void ReclaimRental(Rental r)
    {
        var buffer = r.Buffer!;
        Remove(r);
        r.Owner.Free();
        r.Buffer = null;
        AddIdle(buffer, r.Length, r.Bytes);
    }

    /// <summary>Makes a rental follow a new owner of its buffer (see <see cref="BufferOwner.Transfer"/>).</summary>
    internal static void Retarget(Rental rental, BufferOwner owner)
    {
        lock (Gate) rental.Owner.Target = owner;
    }

    /// <summary>Takes back a buffer the library knows is dead (see <see cref="BufferOwner.Release"/>).</summary>
    internal static void Release(BufferOwner owner)
    {
        var r = owner.Rental!;
        lock (Gate)
        {
            if (r.Index < 0) return;
            Remove(r);
            r.Owner.Free();
            r.Buffer = null;
            AddIdle(owner.Buffer, owner.Length, r.Bytes);
            TrimIdle(_budget, keep: Find(owner.Buffer.GetType().GetElementType()!, owner.Length));
        }
        Interlocked.Increment(ref _releases);
    }

    /// <summary>Puts a buffer nothing refers to on the idle lists (tests fill the pool with it), within the cap.</summary>
    internal static void Return(Array buffer)
    {
        long bytes = (long)buffer.Length * ElementSize(buffer.GetType().GetElementType()!);
        lock (Gate)
        {
            AddIdle(buffer, buffer.Length, bytes);
            TrimIdle(_budget, keep: Find(buffer.GetType().GetElementType()!, buffer.Length));
        }
    }

    /// <summary>
    /// Lets go of every idle buffer and of the buffers of arrays that are no longer reachable, with full collections
    /// before and after so that their memory is freed. Returns the bytes the pool held for reuse or as pending.
    /// </summary>
    internal static long Trim()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true);
        long held;
        lock (Gate)
        {
            Reclaim();
            held = _idleBytes + Pending;
            TrimIdle(0, keep: null);
        }
        GC.Collect(2, GCCollectionMode.Forced, blocking: true);
        lock (Gate) Reclaim();
        return held;
    }

    /// <summary>Takes a rental off its list (the caller frees its handle or moves it to the other list).</summary>
    private static void Remove(Rental r)
    {
        var list = r.Survivor ? Old : Young;
        int last = list.Count - 1;
        var moved = list[last];
        list[r.Index] = moved;
        moved.Index = r.Index;
        list.RemoveAt(last);
        r.Index = -1;
        _rentedBytes -= r.Bytes;
        if (r.Survivor) _survivorBytes -= r.Bytes;
    }

    /// <summary>Puts <paramref name="buffer"/> on the idle list of <paramref name="length"/>-element rentals (under the lock).</summary>
    private static void AddIdle(Array buffer, int length, long bytes)
    {
        var element = buffer.GetType().GetElementType()!;
        var bucket = Find(element, length);
        if (bucket is null)
        {
            if (Buckets.Count >= MaxBuckets) EvictOldest();
            bucket = new Bucket { Element = element, Length = length, Bytes = bytes };
            Buckets.Add(bucket);
        }
        bucket.Free.Push(buffer);
        bucket.LastUse = ++_clock;
        _idleBytes += bytes;
    }

    /// <summary>
    /// Drops idle buffers until at most <paramref name="limit"/> bytes are idle: those of the sizes used least
    /// recently first, <paramref name="keep"/>'s last (the newest returns are the ones the running computation
    /// asks for next). Dropped bytes count as pending until the next full collection frees them.
    /// </summary>
    private static void TrimIdle(long limit, Bucket? keep)
    {
        while (_idleBytes > limit)
        {
            var victim = LeastRecentlyUsedWithFree(keep) ?? (keep is { Free.Count: > 0 } ? keep : null);
            if (victim is null) return;
            victim.Free.Pop();
            _idleBytes -= victim.Bytes;
            _droppedBytes += victim.Bytes;
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
        _droppedBytes += oldest.Bytes * oldest.Free.Count;
        Buckets.Remove(oldest);
    }

    private static int ElementSize(Type element) =>
        element == typeof(double) ? 8 : element == typeof(bool) ? 1 : 4;
}
