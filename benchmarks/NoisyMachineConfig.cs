using System.Linq;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Csv;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;
using Perfolizer.Mathematics.OutlierDetection;

namespace Functional.AD.Benchmarks;

/// Settings for a small, shared, noisy machine (2 vCPUs, other people's builds running):
/// a handful of warmups and iterations, medians reported next to means, no outlier removal,
/// allocations measured. BenchmarkDotNet's default full GC between iterations is switched off, so the
/// GC work a call causes (W2 allocates tens of MB of large-object-heap arrays per call) is measured as
/// it falls in a steady loop; the reference harness does not collect between repeats either.
///
/// The benchmarks run in-process (InProcessEmitToolchain): the default toolchain would generate and
/// build a second project that rebuilds src/ into its default bin/obj folders, colliding with
/// concurrent builds and ignoring --artifacts-path. In-process runs use exactly the Release
/// assemblies that `dotnet run -c Release` built.
public static class NoisyMachineConfig
{
    public static IConfig Create(bool quick, string? artifactsPath)
    {
        var job = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(quick ? 1 : 4)
            .WithIterationCount(quick ? 3 : 15)
            .WithIterationTime(TimeInterval.FromMilliseconds(quick ? 100 : 250))
            .WithOutlierMode(OutlierMode.DontRemove)   // the medians compared with torch use every iteration
            .WithGcForce(false)   // no GC.Collect between iterations: measure the steady state of a loop
            .WithId(quick ? "Quick" : "Noisy2Core");

        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddLogger(DefaultConfig.Instance.GetLoggers().ToArray())
            .AddAnalyser(DefaultConfig.Instance.GetAnalysers().ToArray())
            .AddValidator(DefaultConfig.Instance.GetValidators().ToArray())
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddColumn(StatisticColumn.Median, StatisticColumn.Min, StatisticColumn.Max)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddExporter(MarkdownExporter.GitHub, CsvExporter.Default, JsonExporter.Full)
            .WithSummaryStyle(SummaryStyle.Default.WithTimeUnit(TimeUnit.Microsecond))
            .WithOptions(ConfigOptions.DisableLogFile);
        return artifactsPath is null ? config : config.WithArtifactsPath(artifactsPath);
    }
}
