// Gradient checkpointing on the W7 chain of BENCHMARKS.md: 64 layers x = tanh(x @ W_i), width 512, batch 256,
// f32, loss = sum(x_64), gradients with respect to all 64 weights and the input. Without checkpointing, the
// pullback keeps every layer's activations for the backward pass; with Jax.Checkpoint around the segments of 8
// layers, it keeps only the segment inputs and recomputes the rest segment by segment on the way back. As in
// torch's checkpoint_sequential (the reference), the last of the 8 segments is not checkpointed: its backward
// pass comes first, right after the forward pass, so recomputing it would save nothing.
//
// Prints what each pullback retains (measured, and as listed by Jax.SavedResiduals) and the time of a
// value-and-gradient step of each variant, measured as benchmarks/W7CheckpointBenchmarks.cs measures it: both
// variants warmed up alike, then timed in alternation, medians compared. Exits non-zero if the gradients differ
// or checkpointing keeps more than 0.3x the memory (the W7 target); the time is reported, not checked.
//
//   dotnet run -c Release --project samples/Checkpointing [-- rounds]
//   FUNCTIONAL_AD_NUM_THREADS=1 dotnet run -c Release --project samples/Checkpointing    (one thread)
//
// rounds: how many timed runs each variant gets (default 9). The run takes about 10 s on 2 cores.
using System;
using System.Linq;
using System.Runtime.CompilerServices;
using Functional.AD;
using Functional.AD.Samples.Support;

const int Layers = 64, Width = 512, Batch = 256, Segments = 8, PerSegment = Layers / Segments;
const int WarmupRounds = 5;
int rounds = args.Length > 0 ? int.Parse(args[0]) : 9;

var rng = new System.Random(0);
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
Report.LabelWidth = 30;
Report.Banner($"Gradient checkpointing: {Layers} layers of tanh(x @ W), width {Width}, batch {Batch}, f32 (W7)");
Report.Section("Setup");
Report.Line("loss", $"sum(x_{Layers}); value and gradients for all {Layers} weights and the input");
Report.Line("Checkpoint", $"{Segments} segments of {PerSegment} layers, the first {Segments - 1} through one Jax.Checkpoint");
Report.Line("one activation / all weights", $"{Fmt.MiB(Batch * Width * 4.0)} / {Fmt.MiB(Layers * Width * Width * 4.0)}");
Report.Line("threads", $"{Parallelism.MaxThreads} (Parallelism.MaxThreads; the variable FUNCTIONAL_AD_NUM_THREADS sets it)");

// ---- the gradients must agree: the recomputation is the same arithmetic -----------------------------------
var plainStep = Jax.ValueAndGrad<(NDArray[] Ws, NDArray X)>(PlainLoss);
var checkpointedStep = Jax.ValueAndGrad<(NDArray[] Ws, NDArray X)>(CheckpointedLoss);
var plainGrad = plainStep(point).Grad;
var checkpointedGrad = checkpointedStep(point).Grad;
double maxDiff = TreeCompare.MaxAbsDiff(plainGrad, checkpointedGrad), maxAbs = TreeCompare.MaxAbs(plainGrad);
Report.Section("Gradients: checkpointed against plain");
Report.Line("largest difference", $"{maxDiff:G3} (largest gradient entry {maxAbs:G3})  " +
    Checks.Mark(maxDiff <= 1e-4 * Math.Max(1, maxAbs), "(FAILED: the gradients differ)"));

// ---- memory ------------------------------------------------------------------------------------------------

// Retained memory: live bytes while the pullback is alive, minus live bytes before it was made; after the calls
// above and one unmeasured call, as benchmarks/W7CheckpointBenchmarks.cs measures it.
long Retained(Func<(NDArray[] Ws, NDArray X), NDArray> loss)
{
    RetainedByPullback(loss, point, Diagnostics.LiveBytes());
    return RetainedByPullback(loss, point, Diagnostics.LiveBytes());
}

long Listed(Func<(NDArray[] Ws, NDArray X), NDArray> loss) =>
    Jax.SavedResiduals(loss, point).Where(IsIntermediate).Sum(r => r.Bytes);

long plainRetained = Retained(PlainLoss), checkpointedRetained = Retained(CheckpointedLoss);
double memoryRatio = checkpointedRetained / (double)plainRetained;

Report.Section("Memory: what the pullback of Jax.Vjp keeps until the backward pass");
new Table("variant", "retained (measured)", "listed residuals (excl. arguments)")
    .Add("plain", Fmt.MiB(plainRetained), Fmt.MiB(Listed(PlainLoss)))
    .Add($"Checkpoint, {Segments} segments", Fmt.MiB(checkpointedRetained), Fmt.MiB(Listed(CheckpointedLoss)))
    .Print();
Report.Blank();
Report.Line("checkpointed / plain", $"{Fmt.X(memoryRatio)}  {Checks.Mark(memoryRatio <= 0.3, "(FAILED: above the 0.3x target)")}");
Report.Blank();
Report.Text("What the checkpointed pullback keeps (Jax.SavedResiduals), arguments and constants aside:");
foreach (var group in Jax.SavedResiduals(CheckpointedLoss, point).Where(IsIntermediate).GroupBy(r => (r.Type, r.Source)))
    Report.Write($"    {group.Count()} x {group.First()}");

// ---- time --------------------------------------------------------------------------------------------------
Report.Section("Time: one value-and-gradient step (Jax.ValueAndGrad, eager)");
Report.Text($"""
    Both variants are warmed up alike ({WarmupRounds} untimed rounds), then timed in {rounds} rounds; every round
    runs each variant once, in alternating order, so that .NET's tiered compilation and any drift of
    the machine's speed affect both alike. The ratio is that of the medians, as in benchmarks/ (W7).
    """);
Report.Blank();
Timings[] times = Progress.Run("timing both variants", WarmupRounds + rounds, done => Timing.Interleaved(
    new Action[] { () => plainStep(point), () => checkpointedStep(point) }, WarmupRounds, rounds, done));
double timeRatio = times[1].Median / times[0].Median;
var timeTable = new Table("variant", "median", "min", "max", "runs");
foreach (var (name, t) in new[] { ("plain", times[0]), ($"Checkpoint, {Segments} segments", times[1]) })
    timeTable.Add(name, Fmt.Ms(t.Median), Fmt.Ms(t.Min), Fmt.Ms(t.Max), t.Count.ToString());
timeTable.Print();
Report.Blank();
Report.Line("checkpointed / plain", $"{Fmt.X(timeRatio)} the time (medians; W7 target: at most 1.35x)");

Report.Section("Summary");
Report.Text($"""
    Checkpointing keeps {Fmt.X(memoryRatio)} the memory for {Fmt.X(timeRatio)} the time.
    The reference of BENCHMARKS.md, torch 1.13's checkpoint_sequential: 33.5 -> 9.5 MiB, 1.35x.
    """);

return Checks.Finish();

static bool IsIntermediate(SavedResidual r) => r.Source != "constant" && !r.Source.StartsWith("argument", StringComparison.Ordinal);

// Kept out of line so that no hidden local of the caller keeps the pullback alive after it returns.
[MethodImpl(MethodImplOptions.NoInlining)]
static long RetainedByPullback(Func<(NDArray[] Ws, NDArray X), NDArray> loss, (NDArray[] Ws, NDArray X) point, long before)
{
    var (value, pullback) = Jax.Vjp(loss, point);
    long retained = Diagnostics.LiveBytes() - before;
    GC.KeepAlive(pullback);
    GC.KeepAlive(value);
    return retained;
}
