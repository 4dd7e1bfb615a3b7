using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;

namespace Functional.AD.Benchmarks;

/// W7 (BENCHMARKS.md): gradient checkpointing, as ../shared/bench-ref/w7_checkpoint.py measures it. A chain of
/// 64 layers x = tanh(x @ W_i), width 512, batch 256, f32, loss = sum(x_64); value and gradients with respect to
/// all 64 weights and the input (a pytree (Ws, X)). Variants (the reference's names in brackets):
///   Plain         ValueAndGrad of the plain chain                                   [torch-no-checkpoint]
///   Checkpointed  ValueAndGrad of the chain cut into 8 segments of 8 layers, the first 7 run through ONE
///                 Jax.Checkpoint'ed segment function (traced once), the last one plain, as
///                 checkpoint_sequential does                                        [torch-checkpoint_sequential-8seg,
///                                                                                    torch-checkpoint-nonreentrant-8seg]
///   Forward       the loss alone, eager (context: what one forward pass costs)
/// The structure is that of samples/Checkpointing/Program.cs.
///
/// Memory is not a BenchmarkDotNet timing: once per Threads value and process, GlobalSetup measures what the
/// pullback of each variant retains (Diagnostics.LiveBytes() while the pullback of Jax.Vjp is alive minus
/// LiveBytes() before the call) and what Jax.SavedResiduals lists (arguments and constants aside), and prints one
/// line "W7-MEMORY {json}" (MemoryMarker) to stdout, i.e. into the BenchmarkDotNet log, where compare.py reads it.
public class W7CheckpointBenchmarks : ThreadedBenchmark
{
    public const int Layers = 64, Width = 512, Batch = 256, Segments = 8, PerSegment = Layers / Segments;

    /// Prefix of the memory line in the log (compare.py looks for it).
    public const string MemoryMarker = "W7-MEMORY ";

    private NDArray[] ws = null!;
    private NDArray x = null!;
    private (NDArray[] Ws, NDArray X) point;
    private Func<(NDArray[] Ws, NDArray H), NDArray> segment = null!;
    private Func<(NDArray[] Ws, NDArray X), (NDArray Value, (NDArray[] Ws, NDArray X) Grad)> plainStep = null!;
    private Func<(NDArray[] Ws, NDArray X), (NDArray Value, (NDArray[] Ws, NDArray X) Grad)> checkpointedStep = null!;

    /// Thread counts whose memory line this process has printed already.
    private static readonly HashSet<int> MemoryMeasured = new();

    /// The double-precision reference (CheckRows rows of x_64 and of the input gradient), computed once per process.
    private static double[]? refOut, refDx;
    private const int CheckRows = 8;

    public static NDArray Chain(NDArray[] ws, NDArray h)
    {
        foreach (var w in ws) h = Np.Tanh(Np.Matmul(h, w));
        return h;
    }

    public static NDArray PlainLoss((NDArray[] Ws, NDArray X) p) => Np.Sum(Chain(p.Ws, p.X));

    private NDArray CheckpointedLoss((NDArray[] Ws, NDArray X) p)
    {
        var h = p.X;
        for (int s = 0; s < Segments - 1; s++) h = segment((p.Ws[(s * PerSegment)..((s + 1) * PerSegment)], h));
        return Np.Sum(Chain(p.Ws[((Segments - 1) * PerSegment)..], h));
    }

    // ---------------------------------------------------------------------------- setup and checks
    [GlobalSetup]
    public void Setup()
    {
        ApplyThreads();
        // the same draws as samples/Checkpointing (weights normal / sqrt(512), input standard normal)
        var rng = new System.Random(0);
        ws = Enumerable.Range(0, Layers).Select(_ => W6PerExampleBenchmarks.Normal(rng, 1 / Math.Sqrt(Width), Width, Width)).ToArray();
        x = W6PerExampleBenchmarks.Normal(rng, 1.0, Batch, Width);
        point = (ws, x);
        // one checkpointed function for every segment (same signature: traced once), as a user writes it
        segment = Jax.Checkpoint<(NDArray[] Ws, NDArray H), NDArray>(s => Chain(s.Ws, s.H));
        plainStep = Jax.ValueAndGrad<(NDArray[] Ws, NDArray X)>(PlainLoss);
        checkpointedStep = Jax.ValueAndGrad<(NDArray[] Ws, NDArray X)>(CheckpointedLoss);

        Check();
        if (MemoryMeasured.Add(Threads)) MeasureMemory();
        WarmUp();
    }

