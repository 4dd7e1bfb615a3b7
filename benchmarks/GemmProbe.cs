using System;
using System.Globalization;

namespace Functional.AD.Benchmarks;

/// <summary>
/// A quick GEMM rate probe for tuning the kernel between full W1 runs: for each size n (default 256 512 1024 2048)
/// and each dtype (f32, f64), the best and median GFLOP/s of <c>Np.Matmul(a, b)</c> on square n x n operands over
/// repeated calls of about half a second in all, at <c>Parallelism.MaxThreads</c> = FAD_BENCH_THREADS (default 1).
/// <c>dotnet Functional.AD.Benchmarks.dll --gemm [n ...]</c>; prints one JSON line per size and dtype. W1 in
/// BenchmarkDotNet (compare.sh W1) stays the measurement of record.
/// </summary>
public static class GemmProbe
{
    /// <summary>Runs the probe for the sizes in <paramref name="args"/> (or the defaults).</summary>
    public static int Run(string[] args)
    {
        int threads = ProbeTiming.Threads();
        Parallelism.MaxThreads = threads;
        int[] sizes = args.Length > 0 ? Array.ConvertAll(args, s => int.Parse(s, CultureInfo.InvariantCulture)) : new[] { 256, 512, 1024, 2048 };
        var rng = new System.Random(1);
        foreach (var dtype in new[] { DType.Float32, DType.Float64 })
        {
            foreach (int n in sizes)
            {
                var a = W6PerExampleBenchmarks.Normal(rng, 1.0, n, n).AsType(dtype);
                var b = W6PerExampleBenchmarks.Normal(rng, 1.0, n, n).AsType(dtype);
                double flops = 2.0 * n * n * n;
                int reps = (int)Math.Clamp(0.5 / (flops / 150e9), 5, 2000);
                var seconds = ProbeTiming.SortedSeconds(() => Np.Matmul(a, b), Math.Max(2, reps / 5), reps);
                static string F(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);
                Console.WriteLine($"{{\"workload\": \"gemm\", \"dtype\": \"{dtype}\", \"n\": {n}, \"threads\": {threads}, " +
                                  $"\"gflops_best\": {F(flops / seconds[0] / 1e9)}, \"gflops_median\": {F(flops / seconds[reps / 2] / 1e9)}, \"reps\": {reps}}}");
            }
        }
        return 0;
    }
}
