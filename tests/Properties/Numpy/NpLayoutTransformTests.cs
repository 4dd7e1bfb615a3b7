using System;
using System.Linq;
using Functional.AD.Testing;
using Xunit;

namespace Functional.AD.Properties.Numpy;

/// <summary>The layout functions under transforms: the transpose identity of their VJPs, gradients by finite differences, Jit == eager, Vmap == loop; and their errors.</summary>
public class NpLayoutTransformTests
{
    /// <summary>Linear functions of one f64 array of shape [3,4,2], each with a name for the failure message.</summary>
    public static TheoryData<string> LinearNames => new(Linear.Keys.ToArray());

    private static readonly System.Collections.Generic.Dictionary<string, Func<NDArray, NDArray>> Linear = new()
    {
        ["flip"] = x => Np.Flip(x, [0, -1]),
        ["roll"] = x => Np.Roll(x, -5, 1),
        ["rollFlat"] = x => Np.Roll(x, 7),
        ["rot90"] = x => Np.Rot90(x, 3, [2, 0]),
        ["swapaxes"] = x => Np.SwapAxes(x, 0, -1),
        ["moveaxis"] = x => Np.MoveAxis(x, [0, 1], [-1, 0]),
        ["ravel"] = Np.Ravel,
        ["tile"] = x => Np.Tile(x, [2, 1, 1, 3]),
        ["repeat"] = x => Np.Repeat(x, 3, 1),
        ["repeatPer"] = x => Np.Repeat(x, [0, 2, 1], 0, 5),
        ["split"] = x => Np.Split(x, [1, -1], 1)[1],
        ["arraySplit"] = x => Np.ArraySplit(x, 2, 0)[0],
        ["hstack"] = x => Np.HStack([x, Np.Multiply(x, 2.0)]),
        ["vstack"] = x => Np.VStack([x, x]),
        ["dstack"] = x => Np.DStack([x, x]),
        ["columnStack"] = x => Np.ColumnStack([Np.Ravel(x), Np.Ravel(x)]),
        ["diag"] = x => Np.Diag(Np.Ravel(x)[..5], -2),
        ["diagonal"] = x => Np.Diagonal(x, 1, 2, 1),
        ["trace"] = x => Np.Trace(x, -1, 0, 1),
        ["tril"] = x => Np.Tril(x, -1),
        ["triu"] = x => Np.Triu(x, 1),
        ["padConstant"] = x => Np.Pad(x, new[] { (1, 2), (0, 1), (3, 0) }),
        ["padEdge"] = x => Np.Pad(x, 2, "edge"),
        ["padReflect"] = x => Np.Pad(x, (3, 1), "reflect"),
        ["padSymmetric"] = x => Np.Pad(x, 4, "symmetric"),
        ["padWrap"] = x => Np.Pad(x, (5, 2), "wrap"),
        ["squeeze"] = x => Np.Squeeze(Np.ExpandDims(x, [0, -1]), [-1, 0]),
        ["tensordot"] = x => Np.TensorDot(x, Np.Reshape(Np.Arange(0.0, 16.0), [4, 2, 2]), ([1, 2], [0, 1])),
        ["inner"] = x => Np.Inner(x, Np.Array(1.0, -2.0)),
        ["kron"] = x => Np.Kron(Np.Array(new double[,] { { 1, 2 }, { -1, 0.5 } }), x),
        ["cross"] = x => Np.Cross(x[..2], Np.Array(0.5, -1.0, 2.0), 0, -1, 1),
        ["broadcastArrays"] = x => Np.BroadcastArrays(x, Np.Zeros([2, 1, 1, 1]))[0],
    };

    private static NDArray Input() => Np.Reshape(Np.Multiply(Np.Arange(0.0, 24.0), 0.37), [3, 4, 2]);

    private static NDArray RandomLike(NDArray like, int seed)
    {
        var rnd = new System.Random(seed);
        return Np.FromFlat(Enumerable.Range(0, like.Size).Select(_ => rnd.NextDouble() * 2 - 1).ToArray(), like.Shape.ToArray());
    }

