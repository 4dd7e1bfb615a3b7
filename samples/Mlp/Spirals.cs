using System;
using System.Linq;

namespace Functional.AD.Samples.Mlp;

/// <summary>
/// A labelled point set in the plane: <see cref="X"/> is f32[n, 2], <see cref="Y"/> i32[n] with labels
/// 0 .. classes - 1. A positional record is a pytree, so a whole data set can be passed to a jitted function.
/// </summary>
/// <param name="X">The points, f32[n, 2].</param>
/// <param name="Y">The class of each point, i32[n].</param>
public sealed record Dataset(NDArray X, NDArray Y)
{
    /// <summary>Number of points.</summary>
    public int Count => X.Shape[0];

    /// <summary>The points as plain (x, y) pairs, for plotting.</summary>
    public (double X, double Y)[] Points()
    {
        float[] xy = X.ToArray<float>();
        return Enumerable.Range(0, Count).Select(i => ((double)xy[2 * i], (double)xy[2 * i + 1])).ToArray();
    }

    /// <summary>The labels as a plain array, for plotting and counting.</summary>
    public int[] Labels() => Y.ToArray<int>();
}

/// <summary>
/// The K-arm spiral classification problem: class k is an arm winding outwards from the origin, rotated by
/// k / K of a full turn, with Gaussian jitter on the angle. Not linearly separable; a small MLP separates it.
/// </summary>
public static class Spirals
{
    /// <summary>
    /// Generates <paramref name="pointsPerClass"/> points on each of <paramref name="classes"/> arms from its
    /// own seeded generator (so the same seed gives the same data on every machine), shuffles them, and splits
    /// them into a training set of <paramref name="trainFraction"/> of the points and a held-out test set.
    /// </summary>
    /// <param name="classes">Number of arms (classes), at least 2.</param>
    /// <param name="pointsPerClass">Points on each arm.</param>
    /// <param name="turns">How many full turns each arm makes from the centre to the rim.</param>
    /// <param name="noise">Standard deviation of the angular jitter, in radians.</param>
    /// <param name="trainFraction">Share of the points that go into the training set.</param>
    /// <param name="seed">Seed of the generator.</param>
    public static (Dataset Train, Dataset Test) Make(
        int classes, int pointsPerClass, double turns, double noise, double trainFraction, int seed)
    {
        if (classes < 2) throw new ArgumentOutOfRangeException(nameof(classes), "need at least two classes");
        var rng = new System.Random(seed);
        int n = classes * pointsPerClass;
        var xs = new float[n * 2];
        var ys = new int[n];
        for (int k = 0, i = 0; k < classes; k++)
        {
            for (int j = 0; j < pointsPerClass; j++, i++)
            {
                // Radius grows linearly along the arm; the angle grows with the radius (an Archimedean spiral).
                double r = (j + 1.0) / pointsPerClass;
                double angle = 2 * Math.PI * (k / (double)classes + turns * r) + noise * Gaussian(rng);
                xs[2 * i] = (float)(r * Math.Cos(angle));
                xs[2 * i + 1] = (float)(r * Math.Sin(angle));
                ys[i] = k;
            }
        }

        int[] order = Enumerable.Range(0, n).ToArray();
        rng.Shuffle(order);
        int trainCount = (int)Math.Round(trainFraction * n);
        return (Subset(xs, ys, order[..trainCount]), Subset(xs, ys, order[trainCount..]));
    }

    // The rows 'rows' of the generated points, as a new data set (copied on the C# side, before any NDArray exists).
    private static Dataset Subset(float[] xs, int[] ys, int[] rows)
    {
        var x = new float[rows.Length * 2];
        var y = new int[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            x[2 * i] = xs[2 * rows[i]];
            x[2 * i + 1] = xs[2 * rows[i] + 1];
            y[i] = ys[rows[i]];
        }
        return new Dataset(Np.FromFlat(x, new[] { rows.Length, 2 }), Np.FromFlat(y, new[] { rows.Length }));
    }

    /// <summary>A standard normal draw (Box-Muller); <see cref="System.Random"/> has no Gaussian generator of its own.</summary>
    public static double Gaussian(System.Random rng)
    {
        double u1 = 1.0 - rng.NextDouble();   // in (0, 1], so the logarithm is finite
        double u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
