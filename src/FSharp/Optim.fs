namespace Functional.AD.FSharp

open System
open System.Collections.Generic
open Functional.AD

/// <summary>
/// optax for F#: one lower-camelCase function per method of the core's <c>Functional.AD.Optim</c>. Learning rates
/// (and scheduled weight decays) accept a number or a <c>Schedule</c> (from <c>constantSchedule</c>,
/// <c>cosineDecaySchedule</c>, …) through <c>ScalarOrSchedule</c>'s conversions. The plain name has optax's
/// defaults and <c>…With</c> takes every parameter in optax's order; the transformation comes last, so
/// <c>Optim.init p opt</c> and <c>params |&gt; Optim.applyUpdates updates</c> read in pipelines.
/// </summary>
[<RequireQualifiedAccess>]
module Optim =

    /// <summary>A number or a schedule as optax's <c>ScalarOrSchedule</c>.</summary>
    let inline rate (learningRate: ^a) : ScalarOrSchedule =
        ((^a or ScalarOrSchedule): (static member op_Implicit: ^a -> ScalarOrSchedule) learningRate)

    /// <summary>An F# function as a <c>Schedule</c>.</summary>
    let schedule (f: NDArray -> NDArray) : Schedule = Schedule f

    // ------------------------------------------------------------------ using a transformation

    /// <summary>The initial state of <paramref name="opt"/> for the parameters.</summary>
    let init (``params``: 'T) (opt: GradientTransformation) : OptState =
        Trees.ensureRegistered ()
        opt.Init ``params``

    /// <summary>The updates for <paramref name="grads"/> at <paramref name="params"/> and the next state.</summary>
    let update (grads: 'T) (state: OptState) (``params``: 'T) (opt: GradientTransformation) : 'T * OptState =
        Trees.ensureRegistered ()
        let struct (u, s) = opt.Update(grads, state, ``params``)
        u, s

    /// <summary><c>params + updates</c> leaf by leaf, each in its parameter's dtype (optax's <c>apply_updates</c>).</summary>
    let applyUpdates (updates: 'T) (``params``: 'T) : 'T =
        Trees.ensureRegistered ()
        Functional.AD.Optim.ApplyUpdates(``params``, updates)

    /// <summary>The l2 norm of all leaves together.</summary>
    let globalNorm (updates: 'T) : NDArray =
        Trees.ensureRegistered ()
        Functional.AD.Optim.GlobalNorm updates

    // ------------------------------------------------------------------ combinators

    /// <summary>Leaves the updates unchanged.</summary>
    let identity () : GradientTransformation = Functional.AD.Optim.Identity()

    /// <summary>The transformations applied in order.</summary>
    let chain (transformations: GradientTransformation list) : GradientTransformation =
        Functional.AD.Optim.Chain(Array.ofList transformations)

    /// <summary><paramref name="inner"/> applied to the leaves for which <paramref name="mask"/> holds.</summary>
    let masked (mask: NDArray -> bool) (inner: GradientTransformation) : GradientTransformation =
        Functional.AD.Optim.Masked(inner, Func<NDArray, bool> mask)

    /// <summary><paramref name="inner"/> applied to the leaves flagged true (one flag per leaf, in leaf order).</summary>
    let maskedFlags (mask: bool list) (inner: GradientTransformation) : GradientTransformation =
        Functional.AD.Optim.Masked(inner, Array.ofList mask)

    // ------------------------------------------------------------------ building blocks

    /// <summary>Multiplies the updates by <paramref name="stepSize"/>.</summary>
    let scale (stepSize: float) : GradientTransformation = Functional.AD.Optim.Scale stepSize

    /// <summary>Multiplies the updates by the schedule at the step count.</summary>
    let scaleBySchedule (stepSizeFn: Schedule) : GradientTransformation = Functional.AD.Optim.ScaleBySchedule stepSizeFn

    /// <summary>Multiplies the updates by <c>-learningRate</c> (a number or a schedule).</summary>
    let inline scaleByLearningRate learningRate : GradientTransformation = Functional.AD.Optim.ScaleByLearningRate(rate learningRate, true)

    /// <summary>Multiplies the updates by <c>-learningRate</c>, or by <c>learningRate</c> when <paramref name="flipSign"/> is false.</summary>
    let scaleByLearningRateWith (learningRate: ScalarOrSchedule) (flipSign: bool) : GradientTransformation =
        Functional.AD.Optim.ScaleByLearningRate(learningRate, flipSign)

    /// <summary>Momentum (optax's <c>trace</c>) with <paramref name="decay"/>.</summary>
    let trace (decay: float) : GradientTransformation = Functional.AD.Optim.Trace(decay)

    /// <summary>Momentum with every parameter.</summary>
    let traceWith (decay: float) (nesterov: bool) (accumulatorDtype: DType option) : GradientTransformation =
        Functional.AD.Optim.Trace(decay, nesterov, Option.toNullable accumulatorDtype)

    /// <summary>Adam's scaling with optax's defaults.</summary>
    let scaleByAdam () : GradientTransformation = Functional.AD.Optim.ScaleByAdam()

    /// <summary>Adam's scaling with every parameter.</summary>
    let scaleByAdamWith b1 b2 eps epsRoot (muDtype: DType option) nesterov : GradientTransformation =
        Functional.AD.Optim.ScaleByAdam(b1, b2, eps, epsRoot, Option.toNullable muDtype, nesterov)

    /// <summary>Adamax's scaling with optax's defaults.</summary>
    let scaleByAdamax () : GradientTransformation = Functional.AD.Optim.ScaleByAdamax()

    /// <summary>Adamax's scaling with every parameter.</summary>
    let scaleByAdamaxWith b1 b2 eps : GradientTransformation = Functional.AD.Optim.ScaleByAdamax(b1, b2, eps)

    /// <summary>Rectified Adam's scaling with optax's defaults.</summary>
    let scaleByRadam () : GradientTransformation = Functional.AD.Optim.ScaleByRadam()

    /// <summary>Rectified Adam's scaling with every parameter.</summary>
    let scaleByRadamWith b1 b2 eps epsRoot threshold nesterov : GradientTransformation =
        Functional.AD.Optim.ScaleByRadam(b1, b2, eps, epsRoot, threshold, nesterov)

    /// <summary>RMSProp's scaling with optax's defaults.</summary>
    let scaleByRms () : GradientTransformation = Functional.AD.Optim.ScaleByRms()

    /// <summary>RMSProp's scaling with every parameter.</summary>
    let scaleByRmsWith decay eps initialScale epsInSqrt biasCorrection : GradientTransformation =
        Functional.AD.Optim.ScaleByRms(decay, eps, initialScale, epsInSqrt, biasCorrection)

    /// <summary>Centered RMSProp's scaling with optax's defaults.</summary>
    let scaleByStddev () : GradientTransformation = Functional.AD.Optim.ScaleByStddev()

    /// <summary>Centered RMSProp's scaling with every parameter.</summary>
    let scaleByStddevWith decay eps initialScale epsInSqrt biasCorrection : GradientTransformation =
        Functional.AD.Optim.ScaleByStddev(decay, eps, initialScale, epsInSqrt, biasCorrection)

    /// <summary>Adagrad's scaling with optax's defaults.</summary>
    let scaleByRss () : GradientTransformation = Functional.AD.Optim.ScaleByRss()

    /// <summary>Adagrad's scaling with every parameter.</summary>
    let scaleByRssWith initialAccumulatorValue eps : GradientTransformation = Functional.AD.Optim.ScaleByRss(initialAccumulatorValue, eps)

    /// <summary>Adadelta's scaling with optax's defaults.</summary>
    let scaleByAdadelta () : GradientTransformation = Functional.AD.Optim.ScaleByAdadelta()

    /// <summary>Adadelta's scaling with every parameter.</summary>
    let scaleByAdadeltaWith rho eps : GradientTransformation = Functional.AD.Optim.ScaleByAdadelta(rho, eps)

    /// <summary>Lion's scaling with optax's defaults.</summary>
    let scaleByLion () : GradientTransformation = Functional.AD.Optim.ScaleByLion()

    /// <summary>Lion's scaling with every parameter.</summary>
    let scaleByLionWith b1 b2 (muDtype: DType option) : GradientTransformation =
        Functional.AD.Optim.ScaleByLion(b1, b2, Option.toNullable muDtype)

    /// <summary>The LARS/LAMB trust ratio with optax's defaults.</summary>
    let scaleByTrustRatio () : GradientTransformation = Functional.AD.Optim.ScaleByTrustRatio()

    /// <summary>The LARS/LAMB trust ratio with every parameter.</summary>
    let scaleByTrustRatioWith minNorm trustCoefficient eps : GradientTransformation =
        Functional.AD.Optim.ScaleByTrustRatio(minNorm, trustCoefficient, eps)

    /// <summary>Adds <c>weightDecay·params</c> to the updates.</summary>
    let addDecayedWeights (weightDecay: float) : GradientTransformation = Functional.AD.Optim.AddDecayedWeights(weightDecay, null)

    /// <summary>Adds <c>weightDecay·params</c> to the updates of the leaves <paramref name="mask"/> selects.</summary>
    let addDecayedWeightsWith (weightDecay: float) (mask: NDArray -> bool) : GradientTransformation =
        Functional.AD.Optim.AddDecayedWeights(weightDecay, Func<NDArray, bool> mask)

    /// <summary>Adds <c>weightDecay(count)·params</c> to the updates.</summary>
    let addDecayedWeightsSchedule (weightDecay: Schedule) : GradientTransformation = Functional.AD.Optim.AddDecayedWeights(weightDecay, null)

    /// <summary>Clips every update to <c>[-maxDelta, maxDelta]</c>.</summary>
    let clip (maxDelta: float) : GradientTransformation = Functional.AD.Optim.Clip maxDelta

    /// <summary>Scales the updates down to a global norm of at most <paramref name="maxNorm"/>.</summary>
    let clipByGlobalNorm (maxNorm: float) : GradientTransformation = Functional.AD.Optim.ClipByGlobalNorm maxNorm

    // ------------------------------------------------------------------ optimizers

    /// <summary>Stochastic gradient descent at <paramref name="learningRate"/> (a number or a schedule).</summary>
    let inline sgd learningRate : GradientTransformation = Functional.AD.Optim.Sgd(rate learningRate)

    /// <summary>SGD with every parameter (<paramref name="momentum"/> <c>None</c>: no momentum).</summary>
    let sgdWith (learningRate: ScalarOrSchedule) (momentum: float option) nesterov (accumulatorDtype: DType option) : GradientTransformation =
        Functional.AD.Optim.Sgd(learningRate, Option.toNullable momentum, nesterov, Option.toNullable accumulatorDtype)

    /// <summary>Adam with optax's defaults.</summary>
    let inline adam learningRate : GradientTransformation = Functional.AD.Optim.Adam(rate learningRate)

    /// <summary>Adam with every parameter.</summary>
    let adamWith (learningRate: ScalarOrSchedule) b1 b2 eps epsRoot (muDtype: DType option) nesterov : GradientTransformation =
        Functional.AD.Optim.Adam(learningRate, b1, b2, eps, epsRoot, Option.toNullable muDtype, nesterov)

    /// <summary>NAdam (Adam with Nesterov momentum) with optax's defaults.</summary>
    let inline nadam learningRate : GradientTransformation = Functional.AD.Optim.Nadam(rate learningRate)

    /// <summary>AdamW with optax's defaults (weight decay 1e-4 on every leaf).</summary>
    let inline adamW learningRate : GradientTransformation = Functional.AD.Optim.AdamW(rate learningRate)

    /// <summary>AdamW with every parameter (<paramref name="mask"/> <c>None</c>: decay every leaf).</summary>
    let adamWWith (learningRate: ScalarOrSchedule) b1 b2 eps epsRoot (muDtype: DType option) weightDecay (mask: (NDArray -> bool) option) nesterov : GradientTransformation =
        Functional.AD.Optim.AdamW(learningRate, b1, b2, eps, epsRoot, Option.toNullable muDtype, weightDecay,
                                  (match mask with Some f -> Func<NDArray, bool> f | None -> null), nesterov)

    /// <summary>Adamax with optax's defaults.</summary>
    let inline adamax learningRate : GradientTransformation = Functional.AD.Optim.Adamax(rate learningRate)

    /// <summary>Rectified Adam with optax's defaults.</summary>
    let inline radam learningRate : GradientTransformation = Functional.AD.Optim.Radam(rate learningRate)

    /// <summary>RMSProp with optax's defaults.</summary>
    let inline rmsprop learningRate : GradientTransformation = Functional.AD.Optim.Rmsprop(rate learningRate)

    /// <summary>RMSProp with every parameter.</summary>
    let rmspropWith (learningRate: ScalarOrSchedule) decay eps initialScale epsInSqrt centered (momentum: float option) nesterov biasCorrection : GradientTransformation =
        Functional.AD.Optim.Rmsprop(learningRate, decay, eps, initialScale, epsInSqrt, centered, Option.toNullable momentum, nesterov, biasCorrection)

    /// <summary>Adagrad with optax's defaults.</summary>
    let inline adagrad learningRate : GradientTransformation = Functional.AD.Optim.Adagrad(rate learningRate)

    /// <summary>Adadelta at <paramref name="learningRate"/> with optax's other defaults.</summary>
    let inline adadelta learningRate : GradientTransformation = Functional.AD.Optim.Adadelta(Nullable(rate learningRate))

    /// <summary>LAMB with optax's defaults.</summary>
    let inline lamb learningRate : GradientTransformation = Functional.AD.Optim.Lamb(rate learningRate)

    /// <summary>Lion with optax's defaults.</summary>
    let inline lion learningRate : GradientTransformation = Functional.AD.Optim.Lion(rate learningRate)

    /// <summary>Gradient accumulation over <paramref name="everyK"/> steps around <paramref name="opt"/> (optax's <c>MultiSteps</c>, mean of the gradients).</summary>
    let multiSteps (everyK: int) (opt: GradientTransformation) : GradientTransformation =
        MultiSteps(opt, everyK).GradientTransformation()

    // ------------------------------------------------------------------ schedules

    /// <summary>The same value at every step.</summary>
    let constantSchedule (value: float) : Schedule = Functional.AD.Optim.ConstantSchedule value

    /// <summary>Polynomial interpolation from init to end over the transition steps.</summary>
    let polynomialSchedule initValue endValue power transitionSteps transitionBegin : Schedule =
        Functional.AD.Optim.PolynomialSchedule(initValue, endValue, power, transitionSteps, transitionBegin)

    /// <summary>Linear interpolation from init to end over the transition steps.</summary>
    let linearSchedule initValue endValue transitionSteps transitionBegin : Schedule =
        Functional.AD.Optim.LinearSchedule(initValue, endValue, transitionSteps, transitionBegin)

    /// <summary>The initial value scaled by each scale from its boundary on.</summary>
    let piecewiseConstantSchedule (initValue: float) (boundariesAndScales: (int * float) list) : Schedule =
        Functional.AD.Optim.PiecewiseConstantSchedule(initValue, dict boundariesAndScales |> Dictionary)

    /// <summary>Exponential decay (see the C# <c>Optim.ExponentialDecay</c> for the parameters).</summary>
    let exponentialDecay initValue transitionSteps decayRate transitionBegin staircase (endValue: float option) : Schedule =
        Functional.AD.Optim.ExponentialDecay(initValue, transitionSteps, decayRate, transitionBegin, staircase, Option.toNullable endValue)

    /// <summary>Cosine decay from the initial value to <c>alpha·init</c> over the decay steps.</summary>
    let cosineDecaySchedule initValue decaySteps alpha exponent : Schedule =
        Functional.AD.Optim.CosineDecaySchedule(initValue, decaySteps, alpha, exponent)

    /// <summary>Linear warmup to the peak, then cosine decay to the end value.</summary>
    let warmupCosineDecaySchedule initValue peakValue warmupSteps decaySteps endValue exponent : Schedule =
        Functional.AD.Optim.WarmupCosineDecaySchedule(initValue, peakValue, warmupSteps, decaySteps, endValue, exponent)

    /// <summary>Each schedule from its boundary on, evaluated at the steps since that boundary.</summary>
    let joinSchedules (schedules: Schedule list) (boundaries: int list) : Schedule =
        Functional.AD.Optim.JoinSchedules(Array.ofList schedules, Array.ofList boundaries)
