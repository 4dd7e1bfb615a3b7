using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Functional.AD;

namespace Functional.AD.Samples.Tour;

/// <summary>Small console-formatting helpers shared by the tour sections.</summary>
internal static class Out
{
    private const int RuleWidth = 96;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Number of mismatches seen by <see cref="Check"/>; reported at the end of the tour.</summary>
    public static int Mismatches { get; private set; }

    public static void Banner(string title, string subtitle)
    {
        Console.WriteLine(new string('=', RuleWidth));
        Console.WriteLine("  " + title);
        Console.WriteLine("  " + subtitle);
        Console.WriteLine(new string('=', RuleWidth));
    }

    public static void Section(int number, string title)
    {
        Console.WriteLine();
        Console.WriteLine();
        string head = $"{number}. {title} ";
        Console.WriteLine(head + new string('=', Math.Max(4, RuleWidth - head.Length)));
        Console.WriteLine();
    }

    public static void SubHeading(string title)
    {
        Console.WriteLine();
        Console.WriteLine("  -- " + title + " " + new string('-', Math.Max(4, RuleWidth - 6 - title.Length)));
    }

    /// <summary>Prints a paragraph; lines are kept as written, indented by two spaces.</summary>
    public static void Text(string text)
    {
        foreach (string line in text.Split('\n'))
            Console.WriteLine(line.Length == 0 ? "" : "  " + line.TrimEnd());
    }

    public static void Blank() => Console.WriteLine();

    /// <summary>Prints a block (a jaxpr, an array) indented by four spaces, under an optional caption.</summary>
    public static void Block(string caption, object value)
    {
        if (caption.Length > 0) Console.WriteLine("  " + caption);
        foreach (string line in (value.ToString() ?? "").Split('\n'))
            Console.WriteLine("    " + line.TrimEnd());
    }

    /// <summary>"label = value" with the label padded, for short lists of results.</summary>
    public static void Line(string label, string value, int labelWidth = 34) =>
        Console.WriteLine("  " + Pad(label, labelWidth) + " " + value);

    /// <summary>Fixed-point number; 'digits' decimals.</summary>
    public static string N(double value, int digits = 8) =>
        value.ToString("F" + digits.ToString(Inv), Inv);

    /// <summary>A concrete 0-d (or size-1) array as a number.</summary>
    public static double D(NDArray x) => (double)x;

    public static string Vec(IEnumerable<double> values, int digits = 6) =>
        "[" + string.Join(", ", values.Select(v => N(v, digits).PadLeft(digits + 3))) + "]";

    public static string Vec(NDArray x, int digits = 6) => Vec(x.ToArray<double>(), digits);

    /// <summary>Rows of a matrix, each row as <see cref="Vec(IEnumerable{double}, int)"/>.</summary>
    public static string[] Rows(double[,] m, int digits = 6)
    {
        var rows = new string[m.GetLength(0)];
        for (int i = 0; i < rows.Length; i++)
            rows[i] = Vec(Enumerable.Range(0, m.GetLength(1)).Select(j => m[i, j]), digits);
        return rows;
    }

    public static string[] Rows(NDArray m, int digits = 6) => Rows(ToMatrix(m), digits);

    public static double[,] ToMatrix(NDArray m)
    {
        if (m.Rank != 2) throw new ArgumentException($"expected a matrix, got shape {m.Shape}");
        double[] flat = m.ToArray<double>();
        var result = new double[m.Shape[0], m.Shape[1]];
        for (int i = 0; i < m.Shape[0]; i++)
            for (int j = 0; j < m.Shape[1]; j++)
                result[i, j] = flat[i * m.Shape[1] + j];
        return result;
    }

