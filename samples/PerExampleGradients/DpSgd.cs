using System;
using System.Collections.Generic;
using System.Linq;
using static Functional.AD.Jax;

namespace Functional.AD.Samples.PerExampleGradients;

// One DP-SGD step (Abadi et al., "Deep Learning with Differential Privacy", 2016):
//   1. a gradient for every example of the batch separately,
//   2. each one scaled down so its L2 norm (over all parameters together) is at most C,
//   3. the clipped gradients averaged, plus Gaussian noise with standard deviation sigma * C / batch,
//   4. an ordinary SGD step with that noisy average.
// Clipping bounds how much any single example can move the parameters; the noise hides what is left.
internal sealed class DpSgd(double clipNorm, double noiseMultiplier, double learningRate, System.Random noiseRng)
{
    // Grad of the single-example loss with respect to the parameters, vectorized over the examples:
    // axis null = the parameters are shared, axis 0 = the (x, y) pairs are mapped along their first axis.
    // Every leaf of the result has a leading batch axis: W1 is [batch, 2, 32], B2 is [batch, 1], and so on.
    public static readonly Func<Params, (NDArray X, NDArray Y), Params> PerExampleGradients =
        Vmap<Params, (NDArray X, NDArray Y), Params>(Grad<Params, (NDArray X, NDArray Y)>(Model.ExampleLoss), (null, 0));

    public double ClipNorm => clipNorm;

    // L2 norm of each example's whole gradient: every leaf is flattened to [batch, k], squared and summed
    // over k, the per-leaf sums added and square-rooted. Result [batch]. Array ops only, no loop over examples.
    public static NDArray GlobalNorms(Params perExample)
    {
        IReadOnlyList<NDArray> leaves = Tree.Leaves(perExample);
        int batch = leaves[0].Shape[0];
        NDArray squared = leaves
            .Select(leaf => Np.Sum(Np.Square(leaf.Reshape(batch, -1)), axis: 1))
            .Aggregate((a, b) => a + b);
        return Np.Sqrt(squared);
    }

    // Scales example i's gradient (every leaf) by min(1, C / norm_i).
    public Params Clip(Params perExample, NDArray norms)
    {
        // Guard the division: an example with a zero gradient keeps it (factor 1 instead of C / 0).
        NDArray factor = Np.Minimum(1.0, clipNorm / Np.Maximum(norms, 1e-12));   // [batch]
        return Tree.Map(leaf => leaf * factor.Reshape(BatchBroadcastShape(leaf)), perExample);
    }

    // [batch, 1, 1, ...] with as many ones as the leaf has non-batch axes, so the factor broadcasts over them.
    private static int[] BatchBroadcastShape(NDArray leaf) =>
        new[] { leaf.Shape[0] }.Concat(Enumerable.Repeat(1, leaf.Rank - 1)).ToArray();

    // Mean over the batch axis plus N(0, (sigma C / batch)^2) noise on every coordinate.
    public Params NoisyMean(Params clipped)
    {
        int batch = Tree.Leaves(clipped)[0].Shape[0];
        double std = noiseMultiplier * clipNorm / batch;
        return Tree.Map(leaf =>
        {
            int[] shape = leaf.Shape.Skip(1).ToArray();
            return Np.Mean(leaf, axis: 0) + std * Moons.Normal(shape, noiseRng);
        }, clipped);
    }

    public readonly record struct StepInfo(double MeanNorm, double FractionClipped);

    public (Params Params, StepInfo Info) Step(Params p, Dataset batch)
    {
        Params perExample = PerExampleGradients(p, (batch.X, batch.Y));
        NDArray norms = GlobalNorms(perExample);
        Params update = NoisyMean(Clip(perExample, norms));
        Params next = Tree.Map((w, g) => w - learningRate * g, p, update);
        var info = new StepInfo(
            (double)Np.Mean(norms),
            (double)Np.Mean((norms > clipNorm).AsType(DType.Float64)));
        return (next, info);
    }
}
