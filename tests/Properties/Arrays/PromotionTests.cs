using System;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Functional.AD.Properties.Arrays;

public class PromotionTests
{
    private static readonly DType[] AllDTypes = { DType.Bool, DType.Int32, DType.Float32, DType.Float64 };

    /// <summary>The lattice bool &lt; i32 &lt; f32 &lt; f64, written out rather than taken from the enum order.</summary>
    private static int Rank(DType d) => d switch
    {
        DType.Bool => 0,
        DType.Int32 => 1,
        DType.Float32 => 2,
        DType.Float64 => 3,
        _ => throw new ArgumentOutOfRangeException(nameof(d)),
    };

    private static DType Join(DType a, DType b) => Rank(a) >= Rank(b) ? a : b;

    private static string Short(DType d) => d switch
    {
        DType.Bool => "bool",
        DType.Int32 => "i32",
        DType.Float32 => "f32",
        _ => "f64",
    };

    /// <summary>An array of small integers stored in <paramref name="dtype"/> (bools: non-zero).</summary>
    private static NDArray Make(int[] values, DType dtype) => Np.Array(values).AsType(dtype);

    private static double Cast(double v, DType d) => d switch
    {
        DType.Bool => v != 0 ? 1 : 0,
        DType.Int32 => Math.Truncate(v),
        DType.Float32 => (float)v,
        _ => v,
    };

    // ------------------------------------------------------------------ strong promotion

    [Fact]
    public void Binary_ops_on_two_arrays_take_the_larger_dtype() =>
        PropertyCheck.ForAll(
            Gen.Elements(AllDTypes).SelectMany(da => Gen.Elements(AllDTypes).Where(db => da != DType.Bool || db != DType.Bool).SelectMany(db =>
                Gen.Two(Gen.ArrayOf(Gen.Choose(-3, 3), 4)).Select(v => (da, db, v.Item1, v.Item2)))),
            t =>
            {
                var (da, db, va, vb) = t;
                var a = Make(va, da);
                var b = Make(vb, db);
                var expected = Join(da, db);
                var ra = va.Select(v => Cast(v, da)).ToArray();
                var rb = vb.Select(v => Cast(v, db)).ToArray();
                (string, NDArray, Func<double, double, double>)[] cases =
                {
                    ("Add", Np.Add(a, b), (x, y) => x + y),
                    ("Multiply", Np.Multiply(a, b), (x, y) => x * y),
                    ("Maximum", Np.Maximum(a, b), Math.Max),
                    ("Minimum", Np.Minimum(a, b), Math.Min),
                    ("operator*", a * b, (x, y) => x * y),
                };
                foreach (var (name, r, f) in cases)
                {
                    Assert.True(expected == r.DType, $"{name}({Short(da)}, {Short(db)}) gave {Short(r.DType)}, expected {Short(expected)}");
                    Assert.False(r.IsWeaklyTyped, name);
                    var want = ra.Zip(rb, f).Select(v => Cast(v, expected)).ToArray();
                    Assert.Equal(want, r.ToArray<double>());
                }
                if (da != DType.Bool && db != DType.Bool)
                {
                    var s = Np.Subtract(a, b);
                    Assert.Equal(expected, s.DType);
                    Assert.Equal(ra.Zip(rb, (x, y) => x - y).ToArray(), s.ToArray<double>());
                }
                foreach (var c in new[] { Np.Equal(a, b), Np.NotEqual(a, b), a < b, a >= b })
                    Assert.Equal(DType.Bool, c.DType);
                Assert.Equal(ra.Zip(rb, (x, y) => x == y).ToArray(), Np.Equal(a, b).ToArray<bool>());
                Assert.Equal(ra.Zip(rb, (x, y) => x < y).ToArray(), (a < b).ToArray<bool>());
            });

