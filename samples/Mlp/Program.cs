// Training a multilayer perceptron with a jitted training step.
//
//   dotnet run -c Release --project samples/Mlp [-- [loss.svg] [regions.svg]]
//
// A 2-64-64-3 tanh network learns to tell the three arms of a spiral apart. Data, initialization
// (Nn.Initializers.GlorotUniform) and shuffling draw from split Random keys; the whole training step (forward
// pass, ValueAndGrad, the Optim.Sgd update with momentum) is one C# function compiled with Jax.Jit: traced once
// into a jaxpr, optimized, and then executed as a single program per step. The sample prints the jaxpr of
// the step (what a JAX user would inspect), training progress, final train/test accuracy and the speed
// against the same step run eagerly, saves the trained parameters with Tree.Save (mlp-params.npz beside the
// loss curve), reloads them with Tree.Load and evaluates the reloaded network, and writes the loss curve and the
// decision regions as SVG files. It exits with code 1 if the test accuracy is below the threshold, if Jit and
// eager disagree, or if the reloaded parameters differ from the trained ones.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Functional.AD;
using Functional.AD.Samples.Mlp;
using Functional.AD.Samples.Support;
using static Functional.AD.Jax;
using Random = Functional.AD.Random;

if (args.Any(a => a is "-h" or "--help") || args.Length > 2)
{
    Console.WriteLine("usage: dotnet run -c Release --project samples/Mlp [-- [loss.svg] [regions.svg]]");
    Console.WriteLine("  loss.svg     where to write the loss curve       (default: mlp-loss.svg in the current directory)");
    Console.WriteLine("  regions.svg  where to write the decision regions (default: mlp-regions.svg in the current directory)");
    Console.WriteLine("  the trained parameters go to mlp-params.npz in the directory of loss.svg");
    return args.Length > 2 ? 2 : 0;
}
string lossSvgPath = args.Length > 0 ? args[0] : "mlp-loss.svg";
string regionsSvgPath = args.Length > 1 ? args[1] : "mlp-regions.svg";
string paramsPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(lossSvgPath))!, "mlp-params.npz");

// ---- configuration -------------------------------------------------------------------------------------
const int Classes = 3, PointsPerClass = 500, Seed = 20261122;
const double Turns = 1.25, AngleNoise = 0.2, TrainFraction = 0.7;
int[] sizes = { 2, 64, 64, Classes };
const double LearningRate = 0.2, Momentum = 0.9;
const int Steps = 3000, LogEvery = 250;
const double RequiredTestAccuracy = 0.95;

Report.Banner("An MLP on spirals with a jitted training step (Jit + ValueAndGrad + Optim.Sgd with momentum)");

// One seed, split into independent keys for the data and for the initial parameters.
var (dataKey, initKey) = Random.Split(Random.Key(Seed));
var (train, test) = Spirals.Make(dataKey, Classes, PointsPerClass, Turns, AngleNoise, TrainFraction);
Dense[] init = Network.Init(sizes, initKey);
var trainer = new Trainer(Optim.Sgd(LearningRate, momentum: Momentum));

Report.Section("Setup");
Report.Line("data", $"{Classes} spiral arms x {PointsPerClass} points, {Turns} turns, angle noise {AngleNoise} rad");
Report.Line("", $"{train.Count} training / {test.Count} held-out test points, X {train.X.DType.ShortName()}[n,2], labels i32[n]");
Report.Line("random", $"Random.Key({Seed}) split into a data key (jitter, shuffle) and an init key (one per layer)");
Report.Line("model", $"MLP {Network.Describe(init)}, tanh hidden layers, Nn.Initializers.GlorotUniform() " +
                     $"({Network.ParameterCount(init)} parameters, f32)");
Report.Line("loss", "mean(logsumexp(logits) - logits[label])  (softmax cross-entropy, integer labels)");
Report.Line("optimizer", $"Optim.Sgd({LearningRate}, momentum: {Momentum}): v <- {Momentum} v + g,  w <- w - {LearningRate} v;  full batch, {Steps} steps");

