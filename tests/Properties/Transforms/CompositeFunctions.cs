using System;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using static Functional.AD.Properties.Primitives.Generators;

namespace Functional.AD.Properties.Transforms;

/// <summary>A scalar-valued composite function of one vector and the inputs to test it on.</summary>
public sealed record Composite(string Name, Func<NDArray, NDArray> F, Gen<double> Values, int MinSize = 1)
{
    public override string ToString() => Name;

    /// <summary>Input vectors of size MinSize..6.</summary>
    public Gen<NDArray> Inputs => from n in Gen.Choose(MinSize, 6) from x in Array(new[] { n }, Values) select x;
}

/// <summary>Composite functions built from many primitives, used for second-order properties.</summary>
public static class CompositeFunctions
{
    private static readonly NDArray W = Np.Array(new double[,] { { 0.3, -0.7, 0.2 }, { 0.5, 0.1, -0.4 } });

    public static readonly Composite[] All =
    {
        new("sum(sin(x) * x)", x => Np.Sum(Np.Sin(x) * x), Uniform(-3, 3)),
        new("sum(tanh(W x[:3] + 1))", x => Np.Sum(Np.Tanh(Np.Matmul(W, x[..3]) + 1.0)), Uniform(-2, 2), MinSize: 3),
        new("logsumexp(x)", x => Nn.LogSumExp(x), Uniform(-3, 3)),
        new("sum(softmax(x) * x)", x => Np.Sum(Nn.Softmax(x) * x), Uniform(-3, 3)),
        new("log_softmax(x)[0]", x => Nn.LogSoftmax(x)[0], Uniform(-3, 3)),
        new("prod(x)", x => Np.Prod(x), Uniform(-2, 2)),
        new("sum(gelu(x) + softplus(x) + sigmoid(x))", x => Np.Sum(Nn.Gelu(x) + Nn.Softplus(x) + Nn.Sigmoid(x)), Uniform(-3, 3)),
        new("mean(x^3) - sum(exp(-x^2))", x => Np.Mean(Np.Power(x, 3)) - Np.Sum(Np.Exp(-Np.Square(x))), Uniform(-2, 2)),
        new("sum(x[1:] * x[:-1])", x => Np.Sum(x[1..] * x[..^1]), Uniform(-3, 3), MinSize: 2),
        new("sqrt(sum(x^2) + 1)", x => Np.Sqrt(Np.Sum(x * x) + 1.0), Uniform(-3, 3)),
        new("sum(outer(x, x) @ x)", x => Np.Sum(Np.Matmul(Np.Outer(x, x), x)), Uniform(-2, 2)),
        new("sum(take(x, [0, 0, 1])^2)", x => Np.Sum(Np.Square(Np.Take(x, Np.Array(0, 0, 1)))), Uniform(-2, 2), MinSize: 2),
        new("sum(cumsum(x) * cos(x))", x => Np.Sum(Np.Cumsum(x, 0) * Np.Cos(x)), Uniform(-2, 2)),
        new("sum(where(x > 0, x^2, -x^3))", x => Np.Sum(Np.Where(x > 0, Np.Square(x), -Np.Power(x, 3))), AwayFromZero(0.1, 2)),
        new("x^2.5 summed, log1p, expm1", x => Np.Sum(Np.Power(x, 2.5) + Np.Log1p(x) + Np.Expm1(x)), Uniform(0.2, 2)),
        new("sum(stack([x, 2x]) @ stack([x, x]).T)", x => Np.Sum(Np.Matmul(Np.Stack(new[] { x, x * 2.0 }), Np.Stack(new[] { x, x }).T)), Uniform(-2, 2)),
        new("sum(concat(x, sin(x)) * arctan(concat(x, x)))", x => Np.Sum(Np.Concatenate(new[] { x, Np.Sin(x) }) * Np.Arctan(Np.Concatenate(new[] { x, x }))), Uniform(-2, 2)),
        new("max(x) * min(x) (distinct values)", x => Np.Max(x) * Np.Min(x), Uniform(-3, 3)),
    };
}
