using System;
using System.Collections.Generic;
using LanguageExt;

namespace Functional.AD.LanguageExt.Nodes;

/// <summary>
/// A map whose values are its children in key order and whose keys, a <c>K[]</c> compared element by element,
/// are its auxiliary data and name its children. The last keys seen are kept: flattening the same keys again
/// returns the same array, whose children's names were made once.
/// </summary>
internal abstract class KeyedNode<K, V> : TreeNodeType
{
    private sealed class Names(K[] keys, string[] names)
    {
        public readonly K[] Keys = keys;
        public readonly string[] Text = names;
    }

    private Names? _last;

    protected KeyedNode(Type type) : base(type) { }

    /// <summary>
    /// The keys as auxiliary data: the last keys seen when <paramref name="keys"/> equals them, else <paramref name="keys"/>
    /// (which becomes the last).
    /// </summary>
    protected K[] Intern(K[] keys)
    {
        var last = _last;
        if (last is not null && last.Keys.Length == keys.Length)
        {
            var comparer = EqualityComparer<K>.Default;
            bool same = true;
            for (int i = 0; i < keys.Length && same; i++) same = comparer.Equals(last.Keys[i], keys[i]);
            if (same) return last.Keys;
        }
        var names = new string[keys.Length];
        for (int i = 0; i < names.Length; i++) names[i] = Name(keys[i]);
        _last = new Names(keys, names);
        return keys;
    }

    /// <summary>The (key, value) pairs of a rebuilt map.</summary>
    protected static (K, V)[] Pairs(object? aux, ReadOnlySpan<object?> children)
    {
        var keys = (K[])aux!;
        var pairs = new (K, V)[keys.Length];
        for (int i = 0; i < pairs.Length; i++) pairs[i] = (keys[i], (V)children[i]!);
        return pairs;
    }

    private static string Name(K key) => key is string s ? s : key?.ToString() ?? "";

    public override string? ChildName(object? aux, int index)
    {
        var keys = (K[])aux!;
        var last = _last;
        return last is not null && ReferenceEquals(last.Keys, keys) ? last.Text[index] : Name(keys[index]);
    }

    public override bool ChildNamesAreKeys => true;
}

/// <summary><c>Map&lt;K, V&gt;</c>: its values in the map's own key order.</summary>
internal sealed class MapNode<K, V> : KeyedNode<K, V>
{
    public MapNode() : base(typeof(Map<K, V>)) { }

    public override object? Flatten(object node, List<object?> children)
    {
        var map = (Map<K, V>)node;
        var keys = new K[map.Count];
        int i = 0;
        foreach (var (key, value) in map)
        {
            keys[i++] = key;
            children.Add(value);
        }
        return Intern(keys);
    }

    public override object Unflatten(object? aux, ReadOnlySpan<object?> children) => new Map<K, V>(Pairs(aux, children));

    public override string DisplayName(object? aux) => "Map";
}

/// <summary>
/// <c>HashMap&lt;K, V&gt;</c>: its values in key order, which a hash map does not have: keys are sorted, ordinally for
/// strings, by <see cref="Comparer{T}.Default"/> for keys that implement <see cref="IComparable{T}"/> or
/// <see cref="IComparable"/>. Other keys have no deterministic order, and flattening such a map fails.
/// </summary>
internal sealed class HashMapNode<K, V> : KeyedNode<K, V>
{
    private static readonly IComparer<K>? Order =
        typeof(K) == typeof(string) ? (IComparer<K>)(object)StringComparer.Ordinal
        : typeof(IComparable<K>).IsAssignableFrom(typeof(K)) || typeof(IComparable).IsAssignableFrom(typeof(K)) ? Comparer<K>.Default
        : null;

    public HashMapNode() : base(typeof(HashMap<K, V>)) { }

    public override object? Flatten(object node, List<object?> children)
    {
        var map = (HashMap<K, V>)node;
        if (Order is null)
            throw new ArgumentException(
                $"Functional.AD.LanguageExt: a HashMap<{typeof(K).Name}, {typeof(V).Name}> is a pytree only when its keys can be " +
                $"sorted (its children need an order that does not depend on hashing): {typeof(K).Name} implements neither " +
                "IComparable<T> nor IComparable. Use string or comparable keys, or a Map<K, V>.");
        var keys = new K[map.Count];
        var values = new V[keys.Length];
        int n = 0;
        foreach (var (key, value) in map)
        {
            keys[n] = key;
            values[n++] = value;
        }
        System.Array.Sort(keys, values, Order);
        for (int i = 0; i < values.Length; i++) children.Add(values[i]);
        return Intern(keys);
    }

    public override object Unflatten(object? aux, ReadOnlySpan<object?> children) => new HashMap<K, V>(Pairs(aux, children));

    public override string DisplayName(object? aux) => "HashMap";
}
