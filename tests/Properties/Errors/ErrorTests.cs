using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Functional.AD.Properties.Arrays;
using Xunit;

namespace Functional.AD.Properties.Errors;

/// <summary>A class that is not a pytree: a settable property and no constructor that matches it.</summary>
public sealed class NotATree
{
    public NDArray? Weights { get; set; }
}

/// <summary>A record that would be a pytree but for one member of an unsupported type.</summary>
public sealed record HoldsNotATree(NDArray A, NotATree B);

public class ErrorTests
{
    private static string Typed(DType d, params int[] shape) =>
        (d switch { DType.Bool => "bool", DType.Int32 => "i32", DType.Float32 => "f32", _ => "f64" }) + Ref.ShapeString(shape);

    /// <summary>Asserts that <paramref name="act"/> throws an ArgumentException (or subclass) whose message has every fragment.</summary>
    private static ArgumentException Throws(Action act, params string[] fragments)
    {
        var e = Assert.ThrowsAny<ArgumentException>(act);
        foreach (var f in fragments)
            Assert.True(e.Message.Contains(f, StringComparison.Ordinal), $"message \"{e.Message}\" does not contain \"{f}\"");
        return e;
    }

    private static void Unchanged(NDArray x, double[] before) =>
        Assert.True(before.SequenceEqual(x.ToArray<double>()), "an input was modified");

    // ------------------------------------------------------------------ linear algebra shapes

    [Fact]
    public void Matmul_3x4_by_5x6_message_is_exact()
    {
        var a = Np.Ones(new[] { 3, 4 }, DType.Float32);
        var b = Np.Ones(new[] { 5, 6 }, DType.Float32);
        Throws(() => Np.Matmul(a, b), "Np.Matmul: cannot contract f32[3,4] with f32[5,6]: 4 != 5");
        Assert.Equal(new Shape(3, 4), a.Shape);
        Assert.All(a.ToArray<float>(), v => Assert.Equal(1f, v));
    }

    private static Gen<(int[] A, int[] B, DType DA, DType DB)> MismatchedContractions =>
        Ref.Shapes(1, 3, 1, 4).SelectMany(sa => Ref.Shapes(1, 3, 1, 4).Select(sb => (sa, sb)))
            .Where(t => t.sa[^1] != (t.sb.Length == 1 ? t.sb[0] : t.sb[^2]))
            .SelectMany(t => Gen.Elements(DType.Int32, DType.Float32, DType.Float64).SelectMany(da =>
                Gen.Elements(DType.Int32, DType.Float32, DType.Float64).Select(db => (t.sa, t.sb, da, db))));

    [Fact]
    public void Matmul_rejects_mismatched_contractions_naming_both_typed_shapes() =>
        PropertyCheck.ForAll(MismatchedContractions, t =>
        {
            var (sa, sb, da, db) = t;
            Throws(() => Np.Matmul(Np.Ones(sa, da), Np.Ones(sb, db)), "Np.Matmul", Typed(da, sa), Typed(db, sb));
        });

    [Fact]
    public void Dot_rejects_mismatched_contractions_naming_both_typed_shapes() =>
        PropertyCheck.ForAll(MismatchedContractions, t =>
        {
            var (sa, sb, da, db) = t;
            Throws(() => Np.Dot(Np.Ones(sa, da), Np.Ones(sb, db)), "Np.Dot", Typed(da, sa), Typed(db, sb));
        });

    [Fact]
    public void Dot_mismatch_example_same_dtypes() =>
        Throws(() => Np.Dot(Np.Ones(new[] { 2, 3 }), Np.Ones(new[] { 4 })), "Np.Dot", "f64[2,3]", "f64[4]");

    [Fact]
    public void Matmul_rejects_incompatible_batch_axes_and_0d_operands()
    {
        Throws(() => Np.Matmul(Np.Ones(new[] { 2, 3, 4 }), Np.Ones(new[] { 5, 4, 6 })), "Np.Matmul", "f64[2,3,4]", "f64[5,4,6]");
        Throws(() => Np.Matmul(Np.Scalar(2.0), Np.Ones(new[] { 2 })), "Np.Matmul", "f64[]", "f64[2]");
    }

    // ------------------------------------------------------------------ bad axes

