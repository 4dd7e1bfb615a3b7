using System;

namespace Functional.AD;

/// <summary>Which intermediate values a checkpointed function keeps for the backward pass; the rest are recomputed.</summary>
public sealed class CheckpointPolicy
{
    private readonly string _name;

    private CheckpointPolicy(string name) => _name = name;

    /// <summary>Keep nothing: recompute every intermediate on the backward pass (the default).</summary>
    public static CheckpointPolicy NothingSaveable { get; } = new("nothing_saveable");

    /// <summary>Keep the outputs of matrix products (<c>dot_general</c>); recompute the rest.</summary>
    public static CheckpointPolicy DotsSaveable { get; } = new("dots_saveable");

    /// <summary>Keep everything: the same as not checkpointing.</summary>
    public static CheckpointPolicy EverythingSaveable { get; } = new("everything_saveable");

    /// <summary>The policy's name as JAX prints it.</summary>
    public override string ToString() => _name;
}

public static partial class Jax
{
    /// <summary>Rematerialization: the function's intermediates are recomputed on the backward pass instead of stored.</summary>
    public static Func<NDArray, NDArray> Checkpoint(Func<NDArray, NDArray> f, CheckpointPolicy? policy = null) =>
        throw NotYet.Feature("Jax.Checkpoint", "rematerialization");

    /// <summary>Rematerialization for a function of a pytree.</summary>
    public static Func<TIn, TOut> Checkpoint<TIn, TOut>(Func<TIn, TOut> f, CheckpointPolicy? policy = null) =>
        throw NotYet.Feature("Jax.Checkpoint", "rematerialization");
}
