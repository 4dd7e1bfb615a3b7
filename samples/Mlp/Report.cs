using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Functional.AD.Samples.Mlp;

/// <summary>Console formatting, kept apart from the interesting code.</summary>
internal static class Report
{
    private const int Width = 96;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Banner(string title)
    {
        Console.WriteLine(new string('=', Width));
        Console.WriteLine("  " + title);
        Console.WriteLine(new string('=', Width));
    }

    public static void Section(string title)
    {
        Console.WriteLine();
        Console.WriteLine("-- " + title + " " + new string('-', Math.Max(4, Width - 4 - title.Length)));
        Console.WriteLine();
    }

    public static void Text(string text)
    {
        foreach (string line in text.Split('\n')) Console.WriteLine("  " + line.TrimEnd());
    }

    public static void Line(string label, string value) => Console.WriteLine("  " + label.PadRight(26) + value);

    /// <summary>A labelled comma-separated list, wrapped to the console width with continuation lines indented.</summary>
    public static void List(string label, IEnumerable<string> items)
    {
        var line = new StringBuilder();
        foreach (string item in items)
        {
            if (line.Length > 0 && 28 + line.Length + item.Length + 2 > Width)
            {
                Line(label, line.Append(',').ToString());
                label = "";
                line.Clear();
            }
            line.Append(line.Length > 0 ? ", " : "").Append(item);
        }
        Line(label, line.ToString());
    }

    public static void Blank() => Console.WriteLine();

    public static string N(double value, int digits) => value.ToString("F" + digits.ToString(Inv), Inv);

    public static string Pct(double fraction) => (100 * fraction).ToString("F1", Inv) + "%";

    public static string E(double value) => value.ToString("0.0E+00", Inv);
}

/// <summary>A plain text table, columns sized to their contents and right-aligned.</summary>
internal sealed class Table(params string[] headers)
{
    /// <summary>Prints the header and the rule; rows added later are printed by <see cref="PrintRow"/>.</summary>
    public void PrintHeader()
    {
        Console.WriteLine(Format(headers));
        Console.WriteLine("    " + new string('-', Widths().Sum() + 3 * (headers.Length - 1)));
    }

    /// <summary>Prints one row as soon as it is known, so progress shows while training runs.</summary>
    public void PrintRow(params string[] cells) => Console.WriteLine(Format(cells));

    private int[] Widths() => headers.Select(h => Math.Max(h.Length, 9)).ToArray();

    private string Format(string[] cells)
    {
        int[] widths = Widths();
        return "    " + string.Join("   ", cells.Select((cell, c) => cell.PadLeft(widths[c])));
    }
}
