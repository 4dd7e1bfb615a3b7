using System;
using System.Collections.Generic;
using System.Collections.Immutable;

namespace Functional.AD;

/// <summary>
/// An optax-style gradient transformation: <see cref="Init{TParams}"/> makes the optimizer state from the
/// parameters and <see cref="Update{TParams}(TParams, OptState, TParams)"/> turns gradients into updates (to be
/// added to the parameters with <see cref="Optim.ApplyUpdates{T}"/>) and the next state. Both are pure functions:
/// the state is a pytree (records of arrays), so a whole training step, gradient and update, runs inside one
/// <see cref="Jax.Jit{TIn, TOut}(Func{TIn, TOut})"/>. A transformation works leaf by leaf on the flattened
/// parameters, so per-leaf quantities in a state (moments, traces) are lists with one array per leaf of the
/// parameters, in <see cref="Tree.Leaves{T}"/> order.
/// </summary>
public sealed class GradientTransformation
{
    private readonly Func<IReadOnlyList<NDArray>, OptState> init;
    private readonly Func<IReadOnlyList<NDArray>, OptState, IReadOnlyList<NDArray>?, (IReadOnlyList<NDArray> Updates, OptState State)> update;

    /// <summary>
    /// A transformation from its two functions over leaf lists: <paramref name="init"/> makes the state from the
    /// parameters' leaves, and <paramref name="update"/> takes the updates' leaves, the state and the parameters'
    /// leaves (null when the caller passed no parameters) and returns new update leaves (as many, same shapes) and the
    /// next state.
    /// </summary>
    /// <exception cref="ArgumentNullException">A function is null.</exception>
    public GradientTransformation(
        Func<IReadOnlyList<NDArray>, OptState> init,
        Func<IReadOnlyList<NDArray>, OptState, IReadOnlyList<NDArray>?, (IReadOnlyList<NDArray> Updates, OptState State)> update)
    {
        this.init = Guard.NotNull(init, "GradientTransformation");
        this.update = Guard.NotNull(update, "GradientTransformation");
    }

    /// <summary>The initial state for the parameters <paramref name="params"/> (any pytree).</summary>
    /// <exception cref="ArgumentException"><paramref name="params"/> is not a pytree.</exception>
    public OptState Init<TParams>(TParams @params)
    {
        var (leaves, _) = Tree.FlattenArgs(@params, "GradientTransformation.Init", allowNumberLeaves: true);
        return InitLeaves(leaves);
    }

    /// <summary>
    /// The updates for the gradients <paramref name="updates"/> and the next state, for transformations that do
    /// not read the parameters (the ones that do, such as <see cref="Optim.AddDecayedWeights(double, Func{NDArray, bool})"/>,
    /// fail with a message saying to pass them).
    /// </summary>
    public (TParams Updates, OptState State) Update<TParams>(TParams updates, OptState state)
    {
        Guard.NotNull(state, "GradientTransformation.Update");
        var (leaves, def) = Tree.FlattenArgs(updates, "GradientTransformation.Update", allowNumberLeaves: true);
        var (result, next) = UpdateLeaves(leaves, state, null);
        return (def.Build<TParams>(ToArray(result), "GradientTransformation.Update"), next);
    }

    /// <summary>The updates for the gradients <paramref name="updates"/> at the parameters <paramref name="params"/>, and the next state.</summary>
    /// <exception cref="ArgumentException">The updates and the parameters have different structures.</exception>
    public (TParams Updates, OptState State) Update<TParams>(TParams updates, OptState state, TParams @params)
    {
        Guard.NotNull(state, "GradientTransformation.Update");
        var (leaves, def) = Tree.FlattenArgs(updates, "GradientTransformation.Update", allowNumberLeaves: true);
        var (paramLeaves, paramDef) = Tree.FlattenArgs(@params, "GradientTransformation.Update", allowNumberLeaves: true);
        if (!def.Equals(paramDef))
            throw new ArgumentException($"GradientTransformation.Update: the updates have structure {def} but the parameters {paramDef}");
        var (result, next) = UpdateLeaves(leaves, state, paramLeaves);
        return (def.Build<TParams>(ToArray(result), "GradientTransformation.Update"), next);
    }

