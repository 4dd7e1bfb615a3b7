using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace Functional.AD;

/// <summary>
/// The arrays of an <c>.npz</c> archive, read by <see cref="Np.LoadNpz(string)"/>: a read-only map from names to
/// arrays in the archive's order, like numpy's <c>NpzFile</c>. Every array is read when the archive is opened, so
/// the map holds no file open and needs no disposing.
/// </summary>
public sealed class NpzFile : IReadOnlyDictionary<string, NDArray>
{
    private readonly Dictionary<string, NDArray> _arrays;
    private readonly string[] _files;
    private readonly string _source;

    internal NpzFile(List<KeyValuePair<string, NDArray>> arrays, string source)
    {
        _source = source;
        _arrays = new Dictionary<string, NDArray>(arrays.Count, StringComparer.Ordinal);
        _files = new string[arrays.Count];
        for (int i = 0; i < arrays.Count; i++)
        {
            _files[i] = arrays[i].Key;
            _arrays[arrays[i].Key] = arrays[i].Value;
        }
    }

    /// <summary>The names of the arrays in archive order (numpy's <c>NpzFile.files</c>).</summary>
    public IReadOnlyList<string> Files => _files;

    /// <summary>The array named <paramref name="key"/>.</summary>
    /// <exception cref="KeyNotFoundException">The archive has no such array; the message lists the names it has.</exception>
    public NDArray this[string key]
    {
        get
        {
            Guard.NotNull(key, "NpzFile[]");
            if (_arrays.TryGetValue(key, out var array)) return array;
            throw new KeyNotFoundException($"NpzFile: {_source} has no array named '{key}'; it has {Names(_files)}");
        }
    }

    /// <summary>The names of the arrays, in archive order.</summary>
    public IEnumerable<string> Keys => _files;

    /// <summary>The arrays, in archive order.</summary>
    public IEnumerable<NDArray> Values
    {
        get
        {
            foreach (var name in _files) yield return _arrays[name];
        }
    }

    /// <summary>The number of arrays.</summary>
    public int Count => _files.Length;

    /// <summary>True when the archive has an array named <paramref name="key"/>.</summary>
    public bool ContainsKey(string key) => _arrays.ContainsKey(Guard.NotNull(key, "NpzFile.ContainsKey"));

    /// <summary>The array named <paramref name="key"/>, if there is one.</summary>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out NDArray value) =>
        _arrays.TryGetValue(Guard.NotNull(key, "NpzFile.TryGetValue"), out value);

    /// <summary>The (name, array) pairs in archive order.</summary>
    public IEnumerator<KeyValuePair<string, NDArray>> GetEnumerator()
    {
        foreach (var name in _files) yield return new KeyValuePair<string, NDArray>(name, _arrays[name]);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Lists names for messages: <c>'a', 'b' and 'c'</c>, or <c>no arrays</c>.</summary>
    internal static string Names(IReadOnlyList<string> names)
    {
        if (names.Count == 0) return "no arrays";
        const int shown = 20;
        var quoted = new List<string>();
        for (int i = 0; i < names.Count && i < shown; i++) quoted.Add($"'{names[i]}'");
        if (names.Count > shown) return string.Join(", ", quoted) + $" and {names.Count - shown} more";
        return quoted.Count == 1 ? quoted[0] : string.Join(", ", quoted.GetRange(0, quoted.Count - 1)) + " and " + quoted[^1];
    }
}
