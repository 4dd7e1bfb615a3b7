using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;

namespace Functional.AD.Properties.Fuzzing;

/// <summary>
/// Minimizes a failing program: greedily removes steps (halves, quarters... single steps), inputs and axes,
/// shrinks axis sizes and simplifies the options, keeping each change after which the same check still fails the
/// same way (the same outcome; for an exception, the same exception type and message start). The genes re-resolve
/// against the smaller shapes, so every candidate is a valid program.
/// </summary>
public static class Shrinker
{
    /// <summary>The most candidate programs tried per failure.</summary>
    public const int Budget = 400;

    /// <summary>The longest time spent per failure.</summary>
    public static readonly TimeSpan TimeBudget = TimeSpan.FromSeconds(90);

    /// <summary>The smallest program found that still fails <paramref name="failure"/>'s check alike, with its result.</summary>
    public static (FuzzProgram Program, CheckResult Result) Minimize(FuzzProgram program, CheckResult failure)
    {
        var best = (program, failure);
        int tries = 0;
        var clock = Stopwatch.StartNew();
        bool progress = true;
        while (progress && tries < Budget && clock.Elapsed < TimeBudget)
        {
            progress = false;
            foreach (var candidate in Candidates(best.program))
            {
                if (tries++ >= Budget || clock.Elapsed >= TimeBudget) break;
                var result = Check(candidate, failure.Kind);
                if (result is not null && Alike(result, failure))
                {
                    best = (candidate, result);
                    progress = true;
                    break;
                }
            }
        }
        return best;
    }

    private static CheckResult? Check(FuzzProgram p, CheckKind kind)
    {
        try
        {
            return FuzzChecks.Run(new FuzzCase(ProgramResolver.Resolve(p)), kind);
        }
        catch (Exception)
        {
            return null;
        }
    }

    private static bool Alike(CheckResult a, CheckResult b)
    {
        if (a.Outcome != b.Outcome) return false;
        bool threwA = a.Detail.StartsWith("threw", StringComparison.Ordinal) || a.Outcome == Outcome.Invalid;
        bool threwB = b.Detail.StartsWith("threw", StringComparison.Ordinal) || b.Outcome == Outcome.Invalid;
        if (threwA != threwB) return false;
        return !threwA || Head(a.Detail) == Head(b.Detail);
    }

    /// <summary>An exception's description up to the end of its type and the first words of its message.</summary>
    private static string Head(string detail) => string.Join(' ', detail.Split(' ').Take(6));

    private static IEnumerable<FuzzProgram> Candidates(FuzzProgram p)
    {
        var genes = p.Genes;
        for (int k = 0; k < p.Inputs.Length; k++)
        {
            var shape = p.Inputs[k].Shape;
            for (int axis = 0; axis < shape.Length; axis++)
                yield return WithShape(p, k, shape.Where((_, i) => i != axis).ToArray());
            for (int axis = 0; axis < shape.Length; axis++)
                foreach (var d in new[] { 1, 2, shape[axis] / 2, shape[axis] - 1 }.Distinct())
                    if (d >= 1 && d < shape[axis])
                    {
                        var s = (int[])shape.Clone();
                        s[axis] = d;
                        yield return WithShape(p, k, s);
                    }
            if (p.Inputs[k].Scale != 1) yield return p with { Inputs = p.Inputs.Select((x, i) => i == k ? x with { Scale = 1 } : x).ToArray() };
        }
        for (int size = genes.Length / 2; size >= 1; size /= 2)
            for (int at = genes.Length - size; at >= 0; at -= size)
                yield return p with { Genes = genes[..at].Concat(genes[(at + size)..]).ToArray() };
        if (p.Options.BatchSize > 1) yield return p with { Options = p.Options with { BatchSize = 1 } };
        if (p.Options.SegmentLength > 0) yield return p with { Options = p.Options with { SegmentLength = 0 } };
        if (p.Options.Policy > 0) yield return p with { Options = p.Options with { Policy = 0 } };
        for (int k = p.Inputs.Length - 1; k >= 0 && p.Inputs.Length > 1; k--)
        {
            int mask = p.Options.MappedInputs;
            int low = mask & ((1 << k) - 1), high = mask >> (k + 1);
            int newMask = low | (high << k);
            if (newMask == 0) newMask = 1;
            yield return p with { Inputs = p.Inputs.Where((_, i) => i != k).ToArray(), Options = p.Options with { MappedInputs = newMask } };
        }
        if (p.Options.MappedInputs != (1 << p.Inputs.Length) - 1)
            yield return p with { Options = p.Options with { MappedInputs = (1 << p.Inputs.Length) - 1 } };
        for (int i = 0; i < genes.Length; i++)
            if (genes[i].K != 0.5)
                yield return p with { Genes = genes.Select((g, j) => j == i ? g with { K = 0.5 } : g).ToArray() };
    }

    private static FuzzProgram WithShape(FuzzProgram p, int k, int[] shape) =>
        p with { Inputs = p.Inputs.Select((x, i) => i == k ? x with { Shape = shape } : x).ToArray() };
}
