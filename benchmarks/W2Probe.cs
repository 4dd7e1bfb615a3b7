using System;
using System.Globalization;

namespace Functional.AD.Benchmarks;

/// <summary>
/// A quick W2 probe for tuning between full runs: median and best milliseconds of W2's eager forward, <c>Jit(f)</c> and
/// <c>Jit(ValueAndGrad(f))</c> on 1e6 elements, f32 and f64, at <c>Parallelism.MaxThreads</c> = FAD_BENCH_THREADS
/// (default 1), after a warm-up. <c>dotnet Functional.AD.Benchmarks.dll --w2 [calls [filter]]</c> or <c>--w2 --plan</c> (filter: a substring
/// of "f32 jit-value-and-grad" and the like, to profile one case); prints one JSON line per case. W2 in BenchmarkDotNet (compare.sh W2) stays the measurement of record.
/// </summary>
public static class W2Probe
{
    /// <summary>Runs the probe.</summary>
    public static int Run(string[] args)
    {
        Parallelism.MaxThreads = ProbeTiming.Threads();
        if (args.Length > 0 && args[0] == "--plan") return PrintPlan();
        int calls = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
        var rng = new System.Random(0);
        var data = new double[W2ElementwiseBenchmarks.N];
        for (int i = 0; i < data.Length; i++) data[i] = rng.NextDouble() * 4 - 2;
        string filter = args.Length > 1 ? args[1] : "";
        foreach (var dtype in new[] { DType.Float32, DType.Float64 })
        {
            var x = Np.FromFlat(data, new[] { data.Length }).AsType(dtype);
            var jitF = Jax.Jit(W2ElementwiseBenchmarks.F);
            var jitVg = Jax.Jit<NDArray, (NDArray Value, NDArray Grad)>(Jax.ValueAndGrad(W2ElementwiseBenchmarks.F));
            string name = dtype == DType.Float32 ? "f32" : "f64";
            if ($"{name} eager-forward".Contains(filter)) Report(dtype, "eager-forward", calls, () => W2ElementwiseBenchmarks.F(x));
            if ($"{name} jit-forward".Contains(filter)) Report(dtype, "jit-forward", calls, () => jitF(x));
            if ($"{name} jit-value-and-grad".Contains(filter)) Report(dtype, "jit-value-and-grad", calls, () => jitVg(x));
        }
        return 0;
    }

    /// <summary><c>--w2 --plan</c>: the compiled program of f32 <c>Jit(ValueAndGrad(f))</c> and its steps.</summary>
    private static int PrintPlan()
    {
        var x = Np.Linspace(-2, 2, W2ElementwiseBenchmarks.N).AsType(DType.Float32);
        var traced = Jax.MakeJaxpr<NDArray, (NDArray Value, NDArray Grad)>(Jax.ValueAndGrad(W2ElementwiseBenchmarks.F))(x).Jaxpr;
        var executable = JaxprCompiler.Compile(traced);
        Console.WriteLine(executable.Program);
        foreach (var s in executable.Steps) Console.WriteLine($"  {s}");
        return 0;
    }

    private static void Report(DType dtype, string variant, int calls, Func<object> body)
    {
        var ms = Array.ConvertAll(ProbeTiming.SortedSeconds(body, Math.Max(20, calls / 4), calls), s => s * 1e3);
        static string F(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);
        Console.WriteLine($"{{\"workload\": \"W2\", \"dtype\": \"{dtype}\", \"variant\": \"{variant}\", \"threads\": {Parallelism.MaxThreads}, " +
                          $"\"median_ms\": {F(ms[calls / 2])}, \"best_ms\": {F(ms[0])}}}");
    }
}
