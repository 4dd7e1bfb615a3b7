using System;
using System.Diagnostics;
using System.Globalization;

namespace Functional.AD.Benchmarks;

/// <summary>
/// A quick W6/W8 probe for tuning between full runs: median and best microseconds of W6's <c>Vmap(Grad)</c> and
/// full-batch gradient (mlp and linreg) and of W8's f, <c>Jacfwd</c>, <c>Jacrev</c> and analytic Jacobian (f32, f64), at
/// <c>Parallelism.MaxThreads</c> = FAD_BENCH_THREADS (default 1), after a warm-up. Uses the benchmark classes' own
/// setup (which checks the results). <c>dotnet Functional.AD.Benchmarks.dll --w6w8 [calls [filter]]</c> (filter: a
/// substring of "W6 mlp vmap-grad", "W8 Float32 jacfwd" and the like); <c>--w6w8 jaxprs</c> prints the jaxprs the
/// transforms trace and <c>--w6w8 ops</c> the median time of each of their equations run eagerly. Prints one JSON line per case; W6/W8 in BenchmarkDotNet (compare.sh) stay the measurement of record.
/// </summary>
public static class PerExampleProbe
{
    /// <summary>Runs the probe.</summary>
    public static int Run(string[] args)
    {
        int threads = ProbeTiming.Threads();
        if (args.Length > 0 && args[0] == "jaxprs") return PrintJaxprs(timeOps: false);
        if (args.Length > 0 && args[0] == "ops") return PrintJaxprs(timeOps: true);
        int calls = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 400;
        string filter = args.Length > 1 ? args[1] : "";
        foreach (var model in new[] { "mlp", "linreg" })
        {
            var w6 = new W6PerExampleBenchmarks { Model = model, Threads = threads };
            if (!$"W6 {model} vmap-grad full-batch".Contains(filter)) continue;
            w6.Setup();
            Report($"W6 {model}", "vmap-grad", filter, calls, w6.VmapGrad);
            Report($"W6 {model}", "full-batch", filter, calls, w6.FullBatch);
            w6.RestoreThreads();
        }
        foreach (var dtype in new[] { DType.Float32, DType.Float64 })
        {
            var w8 = new W8JacobianBenchmarks { Dtype = dtype, Threads = threads };
            if (!$"W8 {dtype} f jacfwd jacrev analytic".Contains(filter)) continue;
            w8.Setup();
            Report($"W8 {dtype}", "f", filter, calls, w8.F);
            Report($"W8 {dtype}", "jacfwd", filter, calls, w8.Jacfwd);
            Report($"W8 {dtype}", "jacrev", filter, calls, w8.Jacrev);
            Report($"W8 {dtype}", "analytic", filter, calls, w8.Analytic);
            w8.RestoreThreads();
        }
        return 0;
    }

    private static void Report(string workload, string variant, string filter, int calls, Func<object> body)
    {
        if (!$"{workload} {variant}".Contains(filter)) return;
        var us = Array.ConvertAll(ProbeTiming.SortedSeconds(body, Math.Max(50, calls / 2), calls), s => s * 1e6);
        static string F(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);
        Console.WriteLine($"{{\"workload\": \"{workload}\", \"variant\": \"{variant}\", \"threads\": {Parallelism.MaxThreads}, " +
                          $"\"median_us\": {F(us[calls / 2])}, \"best_us\": {F(us[0])}, \"p10_us\": {F(us[calls / 10])}, \"p90_us\": {F(us[calls * 9 / 10])}}}");
    }

