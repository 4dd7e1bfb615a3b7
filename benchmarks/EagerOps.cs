using System;
using System.Diagnostics;
using System.Globalization;

namespace Functional.AD.Benchmarks;

/// <summary>
/// The per-op cost of eager dispatch in a fresh process, without BenchmarkDotNet's long warm-up: W4's 100-op chain of
/// 0-d f64 ops, eager forward, <c>Grad</c> and eager <c>Hvp</c> (forward over reverse), medians of 2000 calls after
/// <c>FAD_EAGER_WARMUP</c> calls (default 200). <c>dotnet Functional.AD.Benchmarks.dll --eager-ops</c>; one JSON line.
/// </summary>
public static class EagerOps
{
    /// <summary>Runs the measurement and prints its JSON line.</summary>
    public static int Run()
    {
        int warmUp = int.TryParse(Environment.GetEnvironmentVariable("FAD_EAGER_WARMUP"), out var w) ? w : 200;
        NDArray x = Np.Scalar(0.5);
        var grad = Jax.Grad(W4SmallOpsBenchmarks.Chain);
        double Median(Func<NDArray> call)
        {
            for (int i = 0; i < warmUp; i++) call();
            var us = new double[2000];
            for (int i = 0; i < us.Length; i++)
            {
                long t0 = Stopwatch.GetTimestamp();
                call();
                us[i] = Stopwatch.GetElapsedTime(t0).TotalMicroseconds;
            }
            Array.Sort(us);
            return us[us.Length / 2] / W4SmallOpsBenchmarks.OpsPerChain;
        }
        double forward = Median(() => W4SmallOpsBenchmarks.Chain(x));
        double gradient = Median(() => grad(x));
        double hvp = Median(() => Jax.Hvp(W4SmallOpsBenchmarks.Chain, x, Np.Scalar(1.0)));
        static string F(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);
        Console.WriteLine($"{{\"workload\": \"eager-ops\", \"warmup\": {warmUp}, \"forward_us_per_op\": {F(forward)}, " +
                          $"\"grad_us_per_op\": {F(gradient)}, \"hvp_us_per_op\": {F(hvp)}}}");
        return 0;
    }
}
