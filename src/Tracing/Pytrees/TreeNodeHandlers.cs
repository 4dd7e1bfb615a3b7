using System;
using System.Runtime.CompilerServices;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Linq.Expressions;
using System.Reflection;
using System.Text;

namespace Functional.AD;

/// <summary>
/// How one runtime type is a pytree node: how to list its children (flattening), how to build it back
/// from rebuilt children, and how it prints. There is one handler per type, cached by
/// <see cref="Tree.HandlerFor"/>, so two <see cref="TreeDef"/> nodes have the same type exactly when
/// they have the same handler.
/// </summary>
internal abstract class TreeNodeHandler
{
    /// <summary>The runtime type this handler flattens and builds.</summary>
    internal readonly Type Type;

    /// <summary>The last node structure made by this handler, reused when the next one is the same.</summary>
    private TreeDef? _last;

    protected TreeNodeHandler(Type type) => Type = type;

    /// <summary>
    /// The structure of a node of this type with these children, keys and aux data: the previous one when
    /// they are the same (children compared by reference, which suffices as children are interned too),
    /// else a new one. Races between threads only cost an allocation.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal TreeDef Intern(ReadOnlySpan<TreeDef> children, string[]? keys, object? aux)
    {
        var last = _last;
        if (last is not null && last.Children.Length == children.Length && TreeDef.SameAux(last.Aux, aux)
            && (keys is null ? last.Keys is null : last.Keys is not null && keys.AsSpan().SequenceEqual(last.Keys)))
        {
            bool same = true;
            for (int i = 0; i < children.Length && same; i++) same = ReferenceEquals(last.Children[i], children[i]);
            if (same) return last;
        }
        var def = new TreeDef(this, children.Length == 0 ? System.Array.Empty<TreeDef>() : children.ToArray(), keys, aux);
        _last = def;
        return def;
    }

    /// <summary>Visits the children of <paramref name="node"/> (a <see cref="Type"/>) with <paramref name="f"/> and returns the node's structure.</summary>
    internal abstract TreeDef Flatten(object node, ref TreeFlattener f);

    /// <summary>Builds a node of structure <paramref name="def"/> from its rebuilt children.</summary>
    internal abstract object Build(TreeDef def, object?[] children, string operation);

    /// <summary>Appends the text of node <paramref name="def"/> for <see cref="TreeDef.ToString"/>.</summary>
    internal abstract void Format(TreeDef def, StringBuilder sb);

    /// <summary>Appends the path step from node <paramref name="def"/> to its child <paramref name="index"/>.</summary>
    internal abstract void AppendChildStep(TreeDef def, int index, StringBuilder sb);

    /// <summary>Short description of node <paramref name="def"/> for mismatch messages.</summary>
    internal virtual string Describe(TreeDef def) =>
        $"{A(TreeTypeNames.Of(Type))} with {Count(def.Children.Length, "child", "children")}";

    /// <summary><paramref name="noun"/> with "a" or "an" before it.</summary>
    internal static string A(string noun) => $"{TreeFlattener.Article(noun)} {noun}";

    /// <summary>"1 item", "3 items".</summary>
    internal static string Count(int n, string one, string many) => n == 1 ? $"1 {one}" : $"{n} {many}";
}

/// <summary>A type that is not a pytree: flattening it fails with a message saying how to make it one.</summary>
internal sealed class UnsupportedTreeHandler : TreeNodeHandler
{
    private readonly string? _reason;

    internal UnsupportedTreeHandler(Type type, string? reason) : base(type) => _reason = reason;

    internal override TreeDef Flatten(object node, ref TreeFlattener f) => throw f.UnsupportedError(Type, _reason);

    internal override object Build(TreeDef def, object?[] children, string operation) => throw new InvalidOperationException();

    internal override void Format(TreeDef def, StringBuilder sb) => sb.Append(TreeTypeNames.Of(Type));

    internal override void AppendChildStep(TreeDef def, int index, StringBuilder sb) { }
}

/// <summary>
/// A node with a fixed list of named members, built by a constructor taking them in order: a
/// <c>ValueTuple</c> (fields <c>Item1</c>..<c>Item7</c>, <c>Rest</c>) or a record-like class or struct
/// (public properties matching the constructor's parameters). Access goes through compiled delegates.
/// </summary>
internal sealed class ProductTreeHandler : TreeNodeHandler
{
    private readonly string[] _names;
    private readonly Func<object, object?[]> _get;
    private readonly Func<object?[], object> _make;
    private readonly bool _isTuple;

