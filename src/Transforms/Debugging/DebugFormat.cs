using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Functional.AD;

/// <summary>The formats and values of <see cref="Jax.DebugPrint"/>.</summary>
internal static class DebugFormat
{
    /// <summary>
    /// The format with Python's empty placeholders (<c>{}</c>, <c>{:.3f}</c>-free forms only) numbered in order,
    /// so that <see cref="string.Format(IFormatProvider, string, object[])"/> takes it; <c>{{</c> and <c>}}</c> stay escapes.
    /// </summary>
    internal static string Numbered(string format)
    {
        if (!format.Contains("{}", StringComparison.Ordinal)) return format;
        var sb = new StringBuilder(format.Length + 8);
        int next = 0;
        for (int i = 0; i < format.Length; i++)
        {
            char c = format[i];
            if (c == '{' && i + 1 < format.Length && format[i + 1] == '{')
            {
                sb.Append("{{");
                i++;
            }
            else if (c == '{' && i + 1 < format.Length && format[i + 1] == '}')
            {
                sb.Append('{').Append(next++.ToString(CultureInfo.InvariantCulture)).Append('}');
                i++;
            }
            else sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>Fails at the call, not when the program runs, when the format does not fit <paramref name="count"/> values.</summary>
    internal static void Validate(string operation, string format, string numbered, int count)
    {
        try
        {
            _ = string.Format(CultureInfo.InvariantCulture, numbered, new object?[count]);
        }
        catch (FormatException e)
        {
            throw new FormatException($"{operation}: the format \"{format}\" does not fit {count} value(s): {e.Message}", e);
        }
    }

    /// <summary>One value of a debug print: an array or pytree (a run of the traced leaves) or a value printed as it is.</summary>
    internal readonly struct Slot
    {
        private readonly TreeDef? _def;
        private readonly int _start;
        private readonly int _count;
        private readonly object? _plain;

        private Slot(TreeDef? def, int start, int count, object? plain)
        {
            _def = def;
            _start = start;
            _count = count;
            _plain = plain;
        }

        /// <summary>The slot of <paramref name="value"/>, appending its array leaves to <paramref name="leaves"/>.</summary>
        internal static Slot Of(object? value, List<NDArray> leaves)
        {
            if (value is null or string or IConvertible) return new Slot(null, 0, 0, value);
            var (arrays, def) = Tree.FlattenArgs(value, "Jax.DebugPrint", allowNumberLeaves: true);
            int start = leaves.Count;
            leaves.AddRange(arrays);
            return new Slot(def, start, arrays.Length, null);
        }

        /// <summary>The value to print, rebuilt from the concrete leaves.</summary>
        internal object? Rebuild(NDArray[] concrete)
        {
            if (_def is null) return _plain;
            var mine = new NDArray[_count];
            Array.Copy(concrete, _start, mine, 0, _count);
            return _def.Build<object>(mine, "Jax.DebugPrint");
        }
    }
}
