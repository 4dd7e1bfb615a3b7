namespace Functional.AD.LanguageExt.Tests;

/// <summary>LanguageExt's types as pytrees: leaves in order, round trips, structures and messages.</summary>
public sealed class TreeTests
{
    public TreeTests() => LanguageExtTrees.Register();

    private static void RoundTrips<T>(T tree, NDArray[] expectedLeaves, string expectedDef, Func<T, NDArray[]> leavesOf)
    {
        var (leaves, def) = Tree.Flatten(tree);
        Assert.Equal(expectedLeaves.Length, leaves.Count);
        for (int i = 0; i < leaves.Count; i++) Assert.Same(expectedLeaves[i], leaves[i]);
        Assert.Equal(expectedDef, def.ToString());
        var doubled = def.Unflatten<T>(leaves.Select(l => l * 2.0));
        var rebuilt = leavesOf(doubled);
        Assert.Equal(Flat(expectedLeaves).Select(v => 2 * v), Flat(rebuilt));
        Assert.Equal(def, Tree.Flatten(doubled).Def);
    }

    private static string Stars(int n) => string.Join(", ", Enumerable.Repeat("*", n));

    [Fact]
    public void Arr_Lst_and_Seq_flatten_to_their_items_in_order_and_round_trip() =>
        ForAll(Vectors(), items =>
        {
            RoundTrips(Arr.create(items), items, $"PyTreeDef(Arr[{Stars(items.Length)}])", a => a.ToArray());
            RoundTrips(new Lst<NDArray>(items), items, $"PyTreeDef(Lst[{Stars(items.Length)}])", l => System.Linq.Enumerable.ToArray(l));
            RoundTrips(Seq.create(items), items, $"PyTreeDef(Seq[{Stars(items.Length)}])", s => s.ToArray());
        });

    [Fact]
    public void A_lazy_Seq_is_evaluated_and_rebuilt_as_a_Seq()
    {
        var lazy = Seq.createRange(Enumerable.Range(1, 3).Select(i => Np.Array((double)i)));
        var (leaves, def) = Tree.Flatten(lazy);
        Assert.Equal(new[] { 1.0, 2.0, 3.0 }, Flat(leaves));
        Assert.Equal(3, def.Unflatten<Seq<NDArray>>(leaves).Count);
    }

    [Fact]
    public void Map_flattens_to_its_values_in_its_key_order_with_the_keys_in_the_structure() =>
        ForAll(Keys.SelectMany(keys => Gen.ArrayOf(Vector, keys.Length).Select(values => (keys, values))), kv =>
        {
            var map = new Map<string, NDArray>(kv.keys.Zip(kv.values, (k, v) => (k, v)));
            var ordered = map.Keys.ToArray();
            var expected = ordered.Select(k => map[k]).ToArray();
            RoundTrips(map, expected, "PyTreeDef({" + string.Join(", ", ordered.Select(k => $"'{k}': *")) + "})",
                m => m.Values.ToArray());
        });

    [Fact]
    public void HashMap_flattens_to_its_values_in_ordinal_key_order_whatever_the_insertion_order() =>
        ForAll(Keys.SelectMany(keys => Gen.ArrayOf(Vector, keys.Length).SelectMany(values =>
            Gen.Shuffle(Enumerable.Range(0, keys.Length).ToArray()).Select(order => (keys, values, order)))), c =>
        {
            var map = new HashMap<string, NDArray>(c.keys.Zip(c.values, (k, v) => (k, v)));
            var shuffled = new HashMap<string, NDArray>(c.order.Select(i => (c.keys[i], c.values[i])));
            var sorted = c.keys.OrderBy(k => k, StringComparer.Ordinal).ToArray();
            var expected = sorted.Select(k => map[k]).ToArray();
            var def = "PyTreeDef({" + string.Join(", ", sorted.Select(k => $"'{k}': *")) + "})";
            RoundTrips(map, expected, def, m => sorted.Select(k => m[k]).ToArray());
            RoundTrips(shuffled, expected, def, m => sorted.Select(k => m[k]).ToArray());
            Assert.Equal(Tree.Flatten(map).Def, Tree.Flatten(shuffled).Def);
        });

    [Fact]
    public void HashMap_with_comparable_keys_orders_them_by_value_and_names_children_by_ToString()
    {
        var map = HashMap((10, Np.Array(1.0)), (2, Np.Array(2.0)), (-3, Np.Array(3.0)));
        var (leaves, def) = Tree.Flatten(map);
        Assert.Equal(new[] { 3.0, 2.0, 1.0 }, Flat(leaves));
        Assert.Equal("PyTreeDef({'-3': *, '2': *, '10': *})", def.ToString());
        Assert.Equal(20.0, (double)def.Unflatten<HashMap<int, NDArray>>(leaves.Select(l => l * 10.0))[2]);
    }

    [Fact]
    public void HashMap_with_keys_that_have_no_order_is_an_error_that_says_so()
    {
        var e = Assert.Throws<ArgumentException>(() => Tree.Leaves(HashMap((new Unordered(1), Np.Array(1.0)))));
        Assert.Contains("HashMap<Unordered, NDArray>", e.Message);
        Assert.Contains("IComparable", e.Message);
    }

    private static HashMap<K, NDArray> HashMap<K>(params (K, NDArray)[] entries) => new(entries);

