using System;

namespace Functional.AD.Properties.Fuzzing;

/// <summary>Builds the <see cref="Kink"/> measures of the operations, from concrete operands.</summary>
public static class KinkMeasures
{
    /// <summary>A kink where <paramref name="distance"/> changes sign (max(a, b) at a - b = 0, relu at x = 0), relative to <paramref name="scale"/>.</summary>
    public static Kink Crossing(NDArray distance, NDArray scale)
    {
        var d = distance.AsType(DType.Float64).ToArray<double>();
        var s = Np.BroadcastTo(scale.AsType(DType.Float64), distance.Shape.ToArray()).ToArray<double>();
        var branch = new int[d.Length];
        for (int i = 0; i < d.Length; i++) branch[i] = Math.Sign(d[i]);
        for (int i = 0; i < d.Length; i++) d[i] = Math.Abs(d[i]);
        return new Kink(d, s, branch);
    }

    /// <summary>
    /// The kink of a maximum (or minimum, with <paramref name="minimum"/>) along an axis (all axes when null): per
    /// reduced row the gap between the two largest elements (zero for a tie; a row of one element has no kink), and
    /// the index of the largest as the branch.
    /// </summary>
    public static Kink TopGap(NDArray x, int? axis, bool minimum = false)
    {
        var data = x.AsType(DType.Float64).ToArray<double>();
        var shape = x.Shape.ToArray();
        int outer = 1, n, inner = 1;
        if (axis is int a)
        {
            for (int i = 0; i < a; i++) outer *= shape[i];
            n = shape[a];
            for (int i = a + 1; i < shape.Length; i++) inner *= shape[i];
        }
        else n = data.Length;
        int rows = n == 0 ? 0 : outer * inner;
        var gap = new double[rows];
        var scale = new double[rows];
        var branch = new int[rows];
        for (int o = 0; o < outer && n > 0; o++)
            for (int i = 0; i < inner; i++)
            {
                double top = double.NegativeInfinity, second = double.NegativeInfinity;
                int at = 0;
                for (int k = 0; k < n; k++)
                {
                    double v = data[(((o * n) + k) * inner) + i];
                    if (minimum) v = -v;
                    if (v > top) { second = top; top = v; at = k; }
                    else if (v > second) second = v;
                }
                int row = (o * inner) + i;
                gap[row] = n == 1 ? double.PositiveInfinity : top - second;
                scale[row] = n == 1 ? 1 : Math.Abs(top) + Math.Abs(second);
                branch[row] = at;
            }
        return new Kink(gap, scale, branch);
    }
}