    /// <summary>Prints several labelled matrices side by side (all must have the same number of rows).</summary>
    public static void SideBySide(params (string Label, string[] Rows)[] blocks)
    {
        int[] widths = blocks.Select(b => Math.Max(Width(b.Label), b.Rows.Max(Width))).ToArray();
        var sb = new StringBuilder("    ");
        for (int k = 0; k < blocks.Length; k++) sb.Append(Pad(blocks[k].Label, widths[k] + 4));
        Console.WriteLine(sb.ToString().TrimEnd());
        for (int i = 0; i < blocks[0].Rows.Length; i++)
        {
            sb.Clear().Append("    ");
            for (int k = 0; k < blocks.Length; k++) sb.Append(Pad(blocks[k].Rows[i], widths[k] + 4));
            Console.WriteLine(sb.ToString().TrimEnd());
        }
    }

    /// <summary>"ok" when the two agree to about 1e-9 (relative), otherwise a loud marker.</summary>
    public static string Check(double computed, double expected, double tolerance = 1e-9)
    {
        if (Math.Abs(computed - expected) <= tolerance * Math.Max(1.0, Math.Abs(expected))) return "ok";
        Mismatches++;
        return $"MISMATCH (diff {(computed - expected).ToString("E2", Inv)})";
    }

    public static string Check(IReadOnlyList<double> computed, IReadOnlyList<double> expected, double tolerance = 1e-9)
    {
        if (computed.Count != expected.Count)
        {
            Mismatches++;
            return $"MISMATCH (length {computed.Count} vs {expected.Count})";
        }
        double worst = 0;
        for (int i = 0; i < computed.Count; i++)
            worst = Math.Max(worst, Math.Abs(computed[i] - expected[i]) / Math.Max(1.0, Math.Abs(expected[i])));
        if (worst <= tolerance) return "ok";
        Mismatches++;
        return $"MISMATCH (max rel. diff {worst.ToString("E2", Inv)})";
    }

    public static string Check(NDArray computed, double[,] expected, double tolerance = 1e-9) =>
        Check(computed.ToArray<double>(), expected.Cast<double>().ToArray(), tolerance);

    /// <summary>Display width: combining marks (the dot in v̇, the bar in v̄) take no column.</summary>
    public static int Width(string s)
    {
        int width = 0;
        foreach (char c in s)
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark) width++;
        return width;
    }

    public static string Pad(string s, int width) => s + new string(' ', Math.Max(0, width - Width(s)));

    public static string PadLeft(string s, int width) => new string(' ', Math.Max(0, width - Width(s))) + s;
}

/// <summary>A plain text table: columns sized to their contents, numbers right-aligned.</summary>
internal sealed class Table
{
    private readonly List<string[]> _rows = new();
    private readonly string[] _headers;

    public Table(params string[] headers) => _headers = headers;

    public Table Add(params string[] cells)
    {
        if (cells.Length != _headers.Length)
            throw new ArgumentException($"row has {cells.Length} cells, table has {_headers.Length} columns");
        _rows.Add(cells);
        return this;
    }

    public void Print()
    {
        int columns = _headers.Length;
        var widths = new int[columns];
        var numeric = new bool[columns];
        for (int c = 0; c < columns; c++)
        {
            widths[c] = Math.Max(Out.Width(_headers[c]), _rows.Count == 0 ? 0 : _rows.Max(r => Out.Width(r[c])));
            numeric[c] = _rows.Count > 0 && _rows.All(r => r[c].Length == 0 || double.TryParse(r[c], NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        }
        string Format(string[] cells)
        {
            var sb = new StringBuilder("    ");
            for (int c = 0; c < columns; c++)
            {
                sb.Append(numeric[c] ? Out.PadLeft(cells[c], widths[c]) : Out.Pad(cells[c], widths[c]));
                if (c < columns - 1) sb.Append("   ");
            }
            return sb.ToString().TrimEnd();
        }
        Console.WriteLine(Format(_headers));
        Console.WriteLine("    " + new string('-', widths.Sum() + 3 * (columns - 1)));
        foreach (string[] row in _rows) Console.WriteLine(Format(row));
    }
}
