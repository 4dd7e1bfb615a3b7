namespace Functional.AD.LanguageExt.Tests;

/// <summary>Grad, Vmap and Jit over LanguageExt pytrees, against hand-computed values and finite differences.</summary>
public sealed class TransformTests
{
    public TransformTests() => LanguageExtTrees.Register();

    [Fact]
    public void Grad_over_an_Arr_weights_each_item_by_its_position() =>
        ForAll(Vectors(), items =>
        {
            // f = Σ_i (i + 1) Σ x_i², so ∂f/∂x_i = 2 (i + 1) x_i
            var g = Jax.Grad((Arr<NDArray> xs) =>
            {
                NDArray total = 0.0;
                for (int i = 0; i < xs.Count; i++) total = total + (i + 1) * Np.Sum(xs[i] * xs[i]);
                return total;
            })(Arr.create(items));
            Assert.Equal(items.Length, g.Count);
            for (int i = 0; i < items.Length; i++) Close(2.0 * (i + 1) * items[i], g[i]);
        });

    [Fact]
    public void Grad_over_an_Lst_of_layers_against_hand_computed_derivatives() =>
        ForAll(Layers, layers =>
        {
            // f = Σ_layers Σ W² + Σ sin B, so ∂f/∂W = 2 W and ∂f/∂B = cos B
            var g = Jax.Grad((Lst<Layer> ls) =>
            {
                NDArray total = 0.0;
                foreach (var l in ls) total = total + Np.Sum(l.W * l.W) + Np.Sum(Np.Sin(l.B));
                return total;
            })(new Lst<Layer>(layers));
            Assert.Equal(layers.Length, g.Count);
            for (int i = 0; i < layers.Length; i++)
            {
                Close(2.0 * layers[i].W, g[i].W);
                Close(Np.Cos(layers[i].B), g[i].B);
            }
        });

