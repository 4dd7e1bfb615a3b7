using System;
using BenchmarkDotNet.Attributes;

namespace Functional.AD.Benchmarks;

/// W3 (BENCHMARKS.md): one training step of the MLP of ../shared/bench-ref/w3_mlp.py, f32:
/// 784 -> 512 (tanh) -> 512 (tanh) -> 10, batch 128, layer = h @ W + b with W stored [in, out],
/// W ~ normal / sqrt(in), b = 0, x ~ normal[128, 784], integer labels y in [0, 10),
/// loss = mean(logsumexp(o, 1) - o[n, y[n]]) (softmax cross-entropy), SGD with lr = 0.01.
/// The label logit is picked with a one-hot mask built from the i32 labels inside the loss
/// (`Nn.OneHot(y, 10) * o` summed over the classes), as torch.gather does inside its loss.
///
/// Variants (reference impl in brackets):
///   Forward              eager loss                                           [torch-fwd, no_grad]
///   JitForward           Jit(loss)                                            [torch-fwd]
///   ValueAndGrad         eager ValueAndGrad(loss) w.r.t. the 6 parameters     [torch-fwd-bwd, functorch-grad]
///   JitValueAndGrad      Jit(ValueAndGrad(loss))                              [torch-fwd-bwd, functorch-grad]
///   EagerSgdStep         eager ValueAndGrad + p - lr g per parameter          [torch-step-sgd]
///   JitSgdStep           Jit of the whole step (loss, new params) = step(p, batch), the way a JAX user
///                        writes a training step; params are replaced by the result  [torch-step-sgd]
/// The step benchmarks carry their parameters from call to call, as torch's in-place update does.
public class W3MlpBenchmarks : ThreadedBenchmark
{
    public const int Batch = 128, In = 784, Hidden = 512, Classes = 10;
    public const float LearningRate = 0.01f;

    /// The six parameters, a positional record (pytree).
    public sealed record Mlp(NDArray W1, NDArray B1, NDArray W2, NDArray B2, NDArray W3, NDArray B3);

    /// The batch: x f32[128, 784], labels i32[128].
    public sealed record Data(NDArray X, NDArray Y);

    public static NDArray Loss(Mlp p, Data d)
    {
        var h = Np.Tanh(Np.Matmul(d.X, p.W1) + p.B1);
        h = Np.Tanh(Np.Matmul(h, p.W2) + p.B2);
        var o = Np.Matmul(h, p.W3) + p.B3;
        var lse = Nn.LogSumExp(o, 1);
        var picked = Np.Sum(o * Nn.OneHot(d.Y, Classes, DType.Float32), 1);
        return Np.Mean(lse - picked);
    }

    public static Mlp Sgd(Mlp p, Mlp g) => new(
        p.W1 - LearningRate * g.W1, p.B1 - LearningRate * g.B1,
        p.W2 - LearningRate * g.W2, p.B2 - LearningRate * g.B2,
        p.W3 - LearningRate * g.W3, p.B3 - LearningRate * g.B3);

    public static (NDArray Loss, Mlp Params) Step(Mlp p, Data d)
    {
        var (loss, g) = Jax.ValueAndGrad<Mlp, Data>(Loss)(p, d);
        return (loss, Sgd(p, g));
    }

    private Mlp p0 = null!, stepParams = null!;
    private Data data = null!;
    private Func<Mlp, Data, NDArray> jitLoss = null!;
    private Func<Mlp, Data, (NDArray Value, Mlp Grad)> jitValueAndGrad = null!;
    private Func<Mlp, Data, (NDArray Loss, Mlp Params)> jitStep = null!;

    [GlobalSetup]
    public void Setup()
    {
        ApplyThreads();
        var (p, d) = MakeProblem();
        p0 = p;
        data = d;
        // built per case (after ApplyThreads), so each thread count compiles its own programs
        jitLoss = Jax.Jit<Mlp, Data, NDArray>(Loss);
        jitValueAndGrad = Jax.Jit<Mlp, Data, (NDArray Value, Mlp Grad)>(Jax.ValueAndGrad<Mlp, Data>(Loss));
        jitStep = Jax.Jit<Mlp, Data, (NDArray Loss, Mlp Params)>(Step);
        Check();
        stepParams = p0;
        WarmUp();
        stepParams = p0;   // the step benchmarks start from the initial parameters
    }

