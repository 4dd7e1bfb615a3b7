using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck.Fluent;
using Functional.AD.Testing;
using Xunit;
using static Functional.AD.Properties.Numpy.NpLayoutTests;
using Gen = FsCheck.Fluent.Gen;

namespace Functional.AD.Properties.Numpy;

/// <summary>Np.Einsum against the explicit sum over every assignment of its labels, for random subscripts of one to four operands.</summary>
public class NpEinsumTests
{
    private const string Pool = "abcde";

    /// <summary>The sum over all label assignments of the product of the operands' elements, by numpy's definition.</summary>
    private static double[] Reference(string[] inputs, string output, NDArray[] operands, Dictionary<char, int> size)
    {
        var all = inputs.SelectMany(s => s).Concat(output).Distinct().ToArray();
        var outShape = output.Select(c => size[c]).ToArray();
        var result = new double[Count(outShape)];
        var data = operands.Select(o => o.ToArray<double>()).ToArray();
        foreach (var assign in Indices(all.Select(c => size[c]).ToArray()))
        {
            int Of(char c) => assign[Array.IndexOf(all, c)];
            double p = 1;
            for (int i = 0; i < inputs.Length; i++)
                p *= data[i][Flat(operands[i].Shape.ToArray(), inputs[i].Select(Of).ToArray())];
            result[Flat(outShape, output.Select(Of).ToArray())] += p;
        }
        return result;
    }

    private static FsCheck.Gen<(string[] Inputs, string? Output, Dictionary<char, int> Size)> Specs() =>
        Gen.ArrayOf(Gen.Choose(0, 3), Pool.Length).SelectMany(sizes =>
            Gen.Choose(1, 4).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 3).SelectMany(r => Gen.ArrayOf(Gen.Elements(Pool.ToCharArray()), r)), n)
                .SelectMany(ins => Gen.Elements(true, false).SelectMany(explicitOut => Gen.Shuffle(Pool.ToCharArray()).SelectMany(order =>
                    Gen.Choose(0, 5).Select(k =>
                    {
                        var inputs = ins.Select(a => new string(a)).ToArray();
                        var used = inputs.SelectMany(s => s).Distinct().ToHashSet();
                        string? output = explicitOut ? new string(order.Where(used.Contains).Take(k).ToArray()) : null;
                        var size = Pool.Select((c, i) => (c, d: sizes[i] == 0 && i > 0 ? 2 : sizes[i])).ToDictionary(t => t.c, t => t.d);
                        return (inputs, output, size);
                    }))))));

    private static NDArray Operand(string labels, Dictionary<char, int> size, int seed)
    {
        var shape = labels.Select(c => size[c]).ToArray();
        var rnd = new System.Random(seed);
        return Np.FromFlat(Enumerable.Range(0, Count(shape)).Select(_ => Math.Round(rnd.NextDouble() * 4 - 2, 2)).ToArray(), shape);
    }

    [Fact]
    public void Einsum_equals_the_explicit_sum_for_random_subscripts_with_repeats_and_implicit_outputs()
    {
        PropertyCheck.ForAll(Specs(), c =>
        {
            var (inputs, output, size) = c;
            var operands = inputs.Select((s, i) => Operand(s, size, i + 17 * s.Length)).ToArray();
            var counts = inputs.SelectMany(s => s).GroupBy(ch => ch).ToDictionary(g => g.Key, g => g.Count());
            string outLabels = output ?? new string(counts.Where(kv => kv.Value == 1).Select(kv => kv.Key).OrderBy(ch => ch).ToArray());
            string subscripts = string.Join(",", inputs) + (output is null ? "" : "->" + output);
            var got = Np.Einsum(subscripts, operands);
            var expected = Reference(inputs, outLabels, operands, size);
            Assert.Equal(new Shape(outLabels.Select(ch => size[ch]).ToArray()), got.Shape);
            var g = got.ToArray<double>();
            for (int i = 0; i < g.Length; i++) Assert.Equal(expected[i], g[i], 1e-9);
        }, 200);
    }

    [Fact]
    public void Einsum_with_ellipsis_broadcasts_the_remaining_axes()
    {
        var a = Np.Reshape(Np.Arange(0.0, 24.0), [2, 1, 3, 4]);
        var b = Np.Reshape(Np.Arange(0.0, 20.0), [5, 4, 1]);
        var got = Np.Einsum("...ij,...jk->...ik", a, b);
        Assert.Equal(new Shape(2, 5, 3, 1), got.Shape);
        NumericAssert.AllClose(Np.Matmul(a, b), got, 1e-12, 1e-12);
        NumericAssert.AllClose(a, Np.Einsum("...j", a), 1e-12, 1e-12);   // implicit output: the ellipsis, then j (used once)
        NumericAssert.AllClose(Np.Sum(a, 3), Np.Einsum("...j->...", a), 1e-12, 1e-12);
        NumericAssert.AllClose(Np.Sum(Np.Sum(a, 3), 2), Np.Einsum("...ij->...", a), 1e-12, 1e-12);
    }

    [Fact]
    public void Einsum_is_differentiable_and_agrees_under_Jit_and_Vmap()
    {
        var a = Operand("ijk", new() { ['i'] = 2, ['j'] = 3, ['k'] = 4 }, 1);
        var b = Operand("kl", new() { ['k'] = 4, ['l'] = 2 }, 2);
        var d = Operand("lj", new() { ['l'] = 2, ['j'] = 3 }, 3);
        GradientCheck.CheckGrads(xs => Np.Sum(Np.Sin(Np.Einsum("ijk,kl,lj->il", xs[0], xs[1], xs[2]))), [a, b, d], 2);
        GradientCheck.CheckGrads(x => Np.Sum(Np.Square(Np.Einsum("iji->j", Np.Reshape(x, [2, 3, 2])[..2]))), Operand("abc", new() { ['a'] = 2, ['b'] = 3, ['c'] = 2 }, 4), 2);
        Func<NDArray, NDArray, NDArray> f = (x, y) => Np.Einsum("ijk,kl->lji", x, y);
        NumericAssert.AllClose(f(a, b), Jax.Jit(f)(a, b), 1e-12, 1e-12);
        var batch = Np.Stack([b, Np.Negative(b), Np.Multiply(b, 2.0)]);
        var mapped = Jax.Vmap((NDArray y) => f(a, y))(batch);
        for (int i = 0; i < 3; i++) NumericAssert.AllClose(f(a, batch[i]), mapped[i], 1e-12, 1e-12);
    }

    [Fact]
    public void Einsum_rejects_mismatched_subscripts_naming_the_typed_shapes()
    {
        var x = Np.Zeros([3, 4], DType.Float32);
        void Bad(string s, params NDArray[] ops)
        {
            var e = Assert.ThrowsAny<ArgumentException>(() => Np.Einsum(s, ops));
            Assert.Contains("Np.Einsum", e.Message);
            Assert.Contains("f32[3,4]", e.Message);
        }
        Bad("ij,ij", x, Np.Zeros([4, 3], DType.Float32));
        Bad("ijk", x);
        Bad("ij", x, x);
        Bad("ij->iij", x);
        Bad("ij->k", x);
        Bad("i1", x);
    }
}
