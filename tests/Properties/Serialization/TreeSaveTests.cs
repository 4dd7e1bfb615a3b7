using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Xunit;

namespace Functional.AD.Properties.Serialization;

public sealed class TreeSaveTests
{
    public sealed record Dense(NDArray W, NDArray B);

    public sealed record Model(ImmutableList<Dense> Layers, Dictionary<string, NDArray> Norms, (NDArray Scale, double Temperature) Head, int Steps);

    private static Model MakeModel(int seed)
    {
        var rng = new System.Random(seed);
        NDArray R(params int[] shape) => NDArray.FromSpan<double>(Enumerable.Range(0, shape.Aggregate(1, (a, b) => a * b)).Select(_ => rng.NextDouble()).ToArray(), shape);
        return new Model(
            ImmutableList.Create(new Dense(R(3, 4), R(4)), new Dense(R(4, 4), R(4)), new Dense(R(4, 2).AsType(DType.Float32), R(2).AsType(DType.Float32))),
            new Dictionary<string, NDArray> { ["gamma"] = R(4), ["beta"] = R(4) },
            (R(), 0.5 + seed),
            10 * seed);
    }

    [Fact]
    public void FlattenWithPath_names_every_leaf_as_JAX_prints_key_paths()
    {
        var (leaves, def) = Tree.FlattenWithPath(MakeModel(1));
        Assert.Equal(
            new[]
            {
                ".Layers[0].W", ".Layers[0].B", ".Layers[1].W", ".Layers[1].B", ".Layers[2].W", ".Layers[2].B",
                ".Norms['beta']", ".Norms['gamma']", ".Head.Item1", ".Head.Item2", ".Steps",   // tuple element names are not kept at run time
            },
            leaves.Select(l => l.Path));
        Assert.Equal(def.LeafCount, leaves.Count);
        Assert.Equal(Tree.Leaves(MakeModel(1)).Select(Arrays.Bits), leaves.Select(l => Arrays.Bits(l.Leaf)));
        var (single, _) = Tree.FlattenWithPath(Np.Array(1.0));
        Assert.Equal("", single.Single().Path);
        var (listed, _) = Tree.FlattenWithPath(new[] { Np.Array(1.0), Np.Array(2.0) });
        Assert.Equal(new[] { "[0]", "[1]" }, listed.Select(l => l.Path));
    }

    [Fact]
    public void A_record_of_parameters_round_trips_through_one_npz_file()
    {
        var dir = Arrays.TempDirectory();
        try
        {
            var path = Path.Combine(dir, "params.npz");
            var saved = MakeModel(2);
            Tree.Save(path, saved);
            var loaded = Tree.Load(path, MakeModel(3));
            var (expected, expectedDef) = Tree.Flatten(saved);
            var (actual, actualDef) = Tree.Flatten(loaded);
            Assert.Equal(expectedDef, actualDef);
            for (int i = 0; i < expected.Count; i++) Arrays.Same(expected[i].AsType(expected[i].DType), actual[i], $"leaf {i}");
            Assert.Equal(2.5, loaded.Head.Temperature);
            Assert.Equal(20, loaded.Steps);
            // The archive is an ordinary .npz file named by key paths.
            var npz = Np.LoadNpz(path);
            Assert.Equal(".Layers[0].W", npz.Files[0]);
            Arrays.Same(saved.Layers[1].B, npz[".Layers[1].B"]);
            // A single array is saved as arr_0.
            Tree.Save(Path.Combine(dir, "one.npz"), Np.Eye(2));
            Assert.Equal("arr_0", Np.LoadNpz(Path.Combine(dir, "one.npz")).Files.Single());
            Arrays.Same(Np.Eye(2), Tree.Load<NDArray>(Path.Combine(dir, "one.npz"), Np.Zeros([2, 2])));
        }
        finally { Directory.Delete(dir, true); }
    }

    public sealed record Nested(Dense[] Blocks, ImmutableDictionary<string, List<NDArray>> Extras, ImmutableArray<(NDArray, float)> Pairs);