    /// The plain gradients against a double-precision forward and backward pass for the first CheckRows rows
    /// (rows are independent: x_64[r] and dloss/dx[r] depend on x[r] only) and the last layer's weight gradient
    /// against h_63^T (1 - x_64^2) in doubles (h_63 from the library's forward); the loss against the sum of our
    /// forward; then the checkpointed value and all 65 gradients against the plain ones
    /// (|a - b| at most 1e-4 max|b| per leaf, as samples/Checkpointing checks). Fails loudly otherwise.
    private void Check()
    {
        var (value, grad) = plainStep(point);
        var (cValue, cGrad) = checkpointedStep(point);
        var fwd = Chain(ws, x);
        if (grad.Ws.Length != Layers || cGrad.Ws.Length != Layers)
            throw new InvalidOperationException($"W7: {grad.Ws.Length} / {cGrad.Ws.Length} weight gradients, expected {Layers}");
        foreach (var g in grad.Ws.Concat(cGrad.Ws))
            if (g.DType != DType.Float32 || !g.Shape.Equals(new Shape(Width, Width)))
                throw new InvalidOperationException($"W7: a weight gradient is {g.Type}, expected f32 [{Width},{Width}]");
        foreach (var g in new[] { grad.X, cGrad.X, fwd })
            if (g.DType != DType.Float32 || !g.Shape.Equals(new Shape(Batch, Width)))
                throw new InvalidOperationException($"W7: {g.Type}, expected f32 [{Batch},{Width}]");

        // forward rows and input-gradient rows against doubles
        ComputeReference();
        var outRows = fwd.ToArray<double>().AsSpan(0, CheckRows * Width).ToArray();
        var dxRows = grad.X.ToArray<double>().AsSpan(0, CheckRows * Width).ToArray();
        Close(outRows, refOut!, 1e-4, 1e-3, "x_64 rows vs doubles");
        Close(dxRows, refDx!, 1e-4, 1e-3, "plain dloss/dx rows vs doubles");

        // the loss = sum of the forward output
        double sum = fwd.ToArray<double>().Sum(), v = (double)value;
        if (!(Math.Abs(v - sum) <= 1e-4 * Math.Max(1, Math.Abs(sum))))
            throw new InvalidOperationException($"W7: plain loss {v}, sum of the forward output {sum}");

        // last layer: dW_64 = h_63^T (1 - x_64^2) (loss = sum, so the upstream gradient is 1)
        var h63 = Chain(ws[..(Layers - 1)], x).ToArray<double>();
        var outAll = fwd.ToArray<double>();
        var dW = new double[Width * Width];
        var d = new double[Width];
        for (int r = 0; r < Batch; r++)
        {
            for (int j = 0; j < Width; j++) d[j] = 1 - outAll[r * Width + j] * outAll[r * Width + j];
            for (int i = 0; i < Width; i++)
            {
                double hi = h63[r * Width + i];
                int o = i * Width;
                for (int j = 0; j < Width; j++) dW[o + j] += hi * d[j];
            }
        }
        Close(grad.Ws[Layers - 1].ToArray<double>(), dW, 1e-4, 1e-3, "plain dloss/dW_64 vs doubles");

        // checkpointed vs plain
        double cv = (double)cValue;
        if (!(Math.Abs(cv - v) <= 1e-4 * Math.Max(1, Math.Abs(v))))
            throw new InvalidOperationException($"W7: checkpointed loss {cv}, plain {v}");
        for (int l = 0; l < Layers; l++)
            Close(cGrad.Ws[l].ToArray<double>(), grad.Ws[l].ToArray<double>(), 1e-4, 0, $"checkpointed vs plain dloss/dW_{l + 1}");
        Close(cGrad.X.ToArray<double>(), grad.X.ToArray<double>(), 1e-4, 0, "checkpointed vs plain dloss/dx");
    }

    /// |a - b| at most atolRel max|b| + rtol |b| elementwise.
    private static void Close(double[] a, double[] b, double atolRel, double rtol, string what)
    {
        if (a.Length != b.Length) throw new InvalidOperationException($"W7 {what}: {a.Length} vs {b.Length} elements");
        double max = 0;
        foreach (var e in b) max = Math.Max(max, Math.Abs(e));
        for (int i = 0; i < a.Length; i++)
            if (!(Math.Abs(a[i] - b[i]) <= atolRel * max + rtol * Math.Abs(b[i])))
                throw new InvalidOperationException(
                    $"W7 {what}: element {i} is {a[i]}, expected {b[i]} (largest |expected| {max})");
    }

