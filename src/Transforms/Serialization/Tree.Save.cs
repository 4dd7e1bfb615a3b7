using System;
using System.Collections.Generic;
using System.IO;

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