    internal static (Mlp, Data) MakeProblem()
    {
        var rng = new System.Random(0);
        var p = new Mlp(
            W6PerExampleBenchmarks.Normal(rng, 1 / Math.Sqrt(In), In, Hidden), Np.Zeros(new[] { Hidden }, DType.Float32),
            W6PerExampleBenchmarks.Normal(rng, 1 / Math.Sqrt(Hidden), Hidden, Hidden), Np.Zeros(new[] { Hidden }, DType.Float32),
            W6PerExampleBenchmarks.Normal(rng, 1 / Math.Sqrt(Hidden), Hidden, Classes), Np.Zeros(new[] { Classes }, DType.Float32));
        var x = W6PerExampleBenchmarks.Normal(rng, 1.0, Batch, In);
        var labels = new int[Batch];
        for (int i = 0; i < Batch; i++) labels[i] = rng.Next(Classes);
        return (p, new Data(x, Np.FromFlat(labels, new[] { Batch })));
    }

    // ---------------------------------------------------------------------------- checks
    private static (double Loss, double[][] Grad)? reference;

    /// Loss and gradients of every variant against a hand-written double-precision forward and backward
    /// pass; the jitted step's new parameters against p - lr g of that reference.
    private void Check()
    {
        reference ??= ReferenceLossAndGrad(p0, data);
        var (refLoss, refGrad) = reference.Value;
        const double lossTol = 1e-5;

        void CheckLoss(string what, NDArray loss)
        {
            if (loss.DType != DType.Float32 || loss.Rank != 0)
                throw new InvalidOperationException($"W3 {what}: loss is {loss.Type}, expected f32[]");
            double v = (double)loss;
            if (!(Math.Abs(v - refLoss) <= lossTol * Math.Max(1, Math.Abs(refLoss))))
                throw new InvalidOperationException($"W3 {what} (threads {Threads}): loss {v}, expected {refLoss}");
        }

        void CheckGrad(string what, Mlp g)
        {
            var leaves = Tree.Leaves(g);
            var ps = Tree.Leaves(p0);
            for (int l = 0; l < 6; l++)
            {
                if (leaves[l].DType != DType.Float32 || !leaves[l].Shape.Equals(ps[l].Shape))
                    throw new InvalidOperationException($"W3 {what}: gradient leaf {l} is {leaves[l].Type}, expected {ps[l].Type}");
                AllClose(leaves[l].ToArray<double>(), refGrad[l], $"W3 {what} (threads {Threads}) gradient leaf {l}");
            }
        }

        CheckLoss("Forward", Forward());
        CheckLoss("JitForward", JitForward());
        var (v1, g1) = ValueAndGrad();
        CheckLoss("ValueAndGrad", v1);
        CheckGrad("ValueAndGrad", g1);
        var (v2, g2) = JitValueAndGrad();
        CheckLoss("JitValueAndGrad", v2);
        CheckGrad("JitValueAndGrad", g2);

        var expectedNext = new double[6][];
        var leaves0 = Tree.Leaves(p0);
        for (int l = 0; l < 6; l++)
        {
            var w = leaves0[l].ToArray<double>();
            expectedNext[l] = new double[w.Length];
            for (int i = 0; i < w.Length; i++) expectedNext[l][i] = w[i] - LearningRate * refGrad[l][i];
        }
        foreach (var (what, step) in new (string, Func<Mlp, Data, (NDArray, Mlp)>)[] { ("EagerSgdStep", Step), ("JitSgdStep", jitStep) })
        {
            var (loss, next) = step(p0, data);
            CheckLoss(what, loss);
            var nl = Tree.Leaves(next);
            for (int l = 0; l < 6; l++)
                AllClose(nl[l].ToArray<double>(), expectedNext[l], $"W3 {what} (threads {Threads}) new parameter {l}");
        }
    }

    /// |a - b| ≤ 1e-4 max|b| + 1e-3 |b|: f32 sums of 128-784 products against doubles.
    private static void AllClose(double[] a, double[] b, string what)
    {
        if (a.Length != b.Length) throw new InvalidOperationException($"{what}: {a.Length} vs {b.Length} elements");
        double max = 0;
        foreach (var v in b) max = Math.Max(max, Math.Abs(v));
        for (int i = 0; i < a.Length; i++)
            if (!(Math.Abs(a[i] - b[i]) <= 1e-4 * max + 1e-3 * Math.Abs(b[i])))
                throw new InvalidOperationException($"{what}: element {i} is {a[i]}, expected {b[i]} (max |expected| {max})");
    }

