using System;
using FsCheck.Fluent;
using Functional.AD.Properties.Fuzzing;
using Xunit;
using static Functional.AD.Jax;

namespace Functional.AD.Properties.Transforms;

/// <summary>Jax.EvalJaxpr: evaluating MakeJaxpr's result gives the function's value; arity and type errors.</summary>
public class EvalJaxprTests
{
    [Fact]
    public void EvalJaxpr_of_MakeJaxpr_equals_the_function_on_random_programs()
    {
        PropertyCheck.ForAll(Gen.Choose(0, 1_000_000), seed =>
        {
            var c = new FuzzCase(ProgramResolver.Resolve(ProgramGenerator.Generate(seed)));
            var expected = c.Body(c.X);
            var outs = EvalJaxpr(MakeJaxpr(c.Body)(c.X), c.X);
            var actual = Assert.Single(outs);
            Assert.Equal(expected.ArrayType.Strong, actual.ArrayType.Strong);
            double tol = c.DType == DType.Float32 ? 1e-4 : 1e-11;
            NumericAssert.AllClose(expected, actual, tol, tol, "EvalJaxpr(MakeJaxpr(f)(x), x)");
        }, maxTest: 40);
    }

    [Fact]
    public void EvalJaxpr_handles_constants_pytrees_and_transforms()
    {
        var w = Np.Array(new double[,] { { 1, 2 }, { 3, 4 }, { 5, 6 } });
        Func<(NDArray A, NDArray B), (NDArray, NDArray)> f = t => (Np.Matmul(w, t.A) + t.B, Np.Sum(t.A));
        var a = Np.Array(0.5, -1.0);
        var b = Np.Array(1.0, 2.0, 3.0);
        var closed = MakeJaxpr(f)((a, b));
        Assert.Single(closed.Consts);
        var outs = EvalJaxpr(closed, a, b);
        var (y, s) = f((a, b));
        NumericAssert.AllClose(y, outs[0], "value", 0);
        NumericAssert.AllClose(s, outs[1], "value", 0);
        // The open form, as jax.core.eval_jaxpr(jaxpr, consts, *args).
        NumericAssert.AllClose(y, EvalJaxpr(closed.Jaxpr, closed.Consts, a, b)[0], "value", 0);
        // It binds primitives, so transforms see through it.
        var g = Grad((NDArray x) => Np.Sum(EvalJaxpr(closed, x, b)[0]))(a);
        NumericAssert.AllClose(Grad((NDArray x) => Np.Sum(f((x, b)).Item1))(a), g, "value", 1e-14);
        var bs = Np.Stack([a, a * 2.0]);
        var v = Vmap((NDArray x) => EvalJaxpr(closed, x, b)[1])(bs);
        NumericAssert.AllClose(Np.Array(-0.5, -1.0), v, "value", 0);
        NumericAssert.AllClose(y, Jit((NDArray x) => EvalJaxpr(closed, x, b)[0])(a), "value", 1e-14);
    }

    [Fact]
    public void Wrong_arity_or_types_fail_with_the_operation_and_typed_shapes()
    {
        var closed = MakeJaxpr((NDArray x, NDArray y) => x * y)(Np.Ones([3, 4], DType.Float32), Np.Scalar(2f));
        var e = Assert.ThrowsAny<ArgumentException>(() => EvalJaxpr(closed, Np.Ones([3, 4], DType.Float32)));
        Assert.Contains("Jax.EvalJaxpr", e.Message);
        Assert.Contains("2 argument", e.Message);
        Assert.Contains("(f32[3,4], f32[])", e.Message);
        e = Assert.ThrowsAny<ArgumentException>(() => EvalJaxpr(closed, Np.Ones([3, 4], DType.Float64), Np.Scalar(2f)));
        Assert.Contains("Jax.EvalJaxpr: argument 0 is f64[3,4], the jaxpr expects f32[3,4]", e.Message);
        e = Assert.ThrowsAny<ArgumentException>(() => EvalJaxpr(closed, Np.Ones([4, 3], DType.Float32), Np.Scalar(2f)));
        Assert.Contains("f32[4,3]", e.Message);
        e = Assert.ThrowsAny<ArgumentException>(() => EvalJaxpr(closed.Jaxpr, [Np.Scalar(1.0)], Np.Ones([3, 4], DType.Float32), Np.Scalar(2f)));
        Assert.Contains("constant", e.Message);
        Assert.Throws<ArgumentNullException>(() => EvalJaxpr(null!, Np.Scalar(1.0)));
        Assert.Throws<ArgumentNullException>(() => EvalJaxpr(closed, Np.Ones([3, 4], DType.Float32), null!));
        // A weakly-typed argument of the right dtype is accepted, as a weak value is by the jaxpr it was traced from.
        Assert.Equal(DType.Float32, EvalJaxpr(closed, Np.Ones([3, 4], DType.Float32), (NDArray)2f)[0].DType);
    }
}
