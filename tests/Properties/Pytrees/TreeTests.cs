using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using FsCheck.Fluent;
using Functional.AD.Properties.Arrays;
using Xunit;

namespace Functional.AD.Properties.Pytrees;

/// <summary>A positional record of parameters: a pytree with children W then B.</summary>
public sealed record LinearParams(NDArray W, NDArray B);

/// <summary>A record with a number leaf.</summary>
public sealed record Hyper(NDArray Scale, double Rate, int Steps);

/// <summary>A nested record.</summary>
public sealed record Model(LinearParams First, LinearParams Second);

/// <summary>A record whose children are containers.</summary>
public sealed record Layers(List<LinearParams> Hidden, Dictionary<string, NDArray> Extra);

/// <summary>
/// Not a pytree by the structural rule (the constructor's parameter names do not match the properties),
/// so it must be registered with <see cref="Tree.Register{T}"/>.
/// </summary>
public sealed class RegisteredPair
{
    public RegisteredPair(NDArray first, NDArray second)
    {
        Left = first;
        Right = second;
    }

    public NDArray Left { get; }
    public NDArray Right { get; }

    static RegisteredPair() => Tree.Register<RegisteredPair>(
        p => new object?[] { p.Left, p.Right },
        c => new RegisteredPair((NDArray)c[0]!, (NDArray)c[1]!));

    /// <summary>Touches the type so its static constructor (the registration) has run.</summary>
    public static RegisteredPair Of(NDArray a, NDArray b) => new(a, b);
}

public class TreeTests
{
    private static NDArray Arr(params double[] v) => Np.Array(v);

    private static double[] Values(IEnumerable<NDArray> leaves) => leaves.SelectMany(l => l.ToArray<double>()).ToArray();

    // ------------------------------------------------------------------ leaves and structure

    [Fact]
    public void Leaves_of_nested_tuples_are_depth_first()
    {
        var tree = ((Arr(1), Arr(2)), Arr(3), (Arr(4), (Arr(5), Arr(6), Arr(7))));
        Assert.Equal(new[] { 1.0, 2, 3, 4, 5, 6, 7 }, Values(Tree.Leaves(tree)));
        var (leaves, def) = Tree.Flatten(tree);
        Assert.Equal(7, def.LeafCount);
        Assert.Equal(7, leaves.Count);
        var rebuilt = def.Unflatten<((NDArray, NDArray), NDArray, (NDArray, (NDArray, NDArray, NDArray)))>(leaves.Select(l => l * 10.0));
        Assert.Equal(70.0, (double)rebuilt.Item3.Item2.Item3[0]);
        Assert.Equal(10.0, (double)rebuilt.Item1.Item1[0]);
        Assert.Equal(new[] { 1.0 }, Values(Tree.Leaves(Arr(1))));
    }

    [Fact]
    public void A_single_array_is_one_leaf()
    {
        var x = Np.Ones(new[] { 2, 3 });
        var (leaves, def) = Tree.Flatten(x);
        Assert.Single(leaves);
        Assert.Equal(1, def.LeafCount);
        Assert.Equal(new Shape(2, 3), leaves[0].Shape);
        Assert.Equal(new[] { 4.0, 4 }, def.Unflatten<NDArray>(new[] { Np.Full(new[] { 2 }, 4) }).ToArray<double>());
        Assert.Equal(new[] { 2.0, 2, 2, 2, 2, 2 }, Tree.Map(u => u * 2.0, x).ToArray<double>());
    }

    /// <summary>For one container type: leaves in order, Unflatten rebuilds it, Map maps each leaf.</summary>
    private static void CheckContainer<T>(T tree, double[] expectedLeafValues, Func<T, double[]> read)
    {
        var leaves = Tree.Leaves(tree);
        Assert.Equal(expectedLeafValues, Values(leaves));
        var (flat, def) = Tree.Flatten(tree);
        Assert.Equal(leaves.Count, def.LeafCount);
        Assert.Equal(flat.Count, def.LeafCount);
        Assert.Equal(expectedLeafValues, Values(flat));

        var rebuilt = def.Unflatten<T>(flat.Select(l => l + 100.0));
        Assert.Equal(expectedLeafValues.Select(v => v + 100).ToArray(), read(rebuilt));

        var mapped = Tree.Map(l => l * -1.0, tree);
        Assert.Equal(expectedLeafValues.Select(v => -v).ToArray(), read(mapped));
        var sum = Tree.Map((a, b) => a + b, tree, mapped);
        Assert.All(read(sum), v => Assert.Equal(0.0, v));
        // the input tree is untouched
        Assert.Equal(expectedLeafValues, read(tree));
    }

