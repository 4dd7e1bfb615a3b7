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

    /// <summary>The policy as the <c>checkpoint</c> equation prints it (JAX prints the default as <c>None</c>).</summary>
    internal string PrintedName => ReferenceEquals(this, NothingSaveable) ? "None" : _name;
}

public static partial class Jax
{
    /// <summary>
    /// Rematerialization: the same function, staged as the <c>checkpoint</c> primitive, whose intermediates are
    /// not kept for the backward pass (except those <paramref name="policy"/> allows) but recomputed there from
    /// its inputs. Values and derivatives are those of <paramref name="f"/>; a reverse-mode pass trades memory
    /// for the recomputation. Traced once per input signature, like <see cref="Jit(Func{NDArray, NDArray})"/>.
    /// </summary>
    /// <param name="f">The function.</param>
    /// <param name="policy">What may be saved; <see cref="CheckpointPolicy.NothingSaveable"/> when null.</param>
    /// <returns>The checkpointed function.</returns>
    public static Func<NDArray, NDArray> Checkpoint(Func<NDArray, NDArray> f, CheckpointPolicy? policy = null)
    {
        Guard.NotNull(f, "Jax.Checkpoint");
        return Checkpoint<NDArray, NDArray>(f, policy);
    }

    /// <summary>Rematerialization for a function of a pytree (see <see cref="Checkpoint(Func{NDArray, NDArray}, CheckpointPolicy?)"/>).</summary>
    /// <typeparam name="TIn">The argument pytree.</typeparam>
    /// <typeparam name="TOut">The result pytree.</typeparam>
    /// <param name="f">The function.</param>
    /// <param name="policy">What may be saved; <see cref="CheckpointPolicy.NothingSaveable"/> when null.</param>
    /// <returns>The checkpointed function.</returns>
    public static Func<TIn, TOut> Checkpoint<TIn, TOut>(Func<TIn, TOut> f, CheckpointPolicy? policy = null)
    {
        Guard.NotNull(f, "Jax.Checkpoint");
        var chosen = policy ?? CheckpointPolicy.NothingSaveable;
        return new StagedFunction<TIn, TOut>(f, NameOf(f), "Checkpoint", CheckpointPrimitive.Instance,
            t => new CheckpointParams(t.Jaxpr, chosen, Differentiated: false)).Call;
    }
}
