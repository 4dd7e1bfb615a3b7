using System;
using System.Collections.Generic;
using System.Linq.Expressions;
using System.Reflection;
using LanguageExt;

namespace Functional.AD.LanguageExt.Nodes;

/// <summary>
/// A class deriving LanguageExt's <c>Record&lt;T&gt;</c>: its children are the public fields or properties that its
/// public constructor takes, in parameter order, read and passed through delegates compiled once per type.
/// </summary>
internal sealed class RecordNode : TreeNodeType
{
    private readonly string[] _names;
    private readonly Action<object, List<object?>> _read;
    private readonly Func<object?[], object> _make;

    private RecordNode(Type type, string[] names, Action<object, List<object?>> read, Func<object?[], object> make) : base(type)
    {
        _names = names;
        _read = read;
        _make = make;
    }

    /// <summary>True when <paramref name="type"/> derives <c>Record&lt;T&gt;</c> (for some T).</summary>
    internal static bool IsRecord(Type type)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(Record<>)) return true;
        return false;
    }

    /// <summary>The node type of record type <paramref name="type"/>, or one that explains why it is not a pytree.</summary>
    internal static TreeNodeType Create(Type type)
    {
        var members = DataMembers(type);
        ConstructorInfo? best = null;
        MemberInfo[]? bestMembers = null;
        foreach (var ctor in type.GetConstructors(BindingFlags.Public | BindingFlags.Instance))
        {
            var parameters = ctor.GetParameters();
            if (bestMembers is not null && parameters.Length <= bestMembers.Length) continue;
            if (parameters.Length == 0 && members.Count > 0) continue;   // would lose the members' values
            if (Match(parameters, members) is { } matched)
            {
                best = ctor;
                bestMembers = matched;
            }
        }
        if (best is null || bestMembers is null) return new UnsupportedRecordNode(type);
        var names = new string[bestMembers.Length];
        for (int i = 0; i < names.Length; i++) names[i] = bestMembers[i].Name;
        return new RecordNode(type, names, CompileRead(type, bestMembers), CompileMake(best));
    }

    /// <summary>The public instance fields and readable properties of <paramref name="type"/> below <c>Record&lt;T&gt;</c>.</summary>
    private static List<MemberInfo> DataMembers(Type type)
    {
        var members = new List<MemberInfo>();
        foreach (var member in type.GetMembers(BindingFlags.Public | BindingFlags.Instance))
        {
            var declaring = member.DeclaringType;
            if (declaring is null || declaring == typeof(object)
                || (declaring.IsGenericType && declaring.GetGenericTypeDefinition() == typeof(Record<>)))
                continue;
            if (member is FieldInfo
                || (member is PropertyInfo { GetMethod.IsPublic: true } property && property.GetIndexParameters().Length == 0))
                members.Add(member);
        }
        return members;
    }

    private static Type TypeOf(MemberInfo member) => member is FieldInfo f ? f.FieldType : ((PropertyInfo)member).PropertyType;

    /// <summary>For each parameter, the distinct member of the same type and name (exact case preferred); null when one has none.</summary>
    private static MemberInfo[]? Match(ParameterInfo[] parameters, List<MemberInfo> members)
    {
        var matched = new MemberInfo[parameters.Length];
        for (int i = 0; i < parameters.Length; i++)
        {
            var parameter = parameters[i];
            MemberInfo? match = null;
            foreach (var member in members)
            {
                if (TypeOf(member) != parameter.ParameterType
                    || !string.Equals(member.Name, parameter.Name, StringComparison.OrdinalIgnoreCase))
                    continue;
                if (match is null || member.Name == parameter.Name) match = member;
            }
            if (match is null || System.Array.IndexOf(matched, match, 0, i) >= 0) return null;
            matched[i] = match;
        }
        return matched;
    }

    /// <summary>(object o, List&lt;object&gt; children) =&gt; { var r = (T)o; children.Add((object)r.M1); ... }</summary>
    private static Action<object, List<object?>> CompileRead(Type type, MemberInfo[] members)
    {
        var node = Expression.Parameter(typeof(object), "node");
        var children = Expression.Parameter(typeof(List<object?>), "children");
        var record = Expression.Variable(type, "record");
        var add = typeof(List<object?>).GetMethod(nameof(List<object?>.Add))!;
        var body = new Expression[members.Length + 1];
        body[0] = Expression.Assign(record, Expression.Convert(node, type));
        for (int i = 0; i < members.Length; i++)
            body[i + 1] = Expression.Call(children, add,
                Expression.Convert(Expression.MakeMemberAccess(record, members[i]), typeof(object)));
        return Expression.Lambda<Action<object, List<object?>>>(Expression.Block(new[] { record }, body), node, children).Compile();
    }

    /// <summary>(object[] a) =&gt; (object)new T((P1)a[0], (P2)a[1], ...)</summary>
    private static Func<object?[], object> CompileMake(ConstructorInfo ctor)
    {
        var values = Expression.Parameter(typeof(object?[]), "values");
        var parameters = ctor.GetParameters();
        var arguments = new Expression[parameters.Length];
        for (int i = 0; i < arguments.Length; i++)
            arguments[i] = Expression.Convert(Expression.ArrayIndex(values, Expression.Constant(i)), parameters[i].ParameterType);
        return Expression.Lambda<Func<object?[], object>>(
            Expression.Convert(Expression.New(ctor, arguments), typeof(object)), values).Compile();
    }

    public override object? Flatten(object node, List<object?> children)
    {
        _read(node, children);
        return null;
    }

    public override object Unflatten(object? aux, ReadOnlySpan<object?> children) => _make(children.ToArray());

    public override string? ChildName(object? aux, int index) => _names[index];
}

/// <summary>A <c>Record&lt;T&gt;</c> type with no constructor to rebuild it from its members: flattening one says so.</summary>
internal sealed class UnsupportedRecordNode(Type type) : TreeNodeType(type)
{
    public override object? Flatten(object node, List<object?> children) =>
        throw new ArgumentException(
            $"Functional.AD.LanguageExt: {DisplayName(null)} derives from Record<T> but is not a pytree: none of its public " +
            "constructors takes parameters that all match its public fields or properties by name (ignoring case) and type, " +
            "so it could not be rebuilt from its children. Write it as LanguageExt's records usually are: public readonly " +
            "fields (or get-only properties) and a public constructor taking each of them.");

    public override object Unflatten(object? aux, ReadOnlySpan<object?> children) =>
        throw new InvalidOperationException($"{DisplayName(null)} is not a pytree");
}
