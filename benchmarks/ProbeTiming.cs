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
    /// returns the call times in seconds, sorted (element 0 the best, element calls / 2 the median). With FAD_PROBE_GC=1
    /// prints to stderr how many collections ran during the timed calls (and of them gen 1 and gen 2) their total pause, and the pool's fresh buffers;
    /// with FAD_PROBE_CPU=1 the process's CPU time per call (all threads: on a busy machine, a figure that waiting for the CPU does not inflate).
    /// </summary>
    internal static double[] SortedSeconds(Func<object> body, int warmUp, int calls)
    {
        for (int i = 0; i < warmUp; i++) body();
        var seconds = new double[calls];
        int collections = GC.CollectionCount(0), full = GC.CollectionCount(2), middle = GC.CollectionCount(1);
        var paused = GC.GetTotalPauseDuration();
        long freshBuffers = BufferPool.FreshBuffers, freshBytes = BufferPool.FreshBytes;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        long faults = MinorFaults();
        for (int i = 0; i < calls; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            body();
            seconds[i] = Stopwatch.GetElapsedTime(t0).TotalSeconds;
        }
        if (Environment.GetEnvironmentVariable("FAD_PROBE_GC") == "1")
            Console.Error.WriteLine($"{GC.CollectionCount(0) - collections} collections ({GC.CollectionCount(1) - middle} of gen 1, {GC.CollectionCount(2) - full} of gen 2) in {calls} calls, {(GC.GetTotalPauseDuration() - paused).TotalMilliseconds:0.0} ms paused, {BufferPool.FreshBuffers - freshBuffers} fresh pooled buffers ({(BufferPool.FreshBytes - freshBytes) >> 20} MiB)");
        if (Environment.GetEnvironmentVariable("FAD_PROBE_CPU") == "1")
            Console.Error.WriteLine($"process CPU time per call: {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / calls:0.000} ms, " +
                                    $"page faults per call: {(MinorFaults() - faults) / (double)calls:0.0}");
        Array.Sort(seconds);
        return seconds;
    }

    /// <summary>The process's minor page faults so far (field 10 of /proc/self/stat; 0 where there is no such file).</summary>
    private static long MinorFaults()
    {
        try
        {
            var stat = System.IO.File.ReadAllText("/proc/self/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[7], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (System.IO.IOException) { return 0; }
        catch (UnauthorizedAccessException) { return 0; }
    }
}
