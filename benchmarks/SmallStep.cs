using System;
using System.Diagnostics;
using System.Globalization;

namespace Functional.AD.Benchmarks;

/// <summary>
/// Issue 13 point 7: the dispatch cost of a small jitted program. A training step of an MLP 2-32-32-32-1 (tanh, mean
/// squared error, SGD) on a batch of 64 in f32, every array under 4K elements, jitted as a whole; reports the traced
/// step's equation count, the compiled step count and the time per call and per traced equation (median of 3000
/// calls after FAD_SMALL_STEP_WARMUP warm-up calls, default 500) and the bytes it allocates per call. With <c>--tiny</c>
/// the same program runs on width 4 and batch 8: its arithmetic is negligible, so the time is the dispatch alone (at
/// width 32 the step's ten matrix products are about 0.8 MFLOP, several microseconds even at the FMA peak).
/// <c>dotnet Functional.AD.Benchmarks.dll --small-step [--tiny] [--plan | --steps]</c>; prints one JSON line.
/// </summary>
public static class SmallStep
{
    /// <summary>The parameters: three hidden layers and an output layer.</summary>
    public sealed record Net(NDArray W1, NDArray B1, NDArray W2, NDArray B2, NDArray W3, NDArray B3, NDArray W4, NDArray B4);

    private static NDArray Loss(Net p, NDArray x, NDArray y)
    {
        var h = Np.Tanh(Np.Matmul(x, p.W1) + p.B1);
        h = Np.Tanh(Np.Matmul(h, p.W2) + p.B2);
        h = Np.Tanh(Np.Matmul(h, p.W3) + p.B3);
        var pred = Np.Matmul(h, p.W4) + p.B4;
        return Np.Mean(Np.Square(pred - y));
    }

    private static (NDArray Loss, Net Params) Step(Net p, (NDArray X, NDArray Y) batch)
    {
        var (loss, g) = Jax.ValueAndGrad<Net, (NDArray, NDArray)>((q, b) => Loss(q, b.Item1, b.Item2))(p, batch);
        return (loss, Tree.Map((w, gw) => w - 0.05f * gw, p, g));
    }

    /// <summary>Runs the measurement and prints its JSON line (with <c>--plan</c>: prints the compiled step's jaxpr and execution steps instead).</summary>
    public static int Run(string[] args)
    {
        var rng = new System.Random(3);
        NDArray M(int r, int c, double scale) => W6PerExampleBenchmarks.Normal(rng, scale, r, c);
        NDArray Z(int n) => Np.Zeros(new[] { n }, DType.Float32);
        // --tiny: the same program on width 4 and batch 8, where the arithmetic is a few hundred flops: what remains is dispatch.
        bool tiny = Array.IndexOf(args, "--tiny") >= 0;
        int width = tiny ? 4 : 32, rows = tiny ? 8 : 64;
        var p = new Net(M(2, width, 0.7), Z(width), M(width, width, 0.18), Z(width), M(width, width, 0.18), Z(width), M(width, 1, 0.18), Z(1));
        var x = M(rows, 2, 1.0);
        var y = Np.Sin(Np.Sum(x, axis: 1, keepDims: true));
        var batch = (x, y);
        var traced = Jax.MakeJaxpr<(Net, (NDArray, NDArray)), (NDArray, Net)>(a => Step(a.Item1, a.Item2))((p, batch)).Jaxpr;
        int equations = traced.Equations.Count;
        if (Array.IndexOf(args, "--plan") >= 0)
        {
            var executable = JaxprCompiler.Compile(traced);
            Console.WriteLine(executable.Program);
            foreach (var s in executable.Steps) Console.WriteLine($"  {s}");
            return 0;
        }
        if (Array.IndexOf(args, "--steps") >= 0) return TimeSteps(JaxprCompiler.Compile(traced), [.. Tree.Leaves((p, batch))]);
        var step = Jax.Jit<Net, (NDArray, NDArray), (NDArray Loss, Net Params)>(Step);
        int warmUp = int.TryParse(Environment.GetEnvironmentVariable("FAD_SMALL_STEP_WARMUP"), out var w) ? w : 500;
        for (int i = 0; i < warmUp; i++) p = step(p, batch).Params;
        var us = new double[3000];
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < us.Length; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            p = step(p, batch).Params;
            us[i] = Stopwatch.GetElapsedTime(t0).TotalMicroseconds;
        }
        allocated = (GC.GetAllocatedBytesForCurrentThread() - allocated) / us.Length;
        Array.Sort(us);
        double median = us[us.Length / 2];
        static string F(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);
        Console.WriteLine($"{{\"workload\": \"small-step{(tiny ? "-tiny" : "")}\", \"width\": {width}, \"batch\": {rows}, \"traced_equations\": {equations}, \"call_us\": {F(median)}, " +
                          $"\"us_per_equation\": {F(median / equations)}, \"allocated_bytes_per_call\": {allocated}, \"loss\": {F((double)step(p, batch).Loss)}}}");
        return 0;
    }

    /// <summary>
    /// <c>--steps</c>: the median time of each compiled step on its own (the value table filled as the program fills
    /// it, nothing released), and of the whole program through <c>JaxprExecutable.Run</c>; the difference is the
    /// executor's own bookkeeping.
    /// </summary>
    private static int TimeSteps(JaxprExecutable executable, NDArray[] args)
    {
        var j = executable.Program.Jaxpr;
        var steps = executable.Steps;
        const int calls = 3000;
        var ticks = new long[steps.Count][];
        for (int s = 0; s < steps.Count; s++) ticks[s] = new long[calls];
        var whole = new long[calls];
        for (int c = -500; c < calls; c++)
        {
            var slots = new NDArray?[j.VarCount];
            for (int i = 0; i < executable.Program.ConstList.Length; i++) slots[j.ConstVarList[i].Index] = executable.Program.ConstList[i];
            for (int i = 0; i < args.Length; i++) slots[j.InVarList[i].Index] = args[i];
            for (int s = 0; s < steps.Count; s++)
            {
                long t0 = Stopwatch.GetTimestamp();
                steps[s].Run(slots);
                if (c >= 0) ticks[s][c] = Stopwatch.GetTimestamp() - t0;
            }
            long w0 = Stopwatch.GetTimestamp();
            executable.Run(args);
            if (c >= 0) whole[c] = Stopwatch.GetTimestamp() - w0;
        }
        double Median(long[] t) { Array.Sort(t); return t[t.Length / 2] * 1e6 / Stopwatch.Frequency; }
        double sum = 0;
        for (int s = 0; s < steps.Count; s++)
        {
            double m = Median(ticks[s]);
            sum += m;
            Console.WriteLine($"{m,8:0.000} us  {steps[s]}");
        }
        Console.WriteLine($"{sum,8:0.000} us  sum of steps; {Median(whole):0.000} us through JaxprExecutable.Run");
        return 0;
    }
}