    internal OptState InitLeaves(IReadOnlyList<NDArray> @params) =>
        init(@params) ?? throw new InvalidOperationException("GradientTransformation.Init: the init function returned null");

    internal (IReadOnlyList<NDArray> Updates, OptState State) UpdateLeaves(IReadOnlyList<NDArray> updates, OptState state, IReadOnlyList<NDArray>? @params)
    {
        var (result, next) = update(updates, state, @params);
        if (result is null || next is null)
            throw new InvalidOperationException("GradientTransformation.Update: the update function returned null");
        if (result.Count != updates.Count)
            throw new InvalidOperationException($"GradientTransformation.Update: the update function returned {result.Count} updates for {updates.Count} gradients");
        return (result, next);
    }

    private static NDArray[] ToArray(IReadOnlyList<NDArray> list)
    {
        if (list is NDArray[] array) return (NDArray[])array.Clone();
        var copy = new NDArray[list.Count];
        for (int i = 0; i < copy.Length; i++) copy[i] = list[i];
        return copy;
    }
}

/// <summary>
/// A learning-rate schedule, as optax's <c>Schedule</c>: the value at step <c>count</c> (a 0-d integer array,
/// traced under <see cref="Jax.Jit{TIn, TOut}(Func{TIn, TOut})"/> when the step count lives in an optimizer state).
/// </summary>
public delegate NDArray Schedule(NDArray count);

/// <summary>
/// optax's <c>ScalarOrSchedule</c>: a fixed number or a <see cref="Schedule"/>, accepted wherever a learning rate
/// is. Converts implicitly from <c>double</c>, <c>float</c>, <c>int</c> and <see cref="Schedule"/>.
/// </summary>
public readonly struct ScalarOrSchedule
{
    private ScalarOrSchedule(double value, Schedule? schedule)
    {
        Value = value;
        Schedule = schedule;
    }

    /// <summary>The fixed value (meaningful when <see cref="Schedule"/> is null).</summary>
    public double Value { get; }

    /// <summary>The schedule, or null for a fixed value.</summary>
    public Schedule? Schedule { get; }

    /// <summary>Whether this is a schedule rather than a fixed value.</summary>
    public bool IsSchedule => Schedule is not null;

    /// <summary>A fixed value.</summary>
    public static implicit operator ScalarOrSchedule(double value) => new(value, null);

    /// <summary>A fixed value.</summary>
    public static implicit operator ScalarOrSchedule(float value) => new(value, null);

    /// <summary>A fixed value.</summary>
    public static implicit operator ScalarOrSchedule(int value) => new(value, null);

    /// <summary>A schedule.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="schedule"/> is null.</exception>
    public static implicit operator ScalarOrSchedule(Schedule schedule) => new(0, Guard.NotNull(schedule, "ScalarOrSchedule"));

    /// <inheritdoc/>
    public override string ToString() => Schedule is null ? Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : "schedule";
}

/// <summary>
/// The state of a <see cref="GradientTransformation"/>: one of the records below (optax's state named tuples), all
/// pytrees. Pass it through <see cref="Jax.Jit{TIn, TOut}(Func{TIn, TOut})"/> as part of the argument and result.
/// </summary>
public abstract record OptState
{
    static OptState()
    {
        // A record without members is not a pytree by the record rule (nothing to rebuild it from), so the empty
        // state is registered as a node with no children.
        Tree.Register<EmptyState>(_ => System.Array.Empty<object?>(), _ => new EmptyState());
    }
}

/// <summary>The state of a stateless transformation (optax's <c>EmptyState</c>).</summary>
public sealed record EmptyState() : OptState;

/// <summary>The states of the transformations of a <see cref="Optim.Chain"/>, in order.</summary>
/// <param name="States">One state per chained transformation.</param>
public sealed record ChainState(ImmutableArray<OptState> States) : OptState;

/// <summary>The state of <see cref="Optim.Trace"/>: the momentum, one array per parameter leaf.</summary>
/// <param name="Trace">The accumulated momentum.</param>
public sealed record TraceState(ImmutableArray<NDArray> Trace) : OptState;

/// <summary>The state of <see cref="Optim.ScaleBySchedule"/> and of a scheduled learning rate: the step count.</summary>
/// <param name="Count">The number of updates so far (i32, 0-d).</param>
public sealed record ScaleByScheduleState(NDArray Count) : OptState;

