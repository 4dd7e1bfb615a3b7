using System;

namespace Functional.AD;

/// <summary>Evenly spaced values and coordinate grids: arange with start and step, linspace with endpoint, logspace, meshgrid.</summary>
public static partial class Np
{
    /// <summary>start, start + step, ... up to but excluding <paramref name="stop"/>, as <c>jnp.arange</c> on ints (i32 by default).</summary>
    /// <exception cref="ArgumentException"><paramref name="step"/> is 0.</exception>
    public static NDArray Arange(int start, int stop, int step = 1, DType dtype = DType.Int32)
    {
        if (step == 0) throw new ArgumentException("Np.Arange: step must not be 0");
        long count = Math.Max(0, ((long)stop - start + step + (step > 0 ? -1 : 1)) / step);
        return RangeCore(count, i => start + (double)i * step, dtype);
    }

    /// <summary>start, start + step, ... up to but excluding <paramref name="stop"/>, as <c>jnp.arange</c> on floats (f64 by default).</summary>
    /// <exception cref="ArgumentException"><paramref name="step"/> is 0 or a bound is not finite.</exception>
    public static NDArray Arange(double start, double stop, double step = 1, DType dtype = DType.Float64)
    {
        if (step == 0 || !double.IsFinite(start) || !double.IsFinite(stop) || !double.IsFinite(step))
            throw new ArgumentException($"Np.Arange: needs finite bounds and a non-zero step, got ({start}, {stop}, {step})");
        double count = Math.Ceiling((stop - start) / step);
        return RangeCore(count <= 0 ? 0 : (long)Math.Min(count, (double)int.MaxValue + 1), i => start + i * step, dtype);
    }

    private static NDArray RangeCore(long count, Func<long, double> value, DType dtype)
    {
        DTypes.Check("Np.Arange", dtype);
        if (count > int.MaxValue) throw ShapeSize.Error("Np.Arange", $"{count} elements are more than an array can hold");
        var data = new double[count];
        for (long i = 0; i < count; i++) data[i] = value(i);
        return ConcreteArray.Own(data, new Shape((int)count)).ConvertTo(dtype, false);
    }

    /// <summary>
    /// <paramref name="num"/> evenly spaced values from start to stop, including stop when <paramref name="endpoint"/>
    /// (then the step is (stop - start) / (num - 1), else (stop - start) / num), as <c>jnp.linspace</c>.
    /// </summary>
    public static NDArray Linspace(double start, double stop, int num, bool endpoint, DType dtype = DType.Float64)
    {
        if (endpoint) return Linspace(start, stop, num, dtype);
        if (num < 0) throw new ArgumentException($"Np.Linspace: num must be non-negative, got {num}");
        DTypes.Check("Np.Linspace", dtype);
        var data = new double[num];
        double step = (stop - start) / Math.Max(num, 1);
        for (int i = 0; i < num; i++) data[i] = start + i * step;
        return ConcreteArray.Own(data, new Shape(num)).ConvertTo(dtype, false);
    }

    /// <summary><paramref name="base"/> raised to <see cref="Linspace(double, double, int, bool, DType)"/>'s values, as <c>jnp.logspace</c>.</summary>
    public static NDArray Logspace(double start, double stop, int num = 50, bool endpoint = true, double @base = 10.0, DType dtype = DType.Float64)
    {
        if (num < 0) throw new ArgumentException($"Np.Logspace: num must be non-negative, got {num}");
        DTypes.Check("Np.Logspace", dtype);
        var exponents = ((ConcreteArray)Linspace(start, stop, num, endpoint, DType.Float64)).ToArray<double>();
        for (int i = 0; i < exponents.Length; i++) exponents[i] = Math.Pow(@base, exponents[i]);
        return ConcreteArray.Own(exponents, new Shape(num)).ConvertTo(dtype, false);
    }

    /// <summary>
    /// Coordinate arrays from 1-d coordinate vectors (others are flattened), as <c>jnp.meshgrid</c>: with n vectors of
    /// lengths l0..l(n-1), each result has shape [l1, l0, l2, ...] for <paramref name="indexing"/> "xy" (the default) or
    /// [l0, l1, ...] for "ij"; <paramref name="sparse"/> keeps size 1 on every axis but the vector's own.
    /// </summary>
    public static NDArray[] Meshgrid(NDArray[] xi, bool sparse = false, string indexing = "xy")
    {
        Guard.NoNulls(xi, "Np.Meshgrid");
        Guard.NotNull(indexing, "Np.Meshgrid");
        if (indexing is not ("xy" or "ij"))
            throw new ArgumentException($"Np.Meshgrid: indexing must be \"xy\" or \"ij\", got \"{indexing}\"", nameof(indexing));
        int n = xi.Length;
        var lengths = new int[n];
        for (int i = 0; i < n; i++) lengths[i] = xi[i].Size;
        var position = new int[n];
        for (int i = 0; i < n; i++) position[i] = i;
        if (indexing == "xy" && n >= 2) (position[0], position[1]) = (1, 0);
        var full = new int[n];
        for (int i = 0; i < n; i++) full[position[i]] = lengths[i];
        if (!sparse) ShapeSize.Check("Np.Meshgrid", full, System.Array.ConvertAll(xi, x => x.Type));
        var result = new NDArray[n];
        for (int i = 0; i < n; i++)
        {
            var v = Ravel(xi[i]);
            if (sparse)
            {
                var dims = new int[n];
                dims.AsSpan().Fill(1);
                dims[position[i]] = lengths[i];
                result[i] = Ops.Reshape(v, new Shape(dims));
            }
            else result[i] = Ops.BroadcastInDim(v, new Shape(full), new IntTuple(position[i]));
        }
        return result;
    }
}