    [Fact]
    public void Load_without_a_like_tree_builds_the_structure_from_the_type_and_the_key_paths()
    {
        var dir = Arrays.TempDirectory();
        try
        {
            var path = Path.Combine(dir, "model.npz");
            var saved = MakeModel(4);
            Tree.Save(path, saved);
            var loaded = Tree.Load<Model>(path);
            Assert.Equal(Tree.Flatten(saved).Def, Tree.Flatten(loaded).Def);
            foreach (var (want, got) in Tree.Leaves(saved).Zip(Tree.Leaves(loaded))) Arrays.Same(want, got);
            Assert.Equal(40, loaded.Steps);

            var nested = new Nested(
                [new Dense(Np.Eye(2), Np.Array(1.0, 2.0)), new Dense(Np.Zeros([1, 1]), Np.Array(3.0))],
                ImmutableDictionary<string, List<NDArray>>.Empty.Add("it's", [Np.Array(1, 2)]).Add("b", []),
                [(Np.Array(true), 1.5f)]);
            var stream = new MemoryStream();
            Tree.Save(stream, nested);
            stream.Position = 0;
            var back = Tree.Load<Nested>(stream);
            Assert.Equal(2, back.Blocks.Length);
            Arrays.Same(nested.Blocks[1].W, back.Blocks[1].W);
            Assert.Equal(new[] { "it's" }, back.Extras.Keys);   // an empty list leaves no key path behind
            Arrays.Same(nested.Extras["it's"][0], back.Extras["it's"][0]);
            Assert.Equal(1.5f, back.Pairs[0].Item2);

            // Arrays the type has no place for, and a type whose structure needs a like tree.
            stream = new MemoryStream();
            Tree.Save(stream, (Np.Array(1.0), Np.Array(2.0)));
            var e = Assert.Throws<ArgumentException>(() => Tree.Load<ValueTuple<NDArray>>(new MemoryStream(stream.ToArray())));
            Assert.Contains("not in the structure: '.Item2'", e.Message);
            e = Assert.Throws<ArgumentException>(() => Tree.Load<Dense>(new MemoryStream(stream.ToArray())));
            Assert.Contains("no array at .W", e.Message);
            e = Assert.Throws<ArgumentException>(() => Tree.Load<(NDArray, object)>(new MemoryStream(stream.ToArray())));
            Assert.Contains("pass a tree of that structure", e.Message);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Streams_round_trip_too()
    {
        var stream = new MemoryStream();
        var tree = (Np.Array(1, 2), new List<NDArray> { Np.Array(true, false) });
        Tree.Save(stream, tree);
        stream.Position = 0;
        var loaded = Tree.Load(stream, tree);
        Arrays.Same(tree.Item1, loaded.Item1);
        Arrays.Same(tree.Item2[0], loaded.Item2[0]);
    }

    [Fact]
    public void Loading_into_a_different_structure_names_the_missing_and_extra_key_paths()
    {
        var stream = new MemoryStream();
        Tree.Save(stream, new Dense(Np.Zeros([2, 2]), Np.Zeros([2])));
        var bytes = stream.ToArray();

        var e = Assert.Throws<ArgumentException>(() => Tree.Load(new MemoryStream(bytes), new Dictionary<string, NDArray> { ["W"] = Np.Zeros([2, 2]) }));
        Assert.Contains("missing '['W']'", e.Message);
        Assert.Contains("not in the structure: '.W' and '.B'", e.Message);

        var layers = ImmutableList.Create(new Dense(Np.Zeros([2, 2]), Np.Zeros([2])));
        var saved = new MemoryStream();
        Tree.Save(saved, layers.Add(new Dense(Np.Zeros([2, 2]), Np.Zeros([2]))));
        e = Assert.Throws<ArgumentException>(() => Tree.Load(new MemoryStream(saved.ToArray()), layers));
        Assert.Contains("not in the structure: '[1].W' and '[1].B'", e.Message);
        Assert.DoesNotContain("missing", e.Message);

        e = Assert.Throws<ArgumentException>(() => Tree.Load(new MemoryStream(bytes), new Dense(Np.Zeros([3, 2]), Np.Zeros([2]))));
        Assert.Contains("the array at .W", e.Message);
        Assert.Contains("f64[2,2]", e.Message);
        Assert.Contains("f64[3,2]", e.Message);

        e = Assert.Throws<ArgumentException>(() => Tree.Load(new MemoryStream(bytes), new Dense(Np.Zeros([2, 2]), Np.Zeros([2], DType.Float32))));
        Assert.Contains("the array at .B", e.Message);
        Assert.Contains("f32[2]", e.Message);
    }
}
