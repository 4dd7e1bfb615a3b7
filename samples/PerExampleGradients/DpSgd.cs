using System;
using System.Collections.Generic;
using System.Linq;
using static Functional.AD.Jax;

namespace Functional.AD.Samples.PerExampleGradients;

// One DP-SGD step (Abadi et al., "Deep Learning with Differential Privacy", 2016):
//   1. a gradient for every example of the batch separately,
//   2. each one scaled down so its L2 norm (over all parameters together) is at most C,
//   3. the clipped gradients averaged, plus Gaussian noise with standard deviation sigma * C / batch,
//   4. the optimizer's update (here Optim.Sgd) with that noisy average in place of the gradient.
// Clipping bounds how much any single example can move the parameters; the noise hides what is left. Steps 1-3
// are written out because the clipping is per example (Optim.ClipByGlobalNorm would clip the batch's average);
// step 4 is whatever GradientTransformation the caller chose.
internal sealed class DpSgd(double clipNorm, double noiseMultiplier, GradientTransformation optimizer)
{
    // Grad of the single-example loss with respect to the parameters, vectorized over the examples:
    // axis null = the parameters are shared, axis 0 = the (x, y) pairs are mapped along their first axis.
    // Every leaf of the result has a leading batch axis: W1 is [batch, 2, 32], B2 is [batch, 1], and so on.
    public static readonly Func<Params, (NDArray X, NDArray Y), Params> PerExampleGradients =
        Vmap<Params, (NDArray X, NDArray Y), Params>(Grad<Params, (NDArray X, NDArray Y)>(Model.ExampleLoss), (null, 0));

    public OptState Init(Params p) => optimizer.Init(p);

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

    // Mean over the batch axis plus N(0, (sigma C / batch)^2) noise on every coordinate; each leaf's noise comes
    // from its own key, split from 'key'.
    public Params NoisyMean(Params clipped, PRNGKey key)
    {
        var (leaves, def) = Tree.Flatten(clipped);
        int batch = leaves[0].Shape[0];
        double std = noiseMultiplier * clipNorm / batch;
        PRNGKey keys = Random.Split(key, leaves.Count);
        return def.Unflatten<Params>(leaves.Select((leaf, i) =>
            Np.Mean(leaf, axis: 0) + std * Random.Normal(keys[i], leaf.Shape.Skip(1).ToArray(), leaf.DType)));
    }

    public readonly record struct StepInfo(double MeanNorm, double FractionClipped);

    // A pure step: the same parameters, state, batch and key always give the same result.
    public (Params Params, OptState State, StepInfo Info) Step(Params p, OptState state, Dataset batch, PRNGKey noiseKey)
    {
        Params perExample = PerExampleGradients(p, (batch.X, batch.Y));
        NDArray norms = GlobalNorms(perExample);
        Params noisyGradient = NoisyMean(Clip(perExample, norms), noiseKey);
        var (updates, next) = optimizer.Update(noisyGradient, state, p);
        var info = new StepInfo(
            (double)Np.Mean(norms),
            (double)Np.Mean((norms > clipNorm).AsType(DType.Float64)));
        return (Optim.ApplyUpdates(p, updates), next, info);
    }
}
