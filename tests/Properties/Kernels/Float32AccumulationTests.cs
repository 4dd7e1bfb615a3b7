using System;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Functional.AD.Properties.Kernels;

/// <summary>
/// Float32 sums, means and running sums accumulate in float64, eagerly and in fused compiled code, so each result
/// is the exact sum rounded to float32 (give or take float64's rounding, far below a float32 ulp): eager and Jit
/// agree to a tolerance that does not grow with the number of terms.
/// </summary>
public class Float32AccumulationTests
{
    /// <summary>
    /// What a float32 result accumulated in float64 may be off by: rounding the float64 sum to float32 (half an
    /// ulp, allowing one) plus the float64 rounding of any order of addition.
    /// </summary>
    private static double Tolerance(double exact, double absSum, long terms) =>
        Math.Abs(exact) * Math.ScaleB(1.0, -23) + NumericAssert.SumTolerance(terms, absSum, DType.Float64) + float.Epsilon;

    private static void AssertFloat32Sum(double exact, double absSum, long terms, NDArray actual, string what)
    {
        Assert.Equal(DType.Float32, actual.DType);
        NumericAssert.Close(exact, (double)actual, 0, Tolerance(exact, absSum, terms), what);
    }

    [Fact]
    public void Eager_float32_sums_and_means_are_the_float64_sum_rounded_once()
    {
        // Added in float32 lanes, these drift by hundreds of ulps (mean 0.1005959 on AVX2 before).
        var tenth = Np.Full([10_000_000], 0.1, DType.Float32);
        double t = (float)0.1;
        AssertFloat32Sum(t * 10_000_000, t * 10_000_000, 10_000_000, Np.Sum(tenth), "sum");
        AssertFloat32Sum(t, t, 10_000_000, Np.Mean(tenth), "mean");
        AssertFloat32Sum(t * 10_000_000, t * 10_000_000, 10_000_000, Jax.Jit((NDArray x) => Np.Sum(x))(tenth), "jitted sum");
        AssertFloat32Sum(t, t, 10_000_000, Jax.Jit((NDArray x) => Np.Mean(x))(tenth), "jitted mean");
        // Beyond 2^24 per float32 lane, adding 1 changes nothing: a sum of ones must still count them all.
        var ones = Np.Ones([70_000_001], DType.Float32);
        Assert.Equal(70_000_001f, (float)Np.Sum(ones));
        Assert.Equal(70_000_001f, (float)Jax.Jit((NDArray x) => Np.Sum(x * 1.0))(ones));
    }

    /// <summary>Float32 data (as doubles holding float values) of a random shape, with a reduction axis or all axes.</summary>
    private static Gen<(int[] Shape, double[] Data, int? Axis)> Cases(int maxSize) =>
        from rank in Gen.Choose(1, 3)
        from dims in Gen.ArrayOf(Gen.Frequency((3, Gen.Choose(1, 9)), (1, Gen.Choose(100, maxSize))), rank)
        let size = dims.Aggregate(1L, (a, b) => a * b)
        where size <= maxSize
        from seed in Gen.Choose(0, int.MaxValue - 1)
        from axis in Gen.Frequency((1, Gen.Constant<int?>(null)), (3, Gen.Choose(0, rank - 1).Select(a => (int?)a)))
        select (dims, RandomFloats((int)size, seed), axis);

    private static double[] RandomFloats(int n, int seed)
    {
        var rng = new System.Random(seed);
        return Enumerable.Range(0, n).Select(_ => (double)(float)((rng.NextDouble() - 0.3) * 10)).ToArray();
    }

    [Fact]
    public void Float32_reductions_over_any_axis_match_the_float64_sum_eagerly_and_jitted() =>
        PropertyCheck.ForAll(Cases(200_000), c =>
        {
            var x = Np.FromFlat(c.Data, c.Shape).AsType(DType.Float32);
            var reference = Np.FromFlat(c.Data, c.Shape);
            var exact = Np.Sum(reference, c.Axis).ToArray<double>();
            var absSums = Np.Sum(Np.Abs(reference), c.Axis).ToArray<double>();
            long terms = c.Axis is int a ? c.Shape[a] : c.Data.Length;
            var eager = Np.Sum(x, c.Axis).ToArray<double>();
            var jitted = Jax.Jit((NDArray v) => Np.Sum(v * 1.0, c.Axis))(x).ToArray<double>();
            for (int i = 0; i < exact.Length; i++)
            {
                double tol = Tolerance(exact[i], absSums[i], terms);
                NumericAssert.Close(exact[i], eager[i], 0, tol, $"eager sum, element {i}");
                NumericAssert.Close(exact[i], jitted[i], 0, tol, $"jitted sum, element {i}");
            }
        }, maxTest: 40);

    [Fact]
    public void Column_sums_add_each_column_in_float64_in_row_order_at_any_width()
    {
        var cases =
            from rows in Gen.Choose(1, 70)
            from columns in Gen.Choose(1, 80)
            from seed in Gen.Choose(0, 1 << 20)
            select (rows, columns, seed);
        PropertyCheck.ForAll(cases, c =>
        {
            var rng = new System.Random(c.seed);
            var data = new float[c.rows * c.columns];
            for (int i = 0; i < data.Length; i++) data[i] = (float)((rng.NextDouble() - 0.5) * Math.Pow(2, rng.Next(-20, 20)));
            var result = new float[c.columns];
            WidenedSums.SumColumns(data, c.columns, result);
            for (int j = 0; j < c.columns; j++)
            {
                double total = 0;
                for (int i = 0; i < c.rows; i++) total += data[i * c.columns + j];
                Assert.Equal((float)total, result[j]);
            }
            // the eager reduction over the leading axis takes this path
            var viaSum = Np.Sum(Np.FromFlat(data, new[] { c.rows, c.columns }), 0).ToArray<float>();
            Assert.Equal(result, viaSum);
        });
    }

    /// <summary>Running sums along <paramref name="axis"/> in float64, and the running sums of the magnitudes.</summary>
    private static (double[] Sums, double[] AbsSums) RunningSums(double[] data, int[] shape, int axis, bool reverse)
    {
        int n = shape[axis], inner = shape[(axis + 1)..].Aggregate(1, (a, b) => a * b), outer = data.Length / Math.Max(1, n * inner);
        var sums = new double[data.Length];
        var abs = new double[data.Length];
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                double s = 0, sa = 0;
                for (int step = 0; step < n; step++)
                {
                    int at = (o * n + (reverse ? n - 1 - step : step)) * inner + i;
                    sums[at] = s += data[at];
                    abs[at] = sa += Math.Abs(data[at]);
                }
            }
        return (sums, abs);
    }

    [Fact]
    public void Float32_running_sums_are_carried_in_float64() =>
        PropertyCheck.ForAll(Cases(100_000).Where(c => c.Axis is not null), c =>
        {
            int axis = c.Axis!.Value;
            var x = Np.FromFlat(c.Data, c.Shape).AsType(DType.Float32);
            foreach (bool reverse in new[] { false, true })
            {
                var (exact, absSums) = RunningSums(c.Data, c.Shape, axis, reverse);
                var got = (reverse ? Ops.Cumsum(x, axis, reverse: true) : Np.Cumsum(x, axis)).ToArray<double>();
                for (int i = 0; i < exact.Length; i++)
                    NumericAssert.Close(exact[i], got[i], 0, Tolerance(exact[i], absSums[i], c.Shape[axis]), $"cumsum (reverse: {reverse}), element {i}");
            }
        }, maxTest: 30);
}
