using System;
using Functional.AD.Testing;
using Xunit;

namespace Functional.AD.Properties.Testing;

/// <summary>A test-only sine whose JVP rule is off by 10%: CheckGrads must reject it in both modes.</summary>
internal sealed class SineWithWrongJvp : UnaryElementwise
{
    internal static readonly SineWithWrongJvp Instance = new();
    private SineWithWrongJvp() : base("wrong_sin", FastMath.Sin, FastMath.Sin) { }
    protected override NDArray Jvp(NDArray x, NDArray y, NDArray t) => Ops.Mul(t, Ops.Mul(Ops.Cos(x), Ops.Const(x, 1.1)));
}

/// <summary>A test-only linear map x -> 2x whose transpose rule multiplies by 3: forward mode is right, reverse mode wrong.</summary>
internal sealed class DoubleWithWrongTranspose : UnaryElementwise, ILinearSingleResultPrimitive<NoParams>
{
    internal static readonly DoubleWithWrongTranspose Instance = new();
    private DoubleWithWrongTranspose() : base("wrong_double", (x, y) => System.Numerics.Tensors.TensorPrimitives.Multiply(x, 2.0, y),
        (x, y) => System.Numerics.Tensors.TensorPrimitives.Multiply(x, 2f, y)) { }
    protected override NDArray Jvp(NDArray x, NDArray y, NDArray t) => Apply(t);
    public NDArray?[] Transpose(NDArray cotangent, TransposeArg[] args, NoParams parameters) =>
        new[] { Ops.Mul(cotangent, Ops.Const(cotangent, 3)) };
}

/// <summary>A test-only square whose JVP is right but whose JVP rule is not differentiable correctly at second order (it cuts the derivative with stop_gradient).</summary>
internal sealed class SquareWithFrozenSecondOrder : UnaryElementwise
{
    internal static readonly SquareWithFrozenSecondOrder Instance = new();
    private SquareWithFrozenSecondOrder() : base("frozen_square", (x, y) => System.Numerics.Tensors.TensorPrimitives.Multiply(x, x, y),
        (x, y) => System.Numerics.Tensors.TensorPrimitives.Multiply(x, x, y)) { }
    protected override NDArray Jvp(NDArray x, NDArray y, NDArray t) => Ops.Mul(t, Ops.StopGradient(Ops.Mul(x, Ops.Const(x, 2))));
}

public class CheckGradsTests
{
    private static readonly NDArray X = Np.Array(0.3, -1.1, 2.0);

    [Fact]
    public void Correct_functions_pass_in_both_modes_to_third_order()
    {
        GradientCheck.CheckGrads(x => Np.Sum(Np.Sin(x) * Np.Exp(x)), X, order: 3);
        GradientCheck.CheckGrads(args => Np.Sum(args[0] * Np.Tanh(args[1])), new[] { X, X * 0.5 }, order: 2);
        GradientCheck.CheckGrads(x => Np.Sin(x) * 2.0, X.AsType(DType.Float32), order: 2);
    }

    [Fact]
    public void A_wrong_JVP_rule_fails_forward_and_reverse_checks()
    {
        Func<NDArray, NDArray> f = x => SineWithWrongJvp.Instance.Apply(x);
        var fwd = Assert.Throws<GradientCheckException>(() => GradientCheck.CheckGrads(f, X, 1, GradientCheckModes.Forward));
        Assert.Contains("finite differences", fwd.Message);
        Assert.Contains("f64[3]", fwd.Message);
        Assert.Throws<GradientCheckException>(() => GradientCheck.CheckGrads(f, X, 1, GradientCheckModes.Reverse));
    }

    [Fact]
    public void A_wrong_transpose_rule_passes_forward_but_fails_reverse()
    {
        Func<NDArray, NDArray> f = x => DoubleWithWrongTranspose.Instance.Apply(x);
        GradientCheck.CheckGrads(f, X, 1, GradientCheckModes.Forward);
        var e = Assert.Throws<GradientCheckException>(() => GradientCheck.CheckGrads(f, X, 1, GradientCheckModes.Reverse));
        Assert.Contains("transpose identity", e.Message);
    }

    [Fact]
    public void A_rule_that_is_right_at_first_order_but_wrong_at_second_fails_only_at_order_two()
    {
        Func<NDArray, NDArray> f = x => Np.Sum(SquareWithFrozenSecondOrder.Instance.Apply(x));
        GradientCheck.CheckGrads(f, X, 1);
        Assert.Throws<GradientCheckException>(() => GradientCheck.CheckGrads(f, X, 2));
    }

    [Fact]
    public void Non_float_arguments_are_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => GradientCheck.CheckGrads(x => x * 2, Np.Array(1, 2), 1));
        Assert.Contains("i32[2]", e.Message);
    }
}