    /// <summary>The jaxprs of W6's per-example gradient and of W8's Jacobians (f32), as the transforms trace them.</summary>
    private static int PrintJaxprs(bool timeOps)
    {
        Parallelism.MaxThreads = ProbeTiming.Threads();
        void Show(string title, ClosedJaxpr j, params NDArray[] args)
        {
            Console.WriteLine(title);
            if (timeOps) TimeEquations(j, args);
            else Console.WriteLine(j);
        }
        var rng = new System.Random(0);
        var p = new W6PerExampleBenchmarks.MlpParams(
            W6PerExampleBenchmarks.Normal(rng, 0.1, W6PerExampleBenchmarks.DIn, W6PerExampleBenchmarks.DH),
            Np.Zeros(new[] { W6PerExampleBenchmarks.DH }, DType.Float32),
            W6PerExampleBenchmarks.Normal(rng, 0.1, W6PerExampleBenchmarks.DH, 1), Np.Zeros(new[] { 1 }, DType.Float32));
        var x = W6PerExampleBenchmarks.Normal(rng, 1, W6PerExampleBenchmarks.B, W6PerExampleBenchmarks.DIn);
        var y = W6PerExampleBenchmarks.Normal(rng, 1, W6PerExampleBenchmarks.B);
        Show("W6 Vmap(Grad(mlp loss)):", Jax.MakeJaxpr<(NDArray, NDArray), W6PerExampleBenchmarks.MlpParams>(
            d => W6PerExampleBenchmarks.VmapGrad<W6PerExampleBenchmarks.MlpParams>(W6PerExampleBenchmarks.MlpLoss, p, d.Item1, d.Item2))((x, y)), x, y);
        Show("W6 Grad(mlp loss), full batch:", Jax.MakeJaxpr<(NDArray, NDArray), W6PerExampleBenchmarks.MlpParams>(
            d => W6PerExampleBenchmarks.FullBatchGrad<W6PerExampleBenchmarks.MlpParams>(W6PerExampleBenchmarks.MlpLoss, p, d.Item1, d.Item2))((x, y)), x, y);
        var a = W6PerExampleBenchmarks.Normal(rng, 1 / 16.0, W8JacobianBenchmarks.N, W8JacobianBenchmarks.N);
        var v = W6PerExampleBenchmarks.Normal(rng, 1, W8JacobianBenchmarks.N);
        Func<NDArray, NDArray> f = u => Np.Tanh(Np.Matmul(a, u));
        Show("W8 Jacfwd:", Jax.MakeJaxpr(Jax.Jacfwd(f))(v), v);
        Show("W8 Jacrev:", Jax.MakeJaxpr(Jax.Jacrev(f))(v), v);
        return 0;
    }

    /// <summary>Median microseconds of each equation of <paramref name="j"/> run eagerly on <paramref name="args"/>.</summary>
    private static void TimeEquations(ClosedJaxpr j, NDArray[] args)
    {
        const int rounds = 200;
        var eqs = j.Jaxpr.EquationList;
        var us = new double[eqs.Length][];
        for (int e = 0; e < eqs.Length; e++) us[e] = new double[rounds];
        for (int r = -50; r < rounds; r++)
        {
            var env = JaxprEnvironment.WithConstants(j.Jaxpr, j.ConstList, "probe");
            env.Write(j.Jaxpr.InVarList, args);
            for (int e = 0; e < eqs.Length; e++)
            {
                var ins = env.Read(eqs[e].Inputs);
                long t0 = Stopwatch.GetTimestamp();
                var outs = eqs[e].Primitive.Bind(ins, eqs[e].Params);
                if (r >= 0) us[e][r] = Stopwatch.GetElapsedTime(t0).TotalMicroseconds;
                env.Write(eqs[e].Outputs, outs);
            }
        }
        double total = 0;
        for (int e = 0; e < eqs.Length; e++)
        {
            Array.Sort(us[e]);
            double m = us[e][rounds / 2];
            total += m;
            var eq = eqs[e];
            string ins = string.Join(", ", System.Linq.Enumerable.Select(eq.Inputs, a => a.Type.ToString()));
            Console.WriteLine($"  {m,8:0.0} us  {eq.Primitive.Name} {eq.Outputs[0].Type} <- {ins}");
        }
        Console.WriteLine($"  {total,8:0.0} us  total");
    }
}
