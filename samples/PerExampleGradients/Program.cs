// Per-example gradients and DP-SGD with Functional.AD.
//
//   dotnet run -c Release --project samples/PerExampleGradients [-- output-directory]
//
// Differentially private SGD needs the gradient of every example on its own (to clip each one), not
// just the batch average that Grad of a mean loss gives. Writing the loss for a single example and
// applying Vmap(Grad(loss), (null, 0)) yields all of them in one batched computation. This sample
// trains a small network that way on a synthetic two-moons dataset, then times the vmapped per-example
// gradients against the obvious alternative, a C# loop calling Grad once per example. Data, initialization,
// shuffling and the DP noise draw from keys split from one Random.Key; the update itself is Optim.Sgd. The
// trained parameters are saved with Tree.Save (dpsgd-params.npz) and reloaded for the accuracy check, and the
// test-accuracy curves are drawn to dpsgd-accuracy.svg, both in the output directory (default: the current one).

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Functional.AD;
using Functional.AD.Samples.PerExampleGradients;
using Functional.AD.Samples.Support;
using static Functional.AD.Jax;
using Random = Functional.AD.Random;

string outputDirectory = args.Length > 0 ? args[0] : ".";

Report.LabelWidth = 33;

const int TrainCount = 1024, TestCount = 1024, Hidden = 32, BatchSize = 256, Epochs = 100;
const double Noise = 0.12, ClipNorm = 1.0, NoiseMultiplier = 1.0, LearningRate = 1.0;
const int Seed = 1234;

Report.Banner("Per-example gradients with Vmap(Grad(loss), (null, 0)): DP-SGD on two moons");

// One key per use, split from one seed: nothing below shares a random stream with anything else.
PRNGKey keys = Random.Split(Random.Key(Seed), 5);
PRNGKey trainKey = keys[0], testKey = keys[1], initKey = keys[2], shuffleKey = keys[3], noiseKey = keys[4];
Dataset train = Moons.Make(trainKey, TrainCount, Noise);
Dataset test = Moons.Make(testKey, TestCount, Noise);
Params init = Params.Init(Hidden, initKey);
GradientTransformation sgd = Optim.Sgd(LearningRate);

Report.Section("Setup");
Report.Line("data", $"two moons, noise {Noise}, {TrainCount} train / {TestCount} test points, classes balanced");
Report.Line("random", $"Random.Key({Seed}) split into keys for the train set, test set, init, shuffles and DP noise");
Report.Line("model", $"MLP 2-{Hidden}-1, tanh hidden layer, LeCun-normal init, logistic loss softplus(z) - y z ({init.ParameterCount} parameters, f64)");
Report.Line("DP-SGD", $"batch {BatchSize}, clip norm C = {ClipNorm}, noise multiplier sigma = {NoiseMultiplier}, update Optim.Sgd({LearningRate})");
Report.Line("", $"noise std on the averaged gradient = sigma C / batch = {NoiseMultiplier * ClipNorm / BatchSize:0.#####}");
Report.Line("", $"{Epochs} epochs x {TrainCount / BatchSize} steps, batches from Random.Permutation with the epoch folded into the key");

