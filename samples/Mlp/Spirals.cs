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
    /// Generates <paramref name="pointsPerClass"/> points on each of <paramref name="classes"/> arms, shuffles them
    /// and splits them into a training set of <paramref name="trainFraction"/> of the points and a held-out test set.
    /// The randomness (the angular jitter and the shuffle) comes from <paramref name="key"/>: the same key gives the
    /// same data on every machine.
    /// </summary>
    /// <param name="key">The random key of the data set; it is split into one key for the jitter and one for the shuffle.</param>
    /// <param name="classes">Number of arms (classes), at least 2.</param>
    /// <param name="pointsPerClass">Points on each arm.</param>
    /// <param name="turns">How many full turns each arm makes from the centre to the rim.</param>
    /// <param name="noise">Standard deviation of the angular jitter, in radians.</param>
    /// <param name="trainFraction">Share of the points that go into the training set.</param>
    public static (Dataset Train, Dataset Test) Make(
        PRNGKey key, int classes, int pointsPerClass, double turns, double noise, double trainFraction)
    {
        if (classes < 2) throw new ArgumentOutOfRangeException(nameof(classes), "need at least two classes");
        var (jitterKey, shuffleKey) = Random.Split(key);
        int n = classes * pointsPerClass;

        // Point i sits at step j = i mod pointsPerClass along arm k = i div pointsPerClass. The radius grows linearly
        // along the arm and the angle with the radius (an Archimedean spiral), plus N(0, noise^2) jitter.
        NDArray index = Np.Arange(0, n, dtype: DType.Float32);
        NDArray arm = Np.Floor(index / pointsPerClass);
        NDArray radius = (index - arm * pointsPerClass + 1.0) / pointsPerClass;
        NDArray angle = 2 * Math.PI * (arm / classes + turns * radius)
                        + noise * Random.Normal(jitterKey, new[] { n }, DType.Float32);
        NDArray points = Np.Stack(new[] { radius * Np.Cos(angle), radius * Np.Sin(angle) }, axis: 1);   // [n, 2]
        NDArray labels = arm.AsType(DType.Int32);

        // One random order of the points: the first trainCount of it train, the rest test.
        NDArray order = Random.Permutation(shuffleKey, n);
        int trainCount = (int)Math.Round(trainFraction * n);
        NDArray trainRows = order[..trainCount], testRows = order[trainCount..];
        return (new Dataset(Np.Take(points, trainRows), Np.Take(labels, trainRows)),
                new Dataset(Np.Take(points, testRows), Np.Take(labels, testRows)));
    }
}
