using System;
using System.Collections.Generic;
using System.Text;

namespace Functional.AD;

/// <summary>C#-style names of CLR types for pytree messages: <c>List&lt;NDArray&gt;</c>, <c>(NDArray, double)</c>, <c>System.String</c>.</summary>
internal static class TreeTypeNames
{
    private static readonly Dictionary<Type, string> Keywords = new()
    {
        [typeof(bool)] = "bool",
        [typeof(byte)] = "byte",
        [typeof(sbyte)] = "sbyte",
        [typeof(char)] = "char",
        [typeof(short)] = "short",
        [typeof(ushort)] = "ushort",
        [typeof(int)] = "int",
        [typeof(uint)] = "uint",
        [typeof(long)] = "long",
        [typeof(ulong)] = "ulong",
        [typeof(float)] = "float",
        [typeof(double)] = "double",
        [typeof(decimal)] = "decimal",
        [typeof(string)] = "string",
        [typeof(object)] = "object",
    };

    /// <summary>
    /// The C# spelling of <paramref name="type"/>: short (<c>List&lt;double&gt;</c>) or namespace-qualified
    /// (<c>System.Collections.Generic.List&lt;System.Double&gt;</c>).
    /// </summary>
    internal static string Of(Type type, bool qualified = false)
    {
        var sb = new StringBuilder();
        Append(sb, type, qualified);
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, Type type, bool qualified)
    {
        if (!qualified && Keywords.TryGetValue(type, out var keyword))
        {
            sb.Append(keyword);
            return;
        }
        if (type.IsArray)
        {
            Append(sb, type.GetElementType()!, qualified);
            sb.Append('[').Append(',', type.GetArrayRank() - 1).Append(']');
            return;
        }
        if (type.IsPointer || type.IsByRef)
        {
            Append(sb, type.GetElementType()!, qualified);
            sb.Append(type.IsPointer ? '*' : '&');
            return;
        }
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            Append(sb, underlying, qualified);
            sb.Append('?');
            return;
        }
        if (IsValueTuple(type) && type.IsConstructedGenericType)
        {
            sb.Append('(');
            AppendTupleItems(sb, type, qualified, first: true);
            sb.Append(')');
            return;
        }
        if (type.Name.StartsWith("<>f__AnonymousType", StringComparison.Ordinal))
        {
            sb.Append("<anonymous type>");
            return;
        }

        var args = type.IsGenericType ? type.GetGenericArguments() : Type.EmptyTypes;
        int inherited = 0;
        if (type.IsNested && !type.IsGenericParameter && type.DeclaringType is { } outer)
        {
            // The generic arguments of a nested type start with those of its enclosing types.
            inherited = outer.IsGenericTypeDefinition ? outer.GetGenericArguments().Length : 0;
            var outerType = inherited > 0 && inherited <= args.Length && !type.ContainsGenericParameters
                ? outer.MakeGenericType(args[..inherited])
                : outer;
            Append(sb, outerType, qualified);
            sb.Append('.');
        }
        else if (qualified && !string.IsNullOrEmpty(type.Namespace) && !type.IsGenericParameter)
        {
            sb.Append(type.Namespace).Append('.');
        }

        var name = type.Name;
        int tick = name.IndexOf('`');
        sb.Append(tick >= 0 ? name.AsSpan(0, tick) : name);
        if (args.Length > inherited)
        {
            sb.Append('<');
            for (int i = inherited; i < args.Length; i++)
            {
                if (i > inherited) sb.Append(", ");
                Append(sb, args[i], qualified);
            }
            sb.Append('>');
        }
    }

    private static void AppendTupleItems(StringBuilder sb, Type tuple, bool qualified, bool first)
    {
        var args = tuple.GetGenericArguments();
        for (int i = 0; i < args.Length; i++)
        {
            if (i == 7 && IsValueTuple(args[i]) && args[i].IsConstructedGenericType)
            {
                AppendTupleItems(sb, args[i], qualified, first);
                return;
            }
            if (!first) sb.Append(", ");
            first = false;
            Append(sb, args[i], qualified);
        }
    }

    /// <summary>True for <c>ValueTuple</c> and <c>ValueTuple&lt;T1, ..., TRest&gt;</c> (any arity).</summary>
    internal static bool IsValueTuple(Type type)
    {
        if (type == typeof(ValueTuple)) return true;
        if (!type.IsGenericType) return false;
        var def = type.GetGenericTypeDefinition();
        return def == typeof(ValueTuple<>) || def == typeof(ValueTuple<,>) || def == typeof(ValueTuple<,,>)
            || def == typeof(ValueTuple<,,,>) || def == typeof(ValueTuple<,,,,>) || def == typeof(ValueTuple<,,,,,>)
            || def == typeof(ValueTuple<,,,,,,>) || def == typeof(ValueTuple<,,,,,,,>);
    }
}
