using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace Functional.AD.Properties.Docs;

public class ApiCoverageTests
{
    private static string CoveragePath => Path.Combine(ApiCoverage.RepoRoot(), "docs", "api-coverage.md");

    [Fact]
    public void The_checked_in_coverage_table_matches_the_library()
    {
        string generated = ApiCoverage.Generate();
        if (Environment.GetEnvironmentVariable("FAD_WRITE_API_COVERAGE") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(CoveragePath)!);
            File.WriteAllText(CoveragePath, generated);
        }
        Assert.True(File.Exists(CoveragePath), $"{CoveragePath} is missing: run with FAD_WRITE_API_COVERAGE=1");
        string onDisk = File.ReadAllText(CoveragePath).ReplaceLineEndings("\n");
        Assert.True(onDisk == generated.ReplaceLineEndings("\n"),
            "docs/api-coverage.md is out of date: regenerate it with FAD_WRITE_API_COVERAGE=1 dotnet test tests/Properties --filter ApiCoverage");
    }

    [Fact]
    public void Every_listed_name_follows_the_naming_rule()
    {
        // PascalCase of JAX's name: the words of snake_case names become capitalized words, and the letters of the
        // name are JAX's letters in the same order (only the case and the underscores change).
        foreach (var (jax, ours) in ApiCoverage.Numpy.Concat(ApiCoverage.Nn).Concat(ApiCoverage.Lax).Concat(ApiCoverage.RandomNames))
        {
            Assert.True(char.IsUpper(ours[0]) || char.IsDigit(ours[0]), $"{ours} (for {jax}) is not PascalCase");
            Assert.Equal(jax.Replace("_", "").ToLowerInvariant(), ours.ToLowerInvariant());
            foreach (var word in jax.Split('_').Skip(1))
                Assert.True(Regex.IsMatch(ours, Regex.Escape(char.ToUpperInvariant(word[0]) + word[1..])), $"{ours} does not start a word at '{word}' (for {jax})");
        }
    }

    [Fact]
    public void Public_Np_Nn_Lax_and_Random_functions_that_mirror_a_listed_JAX_name_use_its_spelling()
    {
        // A public method whose lower-case letters equal a listed JAX name's must be spelled as the list spells it,
        // so "Logaddexp" and "LogAddExp" cannot both appear.
        foreach (var (cls, pairs) in new[] { (typeof(Np), ApiCoverage.Numpy), (typeof(Nn), ApiCoverage.Nn), (typeof(Lax), ApiCoverage.Lax), (typeof(Random), ApiCoverage.RandomNames) })
            foreach (var name in ApiCoverage.Present(cls))
            {
                var match = pairs.FirstOrDefault(p => p.Ours.Equals(name, StringComparison.OrdinalIgnoreCase));
                if (match.Ours is not null) Assert.Equal(match.Ours, name);
            }
    }
}