    /// <summary>The member names, in constructor order.</summary>
    internal IReadOnlyList<string> Names => _names;

    /// <summary>The declared types of the members, in constructor order.</summary>
    internal Type[] MemberTypes { get; }

    /// <summary>A value built from its members in constructor order.</summary>
    internal object Make(object?[] members) => _make(members);

    private ProductTreeHandler(Type type, string[] names, Type[] memberTypes, Func<object, object?[]> get, Func<object?[], object> make, bool isTuple)
        : base(type)
    {
        MemberTypes = memberTypes;
        _names = names;
        _get = get;
        _make = make;
        _isTuple = isTuple;
    }

    /// <summary>The handler of a <c>ValueTuple</c> type of any arity.</summary>
    internal static ProductTreeHandler ForValueTuple(Type type)
    {
        var args = type.IsGenericType ? type.GetGenericArguments() : Type.EmptyTypes;
        var fields = new MemberInfo[args.Length];
        var names = new string[args.Length];
        for (int i = 0; i < args.Length; i++)
        {
            names[i] = i < 7 ? $"Item{i + 1}" : "Rest";
            fields[i] = type.GetField(names[i], BindingFlags.Public | BindingFlags.Instance)
                ?? throw new InvalidOperationException($"{type} has no field {names[i]}");
        }
        var ctor = args.Length == 0 ? null : type.GetConstructor(args)
            ?? throw new InvalidOperationException($"{type} has no constructor taking its items");
        return Compile(type, fields, names, ctor, isTuple: true);
    }

