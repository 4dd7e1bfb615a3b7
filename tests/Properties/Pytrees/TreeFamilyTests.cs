using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace Functional.AD.Properties.Pytrees;

/// <summary>A generic container that no built-in rule knows: a name-keyed bag whose values may be absent (null).</summary>
public sealed class Bag<T> where T : class
{
    public Bag(IReadOnlyList<(string Key, T? Value)> entries) => Entries = entries;

    public IReadOnlyList<(string Key, T? Value)> Entries { get; }
}

/// <summary>The node type of one <c>Bag&lt;T&gt;</c>: children are the values, the keys are the auxiliary data.</summary>
internal sealed class BagNode<T> : TreeNodeType where T : class
{
    public BagNode() : base(typeof(Bag<T>)) { }

    public override object? Flatten(object node, List<object?> children)
    {
        var bag = (Bag<T>)node;
        var keys = new string[bag.Entries.Count];
        for (int i = 0; i < keys.Length; i++)
        {
            keys[i] = bag.Entries[i].Key;
            children.Add(bag.Entries[i].Value);
        }
        return keys;
    }

    public override object Unflatten(object? aux, ReadOnlySpan<object?> children)
    {
        var keys = (string[])aux!;
        var entries = new (string, T?)[keys.Length];
        for (int i = 0; i < keys.Length; i++) entries[i] = (keys[i], (T?)children[i]);
        return new Bag<T>(entries);
    }

    public override bool NullChildIsEmpty => true;

    public override string? ChildName(object? aux, int index) => ((string[])aux!)[index];

    public override bool ChildNamesAreKeys => true;

    public override string DisplayName(object? aux) => "Bag";
}

/// <summary>A type whose node type refuses every value, as a node type does for a value it cannot flatten.</summary>
public sealed class Picky { }

internal sealed class PickyNode : TreeNodeType
{
    public PickyNode() : base(typeof(Picky)) { }

    public override object? Flatten(object node, List<object?> children) => throw new ArgumentException("a Picky must be sorted first");

    public override object Unflatten(object? aux, ReadOnlySpan<object?> children) => new Picky();
}

/// <summary>Tree.RegisterFamily: node types made per runtime type by a resolver, with auxiliary data and empty (null) children.</summary>
public sealed class TreeFamilyTests
{
    private static int resolverCalls;

