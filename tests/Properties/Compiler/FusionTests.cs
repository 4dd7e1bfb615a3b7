using System;
using System.Linq;
using Xunit;
using static Functional.AD.Properties.Compiler.CompilerTestSupport;

namespace Functional.AD.Properties.Compiler;

/// <summary>Fusion planning and the tiled execution of fused groups.</summary>
public class FusionTests
{
    private static JaxprExecutable Compile(ClosedJaxpr j) => JaxprCompiler.Compile(j.Jaxpr);

    [Fact]
    public void An_elementwise_chain_and_its_reduction_become_one_fused_step()
    {
        Func<NDArray, NDArray> f = t => Np.Sum(Np.Tanh(t) * Np.Exp(-t * t) + Np.Sin(t));
        var (fj, fargs) = Stage(f, Np.Linspace(-1, 3, 3 * FusedStep.Tile + 17));   // not symmetric: the sum does not cancel to rounding noise
        var exe = Compile(fj);
        var step = Assert.Single(exe.Steps);
        Assert.IsType<FusedStep>(step);
        AssertSameValues(f(fargs[^1]), exe.Run(fargs)[0], 1e-12);
    }

    [Fact]
    public void Value_and_gradient_fuse_into_one_pass_over_many_tiles()
    {
        Func<NDArray, NDArray> f = t => Np.Sum(Np.Tanh(t) * Np.Exp(-t * t) + Np.Sin(t));
        foreach (var n in new[] { 1, 7, FusedStep.Tile, FusedStep.Tile + 1, 2 * FusedStep.Tile + 333 })
        {
            var x = Np.Linspace(-2, 2, n);
            var closed = Jax.MakeJaxpr<NDArray, (NDArray, NDArray)>(t => Jax.ValueAndGrad(f)(t))(x);
            var exe = JaxprCompiler.Compile(WithConstsAsInputs(closed));
            var outs = exe.Run(closed.Consts.Append(x).ToArray());
            var (value, grad) = Jax.ValueAndGrad(f)(x);
            AssertSameValues(value, outs[0], 1e-12);
            AssertSameValues(grad, outs[1], 1e-14);
            Assert.Equal(1, exe.Steps.Count(s => s is FusedStep));
        }
    }

    private static Jaxpr WithConstsAsInputs(ClosedJaxpr c) =>
        new(System.Collections.Immutable.ImmutableArray<Var>.Empty, ((System.Collections.Immutable.ImmutableArray<Var>)c.Jaxpr.ConstVarList).AddRange(c.Jaxpr.InVarList),
            c.Jaxpr.EquationList, c.Jaxpr.OutVarList, c.Jaxpr.VarCount);

    [Fact]
    public void Intermediates_needed_later_are_materialized_and_dependent_matmuls_split_groups()
    {
        var w = Np.Linspace(-1, 1, 64 * 64).Reshape(64, 64);
        Func<NDArray, NDArray> f = t =>
        {
            var h = Np.Tanh(t * 2.0 + 1.0);          // group 1
            var m = Np.Matmul(h, w);                 // reads group 1: splits
            return Np.Sum(Np.Sin(m) * h);            // group 2 reads h (materialized) and m
        };
        var x = Np.Linspace(-1, 1, 128 * 64).Reshape(128, 64);
        var (j, args) = Stage(f, x);
        var exe = Compile(j);
        Assert.Equal(2, exe.Steps.Count(s => s is FusedStep));
        AssertSameValues(f(x), exe.Run(args)[0], 1e-12);
    }

    [Fact]
    public void Independent_non_fusable_work_is_moved_before_a_group()
    {
        var w = Np.Linspace(-1, 1, 8 * 8).Reshape(8, 8);
        Func<NDArray, NDArray> f = t =>
        {
            var a = Np.Sin(t);
            var m = Np.Matmul(Np.Ones(new[] { 8, 8 }), w);   // independent of a
            return a * 2.0 + m;
        };
        var (j, args) = Stage(f, Np.Linspace(0, 1, 64).Reshape(8, 8));
        var exe = Compile(j);
        Assert.Single(exe.Steps, s => s is FusedStep);
        AssertSameValues(f(args[^1]), exe.Run(args)[0]);
    }

    [Fact]
    public void Uniform_values_and_reshapes_inside_a_group_are_exact()
    {
        Func<NDArray, NDArray> f = t =>
        {
            var c = Np.BroadcastTo(Np.Scalar(3.0), new[] { 2 * FusedStep.Tile }) * 2.0;   // uniform, computed once
            var r = Np.Reshape(t, new[] { 2, FusedStep.Tile });                            // free inside the group
            return Np.Reshape(r * 0.5, new[] { 2 * FusedStep.Tile }) + c - Np.Max(t);
        };
        var x = Np.Linspace(-3, 3, 2 * FusedStep.Tile);
        var (j, args) = Stage(f, x);
        AssertSameValues(f(x), Compile(j).Run(args)[0]);
    }
}

/// <summary>Large fused groups split their tiles across threads; the result does not depend on the thread count.</summary>
public class ParallelFusionTests
{
    [Fact]
    public void A_large_group_gives_the_same_bits_on_one_and_two_threads_and_matches_eager()
    {
        Func<NDArray, (NDArray, NDArray)> f = t =>
        {
            var h = Np.Tanh(t) * Np.Exp(-t * t) + Np.Sin(t);
            return (Np.Sum(h) + Np.Max(h) - Np.Min(t), h * 2.0);
        };
        int n = 5 * FusedStep.ParallelElements + 123;
        foreach (var dtype in new[] { DType.Float64, DType.Float32 })
        {
            var x = Np.Linspace(-2, 5, n).AsType(dtype);
            var (e0, e1) = f(x);
            int saved = Parallelism.MaxThreads;
            (NDArray, NDArray) one, two;
            try
            {
                Parallelism.MaxThreads = 1;
                one = Jax.Jit(f)(x);
                Parallelism.MaxThreads = 2;
                var jitted = Jax.Jit(f);
                two = jitted(x);
                for (int i = 0; i < 5; i++) Assert.Equal(two.Item1.ToArray<double>(), jitted(x).Item1.ToArray<double>());
            }
            finally { Parallelism.MaxThreads = saved; }
            Assert.Equal(one.Item1.ToArray<double>(), two.Item1.ToArray<double>());
            Assert.Equal(one.Item2.ToArray<double>(), two.Item2.ToArray<double>());
            Assert.Equal(e1.ToArray<double>(), two.Item2.ToArray<double>());      // elementwise: exact
            double tol = dtype == DType.Float32 ? 1e-4 : 1e-11;
            double ev = e0.ToArray<double>()[0], jv = two.Item1.ToArray<double>()[0];
            Assert.True(Math.Abs(ev - jv) <= tol * Math.Abs(ev), $"{dtype}: eager {ev:R}, jit {jv:R}");
        }
    }
}