    /// <summary>
    /// The handler of a record-like type: among its public constructors with at least one parameter whose
    /// parameters all match (by case-insensitive name and exact type) distinct public readable instance
    /// properties, the one with the most parameters. Null (with a reason) when there is none.
    /// </summary>
    internal static ProductTreeHandler? TryRecord(Type type, out string? reason)
    {
        reason = null;
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0)
            .ToArray();
        ConstructorInfo? best = null;
        PropertyInfo[]? bestProperties = null;
        bool anyWithParameters = false;
        foreach (var ctor in type.GetConstructors(BindingFlags.Public | BindingFlags.Instance).OrderBy(c => c.MetadataToken))
        {
            var parameters = ctor.GetParameters();
            if (parameters.Length == 0) continue;
            anyWithParameters = true;
            if (bestProperties is not null && parameters.Length <= bestProperties.Length) continue;
            var matched = MatchParameters(parameters, properties);
            if (matched is null) continue;
            best = ctor;
            bestProperties = matched;
        }
        if (best is null || bestProperties is null)
        {
            reason = anyWithParameters
                ? "none of its public constructors has parameters that all match public properties of the same name and type"
                : "it has no public constructor with parameters to rebuild it from its properties";
            return null;
        }
        return Compile(type, bestProperties, bestProperties.Select(p => p.Name).ToArray(), best, isTuple: false);
    }

    private static PropertyInfo[]? MatchParameters(ParameterInfo[] parameters, PropertyInfo[] properties)
    {
        var matched = new PropertyInfo[parameters.Length];
        for (int i = 0; i < parameters.Length; i++)
        {
            var p = parameters[i];
            if (p.Name is null || p.ParameterType.IsByRef || p.ParameterType.IsPointer) return null;
            PropertyInfo? match = null;
            foreach (var prop in properties)
            {
                if (prop.PropertyType != p.ParameterType || !string.Equals(prop.Name, p.Name, StringComparison.OrdinalIgnoreCase))
                    continue;
                if (match is null || string.Equals(prop.Name, p.Name, StringComparison.Ordinal)) match = prop;
            }
            if (match is null || System.Array.IndexOf(matched, match, 0, i) >= 0) return null;
            matched[i] = match;
        }
        return matched;
    }

    private static ProductTreeHandler Compile(Type type, MemberInfo[] members, string[] names, ConstructorInfo? ctor, bool isTuple)
    {
        // get: (object o) => { var v = (T)o; return new object[] { (object)v.M1, (object)v.M2, ... }; }
        var o = Expression.Parameter(typeof(object), "o");
        var v = Expression.Variable(type, "v");
        var values = members.Select(m => (Expression)Expression.Convert(Expression.MakeMemberAccess(v, m), typeof(object)));
        var get = Expression.Lambda<Func<object, object?[]>>(
            Expression.Block(new[] { v }, Expression.Assign(v, Expression.Convert(o, type)),
                Expression.NewArrayInit(typeof(object), values)),
            o).Compile();

        // make: (object[] a) => (object)new T((P1)a[0], (P2)a[1], ...)
        var a = Expression.Parameter(typeof(object?[]), "a");
        Expression created = ctor is null
            ? Expression.New(type)
            : Expression.New(ctor, ctor.GetParameters().Select((p, i) =>
                (Expression)Expression.Convert(Expression.ArrayIndex(a, Expression.Constant(i)), p.ParameterType)));
        var make = Expression.Lambda<Func<object?[], object>>(Expression.Convert(created, typeof(object)), a).Compile();
        var memberTypes = members.Select(m => m is FieldInfo field ? field.FieldType : ((PropertyInfo)m).PropertyType).ToArray();
        return new ProductTreeHandler(type, names, memberTypes, get, make, isTuple);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override TreeDef Flatten(object node, ref TreeFlattener f)
    {
        var values = _get(node);
        int mark = f.Mark;
        for (int i = 0; i < values.Length; i++) f.PushChild(values[i], TreePathSegment.Member(_names[i]));
        return f.MakeNode(this, mark);
    }

    internal override object Build(TreeDef def, object?[] children, string operation) => _make(children);

    internal override void Format(TreeDef def, StringBuilder sb)
    {
        if (_isTuple)
        {
            sb.Append('(');
            bool first = true;
            AppendTupleItems(def, sb, ref first);
            if (def.Children.Length == 1) sb.Append(',');
            sb.Append(')');
            return;
        }
        sb.Append(TreeTypeNames.Of(Type)).Append('(');
        for (int i = 0; i < def.Children.Length; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append(_names[i]).Append('=');
            def.Children[i].FormatTo(sb);
        }
        sb.Append(')');
    }

    /// <summary>Tuple items, with those of a <c>Rest</c> tuple inlined as C# writes long tuples.</summary>
    private void AppendTupleItems(TreeDef def, StringBuilder sb, ref bool first)
    {
        for (int i = 0; i < def.Children.Length; i++)
        {
            var child = def.Children[i];
            if (i == 7 && child.Handler is ProductTreeHandler { _isTuple: true } rest)
            {
                rest.AppendTupleItems(child, sb, ref first);
                continue;
            }
            if (!first) sb.Append(", ");
            first = false;
            child.FormatTo(sb);
        }
    }

    internal override void AppendChildStep(TreeDef def, int index, StringBuilder sb) => sb.Append('.').Append(_names[index]);

    internal override string Describe(TreeDef def) => _isTuple
        ? $"a tuple {TreeTypeNames.Of(Type)}"
        : A(TreeTypeNames.Of(Type));
}

/// <summary>Shared behaviour of the sequence handlers (array, list, immutable array and list).</summary>
internal abstract class SequenceTreeHandler : TreeNodeHandler
{
    private readonly string _prefix;

    protected SequenceTreeHandler(Type type, string prefix) : base(type) => _prefix = prefix;

    internal override void Format(TreeDef def, StringBuilder sb)
    {
        sb.Append(_prefix).Append('[');
        def.FormatChildren(sb);
        sb.Append(']');
    }

    internal override void AppendChildStep(TreeDef def, int index, StringBuilder sb) => sb.Append('[').Append(index).Append(']');

    internal override string Describe(TreeDef def) => $"{A(TreeTypeNames.Of(Type))} of {Count(def.Children.Length, "item", "items")}";

    /// <summary>Children of the items of <paramref name="items"/>, visited with index steps.</summary>
    protected static TreeDef Items<E>(ReadOnlySpan<E> items, TreeNodeHandler self, ref TreeFlattener f)
    {
        int mark = f.Mark;
        for (int i = 0; i < items.Length; i++) f.PushChild(items[i], TreePathSegment.Index(i));
        return f.MakeNode(self, mark);
    }
}

