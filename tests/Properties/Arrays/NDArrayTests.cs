using System;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Functional.AD.Properties.Arrays;

public class NDArrayTests
{
    // ------------------------------------------------------------------ creation

    [Fact]
    public void Array_from_doubles_floats_and_ints_has_their_dtype_shape_and_values()
    {
        var d = Np.Array(1.5, -2.0, 3.25);
        Assert.Equal(DType.Float64, d.DType);
        Assert.Equal(new Shape(3), d.Shape);
        Assert.Equal(1, d.Rank);
        Assert.Equal(3, d.Size);
        Assert.Equal(new[] { 1.5, -2.0, 3.25 }, d.ToArray<double>());
        Assert.False(d.IsWeaklyTyped);

        var f = Np.Array(1.5f, -2f);
        Assert.Equal(DType.Float32, f.DType);
        Assert.Equal(new[] { 1.5f, -2f }, f.ToArray<float>());

        var i = Np.Array(4, -5, 6, 7);
        Assert.Equal(DType.Int32, i.DType);
        Assert.Equal(new Shape(4), i.Shape);
        Assert.Equal(new[] { 4, -5, 6, 7 }, i.ToArray<int>());
    }

    [Fact]
    public void Array_from_2d_data_is_row_major()
    {
        var d = Np.Array(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        Assert.Equal(DType.Float64, d.DType);
        Assert.Equal(new Shape(2, 3), d.Shape);
        Assert.Equal(new double[] { 1, 2, 3, 4, 5, 6 }, d.ToArray<double>());

        var f = Np.Array(new float[,] { { 1, 2 }, { 3, 4 }, { 5, 6 } });
        Assert.Equal(DType.Float32, f.DType);
        Assert.Equal(new Shape(3, 2), f.Shape);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, f.ToArray<float>());
        Assert.Equal(6f, (float)f[2][1]);
        Assert.Equal(2f, (float)f[0][1]);
    }

    [Fact]
    public void Creation_copies_its_input_and_ToArray_returns_a_copy()
    {
        var data = new[] { 1.0, 2.0, 3.0, 4.0 };
        var a = Np.Array(data);
        var b = Np.FromFlat(data, new[] { 2, 2 });
        var shape = new[] { 2, 2 };
        var c = Np.Zeros(shape);
        data[0] = 100;
        shape[0] = 7;
        Assert.Equal(new[] { 1.0, 2.0, 3.0, 4.0 }, a.ToArray<double>());
        Assert.Equal(new[] { 1.0, 2.0, 3.0, 4.0 }, b.ToArray<double>());
        Assert.Equal(new Shape(2, 2), c.Shape);

        var flatShape = new[] { 4 };
        var h = Np.FromFlat(new[] { 1, 2, 3, 4 }, flatShape);
        flatShape[0] = 2;
        Assert.Equal(new Shape(4), h.Shape);
        Assert.Equal(new[] { 1, 2, 3, 4 }, h.ToArray<int>());
        var dims = new[] { 2, 2 };
        var r = h.Reshape(dims);
        dims[0] = 4;
        dims[1] = 1;
        Assert.Equal(new Shape(2, 2), r.Shape);

        var grid = new double[,] { { 1, 2 } };
        var g = Np.Array(grid);
        grid[0, 0] = 9;
        Assert.Equal(new[] { 1.0, 2.0 }, g.ToArray<double>());

        var copy = a.ToArray<double>();
        copy[1] = -1;
        Assert.Equal(new[] { 1.0, 2.0, 3.0, 4.0 }, a.ToArray<double>());
    }

    [Fact]
    public void FromFlat_round_trips_any_shape_row_major() =>
        PropertyCheck.ForAll(Ref.Denses(0, 4, 0, 4), x =>
        {
            var a = Np.FromFlat(x.Data, x.Shape);
            Assert.Equal(DType.Float64, a.DType);
            Ref.ShapeIs(x.Shape, a);
            Assert.Equal(x.Rank, a.Rank);
            Assert.Equal(x.Data.Length, a.Size);
            Assert.Equal(x.Data, a.ToArray<double>());

            var ints = x.Data.Select(v => (int)Math.Round(v * 10)).ToArray();
            var ai = Np.FromFlat(ints, x.Shape);
            Assert.Equal(DType.Int32, ai.DType);
            Assert.Equal(ints, ai.ToArray<int>());

            var floats = x.Data.Select(v => (float)v).ToArray();
            var af = Np.FromFlat(floats, x.Shape);
            Assert.Equal(DType.Float32, af.DType);
            Assert.Equal(floats, af.ToArray<float>());
        });

    [Fact]
    public void Scalar_is_a_strongly_typed_0d_array()
    {
        foreach (var (s, dtype, value) in new[]
                 {
                     (Np.Scalar(2.5), DType.Float64, 2.5),
                     (Np.Scalar(2.5f), DType.Float32, 2.5),
                     (Np.Scalar(-3), DType.Int32, -3.0),
                 })
        {
            Assert.Equal(dtype, s.DType);
            Assert.Equal(0, s.Rank);
            Assert.Equal(1, s.Size);
            Assert.Equal(new Shape(), s.Shape);
            Assert.Equal("[]", s.Shape.ToString());
            Assert.False(s.IsWeaklyTyped);
            Assert.Equal(new[] { value }, s.ToArray<double>());
            Assert.Equal(value, (double)s);
        }
    }

