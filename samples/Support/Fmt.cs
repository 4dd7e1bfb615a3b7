using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Functional.AD.Samples.Support;

/// <summary>Numbers as the samples print them (invariant culture), and padding by display width.</summary>
public static class Fmt
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Fixed point with <paramref name="digits"/> decimals: N(3.14159, 2) = "3.14".</summary>
    /// <param name="value">The number.</param>
    /// <param name="digits">Decimals.</param>
    public static string N(double value, int digits = 8) => value.ToString("F" + digits.ToString(Inv), Inv);

    /// <summary>A fraction as a percentage with one decimal: Pct(0.953) = "95.3%".</summary>
    /// <param name="fraction">The fraction (1 = 100%).</param>
    public static string Pct(double fraction) => (100 * fraction).ToString("F1", Inv) + "%";

    /// <summary>Scientific notation with two significant digits: E(0.000123) = "1.2E-04".</summary>
    /// <param name="value">The number.</param>
    public static string E(double value) => value.ToString("0.0E+00", Inv);

    /// <summary>A ratio with two decimals and an x: X(1.2749) = "1.27x".</summary>
    /// <param name="ratio">The ratio.</param>
    public static string X(double ratio) => N(ratio, 2) + "x";

    /// <summary>Milliseconds, with fewer decimals as the number grows: "0.123 ms", "12.3 ms", "231 ms".</summary>
    /// <param name="milliseconds">The time.</param>
    public static string Ms(double milliseconds) =>
        N(milliseconds, milliseconds < 1 ? 3 : milliseconds < 100 ? 1 : 0) + " ms";

    /// <summary>Bytes in MiB with one decimal: "32.1 MiB".</summary>
    /// <param name="bytes">The size.</param>
    public static string MiB(double bytes) => N(bytes / (1 << 20), 1) + " MiB";

    /// <summary>"[  0.100000,  -2.000000]": fixed point with <paramref name="digits"/> decimals, entries right-aligned.</summary>
    /// <param name="values">The entries.</param>
    /// <param name="digits">Decimals.</param>
    public static string Vec(IEnumerable<double> values, int digits = 6) =>
        "[" + string.Join(", ", values.Select(v => N(v, digits).PadLeft(digits + 3))) + "]";

    /// <summary>The entries of an array (any shape, in row-major order) as <see cref="Vec(IEnumerable{double}, int)"/>.</summary>
    /// <param name="x">The array.</param>
    /// <param name="digits">Decimals.</param>
    public static string Vec(NDArray x, int digits = 6) => Vec(x.ToArray<double>(), digits);

    /// <summary>Display width of <paramref name="s"/>: combining marks (the dot in v̇, the bar in v̄) take no column.</summary>
    /// <param name="s">The text.</param>
    public static int Width(string s)
    {
        int width = 0;
        foreach (char c in s)
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark) width++;
        return width;
    }

    /// <summary><paramref name="s"/> followed by spaces up to <paramref name="width"/> display columns.</summary>
    /// <param name="s">The text.</param>
    /// <param name="width">The width to fill.</param>
    public static string Pad(string s, int width) => s + new string(' ', Math.Max(0, width - Width(s)));

    /// <summary>Spaces, then <paramref name="s"/>, filling <paramref name="width"/> display columns.</summary>
    /// <param name="s">The text.</param>
    /// <param name="width">The width to fill.</param>
    public static string PadLeft(string s, int width) => new string(' ', Math.Max(0, width - Width(s))) + s;
}
