namespace Functional.AD;

/// <summary><c>jax.nn.standardize</c>: (x - mean) / √(variance + ε) over one axis, several or all, with a <c>where</c> mask.</summary>
public static partial class Nn
{
    /// <summary>
    /// (x - mean) · rsqrt(variance + epsilon) along <paramref name="axis"/>, as <c>jax.nn.standardize</c>. A null
    /// <paramref name="mean"/> is the mean along the axis (over the elements where <paramref name="where"/> holds), a
    /// null <paramref name="variance"/> is mean(x²) - mean² there (JAX's definition); given ones broadcast against x.
    /// Every element is standardized, masked or not.
    /// </summary>
    public static NDArray Standardize(NDArray x, int axis = -1, NDArray? mean = null, NDArray? variance = null, double epsilon = 1e-5, NDArray? where = null)
    {
        Guard.NotNull(x, "Nn.Standardize");
        return StandardizeCore(x, new[] { axis }, mean, variance, epsilon, where);
    }

    /// <summary>
    /// <see cref="Standardize(NDArray, int, NDArray?, NDArray?, double, NDArray?)"/> over several axes jointly (null:
    /// all axes), as <c>jax.nn.standardize(x, axis=(…))</c>.
    /// </summary>
    public static NDArray Standardize(NDArray x, int[]? axis, NDArray? mean = null, NDArray? variance = null, double epsilon = 1e-5, NDArray? where = null)
    {
        Guard.NotNull(x, "Nn.Standardize");
        return StandardizeCore(x, axis, mean, variance, epsilon, where);
    }

    private static NDArray StandardizeCore(NDArray x, int[]? axis, NDArray? mean, NDArray? variance, double epsilon, NDArray? where)
    {
        const string operation = "Nn.Standardize";
        x = Promotion.ToFloat(x);
        var axes = AxesOf(operation, x, axis);
        if (mean is null || variance is null)
        {
            var mask = MaskOf(operation, where, x);
            NDArray MeanOf(NDArray v)
            {
                var sum = SumKept(Masked(v, mask, 0), axes);
                var count = mask is null ? Ops.Const(v, CountOf(x, axes)) : SumKept(Ops.ConvertElementType(mask, v.DType), axes);
                return Ops.Div(sum, count);
            }
            mean ??= MeanOf(x);
            variance ??= Np.Subtract(MeanOf(Ops.IntegerPow(x, 2)), Np.Square(mean));
        }
        var centred = Np.Subtract(x, mean);
        return Np.Multiply(centred, Ops.Rsqrt(Promotion.ToFloat(Np.Add(variance, epsilon))));
    }

    private static double CountOf(NDArray x, IntTuple axes)
    {
        double n = 1;
        foreach (var a in axes) n *= x.Shape[a];
        return n;
    }
}
