using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;

namespace Functional.AD.Packaging.Tests;

/// <summary>A package read into memory: its entries and the metadata of its nuspec.</summary>
public sealed class Nupkg
{
    private readonly Dictionary<string, byte[]> entries;

    private Nupkg(Dictionary<string, byte[]> entries, XElement metadata)
    {
        this.entries = entries;
        Metadata = metadata;
    }

    /// <summary>The nuspec's &lt;metadata&gt; element.</summary>
    public XElement Metadata { get; }

    /// <summary>The entry names (paths inside the package).</summary>
    public IReadOnlyCollection<string> Entries => entries.Keys;

    /// <summary>Reads a .nupkg or .snupkg.</summary>
    public static Nupkg Open(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        var entries = zip.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var s = e.Open();
            using var m = new MemoryStream();
            s.CopyTo(m);
            return m.ToArray();
        });
        var nuspec = entries.Single(e => e.Key.EndsWith(".nuspec", StringComparison.Ordinal) && !e.Key.Contains('/'));
        var metadata = XDocument.Load(new MemoryStream(nuspec.Value)).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        return new Nupkg(entries, metadata);
    }

    /// <summary>A metadata element by local name (nuspec namespaces vary with the features used), or null.</summary>
    public XElement? Element(string name) => Metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name);

    /// <summary>The bytes of an entry, or null if the package has no such entry.</summary>
    public byte[]? Entry(string path) => entries.TryGetValue(path, out var bytes) ? bytes : null;
}