    [Fact]
    public void Maps_with_different_keys_have_different_structures()
    {
        var a = Tree.Flatten(new Map<string, NDArray>(new[] { ("w", Np.Array(1.0)) })).Def;
        var same = Tree.Flatten(new Map<string, NDArray>(new[] { ("w", Np.Array(7.0)) })).Def;
        var other = Tree.Flatten(new Map<string, NDArray>(new[] { ("v", Np.Array(1.0)) })).Def;
        Assert.Equal(a, same);
        Assert.Equal(a.GetHashCode(), same.GetHashCode());
        Assert.NotEqual(a, other);
        var e = Assert.Throws<ArgumentException>(() => Tree.Map((x, y) => x + y,
            new HashMap<string, NDArray>(new[] { ("w", Np.Array(1.0)) }), new HashMap<string, NDArray>(new[] { ("v", Np.Array(1.0)) })));
        Assert.Contains("{'w': *}", e.Message);
        Assert.Contains("{'v': *}", e.Message);
    }

    [Fact]
    public void Some_has_one_child_None_none_and_they_are_different_structures() =>
        ForAll(Vector, x =>
        {
            var some = Option<NDArray>.Some(x);
            RoundTrips(some, new[] { x }, "PyTreeDef(Some[*])", o => o.ToArray().ToArray());
            var (noLeaves, none) = Tree.Flatten(Option<NDArray>.None);
            Assert.Empty(noLeaves);
            Assert.Equal("PyTreeDef(None[])", none.ToString());
            Assert.True(none.Unflatten<Option<NDArray>>(Array.Empty<NDArray>()).IsNone);
            Assert.NotEqual(Tree.Flatten(some).Def, none);
            var e = Assert.Throws<ArgumentException>(() => Tree.Map((a, b) => a + b, some, Option<NDArray>.None));
            Assert.Contains("Some[*]", e.Message);
            Assert.Contains("None[]", e.Message);
        });

    [Fact]
    public void A_Record_flattens_to_the_members_its_constructor_takes_in_parameter_order() =>
        ForAll(LayerGen, layer =>
        {
            RoundTrips(layer, new[] { layer.W, layer.B }, "PyTreeDef(Layer(W=*, B=*))", l => new[] { l.W, l.B });
        });

    [Fact]
    public void A_Record_of_LanguageExt_collections_and_options_nests()
    {
        var model = new Model(new Lst<Layer>(new[] { new Layer(Np.Array(1.0, 2.0), Np.Array(3.0)) }), Np.Array(4.0));
        var (leaves, def) = Tree.Flatten(model);
        Assert.Equal(new[] { 1.0, 2.0, 3.0, 4.0 }, Flat(leaves));
        Assert.Equal("PyTreeDef(Model(Layers=Lst[Layer(W=*, B=*)], Scale=Some[*]))", def.ToString());
        var rebuilt = def.Unflatten<Model>(leaves.Select(l => -l));
        Assert.Equal(1, rebuilt.Depth);
        Assert.Equal(new[] { -1.0, -2.0 }, Values(rebuilt.Layers[0].W));
        Assert.Equal(-4.0, (double)rebuilt.Scale.IfNone(Np.Array(0.0)));
    }

    [Fact]
    public void A_Record_that_cannot_be_rebuilt_from_its_members_is_an_error_that_says_how_to_write_it()
    {
        var e = Assert.Throws<ArgumentException>(() => Tree.Leaves(new Unbuildable(Np.Array(1.0))));
        Assert.Contains("Unbuildable derives from Record<T> but is not a pytree", e.Message);
        Assert.Contains("public readonly fields", e.Message);
    }

    [Fact]
    public void A_value_that_is_not_a_pytree_inside_a_map_is_reported_at_its_key()
    {
        var e = Assert.Throws<ArgumentException>(() => Tree.Leaves(new Map<string, object>(new[] { ("w", (object)Np.Array(1.0)), ("name", "text") })));
        Assert.Contains("['name']", e.Message);
        Assert.Contains("System.String", e.Message);
    }

    [Fact]
    public void A_LanguageExt_type_the_package_does_not_support_gets_a_hint_that_lists_the_supported_ones()
    {
        // The automatic registration without a Register() call is checked in a fresh process, by the C# app of
        // tests/Packaging (Consumer/), which passes an Lst to the core's Grad before anything else.
        var e = Assert.Throws<ArgumentException>(() => Tree.Leaves(Prelude.Right<string, NDArray>(Np.Array(1.0))));
        Assert.Contains("Functional.AD.LanguageExt", e.Message);
        Assert.Contains("other LanguageExt types are not", e.Message);
    }

    [Fact]
    public void Registering_again_changes_nothing()
    {
        for (int i = 0; i < 3; i++) LanguageExtTrees.Register();
        Assert.Equal(new[] { 1.0, 2.0 }, Flat(Tree.Leaves(new Lst<NDArray>(new[] { Np.Array(1.0), Np.Array(2.0) }))));
    }

    [Fact]
    public void Structured_leaves_such_as_tuples_inside_LanguageExt_collections_round_trip()
    {
        var layers = new Lst<(NDArray W, NDArray B)>(new[] { (Np.Array(1.0), Np.Array(2.0)), (Np.Array(3.0), Np.Array(4.0)) });
        var (leaves, def) = Tree.Flatten(layers);
        Assert.Equal("PyTreeDef(Lst[(*, *), (*, *)])", def.ToString());
        var rebuilt = def.Unflatten<Lst<(NDArray W, NDArray B)>>(leaves.Select(l => l + 1.0));
        Assert.Equal(5.0, (double)rebuilt[1].B);
    }
}
