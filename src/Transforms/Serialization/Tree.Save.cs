using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Text;

namespace Functional.AD;

public static partial class Tree
{
    /// <summary>
    /// The leaves of <paramref name="tree"/>, depth-first, each with its key path from the root printed as JAX's
    /// <c>keystr</c> does in C# spelling (<c>.Layers[2].W</c>, <c>['bias']</c>, <c>.Item1</c>; empty for a tree that
    /// is a single leaf), and the tree's structure. JAX's counterpart is <c>tree_flatten_with_path</c>.
    /// </summary>
    /// <exception cref="ArgumentException">Some value in the tree is null or of a type that is not a pytree.</exception>
    public static (IReadOnlyList<(string Path, NDArray Leaf)> Leaves, TreeDef Def) FlattenWithPath<T>(T tree)
    {
        var (leaves, def) = FlattenArgs(tree, "Tree.FlattenWithPath", allowNumberLeaves: true);
        var paths = def.LeafPaths();
        var pairs = new (string, NDArray)[leaves.Length];
        for (int i = 0; i < leaves.Length; i++) pairs[i] = (paths[i], leaves[i]);
        return (pairs, def);
    }

    /// <summary>
    /// Saves the leaves of <paramref name="tree"/> (a pytree of parameters, such as a record of layers) to one
    /// uncompressed <c>.npz</c> archive, each under its key path (<see cref="FlattenWithPath{T}"/>; a tree that is a
    /// single leaf is saved as <c>arr_0</c>), so numpy reads it as <c>np.load(path)['.Layers[0].W']</c>. Unlike
    /// <see cref="Np.Savez(string, IReadOnlyDictionary{string, NDArray})"/>, <paramref name="path"/> is used as given.
    /// Read it back with <see cref="Load{T}(string, T)"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The tree is not a pytree.</exception>
    /// <exception cref="ConcretizationException">A leaf is a traced value.</exception>
    public static void Save<T>(string path, T tree)
    {
        Guard.NotNull(path, "Tree.Save");
        var entries = NamedLeaves(tree);
        using var file = File.Create(path);
        Np.WriteEntries(file, entries, compress: false);
    }

    /// <summary>Writes the leaves of <paramref name="tree"/> to <paramref name="stream"/> as an <c>.npz</c> archive named by key paths (see <see cref="Save{T}(string, T)"/>).</summary>
    public static void Save<T>(Stream stream, T tree)
    {
        Guard.NotNull(stream, "Tree.Save");
        Np.WriteEntries(stream, NamedLeaves(tree), compress: false);
    }

    /// <summary>
    /// Loads a tree saved by <see cref="Save{T}(string, T)"/> (or any <c>.npz</c> archive whose names are key paths)
    /// into the structure of <paramref name="like"/>: every leaf of <paramref name="like"/> is replaced by the array
    /// stored under its key path, which must have the same shape and dtype. <paramref name="like"/> only gives the
    /// structure (a freshly initialised model, say); its values are not used.
    /// </summary>
    /// <exception cref="ArgumentException">The archive's names are not the key paths of <paramref name="like"/> (the
    /// message names the missing and the unexpected paths), or an array's shape or dtype differs from its leaf's.</exception>
    /// <exception cref="FormatException">The file is not an <c>.npz</c> archive.</exception>
    public static T Load<T>(string path, T like)
    {
        Guard.NotNull(path, "Tree.Load");
        using var file = File.OpenRead(path);
        return Rebuild(Np.ReadArchive(file, path, "Tree.Load"), like, path);
    }

    /// <summary>Reads a tree written by <see cref="Save{T}(Stream, T)"/> from <paramref name="stream"/> into the structure of <paramref name="like"/> (see <see cref="Load{T}(string, T)"/>).</summary>
    public static T Load<T>(Stream stream, T like)
    {
        Guard.NotNull(stream, "Tree.Load");
        return Rebuild(Np.ReadArchive(stream, "the stream", "Tree.Load"), like, "the stream");
    }

    /// <summary>
    /// Loads a tree saved by <see cref="Save{T}(string, T)"/> whose structure follows from the type <typeparamref name="T"/>
    /// and the archive's key paths: records and value tuples (their members), arrays, <c>List&lt;T&gt;</c>,
    /// <c>ImmutableArray&lt;T&gt;</c> and <c>ImmutableList&lt;T&gt;</c> (as many items as the archive has indices),
    /// <c>Dictionary&lt;string, T&gt;</c> and <c>ImmutableDictionary&lt;string, T&gt;</c> (the keys the archive has), with
    /// <see cref="NDArray"/>, <c>double</c>, <c>float</c> or <c>int</c> leaves. Leaves take the stored shapes and dtypes.
    /// For other node types (registered types, F# values) pass a tree to copy the structure from: <see cref="Load{T}(string, T)"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A key path that <typeparamref name="T"/> needs is missing, the archive has arrays
    /// that do not belong to <typeparamref name="T"/>, or <typeparamref name="T"/> has a node type whose structure its type does not fix.</exception>
    public static T Load<T>(string path)
    {
        Guard.NotNull(path, "Tree.Load");
        using var file = File.OpenRead(path);
        return Build<T>(Np.ReadArchive(file, path, "Tree.Load"), path);
    }

