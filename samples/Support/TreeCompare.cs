using System.Linq;

namespace Functional.AD.Samples.Support;

/// <summary>Element-wise comparisons of two pytrees of the same structure (gradients, parameter sets).</summary>
public static class TreeCompare
{
    /// <summary>The largest |a - b| over all corresponding elements of all leaves.</summary>
    /// <typeparam name="T">The pytree type.</typeparam>
    /// <param name="a">First tree.</param>
    /// <param name="b">Second tree, same structure and shapes.</param>
    public static double MaxAbsDiff<T>(T a, T b) =>
        Tree.Leaves(a).Zip(Tree.Leaves(b), (x, y) => (double)Np.Max(Np.Abs(x - y))).Max();

    /// <summary>The largest |a| over all elements of all leaves.</summary>
    /// <typeparam name="T">The pytree type.</typeparam>
    /// <param name="a">The tree.</param>
    public static double MaxAbs<T>(T a) => Tree.Leaves(a).Max(x => (double)Np.Max(Np.Abs(x)));
}
