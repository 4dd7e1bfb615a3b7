using System;
using System.Runtime.CompilerServices;
using System.Collections.Generic;
using System.Threading;

namespace Functional.AD;

/// <summary>
/// The traces of one staged function, by input signature (or the compiled programs of staged forward-over-reverse
/// calls, by the structure of their jaxpr): a least-recently-used cache of at most <see cref="Jax.JitCacheCapacity"/>
/// entries (fewer when the cache is built with a lower limit). Each entry is built once even when several threads miss at the
/// same time (they wait for the one trace); a build that throws is not kept, so the next call builds again
/// (a transient failure, or a fixed bug in captured state, is not remembered forever). Thread-safe. The
/// signature used last is read without taking the lock, so a function called again and again at one signature
/// pays no lookup.
/// </summary>
internal sealed class SignatureCache<TKey, TEntry> where TKey : struct, IEquatable<TKey> where TEntry : class
{
    /// <summary>One cached signature and its entry, built on first use.</summary>
    private sealed class Slot
    {
        public readonly TKey Signature;
        public readonly Lazy<TEntry> Value;

        /// <summary>The managed thread that ran the build.</summary>
        public int Builder;

        public Slot(TKey signature, Func<TEntry> build)
        {
            Signature = signature;
            Value = new Lazy<TEntry>(() =>
            {
                Builder = Environment.CurrentManagedThreadId;
                return build();
            }, LazyThreadSafetyMode.ExecutionAndPublication);
        }
    }

    private readonly object _gate = new();
    private readonly Dictionary<TKey, LinkedListNode<Slot>> _index = new();
    private readonly LinkedList<Slot> _recency = new();   // most recently used first
    private readonly int _maxCapacity;
    private Slot? _last;

    /// <summary>A cache holding at most <see cref="Jax.JitCacheCapacity"/> entries, and never more than <paramref name="maxCapacity"/>.</summary>
    internal SignatureCache(int maxCapacity = int.MaxValue) => _maxCapacity = maxCapacity;

    /// <summary>How many signatures are cached.</summary>
    internal int Count
    {
        get { lock (_gate) return _index.Count; }
    }

    /// <summary>
    /// The entry for <paramref name="signature"/>, built by <paramref name="build"/> on a miss. An entry that is not
    /// <paramref name="reusable"/> serves this call only. <paramref name="built"/> says whether this call built it;
    /// <paramref name="evicted"/> is the signature that made room for it, if any.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal TEntry GetOrBuild(TKey signature, Func<TEntry> build, Func<TEntry, bool> reusable, out bool built, out TKey? evicted)
    {
        evicted = null;
        var slot = Volatile.Read(ref _last);
        if (slot is null || !slot.Signature.Equals(signature)) slot = Find(signature, build, out evicted);
        bool existed = slot.Value.IsValueCreated;
        try
        {
            var entry = slot.Value.Value;   // waits when another thread is building it
            built = !existed && slot.Builder == Environment.CurrentManagedThreadId;
            if (reusable(entry)) Volatile.Write(ref _last, slot);
            else Remove(slot);
            return entry;
        }
        catch
        {
            Remove(slot);   // do not remember the failure: the next call traces again
            throw;
        }
    }

    /// <summary>The most recently used signature other than <paramref name="signature"/>, if any (to explain a retrace).</summary>
    internal TKey? MostRecentOtherThan(TKey signature)
    {
        lock (_gate)
            foreach (var slot in _recency)
                if (!slot.Signature.Equals(signature)) return slot.Signature;
        return null;
    }

    private Slot Find(TKey signature, Func<TEntry> build, out TKey? evicted)
    {
        evicted = null;
        lock (_gate)
        {
            if (_index.TryGetValue(signature, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                return node.Value;
            }
            int capacity = Math.Min(Jax.JitCacheCapacity, _maxCapacity);
            while (_index.Count >= capacity && _recency.Last is { } oldest)
            {
                evicted = oldest.Value.Signature;
                RemoveNode(oldest);
            }
            var added = _recency.AddFirst(new Slot(signature, build));
            _index.Add(signature, added);
            return added.Value;
        }
    }

    private void Remove(Slot slot)
    {
        lock (_gate)
            if (_index.TryGetValue(slot.Signature, out var node) && ReferenceEquals(node.Value, slot)) RemoveNode(node);
    }

    private void RemoveNode(LinkedListNode<Slot> node)
    {
        _index.Remove(node.Value.Signature);
        _recency.Remove(node);
        if (ReferenceEquals(_last, node.Value)) Volatile.Write(ref _last, null);
    }
}
