using System;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;

namespace Functional.AD.Properties.Primitives;

/// <summary>FsCheck generators for shapes and arrays: 0-d, size-1, size-0 and broadcasting shapes included.</summary>
public static class Generators
{
    /// <summary>A shape of rank 0..maxRank with axis sizes 1..maxDim, sometimes 0 when <paramref name="allowEmpty"/>.</summary>
    public static Gen<int[]> Shape(int maxRank = 3, int maxDim = 4, bool allowEmpty = false) =>
        from rank in Gen.Choose(0, maxRank)
        from dims in Gen.ArrayOf(Dim(maxDim, allowEmpty), rank)
        select dims;

    /// <summary>A shape of exactly the given rank.</summary>
    public static Gen<int[]> ShapeOfRank(int rank, int maxDim = 4, bool allowEmpty = false) => Gen.ArrayOf(Dim(maxDim, allowEmpty), rank);

    private static Gen<int> Dim(int maxDim, bool allowEmpty) =>
        allowEmpty ? Gen.Frequency((1, Gen.Constant(0)), (8, Gen.Choose(1, maxDim))) : Gen.Choose(1, maxDim);

    /// <summary>A double uniform in [lo, hi].</summary>
    public static Gen<double> Uniform(double lo, double hi) => Gen.Choose(0, 1 << 30).Select(i => lo + (hi - lo) * i / (double)(1 << 30));

    /// <summary>A value whose magnitude is in [lo, hi] with a random sign.</summary>
    public static Gen<double> AwayFromZero(double lo, double hi) =>
        from m in Uniform(lo, hi)
        from s in Gen.Elements(-1.0, 1.0)
        select m * s;

    /// <summary>An f64 array of the shape with values from <paramref name="values"/>.</summary>
    public static Gen<NDArray> Array(int[] shape, Gen<double> values) =>
        Gen.ArrayOf(values, shape.Aggregate(1, (a, b) => a * b)).Select(d => Np.FromFlat(d, shape));

    /// <summary>An f64 array of the shape whose elements are pairwise at least spread/size apart (no ties: max, min and argmax are differentiable).</summary>
    public static Gen<NDArray> Distinct(int[] shape, double spread = 3)
    {
        int n = shape.Aggregate(1, (a, b) => a * b);
        double step = spread / Math.Max(n, 1);
        return from perm in Gen.Shuffle(Enumerable.Range(0, n).ToArray())
               from shift in Uniform(-spread / 2, 0)
               select Np.FromFlat(perm.Select(p => shift + p * step).ToArray(), shape);
    }

    /// <summary>A bool array of the shape.</summary>
    public static Gen<NDArray> Bools(int[] shape) =>
        Gen.ArrayOf(Gen.Elements(true, false), shape.Aggregate(1, (a, b) => a * b)).Select(d => Np.FromFlat(d, shape));

    /// <summary>An i32 array of the shape with values in [lo, hi].</summary>
    public static Gen<NDArray> Ints(int[] shape, int lo, int hi) =>
        Gen.ArrayOf(Gen.Choose(lo, hi), shape.Aggregate(1, (a, b) => a * b)).Select(d => Np.FromFlat(d, shape));

    /// <summary>Two shapes for a binary lax op: equal, or one of them 0-d.</summary>
    public static Gen<(int[] A, int[] B)> BinaryShapes(bool allowEmpty = false) =>
        from s in Shape(allowEmpty: allowEmpty)
        from which in Gen.Choose(0, 3)
        select which switch { 1 => (s, System.Array.Empty<int>()), 2 => (System.Array.Empty<int>(), s), _ => (s, s) };

    /// <summary>Two numpy-broadcastable shapes (size-1 axes and missing leading axes).</summary>
    public static Gen<(int[] A, int[] B)> BroadcastPair() =>
        from full in Shape(maxRank: 3)
        from maskA in Gen.ArrayOf(Gen.Elements(true, false), full.Length)
        from maskB in Gen.ArrayOf(Gen.Elements(true, false), full.Length)
        from dropA in Gen.Choose(0, full.Length)
        from dropB in Gen.Choose(0, full.Length)
        select (full.Select((d, i) => maskA[i] ? 1 : d).Skip(dropA).ToArray(), full.Select((d, i) => maskB[i] && !maskA[i] ? 1 : d).Skip(dropB).ToArray());

    /// <summary>A random permutation of 0..n-1.</summary>
    public static Gen<int[]> Permutation(int n) => Gen.Shuffle(Enumerable.Range(0, n).ToArray()).Select(p => p.ToArray());
}
