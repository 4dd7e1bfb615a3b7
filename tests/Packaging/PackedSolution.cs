using System;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Xml.Linq;
using Xunit;

namespace Functional.AD.Packaging.Tests;

/// <summary>
/// <c>dotnet pack -c Release</c> of the whole solution, once for all the facts, into a temporary folder: every
/// project's bin and obj go under an artifacts path there (so nothing touches the build that runs these tests) and
/// every package into <see cref="Feed"/>, a local folder feed.
/// </summary>
public sealed class PackedSolution : IDisposable
{
    /// <summary>The checkout: the folder that holds Functional.AD.sln.</summary>
    public string RepoRoot { get; }

    /// <summary>The package version, as src/Directory.Build.props sets it.</summary>
    public string Version { get; }

    /// <summary>The temporary folder everything is written to.</summary>
    public string Root { get; }

    /// <summary>Where the packages went.</summary>
    public string Feed => Path.Combine(Root, "feed");

    /// <summary>The pack command and its output.</summary>
    public CliResult Pack { get; }

    /// <summary>Packs the solution.</summary>
    public PackedSolution()
    {
        RepoRoot = FindRepoRoot();
        Version = XDocument.Load(Path.Combine(RepoRoot, "src", "Directory.Build.props")).Descendants("Version").Single().Value;
        Root = Directory.CreateTempSubdirectory("functional-ad-packaging-").FullName;
        Pack = DotnetCli.Run(RepoRoot, "pack", Path.Combine(RepoRoot, "Functional.AD.sln"), "-c", "Release",
            "--artifacts-path", Path.Combine(Root, "artifacts"), $"-p:PackageOutputPath={Feed}{Path.DirectorySeparatorChar}");
    }

    /// <summary>The path of a file in the feed, after checking that the pack succeeded.</summary>
    public string Package(string fileName)
    {
        Pack.EnsureSucceeded();
        return Path.Combine(Feed, fileName);
    }

    // Above the test binaries, or, when they were built outside the checkout (--artifacts-path), above this file.
    private static string FindRepoRoot([CallerFilePath] string sourceFile = "")
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(sourceFile) })
            for (var dir = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Functional.AD.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No Functional.AD.sln above {AppContext.BaseDirectory} or {sourceFile}");
    }

    /// <summary>Deletes the temporary folder.</summary>
    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

/// <summary>The facts that share one packed solution.</summary>
[CollectionDefinition(Name)]
public sealed class PackedSolutionCollection : ICollectionFixture<PackedSolution>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "packed solution";
}
