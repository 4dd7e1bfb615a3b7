using System;
using System.Runtime.CompilerServices;
using System.Collections.Generic;
using System.Text;

namespace Functional.AD;

/// <summary>One step of the path from the root of a pytree to a node: <c>.Item2</c>, <c>.W</c>, <c>[0]</c> or <c>['w']</c>.</summary>
internal readonly struct TreePathSegment
{
    private const byte MemberKind = 0, IndexKind = 1, KeyKind = 2;

    private readonly string? _name;
    private readonly int _index;
    private readonly byte _kind;

    private TreePathSegment(byte kind, string? name, int index)
    {
        _kind = kind;
        _name = name;
        _index = index;
    }

    /// <summary>A field or property: <c>.Name</c>.</summary>
    internal static TreePathSegment Member(string name) => new(MemberKind, name, 0);

    /// <summary>A position in a sequence or in a registered node's children: <c>[i]</c>.</summary>
    internal static TreePathSegment Index(int index) => new(IndexKind, null, index);

    /// <summary>A dictionary entry: <c>['key']</c>.</summary>
    internal static TreePathSegment Key(string key) => new(KeyKind, key, 0);

    /// <summary>Appends the C#-like text of this step.</summary>
    internal void AppendTo(StringBuilder sb)
    {
        switch (_kind)
        {
            case MemberKind: sb.Append('.').Append(_name); break;
            case IndexKind: sb.Append('[').Append(_index).Append(']'); break;
            default: sb.Append('['); AppendQuoted(sb, _name!); sb.Append(']'); break;
        }
    }

    /// <summary>Appends <paramref name="s"/> in single quotes, escaping quotes and backslashes.</summary>
    internal static void AppendQuoted(StringBuilder sb, string s)
    {
        sb.Append('\'');
        foreach (char c in s)
        {
            if (c == '\'' || c == '\\') sb.Append('\\');
            sb.Append(c);
        }
        sb.Append('\'');
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        var sb = new StringBuilder();
        AppendTo(sb);
        return sb.ToString();
    }
}

/// <summary>
/// State of one flattening walk: the leaves found so far (depth-first) and the path to the node being
/// visited, which is only read to word an error. A node handler calls <see cref="PushChild"/> for each child
/// (which stacks the child's structure) and then <see cref="MakeNode"/>, which pops them into the node's
/// <see cref="TreeDef"/>, reusing the handler's previous one when it is the same (so flattening trees of an
/// unchanged structure allocates no <see cref="TreeDef"/>s and yields reference-equal ones).
/// </summary>
internal struct TreeFlattener
{
    /// <summary>Per-thread buffers reused across walks (taken while a walk runs, so nested walks get their own).</summary>
    [ThreadStatic] private static Scratch? cachedScratch;

    private Scratch _scratch;
    private NDArray[] _leaves;
    private int _count;
    private TreePathSegment[] _path;
    private int _depth;
    private TreeDef[] _defs;
    private int _defCount;
    private readonly string _operation;
    private readonly bool _allowNumbers;
    private readonly bool _nullsAsEmpty;

    private sealed class Scratch
    {
        internal NDArray[] Leaves = new NDArray[16];
        internal TreePathSegment[] Path = new TreePathSegment[16];
        internal TreeDef[] Defs = new TreeDef[32];
        internal List<object?>? Children;
    }

    /// <summary>Starts a walk for <paramref name="operation"/> (named in errors); end it with <see cref="Finish"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal TreeFlattener(string operation, bool allowNumbers) : this(operation, allowNumbers, nullsAsEmpty: false) { }

    /// <summary>Starts a walk in which, with <paramref name="nullsAsEmpty"/>, a null anywhere is an empty subtree instead of an error.</summary>
    internal TreeFlattener(string operation, bool allowNumbers, bool nullsAsEmpty)
    {
        _nullsAsEmpty = nullsAsEmpty;
        _scratch = cachedScratch ?? new Scratch();
        cachedScratch = null;
        _leaves = _scratch.Leaves;
        _path = _scratch.Path;
        _defs = _scratch.Defs;
        _count = 0;
        _depth = 0;
        _defCount = 0;
        _operation = operation;
        _allowNumbers = allowNumbers;
    }