    [Theory]
    [MemberData(nameof(LinearNames))]
    public void Vjp_satisfies_the_transpose_identity_and_Jit_and_Vmap_agree(string name)
    {
        var f = Linear[name];
        var x = Input();
        var (y, pullback) = Jax.Vjp(f, x);
        var v = RandomLike(x, 1);
        var u = RandomLike(y, 2);
        double Dot(NDArray p, NDArray q) => p.ToArray<double>().Zip(q.ToArray<double>(), (s, t) => s * t).Sum();
        // f is linear: <u, f(v)> = <f^T u, v>.
        Assert.Equal(Dot(u, f(v)), Dot(pullback(u), v), 1e-9);
        NumericAssert.AllClose(y, Jax.Jit(f)(x), 1e-12, 1e-12, "jit");
        var batch = Np.Stack([x, v, Np.Negative(x)]);
        var mapped = Jax.Vmap(f)(batch);
        for (int i = 0; i < 3; i++) NumericAssert.AllClose(f(batch[i]), mapped[i], 1e-12, 1e-12, "vmap");
    }

    [Fact]
    public void Gradients_through_compositions_match_finite_differences()
    {
        var x = Input();
        GradientCheck.CheckGrads(v => Np.Sum(Np.Sin(Np.Pad(Np.Rot90(v, 1, [0, 2]), 2, "reflect"))) * Np.Sum(Np.Tile(Np.Flip(v), [1, 2, 1])[..2]), x, 2);
        GradientCheck.CheckGrads(v => Np.Sum(Np.Square(Np.Cross(Np.Reshape(v, [8, 3]), Np.Roll(Np.Reshape(v, [8, 3]), 1, 0)))), x, 2);
        GradientCheck.CheckGrads(v => Np.Trace(Np.Kron(Np.Diagonal(v, 0, 0, 2), Np.Tril(Lax.Slice(Np.Reshape(v, [6, 4]), [0, 0], [2, 2])))), x, 2);
        GradientCheck.CheckGrads(v => Np.Sum(Np.Exp(Np.Repeat(Np.Ravel(v)[..4], [1, 0, 3, 2]))), x, 2);
    }

    [Fact]
    public void Bad_axes_and_shapes_raise_ArgumentException_naming_the_operation_and_the_typed_shape()
    {
        var x = Np.Zeros([3, 4], DType.Float32);
        void Bad(Action act, string op)
        {
            var e = Assert.ThrowsAny<ArgumentException>(act);
            Assert.Contains(op, e.Message);
            Assert.Contains("f32[3,4]", e.Message);
        }
        Bad(() => Np.Flip(x, 2), "Np.Flip");
        Bad(() => Np.Flip(x, [0, -2]), "Np.Flip");
        Bad(() => Np.Roll(x, 1, -3), "Np.Roll");
        Bad(() => Np.Rot90(x, 1, [0, 0]), "Np.Rot90");
        Bad(() => Np.SwapAxes(x, 0, 2), "Np.SwapAxes");
        Bad(() => Np.MoveAxis(x, [0], [0, 1]), "Np.MoveAxis");
        Bad(() => Np.Tile(x, [-1]), "Np.Tile");
        Bad(() => Np.Repeat(x, [1, 2], 0), "Np.Repeat");
        Bad(() => Np.Split(x, 3, 1), "Np.Split");
        Bad(() => Np.ArraySplit(x, 0, 1), "Np.ArraySplit");
        Bad(() => Np.VStack([x, Np.Zeros([3, 5])]), "Np.VStack");
        Bad(() => Np.Diagonal(x, 0, 1, -1), "Np.Diagonal");
        Bad(() => Np.Squeeze(x, [0]), "Np.Squeeze");
        Bad(() => Np.ExpandDims(x, [3, 4]), "Np.ExpandDims");
        Bad(() => Np.BroadcastArrays(x, Np.Zeros([2, 4])), "Np.BroadcastArrays");
        Bad(() => Np.TensorDot(x, Np.Zeros([5, 3]), 1), "Np.TensorDot");
        Bad(() => Np.Inner(x, Np.Zeros([3])), "Np.Inner");
        Bad(() => Np.Cross(x, x), "Np.Cross");
        Bad(() => Np.Pad(x, -1), "Np.Pad");
        Assert.Contains("f32[3]", Assert.ThrowsAny<ArgumentException>(() => Np.Tril(Np.Zeros([3], DType.Float32))).Message);
        Assert.Contains("f32[2,2,2]", Assert.ThrowsAny<ArgumentException>(() => Np.Diag(Np.Zeros([2, 2, 2], DType.Float32))).Message);
    }
}
