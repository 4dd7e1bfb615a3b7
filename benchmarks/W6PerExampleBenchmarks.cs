using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;

namespace Functional.AD.Benchmarks;

/// W6 (BENCHMARKS.md): per-example gradients, batch 256, f32, as ../shared/bench-ref/w6_per_example.py
/// measures them. Two models with a squared-error loss:
///   mlp:    64 -> 128 (tanh) -> 1, params W1[64,128], b1[128], W2[128,1], b2[1]
///   linreg: 64 -> 1, params w[64], b[] (0-d)
/// Variants (the reference's names in brackets):
///   VmapGrad   Vmap over Grad, params unmapped, (x, y) mapped on axis 0      [functorch-vmap-grad]
///   Loop       a C# loop of Grad over the 256 examples, stacked per param     [python-loop]
///   FullBatch  Grad of the mean loss over the whole batch                     [full-batch-grad]
/// The transforms are applied inside the timed body, as a user calling Vmap(Grad(loss))(p, data) would
/// (building them only allocates closures; functorch builds its vmap once, which costs it nothing either).
public class W6PerExampleBenchmarks : ThreadedBenchmark
{
    public const int B = 256, DIn = 64, DH = 128;

    /// MLP parameters: a positional record is a pytree (children W1, B1, W2, B2 in this order).
    public sealed record MlpParams(NDArray W1, NDArray B1, NDArray W2, NDArray B2);

    /// Linear regression parameters, b is a 0-d array.
    public sealed record LinParams(NDArray W, NDArray B);

    [Params("mlp", "linreg")]
    public string Model { get; set; } = "mlp";

    private MlpParams mlp = null!;
    private LinParams lin = null!;
    private NDArray x = null!, y = null!;

    /// Per-example loss for x[64], y[] and the batch loss for x[B,64], y[B] alike, as in the python script:
    /// mean(((tanh(x @ W1 + b1) @ W2 + b2).squeeze(-1) - y)^2).
    public static NDArray MlpLoss(MlpParams p, (NDArray X, NDArray Y) d)
    {
        var h = Np.Tanh(Np.Matmul(d.X, p.W1) + p.B1);
        var o = Np.Squeeze(Np.Matmul(h, p.W2) + p.B2, -1);
        return Np.Mean(Np.Square(o - d.Y));
    }

    /// mean((x @ w + b - y)^2), per example and per batch alike.
    public static NDArray LinLoss(LinParams p, (NDArray X, NDArray Y) d) =>
        Np.Mean(Np.Square(Np.Matmul(d.X, p.W) + p.B - d.Y));

    // ---------------------------------------------------------------------------- the variants
    public static P VmapGrad<P>(Func<P, (NDArray X, NDArray Y), NDArray> loss, P p, NDArray x, NDArray y) =>
        Jax.Vmap((P q, (NDArray X, NDArray Y) d) => Jax.Grad(loss)(q, d), (null, 0))(p, (x, y));

    public static P LoopGrad<P>(Func<P, (NDArray X, NDArray Y), NDArray> loss, P p, NDArray x, NDArray y)
    {
        var grad = Jax.Grad(loss);
        var gs = new P[x.Shape[0]];
        for (int i = 0; i < gs.Length; i++) gs[i] = grad(p, (x[i], y[i]));
        return StackTrees(gs);
    }

    public static P FullBatchGrad<P>(Func<P, (NDArray X, NDArray Y), NDArray> loss, P p, NDArray x, NDArray y) =>
        Jax.Grad(loss)(p, (x, y));

    /// torch.stack per parameter: leaf i of the result is Np.Stack of leaf i of every tree.
    private static P StackTrees<P>(P[] trees)
    {
        var (first, def) = Tree.Flatten(trees[0]);
        var columns = new NDArray[first.Count][];
        for (int l = 0; l < columns.Length; l++) columns[l] = new NDArray[trees.Length];
        for (int i = 0; i < trees.Length; i++)
        {
            var leaves = i == 0 ? first : Tree.Leaves(trees[i]);
            for (int l = 0; l < columns.Length; l++) columns[l][i] = leaves[l];
        }
        var stacked = new NDArray[columns.Length];
        for (int l = 0; l < stacked.Length; l++) stacked[l] = Np.Stack(columns[l]);
        return def.Unflatten<P>(stacked);
    }

    // ---------------------------------------------------------------------------- setup and checks
    [GlobalSetup]
    public void Setup()
    {
        ApplyThreads();
        var rng = new System.Random(0);
        x = Normal(rng, 1.0, B, DIn);
        y = Normal(rng, 1.0, B);
        mlp = new MlpParams(
            Normal(rng, 1 / Math.Sqrt(DIn), DIn, DH), Np.Zeros(new[] { DH }, DType.Float32),
            Normal(rng, 1 / Math.Sqrt(DH), DH, 1), Np.Zeros(new[] { 1 }, DType.Float32));
        lin = new LinParams(Normal(rng, 1 / Math.Sqrt(DIn), DIn), Np.Zeros(Array.Empty<int>(), DType.Float32));

        if (Model == "mlp") Check(MlpLoss, mlp);
        else if (Model == "linreg") Check(LinLoss, lin);
        else throw new InvalidOperationException($"W6: unknown model '{Model}'");
        WarmUp();
    }

