using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Xunit;

namespace Functional.AD.Packaging.Tests;

/// <summary>What <c>dotnet pack -c Release</c> of the solution produces, read from the packages themselves.</summary>
[Collection(PackedSolutionCollection.Name)]
public sealed class PackageContentTests(PackedSolution packed)
{
    private const string Library = "Functional.AD";
    private const string Testing = "Functional.AD.Testing";
    private const string FSharp = "Functional.AD.FSharp";
    private const string LanguageExt = "Functional.AD.LanguageExt";

    /// <summary>Every package the solution packs: the library and its satellites.</summary>
    private static readonly string[] Packages = [Library, Testing, FSharp, LanguageExt];

    private Nupkg Open(string id, string extension = "nupkg") => Nupkg.Open(packed.Package($"{id}.{packed.Version}.{extension}"));

    [Fact]
    public void The_solution_packs_into_exactly_the_library_and_its_satellite_packages_with_symbols()
    {
        packed.Pack.EnsureSucceeded();
        var v = packed.Version;
        var expected = Packages.SelectMany(id => new[] { $"{id}.{v}.nupkg", $"{id}.{v}.snupkg" }).ToArray();
        var inFeed = Directory.GetFiles(packed.Feed).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expected.Order(StringComparer.Ordinal), inFeed);
        // and no project wrote a package anywhere else: pack names every package it creates
        var created = Regex.Matches(packed.Pack.Output, "Successfully created package '(.+)'").Select(m => m.Groups[1].Value);
        Assert.Equal(expected.Select(f => Path.Combine(packed.Feed, f)).Order(StringComparer.Ordinal), created.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(Library)]
    [InlineData(Testing)]
    [InlineData(FSharp)]
    [InlineData(LanguageExt)]
    public void A_package_carries_its_metadata_licence_readme_notice_and_xml_docs(string id)
    {
        var p = Open(id);
        Assert.Equal(id, p.Element("id")?.Value);
        Assert.Equal(packed.Version, p.Element("version")?.Value);
        Assert.Equal("Functional.AD contributors", p.Element("authors")?.Value);
        var license = p.Element("license");
        Assert.Equal(("expression", "Apache-2.0"), ((string?)license?.Attribute("type"), license?.Value));
        var description = p.Element("description")?.Value ?? "";
        Assert.False(string.IsNullOrWhiteSpace(description) || description == "Package Description", $"description: '{description}'");
        Assert.StartsWith("https://", p.Element("projectUrl")?.Value);
        Assert.Contains("autodiff", p.Element("tags")?.Value);

        Assert.Equal("README.md", p.Element("readme")?.Value);
        var readme = Encoding.UTF8.GetString(p.Entry("README.md") ?? Array.Empty<byte>());
        Assert.StartsWith($"# {id}\n", readme);
        Assert.Contains($"dotnet add package {id}", readme);
        Assert.Contains("Copyright 2026 Functional.AD contributors", Encoding.UTF8.GetString(p.Entry("NOTICE") ?? Array.Empty<byte>()));

        Assert.NotNull(p.Entry($"lib/net10.0/{id}.dll"));
        var docs = Encoding.UTF8.GetString(p.Entry($"lib/net10.0/{id}.xml") ?? Array.Empty<byte>());
        Assert.Contains($"<name>{id}</name>", docs);

        // Repository metadata comes from git (absent when packed outside a repository); when there, it is complete.
        if (p.Element("repository") is { } repository)
        {
            Assert.Equal("git", (string?)repository.Attribute("type"));
            Assert.StartsWith("https://", (string?)repository.Attribute("url"));
            Assert.Matches(new Regex("^[0-9a-f]{40}$"), (string?)repository.Attribute("commit") ?? "");
        }
    }

    [Theory]
    [InlineData(Library)]
    [InlineData(Testing)]
    [InlineData(FSharp)]
    [InlineData(LanguageExt)]
    public void The_symbol_package_holds_the_portable_pdb(string id)
    {
        var symbols = Open(id, "snupkg");
        var pdb = symbols.Entry($"lib/net10.0/{id}.pdb");
        Assert.NotNull(pdb);
        Assert.Equal("BSJB", Encoding.ASCII.GetString(pdb, 0, 4)); // the metadata signature a portable pdb starts with
        Assert.Null(symbols.Entry($"lib/net10.0/{id}.dll"));
    }

    [Theory]
    [InlineData(Testing, "FsCheck")]
    [InlineData(FSharp, "FSharp.Core")]
    [InlineData(LanguageExt, "LanguageExt.Core")]
    public void A_satellite_package_depends_on_exactly_this_version_of_the_library(string id, string otherDependency)
    {
        var dependencies = Open(id).Element("dependencies")!.Descendants().Where(e => e.Name.LocalName == "dependency").ToArray();
        var library = Assert.Single(dependencies, d => (string?)d.Attribute("id") == Library);
        Assert.Equal($"[{packed.Version}]", (string?)library.Attribute("version"));
        Assert.Contains(dependencies, d => (string?)d.Attribute("id") == otherDependency);

        var libraryDependencies = Open(Library).Element("dependencies")?.Descendants().Select(d => (string?)d.Attribute("id")) ?? [];
        Assert.DoesNotContain(id, libraryDependencies);
    }
}
