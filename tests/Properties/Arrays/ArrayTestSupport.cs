using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Functional.AD.Properties.Arrays;

/// <summary>
/// A plain reference n-d array (row-major <c>double[]</c> plus a shape) used as the oracle in the
/// array, numpy and nn tests. Everything here is written from numpy's definitions, independently of the library.
/// </summary>
public sealed class Dense
{
    public Dense(int[] shape, double[] data)
    {
        if (Ref.Size(shape) != data.Length) throw new ArgumentException("Dense: data does not fill shape");
        Shape = shape;
        Data = data;
    }

    public int[] Shape { get; }
    public double[] Data { get; }
    public int Rank => Shape.Length;

    public double this[int[] index] => Data[Ref.Ravel(index, Shape)];

    public NDArray ToNd() => Np.FromFlat((double[])Data.Clone(), (int[])Shape.Clone());

    public override string ToString() =>
        "Dense[" + string.Join(",", Shape) + "](" +
        string.Join(", ", Data.Select(d => d.ToString("R", CultureInfo.InvariantCulture))) + ")";
}

/// <summary>Reference implementations and generators shared by the array tests.</summary>
public static class Ref
{
    public static int Size(int[] shape)
    {
        int n = 1;
        foreach (var d in shape) n *= d;
        return n;
    }

    public static int Ravel(int[] index, int[] shape)
    {
        int flat = 0;
        for (int i = 0; i < shape.Length; i++) flat = flat * shape[i] + index[i];
        return flat;
    }