    /// <summary>
    /// A list shared by the nodes of this walk whose children come from a <see cref="TreeNodeType"/>: a node
    /// appends its children, visits them (nested nodes append after them and remove what they added) and then
    /// removes its own.
    /// </summary>
    internal readonly List<object?> ChildBuffer => _scratch.Children ??= new List<object?>();

    /// <summary>The operation named in errors.</summary>
    internal readonly string Operation => _operation;

    /// <summary>Ends the walk: returns the leaves found, in order, as a fresh array of exactly their number.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal NDArray[] Finish()
    {
        var leaves = _count == 0 ? System.Array.Empty<NDArray>() : _leaves.AsSpan(0, _count).ToArray();
        Release();
        return leaves;
    }

    /// <summary>Gives the buffers back for the next walk on this thread (also after a failed walk).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void Release()
    {
        if (_scratch is null) return;
        _leaves.AsSpan(0, _count).Clear();
        _scratch.Children?.Clear();
        if (_leaves.Length <= 1024 && _path.Length <= 256 && _defs.Length <= 1024)
        {
            // The stacked TreeDefs are not cleared: they are immutable and also held by their handlers.
            _scratch.Leaves = _leaves;
            _scratch.Path = _path;
            _scratch.Defs = _defs;
            cachedScratch = _scratch;
        }
        _scratch = null!;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Add(NDArray leaf)
    {
        if (_count == _leaves.Length) System.Array.Resize(ref _leaves, _leaves.Length * 2);
        _leaves[_count++] = leaf;
    }

    /// <summary>Flattens <paramref name="node"/>, appending its leaves, and returns its structure.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal TreeDef Visit(object? node)
    {
        if (node is NDArray array)
        {
            Add(array);
            return TreeDef.Leaf;
        }
        if (node is null) return _nullsAsEmpty ? TreeDef.Empty : throw NullError();
        var type = node.GetType();
        if (type == typeof(double))
        {
            if (!_allowNumbers) throw NumberError("double");
            Add(ConcreteArray.WeakScalar((double)node));
            return TreeDef.DoubleLeaf;
        }
        if (type == typeof(float))
        {
            if (!_allowNumbers) throw NumberError("float");
            Add(ConcreteArray.WeakScalar((float)node));
            return TreeDef.FloatLeaf;
        }
        if (type == typeof(int))
        {
            if (!_allowNumbers) throw NumberError("int");
            Add(ConcreteArray.WeakScalar((int)node));
            return TreeDef.IntLeaf;
        }
        return Tree.HandlerFor(type).Flatten(node, ref this);
    }

    /// <summary>The position on the child-structure stack where the current node's children start.</summary>
    internal readonly int Mark => _defCount;

    /// <summary>Flattens a child reached from the current node by <paramref name="step"/> and stacks its structure.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void PushChild(object? child, TreePathSegment step)
    {
        if (_depth == _path.Length) System.Array.Resize(ref _path, _path.Length * 2);
        _path[_depth++] = step;
        var def = Visit(child);
        _depth--;
        if (_defCount == _defs.Length) System.Array.Resize(ref _defs, _defs.Length * 2);
        _defs[_defCount++] = def;
    }

    /// <summary>Stacks an empty subtree (a null child of a node whose type allows it).</summary>
    internal void PushEmpty()
    {
        if (_defCount == _defs.Length) System.Array.Resize(ref _defs, _defs.Length * 2);
        _defs[_defCount++] = TreeDef.Empty;
    }

    /// <summary>The structure of a node of <paramref name="handler"/> whose children were stacked since <paramref name="mark"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal TreeDef MakeNode(TreeNodeHandler handler, int mark, string[]? keys = null, object? aux = null)
    {
        var def = handler.Intern(_defs.AsSpan(mark, _defCount - mark), keys, aux);
        _defCount = mark;
        return def;
    }

    /// <summary>The path from the root to the current node, like <c>.Item2[0]['w']</c>; empty at the root.</summary>
    internal readonly string Path()
    {
        var sb = new StringBuilder();
        for (int i = 0; i < _depth; i++) _path[i].AppendTo(sb);
        return sb.ToString();
    }

    private readonly string Where() => _depth == 0 ? "" : $" at {Path()}";

    /// <summary>An error about the current node, prefixed with the operation and suffixed with where it is.</summary>
    internal readonly ArgumentException Error(string what, string rest, Exception? inner = null) =>
        new($"{_operation}: {what}{Where()} {rest}", inner);

    private readonly ArgumentException NullError() =>
        Error("null", "is not a pytree: every leaf must be an NDArray (or a double, float or int) and every node a non-null container.");

    private readonly ArgumentException NumberError(string type) => _depth == 0
        ? new ArgumentException(
            $"{_operation}: the argument is {Article(type)} {type}, which cannot carry a traced value; declare it NDArray " +
            $"({Article(type)} {type} converts implicitly to a weakly-typed 0-d NDArray).")
        : new ArgumentException(
            $"{_operation}: the {type} leaf at {Path()} cannot carry a traced value; declare it NDArray " +
            $"({Article(type)} {type} converts implicitly to a weakly-typed 0-d NDArray).");

    /// <summary>"an" before a vowel, else "a".</summary>
    internal static string Article(string word) =>
        word.StartsWith("NDArray", StringComparison.Ordinal) || (word.Length > 0 && "aeiouAEIOU".Contains(word[0])) ? "an" : "a";

    /// <summary>The error for a value whose type is not a pytree node.</summary>
    internal readonly ArgumentException UnsupportedError(Type type, string? reason)
    {
        var qualified = TreeTypeNames.Of(type, qualified: true);
        return Error($"a value of type {qualified}",
            "is not a pytree. Declare array values as NDArray and group them in a ValueTuple, T[], List<T>, " +
            "ImmutableArray<T>, ImmutableList<T>, Dictionary<string, T>, ImmutableDictionary<string, T> or a record " +
            "whose public constructor parameters match its public properties; or make the type a pytree with " +
            $"Tree.Register<{TreeTypeNames.Of(type)}>(children, rebuild)." + (reason is null ? "" : $" ({reason})") + SatelliteHint(type));
    }

    /// <summary>For an F# or LanguageExt type, which package makes it a pytree; else empty.</summary>
    private static string SatelliteHint(Type type)
    {
        if (IsFSharpType(type))
            return " F# lists, options, maps, records, unions and tuples are pytrees once the Functional.AD.FSharp package is used (open Functional.AD.FSharp).";
        if (IsLanguageExtType(type))
            return " LanguageExt's Arr, Lst, Seq, Map, HashMap, Option and Record<T> are pytrees once the application references the Functional.AD.LanguageExt package; other LanguageExt types are not.";
        return "";
    }

    /// <summary>True for a type of FSharp.Core or one F# compiled as a record, union, module or other F# construct.</summary>
    internal static bool IsFSharpType(Type type) =>
        type.Assembly.GetName().Name == "FSharp.Core" || HasAttributeNamed(type, "CompilationMappingAttribute");

    /// <summary>True for a type of LanguageExt.Core or one deriving from one (a <c>Record&lt;T&gt;</c>).</summary>
    internal static bool IsLanguageExtType(Type type)
    {
        for (var t = type; t is not null; t = t.BaseType)
            if (t.Assembly.GetName().Name == "LanguageExt.Core") return true;
        return false;
    }

    private static bool HasAttributeNamed(Type type, string name)
    {
        foreach (var data in type.GetCustomAttributesData())
            if (data.AttributeType.Name == name) return true;
        return false;
    }
}
