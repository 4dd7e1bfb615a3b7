using System;

namespace Functional.AD;

/// <summary>Neural-network functions, numerically stable in value and gradient (finite at ±1000).</summary>
public static partial class Nn
{
    /// <summary>max(x, 0), as JAX: NaN stays NaN (with derivative 0), and the derivative at 0 is 0.</summary>
    public static NDArray Relu(NDArray x)
    {
        Guard.NotNull(x, "Nn.Relu");
        x = Promotion.ToFloat(x);
        var zeros = Ops.ZerosLike(x);
        // max propagates NaN; at 0 the select takes the constant, so the tie gets derivative 0, not max's 1/2.
        return Ops.Select(Ops.Eq(x, zeros), zeros, Ops.Max(x, zeros));
    }

    /// <summary>1 / (1 + e^-x), without overflow.</summary>
    public static NDArray Sigmoid(NDArray x)
    {
        Guard.NotNull(x, "Nn.Sigmoid");
        return Ops.Logistic(Promotion.ToFloat(x));
    }

    /// <summary>log(1 + e^x) computed as max(x, 0) + log1p(e^-|x|), finite in value and gradient everywhere.</summary>
    public static NDArray Softplus(NDArray x)
    {
        Guard.NotNull(x, "Nn.Softplus");
        x = Promotion.ToFloat(x);
        return Ops.Add(Ops.Max(x, Ops.Const(x, 0)), Ops.Log1p(Ops.Exp(Ops.Neg(Ops.Abs(x)))));
    }

    /// <summary>
    /// The exact GELU, x · Φ(x) = x/2 · erfc(-x/√2) (the erfc form keeps full relative accuracy for
    /// negative x, where 1 + erf(x/√2) would cancel).
    /// </summary>
    public static NDArray Gelu(NDArray x)
    {
        Guard.NotNull(x, "Nn.Gelu");
        x = Promotion.ToFloat(x);
        var cdf = Ops.Mul(Ops.Const(x, 0.5), Ops.Erfc(Ops.Mul(x, Ops.Const(x, -1 / Math.Sqrt(2)))));
        return Ops.Mul(x, cdf);
    }

    /// <summary>One-hot encoding of integer labels: result[..., k] = (labels[...] == k), with a new last axis of size <paramref name="numClasses"/>.</summary>
    public static NDArray OneHot(NDArray labels, int numClasses, DType dtype = DType.Float64)
    {
        Guard.NotNull(labels, "Nn.OneHot");
        return OneHotCore(labels, numClasses, dtype, -1);
    }

    /// <summary>
    /// One-hot encoding with the class axis placed at <paramref name="axis"/> of the result (counting from the end when
    /// negative; -1 is last), as <c>jax.nn.one_hot(x, num_classes, dtype=dtype, axis=axis)</c>. Labels outside
    /// [0, numClasses) encode as all zeros.
    /// </summary>
    public static NDArray OneHot(NDArray labels, int numClasses, DType dtype, int axis)
    {
        Guard.NotNull(labels, "Nn.OneHot");
        return OneHotCore(labels, numClasses, dtype, axis);
    }

    private static NDArray OneHotCore(NDArray labels, int numClasses, DType dtype, int axis)
    {
        if (!labels.DType.IsInteger()) throw new ArgumentException($"Nn.OneHot: labels must be integers, got {labels.Type}");
        labels = Promotion.Coerce(labels, DType.Int32);
        if (numClasses < 0) throw new ArgumentException($"Nn.OneHot: numClasses must be non-negative, got {numClasses}");
        DTypes.Check("Nn.OneHot", dtype);
        int rank = labels.Rank + 1;
        int at = axis < 0 ? axis + rank : axis;
        if (at < 0 || at >= rank)
            throw new ArgumentOutOfRangeException(nameof(axis), $"Nn.OneHot: axis {axis} is out of range for the result of rank {rank} (labels {labels.Type})");
        var dims = new int[rank];
        var labelDims = new int[labels.Rank];
        for (int i = 0, j = 0; i < rank; i++)
        {
            if (i == at) { dims[i] = numClasses; continue; }
            labelDims[j] = i;
            dims[i] = labels.Shape[j++];
        }
        ShapeSize.Check("Nn.OneHot", dims, labels.Type);
        var shape = Shape.Own(dims);
        var classes = Ops.Iota(DType.Int32, shape, at);
        var expanded = Ops.BroadcastInDim(labels, shape, new IntTuple(labelDims));
        return Ops.ConvertElementType(Ops.Eq(expanded, classes), dtype);
    }
}
