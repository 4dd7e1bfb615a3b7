using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using Xunit;
using Xunit.Abstractions;

namespace Functional.AD.Properties.Optim;

using Optim = Functional.AD.Optim;

/// <summary>The MLP's parameters, a pytree of four f64 leaves (3 -> 4 -> 2, tanh hidden layer).</summary>
public sealed record GoldenMlp(NDArray W1, NDArray B1, NDArray W2, NDArray B2);

/// <summary>
/// Every optimizer against golden trajectories made by goldens/make_optimizer_goldens.py: torch.optim 1.13 where its
/// update equals optax's for the chosen hyperparameters, optax's update equations in numpy elsewhere (the JSON's
/// "source" says which). Each case rebuilds the problem (a 5-element quadratic or a 3 -> 4 -> 2 tanh MLP, f64) with
/// Np, takes the gradient with Jax.Grad, and runs the library's optimizer eagerly and as one jitted step (gradient,
/// update, ApplyUpdates); every step's parameters must equal the golden ones to 1e-10 relative.
/// </summary>
public class OptimizerGoldenTests(ITestOutputHelper output)
{
    private const double RelativeTolerance = 1e-10;
    // Parameters that pass near zero are compared against this floor instead of their own size.
    private const double AbsoluteTolerance = 1e-13;