    private static readonly (string Name, int Extra, Action<NDArray, int> Call)[] AxisFunctions =
    {
        ("Np.Sum", 0, (x, a) => Np.Sum(x, a)),
        ("Np.Mean", 0, (x, a) => Np.Mean(x, a)),
        ("Np.Max", 0, (x, a) => Np.Max(x, a)),
        ("Np.Min", 0, (x, a) => Np.Min(x, a)),
        ("Np.Prod", 0, (x, a) => Np.Prod(x, a)),
        ("Np.ArgMax", 0, (x, a) => Np.ArgMax(x, a)),
        ("Np.Cumsum", 0, (x, a) => Np.Cumsum(x, a)),
        ("Np.Squeeze", 0, (x, a) => Np.Squeeze(x, a)),
        ("Np.Take", 0, (x, a) => Np.Take(x, Np.Array(0), a)),
        ("Np.Concatenate", 0, (x, a) => Np.Concatenate(new[] { x, x }, a)),
        ("Np.ExpandDims", 1, (x, a) => Np.ExpandDims(x, a)),
        ("Np.Stack", 1, (x, a) => Np.Stack(new[] { x, x }, a)),
        ("Nn.Softmax", 0, (x, a) => Nn.Softmax(x, a)),
        ("Nn.LogSoftmax", 0, (x, a) => Nn.LogSoftmax(x, a)),
        ("Nn.LogSumExp", 0, (x, a) => Nn.LogSumExp(x, a)),
        ("Sum", 0, (x, a) => x.Sum(a)),
        ("Mean", 0, (x, a) => x.Mean(a, true)),
        ("Max", 0, (x, a) => x.Max(a)),
        ("Min", 0, (x, a) => x.Min(a)),
    };

    [Fact]
    public void Out_of_range_axes_raise_ArgumentException_naming_the_operation_and_typed_shape() =>
        PropertyCheck.ForAll(
            Ref.Shapes(0, 3, 1, 3).SelectMany(s => Gen.Choose(0, AxisFunctions.Length - 1).SelectMany(k =>
            {
                int n = s.Length + AxisFunctions[k].Extra;
                return Gen.OneOf(Gen.Choose(n, n + 3), Gen.Choose(-n - 3, -n - 1)).Select(axis => (s, k, axis));
            })),
            t =>
            {
                var (s, k, axis) = t;
                var (name, _, call) = AxisFunctions[k];
                var x = Np.Ones(s);
                var before = x.ToArray<double>();
                Throws(() => call(x, axis), name, Typed(DType.Float64, s));
                Unchanged(x, before);
            }, maxTest: 200);

    [Fact]
    public void Every_axis_function_rejects_a_bad_axis() =>
        Assert.All(AxisFunctions, f => Throws(() => f.Call(Np.Ones(new[] { 2, 3 }), 5), f.Name, "f64[2,3]"));

    [Fact]
    public void Transpose_rejects_a_wrong_permutation()
    {
        var x = Np.Ones(new[] { 2, 3 });
        Throws(() => Np.Transpose(x, new[] { 0 }), "Np.Transpose", "f64[2,3]");
        Throws(() => Np.Transpose(x, new[] { 0, 0 }), "Np.Transpose", "f64[2,3]");
        Throws(() => Np.Transpose(x, new[] { 0, 2 }), "Np.Transpose", "f64[2,3]");
        Throws(() => x.Transpose(1, 2), "f64[2,3]");
    }

    // ------------------------------------------------------------------ reshape and other shape errors

    [Fact]
    public void Reshape_to_the_wrong_size_is_rejected() =>
        PropertyCheck.ForAll(
            Ref.Shapes(0, 3, 1, 4).SelectMany(s => Ref.Shapes(0, 3, 1, 4).Where(t => Ref.Size(t) != Ref.Size(s)).Select(t => (s, t))),
            t =>
            {
                var (s, target) = t;
                var x = Np.Ones(s);
                Throws(() => Np.Reshape(x, target), "Np.Reshape", Typed(DType.Float64, s), Ref.ShapeString(target));
                Throws(() => x.Reshape(target), Typed(DType.Float64, s));
                Unchanged(x, Enumerable.Repeat(1.0, Ref.Size(s)).ToArray());
            });

    [Fact]
    public void Reshape_with_an_impossible_minus_one_is_rejected()
    {
        var x = Np.Ones(new[] { 7 });
        Throws(() => x.Reshape(2, -1), "f64[7]");
        Throws(() => x.Reshape(-1, -1), "Np.Reshape");
        Throws(() => x.Reshape(-2, 7), "Np.Reshape");
    }

