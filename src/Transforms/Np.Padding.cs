using System;

namespace Functional.AD;

/// <summary><c>jnp.pad</c>: constant, edge, reflect, symmetric and wrap padding, by the <c>pad</c> primitive or a gather of edge indices.</summary>
public static partial class Np
{
    /// <summary>Pads every axis by <paramref name="padWidth"/> on both sides, as <c>jnp.pad</c> with an int.</summary>
    /// <param name="array">The array to pad.</param>
    /// <param name="padWidth">The number of elements added before and after on every axis.</param>
    /// <param name="mode">"constant" (the default), "edge", "reflect", "symmetric" or "wrap", as numpy.</param>
    /// <param name="constantValues">The padding value in "constant" mode (0 when null), a 0-d array that may be traced.</param>
    public static NDArray Pad(NDArray array, int padWidth, string mode = "constant", NDArray? constantValues = null)
    {
        Guard.NotNull(array, "Np.Pad");
        Guard.NotNull(mode, "Np.Pad");
        var widths = new (int, int)[array.Rank];
        widths.AsSpan().Fill((padWidth, padWidth));
        return PadCore(array, widths, mode, constantValues);
    }

    /// <summary>Pads every axis by <paramref name="padWidth"/> (before, after), as <c>jnp.pad</c> with one pair.</summary>
    /// <param name="array">The array to pad.</param>
    /// <param name="padWidth">The numbers of elements added before and after on every axis.</param>
    /// <param name="mode">"constant" (the default), "edge", "reflect", "symmetric" or "wrap", as numpy.</param>
    /// <param name="constantValues">The padding value in "constant" mode (0 when null), a 0-d array that may be traced.</param>
    public static NDArray Pad(NDArray array, (int Before, int After) padWidth, string mode = "constant", NDArray? constantValues = null)
    {
        Guard.NotNull(array, "Np.Pad");
        Guard.NotNull(mode, "Np.Pad");
        var widths = new (int, int)[array.Rank];
        widths.AsSpan().Fill(padWidth);
        return PadCore(array, widths, mode, constantValues);
    }

    /// <summary>Pads axis i by <c>padWidth[i]</c> (before, after), as <c>jnp.pad</c> with one pair per axis.</summary>
    /// <param name="array">The array to pad.</param>
    /// <param name="padWidth">One (before, after) pair per axis.</param>
    /// <param name="mode">"constant" (the default), "edge", "reflect", "symmetric" or "wrap", as numpy.</param>
    /// <param name="constantValues">The padding value in "constant" mode (0 when null), a 0-d array that may be traced.</param>
    public static NDArray Pad(NDArray array, (int Before, int After)[] padWidth, string mode = "constant", NDArray? constantValues = null)
    {
        Guard.NotNull(array, "Np.Pad");
        Guard.NotNull(padWidth, "Np.Pad");
        Guard.NotNull(mode, "Np.Pad");
        if (padWidth.Length != array.Rank)
            throw ShapeErrors.Error("Np.Pad", $"padWidth has {padWidth.Length} pairs, not one per axis", array.Type);
        return PadCore(array, padWidth, mode, constantValues);
    }

    private static NDArray PadCore(NDArray array, (int Before, int After)[] widths, string mode, NDArray? constantValues)
    {
        var dims = array.Shape.ToArray();
        for (int i = 0; i < widths.Length; i++)
        {
            if (widths[i].Before < 0 || widths[i].After < 0)
                throw ShapeErrors.Error("Np.Pad", $"pad widths must be non-negative, got ({widths[i].Before}, {widths[i].After}) for axis {i}", array.Type);
            dims[i] = (int)Math.Min((long)dims[i] + widths[i].Before + widths[i].After, int.MaxValue);
        }
        ShapeSize.Check("Np.Pad", dims, array.Type);
        if (mode != "constant" && constantValues is not null)
            throw ShapeErrors.Error("Np.Pad", $"constantValues apply only to mode \"constant\", not \"{mode}\"", array.Type);
        switch (mode)
        {
            case "constant":
                {
                    var value = constantValues ?? Ops.Const(array, 0);
                    if (value.Rank != 0)
                        throw ShapeErrors.Error("Np.Pad", "constantValues must be 0-d", array.Type, value.Type);
                    value = Promotion.Coerce(value, array.DType);
                    var lo = new int[array.Rank];
                    var hi = new int[array.Rank];
                    for (int i = 0; i < lo.Length; i++) (lo[i], hi[i]) = widths[i];
                    return Ops.Pad(array, value, new IntTuple(lo), new IntTuple(hi), new IntTuple(new int[array.Rank]));
                }
            case "edge" or "reflect" or "symmetric" or "wrap":
                for (int i = 0; i < widths.Length; i++)
                {
                    var (lo, hi) = widths[i];
                    if (lo == 0 && hi == 0) continue;
                    int n = array.Shape[i];
                    if (n == 0) throw ShapeErrors.Error("Np.Pad", $"cannot pad the empty axis {i} in mode \"{mode}\"", array.Type);
                    var idx = new int[lo + n + hi];
                    for (int j = 0; j < idx.Length; j++) idx[j] = PadSource(mode, j - lo, n);
                    array = Gather(array, IndexVector(idx), i);
                }
                return array;
            default:
                throw new ArgumentException($"Np.Pad: unknown mode \"{mode}\"; expected constant, edge, reflect, symmetric or wrap", nameof(mode));
        }
    }

    /// <summary>The source index of position <paramref name="j"/> (relative to the original first element) of an axis of size <paramref name="n"/>.</summary>
    private static int PadSource(string mode, int j, int n)
    {
        switch (mode)
        {
            case "edge": return Math.Clamp(j, 0, n - 1);
            case "wrap": return ((j % n) + n) % n;
            case "symmetric":
                {
                    int period = 2 * n, r = ((j % period) + period) % period;
                    return r < n ? r : period - 1 - r;
                }
            default:   // reflect
                {
                    if (n == 1) return 0;
                    int period = 2 * (n - 1), r = ((j % period) + period) % period;
                    return r < n ? r : period - r;
                }
        }
    }
}
