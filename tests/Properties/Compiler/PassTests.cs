using System.Linq;
using Xunit;
using static Functional.AD.Properties.Compiler.CompilerTestSupport;

namespace Functional.AD.Properties.Compiler;

/// <summary>Each optimization pass: what it removes or rewrites, and that the result is unchanged.</summary>
public class DeadCodeEliminationTests
{
    [Fact]
    public void Unused_equations_and_constants_are_removed()
    {
        var w = Np.Linspace(0, 1, 5);
        var (j, args) = Stage(x => { _ = Np.Exp(x) * w; _ = Np.Cos(x); return Np.Sin(x); }, Np.Ones(new[] { 5 }));
        var dce = DeadCodeElimination.Run(j);
        Assert.Equal(new[] { "sin" }, dce.Jaxpr.Equations.Select(e => e.Primitive.Name));
        NumericAssert.Identical(Eval(j, args), Eval(dce, args));
    }

    [Fact]
    public void A_jaxpr_without_dead_code_is_returned_as_is()
    {
        var (j, _) = Stage(x => Np.Sin(x) * 2.0, Np.Ones(new[] { 3 }));
        Assert.Same(j, DeadCodeElimination.Run(j));
    }
}

public class CommonSubexpressionEliminationTests
{
    [Fact]
    public void Repeated_computations_are_computed_once()
    {
        var (j, args) = Stage(x => Np.Sin(x) * Np.Sin(x) + Np.Sum(x, 0) * Np.Sum(x, 0), Np.Linspace(0, 1, 12).Reshape(3, 4));
        var cse = DeadCodeElimination.Run(JaxprCompiler.Rewrite(j, RewritePasses.CommonSubexpressions));
        Assert.Equal(2, Count(j, "sin"));
        Assert.Equal(1, Count(cse, "sin"));
        Assert.Equal(1, Count(cse, "reduce_sum"));
        NumericAssert.Identical(Eval(j, args), Eval(cse, args));
    }

    [Fact]
    public void Different_parameters_or_operands_are_kept_apart()
    {
        var (j, args) = Stage(x => Np.Sum(Np.Sum(x, 0)) + Np.Sum(Np.Sum(x, 1)) + Np.Sum(Np.Sin(x) * 2.0) + Np.Sum(Np.Sin(x) * 3.0),
            Np.Linspace(0, 1, 12).Reshape(3, 4));
        var cse = DeadCodeElimination.Run(JaxprCompiler.Rewrite(j, RewritePasses.CommonSubexpressions));
        Assert.Equal(Count(j, "reduce_sum") , Count(cse, "reduce_sum"));
        Assert.Equal(2, Count(cse, "mul"));
        Assert.Equal(1, Count(cse, "sin"));
        NumericAssert.Identical(Eval(j, args), Eval(cse, args));
    }
}

public class ConstantFoldingTests
{
    [Fact]
    public void Computations_on_constants_are_evaluated_at_compile_time()
    {
        // Closed-over arrays stay constants of the closed jaxpr here (Stage would turn them into inputs).
        var c = Np.Linspace(0, 1, 4);
        var j = Jax.MakeJaxpr((NDArray x) => x * Np.Exp(c * 2.0) + Np.Sin(Np.Scalar(1.0)))(Np.Ones(new[] { 4 }));
        var args = new[] { Np.Linspace(-1, 1, 4) };
        var folded = DeadCodeElimination.Run(JaxprCompiler.Rewrite(j, RewritePasses.ConstantFolding));
        Assert.Equal(0, Count(folded, "exp"));
        Assert.Equal(0, Count(folded, "sin"));
        Assert.Equal(new[] { "mul", "add" }, folded.Jaxpr.Equations.Select(e => e.Primitive.Name));
        NumericAssert.Identical(Eval(j, args), Eval(folded, args));
    }

    [Fact]
    public void Broadcasts_of_scalars_are_not_expanded_into_large_constants()
    {
        var (j, args) = Stage(x => x + Np.BroadcastTo(Np.Scalar(2.0), new[] { 1000 }), Np.Ones(new[] { 1000 }));
        var folded = JaxprCompiler.Rewrite(j, RewritePasses.ConstantFolding);
        Assert.Equal(1, Count(folded, "broadcast_in_dim"));
        Assert.Empty(folded.Consts);
        NumericAssert.Identical(Eval(j, args), Eval(folded, args));
    }
}

public class SimplificationTests
{
    [Fact]
    public void Identities_and_chains_collapse()
    {
        var (j, args) = Stage(x =>
        {
            var y = Np.Reshape(Np.Reshape(x, new[] { 2, 6 }), new[] { 3, 4 });   // reshape chain
            var z = -(-y);                                                       // double negation
            var t = Lax.StopGradient(z) * 1.0 + 0.0;                            // identities
            return Np.Sum(t.AsType(DType.Float64));                              // same-dtype conversion
        }, Np.Linspace(0, 1, 12));
        var simple = DeadCodeElimination.Run(JaxprCompiler.Rewrite(j, RewritePasses.Simplification));
        Assert.Equal(1, Count(simple, "reshape"));
        Assert.Equal(0, Count(simple, "neg"));
        Assert.Equal(0, Count(simple, "stop_gradient"));
        Assert.Equal(0, Count(simple, "mul"));
        Assert.Equal(0, Count(simple, "add"));
        NumericAssert.Identical(Eval(j, args), Eval(simple, args));
    }

    [Fact]
    public void Lossy_conversion_chains_are_kept()
    {
        // f64 -> f32 -> f64 rounds: it must not collapse into nothing.
        var (j, args) = Stage(x => x.AsType(DType.Float32).AsType(DType.Float64), Np.Array(0.1, 1.0 / 3.0));
        var simple = DeadCodeElimination.Run(JaxprCompiler.Rewrite(j, RewritePasses.Simplification));
        Assert.Equal(2, Count(simple, "convert_element_type"));
        NumericAssert.Identical(Eval(j, args), Eval(simple, args));
        // f32 -> f64 -> f32 is lossless: one conversion remains (to f32: nothing at all).
        var (k, kargs) = Stage(x => (x.AsType(DType.Float64) * 2.0).AsType(DType.Float32), Np.Array(0.1f, 3f));
        NumericAssert.Identical(Eval(k, kargs), Eval(DeadCodeElimination.Run(JaxprCompiler.Rewrite(k, RewritePasses.Simplification)), kargs));
    }

    [Fact]
    public void Derivative_zeros_and_ones_disappear_from_gradients()
    {
        var (j, args) = Stage(Jax.Grad((NDArray x) => Np.Sum(Np.Sin(x))), Np.Linspace(0, 1, 5));
        var simple = DeadCodeElimination.Run(JaxprCompiler.Rewrite(j, RewritePasses.Simplification));
        Assert.True(simple.Jaxpr.Equations.Count < j.Jaxpr.Equations.Count);
        NumericAssert.Identical(Eval(j, args), Eval(simple, args));
    }
}
