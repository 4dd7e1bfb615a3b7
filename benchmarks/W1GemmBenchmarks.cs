using System;
using BenchmarkDotNet.Attributes;

namespace Functional.AD.Benchmarks;

/// W1 (BENCHMARKS.md): GEMM throughput, `Np.Matmul(a, b)` of two square n x n arrays, f32 and f64,
/// n = 64 ... 2048, at 1 and 2 threads (Threads = Parallelism.MaxThreads), as
/// ../shared/bench-ref/gemm.py times `a @ b` with numpy (OpenBLAS) and torch. The output is allocated
/// by every call, as in the reference. BenchmarkDotNet reports the time per call; compare.py converts it
/// to GFLOP/s = 2 n^3 / time and sets it beside OpenBLAS's and the machine's peak FMA rate
/// (bench-ref/peak_fma.c).
public class W1GemmBenchmarks : ThreadedBenchmark
{
    [Params(64, 128, 256, 512, 1024, 2048)]
    public int N { get; set; }

    [Params(DType.Float32, DType.Float64)]
    public DType Dtype { get; set; }

    private NDArray a = null!, b = null!;

    [GlobalSetup]
    public void Setup()
    {
        ApplyThreads();
        var rng = new System.Random(N * 7 + (int)Dtype);
        a = Normal(rng, Dtype, N, N);
        b = Normal(rng, Dtype, N, N);
        Check();
        WarmUp();
    }

    /// Standard normal n x n array (Box-Muller on a seeded System.Random), like gemm.py's rng.standard_normal.
    private static NDArray Normal(System.Random rng, DType dtype, int rows, int cols)
    {
        var data = new double[rows * cols];
        for (int i = 0; i < data.Length; i++) data[i] = W6PerExampleBenchmarks.StandardNormal(rng);
        if (dtype == DType.Float64) return Np.FromFlat(data, new[] { rows, cols });
        var f = new float[data.Length];
        for (int i = 0; i < f.Length; i++) f[i] = (float)data[i];
        return Np.FromFlat(f, new[] { rows, cols });
    }

    /// The product against double dot products: every entry of the first and last row and column (edge
    /// tiles) and 512 random entries. Tolerance n * eps * sum_k |a_ik b_kj| (the classical bound).
    private void Check()
    {
        var c = Matmul();
        if (c.DType != Dtype || c.Rank != 2 || c.Shape[0] != N || c.Shape[1] != N)
            throw new InvalidOperationException($"W1 {Dtype} n={N}: result is {c.Type}");
        var av = a.ToArray<double>();
        var bv = b.ToArray<double>();
        var cv = c.ToArray<double>();
        double eps = Dtype == DType.Float32 ? 1.2e-7 : 2.3e-16;
        void CheckEntry(int i, int j)
        {
            double sum = 0, abs = 0;
            for (int k = 0; k < N; k++)
            {
                double p = av[i * N + k] * bv[k * N + j];
                sum += p;
                abs += Math.Abs(p);
            }
            double got = cv[i * N + j];
            if (!(Math.Abs(got - sum) <= N * eps * abs + 1e-30))
                throw new InvalidOperationException($"W1 {Dtype} n={N} threads={Threads}: c[{i},{j}] = {got}, expected {sum}");
        }
        for (int t = 0; t < N; t++)
        {
            CheckEntry(0, t);
            CheckEntry(N - 1, t);
            CheckEntry(t, 0);
            CheckEntry(t, N - 1);
        }
        var rng = new System.Random(1);
        for (int s = 0; s < 512; s++) CheckEntry(rng.Next(N), rng.Next(N));
    }

    /// C = A @ B (f32 or f64), compare with numpy's `a @ b` (OpenBLAS) in GFLOP/s.
    [Benchmark]
    public NDArray Matmul() => Np.Matmul(a, b);
}
