using System;
using System.Linq;
using FsCheck.Fluent;
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
        var (fj, fargs) = Stage(t => Np.Sum(Terms(t)), Np.Linspace(-1, 3, 3 * FusedStep.Tile + 17));
        var exe = Compile(fj);
        var step = Assert.Single(exe.Steps);
        Assert.IsType<FusedStep>(step);
        var x = fargs[^1];
        // The fused pass adds tile by tile, eager code in its own order: the two agree within the rounding of any order.
        NumericAssert.SumsClose(Np.Sum(Terms(x)), exe.Run(fargs)[0], new[] { AbsSum(Terms(x)) }, x.Size, termRoundings: TermRoundings);
    }

    /// <summary>The summed terms of the test function: tanh(t)·exp(−t²) + sin t.</summary>
    private static NDArray Terms(NDArray t) => Np.Tanh(t) * Np.Exp(-t * t) + Np.Sin(t);

    /// <summary>Roundings in one term (six operations, the kernels within 2 ulp): bounds how far two evaluations of a term may differ.</summary>
    private const int TermRoundings = 12;

    private static double AbsSum(NDArray terms) => (double)Np.Sum(Np.Abs(terms.AsType(DType.Float64)));

    [Fact]
    public void Value_and_gradient_fuse_into_one_pass_over_many_tiles()
    {
        Func<NDArray, NDArray> f = t => Np.Sum(Terms(t));
        foreach (var n in new[] { 1, 7, FusedStep.Tile, FusedStep.Tile + 1, 2 * FusedStep.Tile + 333 })
        {
            var x = Np.Linspace(-2, 2, n);   // symmetric, so the value is rounding noise: only a bound on any order's rounding can judge it
            var closed = Jax.MakeJaxpr<NDArray, (NDArray, NDArray)>(t => Jax.ValueAndGrad(f)(t))(x);
            var exe = JaxprCompiler.Compile(WithConstsAsInputs(closed));
            var outs = exe.Run(closed.Consts.Append(x).ToArray());
            var (value, grad) = Jax.ValueAndGrad(f)(x);
            NumericAssert.SumsClose(value, outs[0], new[] { AbsSum(Terms(x)) }, n, "value", TermRoundings);
            NumericAssert.AllClose(grad, outs[1], 1e-14, 1e-14, "gradient");   // elementwise: no summation
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
        NDArray Terms(NDArray t)
        {
            var h = Np.Tanh(t * 2.0 + 1.0);          // group 1
            var m = Np.Matmul(h, w);                 // reads group 1: splits
            return Np.Sin(m) * h;                    // group 2 reads h (materialized) and m, and sums
        }
        var x = Np.Linspace(-1, 1, 128 * 64).Reshape(128, 64);
        var (j, args) = Stage(t => Np.Sum(Terms(t)), x);
        var exe = Compile(j);
        Assert.Equal(2, exe.Steps.Count(s => s is FusedStep));
        // Each term also carries the rounding of a 64-term product, in whatever order the GEMM kernel adds.
        NumericAssert.SumsClose(Np.Sum(Terms(x)), exe.Run(args)[0], new[] { AbsSum(Terms(x)) }, x.Size, termRoundings: TermRoundings + 64);
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
        NumericAssert.Identical(f(args[^1]), exe.Run(args)[0]);
    }

    [Fact]
    public void A_size_one_value_widened_to_an_output_of_another_rank_compiles_and_equals_eager()
    {
        // Found by fuzzing: a size-1 input of rank 2 broadcast to [3,1,1] and reshaped to [3] is a uniform group
        // value whose output has a lower rank than its source.
        Func<NDArray, NDArray> f = v => Np.BroadcastTo(v, [3, 1, 1]).Reshape(3);
        var x = Np.Ones([1, 1]);
        NumericAssert.Identical(f(x), Jax.Jit(f)(x), "Jit");
        NumericAssert.Identical(f(x), Jax.Checkpoint(f)(x), "Checkpoint");
        var cases =
            from sourceRank in Gen.Choose(0, 3)
            from targetRank in Gen.Choose(0, 3)
            from target in Gen.ArrayOf(Gen.Choose(1, 4), targetRank)
            from scale in Gen.Elements(0.5, -2.0)
            select (Source: Enumerable.Repeat(1, sourceRank).ToArray(), Target: target, Scale: scale);
        PropertyCheck.ForAll(cases, c =>
        {
            if (c.Target.Length < c.Source.Length) return;   // numpy broadcasting never lowers the rank
            Func<NDArray, NDArray> g = v => Np.Reshape(Np.BroadcastTo(v * c.Scale, c.Target), [-1]) + 1.0;
            var s = Np.Full(c.Source, 3.0);
            NumericAssert.Identical(g(s), Jax.Jit(g)(s), $"Jit, source [{string.Join(",", c.Source)}] to [{string.Join(",", c.Target)}]");
            NumericAssert.Identical(Jax.Grad((NDArray v) => Np.Sum(g(v)))(s), Jax.Jit(Jax.Grad((NDArray v) => Np.Sum(g(v))))(s), "Jit(Grad)");
        });
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
        NumericAssert.Identical(f(x), Compile(j).Run(args)[0]);
    }

    /// <summary>
    /// A broadcast that repeats an operand over the leading axes (a bias over rows) runs inside the group that reads it,
    /// for every dtype, shapes whose tiles start mid-row, and the repeated value needed after the group; the results are
    /// the eager bits. A broadcast along a leading axis is not a repeat and stays a step of its own.
    /// </summary>
    [Fact]
    public void A_broadcast_repeating_trailing_axes_fuses_and_equals_eager()
    {
        var cases =
            from lead in Gen.Choose(1, 3)
            from rows in Gen.Elements(1, 3, 67, 700)
            from cols in Gen.Elements(2, 5, 32, 129)
            from dtype in Gen.Elements(DType.Float32, DType.Float64, DType.Int32, DType.Bool)
            from keepRepeat in Gen.Elements(false, true)
            select (lead, rows, cols, dtype, keepRepeat);
        PropertyCheck.ForAll(cases, t =>
        {
            int[] shape = t.lead == 1 ? [t.rows * t.cols] : t.lead == 2 ? [t.rows, t.cols] : [t.rows, 2, t.cols];
            int[] biasShape = t.lead == 1 ? [t.rows * t.cols] : [t.cols];   // lead 1: as many elements as the output (an alias)
            int size = shape.Aggregate(1, (a, b) => a * b), biasSize = biasShape.Aggregate(1, (a, b) => a * b);
            var x = Np.FromFlat(Enumerable.Range(0, size).Select(i => (double)((i * 7919) % 23 - 11)).ToArray(), shape).AsType(t.dtype);
            var b = Np.FromFlat(Enumerable.Range(0, biasSize).Select(i => (double)((i * 31) % 13 - 6)).ToArray(), biasShape).AsType(t.dtype);
            NDArray[] F(NDArray u, NDArray v)
            {
                var repeated = Np.BroadcastTo(v, shape);
                var sum = t.dtype == DType.Bool ? Np.Equal(u, repeated) : u * 2 + repeated;
                return t.keepRepeat ? [sum, repeated] : [sum];
            }
            var eager = F(x, b);
            var jitted = Jax.Jit<(NDArray, NDArray), NDArray[]>(a => F(a.Item1, a.Item2))((x, b));
            for (int i = 0; i < eager.Length; i++) NumericAssert.Identical(eager[i], jitted[i]);
            var closed = Jax.MakeJaxpr<(NDArray, NDArray), NDArray[]>(a => F(a.Item1, a.Item2))((x, b));
            var exe = Compile(new ClosedJaxpr(WithConstsAsInputs(closed), System.Collections.Immutable.ImmutableArray<NDArray>.Empty));
            Assert.DoesNotContain(exe.Steps, s => s.ToString() == "broadcast_in_dim");
        });

        // Along the leading axis: a [rows, 1] column repeated over columns is not a repeat of the operand.
        var m = Np.Linspace(-1, 1, 6 * 5).Reshape(6, 5);
        var col = Np.Linspace(0, 1, 6).Reshape(6, 1);
        Func<(NDArray, NDArray), NDArray> g = a => a.Item1 + Np.BroadcastTo(a.Item2, new[] { 6, 5 });
        NumericAssert.Identical(g((m, col)), Jax.Jit(g)((m, col)));
    }

    /// <summary>
    /// Comparisons (of floats with NaNs, ints and bools, against arrays and scalars), conversions between every
    /// dtype pair and integer powers run in fused groups through the primitives' own kernels: bit for bit the eager
    /// results, over several tiles.
    /// </summary>
    [Fact]
    public void Comparisons_conversions_and_integer_powers_fuse_and_equal_eager()
    {
        var cases =
            from dtype in Gen.Elements(DType.Float64, DType.Float32, DType.Int32, DType.Bool)
            from op in Gen.Choose(0, 5)
            from target in Gen.Elements(DType.Float64, DType.Float32, DType.Int32, DType.Bool)
            from power in Gen.Choose(-3, 5)
            from n in Gen.Elements(1, 7, FusedStep.Tile + 3)
            select (dtype, op, target, power, n);
        PropertyCheck.ForAll(cases, c =>
        {
            var x = (Np.Sin(Np.Linspace(-40, 40, c.n)) * 3.0).AsType(c.dtype);
            var y = (Np.Cos(Np.Linspace(-30, 50, c.n)) * 3.0).AsType(c.dtype);
            if (c.dtype == DType.Float64) x = Np.Where(Np.Linspace(0, 1, c.n) > 0.9, double.NaN, x);
            NDArray F(NDArray a, NDArray b)
            {
                var s = b[0];
                NDArray compared = c.op switch
                {
                    0 => Np.Equal(a, b), 1 => Np.NotEqual(a, s), 2 => Np.Less(s, b),
                    3 => Np.LessEqual(a, b), 4 => Np.Greater(a, s), _ => Np.GreaterEqual(a, b),
                };
                var converted = Np.Where(compared, a, b).AsType(c.target);
                var powered = c.dtype == DType.Bool || (c.dtype == DType.Int32 && c.power < 0) ? a : Ops.IntegerPow(a, c.power);
                return converted.AsType(DType.Float64) + powered.AsType(DType.Float64);
            }
            var eager = F(x, y);
            var jitted = Jax.Jit((Func<NDArray, NDArray, NDArray>)F)(x, y);
            NumericAssert.Identical(eager, jitted, $"{c}");
        }, maxTest: 150);
    }
}

/// <summary>Large fused groups split their tiles across threads; the result does not depend on the thread count.</summary>
[Collection(ProcessWideState.Name)]
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
            // sum(h) + max(h) - min(t): n + 2 terms; eager and fused code add them in different orders.
            var h = e1 / 2.0;
            double absSum = (double)Np.Sum(Np.Abs(h.AsType(DType.Float64))) + Math.Abs((double)Np.Max(h)) + Math.Abs((double)Np.Min(x));
            NumericAssert.SumsClose(e0, two.Item1, new[] { absSum }, n + 2, $"{dtype} value", termRoundings: 12);
            // The fused pass adds in the dtype within a tile and in f64 across tiles, so against the exact sum of the
            // same terms (added here in f64) it is off by at most the rounding of one tile's worth of terms.
            double exact = (double)Np.Sum(h.AsType(DType.Float64)) + (double)Np.Max(h) - (double)Np.Min(x);
            NumericAssert.SumClose(exact, two.Item1.ToArray<double>()[0], FusedStep.Tile + 3, absSum, dtype, $"{dtype} value against the f64 sum");
        }
    }
}
