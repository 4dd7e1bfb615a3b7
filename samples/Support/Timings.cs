using System;
using System.Collections.Generic;
using System.Linq;

namespace Functional.AD.Samples.Support;

/// <summary>Wall-clock times of repeated runs of one piece of work, in milliseconds, and their summary.</summary>
public sealed class Timings
{
    private readonly double[] _sorted;

    /// <summary>Summarizes the given run times (at least one).</summary>
    /// <param name="milliseconds">One time per run, in the order they were taken.</param>
    public Timings(IEnumerable<double> milliseconds)
    {
        Runs = milliseconds.ToArray();
        if (Runs.Count == 0) throw new ArgumentException("no runs to summarize", nameof(milliseconds));
        _sorted = Runs.OrderBy(t => t).ToArray();
    }

    /// <summary>The times in the order they were taken.</summary>
    public IReadOnlyList<double> Runs { get; }

    /// <summary>The number of runs.</summary>
    public int Count => _sorted.Length;

    /// <summary>The median (the mean of the two middle runs for an even count).</summary>
    public double Median => Count % 2 == 1 ? _sorted[Count / 2] : 0.5 * (_sorted[Count / 2 - 1] + _sorted[Count / 2]);

    /// <summary>The fastest run.</summary>
    public double Min => _sorted[0];

    /// <summary>The slowest run.</summary>
    public double Max => _sorted[^1];

    /// <summary>"231 ms (min 225 ms, max 240 ms, 9 runs)".</summary>
    public override string ToString() => $"{Fmt.Ms(Median)} (min {Fmt.Ms(Min)}, max {Fmt.Ms(Max)}, {Count} runs)";
}