    [Theory]
    [InlineData("Np.Add", true, true, true, false)]
    [InlineData("Np.Multiply", true, false, false, false)]
    [InlineData("Np.Maximum", true, true, true, false)]
    [InlineData("Np.Minimum", true, false, false, false)]
    [InlineData("Np.Equal", true, false, false, true)]
    public void Binary_ops_on_two_bool_arrays_stay_bool_like_numpy(string name, bool tt, bool tf, bool ft, bool ff)
    {
        // numpy and jax.numpy: add is logical or, multiply logical and, maximum or, minimum and.
        var a = Np.Array(1.0, 1.0, 0.0, 0.0) > 0.0;
        var b = Np.Array(1.0, 0.0, 1.0, 0.0) > 0.0;
        Func<NDArray, NDArray, NDArray> op = name switch
        {
            "Np.Add" => Np.Add,
            "Np.Multiply" => Np.Multiply,
            "Np.Maximum" => Np.Maximum,
            "Np.Minimum" => Np.Minimum,
            _ => Np.Equal,
        };
        var r = op(a, b);
        Assert.True(r.DType == DType.Bool, $"{name}(bool, bool) gave {Short(r.DType)}");
        Assert.Equal(new[] { tt, tf, ft, ff }, r.ToArray<bool>());
    }

    [Fact]
    public void Gradients_keep_the_dtype_of_an_f32_input_combined_with_weak_scalars()
    {
        var x = Np.Array(1.5f, -2f);
        var g = Jax.Grad((NDArray u) => Np.Sum(u * 2.0 + Np.Square(u) * 0.5 - 1))(x);
        Assert.Equal(DType.Float32, g.DType);
        Assert.Equal(new[] { 3.5f, 0f }, g.ToArray<float>());
        var (v, g2) = Jax.ValueAndGrad((NDArray u) => Np.Sum(Np.Sin(u) * 3))(x);
        Assert.Equal(DType.Float32, v.DType);
        Assert.Equal(DType.Float32, g2.DType);
        var (p, t) = Jax.Jvp((NDArray u) => u * 2.5, x, Np.Array(1f, 1f));
        Assert.Equal(DType.Float32, p.DType);
        Assert.Equal(DType.Float32, t.DType);
        Assert.Equal(new[] { 2.5f, 2.5f }, t.ToArray<float>());
    }

    [Fact]
    public void True_division_of_integers_gives_floats()
    {
        var q = Np.Divide(Np.Array(7, -7, 1), Np.Array(2, 2, 3));
        Assert.True(q.DType is DType.Float64 or DType.Float32);
        Ref.Close(3.5, q.ToArray<double>()[0], 1e-7);
        Ref.Close(-3.5, q.ToArray<double>()[1], 1e-7);
        Ref.Close(1.0 / 3.0, q.ToArray<double>()[2], q.DType == DType.Float64 ? 1e-15 : 1e-7);

        var f = Np.Array(1f, 3f) / Np.Array(2, 4);
        Assert.Equal(DType.Float32, f.DType);
        Assert.Equal(new[] { 0.5f, 0.75f }, f.ToArray<float>());
    }

    [Fact]
    public void A_strong_0d_scalar_promotes_like_an_array()
    {
        var x = Np.Array(1.5f, 2f);
        Assert.Equal(DType.Float64, (x * Np.Scalar(2.0)).DType);
        Assert.Equal(DType.Float32, (x * Np.Scalar(2)).DType);
        Assert.Equal(DType.Float64, (Np.Array(1, 2) + Np.Scalar(0.5)).DType);
        Assert.Equal(DType.Float32, (Np.Array(1, 2) + Np.Scalar(0.5f)).DType);
        Assert.Equal(new[] { 1.5f, 2.5f }, (Np.Array(1, 2) + Np.Scalar(0.5f)).ToArray<float>());
    }

    // ------------------------------------------------------------------ weak types

    [Fact]
    public void Implicit_conversions_make_weakly_typed_0d_arrays()
    {
        NDArray d = 2.5, f = 2.5f, i = 3;
        Assert.True(d.IsWeaklyTyped);
        Assert.True(f.IsWeaklyTyped);
        Assert.True(i.IsWeaklyTyped);
        Assert.Equal(DType.Float64, d.DType);
        Assert.Equal(DType.Float32, f.DType);
        Assert.Equal(DType.Int32, i.DType);
        Assert.Equal(0, d.Rank);
        Assert.Equal(2.5, (double)d);
        Assert.Equal(3, (int)i);
        Assert.False(Np.Scalar(2.5).IsWeaklyTyped);
        Assert.False(Np.Array(2.5).IsWeaklyTyped);
        Assert.False(Np.Zeros(new[] { 2 }).IsWeaklyTyped);
    }

