using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Functional.AD.Properties.Optim;

using Optim = Functional.AD.Optim;

/// <summary>Parameters of a small linear model, as a user would declare them.</summary>
public sealed record LinearModel(NDArray W, NDArray B);

/// <summary>
/// Optimizer states as pytrees, updates under Jit equal to eager ones, records of parameters, schedules against
/// their closed forms, clipping, masking, gradient accumulation and convergence.
/// </summary>
public class OptimStructureTests
{
    private static readonly NDArray X = Np.FromFlat(new float[] { 0.5f, -1f, 2f, 1.5f, 0.25f, -0.75f }, [3, 2]);
    private static readonly NDArray Y = Np.FromFlat(new float[] { 1f, 0f, -1f }, [3]);

    private static NDArray Loss(LinearModel p) => Np.Mean(Np.Square(Np.Matmul(X, p.W).Reshape(-1) + p.B - Y));

    private static LinearModel Start() => new(Np.FromFlat(new float[] { 0.1f, -0.2f }, [2, 1]), Np.Array(0.05f));

    public static TheoryData<string> Optimizers() => new(AllOptimizers.Keys);

    private static readonly Dictionary<string, Func<GradientTransformation>> AllOptimizers = new()
    {
        ["sgd"] = () => Optim.Sgd(0.1, 0.9, nesterov: true),
        ["adam"] = () => Optim.Adam(Optim.WarmupCosineDecaySchedule(0.0, 0.1, 2, 10)),
        ["adamw"] = () => Optim.AdamW(0.05, mask: p => p.Rank > 1),
        ["adamax"] = () => Optim.Adamax(0.05),
        ["nadam"] = () => Optim.Nadam(0.05),
        ["radam"] = () => Optim.Radam(0.05, b2: 0.9),
        ["rmsprop"] = () => Optim.Rmsprop(0.01, centered: true, momentum: 0.9),
        ["adagrad"] = () => Optim.Adagrad(0.1),
        ["adadelta"] = () => Optim.Adadelta(1.0, weightDecay: 0.01),
        ["lamb"] = () => Optim.Lamb(0.05, weightDecay: 0.01),
        ["lion"] = () => Optim.Lion(0.01),
        ["clipped"] = () => Optim.Chain(Optim.ClipByGlobalNorm(0.1), Optim.AddDecayedWeights(Optim.LinearSchedule(0.1, 0.0, 5)), Optim.Sgd(0.1)),
        ["multisteps"] = () => new MultiSteps(Optim.Adam(0.1), 2).GradientTransformation(),
    };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void A_jitted_training_step_equals_the_eager_one(string name)
    {
        var opt = AllOptimizers[name]();
        (LinearModel, OptState) Step((LinearModel P, OptState S) ps)
        {
            var g = Jax.Grad<LinearModel>(Loss)(ps.P);
            var (u, s) = opt.Update(g, ps.S, ps.P);
            return (Optim.ApplyUpdates(ps.P, u), s);
        }
        var jitted = Jax.Jit<(LinearModel, OptState), (LinearModel, OptState)>(Step);
        var eager = (Start(), opt.Init(Start()));
        var staged = eager;
        for (int i = 0; i < 5; i++)
        {
            eager = Step(eager);
            staged = jitted(staged);
        }
        Assert.IsType<LinearModel>(staged.Item1);
        Assert.Equal(eager.Item2.GetType(), staged.Item2.GetType());
        var expected = Tree.Leaves(eager);
        var actual = Tree.Leaves(staged);
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].DType, actual[i].DType);
            NumericAssert.AllClose(expected[i], actual[i], 1e-5, 1e-6, $"{name} leaf {i}");
        }
        Assert.True((double)Loss(staged.Item1) < (double)Loss(Start()), $"{name} should lower the loss");
    }

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void A_jitted_step_is_traced_once_the_state_keeping_its_dtypes_and_weak_types(string name)
    {
        var opt = AllOptimizers[name]();
        int traces = 0;
        var step = Jax.Jit<(LinearModel P, OptState S), (LinearModel, OptState)>(ps =>
        {
            traces++;
            var (u, s) = opt.Update(Jax.Grad<LinearModel>(Loss)(ps.P), ps.S, ps.P);
            return (Optim.ApplyUpdates(ps.P, u), s);
        });
        var state = (Start(), opt.Init(Start()));
        for (int i = 0; i < 4; i++) state = step(state);
        Assert.Equal(1, traces);
    }

    [Fact]
    public void The_state_is_a_pytree_with_one_moment_per_parameter_leaf()
    {
        var p = Start();
        Assert.Equal(1 + 2 + 2, Tree.Leaves(Optim.Adam(1e-3).Init(p)).Count);          // count, mu, nu
        Assert.Equal(2, Tree.Leaves(Optim.Sgd(1e-3, 0.9).Init(p)).Count);              // the trace
        Assert.Empty(Tree.Leaves(Optim.Sgd(1e-3).Init(p)));
        Assert.Equal(1 + 2 + 2 + 1, Tree.Leaves(Optim.Adam(Optim.ConstantSchedule(1e-3)).Init(p)).Count);   // + the schedule's count
        var state = (ChainState)Optim.Adam(1e-3).Init(p);
        var adam = Assert.IsType<ScaleByAdamState>(state.States[0]);
        Assert.Equal(DType.Int32, adam.Count.DType);
        Assert.Equal(DType.Float32, adam.Mu[0].DType);
        Assert.Equal(new Shape(2, 1), adam.Nu[0].Shape);
        var (leaves, def) = Tree.Flatten<OptState>(state);
        var rebuilt = def.Unflatten<OptState>(leaves);
        Assert.IsType<ChainState>(rebuilt);
    }

    [Fact]
    public void Updates_keep_the_structure_and_dtype_of_a_record()
    {
        var p = Start();
        var opt = Optim.Adam(0.1);
        var g = Jax.Grad<LinearModel>(Loss)(p);
        var (u, _) = opt.Update(g, opt.Init(p));
        Assert.IsType<LinearModel>(u);
        Assert.Equal(DType.Float32, u.W.DType);
        Assert.Equal(p.W.Shape, u.W.Shape);
        var next = Optim.ApplyUpdates(p, u);
        Assert.Equal(DType.Float32, next.B.DType);
        // Adam's first step moves every element by the learning rate against its gradient's sign.
        var gw = g.W.ToArray<float>();
        var dw = u.W.ToArray<float>();
        for (int i = 0; i < gw.Length; i++) Assert.Equal(-0.1 * Math.Sign(gw[i]), dw[i], 1e-4);
    }

    [Fact]
    public void Adam_converges_on_a_quadratic()
    {
        var target = Np.Array(1.0, -2.0, 3.0, 0.5);
        NDArray F(NDArray x) => Np.Sum(Np.Square(x - target) * Np.Array(1.0, 10.0, 0.1, 3.0));
        var opt = Optim.Adam(0.05);
        var step = Jax.Jit<(NDArray, OptState), (NDArray, OptState)>(ps =>
        {
            var (u, s) = opt.Update(Jax.Grad(F)(ps.Item1), ps.Item2);
            return (Optim.ApplyUpdates(ps.Item1, u), s);
        });
        var state = (Np.Zeros([4]), opt.Init(Np.Zeros([4])));
        for (int i = 0; i < 2000; i++) state = step(state);
        NumericAssert.AllClose(target, state.Item1, 0, 1e-3, "Adam's minimizer");
    }

    [Fact]
    public void ClipByGlobalNorm_bounds_the_norm_and_keeps_small_updates() =>
        Prop.ForAll(
            Gen.Choose(-1000, 1000).Select(i => i / 100.0).ArrayOf().Where(a => a.Length > 0).ToArbitrary(),
            Gen.Choose(1, 500).Select(i => i / 100.0).ToArbitrary(),
            (double[] values, double maxNorm) =>
            {
                var g = (Np.Array(values), Np.Array(values.Select(v => v / 2).ToArray()));
                var clip = Optim.ClipByGlobalNorm(maxNorm);
                var (u, _) = clip.Update(g, clip.Init(g));
                double before = (double)Optim.GlobalNorm(g), after = (double)Optim.GlobalNorm(u);
                Assert.True(after <= maxNorm * (1 + 1e-12), $"norm {after} > {maxNorm}");
                if (before < maxNorm) Assert.Equal(Tree.Leaves(g)[0].ToArray<double>(), u.Item1.ToArray<double>());
                else Assert.Equal(maxNorm, after, 1e-9);
            }).QuickCheckThrowOnFailure();

    [Fact]
    public void Clip_bounds_every_element() =>
        Prop.ForAll(Gen.Choose(-1000, 1000).Select(i => i / 10.0).ArrayOf().Where(a => a.Length > 0).ToArbitrary(), values =>
        {
            var (u, _) = Optim.Clip(2.5).Update(Np.Array(values), new EmptyState());
            Assert.Equal(values.Select(v => Math.Clamp(v, -2.5, 2.5)).ToArray(), u.ToArray<double>());
        }).QuickCheckThrowOnFailure();

    private static double At(Schedule s, int step) => (double)s(Np.Scalar(step));

    [Fact]
    public void Schedules_match_their_closed_forms()
    {
        for (int t = 0; t <= 25; t++)
        {
            Assert.Equal(0.3, At(Optim.ConstantSchedule(0.3), t), 1e-12);
            double p = Math.Clamp(t - 2, 0, 10) / 10.0;
            Assert.Equal(1.0 + (0.1 - 1.0) * p, At(Optim.LinearSchedule(1.0, 0.1, 10, 2), t), 1e-12);
            Assert.Equal((1.0 - 0.1) * Math.Pow(1 - p, 2.5) + 0.1, At(Optim.PolynomialSchedule(1.0, 0.1, 2.5, 10, 2), t), 1e-12);
            double e = t - 3 <= 0 ? 2.0 : 2.0 * Math.Pow(0.5, (t - 3) / 4.0);
            Assert.Equal(e, At(Optim.ExponentialDecay(2.0, 4, 0.5, 3), t), 1e-12);
            Assert.Equal(t - 3 <= 0 ? 2.0 : 2.0 * Math.Pow(0.5, Math.Floor((t - 3) / 4.0)), At(Optim.ExponentialDecay(2.0, 4, 0.5, 3, staircase: true), t), 1e-12);
            Assert.Equal(Math.Max(e, 0.5), At(Optim.ExponentialDecay(2.0, 4, 0.5, 3, endValue: 0.5), t), 1e-12);
            double c = 0.5 * (1 + Math.Cos(Math.PI * Math.Min(t, 20) / 20.0));
            Assert.Equal(1.5 * ((1 - 0.1) * Math.Pow(c, 2.0) + 0.1), At(Optim.CosineDecaySchedule(1.5, 20, 0.1, 2.0), t), 1e-12);
            double w = t < 5 ? 0.1 + (1.0 - 0.1) * t / 5.0
                : 0.01 + (1.0 - 0.01) * 0.5 * (1 + Math.Cos(Math.PI * Math.Min(t - 5, 15) / 15.0));
            Assert.Equal(w, At(Optim.WarmupCosineDecaySchedule(0.1, 1.0, 5, 20, 0.01), t), 1e-12);
            double pc = 1.0 * (t >= 3 ? 0.5 : 1) * (t >= 10 ? 0.1 : 1);
            Assert.Equal(pc, At(Optim.PiecewiseConstantSchedule(1.0, new Dictionary<int, double> { [10] = 0.1, [3] = 0.5 }), t), 1e-12);
        }
    }

    [Fact]
    public void A_schedule_under_jit_follows_the_count_in_the_state()
    {
        var opt = Optim.Sgd(Optim.PiecewiseConstantSchedule(1.0, new Dictionary<int, double> { [2] = 0.5 }));
        var step = Jax.Jit<(NDArray, OptState), (NDArray, OptState)>(ps => opt.Update(Np.OnesLike(ps.Item1), ps.Item2));
        var state = opt.Init(Np.Zeros([2]));
        var seen = new List<double>();
        for (int i = 0; i < 4; i++)
        {
            var (u, s) = step((Np.Zeros([2]), state));
            state = s;
            seen.Add(u.ToArray<double>()[0]);
        }
        Assert.Equal(new[] { -1.0, -1.0, -0.5, -0.5 }, seen);
    }

    [Fact]
    public void Masked_transforms_only_the_selected_leaves()
    {
        var p = Start();
        var opt = Optim.Masked(Optim.AddDecayedWeights(0.5), (NDArray x) => x.Rank > 1);
        var g = new LinearModel(Np.ZerosLike(p.W), Np.ZerosLike(p.B));
        var (u, s) = opt.Update(g, opt.Init(p), p);
        Assert.Equal((p.W * 0.5).ToArray<float>(), u.W.ToArray<float>());
        Assert.Equal(0f, (float)u.B);
        var (u2, _) = Optim.Masked(Optim.Scale(3), [false, true]).Update(new LinearModel(Np.OnesLike(p.W), Np.OnesLike(p.B)), new MaskedState(new EmptyState()));
        Assert.Equal(1f, u2.W.ToArray<float>()[0]);
        Assert.Equal(3f, (float)u2.B);
    }

    [Fact]
    public void MultiSteps_accumulates_the_mean_and_updates_every_k_steps()
    {
        var ms = new MultiSteps(Optim.Sgd(1.0), 3, accumulatorDtype: DType.Float64);
        var p = Np.Zeros([1]);
        var state = ms.Init(p);
        var seen = new List<double>();
        var updated = new List<bool>();
        foreach (var g in new[] { 1.0, 2.0, 6.0, 4.0, 4.0, 10.0 })
        {
            var (u, s) = ms.Update(Np.Array(g), state, p);
            state = s;
            seen.Add(u.ToArray<double>()[0]);
            updated.Add((bool)ms.HasUpdated(state).ToArray<bool>()[0]);
        }
        Assert.Equal(new[] { 0.0, 0.0, -3.0, 0.0, 0.0, -6.0 }, seen);
        Assert.Equal(new[] { false, false, true, false, false, true }, updated);
        Assert.Equal(2, (int)state.GradientStep);
    }

    [Fact]
    public void A_wrong_state_is_rejected_with_a_message()
    {
        var e = Assert.Throws<ArgumentException>(() => Optim.Adam(0.1).Update(Np.Ones([2]), new EmptyState()));
        Assert.Contains("ChainState", e.Message);
        var e2 = Assert.Throws<ArgumentException>(() => Optim.AddDecayedWeights(0.1).Update(Np.Ones([2]), new EmptyState()));
        Assert.Contains("params", e2.Message);
    }
}
