using System;
using FsCheck.Fluent;
using Xunit;
using static Functional.AD.Jax;
using static Functional.AD.Properties.Primitives.Generators;

namespace Functional.AD.Properties.Transforms;

/// <summary>
/// Weak types survive differentiation as in JAX: the cotangent seed of Grad, materialised zero tangents and
/// cotangents, and the basis and result of Jacfwd/Jacrev take the weak type of the value they stand for.
/// </summary>
public class WeakTypeDifferentiationTests
{
    [Fact]
    public void Derivatives_of_the_identity_at_a_weak_scalar_are_weakly_typed() =>
        PropertyCheck.ForAll(Uniform(-20, 20), v =>
        {
            Func<NDArray, NDArray> identity = x => x;
            NDArray weak = v;
            foreach (var (name, d) in new[]
                     {
                         ("Grad", Grad(identity)(weak)), ("ValueAndGrad", ValueAndGrad(identity)(weak).Grad),
                         ("Jacfwd", Jacfwd(identity)(weak)), ("Jacrev", Jacrev(identity)(weak)),
                         ("Vjp", Vjp(identity, weak).Pullback(1.0)),
                     })
            {
                Assert.True(d.IsWeaklyTyped, $"{name} of the identity at the weak scalar {v} is strongly typed");
                Assert.Equal(DType.Float64, d.DType);
                Assert.Equal(1.0, (double)d);
            }
            // A strong scalar keeps a strong derivative: the weak type comes from the input, not from the rule.
            Assert.False(Grad(identity)(Np.Scalar(v)).IsWeaklyTyped);
            Assert.False(Jacfwd(identity)(Np.Scalar(v)).IsWeaklyTyped);
            Assert.False(Jacrev(identity)(Np.Scalar(v)).IsWeaklyTyped);
        });

    [Fact]
    public void Second_derivatives_at_a_weak_scalar_are_weakly_typed() =>
        PropertyCheck.ForAll(Uniform(-20, 20), v =>
        {
            Func<NDArray, NDArray> cube = x => x * x * x;
            NDArray weak = v;
            foreach (var (name, d) in new[] { ("Hessian", Hessian(cube)(weak)), ("Grad(Grad)", Grad(Grad(cube))(weak)) })
            {
                Assert.True(d.IsWeaklyTyped, $"{name} of x^3 at the weak scalar {v} is strongly typed");
                Assert.Equal(6 * v, (double)d, 1e-12);
            }
        });

    [Fact]
    public void Materialised_zero_tangents_and_cotangents_keep_the_weak_type() =>
        PropertyCheck.ForAll(Uniform(-20, 20), v =>
        {
            Func<NDArray, NDArray> constant = _ => 3.0;
            NDArray weak = v;
            var (y, t) = Jvp(constant, weak, (NDArray)1.0);
            Assert.True(y.IsWeaklyTyped);
            Assert.True(t.IsWeaklyTyped, "the zero tangent of a weak output is strongly typed");
            Assert.Equal(0.0, (double)t);
            var (_, lin) = Linearize(constant, weak);
            Assert.True(lin(1.0).IsWeaklyTyped, "Linearize's zero tangent of a weak output is strongly typed");
            var ct = Vjp((NDArray x) => Np.Sum(Np.Ones(new[] { 2 })), weak).Pullback(Np.Scalar(1.0));
            Assert.True(ct.IsWeaklyTyped, "the zero cotangent of a weak input is strongly typed");
            Assert.Equal(0.0, (double)ct);
        });

    [Fact]
    public void A_weak_float_with_an_integer_array_gives_a_weakly_typed_float() =>
        PropertyCheck.ForAll(
            Gen.ArrayOf(Gen.Choose(-9, 9), 3).SelectMany(ints => Uniform(-20, 20).Select(s => (ints, s))),
            p =>
            {
                var (ints, s) = p;
                var i = Np.Array(ints);
                foreach (var (name, r, f) in new (string, NDArray, Func<double, double>)[]
                         {
                             ("i * s", i * s, k => k * s), ("s * i", s * i, k => s * k), ("i + s", i + s, k => k + s),
                             ("s - i", s - i, k => s - k), ("Np.Multiply(i, s)", Np.Multiply(i, (NDArray)s), k => k * s),
                         })
                {
                    // JAX: i32 and a weak float promote to a weak float (i32 + f* -> f*).
                    Assert.True(r.DType == DType.Float64 && r.IsWeaklyTyped, $"{name} gave {r.Type} (weak: {r.IsWeaklyTyped})");
                    Assert.Equal(System.Array.ConvertAll(ints, k => f(k)), r.ToArray<double>());
                    // Being weak, it then takes the dtype of an f32 array, as a literal would.
                    Assert.Equal(DType.Float32, (Np.Array(1f, 2f, 3f) * r).DType);
                }
                // An integer literal with an integer array stays a strong integer.
                Assert.False((i * 2).IsWeaklyTyped);
            });
}
