using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Functional.AD.Testing;
using Xunit;
using static Functional.AD.Jax;
using static Functional.AD.Properties.Primitives.Generators;

namespace Functional.AD.Properties.Custom;

/// <summary>
/// User-defined primitives checked with PrimitiveLaws: correct ones pass every law, and each law catches the
/// deliberately wrong rule it is meant for (a JVP with a sign error, a transpose of the wrong shape, a batching
/// rule that forgets to move an axis).
/// </summary>
public class UserPrimitiveTests
{
    private static readonly LawOptions Quick = new() { MaxTest = 20 };

    /// <summary>log(1 + e^x), elementwise, with its derivative sigmoid(x).</summary>
    private static UserPrimitive<double> Log1pExp(bool jvpSignError = false, bool batchForgetsAxis = false, bool withBatch = true) =>
        new(new PrimitiveDefinition<double>
        {
            Name = "scaled_log1pexp",
            ShapeRule = (types, scale) => types.Length == 1 && types[0].DType.IsFloat()
                ? new[] { types[0].Strong }
                : throw new ArgumentException($"scaled_log1pexp: expected one float array, got ({string.Join(", ", types)})"),
            Kernel = (xs, scale) => new[] { (Np.Maximum(xs[0], 0.0) + Np.Log1p(Np.Exp(-Np.Abs(xs[0])))) * scale },
            Jvp = (xs, ts, scale) =>
            {
                var y = (Np.Maximum(xs[0], 0.0) + Np.Log1p(Np.Exp(-Np.Abs(xs[0])))) * scale;
                var dy = ts[0] * Nn.Sigmoid(xs[0]) * scale;
                return (new[] { y }, new[] { jvpSignError ? -dy : dy });
            },
            Batch = withBatch
                ? (xs, axes, scale, size) =>
                {
                    var y = (Np.Maximum(xs[0], 0.0) + Np.Log1p(Np.Exp(-Np.Abs(xs[0])))) * scale;
                    // The wrong variant swaps the batch axis to the end and still reports it at its old place.
                    if (batchForgetsAxis && y.Rank > 1) y = Np.Transpose(y);
                    return (new[] { y }, new[] { axes[0] });
                }
                : null,
            PrintParams = scale => new (string, object?)[] { ("scale", scale) },
        });

    /// <summary>
    /// y = A x for A [m, n] and x [n]: bilinear. Its JVP applies the primitive itself to one tangent at a time
    /// (as JAX's rules for bilinear primitives do), so reverse mode goes through its transpose rules.
    /// </summary>
    private static UserPrimitive<int> MatVec(bool transposeWrongShape = false)
    {
        UserPrimitive<int>? self = null;
        self = new(new PrimitiveDefinition<int>
        {
            Name = "my_matvec",
            ShapeRule = (t, _) => t.Length == 2 && t[0].Shape.Rank == 2 && t[1].Shape.Rank == 1 && t[0].Shape[1] == t[1].Shape[0]
                ? new[] { new ArrayType(new Shape(t[0].Shape[0]), t[0].DType) }
                : throw new ArgumentException($"my_matvec: expected A[m,n] and x[n], got ({string.Join(", ", t)})"),
            Kernel = (xs, _) => new[] { Np.Matmul(xs[0], xs[1]) },
            Jvp = (xs, ts, _) => (self!.Bind(xs, 0), new[] { self.Bind(new[] { ts[0], xs[1] }, 0)[0] + self.Bind(new[] { xs[0], ts[1] }, 0)[0] }),
            Transpose = (cts, xs, _) =>
            {
                var ct = cts[0];
                // A is linear when xs[0] is null; x when xs[1] is null.
                NDArray? ctA = xs[0] is null && xs[1] is { } x ? Np.Outer(ct, x) : null;
                NDArray? ctX = xs[1] is null && xs[0] is { } a ? (transposeWrongShape ? Np.Matmul(a, Np.Ones(new[] { a.Shape[1] })) : Np.Matmul(a.T, ct)) : null;
                return new[] { ctA, ctX };
            },
        });
        return self;
    }

    private static Gen<NDArray[]> Vectors =>
        from n in Gen.Choose(1, 5) from x in Array(new[] { n }, Uniform(-3, 3)) select new[] { x };

    private static Gen<NDArray[]> Matrices =>
        from m in Gen.Choose(1, 4)
        from n in Gen.Choose(1, 4)
        from a in Array(new[] { m, n }, Uniform(-2, 2))
        from x in Array(new[] { n }, Uniform(-2, 2))
        select new[] { a, x };