// ---- the training step as a jaxpr ----------------------------------------------------------------------
Report.Section("The training step, traced: MakeJaxpr(step)(state, batch)");
TrainState start = trainer.Start(init);
ClosedJaxpr jaxpr = MakeJaxpr<(TrainState, Dataset), (NDArray, TrainState)>(
    t => trainer.Step(t.Item1, t.Item2))((start, train));
IReadOnlyList<Equation> equations = jaxpr.Jaxpr.Equations;
int stateLeaves = Tree.Leaves(start).Count;
Report.Line("inputs", $"{jaxpr.Jaxpr.InVars.Count} arrays: {stateLeaves} of the state (parameters and the optimizer's velocities), x, y");
Report.Line("outputs", $"{jaxpr.Jaxpr.OutVars.Count} arrays: the loss and the {stateLeaves} of the new state");
Report.Line("equations", $"{equations.Count}");
Report.List("primitives (count)", equations
    .GroupBy(e => e.Primitive.Name)
    .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
    .Select(g => $"{g.Key} {g.Count()}"));
string[] jaxprLines = jaxpr.ToString().Split('\n');
const int Shown = 20;
Report.Blank();
Report.Block("", string.Join("\n", jaxprLines.Take(Shown)));
if (jaxprLines.Length > Shown) Report.Write($"    ... ({jaxprLines.Length - Shown} more lines)");

// ---- training -------------------------------------------------------------------------------------------
Report.Section("Training with the jitted step");
// Jit traces a function again whenever it sees a new input signature (shapes, dtypes, tree structure); this
// hook reports those retraces. The training step is traced once; the prediction function once per data size.
Jax.JitRetraceLog = message => Report.Write("  [retrace] " + message);
Func<TrainState, Dataset, (NDArray Loss, TrainState State)> step = trainer.Jitted;
var losses = new List<double>(Steps);
TrainState state = start;

// The first call traces, optimizes and compiles the step; every later call reuses the compiled program.
long t0 = Stopwatch.GetTimestamp();
(NDArray firstLoss, state) = step(state, train);
losses.Add((double)firstLoss);
double firstCallMs = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
Report.Line("first call", $"{Fmt.N(firstCallMs, 0)} ms (trace + optimize + compile + one step)");
Report.Blank();

var table = new Table("step", "loss", "train acc", "elapsed s");
table.Add("1", Fmt.N(losses[0], 4), Fmt.Pct(Evaluation.Accuracy(init, train)), "0.0");
var clock = Stopwatch.StartNew();
state = Progress.Run("training", Steps, done =>
{
    TrainState s = state;
    for (int i = 2; i <= Steps; i++)
    {
        (NDArray loss, s) = step(s, train);
        losses.Add((double)loss);
        if (i % LogEvery == 0)
        {
            table.Add(i.ToString(), Fmt.N(losses[^1], 4), Fmt.Pct(Evaluation.Accuracy(s.Params, train)),
                Fmt.N(clock.Elapsed.TotalSeconds, 1));
            done(i);
        }
    }
    return s;
});
double trainingSeconds = clock.Elapsed.TotalSeconds;   // includes the progress evaluations, as a user would see it
table.Print();
double trainAccuracy = Evaluation.Accuracy(state.Params, train);
double testAccuracy = Evaluation.Accuracy(state.Params, test);
bool accurate = Checks.Record(testAccuracy >= RequiredTestAccuracy);

Report.Blank();
Report.Line("final loss", Fmt.N((double)Network.Loss(state.Params, train), 4) + "  (after the last update)");
Report.Line("train accuracy", Fmt.Pct(trainAccuracy));
Report.Line("test accuracy", $"{Fmt.Pct(testAccuracy)}  " +
    (accurate ? $"(>= {Fmt.Pct(RequiredTestAccuracy)} required: ok)" : $"(BELOW the required {Fmt.Pct(RequiredTestAccuracy)})"));
