using System;
using System.Runtime.CompilerServices;
using System.Text;

namespace Functional.AD;

/// <summary>
/// How to rebuild a function that is a pytree (JAX's <c>Partial</c>, e.g. a pullback from <c>Jax.Vjp</c>) from new
/// values of the arrays it holds. Two such functions have the same tree structure when they share this object.
/// </summary>
internal abstract class TreePartialStructure
{
    /// <summary>A function of this structure holding <paramref name="leaves"/> (registered as a partial in turn).</summary>
    internal abstract Delegate Rebuild(NDArray[] leaves);

    /// <summary>What the function is, for printing tree structures (e.g. <c>Vjp pullback</c>).</summary>
    internal abstract string Description { get; }
}

/// <summary>The functions that are pytrees: each with its structure and the arrays it holds (its leaves).</summary>
internal static class TreePartials
{
    private static readonly ConditionalWeakTable<Delegate, Entry> Table = new();

    private sealed record Entry(TreePartialStructure Structure, NDArray[] Leaves);

    /// <summary>Makes <paramref name="function"/> a pytree whose leaves are <paramref name="leaves"/> and whose structure is <paramref name="structure"/>.</summary>
    internal static TDelegate Register<TDelegate>(TDelegate function, TreePartialStructure structure, NDArray[] leaves) where TDelegate : Delegate
    {
        Table.AddOrUpdate(function, new Entry(structure, leaves));
        return function;
    }

    /// <summary>The structure and leaves of <paramref name="function"/>, when it is a pytree.</summary>
    internal static bool TryGet(Delegate function, out TreePartialStructure structure, out NDArray[] leaves)
    {
        if (Table.TryGetValue(function, out var e))
        {
            (structure, leaves) = (e.Structure, e.Leaves);
            return true;
        }
        (structure, leaves) = (null!, null!);
        return false;
    }
}

/// <summary>
/// A delegate type: a function is a pytree node only when it is a registered partial (a pullback from
/// <c>Jax.Vjp</c>), whose leaves are the arrays it holds; any other function fails as a value that is not a pytree.
/// </summary>
internal sealed class PartialTreeHandler : TreeNodeHandler
{
    internal PartialTreeHandler(Type type) : base(type) { }

    internal override TreeDef Flatten(object node, ref TreeFlattener f)
    {
        if (!TreePartials.TryGet((Delegate)node, out var structure, out var leaves))
            throw f.UnsupportedError(Type, "a function is a pytree only when it is a pullback returned by Jax.Vjp, whose arrays are its leaves");
        int mark = f.Mark;
        for (int i = 0; i < leaves.Length; i++) f.PushChild(leaves[i], TreePathSegment.Index(i));
        return f.MakeNode(this, mark, aux: structure);
    }

    internal override object Build(TreeDef def, object?[] children, string operation)
    {
        var leaves = new NDArray[children.Length];
        for (int i = 0; i < leaves.Length; i++) leaves[i] = (NDArray)children[i]!;
        return ((TreePartialStructure)def.Aux!).Rebuild(leaves);
    }

    internal override void Format(TreeDef def, StringBuilder sb)
    {
        sb.Append("Partial(").Append(((TreePartialStructure)def.Aux!).Description).Append(")[");
        def.FormatChildren(sb);
        sb.Append(']');
    }

    internal override void AppendChildStep(TreeDef def, int index, StringBuilder sb) => sb.Append('[').Append(index).Append(']');

    internal override string Describe(TreeDef def) =>
        $"a {((TreePartialStructure)def.Aux!).Description} holding {Count(def.Children.Length, "array", "arrays")}";
}
