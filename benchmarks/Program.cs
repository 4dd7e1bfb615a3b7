using System.Collections.Generic;
using BenchmarkDotNet.Running;

namespace Functional.AD.Benchmarks;

/// Entry point: BenchmarkDotNet's switcher over every benchmark class in this assembly.
///
///   dotnet run -c Release --project benchmarks --artifacts-path /tmp/art-bench -- --filter '*W4*'
///   dotnet run -c Release --project benchmarks --artifacts-path /tmp/art-bench -- --filter '*W2*' --quick
///
/// Own options (removed before the rest goes to BenchmarkDotNet):
///   --quick               1 warmup + 3 short iterations per benchmark (smoke test, numbers are rough)
///   --memory [NAME...]    peak-memory scenarios of the buffer pool instead of benchmarks (MemoryScenarios.cs)
///   --cold-start W2|W3    calls 1, 10, 100 and steady state of a jitted workload in this fresh process (ColdStart.cs);
///                         --cold-start W2 --plan prints the workload's optimized jaxpr and compiled steps
///   --adam [n]            ms of a jitted Optim.Adam update over n (default 1M) f32 parameters vs a pass over the same bytes (AdamProbe.cs)
///   --kernel-times        ns per element of the f32 FastMath and arithmetic kernels on an L1-resident tile
///   --w6w8 [calls [filter]]  median µs of W6's Vmap(Grad) / full batch and W8's Jacobians (PerExampleProbe.cs); --w6w8 jaxprs|ops prints their jaxprs or times each equation
/// BenchmarkDotNet options that combine well with the in-process job used here:
///   --filter '*W4*'       glob over Namespace.Class.Method
///   --random [n]          ns per sample: Random.Normal/Uniform f32 and f64 eager and jitted, bits, erf_inv, Box-Muller, torch.randn
///   --list flat           list the benchmarks
///   --artifacts DIR       where the markdown/CSV/JSON reports go (default ./BenchmarkDotNet.Artifacts)
///   --memory, --join, --exporters json ...
/// Do not pass --job/--runtimes: they add out-of-process jobs that build a separate project.
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "--memory") return MemoryScenarios.Run(args[1..]);
        if (args.Length > 0 && args[0] == "--cold-start") return ColdStart.Run(args[1..]);
        if (args.Length > 0 && args[0] == "--kernel-times") return KernelTimes.Run();
        if (args.Length > 0 && args[0] == "--small-step") return SmallStep.Run(args[1..]);
        if (args.Length > 0 && args[0] == "--eager-ops") return EagerOps.Run();
        if (args.Length > 0 && args[0] == "--gemm") return GemmProbe.Run(args[1..]);
        if (args.Length > 0 && args[0] == "--adam") return AdamProbe.Run(args[1..]);
        if (args.Length > 0 && args[0] == "--w2") return W2Probe.Run(args[1..]);
        if (args.Length > 0 && args[0] == "--random") return RandomProbe.Run(args[1..]);
        if (args.Length > 0 && args[0] == "--w6w8") return PerExampleProbe.Run(args[1..]);
        bool quick = false;
        string? artifacts = null;
        var rest = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] is "--quick" or "-q") quick = true;
            else if (args[i] is "--artifacts" && i + 1 < args.Length) artifacts = args[++i];
            else rest.Add(args[i]);
        }
        var config = NoisyMachineConfig.Create(quick, artifacts);
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(rest.ToArray(), config);
        foreach (var s in summaries)
            if (s.HasCriticalValidationErrors || s.Reports.Length == 0 || !AllSucceeded(s)) return 1;
        return 0;
    }

    private static bool AllSucceeded(BenchmarkDotNet.Reports.Summary s)
    {
        foreach (var r in s.Reports)
            if (!r.Success) return false;
        return true;
    }
}