    [Fact]
    public void Weak_scalars_take_the_dtype_of_the_array()
    {
        var x = Np.Array(1.5f, -2f, 0.25f);
        foreach (var (name, r) in new[]
                 {
                     ("x * 2.0", x * 2.0), ("2.0 * x", 2.0 * x), ("x + 1", x + 1), ("1 - x", 1 - x),
                     ("x / 2.0", x / 2.0), ("x - 0.5", x - 0.5), ("x * (NDArray)2.0", x * (NDArray)2.0),
                     ("Np.Multiply(x, 3.0)", Np.Multiply(x, 3.0)), ("Np.Maximum(x, 0.0)", Np.Maximum(x, 0.0)),
                     ("Np.Clip(x, -1.0, 1.0)", Np.Clip(x, -1.0, 1.0)), ("Np.Where(x > 0, x, 0.0)", Np.Where(x > 0.0, x, 0.0)),
                     ("Np.Power(x, 2.0)", Np.Power(x, 2.0)), ("Np.Power(x, 2)", Np.Power(x, 2)),
                 })
        {
            Assert.True(r.DType == DType.Float32, $"{name} is {Short(r.DType)}, expected f32");
            Assert.False(r.IsWeaklyTyped, $"{name} should be strongly typed");
        }
        Assert.Equal(new[] { 3f, -4f, 0.5f }, (x * 2.0).ToArray<float>());
        Assert.Equal(new[] { -0.5f, 3f, 0.75f }, (1 - x).ToArray<float>());
        Assert.Equal(new[] { 1f, 0f, 0.25f }, Np.Clip(x, 0.0, 1.0).ToArray<float>());

        var i = Np.Array(1, -2, 3);
        Assert.Equal(DType.Int32, (i * 2).DType);
        Assert.Equal(new[] { 2, -4, 6 }, (i * 2).ToArray<int>());
        Assert.Equal(DType.Int32, (i - 1).DType);
        Assert.Equal(DType.Float64, (i * 2.5).DType);
        Assert.Equal(new[] { 2.5, -5.0, 7.5 }, (i * 2.5).ToArray<double>());
        Assert.Equal(DType.Float64, (0.5 + i).DType);
        Assert.Equal(new[] { 1.5, -1.5, 3.5 }, (0.5 + i).ToArray<double>());

        var b = Np.Array(1.0, -1.0) > 0.0;
        Assert.Equal(DType.Int32, (b * 2).DType);
        Assert.Equal(new[] { 2, 0 }, (b * 2).ToArray<int>());
        Assert.Equal(DType.Float64, (b * 2.5).DType);
        Assert.Equal(new[] { 2.5, 0.0 }, (b * 2.5).ToArray<double>());

        var dd = Np.Array(1.0, 2.0);
        Assert.Equal(DType.Float64, (dd * 2.0f).DType);
        Assert.Equal(DType.Float64, (dd + 1).DType);
    }

