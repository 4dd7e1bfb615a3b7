using System;
using static Functional.AD.Jax;

namespace Functional.AD.Samples.Mlp;

/// <summary>
/// Everything that changes from one training step to the next: the parameters and the momentum buffers
/// (one per parameter, same shapes). A record of pytrees is a pytree, so the whole state goes through
/// <c>Jit</c> as one argument and comes back as one result.
/// </summary>
/// <param name="Params">The network's layers.</param>
/// <param name="Velocity">Running average of past gradients, one array per parameter.</param>
public sealed record TrainState(Dense[] Params, Dense[] Velocity)
{
    /// <summary>The start of training: the given parameters and zero velocity.</summary>
    public static TrainState Start(Dense[] parameters) => new(parameters, Tree.Map(Np.ZerosLike, parameters));
}

/// <summary>
/// Gradient descent with (heavy-ball) momentum: v ← μ v + g, θ ← θ - η v.
/// <see cref="Step"/> is an ordinary C# function of arrays; <see cref="Jitted"/> is the same function
/// compiled with <c>Jax.Jit</c>: traced once into a jaxpr (forward pass, backward pass and update together),
/// optimized, and from then on run as one compiled program per call.
/// </summary>
public sealed class MomentumSgd
{
    private static readonly Func<Dense[], Dataset, (NDArray Value, Dense[] Grad)> LossAndGrad =
        ValueAndGrad<Dense[], Dataset>(Network.Loss);

    /// <summary>Creates the optimizer and its jitted step.</summary>
    /// <param name="learningRate">Step size η.</param>
    /// <param name="momentum">Momentum coefficient μ in [0, 1).</param>
    public MomentumSgd(double learningRate, double momentum)
    {
        LearningRate = learningRate;
        Momentum = momentum;
        Jitted = Jit<TrainState, Dataset, (NDArray Loss, TrainState State)>(Step);
    }

    /// <summary>Step size η.</summary>
    public double LearningRate { get; }

    /// <summary>Momentum coefficient μ.</summary>
    public double Momentum { get; }

    /// <summary>The jitted training step: same inputs and results as <see cref="Step"/>.</summary>
    public Func<TrainState, Dataset, (NDArray Loss, TrainState State)> Jitted { get; }

    /// <summary>
    /// One training step on a batch: the loss at the current parameters (before the update) and the next state.
    /// The learning rate and momentum are C# doubles, so they enter as weakly typed constants and the f32
    /// parameters stay f32.
    /// </summary>
    public (NDArray Loss, TrainState State) Step(TrainState state, Dataset batch)
    {
        var (loss, grads) = LossAndGrad(state.Params, batch);
        Dense[] velocity = Tree.Map((v, g) => Momentum * v + g, state.Velocity, grads);
        Dense[] parameters = Tree.Map((w, v) => w - LearningRate * v, state.Params, velocity);
        return (loss, new TrainState(parameters, velocity));
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
