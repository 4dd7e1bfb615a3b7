// Differentiating through an ODE solver written with Lax.Scan. The Lotka-Volterra predator-prey model
//   x' = a x - b x y,   y' = d x y - c y
// is integrated with classical Runge-Kutta (RK4) steps; the time loop is a Lax.Scan over the step index, so
// the whole solve is one staged loop that Grad differentiates in reverse (a reverse scan over stacked
// residuals) and Jvp in forward mode. The sample checks both against central finite differences of the same
// solver, then fits the four parameters to a noisy trajectory (noise from Random.Uniform) with Optim.Adam, the
// gradient and the update in one jitted step. The fitted parameters are saved with Tree.Save (ode-params.npz),
// reloaded with Tree.Load and checked to give the same trajectory error, and the data and the fitted trajectory
// are drawn to ode-fit.svg, both in the output directory (default: the current one).
// Exits non-zero if a derivative disagrees with finite differences, the fit does not improve, or the reloaded
// parameters differ.
//
//   dotnet run -c Release --project samples/Ode [-- output-directory]
using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Functional.AD;
using Functional.AD.Samples.Support;
using Random = Functional.AD.Random;

string outputDirectory = args.Length > 0 ? args[0] : ".";

const int Steps = 200;
const double Dt = 0.05;

// One RK4 step of the model with parameters theta = (a, b, c, d); state = (x, y).
static NDArray Field(NDArray s, NDArray th)
{
    NDArray x = s[0], y = s[1];
    return Np.Stack(new[] { th[0] * x - th[1] * x * y, th[3] * x * y - th[2] * y });
}

static NDArray Rk4(NDArray s, NDArray th)
{
    var k1 = Field(s, th);
    var k2 = Field(s + k1 * (Dt / 2), th);
    var k3 = Field(s + k2 * (Dt / 2), th);
    var k4 = Field(s + k3 * Dt, th);
    return s + (k1 + k2 * 2.0 + k3 * 2.0 + k4) * (Dt / 6);
}

// The whole trajectory: the final state and the stacked states after every step.
static (NDArray Final, NDArray Path) Solve(NDArray theta, NDArray s0) =>
    Lax.Scan<NDArray, NDArray, NDArray>((s, _) => { var next = Rk4(s, theta); return (next, next); }, s0, Np.Arange(Steps));

var theta = Np.Array(1.1, 0.4, 0.4, 0.1);
var s0 = Np.Array(10.0, 5.0);

Report.LabelWidth = 28;
Report.Banner("Differentiating through an ODE solver: RK4 in Lax.Scan, Lotka-Volterra predator and prey");
Report.Section("The model");
Report.Text($"""
    x' = a x - b x y   (prey),   y' = d x y - c y   (predators)
    theta = (a, b, c, d) = {theta}, (x, y)(0) = {s0}, {Steps} RK4 steps of {Dt}
    """);

// 1. d x(T) / d theta: reverse mode (Grad through the scan), forward mode (Jvp), finite differences.
Report.Section("The gradient of the final prey count x(T) with respect to theta");
Func<NDArray, NDArray> preyAtEnd = th => Solve(th, s0).Final[0];
var sw = Stopwatch.StartNew();
var grad = Jax.Grad(preyAtEnd)(theta).ToArray<double>();
double gradMs = sw.Elapsed.TotalMilliseconds;
var baseTheta = theta.ToArray<double>();
Report.Line("x(T), y(T)", $"{Fmt.N((double)preyAtEnd(theta), 6)}, {Fmt.N((double)Solve(theta, s0).Final[1], 6)}");
Report.Line("Grad through Lax.Scan", $"{Fmt.N(gradMs, 0)} ms (first call: tracing included)");
Report.Blank();
var table = new Table("parameter", "Grad (reverse)", "Jvp (forward)", "central differences", "relative difference");
string[] names = { "a", "b", "c", "d" };
double worst = 0;
for (int i = 0; i < 4; i++)
{
    var e = new double[4];
    e[i] = 1;
    double forward = (double)Jax.Jvp(preyAtEnd, theta, Np.Array(e)).Tangent;
    double h = 1e-6 * Math.Max(1, Math.Abs(baseTheta[i]));
    var plus = (double[])baseTheta.Clone();
    var minus = (double[])baseTheta.Clone();
    plus[i] += h;
    minus[i] -= h;
    double fd = ((double)preyAtEnd(Np.Array(plus)) - (double)preyAtEnd(Np.Array(minus))) / (2 * h);
    double rel = Math.Max(Math.Abs(grad[i] - fd), Math.Abs(forward - fd)) / Math.Max(1, Math.Abs(fd));
    worst = Math.Max(worst, rel);
    table.Add(names[i], Fmt.N(grad[i], 6), Fmt.N(forward, 6), Fmt.N(fd, 6), Fmt.E(rel));
}
table.Print();
Report.Blank();
Report.Line("largest relative difference", $"{Fmt.E(worst)}  {Checks.Mark(worst < 1e-5, "(FAILED: above 1e-5)")}");