    /// <summary>Reads a tree of type <typeparamref name="T"/> from <paramref name="stream"/> (see <see cref="Load{T}(string)"/>).</summary>
    public static T Load<T>(Stream stream)
    {
        Guard.NotNull(stream, "Tree.Load");
        return Build<T>(Np.ReadArchive(stream, "the stream", "Tree.Load"), "the stream");
    }

    private static T Build<T>(NpzFile archive, string source)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        var result = (T)BuildNode(typeof(T), "", archive, source, used)!;
        var extra = new List<string>();
        foreach (var name in archive.Files)
            if (!used.Contains(name)) extra.Add(name);
        if (extra.Count > 0)
            throw new ArgumentException(
                $"Tree.Load<{TreeTypeNames.Of(typeof(T))}>: {source} has arrays that are not in the structure: {NpzFile.Names(extra)}");
        return result;
    }

    private static object? BuildNode(Type type, string path, NpzFile archive, string source, HashSet<string> used)
    {
        string operation = $"Tree.Load<{TreeTypeNames.Of(type)}>";
        if (typeof(NDArray).IsAssignableFrom(type) || type == typeof(double) || type == typeof(float) || type == typeof(int))
        {
            var name = ArchiveName(path);
            if (!archive.TryGetValue(name, out var leaf))
                throw new ArgumentException($"{operation}: {source} has no array at {name}; it has {NpzFile.Names(archive.Files)}");
            used.Add(name);
            var concrete = leaf.Concretize(operation);
            if (type == typeof(double)) return concrete.ItemAs<double>($"{operation} at {name}");
            if (type == typeof(float)) return concrete.ItemAs<float>($"{operation} at {name}");
            if (type == typeof(int)) return concrete.ItemAs<int>($"{operation} at {name}");
            return leaf;
        }
        if (type.IsArray && type.GetArrayRank() == 1)
        {
            var items = Items(type.GetElementType()!, path, archive, source, used);
            var array = System.Array.CreateInstance(type.GetElementType()!, items.Count);
            for (int i = 0; i < items.Count; i++) array.SetValue(items[i], i);
            return array;
        }
        if (type.IsGenericType)
        {
            var definition = type.GetGenericTypeDefinition();
            var args = type.GetGenericArguments();
            if (definition == typeof(List<>) || definition == typeof(ImmutableList<>) || definition == typeof(ImmutableArray<>))
            {
                var list = (System.Collections.IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(args))!;
                foreach (var item in Items(args[0], path, archive, source, used)) list.Add(item);
                if (definition == typeof(List<>)) return list;
                var factory = definition == typeof(ImmutableList<>) ? typeof(ImmutableList) : typeof(ImmutableArray);
                return factory.GetMethod("CreateRange", 1, new[] { typeof(IEnumerable<>).MakeGenericType(Type.MakeGenericMethodParameter(0)) })!
                    .MakeGenericMethod(args).Invoke(null, new object[] { list });
            }
            if ((definition == typeof(Dictionary<,>) || definition == typeof(ImmutableDictionary<,>)) && args[0] == typeof(string))
            {
                var dictionary = (System.Collections.IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(args), StringComparer.Ordinal)!;
                foreach (var key in Keys(path, archive))
                    dictionary[key] = BuildNode(args[1], path + Step(key), archive, source, used);
                if (definition == typeof(Dictionary<,>)) return dictionary;
                return typeof(ImmutableDictionary).GetMethod("ToImmutableDictionary", 2, new[] { typeof(IEnumerable<>).MakeGenericType(typeof(KeyValuePair<,>).MakeGenericType(Type.MakeGenericMethodParameter(0), Type.MakeGenericMethodParameter(1))), typeof(IEqualityComparer<>).MakeGenericType(Type.MakeGenericMethodParameter(0)) })!
                    .MakeGenericMethod(args).Invoke(null, new object[] { dictionary, StringComparer.Ordinal });
            }
        }
        if (HandlerFor(type) is ProductTreeHandler product)
        {
            var members = new object?[product.Names.Count];
            for (int i = 0; i < members.Length; i++)
                members[i] = BuildNode(product.MemberTypes[i], path + "." + product.Names[i], archive, source, used);
            return product.Make(members);
        }
        throw new ArgumentException(
            $"{operation}: the structure of {TreeTypeNames.Of(type)}{(path.Length == 0 ? "" : $" at {path}")} does not follow from its type; " +
            "pass a tree of that structure to Tree.Load(path, like)");
    }

    /// <summary>The items of a sequence at <paramref name="path"/>: indices 0, 1, ... as long as the archive has key paths under them.</summary>
    private static List<object?> Items(Type element, string path, NpzFile archive, string source, HashSet<string> used)
    {
        var items = new List<object?>();
        for (int i = 0; ; i++)
        {
            var prefix = $"{path}[{i}]";
            bool any = false;
            foreach (var name in archive.Files)
                if (Under(name, prefix)) { any = true; break; }
            if (!any) return items;
            items.Add(BuildNode(element, prefix, archive, source, used));
        }
    }

    /// <summary>The dictionary keys the archive has under <paramref name="path"/> (<c>path['key']...</c>), in archive order.</summary>
    private static List<string> Keys(string path, NpzFile archive)
    {
        var keys = new List<string>();
        foreach (var name in archive.Files)
        {
            if (!name.StartsWith(path + "['", StringComparison.Ordinal)) continue;
            var key = new StringBuilder();
            int i = path.Length + 2;
            for (; i < name.Length && name[i] != '\''; i++)
            {
                if (name[i] == '\\' && i + 1 < name.Length) i++;
                key.Append(name[i]);
            }
            if (i + 1 < name.Length && name[i + 1] == ']' && !keys.Contains(key.ToString())) keys.Add(key.ToString());
        }
        return keys;
    }

    private static string Step(string key)
    {
        var sb = new StringBuilder("[");
        TreePathSegment.AppendQuoted(sb, key);
        return sb.Append(']').ToString();
    }

    /// <summary>True when <paramref name="name"/> is <paramref name="prefix"/> or a path below it.</summary>
    private static bool Under(string name, string prefix) =>
        name.StartsWith(prefix, StringComparison.Ordinal) && (name.Length == prefix.Length || name[prefix.Length] is '.' or '[');

    /// <summary>The archive name of a leaf: its key path, or <c>arr_0</c> for a tree that is a single leaf.</summary>
    private static string ArchiveName(string path) => path.Length == 0 ? "arr_0" : path;

    private static List<KeyValuePair<string, ConcreteArray>> NamedLeaves<T>(T tree)
    {
        var (leaves, def) = FlattenArgs(tree, "Tree.Save", allowNumberLeaves: true);
        var paths = def.LeafPaths();
        var entries = new List<KeyValuePair<string, ConcreteArray>>(leaves.Length);
        for (int i = 0; i < leaves.Length; i++)
        {
            var name = ArchiveName(paths[i]);
            NpyFormat.CodecOf(leaves[i].DType, "Tree.Save");
            entries.Add(new(name, leaves[i].Concretize($"Tree.Save of the leaf at {name}")));
        }
        return entries;
    }

    private static T Rebuild<T>(NpzFile archive, T like, string source)
    {
        var (leaves, def) = FlattenArgs(like, "Tree.Load", allowNumberLeaves: true);
        var paths = def.LeafPaths();
        var expected = new HashSet<string>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var p in paths)
        {
            var name = ArchiveName(p);
            expected.Add(name);
            if (!archive.ContainsKey(name)) missing.Add(name);
        }
        var extra = new List<string>();
        foreach (var name in archive.Files)
            if (!expected.Contains(name)) extra.Add(name);
        if (missing.Count > 0 || extra.Count > 0)
        {
            var parts = new List<string>();
            if (missing.Count > 0) parts.Add($"missing {NpzFile.Names(missing)}");
            if (extra.Count > 0) parts.Add($"not in the structure: {NpzFile.Names(extra)}");
            throw new ArgumentException(
                $"Tree.Load: the arrays in {source} do not match the key paths of {def}: {string.Join("; ", parts)}", nameof(like));
        }
        var loaded = new NDArray[leaves.Length];
        for (int i = 0; i < leaves.Length; i++)
        {
            var name = ArchiveName(paths[i]);
            var array = archive[name];
            if (array.Shape != leaves[i].Shape || array.DType != leaves[i].DType)
                throw new ArgumentException(
                    $"Tree.Load: the array at {name} in {source} is {array.DType.ShortName()}{array.Shape}, " +
                    $"but the leaf there is {leaves[i].DType.ShortName()}{leaves[i].Shape}", nameof(like));
            loaded[i] = array;
        }
        return def.Build<T>(loaded, "Tree.Load");
    }
}
