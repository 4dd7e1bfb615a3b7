using System;

namespace Functional.AD;

/// <summary>Neural-network functions, numerically stable in value and gradient (finite at ±1000).</summary>
public static class Nn
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

    /// <summary>The maximum along the axes with kept dims, made safe (0 where infinite) and cut from differentiation.</summary>
    private static NDArray StableShift(NDArray x, IntTuple axes)
    {
        var m = Ops.ExpandDims(Ops.ReduceMax(x, axes), axes);
        var finite = Ops.Eq(Ops.Sub(m, m), Ops.Const(m, 0));
        return Ops.StopGradient(Ops.Select(finite, m, Ops.ZerosLike(m)));
    }

    private static IntTuple Axes(string operation, NDArray x, int? axis) =>
        axis is int a ? new IntTuple(Promotion.Axis(operation, a, x)) : ReductionShape.All(x.Rank);

    /// <summary>log Σ e^x over one axis or all axes, shifted by the maximum so it neither overflows nor underflows.</summary>
    public static NDArray LogSumExp(NDArray x, int? axis = null, bool keepDims = false)
    {
        Guard.NotNull(x, "Nn.LogSumExp");
        x = Promotion.ToFloat(x);
        var axes = Axes("Nn.LogSumExp", x, axis);
        var shift = StableShift(x, axes);
        var sum = Ops.ReduceSum(Ops.Exp(Ops.Sub(x, Ops.BroadcastTo(shift, x.Shape))), axes);
        var result = Ops.Add(Ops.Log(sum), Ops.Reshape(shift, sum.Shape));
        return keepDims ? Ops.ExpandDims(result, axes) : result;
    }

    /// <summary>e^x / Σ e^x along an axis, shifted by the maximum.</summary>
    public static NDArray Softmax(NDArray x, int axis = -1)
    {
        Guard.NotNull(x, "Nn.Softmax");
        x = Promotion.ToFloat(x);
        var axes = Axes("Nn.Softmax", x, axis);
        var unnormalized = Ops.Exp(Ops.Sub(x, Ops.BroadcastTo(StableShift(x, axes), x.Shape)));
        var total = Ops.ExpandDims(Ops.ReduceSum(unnormalized, axes), axes);
        return Ops.Div(unnormalized, Ops.BroadcastTo(total, x.Shape));
    }

    /// <summary>x - LogSumExp(x) along an axis.</summary>
    public static NDArray LogSoftmax(NDArray x, int axis = -1)
    {
        Guard.NotNull(x, "Nn.LogSoftmax");
        x = Promotion.ToFloat(x);
        var axes = Axes("Nn.LogSoftmax", x, axis);
        var shifted = Ops.Sub(x, Ops.BroadcastTo(StableShift(x, axes), x.Shape));
        var lse = Ops.ExpandDims(Ops.Log(Ops.ReduceSum(Ops.Exp(shifted), axes)), axes);
        return Ops.Sub(shifted, Ops.BroadcastTo(lse, x.Shape));
    }

    /// <summary>One-hot encoding of integer labels: result[..., k] = (labels[...] == k), with a new last axis of size <paramref name="numClasses"/>.</summary>
    public static NDArray OneHot(NDArray labels, int numClasses, DType dtype = DType.Float64)
    {
        Guard.NotNull(labels, "Nn.OneHot");
        if (labels.DType != DType.Int32) throw new ArgumentException($"Nn.OneHot: labels must be i32, got {labels.Type}");
        if (numClasses < 0) throw new ArgumentException($"Nn.OneHot: numClasses must be non-negative, got {numClasses}");
        DTypes.Check("Nn.OneHot", dtype);
        var dims = new int[labels.Rank + 1];
        for (int i = 0; i < labels.Rank; i++) dims[i] = labels.Shape[i];
        dims[^1] = numClasses;
        ShapeSize.Check("Nn.OneHot", dims, labels.Type);
        var shape = Shape.Own(dims);
        var classes = Ops.Iota(DType.Int32, shape, labels.Rank);
        var expanded = Ops.BroadcastInDim(labels, shape, ReductionShape.All(labels.Rank));
        return Ops.ConvertElementType(Ops.Eq(expanded, classes), dtype);
    }
}
