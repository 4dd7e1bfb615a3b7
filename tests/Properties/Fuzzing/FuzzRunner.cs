using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Functional.AD.Properties.Fuzzing;

/// <summary>A failed check, with the program (shrunk when minimization ran) and its reproduction.</summary>
/// <param name="Seed">The seed of the program.</param>
/// <param name="Result">The failing check.</param>
/// <param name="Program">The program that fails (after shrinking, if it ran).</param>
/// <param name="Reproduction">C# code that reproduces it, when printed.</param>
public sealed record FuzzFailure(int Seed, CheckResult Result, FuzzProgram Program, string Reproduction);

/// <summary>The counts of a fuzzing run.</summary>
public sealed class FuzzReport
{
    /// <summary>Programs run.</summary>
    public int Programs { get; set; }

    /// <summary>Wall time.</summary>
    public TimeSpan Elapsed { get; set; }

    /// <summary>Outcomes per check.</summary>
    public Dictionary<(CheckKind, Outcome), int> Counts { get; } = new();

    /// <summary>How often each operation appeared in a program.</summary>
    public Dictionary<string, int> Operations { get; } = new();

    /// <summary>Per check, the largest ratio of a difference to its tolerance among passing checks, and its seed.</summary>
    public Dictionary<CheckKind, (double Ratio, int Seed)> ClosestCalls { get; } = new();

    /// <summary>Why mismatches were excused, by the first words of the hazard.</summary>
    public Dictionary<string, int> ExcuseReasons { get; } = new();

    /// <summary>Mismatches and invalid programs.</summary>
    public List<FuzzFailure> Failures { get; } = new();

    /// <summary>Known bugs hit, by bug, with the first seed that hit each.</summary>
    public Dictionary<string, (int Count, int FirstSeed)> Known { get; } = new();

    /// <summary>A table of the counts.</summary>
    public string Summary()
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"{Programs} programs in {Elapsed.TotalSeconds:F1} s ({Programs / Math.Max(Elapsed.TotalSeconds, 1e-9):F1}/s)");
        sb.AppendLine(CultureInfo.InvariantCulture, $"{"check",-42} {"passed",8} {"excused",8} {"mismatch",8} {"known",8} {"invalid",8}  closest pass (difference/tolerance, seed)");
        foreach (var kind in FuzzChecks.All)
        {
            int Get(Outcome o) => Counts.TryGetValue((kind, o), out var n) ? n : 0;
            var (ratio, at) = ClosestCalls.GetValueOrDefault(kind);
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"{kind,-42} {Get(Outcome.Passed),8} {Get(Outcome.Excused),8} {Get(Outcome.Mismatch),8} {Get(Outcome.Known),8} {Get(Outcome.Invalid),8}  {ratio:F3} ({at})");
        }
        foreach (var (bug, (count, first)) in Known)
            sb.AppendLine(CultureInfo.InvariantCulture, $"known bug ({count} checks, first at seed {first}): {bug}");
        sb.AppendLine("excused near: " + string.Join(", ", ExcuseReasons.OrderByDescending(k => k.Value).Select(k => $"{k.Key} {k.Value}")));
        sb.AppendLine("operations: " + string.Join(", ", Operations.OrderByDescending(k => k.Value).Select(k => $"{k.Key} {k.Value}")));
        return sb.ToString();
    }
}

/// <summary>Runs the checks over a range of seeds.</summary>
public static class FuzzRunner
{
    /// <summary>
    /// Generates, resolves and checks the programs of seeds <paramref name="start"/> to start + count - 1, reporting
    /// progress to <paramref name="log"/> every <paramref name="progressEvery"/> programs; failing checks are shrunk
    /// and printed as reproductions when <paramref name="minimize"/> is set.
    /// </summary>
    public static FuzzReport Run(int start, int count, Action<string>? log = null, bool minimize = true, int progressEvery = 0, CheckKind[]? checks = null)
    {
        var report = new FuzzReport();
        var clock = Stopwatch.StartNew();
        for (int seed = start; seed < start + count; seed++)
        {
            var program = ProgramGenerator.Generate(seed);
            foreach (var result in Check(program, report, checks ?? FuzzChecks.All))
            {
                report.Counts[(result.Kind, result.Outcome)] = report.Counts.GetValueOrDefault((result.Kind, result.Outcome)) + 1;
                switch (result.Outcome)
                {
                    case Outcome.Passed:
                        if (result.Ratio > report.ClosestCalls.GetValueOrDefault(result.Kind).Ratio) report.ClosestCalls[result.Kind] = (result.Ratio, seed);
                        break;
                    case Outcome.Excused:
                        var key = string.Join(' ', result.Detail.Split(' ').Take(4));
                        report.ExcuseReasons[key] = report.ExcuseReasons.GetValueOrDefault(key) + 1;
                        break;
                    case Outcome.Known:
                        var (n, first) = report.Known.GetValueOrDefault(result.Detail, (0, seed));
                        report.Known[result.Detail] = (n + 1, first);
                        break;
                    case Outcome.Mismatch:
                    case Outcome.Invalid:
                        var failure = minimize ? Shrinker.Minimize(program, result) : (program, result);
                        var repro = ReproductionPrinter.Print(failure.Item1, failure.Item2);
                        report.Failures.Add(new FuzzFailure(seed, failure.Item2, failure.Item1, repro));
                        log?.Invoke($"seed {seed}: {result.Kind} {result.Outcome}: {result.Detail}\n{repro}");
                        break;
                }
            }
            report.Programs++;
            if (progressEvery > 0 && report.Programs % progressEvery == 0)
                log?.Invoke(string.Create(CultureInfo.InvariantCulture,
                    $"{report.Programs}/{count} programs, {clock.Elapsed.TotalSeconds:F0} s, {report.Failures.Count} failures, {report.Known.Values.Sum(k => k.Count)} known"));
        }
        report.Elapsed = clock.Elapsed;
        return report;
    }

    private static IEnumerable<CheckResult> Check(FuzzProgram program, FuzzReport report, CheckKind[] checks)
    {
        ResolvedProgram resolved;
        try
        {
            resolved = ProgramResolver.Resolve(program);
        }
        catch (Exception e)
        {
            return new[] { new CheckResult(CheckKind.EagerVsJit, Outcome.Invalid, $"the resolver threw {FuzzChecks.Describe(e)}") };
        }
        foreach (var ins in resolved.Instructions) report.Operations[ins.Name] = report.Operations.GetValueOrDefault(ins.Name) + 1;
        var c = new FuzzCase(resolved);
        var results = new List<CheckResult>();
        foreach (var kind in checks)
        {
            var r = FuzzChecks.Run(c, kind);
            results.Add(r);
            if (r.Outcome == Outcome.Invalid) break;
        }
        return results;
    }
}
