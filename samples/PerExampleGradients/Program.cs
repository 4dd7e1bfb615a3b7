// Per-example gradients and DP-SGD with Functional.AD.
//
//   dotnet run -c Release --project samples/PerExampleGradients
//
// Differentially private SGD needs the gradient of every example on its own (to clip each one), not
// just the batch average that Grad of a mean loss gives. Writing the loss for a single example and
// applying Vmap(Grad(loss), (null, 0)) yields all of them in one batched computation. This sample
// trains a small network that way on a synthetic two-moons dataset, then times the vmapped per-example
// gradients against the obvious alternative, a C# loop calling Grad once per example.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using Functional.AD;
using Functional.AD.Samples.PerExampleGradients;
using Functional.AD.Samples.Support;
using static Functional.AD.Jax;

Report.LabelWidth = 33;

const int TrainCount = 1024, TestCount = 1024, Hidden = 32, BatchSize = 256, Epochs = 100;
const double Noise = 0.12, ClipNorm = 1.0, NoiseMultiplier = 1.0, LearningRate = 1.0;

Report.Banner("Per-example gradients with Vmap(Grad(loss), (null, 0)): DP-SGD on two moons");

var dataRng = new System.Random(1234);
Dataset train = Moons.Make(TrainCount, Noise, dataRng);
Dataset test = Moons.Make(TestCount, Noise, dataRng);
Params init = Params.Init(Hidden, new System.Random(7));

Report.Section("Setup");
Report.Line("data", $"two moons, noise {Noise}, {TrainCount} train / {TestCount} test points, classes balanced");
Report.Line("model", $"MLP 2-{Hidden}-1, tanh hidden layer, logistic loss softplus(z) - y z ({init.ParameterCount} parameters, f64)");
Report.Line("DP-SGD", $"batch {BatchSize}, clip norm C = {ClipNorm}, noise multiplier sigma = {NoiseMultiplier}, learning rate {LearningRate}");
Report.Line("", $"noise std on the averaged gradient = sigma C / batch = {NoiseMultiplier * ClipNorm / BatchSize:0.#####}");
Report.Line("", $"{Epochs} epochs x {TrainCount / BatchSize} steps, batches from a seeded shuffle");

// What Vmap returns, and two sanity checks on one batch at the initial parameters.
Report.Section("Per-example gradients of the first batch, at the initial parameters");
{
    Dataset batch = Moons.Rows(train, Enumerable.Range(0, BatchSize).ToArray());
    Params perExample = DpSgd.PerExampleGradients(init, (batch.X, batch.Y));
    Report.Line("per-example gradient shapes", string.Join("  ", new[] { "W1", "B1", "W2", "B2" }
        .Zip(Tree.Leaves(perExample), (name, leaf) => $"{name} {leaf.Shape}")));

    // Averaging the per-example gradients must give the ordinary gradient of the batch-mean loss.
    Params averaged = Tree.Map(g => Np.Mean(g, axis: 0), perExample);
    Params direct = Grad<Params, Dataset>(Model.MeanLoss)(init, batch);
    double meanDiff = TreeCompare.MaxAbsDiff(averaged, direct);
    Report.Line("mean of them vs Grad(mean loss)", $"max |diff| = {Fmt.E(meanDiff)}");
    Checks.Record(meanDiff < 1e-12);

    // After clipping every example's global norm is at most C; examples already below C are untouched.
    var clipper = new DpSgd(ClipNorm, NoiseMultiplier, LearningRate, new System.Random(0));
    NDArray before = DpSgd.GlobalNorms(perExample);
    NDArray after = DpSgd.GlobalNorms(clipper.Clip(perExample, before));
    NDArray expected = Np.Minimum(before, ClipNorm);
    Report.Line("norms before clipping", $"min {Fmt.N((double)Np.Min(before), 4)}, max {Fmt.N((double)Np.Max(before), 4)}");
    double clipDiff = (double)Np.Max(Np.Abs(after - expected));
    Report.Line("norms after clipping", $"max {Fmt.N((double)Np.Max(after), 4)}, max |norm - min(norm, C)| = {Fmt.E(clipDiff)}");
    Checks.Record(clipDiff < 1e-12);
}

// ---------------------------------------------------------------------------------------------------
// Training: DP-SGD next to plain (non-private) mini-batch SGD on the same batches.
// ---------------------------------------------------------------------------------------------------
Report.Section("Training");
Report.Text(
    """
    'norm' is the mean L2 norm of the per-example gradients in the epoch's batches before clipping,
    'clipped' the share of examples whose gradient was scaled down to norm C. The non-private run uses
    Grad of the batch-mean loss (no clipping, no noise) with the same learning rate and batches.
    Privacy accounting (turning sigma, the sampling rate and the number of steps into an (epsilon,
    delta) guarantee) is a separate calculation, not done here; it also assumes Poisson-sampled
    batches, where this sample simply shuffles once per epoch.
    """);
Report.Blank();