    [Fact]
    public void Operators_with_a_number_on_either_side_compute_the_right_values_and_dtypes()
    {
        var xd = new[] { 1.5, -2.0, 0.5 };
        foreach (var dtype in new[] { DType.Float32, DType.Float64 })
        {
            var x = Np.Array(xd).AsType(dtype);
            double R(double v) => dtype == DType.Float32 ? (float)v : v;
            var cases = new (string, NDArray, Func<double, double>)[]
            {
                ("x + 2.0", x + 2.0, v => v + 2), ("2.0 + x", 2.0 + x, v => 2 + v), ("x + 2", x + 2, v => v + 2), ("2 + x", 2 + x, v => 2 + v),
                ("x - 2.0", x - 2.0, v => v - 2), ("2.0 - x", 2.0 - x, v => 2 - v), ("x - 2", x - 2, v => v - 2), ("2 - x", 2 - x, v => 2 - v),
                ("x * 3.0", x * 3.0, v => v * 3), ("3.0 * x", 3.0 * x, v => 3 * v), ("x * 3", x * 3, v => v * 3), ("3 * x", 3 * x, v => 3 * v),
                ("x / 4.0", x / 4.0, v => v / 4), ("4.0 / x", 4.0 / x, v => 4 / v), ("x / 4", x / 4, v => v / 4), ("4 / x", 4 / x, v => 4 / v),
                ("-x", -x, v => -v),
            };
            foreach (var (name, r, f) in cases)
            {
                Assert.True(r.DType == dtype, $"{name} with {Short(dtype)} x gave {Short(r.DType)}");
                Assert.Equal(xd.Select(v => R(f(v))).ToArray(), r.ToArray<double>());
            }
            var comparisons = new (string, NDArray, Func<double, bool>)[]
            {
                ("x < 0.5", x < 0.5, v => v < 0.5), ("0.5 < x", 0.5 < x, v => 0.5 < v), ("x < 1", x < 1, v => v < 1), ("1 < x", 1 < x, v => 1 < v),
                ("x > 0.5", x > 0.5, v => v > 0.5), ("0.5 > x", 0.5 > x, v => 0.5 > v), ("x > 1", x > 1, v => v > 1), ("1 > x", 1 > x, v => 1 > v),
                ("x <= 0.5", x <= 0.5, v => v <= 0.5), ("0.5 <= x", 0.5 <= x, v => 0.5 <= v), ("x <= -2", x <= -2, v => v <= -2), ("-2 <= x", -2 <= x, v => -2 <= v),
                ("x >= 0.5", x >= 0.5, v => v >= 0.5), ("0.5 >= x", 0.5 >= x, v => 0.5 >= v), ("x >= 1", x >= 1, v => v >= 1), ("1 >= x", 1 >= x, v => 1 >= v),
            };
            foreach (var (name, r, f) in comparisons)
            {
                Assert.True(r.DType == DType.Bool, $"{name} gave {Short(r.DType)}");
                Assert.Equal(xd.Select(f).ToArray(), r.ToArray<bool>());
            }
            var y = Np.Array(2.0, -3.0, 0.5);
            Assert.Equal(new[] { true, false, false }, (x < y).ToArray<bool>());
            Assert.Equal(new[] { true, false, true }, (x <= y).ToArray<bool>());
            Assert.Equal(new[] { false, true, false }, (x > y).ToArray<bool>());
            Assert.Equal(new[] { false, true, true }, (x >= y).ToArray<bool>());
        }
    }

    [Fact]
    public void Two_weak_scalars_give_a_weak_result_of_the_joined_kind()
    {
        var r = (NDArray)2.0 + 3;
        Assert.True(r.IsWeaklyTyped);
        Assert.Equal(DType.Float64, r.DType);
        Assert.Equal(5.0, (double)r);

        var ii = (NDArray)2 * 3;
        Assert.True(ii.IsWeaklyTyped);
        Assert.Equal(DType.Int32, ii.DType);
        Assert.Equal(6, (int)ii);

        var ff = (NDArray)2.0f + 3;
        Assert.True(ff.IsWeaklyTyped);
        Assert.Equal(DType.Float32, ff.DType);

        // the weak result still adapts to a later array operand
        var x = Np.Array(1f, 2f);
        Assert.Equal(DType.Float32, (x * r).DType);
        Assert.Equal(new[] { 5f, 10f }, (x * r).ToArray<float>());
        Assert.Equal(DType.Float32, (x * ((NDArray)2.0 * 3.0)).DType);
    }

    [Fact]
    public void Weak_and_strong_give_a_strong_result()
    {
        NDArray w = 2.0;
        Assert.False((w * Np.Scalar(1.0)).IsWeaklyTyped);
        Assert.False((w + Np.Array(1.0)).IsWeaklyTyped);
        Assert.False((Np.Array(1f) - w).IsWeaklyTyped);
    }

    [Fact]
    public void Weak_type_survives_unary_functions_of_a_literal()
    {
        var x = Np.Array(1f, 2f);
        var s = Np.Sin(1.0);
        Assert.True(s.IsWeaklyTyped);
        Assert.Equal(DType.Float32, (x * s).DType);
        Assert.Equal(DType.Float32, (x * Np.Exp(0.5)).DType);
        Assert.Equal(DType.Float32, (x * -(NDArray)2.0).DType);
    }

    // ------------------------------------------------------------------ broadcasting

    /// <summary>Two shapes that numpy broadcasts: axes dropped from the front and sizes replaced by 1 at random.</summary>
    public static Gen<(int[] A, int[] B)> BroadcastableShapes =>
        Gen.Choose(0, 4).SelectMany(rank =>
            Gen.ArrayOf(Gen.Frequency((1, Gen.Constant(0)), (3, Gen.Constant(1)), (6, Gen.Choose(2, 4))), rank)
                .SelectMany(full => Gen.Two(Derived(full)).Select(p => (p.Item1, p.Item2))));

