using System;
using System.Diagnostics;
using System.Globalization;

namespace Functional.AD.Benchmarks;

/// <summary>
/// Issue 13 point 7: the dispatch cost of a small jitted program. A training step of an MLP 2-32-32-32-1 (tanh, mean
/// squared error, SGD) on a batch of 64 in f32, every array under 4K elements, jitted as a whole; reports the traced
/// step's equation count, the compiled step count and the time per call and per traced equation (median of 3000
/// calls after FAD_SMALL_STEP_WARMUP warm-up calls, default 500). <c>dotnet Functional.AD.Benchmarks.dll --small-step [--plan]</c>; prints one JSON line.
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
        var rng = new Random(3);
        NDArray M(int r, int c, double scale) => W6PerExampleBenchmarks.Normal(rng, scale, r, c);
        NDArray Z(int n) => Np.Zeros(new[] { n }, DType.Float32);
        var p = new Net(M(2, 32, 0.7), Z(32), M(32, 32, 0.18), Z(32), M(32, 32, 0.18), Z(32), M(32, 1, 0.18), Z(1));
        var x = M(64, 2, 1.0);
        var y = Np.Sin(Np.Sum(x, axis: 1, keepDims: true));
        var batch = (x, y);
        var traced = Jax.MakeJaxpr<(Net, (NDArray, NDArray)), (NDArray, Net)>(a => Step(a.Item1, a.Item2))((p, batch)).Jaxpr;
        int equations = traced.Equations.Count;
        if (args.Length > 0 && args[0] == "--plan")
        {
            var executable = JaxprCompiler.Compile(traced);
            Console.WriteLine(executable.Program);
            foreach (var s in executable.Steps) Console.WriteLine($"  {s}");
            return 0;
        }
        var step = Jax.Jit<Net, (NDArray, NDArray), (NDArray Loss, Net Params)>(Step);
        int warmUp = int.TryParse(Environment.GetEnvironmentVariable("FAD_SMALL_STEP_WARMUP"), out var w) ? w : 500;
        for (int i = 0; i < warmUp; i++) p = step(p, batch).Params;
        var us = new double[3000];
        for (int i = 0; i < us.Length; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            p = step(p, batch).Params;
            us[i] = Stopwatch.GetElapsedTime(t0).TotalMicroseconds;
        }
        Array.Sort(us);
        double median = us[us.Length / 2];
        static string F(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);
        Console.WriteLine($"{{\"workload\": \"small-step\", \"traced_equations\": {equations}, \"call_us\": {F(median)}, " +
                          $"\"us_per_equation\": {F(median / equations)}, \"loss\": {F((double)step(p, batch).Loss)}}}");
        return 0;
    }
}
