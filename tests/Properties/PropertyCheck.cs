using System;
using FsCheck;
using FsCheck.Fluent;

namespace Functional.AD.Properties;

/// <summary>
/// Runs FsCheck properties from xunit facts. A failure throws with FsCheck's report: the counterexample
/// and the seed that replays it. Set FSCHECK_REPLAY="seed,gamma" to replay a failing run and
/// FSCHECK_MAXTEST=n to change the number of cases.
/// </summary>
public static class PropertyCheck
{
    /// <summary>Checks <paramref name="property"/> on values from <paramref name="gen"/>.</summary>
    public static void ForAll<T>(Gen<T> gen, Action<T> property, int maxTest = 50) =>
        Prop.ForAll(gen.ToArbitrary(), property).Check(Config(maxTest));

    /// <summary>Checks <paramref name="property"/> on values from <paramref name="arbitrary"/> (with its shrinker).</summary>
    public static void ForAll<T>(Arbitrary<T> arbitrary, Action<T> property, int maxTest = 50) =>
        Prop.ForAll(arbitrary, property).Check(Config(maxTest));

    private static Config Config(int maxTest)
    {
        var config = FsCheck.Config.QuickThrowOnFailure.WithMaxTest(
            int.TryParse(Environment.GetEnvironmentVariable("FSCHECK_MAXTEST"), out var n) ? n : maxTest);
        var replay = Environment.GetEnvironmentVariable("FSCHECK_REPLAY");
        if (!string.IsNullOrEmpty(replay))
        {
            var parts = replay.Trim('(', ')').Split(',');
            var rnd = parts.Length > 1 ? new Rnd(ulong.Parse(parts[0]), ulong.Parse(parts[1])) : new Rnd(ulong.Parse(parts[0]));
            config = config.WithReplay(new Replay(rnd, Microsoft.FSharp.Core.FSharpOption<int>.None));
        }
        return config;
    }
}