    [Fact]
    public void Zeros_Ones_Full_fill_every_element_with_the_requested_dtype() =>
        PropertyCheck.ForAll(
            Ref.Shapes(0, 4, 0, 4).SelectMany(s => Gen.Elements(DType.Bool, DType.Int32, DType.Float32, DType.Float64).Select(d => (s, d))),
            t =>
            {
                var (shape, dtype) = t;
                int n = Ref.Size(shape);
                var z = Np.Zeros(shape, dtype);
                var o = Np.Ones(shape, dtype);
                var f = Np.Full(shape, 3.0, dtype);
                foreach (var a in new[] { z, o, f })
                {
                    Assert.Equal(dtype, a.DType);
                    Ref.ShapeIs(shape, a);
                    Assert.False(a.IsWeaklyTyped);
                }
                Assert.Equal(Enumerable.Repeat(0.0, n), z.ToArray<double>());
                Assert.Equal(Enumerable.Repeat(1.0, n), o.ToArray<double>());
                Assert.Equal(Enumerable.Repeat(dtype == DType.Bool ? 1.0 : 3.0, n), f.ToArray<double>());
            });

    [Fact]
    public void Zeros_Ones_Full_default_to_f64()
    {
        Assert.Equal(DType.Float64, Np.Zeros(new[] { 2 }).DType);
        Assert.Equal(DType.Float64, Np.Ones(new[] { 2 }).DType);
        Assert.Equal(DType.Float64, Np.Full(new[] { 2 }, 0.5).DType);
        Assert.Equal(new[] { 0.5, 0.5 }, Np.Full(new[] { 2 }, 0.5).ToArray<double>());
        Assert.Equal(new[] { -7.25f }, Np.Full(new[] { 1 }, -7.25, DType.Float32).ToArray<float>());
    }

    [Fact]
    public void ZerosLike_and_OnesLike_keep_shape_and_dtype() =>
        PropertyCheck.ForAll(
            Ref.Shapes(0, 3, 0, 3).SelectMany(s => Gen.Elements(DType.Bool, DType.Int32, DType.Float32, DType.Float64).Select(d => (s, d))),
            t =>
            {
                var (shape, dtype) = t;
                var x = Np.Full(shape, 5, dtype);
                var z = Np.ZerosLike(x);
                var o = Np.OnesLike(x);
                Assert.Equal(dtype, z.DType);
                Assert.Equal(dtype, o.DType);
                Ref.ShapeIs(shape, z);
                Ref.ShapeIs(shape, o);
                Assert.All(z.ToArray<double>(), v => Assert.Equal(0.0, v));
                Assert.All(o.ToArray<double>(), v => Assert.Equal(1.0, v));
            });

    [Fact]
    public void Arange_counts_from_zero_as_i32()
    {
        foreach (var n in new[] { 0, 1, 2, 7, 100 })
        {
            var a = Np.Arange(n);
            Assert.Equal(DType.Int32, a.DType);
            Assert.Equal(new Shape(n), a.Shape);
            Assert.Equal(Enumerable.Range(0, n).ToArray(), a.ToArray<int>());
        }
    }

    [Fact]
    public void Linspace_is_evenly_spaced_and_includes_both_ends() =>
        PropertyCheck.ForAll(
            Gen.Choose(2, 50).SelectMany(num => Ref.Values(2, -100, 100).Select(v => (num, v[0], v[1]))),
            t =>
            {
                var (num, start, stop) = t;
                var a = Np.Linspace(start, stop, num);
                Assert.Equal(DType.Float64, a.DType);
                Assert.Equal(new Shape(num), a.Shape);
                var got = a.ToArray<double>();
                Assert.Equal(start, got[0]);
                Assert.Equal(stop, got[num - 1]);
                double step = (stop - start) / (num - 1);
                for (int i = 0; i < num; i++)
                    Ref.Close(start + i * step, got[i], 1e-12, 1e-12 * (Math.Abs(start) + Math.Abs(stop)), $"linspace[{i}]");
            });

    [Fact]
    public void Linspace_with_one_or_zero_points_and_f32()
    {
        Assert.Equal(new[] { 3.0 }, Np.Linspace(3, 9, 1).ToArray<double>());
        Assert.Equal(new Shape(0), Np.Linspace(3, 9, 0).Shape);
        var f = Np.Linspace(0, 1, 5, DType.Float32);
        Assert.Equal(DType.Float32, f.DType);
        Assert.Equal(new[] { 0f, 0.25f, 0.5f, 0.75f, 1f }, f.ToArray<float>());
    }

