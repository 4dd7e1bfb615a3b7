using System;
using System.Collections.Generic;
using System.Linq;

namespace Functional.AD.Samples.Mlp;

/// <summary>
/// The training loss against the step number as a standalone SVG line chart: logarithmic loss axis (a loss that
/// falls from 1 to 0.01 is readable over its whole range), grid lines at round values, axis labels and a title.
/// </summary>
public static class LossCurveSvg
{
    private const int Width = 760, Height = 460;
    private const double Left = 78, Right = 24, Top = 58, Bottom = 58;   // margins around the plot area

    /// <summary>Draws <paramref name="losses"/> (one per step, step 1 first) and writes the file; returns its full path.</summary>
    /// <param name="path">Where to write the SVG.</param>
    /// <param name="losses">The loss of every training step.</param>
    /// <param name="title">Title line.</param>
    /// <param name="subtitle">Smaller second line under the title (e.g. the final accuracies).</param>
    public static string Write(string path, IReadOnlyList<double> losses, string title, string subtitle)
    {
        if (losses.Count < 2) throw new ArgumentException("need at least two losses to draw a curve", nameof(losses));
        var svg = new Svg(Width, Height);
        double plotW = Width - Left - Right, plotH = Height - Top - Bottom;

        // x: steps 1..n, linear. y: log10 of the loss, padded a little above and below.
        double xMin = 1, xMax = losses.Count;
        double logLo = Math.Log10(losses.Where(l => l > 0).Min()), logHi = Math.Log10(losses.Max());
        double pad = Math.Max(0.05, 0.04 * (logHi - logLo));
        logLo -= pad;
        logHi += pad;
        double X(double step) => Left + (step - xMin) / (xMax - xMin) * plotW;
        double Y(double loss) => Top + (logHi - Math.Log10(Math.Max(loss, 1e-30))) / (logHi - logLo) * plotH;

        // Grid and tick labels. Loss ticks at 1, 2 and 5 times powers of ten when the range spans few decades,
        // at the powers of ten only when it spans many.
        foreach (double step in Svg.NiceTicks(xMin, xMax).Where(t => t >= xMin))
        {
            svg.Line(X(step), Top, X(step), Top + plotH, "#e3e3e3");
            svg.Text(X(step), Top + plotH + 18, Svg.Label(step), 11, "middle");
        }
        double[] mantissas = logHi - logLo > 3 ? new[] { 1.0 } : new[] { 1.0, 2.0, 5.0 };
        for (int e = (int)Math.Floor(logLo); e <= (int)Math.Ceiling(logHi); e++)
        {
            foreach (double m in mantissas)
            {
                double v = m * Math.Pow(10, e), lv = Math.Log10(v);
                if (lv < logLo || lv > logHi) continue;
                svg.Line(Left, Y(v), Left + plotW, Y(v), m == 1 ? "#cfcfcf" : "#ececec");
                svg.Text(Left - 8, Y(v) + 4, Svg.Label(v), 11, "end");
            }
        }

        // Axes, the curve, labels.
        svg.Rect(Left, Top, plotW, plotH, "none", "stroke=\"#444\" stroke-width=\"1\"");
        // One point per pixel column is plenty: thin long runs down by keeping every k-th step (and the last).
        int every = Math.Max(1, losses.Count / (int)plotW);
        var points = Enumerable.Range(0, losses.Count)
            .Where(i => i % every == 0 || i == losses.Count - 1)
            .Select(i => (X(i + 1), Y(losses[i])));
        svg.Polyline(points, "#1f77b4", 1.6);

        svg.Text(Width / 2.0, 24, title, 16, "middle", "bold");
        svg.Text(Width / 2.0, 43, subtitle, 12, "middle", fill: "#555");
        svg.Text(Left + plotW / 2, Height - 16, "training step", 12, "middle");
        svg.Text(20, Top + plotH / 2, "loss (mean cross-entropy, log scale)", 12, "middle", rotate: -90);
        return svg.Save(path);
    }
}
