using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;

namespace Functional.AD;

public static partial class Np
{
    /// <summary>
    /// Saves <paramref name="array"/> to an <c>.npy</c> file (numpy's format: version 1.0, C order, little-endian), as
    /// <c>numpy.save</c> does; like it, appends <c>.npy</c> to a <paramref name="path"/> without that extension.
    /// The file reads back with <see cref="Load(string)"/> or <c>numpy.load</c>.
    /// </summary>
    /// <exception cref="ConcretizationException"><paramref name="array"/> is a traced value (inside <c>Jit</c> or <c>Vmap</c>).</exception>
    public static void Save(string path, NDArray array)
    {
        Guard.NotNull(path, "Np.Save");
        Guard.NotNull(array, "Np.Save");
        var concrete = array.Concretize("Np.Save");
        using var file = File.Create(WithExtension(path, ".npy"));
        NpyFormat.Write(file, concrete, "Np.Save");
    }

    /// <summary>Writes <paramref name="array"/> to <paramref name="stream"/> in the <c>.npy</c> format (see <see cref="Save(string, NDArray)"/>).</summary>
    /// <exception cref="ConcretizationException"><paramref name="array"/> is a traced value.</exception>
    public static void Save(Stream stream, NDArray array)
    {
        Guard.NotNull(stream, "Np.Save");
        Guard.NotNull(array, "Np.Save");
        NpyFormat.Write(stream, array.Concretize("Np.Save"), "Np.Save");
    }

    /// <summary>
    /// Loads the array of an <c>.npy</c> file, as <c>numpy.load</c> does: header versions 1.0, 2.0 and 3.0, either byte
    /// order, C or Fortran order. Use <see cref="LoadNpz(string)"/> for an <c>.npz</c> archive.
    /// </summary>
    /// <exception cref="FormatException">The file is not an <c>.npy</c> file, or its header is malformed.</exception>
    /// <exception cref="NotSupportedException">The file holds a numpy dtype that has no <see cref="DType"/>; the message names it.</exception>
    public static NDArray Load(string path)
    {
        Guard.NotNull(path, "Np.Load");
        using var file = File.OpenRead(path);
        return NpyFormat.Read(file, path, "Np.Load");
    }

    /// <summary>Reads one array in the <c>.npy</c> format from <paramref name="stream"/> (see <see cref="Load(string)"/>).</summary>
    /// <exception cref="FormatException">The data is not in the <c>.npy</c> format.</exception>
    /// <exception cref="NotSupportedException">The data holds a numpy dtype that has no <see cref="DType"/>.</exception>
    public static NDArray Load(Stream stream)
    {
        Guard.NotNull(stream, "Np.Load");
        return NpyFormat.Read(stream, "the stream", "Np.Load");
    }

    /// <summary>
    /// Saves arrays by name to an uncompressed <c>.npz</c> archive (a zip of <c>.npy</c> files), as <c>numpy.savez</c> does
    /// with keyword arguments; appends <c>.npz</c> to a <paramref name="path"/> without that extension.
    /// </summary>
    /// <exception cref="ArgumentException">A name is empty or null.</exception>
    public static void Savez(string path, IReadOnlyDictionary<string, NDArray> arrays) => SaveArchive(path, arrays, compress: false, "Np.Savez");

    /// <summary>Saves arrays to an uncompressed <c>.npz</c> archive under the names <c>arr_0</c>, <c>arr_1</c>, ..., as <c>numpy.savez</c> does with positional arguments.</summary>
    public static void Savez(string path, params NDArray[] arrays) => SaveArchive(path, Positional(arrays, "Np.Savez"), compress: false, "Np.Savez");

    /// <summary>Writes arrays by name to <paramref name="stream"/> as an uncompressed <c>.npz</c> archive.</summary>
    public static void Savez(Stream stream, IReadOnlyDictionary<string, NDArray> arrays) => WriteArchive(stream, arrays, compress: false, "Np.Savez");

    /// <summary>Saves arrays by name to a deflate-compressed <c>.npz</c> archive, as <c>numpy.savez_compressed</c> does.</summary>
    public static void SavezCompressed(string path, IReadOnlyDictionary<string, NDArray> arrays) => SaveArchive(path, arrays, compress: true, "Np.SavezCompressed");

    /// <summary>Saves arrays to a deflate-compressed <c>.npz</c> archive under the names <c>arr_0</c>, <c>arr_1</c>, ....</summary>
    public static void SavezCompressed(string path, params NDArray[] arrays) =>
        SaveArchive(path, Positional(arrays, "Np.SavezCompressed"), compress: true, "Np.SavezCompressed");

