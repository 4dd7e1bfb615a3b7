using System;
using System.Diagnostics;

namespace Functional.AD.Benchmarks;

/// <summary>What the quick probes (<c>--gemm</c>, <c>--w2</c>, <c>--w6w8</c>) share: their thread count and their timing loop.</summary>
internal static class ProbeTiming
{
    /// <summary>The thread count a probe runs at: FAD_BENCH_THREADS, default 1.</summary>
    internal static int Threads() => int.TryParse(Environment.GetEnvironmentVariable("FAD_BENCH_THREADS"), out var t) ? t : 1;

    /// <summary>
    /// Runs <paramref name="body"/> <paramref name="warmUp"/> times untimed, then <paramref name="calls"/> times timed;
    /// returns the call times in seconds, sorted (element 0 the best, element calls / 2 the median).
    /// </summary>
    internal static double[] SortedSeconds(Func<object> body, int warmUp, int calls)
    {
        for (int i = 0; i < warmUp; i++) body();
        var seconds = new double[calls];
        for (int i = 0; i < calls; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            body();
            seconds[i] = Stopwatch.GetElapsedTime(t0).TotalSeconds;
        }
        Array.Sort(seconds);
        return seconds;
    }
}