Report.Line("training time", $"{Fmt.N(trainingSeconds, 2)} s for steps 2..{Steps}: " +
    $"{Fmt.N((Steps - 1) / trainingSeconds, 0)} steps/s, {Fmt.N(1000 * trainingSeconds / (Steps - 1), 3)} ms/step");

// ---- Jit against eager -----------------------------------------------------------------------------------
Report.Section("The same step without Jit");
{
    // Same function, same inputs: the compiled program must agree with op-by-op execution
    // (up to f32 rounding, since the compiler may fuse and reorder elementwise work).
    var (eagerLoss, eagerState) = trainer.Step(state, train);
    var (jitLoss, jitState) = step(state, train);
    double diff = Math.Max(Math.Abs((double)eagerLoss - (double)jitLoss), TreeCompare.MaxAbsDiff(eagerState, jitState));
    bool agree = Checks.Record(diff < 1e-4);
    Report.Line("Jit vs eager, one step", $"max |diff| over loss and new state = {Fmt.E(diff)}  {(agree ? "(agree)" : "(DISAGREE)")}");

    Timings eager = Timing.Measure(() => trainer.Step(state, train), maxRuns: 101, budgetSeconds: 1.0, minRuns: 5);
    Timings jitted = Timing.Measure(() => step(state, train), maxRuns: 101, budgetSeconds: 1.0, minRuns: 5);
    Report.Line("eager step", $"{Fmt.N(eager.Median, 3)} ms  (op by op, the derivative traced on every call)");
    Report.Line("jitted step", $"{Fmt.N(jitted.Median, 3)} ms  (one compiled program)");
    Report.Line("ratio", $"eager / jitted = {Fmt.N(eager.Median / jitted.Median, 2)}  " +
                         $"(medians of {eager.Count} and {jitted.Count} runs, each after 1 s of warm-up)");
}

// ---- save and reload --------------------------------------------------------------------------------------
Report.Section("Saving and reloading the trained parameters");
{
    // Tree.Save writes one .npz archive with every leaf under its key path; Tree.Load reads it back into the
    // structure of a tree of the same shape (here the initial parameters, whose values it does not use).
    Tree.Save(paramsPath, state.Params);
    Dense[] reloaded = Tree.Load(paramsPath, init);
    var (names, _) = Tree.FlattenWithPath(state.Params);
    Report.Line("saved", $"{paramsPath} ({new FileInfo(paramsPath).Length:N0} bytes, {names.Count} arrays: " +
                         $"{string.Join(", ", names.Take(2).Select(n => n.Path))}, ...)");
    double diff = TreeCompare.MaxAbsDiff(state.Params, reloaded);
    double reloadedTrain = Evaluation.Accuracy(reloaded, train), reloadedTest = Evaluation.Accuracy(reloaded, test);
    bool same = Checks.Record(diff == 0 && reloadedTrain == trainAccuracy && reloadedTest == testAccuracy);
    Report.Line("reloaded vs trained", $"max |diff| = {Fmt.E(diff)}, train accuracy {Fmt.Pct(reloadedTrain)}, " +
                                       $"test accuracy {Fmt.Pct(reloadedTest)}  {(same ? "(identical: ok)" : "(DIFFERENT)")}");
}

// ---- plots ------------------------------------------------------------------------------------------------
Report.Section("Plots");
string subtitle = $"MLP {Network.Describe(init)} on {Classes} spirals, SGD with momentum {Momentum}, lr {LearningRate}: " +
                  $"train accuracy {Fmt.Pct(trainAccuracy)}, test accuracy {Fmt.Pct(testAccuracy)}";
Report.Line("loss curve", LossCurveSvg.Write(lossSvgPath, losses, "Training loss", subtitle));
Report.Line("decision regions", DecisionRegionsSvg.Write(regionsSvgPath, state.Params, train, test,
    $"Decision regions after {Steps} steps (test accuracy {Fmt.Pct(testAccuracy)})"));

return Checks.Finish();
