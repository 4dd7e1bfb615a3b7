// Training a multilayer perceptron with a jitted training step.
//
//   dotnet run --project samples/Mlp -c Release [-- [loss.svg] [regions.svg]]
//
// A 2-64-64-3 tanh network learns to tell the three arms of a spiral apart. The whole training step
// (forward pass, ValueAndGrad, momentum-SGD update) is one C# function compiled with Jax.Jit: traced once
// into a jaxpr, optimized, and then executed as a single program per step. The sample prints the jaxpr of
// the step (what a JAX user would inspect), training progress, final train/test accuracy and the speed
// against the same step run eagerly, and writes the loss curve (and the decision regions) as SVG files.
// It exits with code 1 if the test accuracy is below the threshold, or if Jit and eager disagree.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using Functional.AD;
using Functional.AD.Samples.Mlp;
using static Functional.AD.Jax;

Console.OutputEncoding = Encoding.UTF8;

if (args.Any(a => a is "-h" or "--help") || args.Length > 2)
{
    Console.WriteLine("usage: dotnet run --project samples/Mlp -c Release [-- [loss.svg] [regions.svg]]");
    Console.WriteLine("  loss.svg     where to write the loss curve       (default: mlp-loss.svg in the current directory)");
    Console.WriteLine("  regions.svg  where to write the decision regions (default: mlp-regions.svg in the current directory)");
    return args.Length > 2 ? 2 : 0;
}
string lossSvgPath = args.Length > 0 ? args[0] : "mlp-loss.svg";
string regionsSvgPath = args.Length > 1 ? args[1] : "mlp-regions.svg";

// ---- configuration -------------------------------------------------------------------------------------
const int Classes = 3, PointsPerClass = 500, DataSeed = 20261122, InitSeed = 7;
const double Turns = 1.25, AngleNoise = 0.2, TrainFraction = 0.7;
int[] sizes = { 2, 64, 64, Classes };
const double LearningRate = 0.2, Momentum = 0.9;
const int Steps = 3000, LogEvery = 250;
const double RequiredTestAccuracy = 0.95;
int failures = 0;   // checks that did not hold; the exit code is 1 if there are any

Report.Banner("An MLP on spirals with a jitted training step (Jit + ValueAndGrad + momentum SGD)");

var (train, test) = Spirals.Make(Classes, PointsPerClass, Turns, AngleNoise, TrainFraction, DataSeed);
Dense[] init = Network.Init(sizes, new Random(InitSeed));
var optimizer = new MomentumSgd(LearningRate, Momentum);

Report.Section("Setup");
Report.Line("data", $"{Classes} spiral arms x {PointsPerClass} points, {Turns} turns, angle noise {AngleNoise} rad, seed {DataSeed}");
Report.Line("", $"{train.Count} training / {test.Count} held-out test points, X {train.X.DType.ShortName()}[n,2], labels i32[n]");
Report.Line("model", $"MLP {Network.Describe(init)}, tanh hidden layers, Glorot-uniform init " +
                     $"({Network.ParameterCount(init)} parameters, f32)");
Report.Line("loss", "mean(logsumexp(logits) - logits[label])  (softmax cross-entropy, integer labels)");
Report.Line("optimizer", $"SGD with momentum: v <- {Momentum} v + g,  w <- w - {LearningRate} v;  full batch, {Steps} steps");

// ---- the training step as a jaxpr ----------------------------------------------------------------------
Report.Section("The training step, traced: MakeJaxpr(step)(state, batch)");
TrainState start = TrainState.Start(init);
ClosedJaxpr jaxpr = MakeJaxpr<(TrainState, Dataset), (NDArray, TrainState)>(
    t => optimizer.Step(t.Item1, t.Item2))((start, train));
IReadOnlyList<Equation> equations = jaxpr.Jaxpr.Equations;
int stateLeaves = Tree.Leaves(start).Count;
Report.Line("inputs", $"{jaxpr.Jaxpr.InVars.Count} arrays: {stateLeaves} of the state (parameters and velocities), x, y");
Report.Line("outputs", $"{jaxpr.Jaxpr.OutVars.Count} arrays: the loss and the {stateLeaves} of the new state");
Report.Line("equations", $"{equations.Count}");
Report.List("primitives (count)", equations
    .GroupBy(e => e.Primitive.Name)
    .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
    .Select(g => $"{g.Key} {g.Count()}"));
string[] jaxprLines = jaxpr.ToString().Split('\n');
const int Shown = 20;
Report.Blank();
foreach (string line in jaxprLines.Take(Shown)) Console.WriteLine("    " + line);
if (jaxprLines.Length > Shown) Console.WriteLine($"    ... ({jaxprLines.Length - Shown} more lines)");

// ---- training -------------------------------------------------------------------------------------------
Report.Section("Training with the jitted step");
// Jit traces a function again whenever it sees a new input signature (shapes, dtypes, tree structure); this
// hook reports those retraces. The training step is traced once; the prediction function once per data size.
Jax.JitRetraceLog = message => Console.WriteLine("  [retrace] " + message);
Func<TrainState, Dataset, (NDArray Loss, TrainState State)> step = optimizer.Jitted;
var losses = new List<double>(Steps);
TrainState state = start;