    /// Forward and backward by hand in doubles: returns the loss and the gradients of W1, b1, W2, b2, W3, b3.
    private static (double, double[][]) ReferenceLossAndGrad(Mlp p, Data d)
    {
        var ps = Tree.Leaves(p);
        double[] w1 = ps[0].ToArray<double>(), b1 = ps[1].ToArray<double>(), w2 = ps[2].ToArray<double>(),
                 b2 = ps[3].ToArray<double>(), w3 = ps[4].ToArray<double>(), b3 = ps[5].ToArray<double>();
        double[] x = d.X.ToArray<double>();
        int[] y = d.Y.ToArray<int>();
        int B = Batch;
        var h1 = Dense(x, w1, b1, B, In, Hidden, tanh: true);
        var h2 = Dense(h1, w2, b2, B, Hidden, Hidden, tanh: true);
        var o = Dense(h2, w3, b3, B, Hidden, Classes, tanh: false);

        double loss = 0;
        var dO = new double[B * Classes];
        for (int n = 0; n < B; n++)
        {
            double max = double.NegativeInfinity;
            for (int k = 0; k < Classes; k++) max = Math.Max(max, o[n * Classes + k]);
            double s = 0;
            for (int k = 0; k < Classes; k++) s += Math.Exp(o[n * Classes + k] - max);
            loss += Math.Log(s) + max - o[n * Classes + y[n]];
            for (int k = 0; k < Classes; k++)
                dO[n * Classes + k] = (Math.Exp(o[n * Classes + k] - max) / s - (k == y[n] ? 1 : 0)) / B;
        }
        loss /= B;

        var (dW3, db3, dH2) = DenseBack(h2, w3, dO, B, Hidden, Classes, needInput: true);
        for (int i = 0; i < dH2!.Length; i++) dH2[i] *= 1 - h2[i] * h2[i];
        var (dW2, db2, dH1) = DenseBack(h1, w2, dH2, B, Hidden, Hidden, needInput: true);
        for (int i = 0; i < dH1!.Length; i++) dH1[i] *= 1 - h1[i] * h1[i];
        var (dW1, db1, _) = DenseBack(x, w1, dH1, B, In, Hidden, needInput: false);
        return (loss, new[] { dW1, db1, dW2, db2, dW3, db3 });
    }

    private static double[] Dense(double[] x, double[] w, double[] b, int rows, int nin, int nout, bool tanh)
    {
        var y = new double[rows * nout];
        for (int n = 0; n < rows; n++)
        {
            var acc = new double[nout];
            Array.Copy(b, acc, nout);
            for (int i = 0; i < nin; i++)
            {
                double xv = x[n * nin + i];
                for (int j = 0; j < nout; j++) acc[j] += xv * w[i * nout + j];
            }
            for (int j = 0; j < nout; j++) y[n * nout + j] = tanh ? Math.Tanh(acc[j]) : acc[j];
        }
        return y;
    }

    /// Given dY of y = x @ w + b: dW = x^T dY, db = sum_n dY, dX = dY w^T.
    private static (double[], double[], double[]?) DenseBack(double[] x, double[] w, double[] dy, int rows, int nin, int nout, bool needInput)
    {
        var dw = new double[nin * nout];
        var db = new double[nout];
        var dx = needInput ? new double[rows * nin] : null;
        for (int n = 0; n < rows; n++)
        {
            for (int j = 0; j < nout; j++) db[j] += dy[n * nout + j];
            for (int i = 0; i < nin; i++)
            {
                double xv = x[n * nin + i], s = 0;
                for (int j = 0; j < nout; j++)
                {
                    double g = dy[n * nout + j];
                    dw[i * nout + j] += xv * g;
                    s += g * w[i * nout + j];
                }
                if (dx != null) dx[n * nin + i] = s;
            }
        }
        return (dw, db, dx);
    }

    // ---------------------------------------------------------------------------- benchmarks
    /// Eager loss (no tape): compare with torch-fwd (no_grad).
    [Benchmark]
    public NDArray Forward() => Loss(p0, data);

    /// Jit(loss): compare with torch-fwd.
    [Benchmark]
    public NDArray JitForward() => jitLoss(p0, data);

    /// Eager ValueAndGrad(loss) w.r.t. the parameters: compare with torch-fwd-bwd and functorch-grad.
    [Benchmark]
    public (NDArray Value, Mlp Grad) ValueAndGrad() => Jax.ValueAndGrad<Mlp, Data>(Loss)(p0, data);

    /// Jit(ValueAndGrad(loss)): compare with torch-fwd-bwd and functorch-grad.
    [Benchmark]
    public (NDArray Value, Mlp Grad) JitValueAndGrad() => jitValueAndGrad(p0, data);

    /// Eager step: ValueAndGrad, then p - lr g per parameter; compare with torch-step-sgd.
    [Benchmark]
    public NDArray EagerSgdStep()
    {
        var (loss, next) = Step(stepParams, data);
        stepParams = next;
        return loss;
    }

    /// The jitted training step (loss, p - lr grad): compare with torch-step-sgd (target ≤ 0.9x).
    [Benchmark]
    public NDArray JitSgdStep()
    {
        var (loss, next) = jitStep(stepParams, data);
        stepParams = next;
        return loss;
    }
}
