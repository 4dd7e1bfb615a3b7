using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck.Fluent;
using Functional.AD.Testing;
using Xunit;
using static Functional.AD.Properties.Primitives.Generators;

namespace Functional.AD.Properties.Transforms;

/// <summary>Gradients of the numpy-broadcasting binary functions over generated broadcasting shape pairs.</summary>
public class BroadcastingGradientProperties
{
    private static readonly Dictionary<string, Func<NDArray, NDArray, NDArray>> Functions = new()
    {
        ["Np.Add"] = Np.Add,
        ["Np.Subtract"] = Np.Subtract,
        ["Np.Multiply"] = Np.Multiply,
        ["Np.Divide"] = (a, b) => Np.Divide(a, b * b + 1.0),
        ["Np.Maximum"] = (a, b) => Np.Maximum(a, b + 10.0),
        ["Np.Minimum"] = (a, b) => Np.Minimum(a, b + 10.0),
        ["Np.Power"] = (a, b) => Np.Power(a * a + 1.0, b),
        ["Np.Where"] = (a, b) => Np.Where(a > 0, a * b, b),
    };

    public static IEnumerable<object[]> Names => Functions.Keys.Select(k => new object[] { k });

    [Theory]
    [MemberData(nameof(Names))]
    public void Gradients_through_numpy_broadcasting_match_finite_differences(string name)
    {
        var f = Functions[name];
        var cases =
            from shapes in BroadcastPair()
            from a in Array(shapes.A, AwayFromZero(0.2, 2))
            from b in Array(shapes.B, Uniform(-2, 2))
            select (a, b);
        PropertyCheck.ForAll(cases, c =>
        {
            GradientCheck.CheckGrads(args => f(args[0], args[1]), new[] { c.a, c.b }, order: 1);
            // The cotangent of each operand has that operand's shape (broadcasting is summed back).
            var (_, pullback) = Jax.Vjp<NDArray[], NDArray>(args => f(args[0], args[1]), new[] { c.a, c.b });
            var y = f(c.a, c.b);
            var cts = pullback(Np.OnesLike(y));
            Assert.Equal(c.a.Shape, cts[0].Shape);
            Assert.Equal(c.b.Shape, cts[1].Shape);
        });
    }
}
