using System;
using System.Runtime.CompilerServices;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Functional.AD;

/// <summary>What a <see cref="TreeDef"/> node is.</summary>
internal enum TreeNodeKind : byte
{
    /// <summary>An <see cref="NDArray"/> leaf.</summary>
    Leaf,
    /// <summary>A <c>double</c> leaf (a weakly-typed 0-d f64 array when flattened).</summary>
    Double,
    /// <summary>A <c>float</c> leaf (a weakly-typed 0-d f32 array when flattened).</summary>
    Float,
    /// <summary>An <c>int</c> leaf (a weakly-typed 0-d i32 array when flattened).</summary>
    Int,
    /// <summary>A container (tuple, array, list, dictionary, record or registered type).</summary>
    Node,
    /// <summary>An empty subtree: a null child of a node whose <see cref="TreeNodeType"/> allows it (F#'s <c>None</c>), rebuilt as null.</summary>
    Empty,
}

/// <summary>
/// The structure of a pytree without its leaves: which containers (of which runtime types, with which
/// dictionary keys and how many children) hold the leaves, and which leaves were C# numbers. Two trees
/// with the same structure have equal <see cref="TreeDef"/>s. Prints like JAX's <c>PyTreeDef</c>:
/// <c>PyTreeDef((*, [*, *], {'b': *, 'w': *}))</c>, where <c>*</c> is an <see cref="NDArray"/> leaf and
/// <c>double</c>, <c>float</c> or <c>int</c> a number leaf.
/// </summary>
public sealed class TreeDef : IEquatable<TreeDef>
{
    /// <summary>Leaf, number leaf or container.</summary>
    internal readonly TreeNodeKind Kind;

    /// <summary>The handler of a container node (one per runtime type); null for leaves.</summary>
    internal readonly TreeNodeHandler? Handler;

    /// <summary>Structures of the children, in flattening order.</summary>
    internal readonly TreeDef[] Children;

    /// <summary>Dictionary keys in ordinal order, or null.</summary>
    internal readonly string[]? Keys;

    /// <summary>Extra structure with value equality (a dictionary's non-default key comparer), or null.</summary>
    internal readonly object? Aux;

    private readonly int _hash;

    /// <summary>Number of leaves (array and number leaves).</summary>
    public int LeafCount { get; }

    /// <summary>True when some leaf of the structure was a <c>double</c>, <c>float</c> or <c>int</c>.</summary>
    internal bool HasNumberLeaves { get; }

    /// <summary>The structure of a single <see cref="NDArray"/>.</summary>
    internal static TreeDef Leaf { get; } = new(TreeNodeKind.Leaf);

    /// <summary>The structure of an empty subtree (no leaves), rebuilt as null.</summary>
    internal static TreeDef Empty { get; } = new(TreeNodeKind.Empty);

    /// <summary>The structure of a single <c>double</c>.</summary>
    internal static TreeDef DoubleLeaf { get; } = new(TreeNodeKind.Double);

    /// <summary>The structure of a single <c>float</c>.</summary>
    internal static TreeDef FloatLeaf { get; } = new(TreeNodeKind.Float);

    /// <summary>The structure of a single <c>int</c>.</summary>
    internal static TreeDef IntLeaf { get; } = new(TreeNodeKind.Int);

    private TreeDef(TreeNodeKind kind)
    {
        Kind = kind;
        Children = System.Array.Empty<TreeDef>();
        LeafCount = kind == TreeNodeKind.Empty ? 0 : 1;
        HasNumberLeaves = kind is TreeNodeKind.Double or TreeNodeKind.Float or TreeNodeKind.Int;
        _hash = HashCode.Combine(0x5eed, (int)kind);
    }

    /// <summary>A container node.</summary>
    internal TreeDef(TreeNodeHandler handler, TreeDef[] children, string[]? keys = null, object? aux = null)
    {
        Kind = TreeNodeKind.Node;
        Handler = handler;
        Children = children;
        Keys = keys;
        Aux = aux;
        var hash = new HashCode();
        hash.Add(handler.Type);
        hash.Add(children.Length);
        int leaves = 0;
        bool numbers = false;
        foreach (var c in children)
        {
            leaves += c.LeafCount;
            numbers |= c.HasNumberLeaves;
            hash.Add(c._hash);
        }
        if (keys is not null)
            foreach (var k in keys) hash.Add(k, StringComparer.Ordinal);
        if (aux is not null) hash.Add(aux is System.Collections.IStructuralEquatable structural
            ? structural.GetHashCode(System.Collections.StructuralComparisons.StructuralEqualityComparer)
            : aux.GetHashCode());
        LeafCount = leaves;
        HasNumberLeaves = numbers;
        _hash = hash.ToHashCode();
    }