/// <summary>The state of <see cref="Optim.AddDecayedWeights(Schedule, Func{NDArray, bool})"/> with a scheduled weight decay: the step count.</summary>
/// <param name="Count">The number of updates so far (i32, 0-d).</param>
public sealed record WeightDecaySchedule(NDArray Count) : OptState;

/// <summary>The state of <see cref="Optim.ScaleByAdam"/>, <see cref="Optim.ScaleByAdamax"/> and <see cref="Optim.ScaleByRadam"/>.</summary>
/// <param name="Count">The number of updates so far (i32, 0-d).</param>
/// <param name="Mu">The first moment, one array per parameter leaf.</param>
/// <param name="Nu">The second (or infinity) moment, one array per parameter leaf.</param>
public sealed record ScaleByAdamState(NDArray Count, ImmutableArray<NDArray> Mu, ImmutableArray<NDArray> Nu) : OptState;

/// <summary>The state of <see cref="Optim.ScaleByLion"/>.</summary>
/// <param name="Count">The number of updates so far (i32, 0-d).</param>
/// <param name="Mu">The momentum, one array per parameter leaf.</param>
public sealed record ScaleByLionState(NDArray Count, ImmutableArray<NDArray> Mu) : OptState;

/// <summary>The state of <see cref="Optim.ScaleByRms"/> without bias correction.</summary>
/// <param name="Nu">The running mean of squared gradients, one array per parameter leaf.</param>
public sealed record ScaleByRmsState(ImmutableArray<NDArray> Nu) : OptState;

/// <summary>The state of <see cref="Optim.ScaleByRms"/> with bias correction.</summary>
/// <param name="Count">The number of updates so far (i32, 0-d).</param>
/// <param name="Nu">The running mean of squared gradients, one array per parameter leaf.</param>
public sealed record ScaleByRmsWithCountState(NDArray Count, ImmutableArray<NDArray> Nu) : OptState;

/// <summary>The state of <see cref="Optim.ScaleByStddev"/> without bias correction.</summary>
/// <param name="Mu">The running mean of gradients.</param>
/// <param name="Nu">The running mean of squared gradients.</param>
public sealed record ScaleByRStdDevState(ImmutableArray<NDArray> Mu, ImmutableArray<NDArray> Nu) : OptState;

/// <summary>The state of <see cref="Optim.ScaleByStddev"/> with bias correction.</summary>
/// <param name="Count">The number of updates so far (i32, 0-d).</param>
/// <param name="Mu">The running mean of gradients.</param>
/// <param name="Nu">The running mean of squared gradients.</param>
public sealed record ScaleByRStdDevWithCountState(NDArray Count, ImmutableArray<NDArray> Mu, ImmutableArray<NDArray> Nu) : OptState;

/// <summary>The state of <see cref="Optim.ScaleByRss"/> (Adagrad).</summary>
/// <param name="SumOfSquares">The sum of squared gradients, one array per parameter leaf.</param>
public sealed record ScaleByRssState(ImmutableArray<NDArray> SumOfSquares) : OptState;

/// <summary>The state of <see cref="Optim.ScaleByAdadelta"/>.</summary>
/// <param name="EG">The running mean of squared gradients.</param>
/// <param name="EX">The running mean of squared updates.</param>
public sealed record ScaleByAdaDeltaState(ImmutableArray<NDArray> EG, ImmutableArray<NDArray> EX) : OptState;

/// <summary>The state of <see cref="Optim.Masked(GradientTransformation, Func{NDArray, bool})"/>: the inner state, over the masked leaves only.</summary>
/// <param name="InnerState">The state of the inner transformation.</param>
public sealed record MaskedState(OptState InnerState) : OptState;

/// <summary>The state of <see cref="MultiSteps"/>.</summary>
/// <param name="MiniStep">The number of gradients accumulated since the last inner update (i32, 0-d).</param>
/// <param name="GradientStep">The number of inner updates so far (i32, 0-d).</param>
/// <param name="InnerOptState">The state of the inner optimizer.</param>
/// <param name="AccGrads">The accumulated gradients, one array per parameter leaf.</param>
public sealed record MultiStepsState(NDArray MiniStep, NDArray GradientStep, OptState InnerOptState, ImmutableArray<NDArray> AccGrads) : OptState;