    /// <summary>Writes arrays by name to <paramref name="stream"/> as a deflate-compressed <c>.npz</c> archive.</summary>
    public static void SavezCompressed(Stream stream, IReadOnlyDictionary<string, NDArray> arrays) => WriteArchive(stream, arrays, compress: true, "Np.SavezCompressed");

    /// <summary>
    /// Loads every array of an <c>.npz</c> archive (stored or deflated members, as <c>numpy.savez</c> and
    /// <c>numpy.savez_compressed</c> write them) into a read-only map from names to arrays.
    /// </summary>
    /// <exception cref="FormatException">The file is not a zip archive, or a member is not an <c>.npy</c> file.</exception>
    /// <exception cref="NotSupportedException">A member holds a numpy dtype that has no <see cref="DType"/>.</exception>
    public static NpzFile LoadNpz(string path)
    {
        Guard.NotNull(path, "Np.LoadNpz");
        using var file = File.OpenRead(path);
        return ReadArchive(file, path, "Np.LoadNpz");
    }

    /// <summary>Reads every array of an <c>.npz</c> archive from <paramref name="stream"/> (see <see cref="LoadNpz(string)"/>).</summary>
    public static NpzFile LoadNpz(Stream stream)
    {
        Guard.NotNull(stream, "Np.LoadNpz");
        return ReadArchive(stream, "the stream", "Np.LoadNpz");
    }

    private static string WithExtension(string path, string extension) =>
        path.EndsWith(extension, StringComparison.OrdinalIgnoreCase) ? path : path + extension;

    private static IReadOnlyDictionary<string, NDArray> Positional(NDArray[] arrays, string operation)
    {
        Guard.NoNulls(arrays, operation);
        var named = new Dictionary<string, NDArray>(arrays.Length, StringComparer.Ordinal);   // enumerates in insertion order
        for (int i = 0; i < arrays.Length; i++) named.Add($"arr_{i}", arrays[i]);
        return named;
    }

    private static void SaveArchive(string path, IReadOnlyDictionary<string, NDArray> arrays, bool compress, string operation)
    {
        Guard.NotNull(path, operation);
        Guard.NotNull(arrays, operation);
        var concrete = ConcreteEntries(arrays, operation);
        using var file = File.Create(WithExtension(path, ".npz"));
        WriteEntries(file, concrete, compress);
    }

    private static void WriteArchive(Stream stream, IReadOnlyDictionary<string, NDArray> arrays, bool compress, string operation)
    {
        Guard.NotNull(stream, operation);
        Guard.NotNull(arrays, operation);
        WriteEntries(stream, ConcreteEntries(arrays, operation), compress);
    }

    /// <summary>Checks every name and array before anything is written, so a bad entry leaves no partial archive.</summary>
    private static List<KeyValuePair<string, ConcreteArray>> ConcreteEntries(IReadOnlyDictionary<string, NDArray> arrays, string operation)
    {
        var entries = new List<KeyValuePair<string, ConcreteArray>>(arrays.Count);
        foreach (var (name, array) in arrays)
        {
            if (string.IsNullOrEmpty(name)) throw new ArgumentException($"{operation}: an array name is empty; every array in an .npz archive needs a name", nameof(arrays));
            if (array is null) throw new ArgumentNullException(nameof(arrays), $"{operation}: the array named '{name}' is null");
            NpyFormat.CodecOf(array.DType, operation);
            entries.Add(new(name, array.Concretize($"{operation} of '{name}'")));
        }
        return entries;
    }

    internal static void WriteEntries(Stream stream, List<KeyValuePair<string, ConcreteArray>> entries, bool compress)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var (name, array) in entries)
        {
            var entry = zip.CreateEntry(name + ".npy", compress ? CompressionLevel.Optimal : CompressionLevel.NoCompression);
            using var member = entry.Open();
            NpyFormat.Write(member, array, "Np.Savez");
        }
    }

    internal static NpzFile ReadArchive(Stream stream, string source, string operation)
    {
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw new FormatException($"{operation}: {source} is not an .npz file (not a zip archive: {e.Message})", e);
        }
        using (zip)
        {
            var arrays = new List<KeyValuePair<string, NDArray>>(zip.Entries.Count);
            foreach (var entry in zip.Entries)
            {
                if (entry.FullName.EndsWith('/')) continue;   // a directory
                // numpy names each array after its member with the .npy extension removed.
                var name = entry.FullName.EndsWith(".npy", StringComparison.Ordinal) ? entry.FullName[..^4] : entry.FullName;
                using var member = entry.Open();
                arrays.Add(new(name, NpyFormat.Read(member, $"{source} (member {entry.FullName})", operation)));
            }
            return new NpzFile(arrays, source);
        }
    }
}