    [Fact]
    public void Joining_and_broadcasting_errors_name_the_operation_and_typed_shapes()
    {
        Throws(() => Np.Concatenate(new[] { Np.Ones(new[] { 2, 3 }), Np.Ones(new[] { 2, 4 }) }, 0), "Np.Concatenate", "f64[2,3]", "f64[2,4]");
        Throws(() => Np.Concatenate(new[] { Np.Ones(new[] { 2, 3 }), Np.Ones(new[] { 3 }) }, 0), "Np.Concatenate", "f64[2,3]", "f64[3]");
        Throws(() => Np.Concatenate(Array.Empty<NDArray>()), "Np.Concatenate");
        Throws(() => Np.Stack(new[] { Np.Ones(new[] { 2 }), Np.Ones(new[] { 3 }, DType.Int32) }), "Np.Stack", "f64[2]", "i32[3]");
        Throws(() => Np.BroadcastTo(Np.Ones(new[] { 3 }), new[] { 4 }), "Np.BroadcastTo", "f64[3]", "[4]");
        Throws(() => Np.BroadcastTo(Np.Ones(new[] { 2, 3 }), new[] { 3 }), "Np.BroadcastTo", "f64[2,3]", "[3]");
        Throws(() => Np.Where(Np.Ones(new[] { 2 }) > 0.0, Np.Ones(new[] { 3 }), 1.0), "Np.Where", "[2]", "[3]");
        Throws(() => Np.Squeeze(Np.Ones(new[] { 2, 3 }), 0), "Np.Squeeze", "f64[2,3]");
    }

    [Fact]
    public void Creation_errors_are_ArgumentExceptions()
    {
        Throws(() => Np.FromFlat(new[] { 1.0, 2, 3 }, new[] { 2, 2 }), "Np.FromFlat");
        Throws(() => Np.FromFlat(new[] { 1, 2, 3 }, new[] { 2 }), "Np.FromFlat");
        Throws(() => Np.Zeros(new[] { 2, -1 }), "-1");
        Throws(() => Np.Full(new[] { -3 }, 1.0), "Np.Full", "-3");
        Throws(() => Np.Arange(-1), "Np.Arange");
        Throws(() => Np.Eye(-2), "Np.Eye");
        Throws(() => Np.Linspace(0, 1, -1), "Np.Linspace");
    }

    [Fact]
    public void Zeros_and_Ones_errors_name_the_function_the_user_called()
    {
        Throws(() => Np.Zeros(new[] { 2, -1 }), "Np.Zeros", "-1");
        Throws(() => Np.Ones(new[] { -3 }), "Np.Ones", "-3");
    }

    [Fact]
    public void Take_and_OneHot_reject_bad_indices()
    {
        var x = Np.Ones(new[] { 3, 2 });
        Throws(() => Np.Take(x, Np.Array(0.0, 1.0), 0), "Np.Take", "f64[2]");
        Throws(() => Np.Take(Np.Zeros([0, 2]), Np.Array(0), 0, IndexingMode.Clip), "Np.Take", "f64[0,2]");
        Throws(() => Nn.OneHot(Np.Array(0.0, 1.0), 3), "Nn.OneHot", "f64[2]");
    }

    [Fact]
    public void Empty_reductions_without_an_identity_are_rejected()
    {
        Throws(() => Np.Max(Np.Zeros(new[] { 0, 2 })), "Np.Max", "f64[0,2]");
        Throws(() => Np.Min(Np.Zeros(new[] { 0, 2 }), 0), "Np.Min", "f64[0,2]");
        Throws(() => Np.ArgMax(Np.Zeros(new[] { 2, 0 }), 1), "Np.ArgMax", "f64[2,0]");
    }

    // ------------------------------------------------------------------ transforms

    [Fact]
    public void Grad_of_a_non_scalar_output_names_Grad_and_the_typed_shape() =>
        PropertyCheck.ForAll(
            Ref.Shapes(1, 3, 1, 4).Where(s => Ref.Size(s) > 0),
            s =>
            {
                var x = Np.Ones(s);
                Throws(() => Jax.Grad((NDArray u) => u * 2.0)(x), "Grad", Typed(DType.Float64, s));
                Throws(() => Jax.ValueAndGrad((NDArray u) => Np.Sin(u))(x), "ValueAndGrad", Typed(DType.Float64, s));
                Throws(() => Jax.Grad(((NDArray A, NDArray B) p) => p.A * p.B)((x, x)), "Grad", Typed(DType.Float64, s));
                Unchanged(x, Enumerable.Repeat(1.0, Ref.Size(s)).ToArray());
            }, maxTest: 20);

    [Fact]
    public void Grad_rejects_integer_inputs_and_outputs()
    {
        Throws(() => Jax.Grad((NDArray u) => Np.Sum(u))(Np.Array(1, 2)), "Grad", "i32[2]");
        Throws(() => Jax.Grad((NDArray u) => Np.Sum(u).AsType(DType.Int32))(Np.Array(1.0, 2.0)), "Grad", "i32[]");
    }

