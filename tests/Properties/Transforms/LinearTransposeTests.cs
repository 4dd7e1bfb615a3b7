using System;
using Xunit;
using static Functional.AD.Jax;
using static Functional.AD.Properties.Primitives.Generators;

namespace Functional.AD.Properties.Transforms;

/// <summary>
/// LinearTranspose and the backward pass as in JAX: only equations that carry a cotangent are transposed (an unused
/// comparison inside a jitted call needs no rule), dtypes must be float to float or integer to integer, and a
/// primitive without a transpose rule is named with the missing rule.
/// </summary>
public class LinearTransposeTests
{
    [Fact]
    public void LinearTranspose_ignores_an_unused_comparison_inside_a_jitted_call() =>
        PropertyCheck.ForAll(Uniform(-20, 20), c =>
        {
            // JAX's test_linear_transpose_dce: f = jit(lambda x: (2 * x, x > 0)); transpose lambda x: f(x)[0].
            var f = Jit((NDArray x) => (2.0 * x, x > 0.0));
            var t = LinearTranspose((NDArray x) => f(x).Item1, Np.Scalar(1.0));
            Assert.Equal(2 * c, (double)t(Np.Scalar(c)));
            var v = Vjp((NDArray x) => f(x).Item1, Np.Scalar(c)).Pullback(Np.Scalar(1.0));
            Assert.Equal(2.0, (double)v);
        });

    [Fact]
    public void LinearTranspose_transposes_integer_to_integer_functions()
    {
        // JAX's test_linear_transpose_integer: transpose of 2 * x at the int 1, applied to 3, is 6.
        var t = LinearTranspose((NDArray x) => 2 * x, (NDArray)1);
        var r = t((NDArray)3);
        Assert.Equal(DType.Int32, r.DType);
        Assert.Equal(6, (int)r);
    }

    [Fact]
    public void LinearTranspose_rejects_functions_between_integer_and_float_types()
    {
        // JAX's test_linear_transpose_error: linear_transpose(lambda x: 2. * x, 1) raises "linear_transpose only supports".
        var e = Errors.ErrorAssert.Throws(() => LinearTranspose((NDArray x) => 2.0 * x, (NDArray)1), "LinearTranspose", "only supports", "i32", "f64");
        Errors.ErrorAssert.Throws(() => LinearTranspose((NDArray x) => x.AsType(DType.Float32), Np.Array(1, 2)), "LinearTranspose", "only supports", "i32[2]", "f32[2]");
        Errors.ErrorAssert.Throws(() => LinearTranspose((NDArray x) => x.AsType(DType.Int32), Np.Array(1.0, 2.0)), "LinearTranspose", "only supports");
        Errors.ErrorAssert.Throws(() => LinearTranspose((NDArray x) => (x, x > 0.0), Np.Array(1.0, 2.0)), "LinearTranspose", "only supports", "bool[2]");
    }

    /// <summary>y = 2x, with a JVP that applies the primitive to the tangent (it is linear) but no transpose rule.</summary>
    private static UserPrimitive<int> DoubleWithoutTranspose()
    {
        UserPrimitive<int>? self = null;
        self = new(new PrimitiveDefinition<int>
        {
            Name = "double_it",
            ShapeRule = (t, _) => new[] { t[0] },
            Kernel = (xs, _) => new[] { xs[0] * 2.0 },
            Jvp = (xs, ts, p) => (self!.Bind(xs, p), self!.Bind(ts, p)),
        });
        return self;
    }

    [Fact]
    public void Reverse_mode_through_a_user_primitive_without_a_transpose_rule_names_the_missing_rule()
    {
        var prim = DoubleWithoutTranspose();
        Func<NDArray, NDArray> f = x => Np.Sum(prim.Bind(new[] { x }, 0)[0]);
        Assert.Equal(2.0, (double)Jvp(f, Np.Array(1.0, 2.0), Np.Array(1.0, 0.0)).Tangent);
        var e = Assert.Throws<NotSupportedException>(() => Grad(f)(Np.Array(1.0, 2.0)));
        Assert.Contains("transpose rule", e.Message);
        Assert.Contains("'double_it'", e.Message);
        Assert.Contains("PrimitiveDefinition.Transpose", e.Message);
        Assert.DoesNotContain("not linear", e.Message);
    }
}
