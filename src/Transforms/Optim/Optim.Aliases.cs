using System;

namespace Functional.AD;

public static partial class Optim
{
    /// <summary>
    /// optax's <c>sgd</c>: <c>-learningRate·g</c>, with heavy-ball <paramref name="momentum"/> (optax's
    /// <see cref="Trace"/>) when given, Nesterov's variant with <paramref name="nesterov"/>.
    /// </summary>
    public static GradientTransformation Sgd(ScalarOrSchedule learningRate, double? momentum = null, bool nesterov = false, DType? accumulatorDtype = null) =>
        Chain(momentum is { } m ? Trace(m, nesterov, accumulatorDtype) : Identity(), ScaleByLearningRate(learningRate));

    /// <summary>optax's <c>adam</c>: <see cref="ScaleByAdam"/> then <see cref="ScaleByLearningRate"/>.</summary>
    public static GradientTransformation Adam(ScalarOrSchedule learningRate, double b1 = 0.9, double b2 = 0.999, double eps = 1e-8, double epsRoot = 0.0, DType? muDtype = null, bool nesterov = false) =>
        Chain(ScaleByAdam(b1, b2, eps, epsRoot, muDtype, nesterov), ScaleByLearningRate(learningRate));

    /// <summary>optax's <c>nadam</c>: <see cref="Adam"/> with Nesterov momentum.</summary>
    public static GradientTransformation Nadam(ScalarOrSchedule learningRate, double b1 = 0.9, double b2 = 0.999, double eps = 1e-8, double epsRoot = 0.0, DType? muDtype = null) =>
        Adam(learningRate, b1, b2, eps, epsRoot, muDtype, nesterov: true);

    /// <summary>
    /// optax's <c>adamw</c>: <see cref="ScaleByAdam"/>, then decoupled weight decay
    /// (<see cref="AddDecayedWeights(double, Func{NDArray, bool})"/> on the leaves <paramref name="mask"/> selects), then the learning rate.
    /// </summary>
    public static GradientTransformation AdamW(ScalarOrSchedule learningRate, double b1 = 0.9, double b2 = 0.999, double eps = 1e-8, double epsRoot = 0.0, DType? muDtype = null, double weightDecay = 1e-4, Func<NDArray, bool>? mask = null, bool nesterov = false) =>
        Chain(ScaleByAdam(b1, b2, eps, epsRoot, muDtype, nesterov), AddDecayedWeights(weightDecay, mask), ScaleByLearningRate(learningRate));

    /// <summary>optax's <c>adamax</c>: <see cref="ScaleByAdamax"/> then the learning rate.</summary>
    public static GradientTransformation Adamax(ScalarOrSchedule learningRate, double b1 = 0.9, double b2 = 0.999, double eps = 1e-8) =>
        Chain(ScaleByAdamax(b1, b2, eps), ScaleByLearningRate(learningRate));

    /// <summary>optax's <c>radam</c>: <see cref="ScaleByRadam"/> then the learning rate.</summary>
    public static GradientTransformation Radam(ScalarOrSchedule learningRate, double b1 = 0.9, double b2 = 0.999, double eps = 1e-8, double epsRoot = 0.0, double threshold = 5.0, bool nesterov = false) =>
        Chain(ScaleByRadam(b1, b2, eps, epsRoot, threshold, nesterov), ScaleByLearningRate(learningRate));

    /// <summary>
    /// optax's <c>rmsprop</c>: <see cref="ScaleByRms"/> (<see cref="ScaleByStddev"/> when <paramref name="centered"/>),
    /// the learning rate, then momentum (<see cref="Trace"/>) when <paramref name="momentum"/> is given.
    /// </summary>
    public static GradientTransformation Rmsprop(ScalarOrSchedule learningRate, double decay = 0.9, double eps = 1e-8, double initialScale = 0.0, bool epsInSqrt = true, bool centered = false, double? momentum = null, bool nesterov = false, bool biasCorrection = false) =>
        Chain(
            centered ? ScaleByStddev(decay, eps, initialScale, epsInSqrt, biasCorrection) : ScaleByRms(decay, eps, initialScale, epsInSqrt, biasCorrection),
            ScaleByLearningRate(learningRate),
            momentum is { } m ? Trace(m, nesterov) : Identity());

    /// <summary>optax's <c>adagrad</c>: <see cref="ScaleByRss"/> then the learning rate.</summary>
    public static GradientTransformation Adagrad(ScalarOrSchedule learningRate, double initialAccumulatorValue = 0.1, double eps = 1e-7) =>
        Chain(ScaleByRss(initialAccumulatorValue, eps), ScaleByLearningRate(learningRate));

    /// <summary>
    /// optax's <c>adadelta</c>: weight decay, <see cref="ScaleByAdadelta"/>, then the learning rate. As in optax, a
    /// null <paramref name="learningRate"/> applies no scaling at all (not even the sign flip).
    /// </summary>
    public static GradientTransformation Adadelta(ScalarOrSchedule? learningRate = null, double rho = 0.9, double eps = 1e-6, double weightDecay = 0.0, Func<NDArray, bool>? weightDecayMask = null) =>
        Chain(AddDecayedWeights(weightDecay, weightDecayMask), ScaleByAdadelta(rho, eps),
            learningRate is { } lr ? ScaleByLearningRate(lr) : Identity());

    /// <summary>
    /// optax's <c>lamb</c>: <see cref="ScaleByAdam"/>, weight decay, <see cref="ScaleByTrustRatio"/>, then the
    /// learning rate.
    /// </summary>
    public static GradientTransformation Lamb(ScalarOrSchedule learningRate, double b1 = 0.9, double b2 = 0.999, double eps = 1e-6, double epsRoot = 0.0, double weightDecay = 0.0, Func<NDArray, bool>? mask = null) =>
        Chain(ScaleByAdam(b1, b2, eps, epsRoot), AddDecayedWeights(weightDecay, mask), ScaleByTrustRatio(), ScaleByLearningRate(learningRate));

    /// <summary>optax's <c>lion</c>: <see cref="ScaleByLion"/>, weight decay, then the learning rate.</summary>
    public static GradientTransformation Lion(ScalarOrSchedule learningRate, double b1 = 0.9, double b2 = 0.99, DType? muDtype = null, double weightDecay = 1e-3, Func<NDArray, bool>? mask = null) =>
        Chain(ScaleByLion(b1, b2, muDtype), AddDecayedWeights(weightDecay, mask), ScaleByLearningRate(learningRate));
}
