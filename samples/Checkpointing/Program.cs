// Gradient checkpointing on the W7 chain of BENCHMARKS.md: 64 layers x = tanh(x @ W_i), width 512, batch 256,
// f32, loss = sum(x_64), gradients with respect to all 64 weights and the input. Without checkpointing, the
// pullback keeps every layer's activations for the backward pass; with Jax.Checkpoint around the segments of 8
// layers, it keeps only the segment inputs and recomputes the rest segment by segment on the way back. As in
// torch's checkpoint_sequential (the reference), the last of the 8 segments is not checkpointed: its backward
// pass comes first, right after the forward pass, so recomputing it would save nothing.
// Prints what each pullback retains (measured, and as listed by Jax.SavedResiduals) and the time of a
// value-and-gradient step; exits non-zero if the gradients differ or checkpointing does not save memory.
using System;
using System.Diagnostics;
using System.Linq;
using Functional.AD;

const int Layers = 64, Width = 512, Batch = 256, Segments = 8, PerSegment = Layers / Segments;
const double MiB = 1 << 20;
int repeats = args.Length > 0 ? int.Parse(args[0]) : 5;

var rng = new Random(0);
NDArray Normal(double scale, int rows, int cols)
{
    var data = new float[rows * cols];
    for (int i = 0; i < data.Length; i++)
        data[i] = (float)(scale * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()));
    return Np.FromFlat(data, new[] { rows, cols });
}

var weights = Enumerable.Range(0, Layers).Select(_ => Normal(1 / Math.Sqrt(Width), Width, Width)).ToArray();
var x0 = Normal(1, Batch, Width);

static NDArray Chain(NDArray[] ws, NDArray h)
{
    foreach (var w in ws) h = Np.Tanh(Np.Matmul(h, w));
    return h;
}

// One checkpointed function per segment position would retrace per call site; one shared function traced once
// (every segment has the same signature) is what a user writes.
var segment = Jax.Checkpoint<(NDArray[] Ws, NDArray H), NDArray>(s => Chain(s.Ws, s.H));

NDArray PlainLoss((NDArray[] Ws, NDArray X) p) => Np.Sum(Chain(p.Ws, p.X));

NDArray CheckpointedLoss((NDArray[] Ws, NDArray X) p)
{
    var h = p.X;
    for (int s = 0; s < Segments - 1; s++) h = segment((p.Ws[(s * PerSegment)..((s + 1) * PerSegment)], h));
    return Np.Sum(Chain(p.Ws[((Segments - 1) * PerSegment)..], h));
}

var point = (weights, x0);
Console.WriteLine($"W7: {Layers} layers of tanh(x @ W), width {Width}, batch {Batch}, f32; gradients for all weights and the input.");
Console.WriteLine($"One activation is {Batch * Width * 4 / MiB:F2} MiB; the weights are {Layers * Width * Width * 4 / MiB:F0} MiB.\n");

(long Retained, double Milliseconds, (NDArray[] Ws, NDArray X) Grad) Measure(Func<(NDArray[] Ws, NDArray X), NDArray> loss)
{
    // Retained memory: live bytes while the pullback is alive, minus live bytes before it was made.
    long before = Diagnostics.LiveBytes();
    var (retained, grad) = RetainedByPullback(loss, point, before);

    var step = Jax.ValueAndGrad(loss);
    step(point);
    var times = new double[repeats];
    for (int r = 0; r < repeats; r++)
    {
        var sw = Stopwatch.StartNew();
        var (v, g) = step(point);
        _ = (float)v;
        times[r] = sw.Elapsed.TotalMilliseconds;
    }
    Array.Sort(times);
    return (retained, times[repeats / 2], grad);
}

var plain = Measure(PlainLoss);
var checkpointed = Measure(CheckpointedLoss);

// Kept out of line so that no hidden local of the caller keeps the pullback alive after it returns.
[System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
static (long Retained, (NDArray[] Ws, NDArray X) Grad) RetainedByPullback(
    Func<(NDArray[] Ws, NDArray X), NDArray> loss, (NDArray[] Ws, NDArray X) point, long before)
{
    var (value, pullback) = Jax.Vjp(loss, point);
    long retained = Diagnostics.LiveBytes() - before;
    var grad = pullback(Np.Scalar(1f));
    GC.KeepAlive(value);
    return (retained, grad);
}

long Listed(Func<(NDArray[] Ws, NDArray X), NDArray> loss) =>
    Jax.SavedResiduals(loss, point).Where(r => r.Source != "constant" && !r.Source.StartsWith("argument", StringComparison.Ordinal)).Sum(r => r.Bytes);

Console.WriteLine("| variant | retained by the pullback | listed residuals (excl. arguments) | value+grad time |");
Console.WriteLine("|---|---:|---:|---:|");
Console.WriteLine($"| plain | {plain.Retained / MiB:F1} MiB | {Listed(PlainLoss) / MiB:F1} MiB | {plain.Milliseconds:F0} ms |");
Console.WriteLine($"| Checkpoint, {Segments} segments | {checkpointed.Retained / MiB:F1} MiB | {Listed(CheckpointedLoss) / MiB:F1} MiB | {checkpointed.Milliseconds:F0} ms |");
double memoryRatio = checkpointed.Retained / (double)plain.Retained;
double timeRatio = checkpointed.Milliseconds / plain.Milliseconds;
Console.WriteLine($"\nCheckpointing keeps {memoryRatio:F2}x the memory for {timeRatio:F2}x the time (torch 1.13 reference: 33.5 -> 9.5 MiB, 1.35x).");

Console.WriteLine("\nWhat the checkpointed pullback keeps (Jax.SavedResiduals), arguments and constants aside:");
foreach (var group in Jax.SavedResiduals(CheckpointedLoss, point).Where(r => r.Source != "constant" && !r.Source.StartsWith("argument", StringComparison.Ordinal)).GroupBy(r => (r.Type, r.Source)))
    Console.WriteLine($"  {group.Count()} x {group.First()}");

// The gradients must agree (the recomputation is the same arithmetic).
double maxDiff = 0, maxAbs = 0;
var a = Tree.Leaves(plain.Grad);
var b = Tree.Leaves(checkpointed.Grad);
for (int i = 0; i < a.Count; i++)
{
    var ea = a[i].ToArray<float>();
    var eb = b[i].ToArray<float>();
    for (int k = 0; k < ea.Length; k++)
    {
        maxDiff = Math.Max(maxDiff, Math.Abs(ea[k] - eb[k]));
        maxAbs = Math.Max(maxAbs, Math.Abs(ea[k]));
    }
}
Console.WriteLine($"\nLargest gradient difference: {maxDiff:G3} (largest gradient entry {maxAbs:G3}).");
bool ok = maxDiff <= 1e-4 * Math.Max(1, maxAbs) && memoryRatio <= 0.3;
Console.WriteLine(ok ? "OK" : "FAILED: gradients differ or checkpointing did not save memory");
return ok ? 0 : 1;