    private static Gen<int[]> Derived(int[] full) =>
        Gen.Choose(0, full.Length).SelectMany(drop =>
            Gen.ArrayOf(Gen.Choose(0, 2), full.Length - drop).Select(ones =>
                full.Skip(drop).Select((d, i) => ones[i] == 0 ? 1 : d).ToArray()));

    private static readonly (string Name, Func<NDArray, NDArray, NDArray> Op, Func<double, double, double> Ref)[] BinaryOps =
    {
        ("Np.Add", Np.Add, (x, y) => x + y),
        ("Np.Subtract", Np.Subtract, (x, y) => x - y),
        ("Np.Multiply", Np.Multiply, (x, y) => x * y),
        ("Np.Divide", Np.Divide, (x, y) => x / y),
        ("Np.Maximum", Np.Maximum, Math.Max),
        ("Np.Minimum", Np.Minimum, Math.Min),
        ("Np.Power", (x, y) => Np.Power(Np.Abs(x), y), (x, y) => Math.Pow(Math.Abs(x), y)),
        ("operator+", (x, y) => x + y, (x, y) => x + y),
        ("operator/", (x, y) => x / y, (x, y) => x / y),
        ("operator<", (x, y) => (x < y).AsType(DType.Float64), (x, y) => x < y ? 1 : 0),
        ("operator>=", (x, y) => (x >= y).AsType(DType.Float64), (x, y) => x >= y ? 1 : 0),
        ("Np.Equal", (x, y) => Np.Equal(x, y).AsType(DType.Float64), (x, y) => x == y ? 1 : 0),
        ("Np.NotEqual", (x, y) => Np.NotEqual(x, y).AsType(DType.Float64), (x, y) => x != y ? 1 : 0),
    };

    [Fact]
    public void Broadcasting_follows_numpy_rules() =>
        PropertyCheck.ForAll(
            BroadcastableShapes.SelectMany(s => Ref.DenseOf(s.A).SelectMany(a => Ref.DenseOf(s.B).SelectMany(b =>
                Gen.Choose(0, BinaryOps.Length - 1).Select(k => (a, b, k))))),
            t =>
            {
                var (a, b, k) = t;
                var (name, op, f) = BinaryOps[k];
                // make some elements equal so Equal/NotEqual see both outcomes
                if (a.Data.Length > 0 && b.Data.Length > 0) b.Data[0] = a.Data[0];
                var expected = Ref.Binary(a, b, f);
                var result = op(a.ToNd(), b.ToNd());
                Ref.AllClose(expected, result, 1e-12, 0, $"{name}({Ref.ShapeString(a.Shape)}, {Ref.ShapeString(b.Shape)})");
                var swapped = op(b.ToNd(), a.ToNd());
                Ref.AllClose(Ref.Binary(b, a, f), swapped, 1e-12, 0, $"{name}({Ref.ShapeString(b.Shape)}, {Ref.ShapeString(a.Shape)})");
            }, maxTest: 200);

    [Fact]
    public void Where_broadcasts_all_three_operands() =>
        PropertyCheck.ForAll(
            BroadcastableShapes.SelectMany(s => Derived(s.A.Length >= s.B.Length ? s.A : s.B).SelectMany(c =>
                Ref.DenseOf(s.A).SelectMany(a => Ref.DenseOf(s.B).SelectMany(b => Ref.DenseOf(c).Select(cd => (cd, a, b)))))),
            t =>
            {
                var (c, a, b) = t;
                var shape = Ref.BroadcastShape(Ref.BroadcastShape(c.Shape, a.Shape)!, b.Shape)!;
                var expected = new Dense(shape, Ref.Indices(shape)
                    .Select(ix => Ref.BroadcastAt(c, ix) > 0 ? Ref.BroadcastAt(a, ix) : Ref.BroadcastAt(b, ix)).ToArray());
                Ref.AllClose(expected, Np.Where(c.ToNd() > 0.0, a.ToNd(), b.ToNd()), 0);
            });

