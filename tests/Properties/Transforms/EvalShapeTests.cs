using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck.Fluent;
using Functional.AD.Properties.Fuzzing;
using Xunit;
using static Functional.AD.Jax;

namespace Functional.AD.Properties.Transforms;

/// <summary>Jax.EvalShape: output types without running, on random programs, pytrees, placeholders and under transforms.</summary>
public class EvalShapeTests
{
    /// <summary>A random program of the fuzzer, its body and inputs.</summary>
    private static FuzzCase Program(int seed) => new(ProgramResolver.Resolve(ProgramGenerator.Generate(seed)));

    [Fact]
    public void EvalShape_matches_the_type_of_the_actual_output_of_random_programs()
    {
        PropertyCheck.ForAll(Gen.Choose(0, 1_000_000), seed =>
        {
            var c = Program(seed);
            var actual = c.Body(c.X);
            var shaped = EvalShape(c.Body)(c.X);
            Assert.IsType<ShapeDtypeStruct>(shaped);
            Assert.Equal(actual.ArrayType, shaped.ArrayType);
            // Placeholders in place of the inputs give the same answer: nothing needs allocating.
            var placeholders = c.X.Select(x => (NDArray)new ShapeDtypeStruct(x.ArrayType)).ToArray();
            Assert.Equal(actual.ArrayType, EvalShape(c.Body)(placeholders).ArrayType);
        }, maxTest: 40);
    }

    [Fact]
    public void EvalShape_runs_no_kernel_the_function_is_only_traced()
    {
        int concrete = 0, traced = 0;
        NDArray F(NDArray x)
        {
            try
            {
                _ = (double)x.Sum();
                concrete++;
            }
            catch (ConcretizationException)
            {
                traced++;
            }
            return Np.Matmul(x, x.T) * 2.0;
        }
        var x = Np.Ones([3, 4], DType.Float32);
        var shaped = EvalShape(F)(x);
        Assert.Equal((0, 1), (concrete, traced));
        Assert.Equal(new ArrayType(new Shape(3, 3), DType.Float32), shaped.ArrayType);
        F(x);
        Assert.Equal((1, 1), (concrete, traced));   // the counter does see concrete evaluation
    }

    [Fact]
    public void The_result_is_a_placeholder_without_elements()
    {
        var s = EvalShape((NDArray x) => Np.Sin(x))(Np.Array(1.0, 2.0));
        Assert.Equal("ShapeDtypeStruct(f64[2])", s.ToString());
        var e = Assert.Throws<ConcretizationException>(() => s.ToArray<double>());
        Assert.Contains("f64[2]", e.Message);
        Assert.Contains("ShapeDtypeStruct", e.Message);
        // Computing with it eagerly fails with the same kind of error, naming the primitive.
        var e2 = Assert.Throws<ConcretizationException>(() => s + 1.0);
        Assert.Contains("add", e2.Message);
    }

    private sealed record Layer(NDArray W, NDArray B);

    [Fact]
    public void EvalShape_keeps_the_pytree_structure_and_weak_types()
    {
        var layer = new Layer(new ShapeDtypeStruct([4, 3], DType.Float32), new ShapeDtypeStruct([3], DType.Float32));
        var f = EvalShape((Layer p, NDArray x) => (Y: Np.Matmul(x, p.W) + p.B, Parts: new Dictionary<string, NDArray>
        {
            ["norm"] = Np.Sum(p.W * p.W),
            ["weak"] = (NDArray)2.0 * 3.0,
            ["count"] = Np.Arange(5),
        }));
        var (y, parts) = f(layer, new ShapeDtypeStruct([8, 4], DType.Float32));
        Assert.Equal("f32[8,3]", y.ArrayType.ToString());
        Assert.Equal(new ArrayType(new Shape(), DType.Float32), parts["norm"].ArrayType);
        Assert.Equal(new ArrayType(new Shape(), DType.Float64, Weak: true), parts["weak"].ArrayType);
        Assert.Equal(new ArrayType(new Shape(5), DType.Int32), parts["count"].ArrayType);
    }

    [Fact]
    public void EvalShape_reports_shape_errors_of_the_function_and_rejects_number_leaves()
    {
        var f = EvalShape((NDArray x) => Np.Matmul(x, x));
        var e = Assert.ThrowsAny<ArgumentException>(() => f(new ShapeDtypeStruct([3, 4], DType.Float32)));
        Assert.Contains("f32[3,4]", e.Message);
        Assert.ThrowsAny<ArgumentException>(() => EvalShape((double d) => Np.Scalar(d))(1.0));
        Assert.Throws<ArgumentNullException>(() => EvalShape((Func<NDArray, NDArray>)null!));
    }

    [Fact]
    public void EvalShape_works_inside_Vmap_and_Grad_and_of_transformed_functions()
    {
        Func<NDArray, NDArray> f = x => Np.Sum(Np.Sin(x) * x);
        var xs = Np.Linspace(0.1, 1.0, 12).Reshape(3, 4);
        // Of transformed functions.
        Assert.Equal(new ArrayType(new Shape(3), DType.Float64), EvalShape(Vmap(f))(xs).ArrayType);
        Assert.Equal(new ArrayType(new Shape(3, 4), DType.Float64), EvalShape(Vmap(Grad(f)))(xs).ArrayType);
        Assert.Equal(new ArrayType(new Shape(4, 4), DType.Float64), EvalShape(Hessian(f))(new ShapeDtypeStruct([4], DType.Float64)).ArrayType);
        Assert.Equal(new ArrayType(new Shape(4), DType.Float32), EvalShape(Jit(Grad(f)))(new ShapeDtypeStruct([4], DType.Float32)).ArrayType);
        // Inside transforms: the per-example type under Vmap; the traced values are read for their types only.
        var seen = new List<ArrayType>();
        var g = Vmap((NDArray x) =>
        {
            var s = EvalShape((NDArray t) => Np.Outer(t, t))(x);
            seen.Add(s.ArrayType);
            return x * s.Shape[0];
        });
        NumericAssert.AllClose(xs * 4.0, g(xs), "value", 0);
        Assert.Equal(new ArrayType(new Shape(4, 4), DType.Float64), Assert.Single(seen));
        var grad = Grad((NDArray x) => Np.Sum(x * x) * EvalShape(f)(x).Size)(xs[0]);
        NumericAssert.AllClose(xs[0] * 2.0, grad, "value", 1e-15);
        // A closed-over traced value is not evaluated either.
        var h = Grad((NDArray x) => { _ = EvalShape((NDArray t) => t * x)(x); return Np.Sum(x); });
        NumericAssert.AllClose(Np.OnesLike(xs[0]), h(xs[0]), "value", 0);
    }

    [Fact]
    public void MakeJaxpr_accepts_placeholders_too()
    {
        var j = MakeJaxpr((NDArray x) => Np.Sin(x))(new ShapeDtypeStruct([2], DType.Float32));
        Assert.Equal("{ lambda ; a:f32[2]. let b:f32[2] = sin a in (b,) }", j.ToString());
    }
}
