using System;
using System.Linq;
using FsCheck.Fluent;
using Xunit;

namespace Functional.AD.Properties.Numpy;

/// <summary>Np.Sort, Np.ArgSort, Lax.Sort and Lax.TopK against C#'s stable ordering, along every axis, with NaN and ties.</summary>
public class SortingTests
{
    /// <summary>A stable argsort of one lane with NaN last (numpy's order), written with LINQ's stable OrderBy.</summary>
    private static int[] ReferenceArgSort(double[] lane, bool descending)
    {
        var idx = Enumerable.Range(0, lane.Length);
        Func<int, (int, double)> key = i => (double.IsNaN(lane[i]) ? 1 : 0, double.IsNaN(lane[i]) ? 0 : lane[i]);
        if (!descending) return idx.OrderBy(i => key(i).Item1).ThenBy(i => key(i).Item2).ToArray();
        // jnp's descending argsort: NaN first (the ascending order reversed), equal values by lower index first
        return idx.OrderByDescending(i => key(i).Item1).ThenByDescending(i => key(i).Item2).ToArray();
    }

    private static readonly FsCheck.Gen<(int[] Shape, double[] Data, int Axis)> Cases =
        from rank in FsCheck.Fluent.Gen.Choose(1, 3)
        from shape in FsCheck.Fluent.Gen.ArrayOf(FsCheck.Fluent.Gen.Choose(0, 5), rank)
        from data in FsCheck.Fluent.Gen.ArrayOf(FsCheck.Fluent.Gen.Frequency(
            (8, FsCheck.Fluent.Gen.Choose(-4, 4).Select(i => (double)i)), (1, FsCheck.Fluent.Gen.Constant(double.NaN))), shape.Aggregate(1, (a, b) => a * b))
        from axis in FsCheck.Fluent.Gen.Choose(-rank, rank - 1)
        select (shape, data, axis);

    [Fact]
    public void Sort_and_ArgSort_match_a_stable_reference_along_every_axis() =>
        PropertyCheck.ForAll(Cases, c =>
        {
            var x = Np.FromFlat(c.Data, c.Shape);
            int axis = c.Axis < 0 ? c.Axis + c.Shape.Length : c.Axis;
            foreach (var descending in new[] { false, true })
            {
                var sorted = Np.Sort(x, c.Axis, descending: descending).ToArray<double>();
                var order = Np.ArgSort(x, c.Axis, descending: descending);
                Assert.Equal(DType.Int32, order.DType);
                var perm = order.ToArray<int>();
                int n = c.Shape[axis], inner = c.Shape.Skip(axis + 1).Aggregate(1, (a, b) => a * b), outer = c.Data.Length / Math.Max(1, n * inner);
                for (int o = 0; o < outer; o++)
                    for (int j = 0; j < inner; j++)
                    {
                        var lane = Enumerable.Range(0, n).Select(t => c.Data[(o * n + t) * inner + j]).ToArray();
                        var expected = ReferenceArgSort(lane, descending);
                        for (int t = 0; t < n; t++)
                        {
                            int at = (o * n + t) * inner + j;
                            Assert.Equal(expected[t], perm[at]);
                            Assert.Equal(lane[expected[t]], sorted[at]);
                        }
                    }
            }
        }, maxTest: 200);

    [Fact]
    public void Sort_with_a_null_axis_sorts_the_flattened_array_and_keeps_the_input()
    {
        var x = Np.Array(new double[,] { { 3, -1 }, { double.NaN, 0 } });
        Assert.Equal(new[] { -1.0, 0, 3, double.NaN }, Np.Sort(x, null).ToArray<double>());
        Assert.Equal(new[] { 1, 3, 0, 2 }, Np.ArgSort(x, null).ToArray<int>());
        Assert.Equal(new[] { 3.0, -1, double.NaN, 0 }, x.ToArray<double>());
        Assert.Equal(new[] { 1, 2, 3 }, Np.Sort(Np.Array(3, 1, 2)).ToArray<int>());
        var error = Assert.ThrowsAny<ArgumentException>(() => Np.Sort(x, 2));
        Assert.Contains("Np.Sort", error.Message);
    }