    [Fact]
    public void Eye_is_the_identity()
    {
        foreach (var n in new[] { 0, 1, 3, 5 })
        {
            var e = Np.Eye(n);
            Assert.Equal(DType.Float64, e.DType);
            Assert.Equal(new Shape(n, n), e.Shape);
            var got = e.ToArray<double>();
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                    Assert.Equal(i == j ? 1.0 : 0.0, got[i * n + j]);
        }
        var ei = Np.Eye(3, DType.Int32);
        Assert.Equal(DType.Int32, ei.DType);
        Assert.Equal(new[] { 1, 0, 0, 0, 1, 0, 0, 0, 1 }, ei.ToArray<int>());
    }

    [Fact]
    public void Shape_is_an_immutable_value()
    {
        var dims = new[] { 3, 4 };
        var s = new Shape(dims);
        dims[0] = 9;
        Assert.Equal(2, s.Count);
        Assert.Equal(3, s[0]);
        Assert.Equal(4, s[1]);
        Assert.Equal(new[] { 3, 4 }, s.ToArray());
        Assert.Equal("[3,4]", s.ToString());
        Assert.Equal("[]", new Shape().ToString());
        Assert.Equal("[0]", new Shape(0).ToString());
        Assert.True(s == new Shape(3, 4));
        Assert.False(s != new Shape(3, 4));
        Assert.True(s != new Shape(4, 3));
        Assert.True(s != new Shape(3, 4, 1));
        Assert.True(s.Equals(new Shape(3, 4)));
        Assert.True(s.Equals((object)new Shape(3, 4)));
        Assert.False(s.Equals((object)"[3,4]"));
        Assert.Equal(s.GetHashCode(), new Shape(3, 4).GetHashCode());
        Assert.Equal(new Shape(3, 4), Np.Zeros(new[] { 3, 4 }).Shape);
        Assert.Equal(new Shape(), Np.Scalar(1.0).Shape);
    }

    [Fact]
    public void Equality_operators_keep_reference_semantics()
    {
        var a = Np.Array(1.0, 2.0);
        var b = Np.Array(1.0, 2.0);
#pragma warning disable CS1718 // comparison made to same variable: that is the point
        Assert.True(a == a);
        Assert.False(a != a);
#pragma warning restore CS1718
        Assert.False(a == b);
        Assert.True(a != b);
        Assert.True(a.Equals(a));
        Assert.False(a.Equals(b));
        Assert.Equal(new[] { true, true }, Np.Equal(a, b).ToArray<bool>());
    }

    // ------------------------------------------------------------------ conversions

    [Fact]
    public void ToArray_converts_between_element_types_like_numpy_astype()
    {
        var x = Np.Array(-2.7, -0.5, 0.0, 0.25, 2.7, 3.0);
        Assert.Equal(new[] { -2, 0, 0, 0, 2, 3 }, x.ToArray<int>());
        Assert.Equal(new[] { true, true, false, true, true, true }, x.ToArray<bool>());
        Assert.Equal(new[] { -2.7f, -0.5f, 0f, 0.25f, 2.7f, 3f }, x.ToArray<float>());

        var i = Np.Array(-3, 0, 5);
        Assert.Equal(new[] { -3.0, 0.0, 5.0 }, i.ToArray<double>());
        Assert.Equal(new[] { -3f, 0f, 5f }, i.ToArray<float>());
        Assert.Equal(new[] { true, false, true }, i.ToArray<bool>());

        var b = Np.Array(1.0, -1.0, 2.0) > 0.0;
        Assert.Equal(DType.Bool, b.DType);
        Assert.Equal(new[] { true, false, true }, b.ToArray<bool>());
        Assert.Equal(new[] { 1.0, 0.0, 1.0 }, b.ToArray<double>());
        Assert.Equal(new[] { 1, 0, 1 }, b.ToArray<int>());

        var f = Np.Array(1.5f, -2.5f);
        Assert.Equal(new[] { 1.5, -2.5 }, f.ToArray<double>());
        // numpy: bool(nan) is True; full() with an int dtype truncates
        Assert.Equal(new[] { true }, Np.Array(double.NaN).ToArray<bool>());
        Assert.Equal(new[] { true }, Np.Array(double.NaN).AsType(DType.Bool).ToArray<bool>());
        Assert.Equal(new[] { 2, 2 }, Np.Full(new[] { 2 }, 2.7, DType.Int32).ToArray<int>());
        Assert.Equal(new[] { false }, Np.Full(new[] { 1 }, 0.0, DType.Bool).ToArray<bool>());
        Assert.Equal(new[] { 1, -2 }, f.ToArray<int>());
    }

    [Fact]
    public void Explicit_number_conversions_read_size_one_arrays()
    {
        Assert.Equal(2.5, (double)Np.Scalar(2.5));
        Assert.Equal(2.5f, (float)Np.Scalar(2.5));
        Assert.Equal(2, (int)Np.Scalar(2.7));
        Assert.Equal(-2, (int)Np.Scalar(-2.7));
        Assert.Equal(7.0, (double)Np.Scalar(7));
        Assert.Equal(1.25, (double)Np.Scalar(1.25f));
        // size 1 but not 0-d
        Assert.Equal(4.5, (double)Np.Array(4.5));
        Assert.Equal(4.5, (double)Np.FromFlat(new[] { 4.5 }, new[] { 1, 1, 1 }));
        Assert.Equal(3, (int)Np.Array(3));
        Assert.Equal(1.0, (double)(Np.Scalar(1.0) > 0.0));
        // weak scalars
        Assert.Equal(0.5, (double)(NDArray)0.5);
        Assert.Equal(6, (int)(NDArray)6);
    }