var dp = new DpSgd(ClipNorm, NoiseMultiplier, LearningRate, new System.Random(2024));
Func<Params, Dataset, Params> meanLossGrad = Grad<Params, Dataset>(Model.MeanLoss);
Params privateParams = init, plainParams = init;
var shuffleRng = new System.Random(99);
var table = new Table("epoch", "DP loss", "DP train acc", "DP test acc", "norm", "clipped", "SGD loss", "SGD test acc");
var clock = Stopwatch.StartNew();
Progress.Run("training", Epochs, done =>
{
    for (int epoch = 1; epoch <= Epochs; epoch++)
    {
        int[] order = Enumerable.Range(0, TrainCount).ToArray();
        shuffleRng.Shuffle(order);
        double normSum = 0, clippedSum = 0;
        int steps = TrainCount / BatchSize;
        for (int s = 0; s < steps; s++)
        {
            Dataset batch = Moons.Rows(train, order[(s * BatchSize)..((s + 1) * BatchSize)]);
            (privateParams, DpSgd.StepInfo info) = dp.Step(privateParams, batch);
            normSum += info.MeanNorm;
            clippedSum += info.FractionClipped;
            Params g = meanLossGrad(plainParams, batch);
            plainParams = Tree.Map((w, dw) => w - LearningRate * dw, plainParams, g);
        }
        if (epoch == 1 || epoch % 10 == 0)
            table.Add(
                epoch.ToString(),
                Fmt.N((double)Model.MeanLoss(privateParams, train), 4),
                Fmt.Pct(Model.Accuracy(privateParams, train)),
                Fmt.Pct(Model.Accuracy(privateParams, test)),
                Fmt.N(normSum / steps, 3),
                Fmt.Pct(clippedSum / steps),
                Fmt.N((double)Model.MeanLoss(plainParams, train), 4),
                Fmt.Pct(Model.Accuracy(plainParams, test)));
        done(epoch);
    }
});
double trainingSeconds = clock.Elapsed.TotalSeconds;
table.Print();

double finalDp = Model.Accuracy(privateParams, test), finalPlain = Model.Accuracy(plainParams, test);
Report.Blank();
Report.Line("final test accuracy, DP-SGD", $"{Fmt.Pct(finalDp)}   {(Checks.Record(finalDp > 0.85) ? "(well above the 50% of chance)" : "(LOW: expected > 85%)")}");
Report.Line("final test accuracy, plain SGD", Fmt.Pct(finalPlain));
Report.Line("training + evaluation time", $"{trainingSeconds:0.0} s");

// ---------------------------------------------------------------------------------------------------
// Timing: vmapped per-example gradients against a loop of Grad calls.
// ---------------------------------------------------------------------------------------------------
Report.Section($"Per-example gradients of one batch of {BatchSize}: Vmap vs a C# loop");
Report.Text(
    """
    loop:       Grad(loss)(params, (x[i], y[i])) for every i, then Np.Stack leaf by leaf
    Vmap:       Vmap(Grad(loss), (null, 0))(params, (x, y)), one batched computation
    reference:  Grad of the batch-mean loss, which gives only the average (what plain SGD needs)
    Each variant runs for about a second first (warm-up for the tiered JIT), then the median of
    several timed runs is reported.
    """);
Report.Blank();

Dataset timingBatch = Moons.Rows(train, Enumerable.Range(0, BatchSize).ToArray());
Func<Params, (NDArray X, NDArray Y), Params> singleGrad = Grad<Params, (NDArray X, NDArray Y)>(Model.ExampleLoss);

Params Looped()
{
    var (_, def) = Tree.Flatten(privateParams);
    var leaves = new NDArray[def.LeafCount][];   // leaves[k][i]: leaf k of example i's gradient
    for (int k = 0; k < leaves.Length; k++) leaves[k] = new NDArray[BatchSize];
    for (int i = 0; i < BatchSize; i++)
    {
        IReadOnlyList<NDArray> g = Tree.Leaves(singleGrad(privateParams, (timingBatch.X[i], timingBatch.Y[i])));
        for (int k = 0; k < leaves.Length; k++) leaves[k][i] = g[k];
    }
    return def.Unflatten<Params>(leaves.Select(perLeaf => Np.Stack(perLeaf)));
}
Params Vmapped() => DpSgd.PerExampleGradients(privateParams, (timingBatch.X, timingBatch.Y));

var loopTime = Timing.Measure(() => Looped());
var vmapTime = Timing.Measure(() => Vmapped());
var meanTime = Timing.Measure(() => meanLossGrad(privateParams, timingBatch));

var timings = new Table("variant", "median ms", "runs", "speed-up vs loop", "max |diff| vs loop");
double loopVsVmap = TreeCompare.MaxAbsDiff(Vmapped(), Looped());
Checks.Record(loopVsVmap < 1e-12);
timings.Add("loop of Grad", Fmt.N(loopTime.Median, 2), loopTime.Count.ToString(), "1.0x", "");
timings.Add("Vmap(Grad)", Fmt.N(vmapTime.Median, 2), vmapTime.Count.ToString(),
    $"{loopTime.Median / vmapTime.Median:0.0}x", Fmt.E(loopVsVmap));
timings.Add("reference: Grad(mean loss)", Fmt.N(meanTime.Median, 2), meanTime.Count.ToString(),
    $"{loopTime.Median / meanTime.Median:0.0}x", "");
timings.Print();
Report.Blank();
Report.Text("Timings vary from run to run and machine to machine; everything else above is deterministic.");
return Checks.Finish();
