using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using Xunit;

namespace Functional.AD.Packaging.Tests;

/// <summary>
/// A user's Debug apps (Consumer/ in C#, ConsumerFSharp/ in F#) restore the packages from the packed feed, build and
/// run: the packages work without the repository. Its packages folder is fresh, so a stale Functional.AD in ~/.nuget/packages is never used.
/// </summary>
[Collection(PackedSolutionCollection.Name)]
public sealed class PackedConsumerTests(PackedSolution packed)
{
    [Fact]
    public void A_debug_app_restores_the_csharp_packages_from_the_feed_and_runs_transforms_checks_and_LanguageExt_values()
    {
        var (output, Line) = BuildAndRun("Consumer", ["Consumer.csproj", "Program.cs", "nuget.config"],
            ["Functional.AD", "Functional.AD.Testing", "Functional.AD.LanguageExt"]);
        double[] Numbers(string name) => Line(name).Split(' ').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();

        double[] x = [0.5, 1.0, 1.5];
        double[] Gradient(double scale) => x.Select(v => scale * v).Select(v => Math.Sin(v) + v * Math.Cos(v)).ToArray();
        AssertClose(Gradient(1), Numbers("grad"), output);
        AssertClose(Gradient(1), Numbers("jit-grad"), output);
        AssertClose([.. Gradient(1), .. Gradient(2)], Numbers("vmap-grad"), output);
        Assert.Equal("passed", Line("check-grads"));
        Assert.Equal("passed", Line("primitive-laws"));
        Assert.Equal("caught", Line("wrong-jvp"));
        Assert.StartsWith(packed.Version, Line("version"));
        AssertClose([2, 4, 6], Numbers("langext-grad"), output);
        Assert.Contains("f64[3,4]", Line("langext-try"));
        Assert.Contains("f64[5,2]", Line("langext-try"));
    }

    [Fact]
    public void An_fsharp_debug_app_restores_the_fsharp_package_and_runs_curried_transforms_over_fsharp_values()
    {
        var (output, Line) = BuildAndRun("ConsumerFSharp", ["Consumer.fsproj", "Program.fs", "nuget.config"],
            ["Functional.AD.FSharp", "Functional.AD"]);
        double[] Numbers(string name) => Line(name).Split(' ').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();

        AssertClose([2, 4, 1], Numbers("direct-fsharp-list"), output);
        AssertClose([4 * Math.Exp(4)], Numbers("grad-exp-square"), output);
        double[] x = [0.5, 1.0, 1.5];
        double[] Gradient(double scale) => x.Select(v => scale * v).Select(v => Math.Sin(v) + v * Math.Cos(v)).ToArray();
        AssertClose(Gradient(1), Numbers("grad"), output);
        AssertClose(x.Select(v => 2 * Math.Cos(v) - v * Math.Sin(v)).ToArray(), Numbers("hvp"), output);
        AssertClose([.. Gradient(1), .. Gradient(2)], Numbers("vmap-grad"), output);
        AssertClose([2, 4, 1, 8], Numbers("jit-grad-records"), output);
        Assert.Equal("true", Line("none-stays-none"));
    }

    [Fact]
    public void The_fsharp_tour_script_runs_in_dotnet_fsi_against_the_packed_packages()
    {
        packed.Pack.EnsureSucceeded();
        // The script as the repository has it, beside a nuget.config that names this feed (the repository's names
        // artifacts/packages), restoring into a fresh packages folder so no cached 0.1.0 is used.
        var script = Path.Combine(packed.Root, "script");
        Directory.CreateDirectory(script);
        File.Copy(Path.Combine(packed.RepoRoot, "samples", "FSharpTour", "script", "tour.fsx"), Path.Combine(script, "tour.fsx"));
        File.WriteAllText(Path.Combine(script, "nuget.config"),
            "<configuration><packageSources><add key=\"packed\" value=\"../feed\" /></packageSources></configuration>");
        // dotnet fsi keeps its own cache of resolved references under the home folder, keyed by the script's #r lines
        // alone (not the feed), so the script gets a fresh home as well as a fresh packages folder.
        var home = Path.Combine(packed.Root, "home-fsi");
        Directory.CreateDirectory(home);
        var run = DotnetCli.Run(script, ["fsi", "tour.fsx"],
            [("HOME", home), ("NUGET_PACKAGES", Path.Combine(packed.Root, "packages-fsi"))]).EnsureSucceeded();
        Assert.Contains("d/dx exp(x^2) at 2 = 218.39", run.Output);
        Assert.True(File.Exists(Path.Combine(packed.Root, "packages-fsi", "functional.ad.fsharp", packed.Version,
            $"functional.ad.fsharp.{packed.Version}.nupkg")), $"the script did not restore the packed package. Its output:\n{run.Output}");
    }

    /// <summary>
    /// Copies the app in tests/Packaging/<paramref name="folder"/> next to the feed, restores it into a fresh packages
    /// folder (checking that each of <paramref name="packageIds"/> came from the feed), builds it in Debug and runs it.
    /// Returns its output and a reader of its "name: value" lines.
    /// </summary>
    private (string Output, Func<string, string> Line) BuildAndRun(string folder, string[] files, string[] packageIds)
    {
        packed.Pack.EnsureSucceeded();
        var app = Path.Combine(packed.Root, folder);   // beside the feed, as its nuget.config expects
        Directory.CreateDirectory(app);
        foreach (var file in files)
            File.Copy(Path.Combine(packed.RepoRoot, "tests", "Packaging", folder, file), Path.Combine(app, file));
        var packages = Path.Combine(packed.Root, "packages-" + folder);

        // The same global properties for restore and build: the version under test, and no Directory.*.props/targets
        // from folders above the temporary one (the app stands alone, as in a user's repository).
        string[] properties =
        [
            $"-p:FunctionalADVersion={packed.Version}",
            "-p:ImportDirectoryBuildProps=false", "-p:ImportDirectoryBuildTargets=false", "-p:ImportDirectoryPackagesProps=false",
        ];
        DotnetCli.Run(app, ["restore", "--packages", packages, .. properties]).EnsureSucceeded();
        foreach (var id in packageIds)
            Assert.True(RestoredFromFeed(id, packages),
                $"{id} {packed.Version} in {packages} is not the package just packed into {packed.Feed}");
        DotnetCli.Run(app, ["build", "--no-restore", "-c", "Debug", .. properties]).EnsureSucceeded();
        var run = DotnetCli.Run(app, "bin/Debug/net10.0/Consumer.dll").EnsureSucceeded();

        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split(": ", 2)).Where(kv => kv.Length == 2).ToDictionary(kv => kv[0], kv => kv[1]);
        string Line(string name) => lines.TryGetValue(name, out var value) ? value : throw new Xunit.Sdk.XunitException(
            $"The app printed no '{name}' line. Its output:\n{run.Output}");
        return (run.Output, Line);
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