// The first call traces, optimizes and compiles the step; every later call reuses the compiled program.
long t0 = Stopwatch.GetTimestamp();
(NDArray firstLoss, state) = step(state, train);
losses.Add((double)firstLoss);
double firstCallMs = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
Report.Line("first call", $"{Report.N(firstCallMs, 0)} ms (trace + optimize + compile + one step)");
Report.Blank();

var table = new Table("step", "loss", "train acc", "elapsed s");
table.PrintHeader();
table.PrintRow("1", Report.N(losses[0], 4), Report.Pct(Evaluation.Accuracy(init, train)), "0.0");
var clock = Stopwatch.StartNew();
for (int i = 2; i <= Steps; i++)
{
    (NDArray loss, state) = step(state, train);
    losses.Add((double)loss);
    if (i % LogEvery == 0)
        table.PrintRow(i.ToString(), Report.N(losses[^1], 4), Report.Pct(Evaluation.Accuracy(state.Params, train)),
            Report.N(clock.Elapsed.TotalSeconds, 1));
}
double trainingSeconds = clock.Elapsed.TotalSeconds;   // includes the progress evaluations, as a user would see it
double trainAccuracy = Evaluation.Accuracy(state.Params, train);
double testAccuracy = Evaluation.Accuracy(state.Params, test);
bool accurate = testAccuracy >= RequiredTestAccuracy;
failures += accurate ? 0 : 1;

Report.Blank();
Report.Line("final loss", Report.N((double)Network.Loss(state.Params, train), 4) + "  (after the last update)");
Report.Line("train accuracy", Report.Pct(trainAccuracy));
Report.Line("test accuracy", $"{Report.Pct(testAccuracy)}  " +
    (accurate ? $"(>= {Report.Pct(RequiredTestAccuracy)} required: ok)" : $"(BELOW the required {Report.Pct(RequiredTestAccuracy)})"));
Report.Line("training time", $"{Report.N(trainingSeconds, 2)} s for steps 2..{Steps}: " +
    $"{Report.N((Steps - 1) / trainingSeconds, 0)} steps/s, {Report.N(1000 * trainingSeconds / (Steps - 1), 3)} ms/step");

// ---- Jit against eager -----------------------------------------------------------------------------------
Report.Section("The same step without Jit");
{
    // Same function, same inputs: the compiled program must agree with op-by-op execution
    // (up to f32 rounding, since the compiler may fuse and reorder elementwise work).
    var (eagerLoss, eagerState) = optimizer.Step(state, train);
    var (jitLoss, jitState) = step(state, train);
    double diff = Math.Max(Math.Abs((double)eagerLoss - (double)jitLoss),
        Tree.Leaves(eagerState).Zip(Tree.Leaves(jitState), (a, b) => (double)Np.Max(Np.Abs(a - b))).Max());
    bool agree = diff < 1e-4;
    failures += agree ? 0 : 1;
    Report.Line("Jit vs eager, one step", $"max |diff| over loss and new state = {Report.E(diff)}  {(agree ? "(agree)" : "(DISAGREE)")}");

    double eagerMs = MedianMs(() => optimizer.Step(state, train));
    double jitMs = MedianMs(() => step(state, train));
    Report.Line("eager step", $"{Report.N(eagerMs, 3)} ms  (median after 1 s of warm-up; op by op, derivative traced every call)");
    Report.Line("jitted step", $"{Report.N(jitMs, 3)} ms  (median after 1 s of warm-up; one compiled program)");
    Report.Line("ratio", $"eager / jitted = {Report.N(eagerMs / jitMs, 2)}");
}

// ---- plots ------------------------------------------------------------------------------------------------
Report.Section("Plots");
string subtitle = $"MLP {Network.Describe(init)} on {Classes} spirals, momentum SGD, lr {LearningRate}: " +
                  $"train accuracy {Report.Pct(trainAccuracy)}, test accuracy {Report.Pct(testAccuracy)}";
Report.Line("loss curve", LossCurveSvg.Write(lossSvgPath, losses, "Training loss", subtitle));
Report.Line("decision regions", DecisionRegionsSvg.Write(regionsSvgPath, state.Params, train, test,
    $"Decision regions after {Steps} steps (test accuracy {Report.Pct(testAccuracy)})"));

Report.Blank();
Report.Text(failures == 0 ? "All checks held." : $"{failures} check(s) did NOT hold; see above.");
return failures == 0 ? 0 : 1;

// Median wall time of 'action' in milliseconds. It first runs for 'warmupSeconds' so that .NET's tiered JIT
// has compiled the hot paths with full optimization, then times up to 'runs' calls within about one second.
static double MedianMs(Action action, double warmupSeconds = 1.0, int runs = 101)
{
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed.TotalSeconds < warmupSeconds) action();
    var samples = new List<double>();
    clock.Restart();
    while (samples.Count < runs && (samples.Count < 5 || clock.Elapsed.TotalSeconds < 1.0))
    {
        long start = Stopwatch.GetTimestamp();
        action();
        samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
    }
    samples.Sort();
    return samples[samples.Count / 2];
}
