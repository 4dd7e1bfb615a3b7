using System;
using FsCheck.Fluent;
using Xunit;
using static Functional.AD.Jax;

namespace Functional.AD.Properties.Primitives;

/// <summary>
/// Derivatives of <c>pow</c> with a floating-point exponent follow JAX's rule d/dx = y x^(y-1) (no select at y = 0),
/// so second derivatives in y survive at y = 0. Expected values are the calculus of x^y, written out by hand.
/// </summary>
public class PowDerivativeTests
{
    private static NDArray PowOfPair(NDArray v) => Np.Power(v[0], v[1]);

    /// <summary>The Hessian of (x, y) -> x^y: [[y(y-1)x^(y-2), x^(y-1)(1 + y ln x)], [same, (ln x)^2 x^y]].</summary>
    private static double[] ExpectedHessian(double x, double y)
    {
        double xy = y * (y - 1) * Math.Pow(x, y - 2);
        double mixed = Math.Pow(x, y - 1) * (1 + (y * Math.Log(x)));
        double yy = Math.Log(x) * Math.Log(x) * Math.Pow(x, y);
        return new[] { xy, mixed, mixed, yy };
    }

    [Fact]
    public void Pow_mixed_second_derivative_survives_a_zero_float_exponent()
    {
        // The case: jacfwd(jacfwd(pow))(4, 0) is the symmetric [[0, 0.25], [0.25, ln(4)^2]].
        var h = Jacfwd(Jacfwd(PowOfPair))(Np.Array(4.0, 0.0)).ToArray<double>();
        var expected = ExpectedHessian(4, 0);
        for (int i = 0; i < 4; i++)
            Assert.True(Math.Abs(h[i] - expected[i]) <= 1e-12, $"H[{i}] = {h[i]}, expected {expected[i]}");
    }

    [Fact]
    public void Pow_hessian_with_a_float_exponent_is_symmetric_and_matches_calculus() =>
        PropertyCheck.ForAll(
            Gen.Choose(5, 40).SelectMany(x => Gen.Elements(0, 0, 1, 2, -1, 7, -13, 25).Select(y => (x / 10.0, y / 10.0))),
            p =>
            {
                var (x, y) = p;
                var expected = ExpectedHessian(x, y);
                foreach (var (name, hessian) in new[] { ("Jacfwd(Jacfwd)", Jacfwd(Jacfwd(PowOfPair))), ("Jacfwd(Jacrev)", Hessian(PowOfPair)), ("Jacrev(Jacrev)", Jacrev(Jacrev(PowOfPair))) })
                {
                    var h = hessian(Np.Array(x, y)).ToArray<double>();
                    for (int i = 0; i < 4; i++)
                        Assert.True(Math.Abs(h[i] - expected[i]) <= 1e-12 * (1 + Math.Abs(expected[i])),
                            $"{name} of x^y at ({x}, {y}): H[{i}] = {h[i]}, expected {expected[i]}");
                }
            });

    [Fact]
    public void Pow_gradient_in_the_base_at_zero_to_a_zero_float_power_is_nan()
    {
        // JAX: d/dx = y x^(y-1) = 0 * 0^-1 = 0 * inf = NaN; d/dy = log(1) * 0^0 = 0 (log reads x = 0 as 1).
        var zero = Np.Scalar(0.0);
        Assert.True(double.IsNaN((double)Grad((NDArray x) => Np.Power(x, zero))(zero)));
        Assert.Equal(0.0, (double)Grad((NDArray y) => Np.Power(zero, y))(zero));
    }
}