    [Fact]
    public void The_gradient_of_sort_flows_back_through_the_permutation()
    {
        var x = Np.Array(0.3, -1.2, 2.5, 0.1);
        var w = Np.Array(1.0, 10.0, 100.0, 1000.0);
        // d/dx sum(w * sort(x)) puts w[rank(x_i)] at x_i
        var g = Jax.Grad((NDArray v) => Np.Sum(w * Np.Sort(v)))(x).ToArray<double>();
        Assert.Equal(new[] { 100.0, 1.0, 1000.0, 10.0 }, g);
        var gd = Jax.Grad((NDArray v) => Np.Sum(w * Np.Sort(v, descending: true)))(x).ToArray<double>();
        Assert.Equal(new[] { 10.0, 1000.0, 1.0, 100.0 }, gd);
        Functional.AD.Testing.GradientCheck.CheckGrads(v => Np.Sum(Np.Sort(v * v, 0) * Np.Arange(4).AsType(DType.Float64)), x, order: 2);
        // Vmap == loop and Jit == eager
        var rows = Np.Array(new double[,] { { 3, 1, 2 }, { -1, 5, 0 } });
        var vm = Jax.Vmap((NDArray r) => Np.Sort(r))(rows).ToArray<double>();
        Assert.Equal(new[] { 1.0, 2, 3, -1, 0, 5 }, vm);
        Assert.Equal(Np.ArgSort(rows, 0).ToArray<int>(), Jax.Jit((NDArray r) => Np.ArgSort(r, 0))(rows).ToArray<int>());
    }

    [Fact]
    public void Lax_sort_of_several_operands_orders_by_the_keys_lexicographically()
    {
        var a = Np.Array(2, 1, 2, 1, 2);
        var b = Np.Array(0.5, 0.7, -1.0, 0.7, 0.5);
        var payload = Np.Array(10, 11, 12, 13, 14);
        var sorted = Lax.Sort(new[] { a, b, payload }, numKeys: 2);
        Assert.Equal(new[] { 1, 1, 2, 2, 2 }, sorted[0].ToArray<int>());
        Assert.Equal(new[] { 0.7, 0.7, -1.0, 0.5, 0.5 }, sorted[1].ToArray<double>());
        Assert.Equal(new[] { 11, 13, 12, 10, 14 }, sorted[2].ToArray<int>());
        Assert.Equal(new[] { 1, 1, 2, 2, 2 }, Lax.Sort(a).ToArray<int>());
    }

    [Fact]
    public void TopK_gives_the_largest_values_and_their_indices_lower_index_first_at_ties() =>
        PropertyCheck.ForAll(Cases.Where(c => c.Shape.Length > 0), c =>
        {
            var x = Np.FromFlat(c.Data, c.Shape);
            int n = c.Shape[^1];
            foreach (var k in new[] { 0, n / 2, n })
            {
                var (values, indices) = Lax.TopK(x, k);
                var v = values.ToArray<double>();
                var ix = indices.ToArray<int>();
                int outer = n == 0 ? 0 : c.Data.Length / n;
                for (int o = 0; o < outer; o++)
                {
                    var lane = c.Data.Skip(o * n).Take(n).ToArray();
                    var expected = ReferenceArgSort(lane, descending: true);
                    for (int t = 0; t < k; t++)
                    {
                        Assert.Equal(expected[t], ix[o * k + t]);
                        Assert.Equal(lane[expected[t]], v[o * k + t]);
                    }
                }
            }
        }, maxTest: 100);

    [Fact]
    public void SearchSorted_matches_a_linear_scan_on_both_sides_by_either_method_eagerly_and_jitted() =>
        PropertyCheck.ForAll(
            from n in FsCheck.Fluent.Gen.Choose(0, 40)
            from a in FsCheck.Fluent.Gen.ArrayOf(FsCheck.Fluent.Gen.Frequency(
                (9, FsCheck.Fluent.Gen.Choose(-6, 6).Select(i => (double)i)), (1, FsCheck.Fluent.Gen.Constant(double.NaN))), n)
            from v in FsCheck.Fluent.Gen.ArrayOf(FsCheck.Fluent.Gen.Frequency(
                (9, FsCheck.Fluent.Gen.Choose(-16, 16).Select(i => i / 2.0)), (1, FsCheck.Fluent.Gen.Constant(double.NaN))), 7)
            select (a.OrderBy(x => double.IsNaN(x) ? 1 : 0).ThenBy(x => double.IsNaN(x) ? 0 : x).ToArray(), v),
            t =>
            {
                var (a, v) = t;
                // NaN is the largest value: a NaN query goes after every number (and, on the right, after every NaN too).
                int Left(double q) => a.Count(x => double.IsNaN(q) ? !double.IsNaN(x) : x < q);
                int Right(double q) => a.Count(x => double.IsNaN(q) || x <= q);
                foreach (var method in new[] { "scan", "compare_all" })
                    foreach (var jit in new[] { false, true })
                    {
                        Func<NDArray, NDArray, NDArray> left = (p, q) => Np.SearchSorted(p, q, method: method);
                        Func<NDArray, NDArray, NDArray> right = (p, q) => Np.SearchSorted(p, q, "right", method: method);
                        if (jit) (left, right) = (Jax.Jit(left), Jax.Jit(right));
                        var l = left(Np.Array(a), Np.Array(v)).ToArray<int>();
                        var r = right(Np.Array(a), Np.Array(v)).ToArray<int>();
                        for (int i = 0; i < v.Length; i++)
                        {
                            Assert.True(Left(v[i]) == l[i], $"{method} jit={jit} left of {v[i]} in [{string.Join(", ", a)}]: {l[i]}");
                            Assert.True(Right(v[i]) == r[i], $"{method} jit={jit} right of {v[i]} in [{string.Join(", ", a)}]: {r[i]}");
                        }
                    }
            }, maxTest: 100);

