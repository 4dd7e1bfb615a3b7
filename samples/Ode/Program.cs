// Differentiating through an ODE solver written with Lax.Scan. The Lotka-Volterra predator-prey model
//   x' = a x - b x y,   y' = d x y - c y
// is integrated with classical Runge-Kutta (RK4) steps; the time loop is a Lax.Scan over the step index, so
// the whole solve is one staged loop that Grad differentiates in reverse (a reverse scan over stacked
// residuals) and Jvp in forward mode. The sample checks both against central finite differences of the same
// solver, then fits the four parameters to a noisy trajectory by gradient descent on the trajectory error.
// Exits non-zero if a derivative disagrees with finite differences or the fit does not improve.
//
//   dotnet run -c Release --project samples/Ode
using System;
using System.Diagnostics;
using Functional.AD;
using Functional.AD.Samples.Support;

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
var rng = new System.Random(1);
var observed = Solve(theta, s0).Path;
var noise = new double[Steps * 2];
for (int i = 0; i < noise.Length; i++) noise[i] = 0.05 * (rng.NextDouble() * 2 - 1);
observed = observed + Np.FromFlat(noise, new[] { Steps, 2 });
NDArray Loss(NDArray th) => Np.Mean(Np.Square(Solve(th, s0).Path - observed));
var step = Jax.Jit(Jax.ValueAndGrad(Loss));
var guess = Np.Array(0.9, 0.5, 0.5, 0.12);
double first = 0, last = 0;
Report.Section("Fitting theta to a noisy trajectory");
Report.Text($"""
    From {guess} to the trajectory of {theta} plus noise uniform in [-0.05, 0.05]:
    Adam steps (learning rate 0.02) on the mean squared trajectory error, with a jitted ValueAndGrad.
    """);
Report.Blank();
var fit = new Table("step", "loss", "theta");
NDArray m = Np.ZerosLike(guess), v = Np.ZerosLike(guess);
const int FitSteps = 600;
for (int it = 1; it <= FitSteps; it++)
{
    var (loss, g) = step(guess);
    if (it == 1) first = (double)loss;
    last = (double)loss;
    if (it == 1 || it % 100 == 0) fit.Add(it.ToString(), last.ToString("0.000e+0"), $"{guess}");
    m = m * 0.9 + g * 0.1;
    v = v * 0.999 + g * g * 0.001;
    var mHat = m / (1 - Math.Pow(0.9, it));
    var vHat = v / (1 - Math.Pow(0.999, it));
    guess = guess - mHat / (Np.Sqrt(vHat) + 1e-8) * 0.02;
}
fit.Print();
Report.Blank();
Report.Line("final theta", $"{guess} (true {theta})");
Report.Line("loss", $"{first:0.000e+0} -> {last:0.000e+0}  {Checks.Mark(last < first / 10, "(FAILED: did not fall tenfold)")}");

return Checks.Finish();