    private static double[] Read(IEnumerable<NDArray> xs) => Values(xs);

    [Fact]
    public void Containers_round_trip_through_Flatten_Unflatten_and_Map() =>
        PropertyCheck.ForAll(Gen.Choose(0, 5).SelectMany(n => Ref.Values(n, -10, 10)), v =>
        {
            var arrays = v.Select(x => Arr(x)).ToArray();
            CheckContainer(arrays, v, Read);
            CheckContainer(arrays.ToList(), v, Read);
            CheckContainer(arrays.ToImmutableArray(), v, t => Read(t));
            CheckContainer(arrays.ToImmutableList(), v, Read);
            CheckContainer((arrays, arrays.ToList()), v.Concat(v).ToArray(), t => Read(t.Item1).Concat(Read(t.Item2)).ToArray());
            CheckContainer(arrays.Select(a => (a, new[] { a * 2.0 })).ToList(), v.SelectMany(x => new[] { x, 2 * x }).ToArray(),
                t => t.SelectMany(p => Read(new[] { p.Item1 }).Concat(Read(p.Item2))).ToArray());
        });

    [Fact]
    public void Records_and_registered_classes_are_pytrees()
    {
        CheckContainer(new LinearParams(Arr(1, 2), Arr(3)), new[] { 1.0, 2, 3 }, p => Read(new[] { p.W, p.B }));
        var model = new Model(new LinearParams(Arr(1), Arr(2)), new LinearParams(Arr(3), Arr(4)));
        CheckContainer(model, new[] { 1.0, 2, 3, 4 }, m => Read(new[] { m.First.W, m.First.B, m.Second.W, m.Second.B }));
        CheckContainer(RegisteredPair.Of(Arr(5), Arr(6, 7)), new[] { 5.0, 6, 7 }, p => Read(new[] { p.Left, p.Right }));
        CheckContainer((RegisteredPair.Of(Arr(1), Arr(2)), new[] { RegisteredPair.Of(Arr(3), Arr(4)) }), new[] { 1.0, 2, 3, 4 },
            t => Read(new[] { t.Item1.Left, t.Item1.Right, t.Item2[0].Left, t.Item2[0].Right }));
        var layers = new Layers(new List<LinearParams> { new(Arr(1), Arr(2)) }, new Dictionary<string, NDArray> { ["z"] = Arr(4), ["a"] = Arr(3) });
        CheckContainer(layers, new[] { 1.0, 2, 3, 4 }, l => Read(new[] { l.Hidden[0].W, l.Hidden[0].B, l.Extra["a"], l.Extra["z"] }));
    }

    private static readonly string[] KeyPool = { "b", "a", "B", "A", "_x", "a1", "a10", "a2", "Z", "z", "ä", "10", "9", "" };

    [Fact]
    public void Dictionaries_list_their_entries_in_ordinal_key_order_whatever_the_insertion_order() =>
        PropertyCheck.ForAll(
            Gen.SubListOf(KeyPool).Select(k => k.ToArray()).SelectMany(keys => Gen.Shuffle(keys).SelectMany(order =>
                Ref.Values(keys.Length, -5, 5).Select(vals => (order, vals)))),
            t =>
            {
                var (order, vals) = t;
                var dict = new Dictionary<string, NDArray>();
                for (int i = 0; i < order.Length; i++) dict[order[i]] = Arr(vals[i]);
                var sortedKeys = order.OrderBy(k => k, StringComparer.Ordinal).ToArray();
                var expected = sortedKeys.Select(k => vals[Array.IndexOf(order, k)]).ToArray();
                double[] ReadDict(IReadOnlyDictionary<string, NDArray> d) => sortedKeys.Select(k => (double)d[k]).ToArray();

                CheckContainer(dict, expected, d => ReadDict(d));
                var immutable = dict.ToImmutableDictionary();
                CheckContainer(immutable, expected, d => ReadDict(d));

                // rebuilding keeps every key with its own value
                var (leaves, def) = Tree.Flatten(dict);
                var back = def.Unflatten<Dictionary<string, NDArray>>(leaves);
                Assert.Equal(dict.Keys.OrderBy(k => k, StringComparer.Ordinal), back.Keys.OrderBy(k => k, StringComparer.Ordinal));
                foreach (var k in dict.Keys) Assert.Equal((double)dict[k], (double)back[k]);
            });

