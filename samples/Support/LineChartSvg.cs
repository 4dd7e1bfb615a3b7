using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace Functional.AD.Samples.Support;

/// <summary>One curve of a <see cref="LineChartSvg"/>: its legend name, its (x, y) points and how to draw them.</summary>
/// <param name="Name">The legend entry.</param>
/// <param name="Points">The points, in drawing order.</param>
/// <param name="Color">An SVG colour, e.g. "#1f77b4".</param>
/// <param name="Dots">Draw a dot per point instead of a connected line (for observations).</param>
/// <param name="Dashed">Draw the line dashed (for a reference or starting curve).</param>
public sealed record ChartSeries(string Name, IReadOnlyList<(double X, double Y)> Points, string Color, bool Dots = false, bool Dashed = false);

/// <summary>
/// A small self-contained SVG line chart: linear axes with ticks at round values, a light grid, any number of
/// curves (lines or dots) and a legend. Enough for the samples' training curves and fitted trajectories.
/// </summary>
public static class LineChartSvg
{
    private const int Width = 760, Height = 460;
    private const double Left = 70, Right = 24, Top = 82, Bottom = 56;

    /// <summary>Draws <paramref name="series"/> and writes the SVG file (UTF-8); returns its full path.</summary>
    /// <param name="path">Where to write the file; its directory is created if needed.</param>
    /// <param name="title">The bold first line.</param>
    /// <param name="subtitle">The smaller second line.</param>
    /// <param name="xLabel">The horizontal axis label.</param>
    /// <param name="yLabel">The vertical axis label.</param>
    /// <param name="series">The curves, drawn in order (the last on top).</param>
    public static string Write(string path, string title, string subtitle, string xLabel, string yLabel, IReadOnlyList<ChartSeries> series)
    {
        var all = series.SelectMany(s => s.Points).ToArray();
        if (all.Length == 0) throw new ArgumentException("nothing to draw", nameof(series));
        double[] xTicks = Ticks(all.Min(p => p.X), all.Max(p => p.X));
        double[] yTicks = Ticks(all.Min(p => p.Y), all.Max(p => p.Y));
        double x0 = xTicks[0], x1 = xTicks[^1], y0 = yTicks[0], y1 = yTicks[^1];
        double w = Width - Left - Right, h = Height - Top - Bottom;
        double Px(double x) => Left + (x - x0) / (x1 - x0) * w;
        double Py(double y) => Top + (y1 - y) / (y1 - y0) * h;

        var svg = new StringBuilder();
        svg.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"Helvetica, Arial, sans-serif\">\n");
        svg.Append($"<rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>\n");
        foreach (double x in xTicks)
        {
            svg.Append($"<line x1=\"{F(Px(x))}\" y1=\"{F(Top)}\" x2=\"{F(Px(x))}\" y2=\"{F(Top + h)}\" stroke=\"#e6e6e6\"/>\n");
            Text(svg, Px(x), Top + h + 17, Label(x), 11, "middle");
        }
        foreach (double y in yTicks)
        {
            svg.Append($"<line x1=\"{F(Left)}\" y1=\"{F(Py(y))}\" x2=\"{F(Left + w)}\" y2=\"{F(Py(y))}\" stroke=\"#e6e6e6\"/>\n");
            Text(svg, Left - 7, Py(y) + 4, Label(y), 11, "end");
        }
        svg.Append($"<rect x=\"{F(Left)}\" y=\"{F(Top)}\" width=\"{F(w)}\" height=\"{F(h)}\" fill=\"none\" stroke=\"#444\"/>\n");

        foreach (var s in series)
        {
            if (s.Dots)
            {
                foreach (var (x, y) in s.Points)
                    svg.Append($"<circle cx=\"{F(Px(x))}\" cy=\"{F(Py(y))}\" r=\"1.8\" fill=\"{s.Color}\" fill-opacity=\"0.55\"/>\n");
                continue;
            }
            string points = string.Join(" ", s.Points.Select(p => F(Px(p.X)) + "," + F(Py(p.Y))));
            string dash = s.Dashed ? " stroke-dasharray=\"6 4\"" : "";
            svg.Append($"<polyline points=\"{points}\" fill=\"none\" stroke=\"{s.Color}\" stroke-width=\"1.8\" stroke-linejoin=\"round\"{dash}/>\n");
        }

        // Legend: one row above the plot area, the entries side by side.
        double lx = Left, ly = Top - 10;
        foreach (var s in series)
        {
            svg.Append(s.Dots
                ? $"<circle cx=\"{F(lx + 11)}\" cy=\"{F(ly - 4)}\" r=\"3\" fill=\"{s.Color}\"/>\n"
                : $"<line x1=\"{F(lx)}\" y1=\"{F(ly - 4)}\" x2=\"{F(lx + 22)}\" y2=\"{F(ly - 4)}\" stroke=\"{s.Color}\" stroke-width=\"2\"{(s.Dashed ? " stroke-dasharray=\"6 4\"" : "")}/>\n");
            Text(svg, lx + 28, ly, s.Name, 11, "start");
            lx += 44 + 6 * s.Name.Length;   // a rough width of the text at 11 px
        }

        Text(svg, Width / 2.0, 24, title, 16, "middle", "font-weight=\"bold\"");
        Text(svg, Width / 2.0, 43, subtitle, 12, "middle", "fill=\"#555\"");
        Text(svg, Left + w / 2, Height - 14, xLabel, 12, "middle");
        Text(svg, 18, Top + h / 2, yLabel, 12, "middle", $"transform=\"rotate(-90 18 {F(Top + h / 2)})\"");
        svg.Append("</svg>\n");

        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, svg.ToString(), new UTF8Encoding(false));
        return full;
    }

    // Round tick values (steps of 1, 2 or 5 times a power of ten) from just below lo to just above hi.
    private static double[] Ticks(double lo, double hi)
    {
        if (hi <= lo) { lo -= 0.5; hi += 0.5; }
        double raw = (hi - lo) / 6, power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double step = new[] { 1.0, 2.0, 5.0, 10.0 }.Select(m => m * power).First(s => s >= raw);
        double first = Math.Floor(lo / step), last = Math.Ceiling(hi / step);
        return Enumerable.Range(0, (int)(last - first) + 1).Select(i => (first + i) * step).ToArray();
    }

    private static void Text(StringBuilder svg, double x, double y, string text, double size, string anchor, string extra = "") =>
        svg.Append($"<text x=\"{F(x)}\" y=\"{F(y)}\" font-size=\"{F(size)}\" text-anchor=\"{anchor}\" {extra}>{System.Security.SecurityElement.Escape(text)}</text>\n");

    private static string F(double v) => Math.Round(v, 2).ToString("0.##", CultureInfo.InvariantCulture);

    private static string Label(double v) => Math.Round(v, 10).ToString("0.###", CultureInfo.InvariantCulture);
}