    [Fact]
    public void Grad_over_a_Map_has_the_same_keys_and_matches_finite_differences() =>
        ForAll(Keys.SelectMany(keys => Gen.ArrayOf(Vector, keys.Length).Select(values => (keys, values))), kv =>
        {
            var map = new Map<string, NDArray>(kv.keys.Zip(kv.values, (k, v) => (k, v)));
            Func<Map<string, NDArray>, NDArray> f = m =>
            {
                NDArray total = 0.0;
                int i = 0;
                foreach (var (_, v) in m) total = total + Np.Sum(Np.Tanh(v * (++i)));
                return total;
            };
            var g = Jax.Grad(f)(map);
            Assert.Equal(map.Keys.ToArray(), g.Keys.ToArray());
            var expected = FiniteDifferences(f, map);
            var actual = Flat(Tree.Leaves(g));
            for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-5);
        });

    [Fact]
    public void Grad_over_a_HashMap_keeps_its_keys() =>
        ForAll(Gen.Zip(Vector, Vector), p =>
        {
            var map = new HashMap<string, NDArray>(new[] { ("w", p.Item1), ("b", p.Item2) });
            var g = Jax.Grad((HashMap<string, NDArray> m) => Np.Sum(m["w"] * m["w"]) + Np.Sum(Np.Exp(m["b"])))(map);
            Close(2.0 * p.Item1, g["w"]);
            Close(Np.Exp(p.Item2), g["b"]);
        });

    [Fact]
    public void Grad_over_an_Option_is_Some_of_the_gradient_or_None() =>
        ForAll(Vector, x =>
        {
            var grad = Jax.Grad((Option<NDArray> o) => o.Match(v => Np.Sum(v * v * v), () => Np.Scalar(1.0)));
            Close(3.0 * x * x, grad(Option<NDArray>.Some(x)).IfNone(() => throw new InvalidOperationException("None")));
            Assert.True(grad(Option<NDArray>.None).IsNone);
        });

    [Fact]
    public void Grad_over_a_Record_matches_finite_differences() =>
        ForAll(Gen.Zip(LayerGen, Vector), c =>
        {
            var (layer, input) = c;
            var x = input[..1];
            Func<Layer, NDArray> loss = l => Np.Sum(Np.Square(Np.Tanh(l.W * x + l.B)));
            var g = Jax.Grad(loss)(layer);
            var expected = FiniteDifferences(loss, layer);
            var actual = Flat(new[] { g.W, g.B });
            for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-5);
        });

    [Fact]
    public void Grad_over_a_Record_of_an_Lst_and_an_Option()
    {
        var model = new Model(new Lst<Layer>(new[] { new Layer(Np.Array(1.0, 2.0), Np.Array(0.5)) }), Np.Array(3.0));
        var g = Jax.Grad((Model m) => m.Scale.IfNone(Np.Array(1.0)).Sum() * Np.Sum(m.Layers[0].W * m.Layers[0].W) + Np.Sum(m.Layers[0].B))(model);
        Assert.Equal(new[] { 6.0, 12.0 }, Values(g.Layers[0].W));
        Assert.Equal(new[] { 1.0 }, Values(g.Layers[0].B));
        Assert.Equal(5.0, (double)g.Scale.IfNone(Np.Array(0.0)));
    }

    [Fact]
    public void Vmap_over_an_Lst_maps_every_item_and_equals_the_loop() =>
        ForAll(Gen.Choose(1, 4).SelectMany(batch => Gen.Choose(1, 3).SelectMany(n =>
            Gen.ArrayOf(Gen.ArrayOf(Value, batch * 2).Select(v => Np.FromFlat(v, new[] { batch, 2 })), n))), items =>
        {
            var f = (Lst<NDArray> xs) => xs.Fold(Np.Scalar(0.0), (acc, x) => acc + Np.Sum(Np.Sin(x)));
            var batched = Jax.Vmap(f)(new Lst<NDArray>(items));
            int batch = items[0].Shape[0];
            Assert.Equal(new Shape(batch), batched.Shape);
            for (int b = 0; b < batch; b++)
                Assert.Equal((double)f(new Lst<NDArray>(items.Select(x => x[b]))), Values(batched)[b], 1e-12);
        });

    [Fact]
    public void Vmap_returns_Records_and_Options_with_a_batch_axis() =>
        ForAll(Gen.Choose(1, 4).SelectMany(batch => Gen.ArrayOf(Value, batch).Select(v => Np.Array(v))), xs =>
        {
            var f = Jax.Vmap((NDArray x) => (Layer: new Layer(x * 2.0, Np.Exp(x)), Maybe: Option<NDArray>.Some(-x)));
            var (layer, maybe) = f(xs);
            Close(xs * 2.0, layer.W);
            Close(Np.Exp(xs), layer.B);
            Close(-xs, maybe.IfNone(Np.Array(0.0)));
        });

    [Fact]
    public void Jit_over_Map_Record_and_Seq_equals_the_eager_function_and_retraces_for_other_keys() =>
        ForAll(Gen.Zip(LayerGen, Vector), c =>
        {
            var (layer, v) = c;
            var f = (Map<string, Layer> m, Seq<NDArray> s) =>
                m.Values.Aggregate(Np.Scalar(0.0), (acc, l) => acc + Np.Sum(l.W * l.B)) + s.Fold(Np.Scalar(0.0), (acc, x) => acc + Np.Sum(x));
            var jitted = Jax.Jit(f);
            var one = new Map<string, Layer>(new[] { ("a", layer) });
            var two = one.Add("b", new Layer(layer.B, layer.W));
            var seq = Seq.create(v, v * 3.0);
            Assert.Equal((double)f(one, seq), (double)jitted(one, seq), 1e-12);
            Assert.Equal((double)f(two, seq), (double)jitted(two, seq), 1e-12);
            Assert.Equal((double)f(two, Seq.create(v)), (double)jitted(two, Seq.create(v)), 1e-12);
        });

    [Fact]
    public void Jit_returns_LanguageExt_pytrees()
    {
        var f = Jax.Jit((NDArray x) => new HashMap<string, NDArray>(new[] { ("double", x * 2.0), ("square", x * x) }));
        var result = f(Np.Array(3.0));
        Assert.Equal(6.0, (double)result["double"]);
        Assert.Equal(9.0, (double)result["square"]);
    }
}