// What Vmap returns, and two sanity checks on one batch at the initial parameters.
Report.Section("Per-example gradients of the first batch, at the initial parameters");
{
    Dataset batch = Moons.Rows(train, Np.Arange(BatchSize));
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
    var clipper = new DpSgd(ClipNorm, NoiseMultiplier, sgd);
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
    Grad of the batch-mean loss (no clipping, no noise) with the same Optim.Sgd and batches.
    Privacy accounting (turning sigma, the sampling rate and the number of steps into an (epsilon,
    delta) guarantee) is a separate calculation, not done here; it also assumes Poisson-sampled
    batches, where this sample simply shuffles once per epoch.
    """);
Report.Blank();

var dp = new DpSgd(ClipNorm, NoiseMultiplier, sgd);
Func<Params, Dataset, Params> meanLossGrad = Grad<Params, Dataset>(Model.MeanLoss);
Params privateParams = init, plainParams = init;
OptState privateState = dp.Init(init), plainState = sgd.Init(init);
var dpCurve = new List<(double Epoch, double Accuracy)>();
var plainCurve = new List<(double Epoch, double Accuracy)>();
var table = new Table("epoch", "DP loss", "DP train acc", "DP test acc", "norm", "clipped", "SGD loss", "SGD test acc");
var clock = Stopwatch.StartNew();
Progress.Run("training", Epochs, done =>
{
    for (int epoch = 1; epoch <= Epochs; epoch++)
    {
        // Fold the epoch number into the shuffle key: a fresh order every epoch, the same orders every run.
        NDArray order = Random.Permutation(Random.FoldIn(shuffleKey, epoch), TrainCount);
        double normSum = 0, clippedSum = 0;
        int steps = TrainCount / BatchSize;
        for (int s = 0; s < steps; s++)
        {
            Dataset batch = Moons.Rows(train, order[(s * BatchSize)..((s + 1) * BatchSize)]);
            PRNGKey stepNoise = Random.FoldIn(noiseKey, (epoch - 1) * steps + s);   // never the same noise twice
            (privateParams, privateState, DpSgd.StepInfo info) = dp.Step(privateParams, privateState, batch, stepNoise);
            normSum += info.MeanNorm;
            clippedSum += info.FractionClipped;
            var (updates, nextState) = sgd.Update(meanLossGrad(plainParams, batch), plainState, plainParams);
            (plainParams, plainState) = (Optim.ApplyUpdates(plainParams, updates), nextState);
        }
        dpCurve.Add((epoch, Model.Accuracy(privateParams, test)));
        plainCurve.Add((epoch, Model.Accuracy(plainParams, test)));
        if (epoch == 1 || epoch % 10 == 0)
            table.Add(
                epoch.ToString(),
                Fmt.N((double)Model.MeanLoss(privateParams, train), 4),
                Fmt.Pct(Model.Accuracy(privateParams, train)),
                Fmt.Pct(dpCurve[^1].Accuracy),
                Fmt.N(normSum / steps, 3),
                Fmt.Pct(clippedSum / steps),
                Fmt.N((double)Model.MeanLoss(plainParams, train), 4),
                Fmt.Pct(plainCurve[^1].Accuracy));
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
// Saving the private model, reloading it, and the plot.
// ---------------------------------------------------------------------------------------------------
Report.Section("Saving, reloading, plotting");
{
    // One .npz archive with the four arrays named by their key paths (.W1, .B1, ...); Tree.Load fills the
    // structure of a Params of the same shapes (the initial one) with the stored arrays.
    string paramsPath = Path.GetFullPath(Path.Combine(outputDirectory, "dpsgd-params.npz"));
    Directory.CreateDirectory(outputDirectory);
    Tree.Save(paramsPath, privateParams);
    Params reloaded = Tree.Load(paramsPath, init);
    double diff = TreeCompare.MaxAbsDiff(privateParams, reloaded), reloadedAccuracy = Model.Accuracy(reloaded, test);
    Report.Line("DP-SGD parameters saved", $"{paramsPath} ({new FileInfo(paramsPath).Length:N0} bytes)");
    bool same = Checks.Record(diff == 0 && reloadedAccuracy == finalDp);
    Report.Line("reloaded: test accuracy", $"{Fmt.Pct(reloadedAccuracy)}, max |diff| to the trained parameters {Fmt.E(diff)}  " +
                                           (same ? "(identical: ok)" : "(DIFFERENT)"));
    string svgPath = LineChartSvg.Write(Path.Combine(outputDirectory, "dpsgd-accuracy.svg"),
        "Test accuracy on two moons: DP-SGD against plain SGD",
        $"batch {BatchSize}, clip norm {ClipNorm}, noise multiplier {NoiseMultiplier}, Optim.Sgd({LearningRate}); " +
        $"final {Fmt.Pct(finalDp)} (DP) and {Fmt.Pct(finalPlain)} (plain)",
        "epoch", "test accuracy",
        new[]
        {
            new ChartSeries("plain SGD (no clipping, no noise)", plainCurve, "#7f7f7f", Dashed: true),
            new ChartSeries($"DP-SGD (C = {ClipNorm}, sigma = {NoiseMultiplier})", dpCurve, "#1f77b4"),
        });
    Report.Line("accuracy curves", svgPath);
}

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

Dataset timingBatch = Moons.Rows(train, Np.Arange(BatchSize));
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
