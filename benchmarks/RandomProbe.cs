using System;
using System.Diagnostics;
using System.Globalization;

namespace Functional.AD.Benchmarks;

/// <summary>
/// The sampler probe: ns per sample for <c>Random.Normal</c> and <c>Random.Uniform</c> (f32 and f64, eager and jitted), for
/// the threefry bits alone and f32 erf_inv, for
/// System.Random with Box-Muller in plain C# on the same count, and for torch.randn when python3 imports torch.
/// <c>dotnet Functional.AD.Benchmarks.dll --random [n]</c> (n defaults to 2^20); one JSON line per row, best and median
/// of repeated calls at <c>Parallelism.MaxThreads</c> = FAD_BENCH_THREADS (default 1).
/// </summary>
public static class RandomProbe
{
    /// <summary>Runs the probe.</summary>
    public static int Run(string[] args)
    {
        int threads = ProbeTiming.Threads();
        Parallelism.MaxThreads = threads;
        int n = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1 << 20;
        var key = Random.Key(0);
        int[] shape = { n };
        const int reps = 30;
        foreach (var dtype in new[] { DType.Float32, DType.Float64 })
        {
            string t = dtype == DType.Float32 ? "f32" : "f64";
            // the f64 erf_inv is the accurate scalar path (about a microsecond a sample): fewer calls keep the probe short
            int normalReps = dtype == DType.Float32 ? reps : 5;
            Report($"random.normal {t} eager", n, threads, ProbeTiming.SortedSeconds(() => Random.Normal(key, shape, dtype), 1, normalReps));
            var normal = Jax.Jit((PRNGKey k) => Random.Normal(k, shape, dtype));
            Report($"random.normal {t} jit", n, threads, ProbeTiming.SortedSeconds(() => normal(key), 1, normalReps));
            Report($"random.uniform {t} eager", n, threads, ProbeTiming.SortedSeconds(() => Random.Uniform(key, shape, dtype), 3, reps));
            var uniform = Jax.Jit((PRNGKey k) => Random.Uniform(k, shape, dtype));
            Report($"random.uniform {t} jit", n, threads, ProbeTiming.SortedSeconds(() => uniform(key), 3, reps));
        }
        var bits = Jax.Jit((PRNGKey k) => Random.Bits(k, shape));
        Report("random.bits u32 jit (threefry alone)", n, threads, ProbeTiming.SortedSeconds(() => bits(key), 3, reps));
        var u = Random.Uniform(key, shape, DType.Float32, -0.999, 0.999);
        var erfInv = Jax.Jit((NDArray v) => Np.Multiply(Np.Array(1.41f), Lax.ErfInv(v)));
        Report("sqrt2 * lax.erf_inv f32 jit", n, threads, ProbeTiming.SortedSeconds(() => erfInv(u), 3, reps));
        Report("lax.erf_inv f32 eager", n, threads, ProbeTiming.SortedSeconds(() => Lax.ErfInv(u), 3, reps));
        var rng = new System.Random(0);
        var buffer = new float[n];
        Report("System.Random + Box-Muller", n, 1, ProbeTiming.SortedSeconds(() => { BoxMuller(rng, buffer); return buffer; }, 3, reps));
        Torch(n);
        return 0;
    }

    /// <summary>Two normals per pair of uniforms, in f32 out of the doubles System.Random gives.</summary>
    private static void BoxMuller(System.Random rng, float[] output)
    {
        for (int i = 0; i + 1 < output.Length; i += 2)
        {
            double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
            double r = Math.Sqrt(-2 * Math.Log(u1));
            var (s, c) = Math.SinCos(2 * Math.PI * u2);
            output[i] = (float)(r * c);
            output[i + 1] = (float)(r * s);
        }
    }

    private static void Report(string workload, int n, int threads, double[] seconds)
    {
        static string F(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);
        Console.WriteLine($"{{\"workload\": \"{workload}\", \"n\": {n}, \"threads\": {threads}, " +
                          $"\"ns_per_sample_best\": {F(seconds[0] * 1e9 / n)}, \"ns_per_sample_median\": {F(seconds[seconds.Length / 2] * 1e9 / n)}}}");
    }

    /// <summary>torch.randn(n) timed in python3 at the probe's thread count; a visible note when torch is absent.</summary>
    private static void Torch(int n)
    {
        string script =
            "import time, torch\n" +
            $"torch.set_num_threads({ProbeTiming.Threads()})\n" +
            $"n = {n}\n" +
            "for _ in range(3): torch.randn(n)\n" +
            "ts = []\n" +
            "for _ in range(30):\n" +
            "    t = time.perf_counter(); torch.randn(n); ts.append(time.perf_counter() - t)\n" +
            "ts.sort()\n" +
            "print('{\"workload\": \"torch.randn\", \"n\": %d, \"threads\": %d, \"ns_per_sample_best\": %.2f, \"ns_per_sample_median\": %.2f}' % (n, torch.get_num_threads(), ts[0] * 1e9 / n, ts[len(ts) // 2] * 1e9 / n))\n";
        try
        {
            var info = new ProcessStartInfo(System.IO.File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
            info.ArgumentList.Add("-");
            using var p = Process.Start(info)!;
            p.StandardInput.Write(script);
            p.StandardInput.Close();
            string output = p.StandardOutput.ReadToEnd();
            string error = p.StandardError.ReadToEnd();
            p.WaitForExit();
            Console.WriteLine(p.ExitCode == 0 ? output.Trim() : "{\"workload\": \"torch.randn\", \"skipped\": \"python3 could not import torch\"}");
            if (p.ExitCode != 0) Console.Error.WriteLine(error.Trim().Split('\n')[^1]);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Console.WriteLine("{\"workload\": \"torch.randn\", \"skipped\": \"no python3\"}");
        }
    }
}