    [Fact]
    public void Explicit_number_conversions_reject_arrays_whose_size_is_not_one()
    {
        foreach (var x in new[] { Np.Array(1.0, 2.0), Np.Zeros(new[] { 0 }), Np.Zeros(new[] { 2, 3 }) })
        {
            var e1 = Assert.ThrowsAny<ArgumentException>(() => (double)x);
            var e2 = Assert.ThrowsAny<ArgumentException>(() => (float)x);
            var e3 = Assert.ThrowsAny<ArgumentException>(() => (int)x);
            foreach (var e in new[] { e1, e2, e3 })
                Assert.Contains("f64" + x.Shape, e.Message);
        }
    }

    [Fact]
    public void AsType_converts_and_is_strongly_typed()
    {
        var x = Np.Array(-2.7, 0.0, 1.5);
        var i = x.AsType(DType.Int32);
        Assert.Equal(DType.Int32, i.DType);
        Assert.Equal(new[] { -2, 0, 1 }, i.ToArray<int>());
        var b = x.AsType(DType.Bool);
        Assert.Equal(DType.Bool, b.DType);
        Assert.Equal(new[] { true, false, true }, b.ToArray<bool>());
        var f = x.AsType(DType.Float32);
        Assert.Equal(DType.Float32, f.DType);
        Assert.Equal(new[] { -2.7f, 0f, 1.5f }, f.ToArray<float>());
        var back = b.AsType(DType.Float64);
        Assert.Equal(new[] { 1.0, 0.0, 1.0 }, back.ToArray<double>());
        Assert.Equal(x.ToArray<double>(), x.AsType(DType.Float64).ToArray<double>());

        NDArray weak = 2.0;
        Assert.True(weak.IsWeaklyTyped);
        var strong = weak.AsType(DType.Float64);
        Assert.False(strong.IsWeaklyTyped);
        // a strong f64 scalar promotes an f32 array, unlike the weak literal
        var y = Np.Array(1f, 2f);
        Assert.Equal(DType.Float32, (y * weak).DType);
        Assert.Equal(DType.Float64, (y * strong).DType);
    }

    // ------------------------------------------------------------------ indexing and slicing

    private static Dense RefIndex(Dense x, int i)
    {
        int n = x.Shape[0];
        int k = i < 0 ? i + n : i;
        var rest = x.Shape.Skip(1).ToArray();
        int m = Ref.Size(rest);
        return new Dense(rest, x.Data.Skip(k * m).Take(m).ToArray());
    }

    [Fact]
    public void Indexing_axis0_with_negative_indices_matches_numpy() =>
        PropertyCheck.ForAll(
            Ref.Denses(1, 4).SelectMany(x => Gen.Choose(-x.Shape[0], x.Shape[0] - 1).Select(i => (x, i))),
            t =>
            {
                var (x, i) = t;
                var a = x.ToNd();
                Ref.AllClose(RefIndex(x, i), a[i], 0);
                Assert.Equal(DType.Float64, a[i].DType);
            });

    [Fact]
    public void Indexing_out_of_range_throws_ArgumentOutOfRange() =>
        PropertyCheck.ForAll(
            Ref.Denses(1, 3).SelectMany(x => Gen.Elements(x.Shape[0], x.Shape[0] + 3, -x.Shape[0] - 1, -x.Shape[0] - 5).Select(i => (x, i))),
            t =>
            {
                var (x, i) = t;
                var a = x.ToNd();
                var e = Assert.ThrowsAny<ArgumentOutOfRangeException>(() => a[i]);
                Assert.Contains("f64" + Ref.ShapeString(x.Shape), e.Message);
            });

    [Fact]
    public void Indexing_a_0d_array_throws_ArgumentException()
    {
        Assert.ThrowsAny<ArgumentException>(() => Np.Scalar(1.0)[0]);
        Assert.ThrowsAny<ArgumentException>(() => Np.Scalar(1.0)[0..1]);
    }

    [Fact]
    public void Slicing_axis0_with_ranges_matches_numpy() =>
        PropertyCheck.ForAll(
            Ref.Denses(1, 3, 1, 5).SelectMany(x =>
                Gen.Choose(0, x.Shape[0]).SelectMany(a => Gen.Choose(a, x.Shape[0]).Select(b => (x, a, b)))),
            t =>
            {
                var (x, a, b) = t;
                var nd = x.ToNd();
                int n = x.Shape[0];
                int m = Ref.Size(x.Shape.Skip(1).ToArray());
                var shape = (int[])x.Shape.Clone();
                shape[0] = b - a;
                var expected = new Dense(shape, x.Data.Skip(a * m).Take((b - a) * m).ToArray());
                Ref.AllClose(expected, nd[a..b], 0, 0, "x[a..b]");
                Ref.AllClose(expected, nd[a..^(n - b)], 0, 0, "x[a..^k]");
                Ref.AllClose(expected, nd[^(n - a)..b], 0, 0, "x[^k..b]");
            });

