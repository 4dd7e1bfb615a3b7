using System;
using System.Diagnostics;
using System.Globalization;

namespace Functional.AD.Benchmarks;

/// <summary>
/// Cold start (W12 of BENCHMARKS.md): in this fresh process, the wall time of calls 1, 10 and 100 of one jitted
/// workload, and its steady state (the median of calls 301..400), each also as a ratio to the steady state. Run
/// by benchmarks/cold-start.sh once per workload, pinning and runtime setting, as a new process each time:
/// <c>dotnet Functional.AD.Benchmarks.dll --cold-start W2|W3</c>. Prints one line of JSON (and, with
/// FAD_COLD_START_TRACE=1, every call's time in ms on stderr).
/// </summary>
/// <remarks>
/// W2: <c>Jit(ValueAndGrad(f))</c> over 1e6 f32 elements. W3: the jitted SGD step of the 784-512-512-10 MLP. Call 1
/// includes tracing and compiling (as a user's first call does); the input arrays are made before the clock starts.
/// </remarks>
public static class ColdStart
{
    private const int Calls = 400, SteadyFrom = 300;

    /// <summary>Runs the cold-start measurement of workload <paramref name="args"/>[0] and prints its JSON line.</summary>
    public static int Run(string[] args)
    {
        string workload = args.Length > 0 ? args[0].ToUpperInvariant() : "";
        if (args.Length > 1 && args[1] == "--plan") return Plan(workload);
        Func<double> call = workload switch
        {
            "W2" => W2(),
            "W3" => W3(),
            _ => throw new ArgumentException($"--cold-start: unknown workload '{workload}' (W2 or W3)"),
        };
        var ms = new double[Calls];
        var events = new string[Calls];
        double sink = 0;
        for (int i = 0; i < Calls; i++)
        {
            int young = GC.CollectionCount(0), full = GC.CollectionCount(2);
            long fresh = BufferPool.FreshBuffers;
            long start = Stopwatch.GetTimestamp();
            sink += call();
            ms[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            events[i] = $"{GC.CollectionCount(0) - young}/{GC.CollectionCount(2) - full}/{BufferPool.FreshBuffers - fresh}";
        }
        if (Environment.GetEnvironmentVariable("FAD_COLD_START_TRACE") == "1")
        {
            // per call: milliseconds, then collections / full collections / fresh pooled buffers during it
            var shown = new string[Calls];
            for (int i = 0; i < Calls; i++) shown[i] = ms[i].ToString("0.0", CultureInfo.InvariantCulture) + "(" + events[i] + ")";
            Console.Error.WriteLine(string.Join(" ", shown));
        }
        var steadyCalls = ms[SteadyFrom..];
        Array.Sort(steadyCalls);
        double steady = steadyCalls[steadyCalls.Length / 2];
        static string F(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);
        Console.WriteLine(
            $"{{\"workload\": \"{workload}\", \"call1_ms\": {F(ms[0])}, \"call10_ms\": {F(ms[9])}, \"call100_ms\": {F(ms[99])}, " +
            $"\"steady_ms\": {F(steady)}, \"call1_x\": {F(ms[0] / steady)}, \"call10_x\": {F(ms[9] / steady)}, " +
            $"\"call100_x\": {F(ms[99] / steady)}, \"processors\": {Environment.ProcessorCount}, \"check\": {F(sink / Calls)}}}");
        return 0;
    }

    /// <summary>Prints the optimized jaxpr and the compiled steps of the workload's jitted function (a diagnostic).</summary>
    private static int Plan(string workload)
    {
        Jaxpr jaxpr;
        if (workload == "W2")
        {
            var x = Np.FromFlat(new float[W2ElementwiseBenchmarks.N], new[] { W2ElementwiseBenchmarks.N });
            jaxpr = Jax.MakeJaxpr<NDArray, (NDArray, NDArray)>(v => Jax.ValueAndGrad(W2ElementwiseBenchmarks.F)(v))(x).Jaxpr;
        }
        else
        {
            var (p, d) = W3MlpBenchmarks.MakeProblem();
            jaxpr = Jax.MakeJaxpr<(W3MlpBenchmarks.Mlp, W3MlpBenchmarks.Data), (NDArray, W3MlpBenchmarks.Mlp)>(
                a => W3MlpBenchmarks.Step(a.Item1, a.Item2))((p, d)).Jaxpr;
        }
        var executable = JaxprCompiler.Compile(jaxpr);
        Console.WriteLine(executable.Program);
        foreach (var step in executable.Steps) Console.WriteLine($"  {step}");
        return 0;
    }

    /// <summary>W2's jitted value-and-grad over 1e6 f32 elements in [-2, 2]; a call returns the value.</summary>
    private static Func<double> W2()
    {
        var rng = new System.Random(0);
        var data = new float[W2ElementwiseBenchmarks.N];
        for (int i = 0; i < data.Length; i++) data[i] = (float)(rng.NextDouble() * 4 - 2);
        var x = Np.FromFlat(data, new[] { data.Length });
        var vg = Jax.Jit<NDArray, (NDArray Value, NDArray Grad)>(Jax.ValueAndGrad(W2ElementwiseBenchmarks.F));
        return () => (double)vg(x).Value;
    }

    /// <summary>W3's jitted SGD step, always from the same parameters; a call returns the loss.</summary>
    private static Func<double> W3()
    {
        var (p, d) = W3MlpBenchmarks.MakeProblem();
        var step = Jax.Jit<W3MlpBenchmarks.Mlp, W3MlpBenchmarks.Data, (NDArray Loss, W3MlpBenchmarks.Mlp Params)>(W3MlpBenchmarks.Step);
        return () => (double)step(p, d).Loss;
    }
}
