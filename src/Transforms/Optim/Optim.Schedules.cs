using System;
using System.Collections.Generic;
using System.Linq;

namespace Functional.AD;

public static partial class Optim
{
    private static NDArray Step(NDArray count) => count.AsType(DType.Float64);

    /// <summary>optax's <c>constant_schedule</c>: <paramref name="value"/> at every step.</summary>
    public static Schedule ConstantSchedule(double value) => count => Np.Scalar(value);

    /// <summary>
    /// optax's <c>polynomial_schedule</c>: from <paramref name="initValue"/> to <paramref name="endValue"/> over
    /// <paramref name="transitionSteps"/> steps starting at <paramref name="transitionBegin"/>,
    /// <c>(init - end)·(1 - k/steps)^power + end</c> with k the clipped steps since the beginning.
    /// </summary>
    public static Schedule PolynomialSchedule(double initValue, double endValue, double power, int transitionSteps, int transitionBegin = 0)
    {
        if (transitionSteps <= 0) return ConstantSchedule(initValue);
        int begin = Math.Max(transitionBegin, 0);
        return count =>
        {
            var k = Np.Clip(Step(count) - begin, 0.0, (double)transitionSteps);
            var frac = 1.0 - k / transitionSteps;
            return (initValue - endValue) * Np.Power(frac, Np.Scalar(power)) + endValue;
        };
    }

    /// <summary>optax's <c>linear_schedule</c>: <see cref="PolynomialSchedule"/> with power 1.</summary>
    public static Schedule LinearSchedule(double initValue, double endValue, int transitionSteps, int transitionBegin = 0) =>
        PolynomialSchedule(initValue, endValue, 1.0, transitionSteps, transitionBegin);

    /// <summary>
    /// optax's <c>piecewise_constant_schedule</c>: <paramref name="initValue"/>, multiplied by each scale once the
    /// step count reaches its boundary (a boundary b applies from step b on).
    /// </summary>
    /// <exception cref="ArgumentException">A scale is negative.</exception>
    public static Schedule PiecewiseConstantSchedule(double initValue, IReadOnlyDictionary<int, double>? boundariesAndScales = null)
    {
        var pairs = boundariesAndScales?.OrderBy(kv => kv.Key).Select(kv => (kv.Key, kv.Value)).ToArray() ?? System.Array.Empty<(int, double)>();
        foreach (var (_, scale) in pairs)
            if (scale < 0) throw new ArgumentException("Optim.PiecewiseConstantSchedule: the scales must be non-negative");
        return count =>
        {
            var c = Step(count);
            NDArray v = Np.Scalar(initValue);
            foreach (var (boundary, scale) in pairs)
            {
                var before = Np.Maximum(0.0, Np.Sign(boundary - c));
                v = v * before + (1.0 - before) * scale * v;
            }
            return v;
        };
    }

    /// <summary>
    /// optax's <c>exponential_decay</c>: <c>init·decayRate^((t - begin)/transitionSteps)</c> after
    /// <paramref name="transitionBegin"/> (the exponent floored when <paramref name="staircase"/>), bounded by
    /// <paramref name="endValue"/> when given.
    /// </summary>
    public static Schedule ExponentialDecay(double initValue, int transitionSteps, double decayRate, int transitionBegin = 0, bool staircase = false, double? endValue = null)
    {
        if (transitionSteps <= 0 || decayRate == 0) return ConstantSchedule(initValue);
        int begin = Math.Max(transitionBegin, 0);
        return count =>
        {
            var decreased = Step(count) - begin;
            var p = decreased / transitionSteps;
            if (staircase) p = Np.Floor(p);
            var value = Np.Where(decreased <= 0, Np.Scalar(initValue), initValue * Np.Power(Np.Scalar(decayRate), p));
            if (endValue is { } end) value = decayRate < 1.0 ? Np.Maximum(value, end) : Np.Minimum(value, end);
            return value;
        };
    }

    /// <summary>
    /// optax's <c>cosine_decay_schedule</c>: <c>init·((1 - alpha)·(½(1 + cos(π·min(t, decaySteps)/decaySteps)))^exponent + alpha)</c>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="decaySteps"/> is not positive.</exception>
    public static Schedule CosineDecaySchedule(double initValue, int decaySteps, double alpha = 0.0, double exponent = 1.0)
    {
        if (decaySteps <= 0) throw new ArgumentException("Optim.CosineDecaySchedule: decaySteps must be positive");
        return count =>
        {
            var t = Np.Minimum(Step(count), (double)decaySteps);
            var cosine = 0.5 * (1.0 + Np.Cos(Math.PI * t / decaySteps));
            return initValue * ((1.0 - alpha) * Np.Power(cosine, Np.Scalar(exponent)) + alpha);
        };
    }

    /// <summary>
    /// optax's <c>warmup_cosine_decay_schedule</c>: linear from <paramref name="initValue"/> to
    /// <paramref name="peakValue"/> over <paramref name="warmupSteps"/>, then a cosine decay to
    /// <paramref name="endValue"/> reached at <paramref name="decaySteps"/> (counted from step 0).
    /// </summary>
    public static Schedule WarmupCosineDecaySchedule(double initValue, double peakValue, int warmupSteps, int decaySteps, double endValue = 0.0, double exponent = 1.0)
    {
        double alpha = peakValue == 0.0 ? 0.0 : endValue / peakValue;
        return JoinSchedules(
            [LinearSchedule(initValue, peakValue, warmupSteps), CosineDecaySchedule(peakValue, decaySteps - warmupSteps, alpha, exponent)],
            [warmupSteps]);
    }

    /// <summary>
    /// optax's <c>join_schedules</c>: <paramref name="schedules"/>[0] before <paramref name="boundaries"/>[0], then
    /// each next schedule, evaluated at the steps since its boundary.
    /// </summary>
    /// <exception cref="ArgumentException">There is not one boundary fewer than schedules.</exception>
    public static Schedule JoinSchedules(Schedule[] schedules, int[] boundaries)
    {
        var parts = (Schedule[])Guard.NoNulls(schedules, "Optim.JoinSchedules").Clone();
        var bounds = (int[])Guard.NotNull(boundaries, "Optim.JoinSchedules").Clone();
        if (parts.Length != bounds.Length + 1)
            throw new ArgumentException($"Optim.JoinSchedules: {parts.Length} schedules need {parts.Length - 1} boundaries, not {bounds.Length}");
        return count =>
        {
            var output = parts[0](count);
            for (int i = 0; i < bounds.Length; i++)
            {
                var next = parts[i + 1](count - bounds[i]);
                output = Np.Where(count < bounds[i], output.AsType(DType.Float64), next.AsType(DType.Float64));
            }
            return output;
        };
    }
}