/// <summary><c>E[]</c>.</summary>
internal sealed class ArrayTreeHandler<E> : SequenceTreeHandler
{
    public ArrayTreeHandler() : base(typeof(E[]), "") { }

    internal override TreeDef Flatten(object node, ref TreeFlattener f) => Items<E>((E[])node, this, ref f);

    internal override object Build(TreeDef def, object?[] children, string operation)
    {
        var result = new E[children.Length];
        for (int i = 0; i < result.Length; i++) result[i] = (E)children[i]!;
        return result;
    }
}

/// <summary><c>List&lt;E&gt;</c>.</summary>
internal sealed class ListTreeHandler<E> : SequenceTreeHandler
{
    public ListTreeHandler() : base(typeof(List<E>), "List") { }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override TreeDef Flatten(object node, ref TreeFlattener f) =>
        Items<E>(System.Runtime.InteropServices.CollectionsMarshal.AsSpan((List<E>)node), this, ref f);

    internal override object Build(TreeDef def, object?[] children, string operation)
    {
        var result = new List<E>(children.Length);
        foreach (var c in children) result.Add((E)c!);
        return result;
    }
}

/// <summary><c>ImmutableArray&lt;E&gt;</c>.</summary>
internal sealed class ImmutableArrayTreeHandler<E> : SequenceTreeHandler
{
    public ImmutableArrayTreeHandler() : base(typeof(ImmutableArray<E>), "ImmutableArray") { }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override TreeDef Flatten(object node, ref TreeFlattener f)
    {
        var array = (ImmutableArray<E>)node;
        if (array.IsDefault)
            throw f.Error($"a default (uninitialized) {TreeTypeNames.Of(Type)}", $"is not a pytree; use {TreeTypeNames.Of(Type)}.Empty for no items.");
        return Items(array.AsSpan(), this, ref f);
    }

    internal override object Build(TreeDef def, object?[] children, string operation)
    {
        var builder = ImmutableArray.CreateBuilder<E>(children.Length);
        foreach (var c in children) builder.Add((E)c!);
        return builder.MoveToImmutable();
    }
}

/// <summary><c>ImmutableList&lt;E&gt;</c>.</summary>
internal sealed class ImmutableListTreeHandler<E> : SequenceTreeHandler
{
    public ImmutableListTreeHandler() : base(typeof(ImmutableList<E>), "ImmutableList") { }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override TreeDef Flatten(object node, ref TreeFlattener f)
    {
        var list = (ImmutableList<E>)node;
        int mark = f.Mark, i = 0;
        foreach (var item in list) f.PushChild(item, TreePathSegment.Index(i++));
        return f.MakeNode(this, mark);
    }

    internal override object Build(TreeDef def, object?[] children, string operation)
    {
        var builder = ImmutableList.CreateBuilder<E>();
        foreach (var c in children) builder.Add((E)c!);
        return builder.ToImmutable();
    }
}

/// <summary>Shared behaviour of the string-keyed dictionary handlers: children in ordinal key order.</summary>
internal abstract class DictionaryTreeHandlerBase : TreeNodeHandler
{
    private readonly string _prefix;

    protected DictionaryTreeHandlerBase(Type type, string prefix) : base(type) => _prefix = prefix;

    /// <summary>The keys of a dictionary sorted in ordinal order.</summary>
    protected static string[] SortedKeys(IEnumerable<string> keys, int count)
    {
        if (count == 0) return System.Array.Empty<string>();
        var sorted = new string[count];
        int i = 0;
        foreach (var k in keys) sorted[i++] = k;
        if (count > 1) System.Array.Sort(sorted, StringComparer.Ordinal);
        return sorted;
    }

    /// <summary>The comparer to record in the structure: null for the default one.</summary>
    protected static object? ComparerAux(IEqualityComparer<string> comparer) =>
        ReferenceEquals(comparer, EqualityComparer<string>.Default) || ReferenceEquals(comparer, StringComparer.Ordinal) ? null : comparer;

    internal override void Format(TreeDef def, StringBuilder sb)
    {
        sb.Append(_prefix).Append('{');
        var keys = def.Keys!;
        for (int i = 0; i < keys.Length; i++)
        {
            if (i > 0) sb.Append(", ");
            TreePathSegment.AppendQuoted(sb, keys[i]);
            sb.Append(": ");
            def.Children[i].FormatTo(sb);
        }
        sb.Append('}');
    }