// 2. Fit theta to a noisy observed trajectory (generated with the true parameters) from a wrong start.
var observed = Solve(theta, s0).Path
               + Random.Uniform(Random.Key(1), new[] { Steps, 2 }, DType.Float64, Np.Scalar(-0.05), Np.Scalar(0.05));
NDArray Loss(NDArray th) => Np.Mean(Np.Square(Solve(th, s0).Path - observed));
var lossAndGrad = Jax.ValueAndGrad(Loss);
const double LearningRate = 0.02;
GradientTransformation adam = Optim.Adam(LearningRate);
// The whole fitting step (trajectory, its gradient through the scan, Adam's update) is one jitted function of
// the parameters and the optimizer state (the step count and Adam's two moment estimates).
var step = Jax.Jit<(NDArray Theta, OptState Adam), (NDArray Loss, NDArray Theta, OptState Adam)>(current =>
{
    var (loss, g) = lossAndGrad(current.Theta);
    var (updates, next) = adam.Update(g, current.Adam, current.Theta);
    return (loss, Optim.ApplyUpdates(current.Theta, updates), next);
});
var start = Np.Array(0.9, 0.5, 0.5, 0.12);
Report.Section("Fitting theta to a noisy trajectory");
Report.Text($"""
    From {start} to the trajectory of {theta} plus noise from Random.Uniform in [-0.05, 0.05]:
    Optim.Adam({LearningRate}) on the mean squared trajectory error, gradient and update in one Jax.Jit step.
    """);
Report.Blank();
var fit = new Table("step", "loss", "theta");
var (guess, state) = (start, adam.Init(start));
double first = 0, last = 0;
const int FitSteps = 600;
for (int it = 1; it <= FitSteps; it++)
{
    NDArray at = guess;   // the loss is the one at the parameters before the update
    (NDArray loss, guess, state) = step((guess, state));
    if (it == 1) first = (double)loss;
    last = (double)loss;
    if (it == 1 || it % 100 == 0) fit.Add(it.ToString(), last.ToString("0.000e+0"), $"{at}");
}
fit.Print();
Report.Blank();
Report.Line("final theta", $"{guess} (true {theta})");
Report.Line("loss", $"{first:0.000e+0} -> {last:0.000e+0}  {Checks.Mark(last < first / 10, "(FAILED: did not fall tenfold)")}");

// 3. Save the fitted model, load it back, and check it reproduces the same trajectory error.
Report.Section("Saving, reloading, plotting");
Directory.CreateDirectory(outputDirectory);
string paramsPath = Path.GetFullPath(Path.Combine(outputDirectory, "ode-params.npz"));
var fitted = new FittedModel(guess, s0);
Tree.Save(paramsPath, fitted);
FittedModel reloaded = Tree.Load(paramsPath, fitted);
double fittedLoss = (double)Loss(fitted.Theta), reloadedLoss = (double)Loss(reloaded.Theta);
double diff = TreeCompare.MaxAbsDiff(fitted, reloaded);
Report.Line("saved", $"{paramsPath} (.Theta and .Initial)");
Report.Line("reloaded", $"trajectory error {reloadedLoss:0.000000e+0} vs {fittedLoss:0.000000e+0} fitted, max |diff| {Fmt.E(diff)}  " +
                        Checks.Mark(diff == 0 && reloadedLoss == fittedLoss, "(FAILED: the reloaded model differs)"));

// The data as dots and the reloaded model's trajectory as lines, prey and predators against time.
double[] FromStart(NDArray initial, NDArray path, int column) =>
    new[] { initial.ToArray<double>()[column] }.Concat(path[.., column].ToArray<double>()).ToArray();
static string Short(NDArray v) => string.Join(", ", v.ToArray<double>().Select(x => Fmt.N(x, 3)));
(double, double)[] Curve(double[] values) => values.Select((v, i) => (i * Dt, v)).ToArray();
NDArray fittedPath = Solve(reloaded.Theta, reloaded.Initial).Path;
string svgPath = LineChartSvg.Write(Path.Combine(outputDirectory, "ode-fit.svg"),
    "Lotka-Volterra: noisy observations and the fitted RK4 trajectory",
    $"(a, b, c, d) fitted to ({Short(guess)}), true ({Short(theta)}); Optim.Adam({LearningRate}), {FitSteps} steps",
    "time", "population",
    new[]
    {
        new ChartSeries("prey, observed", Curve(FromStart(s0, observed, 0)), "#1f77b4", Dots: true),
        new ChartSeries("predators, observed", Curve(FromStart(s0, observed, 1)), "#d62728", Dots: true),
        new ChartSeries("prey, fitted", Curve(FromStart(reloaded.Initial, fittedPath, 0)), "#1f77b4"),
        new ChartSeries("predators, fitted", Curve(FromStart(reloaded.Initial, fittedPath, 1)), "#d62728"),
    });
Report.Line("plot", svgPath);

return Checks.Finish();

/// <summary>What the fit produced: the parameters (a, b, c, d) and the initial state they start from, saved together.</summary>
/// <param name="Theta">The fitted (a, b, c, d), f64[4].</param>
/// <param name="Initial">The initial (prey, predators), f64[2].</param>
internal sealed record FittedModel(NDArray Theta, NDArray Initial);
