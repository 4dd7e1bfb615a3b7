using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using Xunit;

namespace Functional.AD.Packaging.Tests;

/// <summary>
/// A user's Debug app (Consumer/) restores both packages from the packed feed, builds and runs: the packages work
/// without the repository. Its packages folder is fresh, so a stale Functional.AD in ~/.nuget/packages is never used.
/// </summary>
[Collection(PackedSolutionCollection.Name)]
public sealed class PackedConsumerTests(PackedSolution packed)
{
    [Fact]
    public void A_debug_app_restores_both_packages_from_the_feed_and_runs_transforms_and_checks()
    {
        packed.Pack.EnsureSucceeded();
        var app = Path.Combine(packed.Root, "consumer");   // beside the feed, as its nuget.config expects
        Directory.CreateDirectory(app);
        foreach (var file in new[] { "Consumer.csproj", "Program.cs", "nuget.config" })
            File.Copy(Path.Combine(packed.RepoRoot, "tests", "Packaging", "Consumer", file), Path.Combine(app, file));
        var packages = Path.Combine(packed.Root, "packages");

        // The same global properties for restore and build: the version under test, and no Directory.*.props/targets
        // from folders above the temporary one (the app stands alone, as in a user's repository).
        string[] properties =
        [
            $"-p:FunctionalADVersion={packed.Version}",
            "-p:ImportDirectoryBuildProps=false", "-p:ImportDirectoryBuildTargets=false", "-p:ImportDirectoryPackagesProps=false",
        ];
        DotnetCli.Run(app, ["restore", "--packages", packages, .. properties]).EnsureSucceeded();
        foreach (var id in new[] { "Functional.AD", "Functional.AD.Testing" })
            Assert.True(RestoredFromFeed(id, packages),
                $"{id} {packed.Version} in {packages} is not the package just packed into {packed.Feed}");
        DotnetCli.Run(app, ["build", "--no-restore", "-c", "Debug", .. properties]).EnsureSucceeded();
        var run = DotnetCli.Run(app, "bin/Debug/net10.0/Consumer.dll").EnsureSucceeded();

        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split(": ", 2)).Where(kv => kv.Length == 2).ToDictionary(kv => kv[0], kv => kv[1]);
        string Line(string name) => lines.TryGetValue(name, out var value) ? value : throw new Xunit.Sdk.XunitException(
            $"The app printed no '{name}' line. Its output:\n{run.Output}");
        double[] Numbers(string name) => Line(name).Split(' ').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();

        double[] x = [0.5, 1.0, 1.5];
        double[] Gradient(double scale) => x.Select(v => scale * v).Select(v => Math.Sin(v) + v * Math.Cos(v)).ToArray();
        AssertClose(Gradient(1), Numbers("grad"), run.Output);
        AssertClose(Gradient(1), Numbers("jit-grad"), run.Output);
        AssertClose([.. Gradient(1), .. Gradient(2)], Numbers("vmap-grad"), run.Output);
        Assert.Equal("passed", Line("check-grads"));
        Assert.Equal("passed", Line("primitive-laws"));
        Assert.Equal("caught", Line("wrong-jvp"));
        Assert.StartsWith(packed.Version, Line("version"));
    }

    /// <summary>The restored package's recorded hash is the hash of the file in the feed.</summary>
    private bool RestoredFromFeed(string id, string packages)
    {
        string name = $"{id}.{packed.Version}.nupkg".ToLowerInvariant();
        string recorded = Path.Combine(packages, id.ToLowerInvariant(), packed.Version, name + ".sha512");
        if (!File.Exists(recorded)) return false;
        using var feedFile = File.OpenRead(Path.Combine(packed.Feed, $"{id}.{packed.Version}.nupkg"));
        return File.ReadAllText(recorded).Trim() == Convert.ToBase64String(SHA512.HashData(feedFile));
    }

    private static void AssertClose(double[] expected, double[] actual, string output)
    {
        Assert.True(expected.Length == actual.Length && expected.Zip(actual).All(p => Math.Abs(p.First - p.Second) <= 1e-12 * Math.Max(1, Math.Abs(p.First))),
            $"expected [{string.Join(", ", expected)}], the app printed [{string.Join(", ", actual)}]. Its output:\n{output}");
    }
}