    [Fact]
    public void Number_leaves_are_weak_0d_arrays_and_come_back_as_numbers()
    {
        var leaves = Tree.Leaves((1.5, 2.5f, 3));
        Assert.Equal(3, leaves.Count);
        Assert.Equal(new[] { DType.Float64, DType.Float32, DType.Int32 }, leaves.Select(l => l.DType));
        Assert.All(leaves, l => Assert.True(l.IsWeaklyTyped));
        Assert.All(leaves, l => Assert.Equal(0, l.Rank));
        Assert.Equal(new[] { 1.5, 2.5, 3.0 }, Values(leaves));

        var mapped = Tree.Map(x => x * 2, (1.5, 2.5f, 3));
        Assert.Equal((3.0, 5f, 6), mapped);

        var h = Tree.Map(x => x + 1, new Hyper(Arr(1, 2), 0.25, 10));
        Assert.Equal(new[] { 2.0, 3 }, h.Scale.ToArray<double>());
        Assert.Equal(1.25, h.Rate);
        Assert.Equal(11, h.Steps);

        var sum = Tree.Map((a, b) => a + b, new List<double> { 1, 2 }, new List<double> { 10, 20 });
        Assert.Equal(new List<double> { 11, 22 }, sum);

        var (flat, def) = Tree.Flatten(new Hyper(Arr(1), 0.5, 2));
        Assert.Equal(3, def.LeafCount);
        var rebuilt = def.Unflatten<Hyper>(new[] { Arr(7), Np.Scalar(0.75), Np.Scalar(5) });
        Assert.Equal(0.75, rebuilt.Rate);
        Assert.Equal(5, rebuilt.Steps);
        Assert.Equal(new[] { 1.0, 0.5, 2.0 }, Values(flat));
    }

    [Fact]
    public void Unflatten_with_the_wrong_number_of_leaves_is_rejected()
    {
        var (_, def) = Tree.Flatten((Arr(1), Arr(2)));
        Assert.ThrowsAny<ArgumentException>(() => def.Unflatten<(NDArray, NDArray)>(new[] { Arr(1) }));
        Assert.ThrowsAny<ArgumentException>(() => def.Unflatten<(NDArray, NDArray)>(new[] { Arr(1), Arr(2), Arr(3) }));
    }

    [Fact]
    public void Tree_Map_applies_f_once_per_leaf_in_leaf_order()
    {
        var seen = new List<double>();
        var tree = (new List<NDArray> { Arr(1), Arr(2) }, new Dictionary<string, NDArray> { ["y"] = Arr(4), ["x"] = Arr(3) }, new LinearParams(Arr(5), Arr(6)));
        Tree.Map(l => { seen.Add((double)l); return l; }, tree);
        Assert.Equal(new[] { 1.0, 2, 3, 4, 5, 6 }, seen);
    }

    // ------------------------------------------------------------------ transforms over pytrees