    /// Forward and backward in doubles for the first CheckRows rows: h_k = tanh(h_(k-1) W_k), then
    /// g_(k-1) = (g_k (1 - h_k^2)) W_k^T from g_64 = 1.
    private void ComputeReference()
    {
        if (refOut != null) return;
        var w = ws.Select(a => a.ToArray<double>()).ToArray();
        var xd = x.ToArray<double>();
        refOut = new double[CheckRows * Width];
        refDx = new double[CheckRows * Width];
        var hs = new double[Layers + 1][];
        for (int r = 0; r < CheckRows; r++)
        {
            hs[0] = xd.AsSpan(r * Width, Width).ToArray();
            for (int k = 0; k < Layers; k++)
            {
                var z = new double[Width];
                var wk = w[k];
                var h = hs[k];
                for (int i = 0; i < Width; i++)
                {
                    double hi = h[i];
                    int o = i * Width;
                    for (int j = 0; j < Width; j++) z[j] += hi * wk[o + j];
                }
                for (int j = 0; j < Width; j++) z[j] = Math.Tanh(z[j]);
                hs[k + 1] = z;
            }
            var g = Enumerable.Repeat(1.0, Width).ToArray();
            for (int k = Layers; k >= 1; k--)
            {
                var wk = w[k - 1];
                var h = hs[k];
                var gz = new double[Width];
                for (int j = 0; j < Width; j++) gz[j] = g[j] * (1 - h[j] * h[j]);
                var gp = new double[Width];
                for (int i = 0; i < Width; i++)
                {
                    double s = 0;
                    int o = i * Width;
                    for (int j = 0; j < Width; j++) s += wk[o + j] * gz[j];
                    gp[i] = s;
                }
                g = gp;
            }
            Array.Copy(hs[Layers], 0, refOut, r * Width, Width);
            Array.Copy(g, 0, refDx, r * Width, Width);
        }
    }

    // ---------------------------------------------------------------------------- memory
    /// Retained bytes of both pullbacks plus the listed residuals; prints the marker line. Also checks that
    /// checkpointing retains less than plain (fails loudly otherwise: the benchmark would measure nothing).
    private void MeasureMemory()
    {
        long plainRetained = Retained(PlainLoss), ckptRetained = Retained(CheckpointedLoss);
        long plainListed = Listed(PlainLoss), ckptListed = Listed(CheckpointedLoss);
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(MemoryMarker + string.Format(inv,
            "{{\"threads\": {0}, \"plain_retained_bytes\": {1}, \"checkpointed_retained_bytes\": {2}, " +
            "\"plain_listed_bytes\": {3}, \"checkpointed_listed_bytes\": {4}, \"activation_bytes\": {5}, \"weight_bytes\": {6}}}",
            Threads, plainRetained, ckptRetained, plainListed, ckptListed, Batch * Width * 4L, Layers * Width * Width * 4L));
        if (plainRetained <= 0 || ckptRetained >= plainRetained)
            throw new InvalidOperationException($"W7: pullbacks retain {plainRetained} B plain, {ckptRetained} B checkpointed");
    }

    private long Retained(Func<(NDArray[] Ws, NDArray X), NDArray> loss)
    {
        // a first call traces / warms what the measured one would otherwise create (checkpoint jaxpr cache, pools)
        RetainedByPullback(loss, point, Diagnostics.LiveBytes());
        long before = Diagnostics.LiveBytes();
        return RetainedByPullback(loss, point, before);
    }

    // Kept out of line so that no hidden local of the caller keeps the pullback alive after it returns.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long RetainedByPullback(Func<(NDArray[] Ws, NDArray X), NDArray> loss, (NDArray[] Ws, NDArray X) p, long before)
    {
        var (value, pullback) = Jax.Vjp(loss, p);
        long retained = Diagnostics.LiveBytes() - before;
        GC.KeepAlive(pullback);
        GC.KeepAlive(value);
        return retained;
    }

    private long Listed(Func<(NDArray[] Ws, NDArray X), NDArray> loss) =>
        Jax.SavedResiduals(loss, point)
            .Where(r => r.Source != "constant" && !r.Source.StartsWith("argument", StringComparison.Ordinal))
            .Sum(r => r.Bytes);

    // ---------------------------------------------------------------------------- benchmarks
    /// ValueAndGrad of the plain chain: compare with torch-no-checkpoint (target at most 1.0x torch).
    [Benchmark]
    public object Plain() => plainStep(point);

    /// ValueAndGrad with 7 checkpointed segments + 1 plain: compare with checkpoint_sequential and with Plain
    /// (target at most 1.35x our plain time).
    [Benchmark]
    public object Checkpointed() => checkpointedStep(point);

    /// The loss alone, eager (context).
    [Benchmark]
    public NDArray Forward() => PlainLoss(point);
}