    public static int[] Unravel(int flat, int[] shape)
    {
        var index = new int[shape.Length];
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            index[i] = flat % shape[i];
            flat /= shape[i];
        }
        return index;
    }

    /// <summary>Every multi-index of <paramref name="shape"/> in row-major order.</summary>
    public static IEnumerable<int[]> Indices(int[] shape)
    {
        int n = Size(shape);
        for (int f = 0; f < n; f++) yield return Unravel(f, shape);
    }

    public static string ShapeString(int[] shape) => "[" + string.Join(",", shape) + "]";

    /// <summary>numpy's broadcast of two shapes, or null when they are incompatible.</summary>
    public static int[]? BroadcastShape(int[] a, int[] b)
    {
        int rank = Math.Max(a.Length, b.Length);
        var r = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i - (rank - a.Length) >= 0 ? a[i - (rank - a.Length)] : 1;
            int db = i - (rank - b.Length) >= 0 ? b[i - (rank - b.Length)] : 1;
            if (da != db && da != 1 && db != 1) return null;
            r[i] = da == 1 ? db : da;
        }
        return r;
    }

    /// <summary>The element of <paramref name="x"/> that numpy broadcasting places at <paramref name="resultIndex"/>.</summary>
    public static double BroadcastAt(Dense x, int[] resultIndex)
    {
        int offset = resultIndex.Length - x.Rank;
        var idx = new int[x.Rank];
        for (int i = 0; i < x.Rank; i++) idx[i] = x.Shape[i] == 1 ? 0 : resultIndex[i + offset];
        return x[idx];
    }

    /// <summary>Elementwise binary op with numpy broadcasting.</summary>
    public static Dense Binary(Dense a, Dense b, Func<double, double, double> f)
    {
        var shape = BroadcastShape(a.Shape, b.Shape) ?? throw new ArgumentException("Ref.Binary: incompatible");
        var data = Indices(shape).Select(ix => f(BroadcastAt(a, ix), BroadcastAt(b, ix))).ToArray();
        return new Dense(shape, data);
    }

    public static Dense Map(Dense a, Func<double, double> f) => new(a.Shape, a.Data.Select(f).ToArray());

    /// <summary>A reduction over one axis (which may be negative) or all axes, with numpy's keepdims.</summary>
    public static Dense Reduce(Dense x, int? axis, bool keepDims, Func<double[], double> f)
    {
        if (axis is null)
        {
            var all = f(x.Data);
            return new Dense(keepDims ? Enumerable.Repeat(1, x.Rank).ToArray() : Array.Empty<int>(), new[] { all });
        }
        int a = axis.Value < 0 ? axis.Value + x.Rank : axis.Value;
        var outShape = x.Shape.Where((_, i) => i != a).ToArray();
        var data = new double[Size(outShape)];
        int n = x.Shape[a];
        foreach (var oi in Indices(outShape))
        {
            var line = new double[n];
            var full = new int[x.Rank];
            for (int k = 0; k < n; k++)
            {
                for (int i = 0, j = 0; i < x.Rank; i++) full[i] = i == a ? k : oi[j++];
                line[k] = x[full];
            }
            data[Ravel(oi, outShape)] = f(line);
        }
        if (!keepDims) return new Dense(outShape, data);
        var kept = (int[])x.Shape.Clone();
        kept[a] = 1;
        return new Dense(kept, data);
    }

    /// <summary>numpy.transpose with an explicit permutation.</summary>
    public static Dense Transpose(Dense x, int[] perm)
    {
        var shape = perm.Select(p => x.Shape[p]).ToArray();
        var data = new double[x.Data.Length];
        foreach (var oi in Indices(shape))
        {
            var src = new int[x.Rank];
            for (int i = 0; i < perm.Length; i++) src[perm[i]] = oi[i];
            data[Ravel(oi, shape)] = x[src];
        }
        return new Dense(shape, data);
    }

    // ------------------------------------------------------------------ generators

    /// <summary>Shapes of rank in [minRank, maxRank] with axis sizes in [minDim, maxDim].</summary>
    public static Gen<int[]> Shapes(int minRank, int maxRank, int minDim = 1, int maxDim = 4) =>
        Gen.Choose(minRank, maxRank).SelectMany(r => Gen.ArrayOf(Gen.Choose(minDim, maxDim), r));

    /// <summary>n doubles uniformly spread over [lo, hi] (with fine, non-round fractions).</summary>
    public static Gen<double[]> Values(int n, double lo, double hi) =>
        Gen.ArrayOf(Gen.Choose(0, 1 << 30).Select(k => lo + (hi - lo) * (k / (double)(1 << 30))), n);

    public static Gen<Dense> DenseOf(int[] shape, double lo = -5, double hi = 5) =>
        Values(Size(shape), lo, hi).Select(v => new Dense(shape, v));

    public static Gen<Dense> Denses(int minRank, int maxRank, int minDim = 1, int maxDim = 4, double lo = -5, double hi = 5) =>
        Shapes(minRank, maxRank, minDim, maxDim).SelectMany(s => DenseOf(s, lo, hi));

    /// <summary>A random permutation of 0..n-1.</summary>
    public static Gen<int[]> Permutation(int n) => Gen.Shuffle(Enumerable.Range(0, n).ToArray());

    // ------------------------------------------------------------------ assertions

    public static void Close(double expected, double actual, double rel, double abs = 0, string? what = null)
    {
        if (double.IsNaN(expected) && double.IsNaN(actual)) return;
        if (expected == actual) return; // also equal infinities
        double tol = Math.Max(abs, rel * Math.Abs(expected));
        if (!(Math.Abs(expected - actual) <= tol))
            Assert.Fail(FormattableString.Invariant(
                $"{what ?? "value"}: expected {expected:R} but got {actual:R} (|diff| {Math.Abs(expected - actual):R} > tol {tol:R})"));
    }

    public static void ShapeIs(int[] expected, NDArray actual, string? what = null) =>
        Assert.True(actual.Shape == new Shape(expected),
            $"{what ?? "shape"}: expected {ShapeString(expected)} but got {actual.Shape}");

    /// <summary>Asserts the shape and every element of <paramref name="actual"/> against <paramref name="expected"/>.</summary>
    public static void AllClose(Dense expected, NDArray actual, double rel = 1e-12, double abs = 0, string? what = null)
    {
        ShapeIs(expected.Shape, actual, what);
        var got = actual.ToArray<double>();
        Assert.Equal(expected.Data.Length, got.Length);
        for (int i = 0; i < got.Length; i++)
            Close(expected.Data[i], got[i], rel, abs, $"{what ?? "element"} {ShapeString(Unravel(i, expected.Shape))}");
    }

    public static void AllClose(int[] shape, double[] expected, NDArray actual, double rel = 1e-12, double abs = 0, string? what = null) =>
        AllClose(new Dense(shape, expected), actual, rel, abs, what);

    /// <summary>
    /// Asserts sums against their reference: each element of <paramref name="actual"/> is a sum of at most
    /// <paramref name="terms"/> values whose absolute values add up to the matching element of
    /// <paramref name="absSums"/>, and lies within <see cref="NumericAssert.SumTolerance"/> of the reference (the
    /// kernel and the reference may add in any order).
    /// </summary>
    public static void SumsClose(Dense expected, Dense absSums, long terms, NDArray actual, string what, int termRoundings = 0)
    {
        ShapeIs(expected.Shape, actual, what);
        var got = actual.ToArray<double>();
        for (int i = 0; i < got.Length; i++)
            NumericAssert.SumClose(expected.Data[i], got[i], terms, absSums.Data[i], actual.DType,
                $"{what} {ShapeString(Unravel(i, expected.Shape))}", termRoundings);
    }

    /// <summary>
    /// Asserts a sum (or, with <paramref name="mean"/>, a mean) of <paramref name="x"/> over one axis or all of
    /// them against the reference, within the rounding of any summation order.
    /// </summary>
    public static void ReductionClose(Dense x, int? axis, bool keepDims, NDArray actual, bool mean, string what)
    {
        var expected = Reduce(x, axis, keepDims, v => mean ? v.Average() : v.Sum());
        var absSums = Reduce(x, axis, keepDims, v => mean ? v.Average(Math.Abs) : v.Sum(Math.Abs));
        long terms = axis is null ? x.Data.Length : x.Shape[axis.Value < 0 ? axis.Value + x.Rank : axis.Value];
        SumsClose(expected, absSums, terms, actual, what, termRoundings: mean ? 1 : 0);
    }

    /// <summary>Exact equality of shape, dtype and all elements.</summary>
    public static void Exactly(Dense expected, DType dtype, NDArray actual, string? what = null)
    {
        Assert.Equal(dtype, actual.DType);
        AllClose(expected, actual, 0, 0, what);
    }
}