    internal override void AppendChildStep(TreeDef def, int index, StringBuilder sb) => TreePathSegment.Key(def.Keys![index]).AppendTo(sb);

    internal override string Describe(TreeDef def)
    {
        var sb = new StringBuilder(A(TreeTypeNames.Of(Type))).Append(" with keys [");
        var keys = def.Keys!;
        for (int i = 0; i < keys.Length; i++)
        {
            if (i > 0) sb.Append(", ");
            TreePathSegment.AppendQuoted(sb, keys[i]);
        }
        sb.Append(']');
        if (def.Aux is not null) sb.Append(" (comparer ").Append(def.Aux).Append(')');
        return sb.ToString();
    }
}

/// <summary><c>Dictionary&lt;string, V&gt;</c>.</summary>
internal sealed class DictionaryTreeHandler<V> : DictionaryTreeHandlerBase
{
    public DictionaryTreeHandler() : base(typeof(Dictionary<string, V>), "") { }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override TreeDef Flatten(object node, ref TreeFlattener f)
    {
        var dictionary = (Dictionary<string, V>)node;
        var keys = SortedKeys(dictionary.Keys, dictionary.Count);
        int mark = f.Mark;
        for (int i = 0; i < keys.Length; i++) f.PushChild(dictionary[keys[i]], TreePathSegment.Key(keys[i]));
        return f.MakeNode(this, mark, keys, ComparerAux(dictionary.Comparer));
    }

    internal override object Build(TreeDef def, object?[] children, string operation)
    {
        var keys = def.Keys!;
        var result = new Dictionary<string, V>(keys.Length, def.Aux as IEqualityComparer<string>);
        for (int i = 0; i < keys.Length; i++) result.Add(keys[i], (V)children[i]!);
        return result;
    }
}

/// <summary><c>ImmutableDictionary&lt;string, V&gt;</c>.</summary>
internal sealed class ImmutableDictionaryTreeHandler<V> : DictionaryTreeHandlerBase
{
    public ImmutableDictionaryTreeHandler() : base(typeof(ImmutableDictionary<string, V>), "ImmutableDictionary") { }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override TreeDef Flatten(object node, ref TreeFlattener f)
    {
        var dictionary = (ImmutableDictionary<string, V>)node;
        var keys = SortedKeys(dictionary.Keys, dictionary.Count);
        int mark = f.Mark;
        for (int i = 0; i < keys.Length; i++) f.PushChild(dictionary[keys[i]], TreePathSegment.Key(keys[i]));
        object? aux = ComparerAux(dictionary.KeyComparer) is null && ReferenceEquals(dictionary.ValueComparer, EqualityComparer<V>.Default)
            ? null
            : new ImmutableComparers(dictionary.KeyComparer, dictionary.ValueComparer);
        return f.MakeNode(this, mark, keys, aux);
    }

    internal override object Build(TreeDef def, object?[] children, string operation)
    {
        var keys = def.Keys!;
        var comparers = def.Aux as ImmutableComparers;
        var builder = ImmutableDictionary.CreateBuilder(comparers?.Keys, comparers?.Values);
        for (int i = 0; i < keys.Length; i++) builder.Add(keys[i], (V)children[i]!);
        return builder.ToImmutable();
    }

    /// <summary>Non-default comparers of an immutable dictionary, kept so it is rebuilt with them.</summary>
    private sealed record ImmutableComparers(IEqualityComparer<string> Keys, IEqualityComparer<V> Values)
    {
        public override string ToString() => $"{Keys}, {Values}";
    }
}

/// <summary>A type registered with <see cref="Tree.Register{T}"/>.</summary>
internal sealed class RegisteredTreeHandler<T> : TreeNodeHandler
{
    private readonly Func<T, IEnumerable<object?>> _children;
    private readonly Func<IReadOnlyList<object?>, T> _rebuild;