    private static TreeNodeType? ResolveBags(Type type)
    {
        if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(Bag<>)) return null;
        System.Threading.Interlocked.Increment(ref resolverCalls);
        return (TreeNodeType)Activator.CreateInstance(typeof(BagNode<>).MakeGenericType(type.GetGenericArguments()))!;
    }

    static TreeFamilyTests()
    {
        Tree.RegisterFamily(ResolveBags);
        Tree.RegisterFamily(t => t == typeof(Picky) ? new PickyNode() : null);
    }

    private static Bag<NDArray> Bag(params (string, NDArray?)[] entries) => new(entries);

    [Fact]
    public void A_family_node_flattens_to_its_children_and_rebuilds_with_its_aux_data()
    {
        var bag = Bag(("w", Np.Array(1.0, 2.0)), ("b", Np.Array(3.0)));
        var (leaves, def) = Tree.Flatten(bag);
        Assert.Equal(new[] { 1.0, 2.0, 3.0 }, leaves.SelectMany(l => l.ToArray<double>()));
        Assert.Equal("PyTreeDef({'w': *, 'b': *})", def.ToString());
        var rebuilt = def.Unflatten<Bag<NDArray>>(leaves.Select(l => l * 2.0));
        Assert.Equal(new[] { "w", "b" }, rebuilt.Entries.Select(e => e.Key));
        Assert.Equal(new[] { 6.0 }, rebuilt.Entries[1].Value!.ToArray<double>());
    }

    [Fact]
    public void A_null_child_of_a_node_that_allows_it_is_an_empty_subtree_rebuilt_as_null()
    {
        var bag = Bag(("w", Np.Array(1.0, 2.0)), ("none", null));
        var (leaves, def) = Tree.Flatten(bag);
        Assert.Single(leaves);
        Assert.Equal("PyTreeDef({'w': *, 'none': None})", def.ToString());
        var g = Jax.Grad((Bag<NDArray> p) => Np.Sum(p.Entries[0].Value! * p.Entries[0].Value!))(bag);
        Assert.Equal(new[] { 2.0, 4.0 }, g.Entries[0].Value!.ToArray<double>());
        Assert.Null(g.Entries[1].Value);
    }

    [Fact]
    public void Aux_data_is_part_of_the_structure_compared_element_by_element()
    {
        var (_, a) = Tree.Flatten(Bag(("w", Np.Array(1.0))));
        var (_, same) = Tree.Flatten(Bag(("w", Np.Array(5.0))));
        var (_, other) = Tree.Flatten(Bag(("v", Np.Array(1.0))));
        Assert.Equal(a, same);
        Assert.Equal(a.GetHashCode(), same.GetHashCode());
        Assert.NotEqual(a, other);
        var e = Assert.Throws<ArgumentException>(() =>
            Tree.Map((x, y) => x + y, Bag(("w", Np.Array(1.0))), Bag(("v", Np.Array(1.0)))));
        Assert.Contains("{'w': *}", e.Message);
        Assert.Contains("{'v': *}", e.Message);
    }

    [Fact]
    public void A_null_child_is_still_an_error_where_the_node_type_does_not_allow_it_and_the_path_names_the_key()
    {
        var e = Assert.Throws<ArgumentException>(() => Tree.Leaves((Bag(("w", Np.Array(1.0))), (NDArray)null!)));
        Assert.Contains("null", e.Message);
        var nested = Assert.Throws<ArgumentException>(() => Tree.Leaves(new Bag<object>(new (string, object?)[] { ("k", "text") })));
        Assert.Contains("['k']", nested.Message);
    }

    [Fact]
    public void The_resolver_is_asked_once_per_type_and_registering_it_again_changes_nothing()
    {
        Tree.Leaves(new Bag<NDArray[]>(new (string, NDArray[]?)[] { ("a", new[] { Np.Array(1.0) }) }));
        int calls = resolverCalls;
        Tree.RegisterFamily(ResolveBags);
        for (int i = 0; i < 3; i++)
            Tree.Leaves(new Bag<NDArray[]>(new (string, NDArray[]?)[] { ("a", new[] { Np.Array(1.0) }) }));
        Assert.Equal(calls, resolverCalls);
    }

    [Fact]
    public void Family_nodes_work_under_Jit_and_Vmap()
    {
        var f = Jax.Jit((Bag<NDArray> p) => Np.Sum(p.Entries[0].Value!) * 2.0);
        Assert.Equal(6.0, (double)f(Bag(("a", Np.Array(1.0, 2.0)), ("b", null))));
        var batched = Jax.Vmap((Bag<NDArray> p) => Np.Sum(p.Entries[0].Value!))(Bag(("a", Np.Array(new double[,] { { 1, 2 }, { 3, 4 } }))));
        Assert.Equal(new[] { 3.0, 7.0 }, batched.ToArray<double>());
    }

    [Fact]
    public void A_node_types_own_error_gets_the_operation_and_the_path_in_front_of_it()
    {
        var e = Assert.Throws<ArgumentException>(() => Tree.Leaves((Np.Array(1.0), new Picky())));
        Assert.StartsWith("Tree.Leaves: ", e.Message);
        Assert.Contains(".Item2", e.Message);
        Assert.Contains("a Picky must be sorted first", e.Message);
        Assert.IsType<ArgumentException>(e.InnerException);
        var g = Assert.Throws<ArgumentException>(() => Jax.Grad(((NDArray X, Picky P) a) => Np.Sum(a.X))((Np.Array(1.0), new Picky())));
        Assert.Contains("a Picky must be sorted first", g.Message);
        Assert.Contains(".Item2", g.Message);
    }
}