    /// As the python script: the vmapped per-example gradients equal the loop's, and their batch mean
    /// equals the full-batch gradient (|a - b| ≤ 1e-5 + 1e-5 |b|, torch.allclose(atol=1e-5)); shapes and
    /// dtypes are checked too, and the loss value against a plain double computation.
    private void Check<P>(Func<P, (NDArray X, NDArray Y), NDArray> loss, P p)
    {
        var pe = Tree.Leaves(VmapGrad(loss, p, x, y));
        var lp = Tree.Leaves(LoopGrad(loss, p, x, y));
        var fb = Tree.Leaves(FullBatchGrad(loss, p, x, y));
        var ps = Tree.Leaves(p);
        for (int l = 0; l < ps.Count; l++)
        {
            string what = $"W6 {Model} leaf {l} ({ps[l].Type})";
            var expected = new List<int> { B };
            expected.AddRange(ps[l].Shape);
            if (pe[l].DType != DType.Float32 || !pe[l].Shape.Equals(new Shape(expected.ToArray())))
                throw new InvalidOperationException($"{what}: per-example gradient is {pe[l].Type}");
            if (!lp[l].Shape.Equals(pe[l].Shape) || !fb[l].Shape.Equals(ps[l].Shape))
                throw new InvalidOperationException($"{what}: loop gradient {lp[l].Type}, full-batch {fb[l].Type}");
            AllClose(pe[l].ToArray<double>(), lp[l].ToArray<double>(), 1e-5, $"{what}: Vmap(Grad) vs loop");
            AllClose(Np.Mean(pe[l], 0).ToArray<double>(), fb[l].ToArray<double>(), 1e-5, $"{what}: mean of Vmap(Grad) vs full batch");
        }
        // the loss itself, against doubles (guards against two wrong-but-consistent gradients)
        double value = (double)loss(p, (x, y)), expectedLoss = ReferenceLoss();
        if (Math.Abs(value - expectedLoss) > 1e-4 * Math.Max(1, Math.Abs(expectedLoss)))
            throw new InvalidOperationException($"W6 {Model}: batch loss {value}, expected {expectedLoss}");
    }

    private double ReferenceLoss()
    {
        var xs = x.ToArray<double>();
        var ys = y.ToArray<double>();
        var w1 = mlp.W1.ToArray<double>();
        var w2 = mlp.W2.ToArray<double>();
        var w = lin.W.ToArray<double>();
        double sum = 0;
        for (int n = 0; n < B; n++)
        {
            double o;
            if (Model == "mlp")
            {
                o = 0;
                for (int j = 0; j < DH; j++)
                {
                    double a = 0;
                    for (int k = 0; k < DIn; k++) a += xs[n * DIn + k] * w1[k * DH + j];
                    o += Math.Tanh(a) * w2[j];   // b1 = b2 = 0
                }
            }
            else
            {
                o = 0;
                for (int k = 0; k < DIn; k++) o += xs[n * DIn + k] * w[k];
            }
            sum += (o - ys[n]) * (o - ys[n]);
        }
        return sum / B;
    }

    private static void AllClose(double[] a, double[] b, double atol, string what)
    {
        if (a.Length != b.Length) throw new InvalidOperationException($"{what}: {a.Length} vs {b.Length} elements");
        for (int i = 0; i < a.Length; i++)
            if (!(Math.Abs(a[i] - b[i]) <= atol + 1e-5 * Math.Abs(b[i])))
                throw new InvalidOperationException($"{what}: element {i} is {a[i]}, expected {b[i]}");
    }

    /// f32 array of standard normals (Box-Muller on a seeded System.Random) times scale.
    internal static NDArray Normal(System.Random rng, double scale, params int[] shape)
    {
        int n = 1;
        foreach (int d in shape) n *= d;
        var data = new float[n];
        for (int i = 0; i < n; i++) data[i] = (float)(scale * StandardNormal(rng));
        return Np.FromFlat(data, shape);
    }

    internal static double StandardNormal(System.Random rng)
    {
        double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();   // u1 in (0, 1]
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    // ---------------------------------------------------------------------------- benchmarks
    /// Vmap(Grad(loss)) with params unmapped: compare with functorch-vmap-grad.
    [Benchmark]
    public object VmapGrad() => Model == "mlp" ? VmapGrad<MlpParams>(MlpLoss, mlp, x, y) : VmapGrad<LinParams>(LinLoss, lin, x, y);

    /// A C# loop of Grad over the 256 examples, stacked: compare with python-loop (context).
    [Benchmark]
    public object Loop() => Model == "mlp" ? LoopGrad<MlpParams>(MlpLoss, mlp, x, y) : LoopGrad<LinParams>(LinLoss, lin, x, y);

    /// Grad of the mean loss over the batch: the yardstick for VmapGrad (target ≤ 4x) and full-batch-grad.
    [Benchmark]
    public object FullBatch() => Model == "mlp" ? FullBatchGrad<MlpParams>(MlpLoss, mlp, x, y) : FullBatchGrad<LinParams>(LinLoss, lin, x, y);
}
