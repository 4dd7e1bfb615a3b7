using System;

namespace Functional.AD.Samples.PerExampleGradients;

// A labelled dataset: X is [n, 2] (points in the plane), Y is [n] with labels 0.0 or 1.0.
public sealed record Dataset(NDArray X, NDArray Y)
{
    public int Count => X.Shape[0];
}

internal static class Moons
{
    // Two interleaving half circles ("moons") with N(0, noise^2) jitter on both coordinates, shifted so the cloud
    // is roughly centred at the origin. Class 0 is the upper arc, class 1 the lower one; the classes alternate.
    // The position along the arc and the jitter come from two keys split from 'key'.
    public static Dataset Make(PRNGKey key, int count, double noise)
    {
        var (arcKey, jitterKey) = Random.Split(key);
        NDArray label = Np.Mod(Np.Arange(0, count, dtype: DType.Float64), Np.Scalar(2.0));   // 0, 1, 0, 1, ...
        NDArray t = Math.PI * Random.Uniform(arcKey, new[] { count }, DType.Float64);   // position on the arc
        NDArray sign = 1.0 - 2.0 * label;                                               // +1 upper arc, -1 lower arc
        // Upper arc (cos t, sin t); lower arc (1 - cos t, 0.5 - sin t), then the shift by (-0.5, -0.25).
        NDArray px = label + sign * Np.Cos(t) - 0.5;
        NDArray py = 0.5 * label + sign * Np.Sin(t) - 0.25;
        NDArray jitter = noise * Random.Normal(jitterKey, new[] { count, 2 }, DType.Float64);
        return new Dataset(Np.Stack(new[] { px, py }, axis: 1) + jitter, label);
    }

    // The rows 'indices' (an i32 vector) of the data, in that order: a mini-batch cut from a shuffled order.
    public static Dataset Rows(Dataset data, NDArray indices) => new(Np.Take(data.X, indices), Np.Take(data.Y, indices));
}
