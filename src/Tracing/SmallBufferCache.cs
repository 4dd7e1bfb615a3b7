using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Functional.AD;

/// <summary>
/// Recycles the small buffers (under <see cref="BufferPool.MinBytes"/>) of a compiled program's intermediate values
/// on the thread that runs it. The program releases each intermediate after its last use (see
/// <c>JaxprExecutable</c>); without this cache such a buffer was an ordinary array left to the collector, so a
/// small jitted training step allocated about 128 KB per call, and the runtime cleared that much fresh memory
/// (7% of the step's time) and wrote the step's values to new, uncached addresses every call. Only explicit releases
/// come back: a buffer that escapes (a program output) is the collector's, as any array. One cache per thread,
/// active while a compiled program runs on it; a release on another thread drops the buffer.
/// </summary>
internal sealed class SmallBufferCache
{
    /// <summary>Buffers below this size stay ordinary arrays (0-d and tiny values: an owner would cost more than it saves).</summary>
    internal const int MinBytes = 256;

    private const int MaxBuckets = 16;
    private const int MaxPerBucket = 16;

    /// <summary>The most bytes a thread's cache holds (beyond it, released buffers go to the collector).</summary>
    private const long MaxBytes = 4 << 20;

    [ThreadStatic] private static SmallBufferCache? t_cache;
    [ThreadStatic] private static int t_depth;

    private readonly int _thread = Environment.CurrentManagedThreadId;
    private readonly Type?[] _types = new Type?[MaxBuckets];
    private readonly int[] _lengths = new int[MaxBuckets];
    private readonly Array?[][] _free = new Array?[MaxBuckets][];
    private readonly int[] _counts = new int[MaxBuckets];
    private readonly long[] _lastUse = new long[MaxBuckets];
    private int _buckets;
    private long _uses;
    private long _bytes;

    /// <summary>This thread's cache while a compiled program runs on it, else null.</summary>
    internal static SmallBufferCache? Current => t_depth > 0 ? t_cache : null;

    /// <summary>Starts a compiled program's run on this thread (runs nest); pair with <see cref="Exit"/>.</summary>
    internal static void Enter()
    {
        t_cache ??= new SmallBufferCache();
        t_depth++;
    }

    /// <summary>Ends the run <see cref="Enter"/> started.</summary>
    internal static void Exit() => t_depth--;

    /// <summary>A buffer of exactly <paramref name="length"/> elements (a released one when there is one), contents unspecified, and its owner.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal T[] Rent<T>(int length, out BufferOwner owner) where T : unmanaged
    {
        int b = Find(typeof(T), length);
        T[] array;
        if (b >= 0 && _counts[b] > 0)
        {
            int top = --_counts[b];
            array = Unsafe.As<T[]>(_free[b][top]!);
            _free[b][top] = null;
            _bytes -= (long)length * Unsafe.SizeOf<T>();
            _lastUse[b] = ++_uses;
        }
        else array = GC.AllocateUninitializedArray<T>(length);
        owner = new BufferOwner(array, length, this);
        return array;
    }

    /// <summary>Takes back a released buffer (on this cache's thread, while there is room; otherwise the collector gets it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void Return(Array buffer, int length)
    {
        if (Environment.CurrentManagedThreadId != _thread) return;
        var type = buffer.GetType().GetElementType()!;
        long bytes = (long)length * ElementSize(type);
        int b = Find(type, length);
        if (b < 0)
        {
            if (_buckets < MaxBuckets) b = _buckets++;
            else
            {
                b = LeastRecentlyUsed(except: -1);
                Empty(b);
            }
            _types[b] = type;
            _lengths[b] = length;
            _free[b] = new Array?[MaxPerBucket];
        }
        _lastUse[b] = ++_uses;
        if (_counts[b] == MaxPerBucket) return;
        while (_bytes + bytes > MaxBytes)
        {
            int oldest = LeastRecentlyUsed(except: b);
            if (oldest < 0 || _counts[oldest] == 0) return;
            Empty(oldest);
        }
        _free[b][_counts[b]++] = buffer;
        _bytes += bytes;
    }

    /// <summary>
    /// The bucket used longest ago (other than <paramref name="except"/>), preferring those that hold buffers; -1 when
    /// there is none. A thread that runs many programs keeps the sizes of the recent ones.
    /// </summary>
    private int LeastRecentlyUsed(int except)
    {
        int oldest = -1;
        for (int b = 0; b < _buckets; b++)
            if (b != except && (oldest < 0 || (_counts[b] > 0 && (_counts[oldest] == 0 || _lastUse[b] < _lastUse[oldest]))))
                oldest = b;
        return oldest;
    }

    /// <summary>Lets the collector have a bucket's buffers.</summary>
    private void Empty(int b)
    {
        _bytes -= _counts[b] * (long)_lengths[b] * ElementSize(_types[b]!);
        Array.Clear(_free[b]);
        _counts[b] = 0;
    }

    private static int ElementSize(Type type) =>
        type == typeof(double) ? 8 : type == typeof(float) || type == typeof(int) ? 4 : type == typeof(bool) ? 1 : Marshal.SizeOf(type);

    private int Find(Type type, int length)
    {
        for (int b = 0; b < _buckets; b++)
            if (_lengths[b] == length && ReferenceEquals(_types[b], type)) return b;
        return -1;
    }
}