    [Fact]
    public void SearchSorted_takes_a_sorter_keeps_v_shape_and_puts_NaN_last()
    {
        var a = Np.Array(3.0, 1.0, 2.0);
        var v = Np.Array(new double[,] { { 2.5, 0 }, { double.NaN, 3 } });
        var got = Np.SearchSorted(a, v, "left", Np.ArgSort(a));
        Assert.Equal(new[] { 2, 2 }, got.Shape.ToArray());
        Assert.Equal(new[] { 2, 0, 3, 2 }, got.ToArray<int>());
        Assert.Throws<ArgumentException>(() => Np.SearchSorted(a, v, "middle"));
        Assert.Throws<ArgumentException>(() => Np.SearchSorted(a, v, method: "sort"));
    }

    [Fact]
    public void Int64_keys_beyond_two_to_the_53_sort_exactly()
    {
        long big = 1L << 60;
        var values = new[] { big + 3, big + 1, big + 2, -big - 1, -big - 2, big + 1 };
        var x = Np.Array(values);
        Assert.Equal(values.OrderBy(v => v).ToArray(), Np.Sort(x).ToArray<long>());
        Assert.Equal(Enumerable.Range(0, values.Length).OrderBy(i => values[i]).ToArray(), Np.ArgSort(x).ToArray<int>());
    }

    [Fact]
    public void Lexsort_orders_by_the_last_key_first()
    {
        var surnames = Np.Array(2, 1, 2, 1);
        var names = Np.Array(0.5, 0.7, -1.0, 0.1);
        // primary: surnames, then names
        var expected = Enumerable.Range(0, 4).OrderBy(i => new[] { 2, 1, 2, 1 }[i]).ThenBy(i => new[] { 0.5, 0.7, -1.0, 0.1 }[i]).ToArray();
        Assert.Equal(expected, Np.Lexsort(new[] { names, surnames }).ToArray<int>());
    }

    [Fact]
    public void Partition_puts_the_kth_element_in_place_with_no_larger_before_and_no_smaller_after()
    {
        var rng = new System.Random(9);
        var data = Enumerable.Range(0, 30).Select(_ => (double)rng.Next(-5, 6)).ToArray();
        var sorted = data.OrderBy(x => x).ToArray();
        foreach (var k in new[] { 0, 7, 29, -1 })
        {
            var p = Np.Partition(Np.Array(data), k).ToArray<double>();
            int kk = k < 0 ? k + 30 : k;
            Assert.Equal(sorted[kk], p[kk]);
            Assert.All(p[..kk], x => Assert.True(x <= p[kk]));
            Assert.All(p[(kk + 1)..], x => Assert.True(x >= p[kk]));
            var ix = Np.ArgPartition(Np.Array(data), k).ToArray<int>();
            Assert.Equal(sorted[kk], data[ix[kk]]);
        }
        Assert.ThrowsAny<ArgumentException>(() => Np.Partition(Np.Array(data), 30));
    }

    [Fact]
    public void Unique_with_a_static_size_pads_with_the_fill_value()
    {
        var x = Np.Array(new double[,] { { 3, 1, 3 }, { double.NaN, 1, 2 } });
        Assert.Equal(new[] { 1.0, 2, 3, double.NaN, 1, 1 }, Np.Unique(x, 6).ToArray<double>());
        Assert.Equal(new[] { 1.0, 2 }, Np.Unique(x, 2).ToArray<double>());
        Assert.Equal(new[] { 1, 2, 3, -9, -9 }, Np.Unique(Np.Array(3, 2, 1, 2, 3), 5, Np.Scalar(-9)).ToArray<int>());
        Assert.Equal(new[] { 7.0, 7 }, Np.Unique(Np.Zeros([0]), 2, Np.Scalar(7.0)).ToArray<double>());
        // the same under Jit (the size is static)
        Assert.Equal(new[] { 1, 2, 3, 1, 1 }, Jax.Jit((NDArray v) => Np.Unique(v, 5))(Np.Array(3, 2, 1, 2, 3)).ToArray<int>());
    }
}
