using System;
using System.Collections.Generic;
using System.Linq;
using Functional.AD.Testing;
using Xunit;
using static Functional.AD.Jax;

namespace Functional.AD.Properties.Transforms;

/// <summary>Second-order properties of composite functions: checks of the derivatives of the derivatives.</summary>
public class SecondOrderProperties
{
    public static IEnumerable<object[]> Names => CompositeFunctions.All.Select(c => new object[] { c.Name });

    private static Composite Get(string name) => CompositeFunctions.All.Single(c => c.Name == name);

    [Theory]
    [MemberData(nameof(Names))]
    public void Derivatives_up_to_second_order_match_finite_differences(string name)
    {
        var c = Get(name);
        PropertyCheck.ForAll(c.Inputs, x => GradientCheck.CheckGrads(c.F, x, order: 2, seed: x.Size), maxTest: 20);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Jvp_of_Grad_matches_finite_differences_of_Grad(string name)
    {
        var c = Get(name);
        var grad = Grad(c.F);
        PropertyCheck.ForAll(c.Inputs, x =>
        {
            var v = Np.Linspace(-1, 1, x.Size) + 0.3;
            var hvp = Jvp(grad)(x, v).Tangent;
            const double eps = 1e-5;
            var fd = (grad(x + v * eps) - grad(x - v * eps)) / (2 * eps);
            var a = hvp.ToArray<double>();
            var e = fd.ToArray<double>();
            for (int i = 0; i < a.Length; i++)
                Assert.True(Math.Abs(a[i] - e[i]) <= 1e-6 * (1 + Math.Abs(e[i])), $"H v [{i}] = {a[i]} but finite differences of Grad give {e[i]} at x = {x}");
            // Hvp is the same product.
            Assert.Equal(a, Hvp(c.F, x, v).ToArray<double>());
        }, maxTest: 25);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Hessian_is_symmetric_and_agrees_with_Hvp(string name)
    {
        var c = Get(name);
        PropertyCheck.ForAll(c.Inputs, x =>
        {
            var h = Hessian(c.F)(x);
            int n = x.Size;
            Assert.Equal(new Shape(n, n), h.Shape);
            var hv = h.ToArray<double>();
            for (int i = 0; i < n; i++)
                for (int j = 0; j < i; j++)
                    Assert.True(Math.Abs(hv[i * n + j] - hv[j * n + i]) <= 1e-10 * (1 + Math.Abs(hv[i * n + j])),
                        $"H[{i},{j}] = {hv[i * n + j]} but H[{j},{i}] = {hv[j * n + i]} at x = {x}");
            var v = Np.Linspace(0.5, -0.5, n);
            var viaHvp = Hvp(c.F, x, v).ToArray<double>();
            var viaMatrix = Np.Matmul(h, v).ToArray<double>();
            for (int i = 0; i < n; i++)
                Assert.True(Math.Abs(viaHvp[i] - viaMatrix[i]) <= 1e-10 * (1 + Math.Abs(viaMatrix[i])));
        }, maxTest: 20);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Jacfwd_and_Jacrev_of_the_gradient_agree(string name)
    {
        var c = Get(name);
        PropertyCheck.ForAll(c.Inputs, x =>
        {
            var fwd = Jacfwd(Grad(c.F))(x).ToArray<double>();
            var rev = Jacrev(Grad(c.F))(x).ToArray<double>();
            for (int i = 0; i < fwd.Length; i++)
                Assert.True(Math.Abs(fwd[i] - rev[i]) <= 1e-10 * (1 + Math.Abs(fwd[i])), $"entry {i}: jacfwd {fwd[i]} vs jacrev {rev[i]}");
        }, maxTest: 15);
    }

    [Fact]
    public void Third_order_derivatives_match_finite_differences()
    {
        foreach (var c in CompositeFunctions.All.Take(6))
            PropertyCheck.ForAll(c.Inputs, x => GradientCheck.CheckGrads(c.F, x, order: 3,
                tolerance: new GradientTolerance(1e-4, 1e-5, 1e-5), seed: x.Size), maxTest: 5);
    }
}
