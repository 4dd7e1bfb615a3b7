using System;
using Xunit;
using static Functional.AD.Jax;

namespace Functional.AD.Properties.Transforms;

/// <summary>Jaxprs (staging and JAX's printed format), escaped tracers and concretization errors.</summary>
public class TracingTests
{
    [Fact]
    public void MakeJaxpr_prints_in_JAX_format()
    {
        var x = Np.Array(0.5, 1.0, 1.5);
        Assert.Equal("{ lambda ; a:f64[3]. let b:f64[3] = sin a; c:f64[3] = mul b 2.0:f64[] in (c,) }",
            MakeJaxpr(t => Np.Sin(t) * 2.0)(x).ToString());
        Assert.Equal("{ lambda ; a:f32[3]. let b:f32[3] = sin a; c:f32[3] = mul b 2.0:f32[] in (c,) }",
            MakeJaxpr(t => Np.Sin(t) * 2.0)(x.AsType(DType.Float32)).ToString());
        Assert.Equal("{ lambda ; a:f64[3]. let  in (a,) }", MakeJaxpr(t => t)(x).ToString());
        // Weakly-typed f32 literals print with the shortest digits that round-trip as float32, as JAX prints them.
        Assert.Equal("{ lambda ; a:f32[]. let b:f32[] = mul a 0.1:f32[] in (b,) }", MakeJaxpr(t => t * 0.1)(Np.Scalar(1f)).ToString());
        Assert.Equal("{ lambda ; a:f64[3] b:f64[3]. let c:f64[3] = mul a b in (c,) }",
            MakeJaxpr(((NDArray a, NDArray b) t) => t.a * t.b)((x, x)).ToString());
    }

    [Fact]
    public void Long_jaxprs_break_lines_and_params_print_like_JAX()
    {
        var text = MakeJaxpr((NDArray x) => Np.Sum(Np.Tanh(x) * x, 1))(Np.Ones(new[] { 2, 3 })).ToString();
        Assert.Equal(
            "{ lambda ; a:f64[2,3]. let\n" +
            "    b:f64[2,3] = tanh a\n" +
            "    c:f64[2,3] = mul b a\n" +
            "    d:f64[2] = reduce_sum[axes=(1,) out_sharding=None] c\n" +
            "  in (d,) }", text);
    }

    [Fact]
    public void Closed_over_arrays_become_constants_and_scalars_literals()
    {
        var w = Np.Array(1.0, 2.0, 3.0);
        var j = MakeJaxpr((NDArray x) => x * w + 1.5)(Np.Zeros(new[] { 3 }));
        Assert.Single(j.Consts);
        Assert.Same(w, j.Consts[0]);
        // 81 columns flat, so it breaks like JAX does (a group is flat only if it fits in 80).
        Assert.Equal("{ lambda a:f64[3]; b:f64[3]. let\n    c:f64[3] = mul b a\n    d:f64[3] = add c 1.5:f64[]\n  in (d,) }", j.ToString());
        Assert.Equal("{ lambda a:f64[3]; b:f64[3]. let c:f64[3] = mul b a in (c,) }", MakeJaxpr((NDArray x) => x * w)(w).ToString());
    }

    [Fact]
    public void Variable_names_continue_after_z()
    {
        var text = MakeJaxpr((NDArray x) =>
        {
            for (int i = 0; i < 30; i++) x = Np.Sin(x);
            return x;
        })(1.0).ToString();
        Assert.Contains("ba:f64[] = sin z", text);
        Assert.Contains("be:f64[] = sin bd", text);
    }

    [Fact]
    public void Reading_a_staged_value_throws_ConcretizationException_with_advice()
    {
        var e = Assert.Throws<ConcretizationException>(() => MakeJaxpr((NDArray t) => t * (double)Np.Sum(t))(Np.Ones(new[] { 3 })));
        Assert.Contains("(double)", e.Message);
        Assert.Contains("f64[]", e.Message);
        Assert.Contains("Lax.Cond", e.Message);
        Assert.Throws<ConcretizationException>(() => MakeJaxpr((NDArray t) => { _ = t.ToArray<double>(); return t; })(Np.Ones(new[] { 3 })));
    }

    [Fact]
    public void An_escaped_tracer_used_after_its_transform_fails_clearly()
    {
        NDArray? leaked = null;
        Grad((NDArray x) => { leaked = x * 2.0; return x * x; })(3.0);
        Assert.NotNull(leaked);
        var e = Assert.Throws<InvalidOperationException>(() => Np.Sin(leaked!));
        Assert.Contains("escaped", e.Message);
        Assert.Contains("Grad", e.Message); // the message names the transform that traced it
        NDArray? staged = null;
        MakeJaxpr((NDArray x) => { staged = x; return x; })(1.0);
        Assert.Throws<InvalidOperationException>(() => staged! + 1.0);
    }

    [Fact]
    public void Jaxpr_of_a_gradient_shows_the_forward_and_the_transposed_backward_pass()
    {
        var text = MakeJaxpr(Grad((NDArray x) => Np.Sum(Np.Sin(x) * x)))(Np.Ones(new[] { 3 })).ToString();
        foreach (var prim in new[] { "sin", "cos", "mul", "reduce_sum", "broadcast_in_dim", "add" })
            Assert.Contains($" = {prim}", text);
        Assert.EndsWith("in (j,) }", text);
    }

    [Fact]
    public void Staged_jaxprs_evaluate_to_the_eager_result()
    {
        Func<NDArray, NDArray> f = x => Np.Sum(Nn.Softmax(Np.Matmul(x, x.T)) * x[0][1]);
        var x0 = Np.Linspace(-1, 1, 6).Reshape(2, 3);
        var j = MakeJaxpr(f)(x0);
        var replay = JaxprInterpreter.Eval(j.Jaxpr, j.Consts, new[] { x0 })[0];
        NumericAssert.Identical(f(x0), replay, "replayed jaxpr against eager");   // the same kernels in the same order
    }
}
