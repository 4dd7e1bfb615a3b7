using System;
using static Functional.AD.Jax;

namespace Functional.AD.Samples.Mlp;

/// <summary>
/// Everything that changes from one training step to the next: the parameters and the optimizer's state (for SGD
/// with momentum, one velocity per parameter). Both are pytrees, so the whole state goes through <c>Jit</c> as one
/// argument and comes back as one result.
/// </summary>
/// <param name="Params">The network's layers.</param>
/// <param name="Opt">The optimizer state, as <c>GradientTransformation.Init</c> made it and <c>Update</c> advances it.</param>
public sealed record TrainState(Dense[] Params, OptState Opt);

/// <summary>
/// A training step around an optax-style optimizer: the loss and its gradient, the optimizer's update, and the
/// updated parameters. <see cref="Step"/> is an ordinary C# function of arrays; <see cref="Jitted"/> is the same
/// function compiled with <c>Jax.Jit</c>: traced once into a jaxpr (forward pass, backward pass and optimizer update
/// together), optimized, and from then on run as one compiled program per call.
/// </summary>
public sealed class Trainer
{
    private static readonly Func<Dense[], Dataset, (NDArray Value, Dense[] Grad)> LossAndGrad =
        ValueAndGrad<Dense[], Dataset>(Network.Loss);

    private readonly GradientTransformation optimizer;

    /// <summary>Wraps <paramref name="optimizer"/> (e.g. <c>Optim.Sgd(0.2, momentum: 0.9)</c>) and jits the step.</summary>
    public Trainer(GradientTransformation optimizer)
    {
        this.optimizer = optimizer;
        Jitted = Jit<TrainState, Dataset, (NDArray Loss, TrainState State)>(Step);
    }

    /// <summary>The jitted training step: same inputs and results as <see cref="Step"/>.</summary>
    public Func<TrainState, Dataset, (NDArray Loss, TrainState State)> Jitted { get; }

    /// <summary>The state at the start of training: the given parameters and the optimizer's initial state.</summary>
    public TrainState Start(Dense[] parameters) => new(parameters, optimizer.Init(parameters));

    /// <summary>One training step on a batch: the loss at the current parameters (before the update) and the next state.</summary>
    public (NDArray Loss, TrainState State) Step(TrainState state, Dataset batch)
    {
        var (loss, grads) = LossAndGrad(state.Params, batch);
        var (updates, opt) = optimizer.Update(grads, state.Opt, state.Params);
        return (loss, new TrainState(Optim.ApplyUpdates(state.Params, updates), opt));
    }
}

/// <summary>Evaluation helpers around a jitted prediction function.</summary>
public static class Evaluation
{
    /// <summary>Network.Predict compiled once per input shape (the training set, the test set, the plot grid).</summary>
    public static readonly Func<Dense[], NDArray, NDArray> Predict = Jit<Dense[], NDArray, NDArray>(Network.Predict);

    /// <summary>Fraction of the points whose predicted class is their label.</summary>
    public static double Accuracy(Dense[] layers, Dataset data) =>
        (double)Np.Mean(Np.Equal(Predict(layers, data.X), data.Y).AsType(DType.Float32));
}