    [Fact]
    public void Indexing_and_slicing_work_on_traced_values_under_Grad() =>
        PropertyCheck.ForAll(
            Ref.Denses(1, 3, 1, 4).SelectMany(x => Gen.Choose(-x.Shape[0], x.Shape[0] - 1).SelectMany(i =>
                Gen.Choose(0, x.Shape[0]).SelectMany(a => Gen.Choose(a, x.Shape[0]).Select(b => (x, i, a, b))))),
            t =>
            {
                var (x, i, a, b) = t;
                int n = x.Shape[0], m = x.Data.Length / n;
                int k = i < 0 ? i + n : i;
                // d/dx sum(x[i] * 3) + sum(x[a..b]^2) = 3 on row k, plus 2x on rows a..b-1
                var expected = x.Data.Select((v, f) => (f / m == k ? 3.0 : 0.0) + (f / m >= a && f / m < b ? 2 * v : 0.0)).ToArray();
                var g = Jax.Grad((NDArray u) => Np.Sum(u[i] * 3.0) + Np.Sum(Np.Square(u[a..b])))(x.ToNd());
                Ref.AllClose(new Dense(x.Shape, expected), g, 1e-15);
                var (primal, tangent) = Jax.Jvp((NDArray u) => u[i], x.ToNd(), Np.OnesLike(x.ToNd()));
                Ref.AllClose(RefIndex(x, i), primal, 0);
                Ref.ShapeIs(x.Shape.Skip(1).ToArray(), tangent);
            });

    [Fact]
    public void Slicing_examples()
    {
        var x = Np.Array(0.0, 1, 2, 3, 4);
        Assert.Equal(new[] { 1.0, 2, 3 }, x[1..^1].ToArray<double>());
        Assert.Equal(new[] { 3.0, 4 }, x[^2..].ToArray<double>());
        Assert.Equal(new[] { 0.0, 1, 2, 3, 4 }, x[..].ToArray<double>());
        Assert.Equal(new Shape(0), x[2..2].Shape);
        var i = Np.Array(5, 6, 7);
        Assert.Equal(DType.Int32, i[1..].DType);
        Assert.Equal(7, (int)i[-1]);
    }

    // ------------------------------------------------------------------ reshape and transpose

    [Fact]
    public void Reshape_with_minus_one_infers_the_axis_and_keeps_row_major_order() =>
        PropertyCheck.ForAll(
            Ref.Denses(0, 4, 1, 4).SelectMany(x =>
            {
                var divisors = Enumerable.Range(1, x.Data.Length).Where(d => x.Data.Length % d == 0).ToArray();
                return Gen.Elements(divisors).SelectMany(d => Gen.Elements(0, 1, 2).Select(pos => (x, d, pos)));
            }),
            t =>
            {
                var (x, d, pos) = t;
                int n = x.Data.Length;
                var a = x.ToNd();
                int[] target = pos switch { 0 => new[] { d, -1 }, 1 => new[] { -1, d }, _ => new[] { 1, d, -1 } };
                int[] expected = pos switch { 0 => new[] { d, n / d }, 1 => new[] { n / d, d }, _ => new[] { 1, d, n / d } };
                var r = a.Reshape(target);
                Ref.AllClose(new Dense(expected, x.Data), r, 0);
                Ref.AllClose(new Dense(new[] { n }, x.Data), a.Reshape(-1), 0);
                Ref.AllClose(new Dense(x.Shape, x.Data), r.Reshape(x.Shape), 0);
                Ref.AllClose(new Dense(expected, x.Data), Np.Reshape(a, target), 0);
            });

    [Fact]
    public void Reshape_to_and_from_0d()
    {
        var s = Np.Array(5.0).Reshape();
        Assert.Equal(0, s.Rank);
        Assert.Equal(5.0, (double)s);
        Assert.Equal(new Shape(1, 1), Np.Scalar(2.0).Reshape(1, 1).Shape);
        Assert.Equal(new Shape(1), Np.Scalar(2.0).Reshape(-1).Shape);
    }

    [Fact]
    public void Transpose_permutes_axes_like_numpy() =>
        PropertyCheck.ForAll(
            Ref.Denses(0, 4).SelectMany(x => Ref.Permutation(x.Rank).Select(p => (x, p))),
            t =>
            {
                var (x, perm) = t;
                var a = x.ToNd();
                Ref.AllClose(Ref.Transpose(x, perm), x.Rank == 0 ? a.Transpose() : a.Transpose(perm), 0, 0, "Transpose(perm)");
                Ref.AllClose(Ref.Transpose(x, perm), Np.Transpose(a, perm), 0, 0, "Np.Transpose(perm)");
                var reversed = Enumerable.Range(0, x.Rank).Reverse().ToArray();
                Ref.AllClose(Ref.Transpose(x, reversed), a.T, 0, 0, "T");
                Ref.AllClose(Ref.Transpose(x, reversed), a.Transpose(), 0, 0, "Transpose()");
                Ref.AllClose(Ref.Transpose(x, reversed), Np.Transpose(a), 0, 0, "Np.Transpose()");
                // negative axes count from the end
                var negative = perm.Select(p => p - x.Rank).ToArray();
                if (x.Rank > 0) Ref.AllClose(Ref.Transpose(x, perm), a.Transpose(negative), 0, 0, "Transpose(negative perm)");
            });

