using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;

namespace Functional.AD.Samples.Support;

/// <summary>
/// Wall-clock timing for the samples' speed comparisons. .NET compiles hot methods again with full
/// optimization after they have run a while (tiered compilation), so every method here warms the work up
/// before timing it and reports medians, which a stray slow run on a shared machine does not move.
/// </summary>
public static class Timing
{
    /// <summary>
    /// Runs <paramref name="work"/> for about <paramref name="warmupSeconds"/>, then times it until it has
    /// <paramref name="maxRuns"/> runs or <paramref name="budgetSeconds"/> have passed, with at least
    /// <paramref name="minRuns"/> runs.
    /// </summary>
    /// <param name="work">What to time.</param>
    /// <param name="warmupSeconds">Untimed running first.</param>
    /// <param name="maxRuns">At most this many timed runs.</param>
    /// <param name="budgetSeconds">Stop timing after about this long, once <paramref name="minRuns"/> are done.</param>
    /// <param name="minRuns">At least this many timed runs.</param>
    /// <returns>The timed runs.</returns>
    public static Timings Measure(Action work, double warmupSeconds = 1.0, int maxRuns = 15, double budgetSeconds = 1.5, int minRuns = 3)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < warmupSeconds) work();
        var times = new List<double>();
        clock.Restart();
        while (times.Count < maxRuns && (times.Count < minRuns || clock.Elapsed.TotalSeconds < budgetSeconds))
            times.Add(Time(work));
        return new Timings(times);
    }

    /// <summary>
    /// Times several variants of the same work under the same conditions: <paramref name="warmupRounds"/>
    /// untimed rounds that run every variant once (with a short pause after each round, which lets the runtime
    /// start its optimizing recompilation), then <paramref name="rounds"/> timed rounds, each running every
    /// variant once, in an order that reverses from one round to the next (A B, B A, A B, ...) so that a drift
    /// of the machine's speed affects all variants alike.
    /// </summary>
    /// <param name="variants">The variants, each one call of the work.</param>
    /// <param name="warmupRounds">Untimed rounds first.</param>
    /// <param name="rounds">Timed rounds: each variant gets this many runs.</param>
    /// <param name="progress">Called with the number of rounds done so far (warm-up included), e.g. for a progress display.</param>
    /// <returns>One summary per variant, in the order of <paramref name="variants"/>.</returns>
    public static Timings[] Interleaved(IReadOnlyList<Action> variants, int warmupRounds, int rounds, Action<int>? progress = null)
    {
        for (int r = 0; r < warmupRounds; r++)
        {
            foreach (Action variant in variants) variant();
            Thread.Sleep(120);
            progress?.Invoke(r + 1);
        }
        var times = variants.Select(_ => new List<double>()).ToArray();
        for (int r = 0; r < rounds; r++)
        {
            for (int k = 0; k < variants.Count; k++)
            {
                int v = r % 2 == 0 ? k : variants.Count - 1 - k;
                times[v].Add(Time(variants[v]));
            }
            progress?.Invoke(warmupRounds + r + 1);
        }
        return times.Select(t => new Timings(t)).ToArray();
    }

    /// <summary>The wall time of one call, in milliseconds.</summary>
    /// <param name="work">What to time.</param>
    public static double Time(Action work)
    {
        long start = Stopwatch.GetTimestamp();
        work();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }
}