    private static readonly Lazy<JsonDocument> Golden = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Optim", "goldens", "optimizer_trajectories.json");
        if (!File.Exists(path))
            throw new FileNotFoundException("the golden file is not beside the test assembly; the test project copies it there", path);
        return JsonDocument.Parse(File.ReadAllText(path));
    });

    private static JsonElement Root => Golden.Value.RootElement;

    private static string NameOf(JsonElement c) =>
        $"{c.GetProperty("optimizer").GetString()}/{c.GetProperty("setting").GetString()}/{c.GetProperty("problem").GetString()}";

    /// <summary>One row per (optimizer, setting, problem) in the golden file.</summary>
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var c in Root.GetProperty("cases").EnumerateArray()) data.Add(NameOf(c));
        return data;
    }

    private static JsonElement Case(string name)
    {
        foreach (var c in Root.GetProperty("cases").EnumerateArray())
            if (NameOf(c) == name) return c;
        throw new ArgumentException($"no golden case {name}");
    }

    // ------------------------------------------------------------------ optimizers from the JSON's arguments

    private static double Num(JsonElement args, string key) =>
        args.TryGetProperty(key, out var v) ? v.GetDouble() : throw new ArgumentException($"the golden arguments lack {key}");

    private static bool Flag(JsonElement args, string key) =>
        args.TryGetProperty(key, out var v) ? v.GetBoolean() : throw new ArgumentException($"the golden arguments lack {key}");

    private static double? NumOrNull(JsonElement args, string key) =>
        args.TryGetProperty(key, out var v) ? v.ValueKind == JsonValueKind.Null ? null : v.GetDouble()
            : throw new ArgumentException($"the golden arguments lack {key}");

    /// <summary>
    /// The library's optimizer for a golden case. When the case passed optax only the learning rate, ours gets only
    /// the learning rate too, so its defaults are checked against optax's; otherwise every hyperparameter is passed.
    /// </summary>
    private static GradientTransformation Build(string optimizer, JsonElement args, JsonElement h)
    {
        double lr = Num(args, "learning_rate");
        bool defaults = true;
        foreach (var p in args.EnumerateObject()) defaults &= p.Name == "learning_rate";
        return optimizer switch
        {
            "sgd" when defaults => Optim.Sgd(lr),
            "sgd" => Optim.Sgd(lr, Num(h, "momentum"), Flag(h, "nesterov")),
            "sgd_weight_decay" => Optim.Chain(Optim.AddDecayedWeights(Num(h, "weight_decay")), Optim.Sgd(lr, Num(h, "momentum"))),
            "adam" when defaults => Optim.Adam(lr),
            "adam" => Optim.Adam(lr, Num(h, "b1"), Num(h, "b2"), Num(h, "eps"), Num(h, "eps_root")),
            "adamw" when defaults => Optim.AdamW(lr),
            "adamw" => Optim.AdamW(lr, Num(h, "b1"), Num(h, "b2"), Num(h, "eps"), weightDecay: Num(h, "weight_decay")),
            "adamax" when defaults => Optim.Adamax(lr),
            "adamax" => Optim.Adamax(lr, Num(h, "b1"), Num(h, "b2"), Num(h, "eps")),
            "nadam" when defaults => Optim.Nadam(lr),
            "nadam" => Optim.Nadam(lr, Num(h, "b1"), Num(h, "b2"), Num(h, "eps"), Num(h, "eps_root")),
            "radam" when defaults => Optim.Radam(lr),
            "radam" => Optim.Radam(lr, Num(h, "b1"), Num(h, "b2"), Num(h, "eps"), Num(h, "eps_root"), Num(h, "threshold")),
            "rmsprop" when defaults => Optim.Rmsprop(lr),
            "rmsprop" => Optim.Rmsprop(lr, Num(h, "decay"), Num(h, "eps"), epsInSqrt: Flag(h, "eps_in_sqrt"),
                centered: Flag(h, "centered"), momentum: NumOrNull(h, "momentum")),
            "adagrad" when defaults => Optim.Adagrad(lr),
            "adagrad" => Optim.Adagrad(lr, Num(h, "initial_accumulator_value"), Num(h, "eps")),
            "adadelta" when defaults => Optim.Adadelta(lr),
            "adadelta" => Optim.Adadelta(lr, Num(h, "rho"), Num(h, "eps"), Num(h, "weight_decay")),
            "lamb" when defaults => Optim.Lamb(lr),
            "lamb" => Optim.Lamb(lr, Num(h, "b1"), Num(h, "b2"), Num(h, "eps"), Num(h, "eps_root"), Num(h, "weight_decay")),
            "lion" when defaults => Optim.Lion(lr),
            "lion" => Optim.Lion(lr, Num(h, "b1"), Num(h, "b2"), weightDecay: Num(h, "weight_decay")),
            _ => throw new ArgumentException($"no library optimizer for the golden optimizer {optimizer}"),
        };
    }

    // ------------------------------------------------------------------ the two problems

    private static double[] Flat(JsonElement e)
    {
        var values = new List<double>();
        void Walk(JsonElement x)
        {
            if (x.ValueKind == JsonValueKind.Array) foreach (var y in x.EnumerateArray()) Walk(y);
            else values.Add(x.GetDouble());
        }
        Walk(e);
        return values.ToArray();
    }

    private static NDArray FromJson(JsonElement e, params int[] shape) => Np.FromFlat(Flat(e), shape);

    private static double[] Concat(params NDArray[] leaves)
    {
        var all = new List<double>();
        foreach (var leaf in leaves) all.AddRange(leaf.ToArray<double>());
        return all.ToArray();
    }

    /// <summary>The trajectory of <paramref name="opt"/> from <paramref name="start"/>, eagerly or with one jitted step.</summary>
    private static double[][] Run<T>(Func<T, NDArray> loss, T start, Func<T, double[]> flatten, GradientTransformation opt, int steps, bool jit)
    {
        var grad = Jax.Grad(loss);
        (T, OptState) Step((T P, OptState S) ps)
        {
            var (updates, state) = opt.Update(grad(ps.P), ps.S, ps.P);
            return (Optim.ApplyUpdates(ps.P, updates), state);
        }
        Func<(T, OptState), (T, OptState)> step = jit ? Jax.Jit<(T, OptState), (T, OptState)>(Step) : Step;
        var current = (start, opt.Init(start));
        var path = new double[steps][];
        for (int i = 0; i < steps; i++)
        {
            current = step(current);
            path[i] = flatten(current.Item1);
        }
        return path;
    }

    private static double[][] Trajectory(JsonElement problems, string problem, GradientTransformation opt, int steps, bool jit)
    {
        var p = problems.GetProperty(problem);
        switch (problem)
        {
            case "quadratic":
            {
                var a = FromJson(p.GetProperty("a"), 5);
                var c = FromJson(p.GetProperty("c"), 5);
                return Run(x => 0.5 * Np.Sum(a * Np.Square(x - c)), FromJson(p.GetProperty("x0"), 5), x => x.ToArray<double>(), opt, steps, jit);
            }
            case "mlp":
            {
                var inputs = FromJson(p.GetProperty("inputs"), 6, 3);
                var targets = FromJson(p.GetProperty("targets"), 6, 2);
                var s = p.GetProperty("start");
                var start = new GoldenMlp(FromJson(s.GetProperty("w1"), 3, 4), FromJson(s.GetProperty("b1"), 4),
                    FromJson(s.GetProperty("w2"), 4, 2), FromJson(s.GetProperty("b2"), 2));
                NDArray Loss(GoldenMlp m) =>
                    Np.Mean(Np.Square(Np.Matmul(Np.Tanh(Np.Matmul(inputs, m.W1) + m.B1), m.W2) + m.B2 - targets));
                return Run(Loss, start, m => Concat(m.W1, m.B1, m.W2, m.B2), opt, steps, jit);
            }
            default:
                throw new ArgumentException($"no golden problem {problem}");
        }
    }

    /// <summary>The largest of |actual - expected| / (|expected| + floor) over the trajectory; fails past the tolerance.</summary>
    private static double Compare(string what, JsonElement golden, double[][] actual)
    {
        double worst = 0;
        int step = 0;
        foreach (var row in golden.EnumerateArray())
        {
            var expected = Flat(row);
            Assert.True(expected.Length == actual[step].Length, $"{what}: step {step + 1} has {actual[step].Length} parameters, the golden {expected.Length}");
            for (int i = 0; i < expected.Length; i++)
            {
                double e = expected[i], a = actual[step][i];
                double err = Math.Abs(a - e);
                Assert.True(err <= RelativeTolerance * Math.Abs(e) + AbsoluteTolerance,
                    $"{what}: step {step + 1}, parameter {i}: expected {e:R}, got {a:R} (difference {err:E2})");
                worst = Math.Max(worst, err / (Math.Abs(e) + AbsoluteTolerance / RelativeTolerance));
            }
            step++;
        }
        Assert.True(step == actual.Length, $"{what}: the golden has {step} steps, the run {actual.Length}");
        return worst;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Eager_and_jitted_steps_follow_the_golden_trajectory(string name)
    {
        var c = Case(name);
        int steps = Root.GetProperty("steps").GetInt32();
        var opt = Build(c.GetProperty("optimizer").GetString()!, c.GetProperty("args"), c.GetProperty("hyper"));
        var problems = Root.GetProperty("problems");
        var problem = c.GetProperty("problem").GetString()!;
        var golden = c.GetProperty("trajectory");
        double eager = Compare($"{name} eager", golden, Trajectory(problems, problem, opt, steps, jit: false));
        double jitted = Compare($"{name} jitted", golden, Trajectory(problems, problem, opt, steps, jit: true));
        output.WriteLine($"{name} ({c.GetProperty("source").GetString()}): worst relative difference eager {eager:E2}, jitted {jitted:E2}");
    }

    [Fact]
    public void The_golden_file_covers_every_optimizer_on_both_problems_with_its_source()
    {
        var seen = new HashSet<string>();
        foreach (var c in Root.GetProperty("cases").EnumerateArray())
        {
            var source = c.GetProperty("source").GetString()!;
            Assert.True(source.StartsWith("torch.optim.", StringComparison.Ordinal) || source == "optax equations in numpy", $"{NameOf(c)}: source {source}");
            seen.Add(c.GetProperty("optimizer").GetString() + "/" + c.GetProperty("problem").GetString());
        }
        foreach (var opt in new[] { "sgd", "sgd_weight_decay", "adam", "adamw", "adamax", "nadam", "radam", "rmsprop", "adagrad", "adadelta", "lamb", "lion" })
            foreach (var problem in new[] { "quadratic", "mlp" })
                Assert.Contains($"{opt}/{problem}", seen);
    }
}
