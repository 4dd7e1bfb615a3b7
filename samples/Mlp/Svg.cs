using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security;
using System.Text;

namespace Functional.AD.Samples.Mlp;

/// <summary>
/// A minimal SVG writer: a fixed-size canvas and a handful of shapes, numbers written with the invariant
/// culture and text escaped. Enough for the two plots of this sample, with no dependency.
/// </summary>
public sealed class Svg
{
    private readonly StringBuilder _body = new();

    /// <summary>Starts an empty canvas of the given size in pixels.</summary>
    public Svg(int width, int height)
    {
        Width = width;
        Height = height;
    }

    /// <summary>Canvas width in pixels.</summary>
    public int Width { get; }

    /// <summary>Canvas height in pixels.</summary>
    public int Height { get; }

    /// <summary>A number as SVG wants it: invariant culture, at most two decimals.</summary>
    public static string F(double v) => Math.Round(v, 2).ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>A rectangle; <paramref name="extra"/> is added to the element verbatim (e.g. stroke attributes).</summary>
    public void Rect(double x, double y, double w, double h, string fill, string extra = "") =>
        _body.Append($"<rect x=\"{F(x)}\" y=\"{F(y)}\" width=\"{F(w)}\" height=\"{F(h)}\" fill=\"{fill}\" {extra}/>\n");

    /// <summary>A straight line segment.</summary>
    public void Line(double x1, double y1, double x2, double y2, string stroke, double width = 1, string extra = "") =>
        _body.Append($"<line x1=\"{F(x1)}\" y1=\"{F(y1)}\" x2=\"{F(x2)}\" y2=\"{F(y2)}\" stroke=\"{stroke}\" stroke-width=\"{F(width)}\" {extra}/>\n");

    /// <summary>A circle.</summary>
    public void Circle(double cx, double cy, double r, string fill, string extra = "") =>
        _body.Append($"<circle cx=\"{F(cx)}\" cy=\"{F(cy)}\" r=\"{F(r)}\" fill=\"{fill}\" {extra}/>\n");

    /// <summary>An open polyline through the given points.</summary>
    public void Polyline(IEnumerable<(double X, double Y)> points, string stroke, double width = 1.5)
    {
        string pts = string.Join(" ", points.Select(p => F(p.X) + "," + F(p.Y)));
        _body.Append($"<polyline points=\"{pts}\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"{F(width)}\" stroke-linejoin=\"round\"/>\n");
    }

    /// <summary>Text; <paramref name="anchor"/> is start, middle or end; <paramref name="rotate"/> in degrees about (x, y).</summary>
    public void Text(double x, double y, string text, double size = 12, string anchor = "start",
        string weight = "normal", string fill = "#222", double rotate = 0)
    {
        string transform = rotate == 0 ? "" : $" transform=\"rotate({F(rotate)} {F(x)} {F(y)})\"";
        _body.Append($"<text x=\"{F(x)}\" y=\"{F(y)}\" font-size=\"{F(size)}\" text-anchor=\"{anchor}\" " +
                     $"font-weight=\"{weight}\" fill=\"{fill}\"{transform}>{SecurityElement.Escape(text)}</text>\n");
    }

    /// <summary>The complete document.</summary>
    public override string ToString() =>
        $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" " +
        "font-family=\"Helvetica, Arial, sans-serif\">\n" +
        $"<rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>\n" + _body + "</svg>\n";

    /// <summary>Writes the document to <paramref name="path"/> (UTF-8, no byte-order mark) and returns the full path.</summary>
    public string Save(string path)
    {
        string full = Path.GetFullPath(path);
        string? directory = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        File.WriteAllText(full, ToString(), new UTF8Encoding(false));
        return full;
    }

    /// <summary>
    /// About <paramref name="target"/> evenly spaced "round" values (steps of 1, 2 or 5 times a power of ten)
    /// covering [lo, hi], for axis ticks.
    /// </summary>
    public static double[] NiceTicks(double lo, double hi, int target = 6)
    {
        double raw = (hi - lo) / Math.Max(1, target);
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double step = new[] { 1.0, 2.0, 5.0, 10.0 }.Select(m => m * magnitude).First(s => s >= raw);
        var ticks = new List<double>();
        for (double t = Math.Ceiling(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.Add(Math.Round(t / step) * step);
        return ticks.ToArray();
    }

    /// <summary>A tick label: no trailing zeros, invariant culture (1000 → "1000", 0.05 → "0.05").</summary>
    public static string Label(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