    // ------------------------------------------------------------------ reduction methods

    public static Gen<(Dense X, int? Axis, bool KeepDims)> ReductionCases(int minRank = 0, int minDim = 1) =>
        Ref.Denses(minRank, 4, minDim, 4).SelectMany(x =>
            (x.Rank == 0
                ? Gen.Constant<int?>(null)
                : Gen.Frequency((1, Gen.Constant<int?>(null)), (4, Gen.Choose(-x.Rank, x.Rank - 1).Select(a => (int?)a))))
            .SelectMany(axis => Gen.Elements(false, true).Select(k => (x, axis, k))));

    [Fact]
    public void Sum_Mean_Max_Min_methods_reduce_over_an_axis_or_all() =>
        PropertyCheck.ForAll(ReductionCases(), t =>
        {
            var (x, axis, keep) = t;
            var a = x.ToNd();
            Ref.ReductionClose(x, axis, keep, a.Sum(axis, keep), mean: false, "Sum");
            Ref.ReductionClose(x, axis, keep, a.Mean(axis, keep), mean: true, "Mean");
            Ref.AllClose(Ref.Reduce(x, axis, keep, v => v.Max()), a.Max(axis, keep), 0, 0, "Max");
            Ref.AllClose(Ref.Reduce(x, axis, keep, v => v.Min()), a.Min(axis, keep), 0, 0, "Min");
            foreach (var r in new[] { a.Sum(axis, keep), a.Mean(axis, keep), a.Max(axis, keep), a.Min(axis, keep) })
                Assert.Equal(DType.Float64, r.DType);
        });

    [Fact]
    public void Integer_reductions_keep_i32()
    {
        var x = Np.FromFlat(new[] { 1, -2, 3, 4, 5, -6 }, new[] { 2, 3 });
        Assert.Equal(DType.Int32, x.Sum().DType);
        Assert.Equal(5, (int)x.Sum());
        Assert.Equal(new[] { 5, 3, -3 }, x.Sum(0).ToArray<int>());
        Assert.Equal(new[] { 3, 5 }, x.Max(1).ToArray<int>());
        Assert.Equal(new[] { -2, -6 }, x.Min(-1).ToArray<int>());
        Assert.Equal(DType.Int32, x.Max(1).DType);
        NumericAssert.Close(5.0 / 6.0, (double)x.Mean(), 1e-15, 0, "mean");
        Assert.Equal(new[] { 2.5, 1.5, -1.5 }, x.Mean(0).ToArray<double>());
    }

    // ------------------------------------------------------------------ immutability

    private static readonly (string Name, Func<NDArray, NDArray, NDArray> Op)[] Operations =
    {
        ("+", (a, b) => a + b), ("-", (a, b) => a - b), ("*", (a, b) => a * b), ("/", (a, b) => a / b),
        ("neg", (a, _) => -a), ("<", (a, b) => a < b), (">=", (a, b) => a >= b),
        ("x*2.0", (a, _) => a * 2.0), ("1-x", (a, _) => 1 - a),
        ("Np.Exp", (a, _) => Np.Exp(a)), ("Np.Sin", (a, _) => Np.Sin(a)), ("Np.Abs", (a, _) => Np.Abs(a)),
        ("Np.Square", (a, _) => Np.Square(a)), ("Np.Tanh", (a, _) => Np.Tanh(a)), ("Np.Sign", (a, _) => Np.Sign(a)),
        ("Np.Maximum", (a, b) => Np.Maximum(a, b)), ("Np.Minimum", (a, b) => Np.Minimum(a, b)),
        ("Np.Clip", (a, b) => Np.Clip(a, -1.0, 1.0)), ("Np.Where", (a, b) => Np.Where(a > b, a, b)),
        ("Np.Equal", (a, b) => Np.Equal(a, b)), ("Np.Power", (a, b) => Np.Power(Np.Abs(a), b)),
        ("Sum", (a, _) => a.Sum()), ("Sum0", (a, _) => a.Sum(0, true)), ("Mean", (a, _) => a.Mean(-1)),
        ("Max", (a, _) => a.Max()), ("Min", (a, _) => a.Min(0)), ("Prod", (a, _) => Np.Prod(a, 0)),
        ("ArgMax", (a, _) => Np.ArgMax(a, -1)), ("Cumsum", (a, _) => Np.Cumsum(a, 0)),
        ("Reshape", (a, _) => a.Reshape(-1)), ("T", (a, _) => a.T), ("Transpose", (a, _) => Np.Transpose(a)),
        ("ExpandDims", (a, _) => Np.ExpandDims(a, 0)), ("Squeeze", (a, _) => Np.Squeeze(Np.ExpandDims(a, 1), 1)),
        ("BroadcastTo", (a, _) => Np.BroadcastTo(a, new[] { 2 }.Concat(a.Shape).ToArray())),
        ("Concatenate", (a, b) => Np.Concatenate(new[] { a, b }, 0)), ("Stack", (a, b) => Np.Stack(new[] { a, b }, -1)),
        ("Take", (a, _) => Np.Take(a, Np.Array(0, -1), 0)), ("index", (a, _) => a[-1]), ("slice", (a, _) => a[1..]),
        ("Dot", (a, b) => Np.Dot(a, b.T)), ("Matmul", (a, b) => Np.Matmul(a, b.T)), ("Outer", (a, b) => Np.Outer(a, b)),
        ("AsType", (a, _) => a.AsType(DType.Float32)), ("ZerosLike", (a, _) => Np.ZerosLike(a)),
        ("Relu", (a, _) => Nn.Relu(a)), ("Softmax", (a, _) => Nn.Softmax(a)), ("LogSoftmax", (a, _) => Nn.LogSoftmax(a, 0)),
        ("LogSumExp", (a, _) => Nn.LogSumExp(a, 0)), ("Softplus", (a, _) => Nn.Softplus(a)), ("Gelu", (a, _) => Nn.Gelu(a)),
        ("Grad", (a, b) => Jax.Grad((NDArray u) => Np.Sum(u * u * b))(a)),
        ("Jvp", (a, b) => Jax.Jvp((NDArray u) => Np.Sin(u), a, b).Tangent),
        ("Vjp", (a, b) => Jax.Vjp((NDArray u) => Np.Exp(u), a).Pullback(b)),
        ("Tree.Map", (a, b) => Tree.Map((u, v) => u - v, (a, b), (b, a)).Item1),
    };

