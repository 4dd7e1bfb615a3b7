using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Reflection;
using System.Threading;
using BenchmarkDotNet.Attributes;

namespace Functional.AD.Benchmarks;

/// Base of every workload class: a `Threads` parameter that sets the library's thread budget
/// (`Parallelism.MaxThreads`, like torch.set_num_threads) for the benchmarks of that case, so one
/// BenchmarkDotNet process measures a workload at 1 and at 2 threads and the reports carry `Threads=N`.
///
/// The values come from the environment variable FAD_BENCH_THREADS (space- or comma-separated, default
/// "1 2"); compare.sh sets it from its THREADS knob. Each derived class calls ApplyThreads() first thing in
/// its [GlobalSetup] (before building jitted functions, so they are built under the budget they run with);
/// the budget is restored in GlobalCleanup.
///
/// WarmUp(), called last in every GlobalSetup, runs the class's benchmark methods until the runtime has
/// tiered them (and the library code they call) up: BenchmarkDotNet 0.14 calls a benchmark once before its
/// pilot stage, so without this the first cases of a process were measured partly in tier-0 code (seen on W3:
/// the 1-thread cases 2-4x slower than the identical 2-thread cases that ran after them, equal with
/// DOTNET_TieredCompilation=0). It measures the steady state of the default runtime, tiered PGO included.
public abstract class ThreadedBenchmark
{
    public const string ThreadsVariable = "FAD_BENCH_THREADS";

    /// Thread counts to benchmark: FAD_BENCH_THREADS, else 1 and 2.
    public static IEnumerable<int> ThreadCounts()
    {
        var text = Environment.GetEnvironmentVariable(ThreadsVariable);
        if (string.IsNullOrWhiteSpace(text)) return new[] { 1, 2 };
        var counts = new List<int>();
        foreach (var part in text.Split(new[] { ' ', ',', ';' }, StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, out int n) || n < 1)
                throw new InvalidOperationException($"{ThreadsVariable}='{text}': expected thread counts >= 1");
            if (!counts.Contains(n)) counts.Add(n);
        }
        return counts;
    }

    /// The library's thread budget (Parallelism.MaxThreads) for this benchmark case.
    [ParamsSource(nameof(ThreadCounts))]
    public int Threads { get; set; } = 1;

    private int savedMaxThreads = -1;

    /// Sets Parallelism.MaxThreads = Threads (remembering the previous value for GlobalCleanup).
    protected void ApplyThreads()
    {
        if (savedMaxThreads < 0) savedMaxThreads = Parallelism.MaxThreads;
        Parallelism.MaxThreads = Threads;
        if (Parallelism.MaxThreads != Threads)
            throw new InvalidOperationException($"Parallelism.MaxThreads is {Parallelism.MaxThreads}, expected {Threads}");
    }

    /// Rounds of calls to every [Benchmark] method of this class with pauses between them (the runtime starts
    /// counting calls for tier-up only after 100 ms without new tier-0 compilations, then promotes a method after
    /// 30 calls): 4 rounds of up to 10 calls or 150 ms per method, 120 ms apart, at most about 2 s in all.
    protected void WarmUp()
    {
        var methods = GetType().GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.GetCustomAttribute<BenchmarkAttribute>() != null && m.GetParameters().Length == 0)
            .ToArray();
        var total = Stopwatch.StartNew();
        for (int round = 0; round < 4 && total.ElapsedMilliseconds < 2000; round++)
        {
            foreach (var m in methods)
            {
                var sw = Stopwatch.StartNew();
                for (int i = 0; i < 10 && sw.ElapsedMilliseconds < 150; i++) m.Invoke(this, null);
            }
            Thread.Sleep(120);
        }
    }

    [GlobalCleanup]
    public void RestoreThreads()
    {
        if (savedMaxThreads >= 1) Parallelism.MaxThreads = savedMaxThreads;
        savedMaxThreads = -1;
    }
}
