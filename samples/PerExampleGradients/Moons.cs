using System;

namespace Functional.AD.Samples.PerExampleGradients;

// A labelled dataset: X is [n, 2] (points in the plane), Y is [n] with labels 0.0 or 1.0.
public sealed record Dataset(NDArray X, NDArray Y)
{
    public int Count => X.Shape[0];
}

internal static class Moons
{
    // Two interleaving half circles ("moons") with Gaussian jitter, shifted so the cloud is roughly centred
    // at the origin. Class 0 is the upper arc, class 1 the lower one; the classes alternate in the output.
    public static Dataset Make(int count, double noise, System.Random rng)
    {
        var xs = new double[count * 2];
        var ys = new double[count];
        for (int i = 0; i < count; i++)
        {
            int label = i % 2;
            double t = Math.PI * rng.NextDouble();
            double px = label == 0 ? Math.Cos(t) : 1.0 - Math.Cos(t);
            double py = label == 0 ? Math.Sin(t) : 0.5 - Math.Sin(t);
            xs[2 * i] = px - 0.5 + noise * Gaussian(rng);
            xs[2 * i + 1] = py - 0.25 + noise * Gaussian(rng);
            ys[i] = label;
        }
        return new Dataset(Np.FromFlat(xs, new[] { count, 2 }), Np.FromFlat(ys, new[] { count }));
    }

    // Standard normal sample (Box-Muller); System.Random has no Gaussian generator of its own.
    public static double Gaussian(System.Random rng)
    {
        double u1 = 1.0 - rng.NextDouble();   // in (0, 1], so the logarithm is finite
        double u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    // An array of the given shape filled with independent N(0, 1) draws.
    public static NDArray Normal(int[] shape, System.Random rng)
    {
        int size = 1;
        foreach (int d in shape) size *= d;
        var data = new double[size];
        for (int i = 0; i < size; i++) data[i] = Gaussian(rng);
        return Np.FromFlat(data, shape);
    }

    // A subset of the rows, in the given order (used to cut shuffled mini-batches).
    public static Dataset Rows(Dataset data, int[] indices)
    {
        NDArray idx = Np.Array(indices);
        return new Dataset(Np.Take(data.X, idx), Np.Take(data.Y, idx));
    }
}