    [Fact]
    public void Every_operation_leaves_its_inputs_unchanged() =>
        PropertyCheck.ForAll(
            Ref.Shapes(2, 2, 2, 4).SelectMany(s => Gen.Two(Ref.DenseOf(s)).SelectMany(xy =>
                Gen.Choose(0, Operations.Length - 1).Select(k => (xy.Item1, xy.Item2, k)))),
            t =>
            {
                var (x, y, k) = t;
                var a = x.ToNd();
                var b = y.ToNd();
                var (name, op) = Operations[k];
                var result = op(a, b);
                _ = result.ToArray<double>();
                Assert.True(x.Data.SequenceEqual(a.ToArray<double>()), $"{name} modified its first input");
                Assert.True(y.Data.SequenceEqual(b.ToArray<double>()), $"{name} modified its second input");
                Ref.ShapeIs(x.Shape, a, name);
                Ref.ShapeIs(y.Shape, b, name);
            }, maxTest: 200);

    [Fact]
    public void Every_operation_runs_on_every_input_without_touching_it()
    {
        var x = Dense(new[] { 2, 3 }, 1);
        var y = Dense(new[] { 2, 3 }, 2);
        foreach (var (name, op) in Operations)
        {
            var a = x.ToNd();
            var b = y.ToNd();
            _ = op(a, b).ToArray<double>();
            Assert.True(x.Data.SequenceEqual(a.ToArray<double>()), $"{name} modified its first input");
            Assert.True(y.Data.SequenceEqual(b.ToArray<double>()), $"{name} modified its second input");
        }
    }

    private static Dense Dense(int[] shape, int seed)
    {
        var rnd = new System.Random(seed);
        return new Dense(shape, Enumerable.Range(0, Ref.Size(shape)).Select(_ => Math.Round(rnd.NextDouble() * 4 - 2, 3)).ToArray());
    }

    // ------------------------------------------------------------------ size-0 and 0-d arrays