    internal RegisteredTreeHandler(Func<T, IEnumerable<object?>> children, Func<IReadOnlyList<object?>, T> rebuild)
        : base(typeof(T))
    {
        _children = children;
        _rebuild = rebuild;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override TreeDef Flatten(object node, ref TreeFlattener f)
    {
        var items = _children((T)node)
            ?? throw f.Error($"the children function registered for {TreeTypeNames.Of(Type)}", "returned null");
        int mark = f.Mark, i = 0;
        foreach (var item in items) f.PushChild(item, TreePathSegment.Index(i++));
        return f.MakeNode(this, mark);
    }

    internal override object Build(TreeDef def, object?[] children, string operation)
    {
        object? result = _rebuild(System.Array.AsReadOnly(children));
        return result ?? throw new ArgumentException(
            $"{operation}: the rebuild function registered for {TreeTypeNames.Of(Type)} returned null");
    }

    internal override void Format(TreeDef def, StringBuilder sb)
    {
        sb.Append(TreeTypeNames.Of(Type)).Append('[');
        def.FormatChildren(sb);
        sb.Append(']');
    }

    internal override void AppendChildStep(TreeDef def, int index, StringBuilder sb) => sb.Append('[').Append(index).Append(']');

    internal override string Describe(TreeDef def) =>
        $"a registered {TreeTypeNames.Of(Type)} with {Count(def.Children.Length, "child", "children")}";
}

/// <summary>A type whose node rules come from a <see cref="TreeNodeType"/> made by a resolver given to <see cref="Tree.RegisterFamily"/>.</summary>
internal sealed class FamilyTreeHandler : TreeNodeHandler
{
    private readonly TreeNodeType _node;

    internal FamilyTreeHandler(TreeNodeType node) : base(node.Type) => _node = node;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override TreeDef Flatten(object node, ref TreeFlattener f)
    {
        var buffer = f.ChildBuffer;
        int start = buffer.Count;
        object? aux;
        try
        {
            aux = _node.Flatten(node, buffer);
        }
        catch (Exception e)
        {
            // The node type's own message, with the operation and the path to the node put in front of it.
            throw f.Error($"the node type registered for {TreeTypeNames.Of(Type)}",
                $"{(e is ArgumentException ? "rejected" : "failed to flatten")} a value: {e.Message}", e);
        }
        int end = buffer.Count, mark = f.Mark;
        try
        {
            for (int i = start; i < end; i++)
            {
                var child = buffer[i];
                if (child is null && _node.NullChildIsEmpty) f.PushEmpty();
                else f.PushChild(child, ChildStep(aux, i - start));
            }
        }
        finally
        {
            buffer.RemoveRange(start, buffer.Count - start);
        }
        return f.MakeNode(this, mark, null, aux);
    }

    private TreePathSegment ChildStep(object? aux, int index)
    {
        var name = _node.ChildName(aux, index);
        if (name is null) return TreePathSegment.Index(index);
        return _node.ChildNamesAreKeys ? TreePathSegment.Key(name) : TreePathSegment.Member(name);
    }

    internal override object Build(TreeDef def, object?[] children, string operation)
    {
        object? result;
        try
        {
            result = _node.Unflatten(def.Aux, children);
        }
        catch (Exception e) when (e is not ArgumentException)
        {
            throw new ArgumentException($"{operation}: the node type registered for {TreeTypeNames.Of(Type)} failed to rebuild a value: {e.Message}", e);
        }
        return result ?? throw new ArgumentException(
            $"{operation}: the node type registered for {TreeTypeNames.Of(Type)} rebuilt null");
    }

    internal override void Format(TreeDef def, StringBuilder sb)
    {
        bool keys = _node.ChildNamesAreKeys;
        bool named = def.Children.Length > 0 && _node.ChildName(def.Aux, 0) is not null;
        if (!keys) sb.Append(_node.DisplayName(def.Aux));
        sb.Append(keys ? '{' : named ? '(' : '[');
        for (int i = 0; i < def.Children.Length; i++)
        {
            if (i > 0) sb.Append(", ");
            var name = _node.ChildName(def.Aux, i);
            if (name is not null && keys)
            {
                TreePathSegment.AppendQuoted(sb, name);
                sb.Append(": ");
            }
            else if (name is not null) sb.Append(name).Append('=');
            def.Children[i].FormatTo(sb);
        }
        sb.Append(keys ? '}' : named ? ')' : ']');
    }

    internal override void AppendChildStep(TreeDef def, int index, StringBuilder sb) => ChildStep(def.Aux, index).AppendTo(sb);

    internal override string Describe(TreeDef def) =>
        $"{A(_node.DisplayName(def.Aux))} with {Count(def.Children.Length, "child", "children")}";
}
