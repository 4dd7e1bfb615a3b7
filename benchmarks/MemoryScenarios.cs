using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;

namespace Functional.AD.Benchmarks;

/// Peak-memory scenarios of the large-buffer pool (`--memory`), measured in fresh processes, not timed:
///   burst        400 arrays of 32 MiB (f64[4 Mi], Np.Full) made one after another, the last 20 kept alive in a ring
///   burst-plain  the same with plain `new double[]` arrays filled in place (what the .NET GC alone does)
///   grad-repeat  Grad of sum(sin(x) * x) on f64[100000], 10^4 times (RSS printed every 1000 calls)
///   grad-large   Grad of sum(x * x) on an f64 array of 2 GiB (needs ~8 GiB free)
/// `--memory` alone runs every scenario but grad-large, each in its own child process; `--memory NAME...` runs those.
/// Each prints one line: peak RSS (VmHWM), the reference size it is judged against (live bytes, or the input),
/// their ratio, and the collections of each generation.
public static class MemoryScenarios
{
    private const int BurstCount = 400, BurstLive = 20, BurstLength = 4 << 20;

    public static int Run(string[] names)
    {
        if (names.Length == 0) names = new[] { "burst", "burst-plain", "grad-repeat" };
        if (names.Length > 1 || Environment.GetEnvironmentVariable("FAD_MEMORY_CHILD") is null)
        {
            int failures = 0;
            foreach (var name in names) failures += RunChild(name) == 0 ? 0 : 1;
            return failures;
        }
        Console.WriteLine($"buffer pool budget: {Diagnostics.BufferPoolBudgetBytes / (1 << 20)} MiB");
        switch (names[0])
        {
            case "burst": Burst(plain: false); break;
            case "burst-plain": Burst(plain: true); break;
            case "grad-repeat": GradRepeat(); break;
            case "grad-large": GradLarge(); break;
            default: Console.Error.WriteLine($"unknown scenario {names[0]}"); return 1;
        }
        return 0;
    }

    private static int RunChild(string name)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
        start.ArgumentList.Add("--memory");
        start.ArgumentList.Add(name);
        start.Environment["FAD_MEMORY_CHILD"] = "1";
        using var child = Process.Start(start)!;
        child.WaitForExit();
        return child.ExitCode;
    }

    private static void Burst(bool plain)
    {
        var ring = new object[BurstLive];
        for (int i = 0; i < BurstCount; i++)
        {
            if (plain)
            {
                var a = new double[BurstLength];
                a.AsSpan().Fill(i);
                ring[i % BurstLive] = a;
            }
            else ring[i % BurstLive] = Np.Full(new[] { BurstLength }, i);
        }
        Report(plain ? "burst-plain" : "burst", Diagnostics.LiveBytes(), "live");
        GC.KeepAlive(ring);
    }

    private static void GradRepeat()
    {
        var x = Np.Linspace(-2, 2, 100_000);
        var grad = Jax.Grad((NDArray v) => Np.Sum(Np.Sin(v) * v));
        _ = grad(x);
        long startRss = Status("VmRSS");
        Console.WriteLine($"  after 1 call: RSS {Mib(startRss)}");
        for (int i = 1; i <= 10_000; i++)
        {
            _ = grad(x);
            if (i is 10 or 100 || i % 1000 == 0) Console.WriteLine($"  after {i} calls: RSS {Mib(Status("VmRSS"))}, peak {Mib(Status("VmHWM"))}");
        }
        Console.WriteLine($"  growth of the peak over the RSS after one call: {Mib(Status("VmHWM") - startRss)}");
        Report("grad-repeat", Diagnostics.LiveBytes(), "live");
        GC.KeepAlive(x);
    }

    private static void GradLarge()
    {
        const int n = 1 << 28;   // 2 GiB of doubles
        var x = Np.Full(new[] { n }, 0.5);
        long before = Status("VmRSS");
        var g = Jax.Grad((NDArray v) => Np.Sum(v * v))(x);
        Console.WriteLine($"  RSS before the call {Mib(before)}; g[0] = {g[0].ToArray<double>()[0]}");
        Report("grad-large", (long)n * sizeof(double), "input");
        GC.KeepAlive(x);
    }

    private static void Report(string name, long reference, string what)
    {
        long peak = Status("VmHWM");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"MEMORY {name}: peak RSS {Mib(peak)}, {what} {Mib(reference)}, ratio {(double)peak / reference:F2}, " +
            $"collections gen0/1/2 {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}"));
    }

    private static string Mib(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:F0} MiB");

    /// A /proc/self/status field in bytes (VmRSS: resident now, VmHWM: peak resident), or the process's working set.
    private static long Status(string field)
    {
        if (File.Exists("/proc/self/status"))
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith(field + ":", StringComparison.Ordinal))
                    return long.Parse(line.AsSpan(field.Length + 1).Trim()[..^2].Trim(), CultureInfo.InvariantCulture) * 1024;
        using var self = Process.GetCurrentProcess();
        return field == "VmHWM" ? self.PeakWorkingSet64 : self.WorkingSet64;
    }
}
