using System;
using System.Linq;

namespace Functional.AD.Samples.Mlp;

/// <summary>
/// The plane coloured by the class the trained network predicts there, with the data points on top
/// (training points filled, test points as rings), as a standalone SVG.
/// </summary>
public static class DecisionRegionsSvg
{
    private const int Size = 560, Margin = 40, TitleSpace = 44;
    private const int Grid = 140;   // cells per side of the prediction grid

    // Point colours per class, and the same hues lightened for the regions behind them.
    private static readonly string[] Dark = { "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf" };
    private static readonly string[] Light = { "#c6dbef", "#f6c6c6", "#c7e9c0", "#dadaeb", "#fdd9b5", "#e2d0cb", "#f7d4ea", "#c1ecf1" };

    /// <summary>
    /// Evaluates the network on a <c>Grid</c> x <c>Grid</c> lattice covering the data (one jitted call on all
    /// lattice points at once), draws the regions and the points, writes the file and returns its full path.
    /// </summary>
    public static string Write(string path, Dense[] layers, Dataset train, Dataset test, string title)
    {
        var all = train.Points().Concat(test.Points()).ToArray();
        double extent = 1.08 * all.Max(p => Math.Max(Math.Abs(p.X), Math.Abs(p.Y)));   // square, centred at 0

        // Cell centres, row 0 at the top (largest y), as one f32[Grid*Grid, 2] batch.
        var lattice = new float[Grid * Grid * 2];
        double cell = 2 * extent / Grid;
        for (int row = 0; row < Grid; row++)
            for (int col = 0; col < Grid; col++)
            {
                lattice[2 * (row * Grid + col)] = (float)(-extent + (col + 0.5) * cell);
                lattice[2 * (row * Grid + col) + 1] = (float)(extent - (row + 0.5) * cell);
            }
        int[] predicted = Evaluation.Predict(layers, Np.FromFlat(lattice, new[] { Grid * Grid, 2 })).ToArray<int>();

        var svg = new Svg(Size + 2 * Margin, Size + 2 * Margin + TitleSpace);
        double top = Margin + TitleSpace, px = (double)Size / Grid;
        double SX(double x) => Margin + (x + extent) / (2 * extent) * Size;
        double SY(double y) => top + (extent - y) / (2 * extent) * Size;

        // Regions: one rectangle per horizontal run of equal predictions keeps the file small.
        for (int row = 0; row < Grid; row++)
        {
            int start = 0;
            for (int col = 1; col <= Grid; col++)
            {
                if (col < Grid && predicted[row * Grid + col] == predicted[row * Grid + start]) continue;
                // A hair wider than the run, so anti-aliasing leaves no seams between rectangles.
                svg.Rect(Margin + start * px, top + row * px, (col - start) * px + 0.3, px + 0.3,
                    Light[predicted[row * Grid + start] % Light.Length]);
                start = col;
            }
        }

        foreach (var (p, label) in train.Points().Zip(train.Labels()))
            svg.Circle(SX(p.X), SY(p.Y), 2.6, Dark[label % Dark.Length], "stroke=\"white\" stroke-width=\"0.5\"");
        foreach (var (p, label) in test.Points().Zip(test.Labels()))
            svg.Circle(SX(p.X), SY(p.Y), 2.8, "none", $"stroke=\"{Dark[label % Dark.Length]}\" stroke-width=\"1.3\"");

        svg.Rect(Margin, top, Size, Size, "none", "stroke=\"#444\" stroke-width=\"1\"");
        svg.Text(svg.Width / 2.0, 26, title, 16, "middle", "bold");
        svg.Text(svg.Width / 2.0, 46, "background: predicted class; filled dots: training points; rings: test points",
            12, "middle", fill: "#555");
        return svg.Save(path);
    }
}