    private static Dense MatmulRef(Dense a, Dense b)
    {
        int n = a.Shape[0], k = a.Shape[1], m = b.Shape[1];
        var d = new double[n * m];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++)
            {
                double s = 0;
                for (int q = 0; q < k; q++) s += a.Data[i * k + q] * b.Data[q * m + j];
                d[i * m + j] = s;
            }
        return new Dense(new[] { n, m }, d);
    }

    [Fact]
    public void Gradient_of_a_least_squares_loss_over_a_record_is_the_hand_derived_one() =>
        PropertyCheck.ForAll(
            Gen.Choose(1, 5).SelectMany(n => Gen.Choose(1, 4).SelectMany(d => Gen.Choose(1, 3).SelectMany(k =>
                Ref.DenseOf(new[] { n, d }).SelectMany(x => Ref.DenseOf(new[] { n, k }).SelectMany(y =>
                    Ref.DenseOf(new[] { d, k }).SelectMany(w => Ref.DenseOf(new[] { k }).Select(b => (x, y, w, b)))))))),
            t =>
            {
                var (x, y, w, b) = t;
                int n = x.Shape[0], k = y.Shape[1];
                // residual r = X W + b - Y; loss = sum r^2; dW = 2 X^T r; db = 2 sum_rows r
                var xw = MatmulRef(x, w);
                var r = new Dense(y.Shape, xw.Data.Select((v, i) => v + b.Data[i % k] - y.Data[i]).ToArray());
                double loss = r.Data.Sum(v => v * v);
                var dW = MatmulRef(Ref.Transpose(x, new[] { 1, 0 }), r);
                var dB = Enumerable.Range(0, k).Select(j => Enumerable.Range(0, n).Sum(i => 2 * r.Data[i * k + j])).ToArray();

                NDArray Loss(LinearParams p, (NDArray X, NDArray Y) batch) => Np.Sum(Np.Square(Np.Matmul(batch.X, p.W) + p.B - batch.Y));
                var ps = new LinearParams(w.ToNd(), b.ToNd());
                var batch = (x.ToNd(), y.ToNd());
                var (value, grad) = Jax.ValueAndGrad<LinearParams, (NDArray, NDArray)>(Loss)(ps, batch);
                Ref.Close(loss, (double)value, 1e-12, 1e-12, "loss");
                Ref.AllClose(new Dense(dW.Shape, dW.Data.Select(v => 2 * v).ToArray()), grad.W, 1e-12, 1e-12, "dW");
                Ref.AllClose(new[] { k }, dB, grad.B, 1e-12, 1e-12, "dB");
                var g2 = Jax.Grad<LinearParams, (NDArray, NDArray)>(Loss)(ps, batch);
                Ref.AllClose(new[] { k }, dB, g2.B, 1e-12, 1e-12, "Grad dB");
                // parameters untouched
                Assert.Equal(w.Data, ps.W.ToArray<double>());
                Assert.Equal(b.Data, ps.B.ToArray<double>());
            });

    [Fact]
    public void Gradients_over_every_container_type() =>
        PropertyCheck.ForAll(
            Gen.Choose(1, 4).SelectMany(n => Gen.ArrayOf(Ref.Denses(0, 2, 1, 3), n)),
            xs =>
            {
                // loss = sum_i (i + 1) * sum(x_i^2), so d/dx_i = 2 (i + 1) x_i
                var expected = xs.Select((x, i) => Ref.Map(x, v => 2 * (i + 1) * v)).ToArray();
                NDArray Loss(IEnumerable<NDArray> items) => items.Select((x, i) => Np.Sum(Np.Square(x)) * (double)(i + 1)).Aggregate((a, b) => a + b);
                var arrays = xs.Select(x => x.ToNd()).ToArray();

                void Check(IEnumerable<NDArray> grads, string what)
                {
                    var g = grads.ToArray();
                    Assert.Equal(expected.Length, g.Length);
                    for (int i = 0; i < g.Length; i++) Ref.AllClose(expected[i], g[i], 1e-14, 0, $"{what}[{i}]");
                }

                Check(Jax.Grad((NDArray[] a) => Loss(a))(arrays), "T[]");
                Check(Jax.Grad((List<NDArray> a) => Loss(a))(arrays.ToList()), "List");
                Check(Jax.Grad((ImmutableArray<NDArray> a) => Loss(a))(arrays.ToImmutableArray()), "ImmutableArray");
                Check(Jax.Grad((ImmutableList<NDArray> a) => Loss(a))(arrays.ToImmutableList()), "ImmutableList");
                var keys = Enumerable.Range(0, arrays.Length).Select(i => "k" + (char)('z' - i)).ToArray();
                var dict = keys.Select((key, i) => (key, i)).ToDictionary(p => p.key, p => arrays[p.i]);
                NDArray DictLoss(IReadOnlyDictionary<string, NDArray> d) => Loss(keys.Select(key => d[key]));
                var gd = Jax.Grad((Dictionary<string, NDArray> d) => DictLoss(d))(dict);
                Check(keys.Select(key => gd[key]), "Dictionary");
                var gi = Jax.Grad((ImmutableDictionary<string, NDArray> d) => DictLoss(d))(dict.ToImmutableDictionary());
                Check(keys.Select(key => gi[key]), "ImmutableDictionary");
            });

    [Fact]
    public void Gradients_over_tuples_records_and_registered_classes() =>
        PropertyCheck.ForAll(
            Ref.Shapes(0, 2, 1, 3).SelectMany(s => Gen.Three(Ref.DenseOf(s)).Select(v => (v.Item1, v.Item2, v.Item3))),
            t =>
            {
                var (x, y, z) = t;
                Dense Mul(Dense a, Dense b) => Ref.Binary(a, b, (p, q) => p * q);
                // sum(x*y*z) over a nested tuple
                var g = Jax.Grad((((NDArray X, NDArray Y) Inner, NDArray Z) p) => Np.Sum(p.Inner.X * p.Inner.Y * p.Z))(((x.ToNd(), y.ToNd()), z.ToNd()));
                Ref.AllClose(Mul(y, z), g.Inner.X, 1e-15, 0, "d/dx");
                Ref.AllClose(Mul(x, z), g.Inner.Y, 1e-15, 0, "d/dy");
                Ref.AllClose(Mul(x, y), g.Z, 1e-15, 0, "d/dz");

                // sum(left^2 * right) over a registered class
                var gp = Jax.Grad((RegisteredPair p) => Np.Sum(p.Left * p.Left * p.Right))(RegisteredPair.Of(x.ToNd(), y.ToNd()));
                Ref.AllClose(Ref.Binary(x, y, (p, q) => 2 * p * q), gp.Left, 1e-15, 0, "d/dleft");
                Ref.AllClose(Mul(x, x), gp.Right, 1e-15, 0, "d/dright");

                // sum(sin(W) * B) + sum(exp(second.W)) over a nested record
                var model = new Model(new LinearParams(x.ToNd(), y.ToNd()), new LinearParams(z.ToNd(), Np.Scalar(1.0)));
                var gm = Jax.Grad((Model m) => Np.Sum(Np.Sin(m.First.W) * m.First.B) + Np.Sum(Np.Exp(m.Second.W)) * m.Second.B)(model);
                Ref.AllClose(Ref.Binary(x, y, (p, q) => Math.Cos(p) * q), gm.First.W, 1e-14, 1e-15, "dW1");
                Ref.AllClose(Ref.Map(x, Math.Sin), gm.First.B, 1e-14, 1e-15, "dB1");
                Ref.AllClose(Ref.Map(z, Math.Exp), gm.Second.W, 1e-14, 0, "dW2");
                Ref.Close(z.Data.Sum(Math.Exp), (double)gm.Second.B, 1e-13, 0, "dB2");
            });

    [Fact]
    public void Grad_with_number_leaves_in_the_undifferentiated_argument()
    {
        var h = new Hyper(Np.Scalar(3.0), 0.5, 4);
        var g = Jax.Grad((NDArray x, Hyper hy) => Np.Sum(x * x) * hy.Rate * hy.Steps * hy.Scale)(Arr(1, -2), h);
        Assert.Equal(new[] { 12.0, -24.0 }, g.ToArray<double>());
    }

    [Fact]
    public void An_sgd_step_with_Tree_Map_over_params_and_grads()
    {
        var p = new LinearParams(Arr(1, 2), Arr(3));
        var grads = Jax.Grad((LinearParams q) => Np.Sum(q.W * q.W) + Np.Sum(q.B * q.B * q.B))(p);
        var next = Tree.Map((w, gw) => w - 0.1 * gw, p, grads);
        Assert.Equal(new[] { 1 - 0.1 * 2, 2 - 0.1 * 4 }, next.W.ToArray<double>());
        Ref.Close(3 - 0.1 * 27, (double)next.B[0], 1e-15);
    }

    [Fact]
    public void Jvp_over_pytrees_matches_the_hand_derived_tangents() =>
        PropertyCheck.ForAll(
            Ref.Shapes(0, 2, 1, 3).SelectMany(s => Gen.Four(Ref.DenseOf(s)).Select(v => (v.Item1, v.Item2, v.Item3, v.Item4))),
            t =>
            {
                var (x, y, u, v) = t;
                // f(x, y) = (x * y, LinearParams(sin x, sum(y^2)))
                (NDArray, LinearParams) F((NDArray X, NDArray Y) p) => (p.X * p.Y, new LinearParams(Np.Sin(p.X), Np.Sum(p.Y * p.Y)));
                var (primal, tangent) = Jax.Jvp<(NDArray X, NDArray Y), (NDArray, LinearParams)>(
                    p => F(p), (x.ToNd(), y.ToNd()), (u.ToNd(), v.ToNd()));
                Ref.AllClose(Ref.Binary(x, y, (a, b) => a * b), primal.Item1, 1e-15, 0, "primal x*y");
                Ref.AllClose(Ref.Map(x, Math.Sin), primal.Item2.W, 1e-15, 0, "primal sin");
                var dxy = new Dense(x.Shape, x.Data.Select((_, i) => u.Data[i] * y.Data[i] + x.Data[i] * v.Data[i]).ToArray());
                Ref.AllClose(dxy, tangent.Item1, 1e-14, 1e-15, "d(x*y)");
                Ref.AllClose(Ref.Binary(x, u, (a, b) => Math.Cos(a) * b), tangent.Item2.W, 1e-14, 1e-15, "d sin");
                Ref.Close(y.Data.Select((b, i) => 2 * b * v.Data[i]).Sum(), (double)tangent.Item2.B, 1e-13, 1e-14, "d sum(y^2)");

                // the curried form and Linearize agree
                var (_, t2) = Jax.Jvp<(NDArray X, NDArray Y), (NDArray, LinearParams)>(p => F(p))((x.ToNd(), y.ToNd()), (u.ToNd(), v.ToNd()));
                Ref.AllClose(dxy, t2.Item1, 1e-14, 1e-15, "curried");
                var (_, lin) = Jax.Linearize<(NDArray X, NDArray Y), (NDArray, LinearParams)>(p => F(p), (x.ToNd(), y.ToNd()));
                Ref.AllClose(dxy, lin((u.ToNd(), v.ToNd())).Item1, 1e-14, 1e-15, "linearize");
            });

    [Fact]
    public void Vjp_over_pytrees_matches_the_hand_derived_cotangents() =>
        PropertyCheck.ForAll(
            Ref.Shapes(1, 2, 1, 3).SelectMany(s => Gen.Four(Ref.DenseOf(s)).SelectMany(v =>
                Ref.Values(1, -2, 2).Select(c => (v.Item1, v.Item2, v.Item3, v.Item4, c[0])))),
            t =>
            {
                var (w, b, ct1, ct2, ct3) = t;
                // f(p) = (W * B, Dictionary { "e": exp(B), "s": sum(W) })
                var (value, pullback) = Jax.Vjp<LinearParams, (NDArray, Dictionary<string, NDArray>)>(
                    p => (p.W * p.B, new Dictionary<string, NDArray> { ["s"] = Np.Sum(p.W), ["e"] = Np.Exp(p.B) }),
                    new LinearParams(w.ToNd(), b.ToNd()));
                Ref.AllClose(Ref.Binary(w, b, (p, q) => p * q), value.Item1, 1e-15);
                Ref.AllClose(Ref.Map(b, Math.Exp), value.Item2["e"], 1e-15);
                var g = pullback((ct1.ToNd(), new Dictionary<string, NDArray> { ["e"] = ct2.ToNd(), ["s"] = Np.Scalar(ct3) }));
                // dW = ct1 * B + ct3 ; dB = ct1 * W + ct2 * exp(B)
                var dW = new Dense(w.Shape, w.Data.Select((_, i) => ct1.Data[i] * b.Data[i] + ct3).ToArray());
                var dB = new Dense(b.Shape, b.Data.Select((q, i) => ct1.Data[i] * w.Data[i] + ct2.Data[i] * Math.Exp(q)).ToArray());
                Ref.AllClose(dW, g.W, 1e-13, 1e-14, "dW");
                Ref.AllClose(dB, g.B, 1e-13, 1e-14, "dB");
            });

    [Fact]
    public void Unused_leaves_get_zero_gradients_of_their_own_shape_and_dtype()
    {
        var p = (Np.Array(1.0, 2.0), Np.Ones(new[] { 2, 3 }, DType.Float32), new LinearParams(Np.Scalar(2f), Np.Zeros(new[] { 4 })));
        var g = Jax.Grad(((NDArray A, NDArray B, LinearParams C) q) => Np.Sum(q.A * q.A))(p);
        Assert.Equal(new[] { 2.0, 4.0 }, g.A.ToArray<double>());
        Assert.Equal(new Shape(2, 3), g.B.Shape);
        Assert.Equal(DType.Float32, g.B.DType);
        Assert.All(g.B.ToArray<double>(), v => Assert.Equal(0.0, v));
        Assert.Equal(DType.Float32, g.C.W.DType);
        Assert.Equal(0, g.C.W.Rank);
        Assert.Equal(new Shape(4), g.C.B.Shape);
        Assert.All(g.C.B.ToArray<double>(), v => Assert.Equal(0.0, v));

        var constant = Jax.Grad((NDArray u) => Np.Scalar(3.0))(Np.Array(1.0, 2.0, 3.0));
        Assert.Equal(new[] { 0.0, 0.0, 0.0 }, constant.ToArray<double>());

        var (_, pullback) = Jax.Vjp<(NDArray, NDArray), NDArray>(q => Np.Sin(q.Item1), (Np.Array(0.0), Np.Array(1.0, 2.0)));
        var ct = pullback(Np.Array(1.0));
        Assert.Equal(new[] { 1.0 }, ct.Item1.ToArray<double>());
        Assert.Equal(new[] { 0.0, 0.0 }, ct.Item2.ToArray<double>());

        var (_, tangent) = Jax.Jvp<(NDArray, NDArray), (NDArray, NDArray)>(q => (q.Item1 * 2.0, Np.Ones(new[] { 3 })),
            (Np.Array(1.0), Np.Array(1.0)), (Np.Array(1.0), Np.Array(1.0)));
        Assert.Equal(new[] { 2.0 }, tangent.Item1.ToArray<double>());
        Assert.Equal(new[] { 0.0, 0.0, 0.0 }, tangent.Item2.ToArray<double>());
    }

    [Fact]
    public void Gradients_keep_each_leaf_dtype()
    {
        var p = new LinearParams(Np.Array(1f, 2f), Np.Array(3.0));
        var g = Jax.Grad((LinearParams q) => Np.Sum(q.W * q.W) * q.B[0])(p);
        Assert.Equal(DType.Float32, g.W.DType);
        Assert.Equal(DType.Float64, g.B.DType);
        Assert.Equal(new[] { 6f, 12f }, g.W.ToArray<float>());
        Assert.Equal(new[] { 5.0 }, g.B.ToArray<double>());
    }

    [Fact]
    public void Transforms_return_trees_of_the_input_container_types()
    {
        var g = Jax.Grad((ImmutableList<NDArray> l) => Np.Sum(l[0] * l[1]))(ImmutableList.Create(Arr(2), Arr(3)));
        Assert.IsType<ImmutableList<NDArray>>(g);
        Assert.Equal(new[] { 3.0, 2.0 }, Values(g));
        var gd = Jax.Grad((ImmutableDictionary<string, NDArray> d) => Np.Sum(d["a"] * d["b"]))(
            ImmutableDictionary.CreateRange(new[] { KeyValuePair.Create("b", Arr(5)), KeyValuePair.Create("a", Arr(7)) }));
        Assert.Equal(5.0, (double)gd["a"][0]);
        Assert.Equal(7.0, (double)gd["b"][0]);
        Assert.Equal(2, gd.Count);
    }
}
