using System;
using System.Collections.Generic;
using System.Collections.Immutable;

namespace Functional.AD;

/// <summary>
/// optax's <c>MultiSteps</c>: gradient accumulation. Each call of <see cref="Update{TParams}"/> adds the gradients
/// to an accumulator; every k-th call hands the accumulated gradients (their mean, or their sum) to the inner
/// optimizer and returns its updates, the other calls return zero updates and keep the inner state. Everything is
/// selected with <c>where</c>, so it runs under <see cref="Jax.Jit{TIn, TOut}(Func{TIn, TOut})"/>.
/// </summary>
public sealed class MultiSteps
{
    private readonly GradientTransformation opt;
    private readonly Func<NDArray, NDArray> everyK;
    private readonly bool useGradMean;
    private readonly DType accumulatorDtype;

    /// <summary>Accumulates <paramref name="everyKSchedule"/> gradients per inner update.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="opt"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="everyKSchedule"/> is not positive.</exception>
    public MultiSteps(GradientTransformation opt, int everyKSchedule, bool useGradMean = true, DType accumulatorDtype = DType.Float32)
        : this(opt, useGradMean, accumulatorDtype, _ => Np.Scalar(everyKSchedule))
    {
        if (everyKSchedule <= 0) throw new ArgumentException("MultiSteps: everyKSchedule must be positive");
    }

    /// <summary>Accumulates as many gradients per inner update as <paramref name="everyKSchedule"/> gives (an integer) at the inner step count.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public MultiSteps(GradientTransformation opt, Schedule everyKSchedule, bool useGradMean = true, DType accumulatorDtype = DType.Float32)
        : this(opt, useGradMean, accumulatorDtype, WrapSchedule(everyKSchedule))
    {
    }

    private MultiSteps(GradientTransformation opt, bool useGradMean, DType accumulatorDtype, Func<NDArray, NDArray> everyK)
    {
        this.opt = Guard.NotNull(opt, "MultiSteps");
        this.everyK = everyK;
        this.useGradMean = useGradMean;
        this.accumulatorDtype = accumulatorDtype;
    }

    private static Func<NDArray, NDArray> WrapSchedule(Schedule schedule)
    {
        Guard.NotNull(schedule, "MultiSteps", "everyKSchedule");
        return step => schedule(step).AsType(DType.Int32);
    }

    /// <summary>The inner optimizer.</summary>
    public GradientTransformation InnerOpt => opt;

    /// <summary>The initial state: zero counts, the inner optimizer's state and zero accumulators.</summary>
    public MultiStepsState Init<TParams>(TParams @params)
    {
        var (leaves, _) = Tree.FlattenArgs(@params, "MultiSteps.Init", allowNumberLeaves: true);
        return InitLeaves(leaves);
    }

    /// <summary>Accumulates <paramref name="updates"/>; returns the inner optimizer's updates on every k-th call, zeros otherwise.</summary>
    public (TParams Updates, MultiStepsState State) Update<TParams>(TParams updates, MultiStepsState state, TParams @params)
    {
        Guard.NotNull(state, "MultiSteps.Update");
        var (leaves, def) = Tree.FlattenArgs(updates, "MultiSteps.Update", allowNumberLeaves: true);
        var (paramLeaves, _) = Tree.FlattenArgs(@params, "MultiSteps.Update", allowNumberLeaves: true);
        var (result, next) = UpdateLeaves(leaves, state, paramLeaves);
        return (def.Build<TParams>(result, "MultiSteps.Update"), next);
    }

    /// <summary>Whether the last <see cref="Update{TParams}"/> applied the inner optimizer (a bool 0-d array).</summary>
    public NDArray HasUpdated(MultiStepsState state)
    {
        Guard.NotNull(state, "MultiSteps.HasUpdated");
        return Np.LogicalAnd(Np.Equal(state.MiniStep, 0), state.GradientStep > 0);
    }

    /// <summary>This accumulation as a <see cref="Functional.AD.GradientTransformation"/> (its state a <see cref="MultiStepsState"/>).</summary>
    public GradientTransformation GradientTransformation() =>
        new(p => InitLeaves(p), (u, s, p) =>
        {
            var (r, next) = UpdateLeaves(u, s as MultiStepsState
                ?? throw new ArgumentException($"MultiSteps: expected a MultiStepsState but got a {s.GetType().Name}"), p);
            return (r, next);
        });

    private MultiStepsState InitLeaves(IReadOnlyList<NDArray> @params)
    {
        var acc = ImmutableArray.CreateBuilder<NDArray>(@params.Count);
        foreach (var p in @params) acc.Add(Np.Zeros(p.Shape.ToArray(), accumulatorDtype));
        return new MultiStepsState(Np.Scalar(0), Np.Scalar(0), opt.InitLeaves(@params), acc.MoveToImmutable());
    }

    private (NDArray[] Updates, MultiStepsState State) UpdateLeaves(IReadOnlyList<NDArray> updates, MultiStepsState state, IReadOnlyList<NDArray>? @params)
    {
        if (state.AccGrads.Length != updates.Count)
            throw new ArgumentException($"MultiSteps.Update: the state accumulates {state.AccGrads.Length} leaves but {updates.Count} gradients were passed");
        var k = everyK(state.GradientStep);
        var acc = new NDArray[updates.Count];
        var cast = new NDArray[updates.Count];
        for (int i = 0; i < acc.Length; i++)
        {
            var g = updates[i];
            var a = state.AccGrads[i];
            // The mean by Welford's running update, a + (g - a) / (n + 1), or the plain sum.
            acc[i] = useGradMean ? a + (g - a) / (state.MiniStep + 1).AsType(a.DType == DType.Float64 || g.DType == DType.Float64 ? DType.Float64 : DType.Float32) : a + g;
            cast[i] = acc[i].DType == g.DType ? acc[i] : acc[i].AsType(g.DType);
        }
        var (inner, innerState) = opt.UpdateLeaves(cast, state.InnerOptState, @params);
        var emit = Np.Equal(state.MiniStep, k - 1);
        var keptState = Tree.Map((old, fresh) => Np.Where(emit, fresh, old).AsType(old.DType), state.InnerOptState, innerState);
        var nextAcc = ImmutableArray.CreateBuilder<NDArray>(acc.Length);
        foreach (var a in acc) nextAcc.Add(Np.Where(emit, Np.ZerosLike(a), a).AsType(accumulatorDtype));
        var result = new NDArray[inner.Count];
        for (int i = 0; i < result.Length; i++) result[i] = Np.Where(emit, inner[i], Np.ZerosLike(inner[i]));
        var next = new MultiStepsState(
            Np.Remainder(Optim.SafeIncrement(state.MiniStep), k),
            Np.Where(emit, Optim.SafeIncrement(state.GradientStep), state.GradientStep),
            keptState,
            nextAcc.MoveToImmutable());
        return (result, next);
    }
}
