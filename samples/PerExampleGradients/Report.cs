using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text;
using Functional.AD;

namespace Functional.AD.Samples.PerExampleGradients;

// Console formatting, kept apart from the interesting code.
internal static class Report
{
    private const int Width = 100;
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
        Console.WriteLine();
    }

    public static void Line(string label, string value) => Console.WriteLine("  " + label.PadRight(34) + value);

    public static void Blank() => Console.WriteLine();

    public static string N(double value, int digits) => value.ToString("F" + digits.ToString(Inv), Inv);

    public static string Pct(double fraction) => (100 * fraction).ToString("F1", Inv) + "%";

    public static string E(double value) => value.ToString("0.0E+00", Inv);
}

// A plain text table, columns sized to their contents; numeric columns right-aligned, text left-aligned.
internal sealed class Table(params string[] headers)
{
    private readonly List<string[]> _rows = new();

    public void Add(params string[] cells) => _rows.Add(cells);

    public void Print()
    {
        int[] widths = headers.Select((h, c) => Math.Max(h.Length, _rows.Count == 0 ? 0 : _rows.Max(r => r[c].Length))).ToArray();
        bool[] numeric = headers.Select((_, c) => _rows.All(r => r[c].Length == 0 || IsNumber(r[c]))).ToArray();
        string Format(string[] cells) => "    " + string.Join("   ",
            cells.Select((cell, c) => numeric[c] ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]))).TrimEnd();
        Console.WriteLine(Format(headers));
        Console.WriteLine("    " + new string('-', widths.Sum() + 3 * (widths.Length - 1)));
        foreach (string[] row in _rows) Console.WriteLine(Format(row));
    }

    // "95.0%", "1.0x" and "1.1E-16" count as numbers too.
    private static bool IsNumber(string cell) =>
        double.TryParse(cell.TrimEnd('%', 'x'), NumberStyles.Float, CultureInfo.InvariantCulture, out _);
}

internal static class Bench
{
    // Runs 'action' for about 'warmupSeconds' (so the tiered JIT settles), then times it 'runs' times or for
    // at most about 'budgetSeconds', whichever ends first (at least 3 runs), and returns the median.
    public static (double Milliseconds, int Runs) Median(Action action, double warmupSeconds = 1.0, int runs = 15, double budgetSeconds = 1.5)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < warmupSeconds) action();
        var samples = new List<double>();
        clock.Restart();
        while (samples.Count < runs && (samples.Count < 3 || clock.Elapsed.TotalSeconds < budgetSeconds))
        {
            long start = Stopwatch.GetTimestamp();
            action();
            samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        samples.Sort();
        int n = samples.Count;
        double median = n % 2 == 1 ? samples[n / 2] : 0.5 * (samples[n / 2 - 1] + samples[n / 2]);
        return (median, n);
    }

    // Largest absolute difference between corresponding leaves of two pytrees of the same structure.
    public static double MaxAbsDiff<T>(T a, T b) =>
        Tree.Leaves(a).Zip(Tree.Leaves(b), (x, y) => (double)Np.Max(Np.Abs(x - y))).Max();
}
