using System;
using System.Text;

namespace Functional.AD;

/// <summary>
/// The <c>in_axes</c> or <c>out_axes</c> of <c>Jax.Vmap</c> as a tree prefix (JAX's pytree of ints and
/// <c>None</c>): an axis (<c>0</c>, <c>-1</c>, converted implicitly from an <c>int</c>) applies to every leaf of the
/// subtree it stands for; <c>null</c> means "not mapped" for the whole subtree; a node (a C# tuple of axes,
/// converted implicitly, or <see cref="Node"/>) gives one entry per child of the matching pytree node, in flattening
/// order (tuple items, array and list elements, record properties in constructor order, dictionary entries in
/// ordinal key order). For example <c>(0, (null, 1))</c> maps the first item of a pair along axis 0, passes the
/// first item of the second unchanged and maps its second along axis 1.
/// </summary>
public sealed class VmapAxes
{
    private readonly int _axis;
    private readonly VmapAxes?[]? _children;

    private VmapAxes(int axis, VmapAxes?[]? children)
    {
        _axis = axis;
        _children = children;
    }

    /// <summary>Every leaf of the subtree mapped along <paramref name="axis"/> (negative counts from the end).</summary>
    public static VmapAxes Axis(int axis) => new(axis, null);

    /// <summary>One entry per child of a pytree node, in flattening order; a null entry is a subtree that is not mapped.</summary>
    public static VmapAxes Node(params VmapAxes?[] children) =>
        new(0, (VmapAxes?[])Guard.NotNull(children, "VmapAxes.Node").Clone());

    /// <summary>True for an axis (a leaf of the prefix), false for a node.</summary>
    public bool IsAxis => _children is null;

    /// <summary>The axis of a leaf of the prefix; throws for a node.</summary>
    public int AxisValue => _children is null ? _axis : throw new InvalidOperationException("VmapAxes: a node has no single axis");

    /// <summary>Every leaf mapped along <paramref name="axis"/>.</summary>
    public static implicit operator VmapAxes(int axis) => Axis(axis);

    /// <summary>A node for a pair (a C# tuple or any node with two children).</summary>
    public static implicit operator VmapAxes((VmapAxes? A, VmapAxes? B) t) => new(0, new[] { t.A, t.B });

    /// <summary>A node for a triple (a C# tuple or any node with three children).</summary>
    public static implicit operator VmapAxes((VmapAxes? A, VmapAxes? B, VmapAxes? C) t) => new(0, new[] { t.A, t.B, t.C });

    /// <summary>A node for a quadruple (a C# tuple or any node with four children).</summary>
    public static implicit operator VmapAxes((VmapAxes? A, VmapAxes? B, VmapAxes? C, VmapAxes? D) t) => new(0, new[] { t.A, t.B, t.C, t.D });

    /// <summary>Prints like JAX's in_axes: <c>0</c>, <c>None</c>, <c>(0, None)</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        Format(this, sb);
        return sb.ToString();
    }

    private static void Format(VmapAxes? a, StringBuilder sb)
    {
        if (a is null) { sb.Append("None"); return; }
        if (a._children is null) { sb.Append(a._axis); return; }
        sb.Append('(');
        for (int i = 0; i < a._children.Length; i++)
        {
            if (i > 0) sb.Append(", ");
            Format(a._children[i], sb);
        }
        sb.Append(a._children.Length == 1 ? ",)" : ")");
    }

    /// <summary>
    /// The axis of every leaf of a tree of structure <paramref name="def"/> (null: not mapped), given the prefix
    /// <paramref name="prefix"/>; throws naming <paramref name="what"/> and the path when it is not a prefix of it.
    /// </summary>
    internal static int?[] PerLeaf(VmapAxes? prefix, TreeDef def, string what)
    {
        var axes = new int?[def.LeafCount];
        int k = 0;
        Fill(prefix, def, axes, ref k, what, new StringBuilder());
        return axes;
    }

    /// <summary>True when <paramref name="prefix"/> is null or holds a null entry anywhere.</summary>
    internal static bool HasUnmapped(VmapAxes? prefix)
    {
        if (prefix is null) return true;
        if (prefix._children is null) return false;
        foreach (var c in prefix._children) if (HasUnmapped(c)) return true;
        return false;
    }

    private static void Fill(VmapAxes? prefix, TreeDef def, int?[] axes, ref int k, string what, StringBuilder path)
    {
        if (prefix is null || prefix._children is null)
        {
            int? axis = prefix is null ? null : prefix._axis;
            for (int i = 0; i < def.LeafCount; i++) axes[k++] = axis;
            return;
        }
        if (def.Kind != TreeNodeKind.Node || def.Children.Length != prefix._children.Length)
            throw new ArgumentException(
                $"Vmap: the axes {prefix} for {what} are not a tree prefix of its structure {def}: " +
                $"{(path.Length == 0 ? "at the root" : $"at {path}")} the axes have {prefix._children.Length} entries " +
                $"but the value is {def.Describe()}");
        for (int i = 0; i < def.Children.Length; i++)
        {
            int mark = path.Length;
            def.Handler!.AppendChildStep(def, i, path);
            Fill(prefix._children[i], def.Children[i], axes, ref k, what, path);
            path.Length = mark;
        }
    }
}