    [Fact]
    public void Size_zero_arrays_flow_through_operations()
    {
        var e = Np.Zeros(new[] { 0, 3 });
        Assert.Equal(0, e.Size);
        Assert.Equal(2, e.Rank);
        Assert.Empty(e.ToArray<double>());
        Assert.Equal(new Shape(0, 3), (e + 1.0).Shape);
        Assert.Equal(new Shape(0, 3), Np.Exp(e).Shape);
        Assert.Equal(new Shape(0, 3), (e * Np.Ones(new[] { 3 })).Shape);
        Assert.Equal(new Shape(0, 3), (e * Np.Ones(new[] { 1, 3 })).Shape);
        Assert.Equal(new Shape(3, 0), e.T.Shape);
        Assert.Equal(new Shape(0), e.Reshape(0).Shape);
        Assert.Equal(new Shape(3, 0), e.Reshape(3, 0).Shape);
        Assert.Equal(new Shape(0, 3), e[0..0].Shape);
        Assert.Equal(new Shape(0, 3), e[..].Shape);
        Assert.Equal(new Shape(0, 1, 3), Np.ExpandDims(e, 1).Shape);
        Assert.Equal(new Shape(2, 0, 3), Np.BroadcastTo(e, new[] { 2, 0, 3 }).Shape);
        Assert.Equal(new Shape(0, 3), Np.Cumsum(e, 0).Shape);

        // empty reductions have numpy's identities
        Assert.Equal(new[] { 0.0, 0.0, 0.0 }, e.Sum(0).ToArray<double>());
        Assert.Equal(new Shape(0), e.Sum(1).Shape);
        Assert.Equal(0.0, (double)e.Sum());
        Assert.Equal(new[] { 1.0, 1.0, 1.0 }, Np.Prod(e, 0).ToArray<double>());
        Assert.Equal(1.0, (double)Np.Prod(e));
        Assert.True(double.IsNaN((double)e.Mean()));
        Assert.Equal(new Shape(3), e.Mean(0).Shape);
        Assert.All(e.Mean(0).ToArray<double>(), v => Assert.True(double.IsNaN(v)));
        Assert.Equal(double.NegativeInfinity, (double)Nn.LogSumExp(Np.Zeros(new[] { 0 })));
        Assert.Equal(new Shape(0, 3), e.Reshape(-1, 3).Shape);
        Assert.Equal(new Shape(3, 0), e.Reshape(3, -1).Shape);
        Assert.Equal(new Shape(0), e.Max(1).Shape);
        Assert.Equal(new Shape(1, 1), e.Sum(null, true).Shape);

        // linear algebra with an empty contraction gives zeros
        var a = Np.Zeros(new[] { 2, 0 });
        var b = Np.Zeros(new[] { 0, 4 });
        var m = Np.Matmul(a, b);
        Assert.Equal(new Shape(2, 4), m.Shape);
        Assert.All(m.ToArray<double>(), v => Assert.Equal(0.0, v));
        Assert.Equal(new Shape(2, 4), Np.Dot(a, b).Shape);
        Assert.Equal(0.0, (double)Np.Dot(Np.Zeros(new[] { 0 }), Np.Zeros(new[] { 0 })));
        Assert.Equal(new Shape(0, 5), Np.Outer(Np.Zeros(new[] { 0 }), Np.Ones(new[] { 5 })).Shape);

        // joining with empties
        var c = Np.Concatenate(new[] { e, Np.Ones(new[] { 2, 3 }) }, 0);
        Assert.Equal(new Shape(2, 3), c.Shape);
        Assert.All(c.ToArray<double>(), v => Assert.Equal(1.0, v));
        Assert.Equal(new Shape(2, 0, 3), Np.Stack(new[] { e, e }, 0).Shape);
        Assert.Equal(new Shape(0, 3), Np.Take(Np.Ones(new[] { 4, 3 }), Np.FromFlat(Array.Empty<int>(), new[] { 0 }), 0).Shape);

        // nn and gradients
        Assert.Equal(new Shape(0, 3), Nn.Softmax(e, 0).Shape);
        Assert.Equal(new Shape(0, 3), Nn.Relu(e).Shape);
        var g = Jax.Grad((NDArray u) => Np.Sum(u * u))(e);
        Assert.Equal(new Shape(0, 3), g.Shape);
        Assert.Equal(DType.Float64, g.DType);
        Assert.Equal("[]", Np.Zeros(new[] { 0 }).ToString());
    }

    [Fact]
    public void Zero_d_arrays_flow_through_operations()
    {
        var s = Np.Scalar(0.5);
        Assert.Equal(0, (s + 1.0).Rank);
        Assert.Equal(1.5, (double)(s + 1.0));
        Ref.Close(Math.Exp(0.5), (double)Np.Exp(s), 1e-15);
        Assert.Equal(0.5, (double)s.Sum());
        Assert.Equal(0.5, (double)s.Mean());
        Assert.Equal(0.5, (double)s.Max());
        Assert.Equal(0.5, (double)Np.Prod(s));
        Assert.Equal(0, s.T.Rank);
        Assert.Equal(0, s.Sum().Rank);
        Assert.Equal(new Shape(1), Np.ExpandDims(s, 0).Shape);
        Assert.Equal(0, Np.Squeeze(Np.ExpandDims(s, 0)).Rank);
        Assert.Equal(new Shape(2, 3), Np.BroadcastTo(s, new[] { 2, 3 }).Shape);
        Assert.Equal(new Shape(2), Np.Stack(new[] { s, s }).Shape);
        Assert.Equal(new[] { 0.5, 0.5 }, Np.Stack(new[] { s, s }).ToArray<double>());
        Assert.Equal(new Shape(3), (Np.Array(1.0, 2, 3) * s).Shape);
        Assert.Equal(1.0, (double)Np.Dot(s, Np.Scalar(2.0)));
        Assert.Equal(new[] { 1.0, 2.0 }, Np.Dot(s, Np.Array(2.0, 4.0)).ToArray<double>());
        Assert.Equal(1.0, (double)Nn.Softmax(Np.ExpandDims(s, 0))[0]);
        Assert.Equal(1.0, (double)Jax.Grad((NDArray u) => u * u)(s));
        Assert.Equal("0.5", s.ToString());
    }
}