    [Fact]
    public void Broadcasting_examples()
    {
        var col = Np.FromFlat(new[] { 1.0, 2.0, 3.0 }, new[] { 3, 1 });
        var row = Np.Array(10.0, 20.0);
        var s = col + row;
        Assert.Equal(new Shape(3, 2), s.Shape);
        Assert.Equal(new[] { 11.0, 21, 12, 22, 13, 23 }, s.ToArray<double>());
        var m = Np.Ones(new[] { 2, 1, 3 }) * Np.Array(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } }).Reshape(2, 1, 3).Transpose(1, 0, 2);
        Assert.Equal(new Shape(2, 2, 3), m.Shape);
    }

    // ------------------------------------------------------------------ incompatible shapes

    /// <summary>Two shapes with one aligned axis whose sizes differ and neither is 1.</summary>
    private static Gen<(int[] A, int[] B)> IncompatibleShapes =>
        Ref.Shapes(1, 3, 2, 4).SelectMany(a =>
            Gen.Choose(0, a.Length - 1).SelectMany(axis =>
                Gen.Choose(2, 5).Where(d => d != a[axis]).SelectMany(d =>
                    Gen.Choose(0, axis).Select(drop =>
                    {
                        var b = (int[])a.Clone();
                        b[axis] = d;
                        return (a, b.Skip(drop).ToArray());
                    }))));

    private static readonly (string Name, Func<NDArray, NDArray, NDArray> Op)[] NamedOps =
    {
        ("Np.Add", Np.Add), ("Np.Subtract", Np.Subtract), ("Np.Multiply", Np.Multiply), ("Np.Divide", Np.Divide),
        ("Np.Maximum", Np.Maximum), ("Np.Minimum", Np.Minimum), ("Np.Power", Np.Power),
        ("Np.Equal", Np.Equal), ("Np.NotEqual", Np.NotEqual),
    };

    [Fact]
    public void Incompatible_shapes_raise_ArgumentException_naming_the_operation_and_both_typed_shapes() =>
        PropertyCheck.ForAll(
            IncompatibleShapes.SelectMany(s => Gen.Choose(0, NamedOps.Length - 1).Select(k => (s.A, s.B, k))),
            t =>
            {
                var (sa, sb, k) = t;
                var (name, op) = NamedOps[k];
                var a = Np.Ones(sa);
                var b = Np.Ones(sb);
                var e = Assert.ThrowsAny<ArgumentException>(() => op(a, b));
                Assert.Contains(name, e.Message);
                Assert.Contains("f64" + Ref.ShapeString(sa), e.Message);
                Assert.Contains("f64" + Ref.ShapeString(sb), e.Message);
                Assert.True(Np.Ones(sa).ToArray<double>().SequenceEqual(a.ToArray<double>()));
            });

    [Fact]
    public void Incompatible_shapes_example_3_vs_4()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => Np.Add(Np.Ones(new[] { 3 }), Np.Ones(new[] { 4 })));
        Assert.Contains("Np.Add", e.Message);
        Assert.Contains("f64[3]", e.Message);
        Assert.Contains("f64[4]", e.Message);

        var op = Assert.ThrowsAny<ArgumentException>(() => Np.Ones(new[] { 2, 3 }) * Np.Ones(new[] { 2 }));
        Assert.Contains("f64[2,3]", op.Message);
        Assert.Contains("f64[2]", op.Message);

        var w = Assert.ThrowsAny<ArgumentException>(() => Np.Where(Np.Ones(new[] { 3 }) > 0.0, Np.Ones(new[] { 4 }), 0.0));
        Assert.Contains("Np.Where", w.Message);
    }

    [Fact]
    public void Incompatible_shapes_message_shows_the_dtypes_the_user_passed()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => Np.Add(Np.Ones(new[] { 3 }, DType.Float32), Np.Ones(new[] { 4 })));
        Assert.Contains("Np.Add", e.Message);
        Assert.Contains("f32[3]", e.Message);
        Assert.Contains("f64[4]", e.Message);

        var i = Assert.ThrowsAny<ArgumentException>(() => Np.Multiply(Np.Ones(new[] { 2, 3 }, DType.Int32), Np.Ones(new[] { 2 }, DType.Float32)));
        Assert.Contains("i32[2,3]", i.Message);
        Assert.Contains("f32[2]", i.Message);
    }
}