    [Fact]
    public void Number_leaves_in_traced_positions_are_rejected_before_f_runs()
    {
        int calls = 0;
        NDArray F((NDArray X, double S) p) { calls++; return Np.Sum(p.X) * p.S; }
        var x = Np.Array(1.0, 2.0);

        foreach (var e in new[]
                 {
                     Throws(() => Jax.Grad<(NDArray, double)>(F)((x, 2.0)), "Grad", "NDArray"),
                     Throws(() => Jax.ValueAndGrad<(NDArray, double)>(F)((x, 2.0)), "ValueAndGrad", "NDArray"),
                     Throws(() => Jax.Jvp<(NDArray, double), NDArray>(F, (x, 2.0), (x, 1.0)), "Jvp", "NDArray"),
                     Throws(() => Jax.Vjp<(NDArray, double), NDArray>(F, (x, 2.0)), "Vjp", "NDArray"),
                     Throws(() => Jax.Linearize<(NDArray, double), NDArray>(F, (x, 2.0)), "Linearize", "NDArray"),
                 })
            Assert.Contains("double", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, calls);

        var ei = Throws(() => Jax.Grad((List<int> l) => Np.Scalar(1.0))(new List<int> { 1 }), "Grad", "NDArray");
        Assert.Contains("int", ei.Message, StringComparison.OrdinalIgnoreCase);
        var ef = Throws(() => Jax.Jvp(((NDArray A, float B) p) => p.A, (x, 1f), (x, 1f)), "Jvp", "NDArray");
        Assert.Contains("float", ef.Message, StringComparison.OrdinalIgnoreCase);
        Unchanged(x, new[] { 1.0, 2.0 });
    }

    [Fact]
    public void Number_leaves_outside_traced_positions_are_passed_through()
    {
        var g = Jax.Grad((NDArray x, double s) => Np.Sum(x * x) * s)(Np.Array(1.0, 2.0), 3.0);
        Assert.Equal(new[] { 6.0, 12.0 }, g.ToArray<double>());
        var g2 = Jax.Grad<NDArray, (double, int)>((x, c) => Np.Sum(x) * c.Item1 + c.Item2)(Np.Array(1.0, 2.0), (0.5, 4));
        Assert.Equal(new[] { 0.5, 0.5 }, g2.ToArray<double>());
    }

    [Fact]
    public void Unsupported_pytree_types_are_named_with_how_to_register_them()
    {
        var e1 = Throws(() => Tree.Leaves(new NotATree { Weights = Np.Ones(new[] { 2 }) }), "NotATree");
        Assert.Contains("Register", e1.Message);
        Throws(() => Tree.Flatten(new HoldsNotATree(Np.Ones(new[] { 1 }), new NotATree())), "NotATree");
        Throws(() => Jax.Grad((NotATree t) => Np.Sum(t.Weights!))(new NotATree { Weights = Np.Ones(new[] { 2 }) }), "NotATree");
        Throws(() => Tree.Leaves(new HashSet<NDArray> { Np.Ones(new[] { 1 }) }), "HashSet");
        Throws(() => Tree.Leaves(new Dictionary<int, NDArray> { [1] = Np.Ones(new[] { 1 }) }), "Dictionary");
        var es = Throws(() => Tree.Leaves("text"));
        Assert.Contains("string", es.Message, StringComparison.OrdinalIgnoreCase);
        var el = Throws(() => Tree.Map(x => x, (Np.Ones(new[] { 1 }), 2L)));
        Assert.True(el.Message.Contains("long") || el.Message.Contains("Int64"), el.Message);
        Throws(() => Tree.Leaves((Np.Ones(new[] { 1 }), (NDArray?)null)));
    }

    [Fact]
    public void Vjp_pullback_rejects_a_wrongly_shaped_cotangent() =>
        PropertyCheck.ForAll(
            Ref.Shapes(1, 2, 1, 4).SelectMany(s => Ref.Shapes(1, 2, 1, 4).Where(t => !t.SequenceEqual(s)).Select(t => (s, t))),
            t =>
            {
                var (s, bad) = t;
                var x = Np.Ones(s);
                var (y, pullback) = Jax.Vjp((NDArray u) => Np.Sin(u) * 2.0, x);
                var ct = Np.Ones(bad);
                Throws(() => pullback(ct), "Vjp", Typed(DType.Float64, bad), Typed(DType.Float64, s));
                // the pullback still works with a right cotangent, and nothing was modified
                Ref.AllClose(s, Enumerable.Repeat(2 * Math.Cos(1.0), Ref.Size(s)).ToArray(), pullback(Np.Ones(s)), 1e-15);
                Unchanged(x, Enumerable.Repeat(1.0, Ref.Size(s)).ToArray());
                Unchanged(ct, Enumerable.Repeat(1.0, Ref.Size(bad)).ToArray());
                Assert.Equal(Ref.Size(s), y.Size);
            }, maxTest: 20);

