using System;
using FsCheck.Fluent;
using Xunit;
using static Functional.AD.Jax;

namespace Functional.AD.Properties.Errors;

/// <summary>
/// Error messages that carry JAX's hints: Grad of a non-scalar output says how to get a scalar, a cast of a traced
/// value suggests AsType, and a control-flow carry mismatch lists every mismatching leaf.
/// </summary>
public class JaxHintTests
{
    [Fact]
    public void Grad_of_a_non_scalar_output_suggests_summing_reshaping_or_Jacrev() =>
        PropertyCheck.ForAll(
            Gen.Choose(1, 3).SelectMany(rank => Gen.ArrayOf(Gen.Choose(1, 3), rank)),
            shape =>
            {
                var x = Np.Ones(shape);
                int size = x.Size;
                var e = ErrorAssert.Throws(() => Grad((NDArray u) => u * 2.0)(x),
                    "Grad", "only defined for scalar-output functions", x.Type.ToString(), "output.Sum()", "Jacrev");
                // JAX: a size-1 output can be reshaped to a scalar; output[0] is offered for a 1-d one only.
                if (size == 1) Assert.Contains("output.Reshape()", e.Message);
                else Assert.DoesNotContain("Reshape", e.Message);
                if (size == 1 && shape.Length == 1) Assert.Contains("output[0]", e.Message);
                else Assert.DoesNotContain("output[0]", e.Message);
                ErrorAssert.Throws(() => ValueAndGrad((NDArray u) => Np.Sin(u))(x), "ValueAndGrad", "output.Sum()");
                // The hints work.
                Assert.Equal(2.0 * size, (double)Np.Sum(Grad((NDArray u) => (u * 2.0).Sum())(x)));
                if (size == 1) Assert.Equal(2.0, (double)Np.Sum(Grad((NDArray u) => (u * 2.0).Reshape())(x)));
            }, maxTest: 30);

    [Fact]
    public void Grad_of_an_integer_output_suggests_Vjp()
    {
        ErrorAssert.Throws(() => Grad((NDArray u) => Np.Sum(u).AsType(DType.Int32))(Np.Array(1.0, 2.0)),
            "Grad", "real-valued outputs", "i32[]", "Vjp");
    }

    [Fact]
    public void A_cast_of_a_traced_value_suggests_AsType()
    {
        foreach (var (name, cast, suggestion) in new (string, Func<NDArray, NDArray>, string)[]
                 {
                     ("(double)", t => t * (double)Np.Sum(t), "AsType(DType.Float64)"),
                     ("(float)", t => t * (float)Np.Sum(t), "AsType(DType.Float32)"),
                     ("(int)", t => t * (int)Np.Sum(t), "AsType(DType.Int32)"),
                 })
        {
            var jit = Assert.Throws<ConcretizationException>(() => Jit(cast)(Np.Ones(new[] { 3 })));
            Assert.Contains(name, jit.Message);
            Assert.Contains(suggestion, jit.Message);
            Assert.Contains("Lax.Cond", jit.Message);
            var vmap = Assert.Throws<ConcretizationException>(() => Vmap(cast)(Np.Ones(new[] { 2, 3 })));
            Assert.Contains(suggestion, vmap.Message);
        }
        // Reading the data is not a conversion: no AsType hint there.
        var read = Assert.Throws<ConcretizationException>(() => Jit((NDArray t) => { _ = t.ToArray<double>(); return t; })(Np.Ones(new[] { 3 })));
        Assert.DoesNotContain("AsType", read.Message);
    }

    [Fact]
    public void A_scan_carry_mismatch_names_every_mismatching_leaf()
    {
        var init = (Np.Zeros(new[] { 2 }), Np.Scalar(0.0), Np.Scalar(0));
        var e = ErrorAssert.Throws(() => Lax.Scan(
                (c, x) => ((c.Item1.AsType(DType.Float32), c.Item2 + x, c.Item3.AsType(DType.Float64)), x),
                init, Np.Array(1.0, 2.0)),
            "Lax.Scan", ".Item1", "f64[2]", "f32[2]", ".Item3", "i32[]", "AsType");
        Assert.DoesNotContain(".Item2", e.Message);
        var w = ErrorAssert.Throws(() => Lax.WhileLoop(
                c => c.Item2 < 3.0, c => (c.Item1.Reshape(1, 2), c.Item2 + 1.0, c.Item3.AsType(DType.Float32)), init),
            "Lax.WhileLoop", ".Item1", "f64[1,2]", ".Item3", "f32[]");
        Assert.DoesNotContain(".Item2", w.Message);
        ErrorAssert.Throws(() => Lax.ForiLoop(0, 2, (i, c) => c.AsType(DType.Float32), Np.Zeros(new[] { 2 })),
            "Lax.ForiLoop", "f64[2]", "f32[2]");
    }
}