    /// <summary>
    /// Rebuilds a tree of this structure from <paramref name="leaves"/> (in flattening order). Number
    /// leaves are converted back to <c>double</c>, <c>float</c> or <c>int</c>; a traced value there
    /// cannot be, and fails with <see cref="ConcretizationException"/>.
    /// </summary>
    /// <typeparam name="T">The type of the tree (its root must be assignable to it).</typeparam>
    /// <param name="leaves">Exactly <see cref="LeafCount"/> arrays.</param>
    /// <exception cref="ArgumentException">The number of leaves is wrong, a leaf is null, or the tree is not a <typeparamref name="T"/>.</exception>
    public T Unflatten<T>(IEnumerable<NDArray> leaves)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        var array = leaves as NDArray[] ?? leaves.ToArray();
        return Build<T>(array, "Tree.Unflatten");
    }

    /// <summary>Rebuilds a tree of this structure from exactly <see cref="LeafCount"/> leaves, without copying them.</summary>
    internal T UnflattenArray<T>(NDArray[] leaves) => Build<T>(leaves, "Tree.Unflatten");

    /// <summary>Rebuilds a tree of this structure; <paramref name="operation"/> is named in errors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal T Build<T>(NDArray[] leaves, string operation)
    {
        if (leaves.Length != LeafCount)
            throw new ArgumentException(
                $"{operation}: the structure {this} has {LeafCount} leaves, got {leaves.Length}");
        if (Kind == TreeNodeKind.Leaf)
        {
            var leaf = leaves[0] ?? throw new ArgumentException($"{operation}: leaf 0 is null");
            if (leaf is T same) return same;
        }
        int position = 0;
        var result = BuildNode(leaves, ref position, operation);
        if (result is T typed) return typed;
        throw new ArgumentException(
            $"{operation}: the structure {this} builds a {TreeTypeNames.Of(result!.GetType())}, " +
            $"which is not a {TreeTypeNames.Of(typeof(T))}");
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private object? BuildNode(NDArray[] leaves, ref int position, string operation)
    {
        switch (Kind)
        {
            case TreeNodeKind.Leaf:
                return NextLeaf(leaves, ref position, operation);
            case TreeNodeKind.Double:
                return NextLeaf(leaves, ref position, operation).Concretize(operation).ItemAs<double>(operation);
            case TreeNodeKind.Float:
                return NextLeaf(leaves, ref position, operation).Concretize(operation).ItemAs<float>(operation);
            case TreeNodeKind.Int:
                return NextLeaf(leaves, ref position, operation).Concretize(operation).ItemAs<int>(operation);
            case TreeNodeKind.Empty:
                return null;
            default:
                var children = Children.Length == 0 ? System.Array.Empty<object?>() : new object?[Children.Length];
                for (int i = 0; i < children.Length; i++) children[i] = Children[i].BuildNode(leaves, ref position, operation);
                return Handler!.Build(this, children, operation);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static NDArray NextLeaf(NDArray[] leaves, ref int position, string operation)
    {
        var leaf = leaves[position] ?? throw new ArgumentException($"{operation}: leaf {position} is null");
        position++;
        return leaf;
    }

    /// <inheritdoc/>
    public bool Equals(TreeDef? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (other is null || _hash != other._hash || Kind != other.Kind || LeafCount != other.LeafCount
            || !ReferenceEquals(Handler, other.Handler) || Children.Length != other.Children.Length)
            return false;
        if (!SameKeysAndAux(other)) return false;
        for (int i = 0; i < Children.Length; i++)
            if (!Children[i].Equals(other.Children[i])) return false;
        return true;
    }

    private bool SameKeysAndAux(TreeDef other)
    {
        if (!SameAux(Aux, other.Aux)) return false;
        if (Keys is null || other.Keys is null) return Keys is null && other.Keys is null;
        return Keys.AsSpan().SequenceEqual(other.Keys);
    }

    /// <summary>Auxiliary data equality: <see cref="object.Equals(object, object)"/>, element by element for arrays and other structural values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static bool SameAux(object? a, object? b) =>
        a is System.Collections.IStructuralEquatable structural
            ? structural.Equals(b, System.Collections.StructuralComparisons.StructuralEqualityComparer)
            : Equals(a, b);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is TreeDef other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _hash;

    /// <summary>True when both structures are equal (or both null).</summary>
    public static bool operator ==(TreeDef? left, TreeDef? right) => left is null ? right is null : left.Equals(right);

    /// <summary>True when the structures differ.</summary>
    public static bool operator !=(TreeDef? left, TreeDef? right) => !(left == right);

    /// <summary>JAX-style text: <c>PyTreeDef((*, List[*, *], {'b': *, 'w': *}, Dense(W=*, B=*)))</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder("PyTreeDef(");
        FormatTo(sb);
        return sb.Append(')').ToString();
    }

    /// <summary>Appends the text of this node (without the <c>PyTreeDef(...)</c> wrapper).</summary>
    internal void FormatTo(StringBuilder sb)
    {
        switch (Kind)
        {
            case TreeNodeKind.Leaf: sb.Append('*'); break;
            case TreeNodeKind.Double: sb.Append("double"); break;
            case TreeNodeKind.Float: sb.Append("float"); break;
            case TreeNodeKind.Int: sb.Append("int"); break;
            case TreeNodeKind.Empty: sb.Append("None"); break;
            default: Handler!.Format(this, sb); break;
        }
    }

    /// <summary>Appends the children's text separated by commas.</summary>
    internal void FormatChildren(StringBuilder sb)
    {
        for (int i = 0; i < Children.Length; i++)
        {
            if (i > 0) sb.Append(", ");
            Children[i].FormatTo(sb);
        }
    }

    /// <summary>One-phrase description of this node alone, for a structure-mismatch message.</summary>
    internal string Describe() => Kind switch
    {
        TreeNodeKind.Leaf => "an NDArray leaf",
        TreeNodeKind.Double => "a double leaf",
        TreeNodeKind.Float => "a float leaf",
        TreeNodeKind.Int => "an int leaf",
        TreeNodeKind.Empty => "an empty subtree (None)",
        _ => Handler!.Describe(this),
    };

    /// <summary>
    /// Where and how <paramref name="a"/> and <paramref name="b"/> first differ, e.g.
    /// <c>at .Item2: List&lt;NDArray&gt; of 2 items vs List&lt;NDArray&gt; of 3 items</c>; null when they are equal.
    /// </summary>
    internal static string? FirstDifference(TreeDef a, TreeDef b)
    {
        var path = new StringBuilder();
        return FirstDifference(a, b, path);
    }

    private static string? FirstDifference(TreeDef a, TreeDef b, StringBuilder path)
    {
        if (a.Equals(b)) return null;
        bool sameLayout = a.Kind == b.Kind && a.Children.Length == b.Children.Length && a.SameKeysAndAux(b)
            && (ReferenceEquals(a.Handler, b.Handler) || SameFamily(a.Handler, b.Handler));
        if (sameLayout)
        {
            // Same kind of node: the difference is in a child (or, for e.g. (NDArray, double) vs
            // (NDArray, NDArray), in the type arguments, which a child's difference explains best).
            for (int i = 0; i < a.Children.Length; i++)
            {
                int mark = path.Length;
                a.Handler!.AppendChildStep(a, i, path);
                var found = FirstDifference(a.Children[i], b.Children[i], path);
                if (found is not null) return found;
                path.Length = mark;
            }
        }
        var where = path.Length == 0 ? "at the root" : $"at {path}";
        return $"{where}: {a.Describe()} vs {b.Describe()}";
    }

    /// <summary>
    /// The path of every leaf in flattening order, as messages print it (<c>.Item1</c>, <c>[0].W</c>, <c>['b']</c>; empty
    /// for a tree that is a single leaf).
    /// </summary>
    internal string[] LeafPaths()
    {
        var paths = new List<string>(LeafCount);
        CollectLeafPaths(this, new StringBuilder(), paths);
        return paths.ToArray();
    }

    private static void CollectLeafPaths(TreeDef node, StringBuilder path, List<string> paths)
    {
        if (node.Kind == TreeNodeKind.Empty) return;
        if (node.Kind != TreeNodeKind.Node)
        {
            paths.Add(path.ToString());
            return;
        }
        for (int i = 0; i < node.Children.Length; i++)
        {
            int mark = path.Length;
            node.Handler!.AppendChildStep(node, i, path);
            CollectLeafPaths(node.Children[i], path, paths);
            path.Length = mark;
        }
    }

    /// <summary>True for two handlers of the same kind of node over different type arguments (List&lt;A&gt; and List&lt;B&gt;, two arrays, two tuples of one arity).</summary>
    private static bool SameFamily(TreeNodeHandler? x, TreeNodeHandler? y)
    {
        if (x is null || y is null) return false;
        static Type Kind(Type t) => t.IsGenericType ? t.GetGenericTypeDefinition() : t;
        if (Kind(x.GetType()) != Kind(y.GetType())) return false;
        if (x.Type.IsArray && y.Type.IsArray) return true;
        return x.Type.IsGenericType && y.Type.IsGenericType && x.Type.GetGenericTypeDefinition() == y.Type.GetGenericTypeDefinition();
    }
}
