using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Functional.AD.Samples.Support;

namespace Functional.AD.Samples.Tour;

/// <summary>
/// How the tour shows its values: numbers, vectors and matrices side by side, and the comparison of each
/// library value with the one derived by hand (recorded in <see cref="Checks"/>).
/// </summary>
internal static class Show
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>A concrete 0-d (or size-1) array as a number.</summary>
    public static double D(NDArray x) => (double)x;

    /// <summary>Rows of a matrix, each row as <see cref="Fmt.Vec(IEnumerable{double}, int)"/>.</summary>
    public static string[] Rows(double[,] m, int digits = 6)
    {
        var rows = new string[m.GetLength(0)];
        for (int i = 0; i < rows.Length; i++)
            rows[i] = Fmt.Vec(Enumerable.Range(0, m.GetLength(1)).Select(j => m[i, j]), digits);
        return rows;
    }

    /// <summary>Rows of a 2-d array.</summary>
    public static string[] Rows(NDArray m, int digits = 6) => Rows(ToMatrix(m), digits);

    /// <summary>A 2-d array as a C# matrix of doubles.</summary>
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
        int[] widths = blocks.Select(b => Math.Max(Fmt.Width(b.Label), b.Rows.Max(Fmt.Width))).ToArray();
        var sb = new StringBuilder("    ");
        for (int k = 0; k < blocks.Length; k++) sb.Append(Fmt.Pad(blocks[k].Label, widths[k] + 4));
        Report.Write(sb.ToString().TrimEnd());
        for (int i = 0; i < blocks[0].Rows.Length; i++)
        {
            sb.Clear().Append("    ");
            for (int k = 0; k < blocks.Length; k++) sb.Append(Fmt.Pad(blocks[k].Rows[i], widths[k] + 4));
            Report.Write(sb.ToString().TrimEnd());
        }
    }

    /// <summary>"ok" when the two agree to <paramref name="tolerance"/> (relative, absolute below 1), otherwise a loud marker.</summary>
    public static string Check(double computed, double expected, double tolerance = 1e-9) =>
        Check(new[] { computed }, new[] { expected }, tolerance);

    /// <summary>As <see cref="Check(double, double, double)"/>, element by element; the worst element decides.</summary>
    public static string Check(IReadOnlyList<double> computed, IReadOnlyList<double> expected, double tolerance = 1e-9)
    {
        if (computed.Count != expected.Count)
            return Checks.Mark(false, $"MISMATCH (length {computed.Count} vs {expected.Count})");
        double worst = 0;
        for (int i = 0; i < computed.Count; i++)
            worst = Math.Max(worst, Math.Abs(computed[i] - expected[i]) / Math.Max(1.0, Math.Abs(expected[i])));
        return Checks.Mark(worst <= tolerance, $"MISMATCH (max rel. diff {worst.ToString("E2", Inv)})");
    }

    /// <summary>A 2-d array against a C# matrix.</summary>
    public static string Check(NDArray computed, double[,] expected, double tolerance = 1e-9) =>
        Check(computed.ToArray<double>(), expected.Cast<double>().ToArray(), tolerance);
}