    [Fact]
    public void A_correct_elementwise_primitive_satisfies_every_law()
    {
        var p = Log1pExp();
        PrimitiveLaws.Check(p, Vectors, 1.5, Quick);
        // It prints with its parameters and works under every transform.
        var text = MakeJaxpr((NDArray x) => p.Bind(new[] { x }, 1.5)[0])(Np.Array(1.0, 2.0)).ToString();
        Assert.Contains("scaled_log1pexp[scale=1.5]", text);
    }

    [Fact]
    public void A_correct_bilinear_primitive_with_a_transpose_rule_satisfies_every_law()
    {
        PrimitiveLaws.Check(MatVec(), Matrices, 0, Quick);
        // The transposes are used: a linear transpose of x -> A x is A^T.
        var a = Np.Array(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        var t = LinearTranspose((NDArray x) => MatVec().Bind(new[] { a, x }, 0)[0], Np.Zeros(new[] { 3 }))(Np.Array(1.0, -1.0));
        Assert.Equal(new[] { -3.0, -3.0, -3.0 }, t.ToArray<double>());
    }

    [Fact]
    public void The_JVP_law_catches_a_sign_error()
    {
        var ex = Assert.Throws<LawViolationException>(() => PrimitiveLaws.JvpMatchesFiniteDifferences(
            xs => Log1pExp(jvpSignError: true).Bind(xs, 1.0), Vectors, Quick));
        Assert.Contains("JVP = finite differences", ex.Message);
        Assert.Contains("f64[", ex.Message);   // the input is reported
        // The failing input was shrunk (values rounded) before being reported.
        Assert.Matches(@"\([1-9][0-9]* shrinks?\)", ex.Message);
    }

    [Fact]
    public void The_transpose_law_catches_a_transpose_of_the_wrong_shape()
    {
        var ex = Assert.Throws<LawViolationException>(() => PrimitiveLaws.TransposeIdentity(
            xs => MatVec(transposeWrongShape: true).Bind(xs, 0), Matrices.Where(m => m[0].Shape[0] != m[0].Shape[1]), Quick));
        Assert.Contains("transpose identity", ex.Message);
        Assert.Contains("Falsifiable", ex.Message);   // FsCheck's report, with the replay seed
    }

    [Fact]
    public void The_Vmap_law_catches_a_batching_rule_that_forgets_to_move_an_axis()
    {
        var inputs = from n in Gen.Choose(2, 4) from x in Array(new[] { n }, Uniform(-3, 3)) select new[] { x };
        var ex = Assert.Throws<LawViolationException>(() => PrimitiveLaws.VmapMatchesLoop(
            xs => Log1pExp(batchForgetsAxis: true).Bind(xs, 1.0), inputs, Quick with { BatchSize = 3 }));
        Assert.Contains("Vmap = loop", ex.Message);
    }

    [Fact]
    public void Without_a_batching_rule_Vmap_loops_over_the_examples_and_warns_once()
    {
        var warnings = new List<string>();
        var previous = WarningLog;
        try
        {
            WarningLog = warnings.Add;
            var p = Log1pExp(withBatch: false);
            var xs = Np.Array(new double[,] { { -1, 0, 1 }, { 2, 3, 4 } });
            var expected = Np.Stack(new[] { p.Bind(new[] { xs[0] }, 1.0)[0], p.Bind(new[] { xs[1] }, 1.0)[0] });
            Assert.Equal(expected.ToArray<double>(), Vmap((NDArray x) => p.Bind(new[] { x }, 1.0)[0])(xs).ToArray<double>());
            Vmap((NDArray x) => p.Bind(new[] { x }, 1.0)[0])(xs);
            Assert.Single(warnings);
            Assert.Contains("scaled_log1pexp", warnings[0]);
            PrimitiveLaws.VmapMatchesLoop(a => p.Bind(a, 1.0), Vectors, Quick);
        }
        finally
        {
            WarningLog = previous;
        }
    }

    [Fact]
    public void Missing_rules_and_bad_shapes_fail_with_clear_messages()
    {
        var noJvp = new UserPrimitive<int>(new PrimitiveDefinition<int>
        {
            Name = "opaque",
            ShapeRule = (t, _) => t,
            Kernel = (xs, _) => xs,
        });
        var ex = Assert.Throws<NotSupportedException>(() => Grad((NDArray x) => Np.Sum(noJvp.Bind(new[] { x }, 0)[0]))(Np.Array(1.0)));
        Assert.Contains("opaque", ex.Message);
        Assert.Contains("JVP", ex.Message);
        var shape = Assert.ThrowsAny<ArgumentException>(() => MatVec().Bind(new[] { Np.Zeros(new[] { 2, 3 }), Np.Zeros(new[] { 4 }) }, 0));
        Assert.Contains("my_matvec", shape.Message);
        Assert.Contains("f64[2,3]", shape.Message);
    }
}