    [Fact]
    public void Vjp_pullback_rejects_a_wrongly_shaped_cotangent_in_a_tuple_output()
    {
        var (_, pullback) = Jax.Vjp<NDArray, (NDArray, NDArray)>(u => (u * 2.0, Np.Sum(u)), Np.Ones(new[] { 3 }));
        Throws(() => pullback((Np.Ones(new[] { 3 }), Np.Ones(new[] { 2 }))), "Vjp", "f64[2]", "f64[]");
        Throws(() => pullback((Np.Ones(new[] { 4 }), Np.Scalar(1.0))), "Vjp", "f64[4]", "f64[3]");
        var g = pullback((Np.Ones(new[] { 3 }), Np.Scalar(1.0)));
        Assert.Equal(new[] { 3.0, 3.0, 3.0 }, g.ToArray<double>());
    }

    [Fact]
    public void Jvp_rejects_tangents_that_do_not_match_the_primals_before_f_runs()
    {
        int calls = 0;
        NDArray F(NDArray u) { calls++; return Np.Sin(u); }
        Throws(() => Jax.Jvp(F, Np.Ones(new[] { 3 }), Np.Ones(new[] { 4 })), "Jvp", "f64[3]", "f64[4]");
        Throws(() => Jax.Jvp<(NDArray, NDArray), NDArray>(p => p.Item1 * p.Item2,
            (Np.Ones(new[] { 2 }), Np.Ones(new[] { 2 })), (Np.Ones(new[] { 2 }), Np.Ones(new[] { 2, 1 }))), "Jvp", "f64[2]", "f64[2,1]");
        Assert.Equal(0, calls);
    }

    [Fact]
    public void Jvp_rejects_a_tangent_dtype_that_differs_from_the_primal()
    {
        // jax.jvp: "primal and tangent arguments to jax.jvp must have equal types"
        Throws(() => Jax.Jvp((NDArray u) => Np.Sin(u), Np.Ones(new[] { 3 }), Np.Ones(new[] { 3 }, DType.Float32)), "Jvp", "f64[3]", "f32[3]");
    }

    [Fact]
    public void Linearize_rejects_a_wrongly_shaped_tangent()
    {
        var (_, jvp) = Jax.Linearize((NDArray u) => Np.Exp(u), Np.Ones(new[] { 3 }));
        Throws(() => jvp(Np.Ones(new[] { 2 })), "Linearize", "f64[2]", "f64[3]");
    }

    [Fact]
    public void Tree_Map_over_two_trees_of_different_structure_is_rejected()
    {
        var a = (Np.Ones(new[] { 1 }), new[] { Np.Ones(new[] { 1 }) });
        var b = (Np.Ones(new[] { 1 }), new[] { Np.Ones(new[] { 1 }), Np.Ones(new[] { 1 }) });
        Throws(() => Tree.Map((u, v) => u + v, a, b), "Tree.Map");
    }

    [Fact]
    public void Errors_leave_every_input_unchanged()
    {
        var a = Np.Array(1.0, 2.0, 3.0);
        var b = Np.Array(4.0, 5.0);
        var data = new[] { 1.0, 2.0, 3.0 };
        Assert.ThrowsAny<ArgumentException>(() => Np.Add(a, b));
        Assert.ThrowsAny<ArgumentException>(() => Np.Matmul(a, b));
        Assert.ThrowsAny<ArgumentException>(() => Np.Concatenate(new[] { a.Reshape(3, 1), b }, 0));
        Assert.ThrowsAny<ArgumentException>(() => Np.FromFlat(data, new[] { 2, 2 }));
        Assert.ThrowsAny<ArgumentException>(() => Jax.Grad((NDArray u) => u * b)(a));
        Assert.ThrowsAny<ArgumentException>(() => a.Reshape(2, 2));
        Unchanged(a, new[] { 1.0, 2.0, 3.0 });
        Unchanged(b, new[] { 4.0, 5.0 });
        Assert.Equal(new[] { 1.0, 2.0, 3.0 }, data);
        Assert.Equal(new Shape(3), a.Shape);
    }
}
