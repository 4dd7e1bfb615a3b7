using System;
using System.Collections.Generic;
using System.Collections.Immutable;

namespace Functional.AD;

/// <summary>
/// optax for Functional.AD: gradient transformations (<see cref="GradientTransformation"/>), their building blocks
/// (<c>ScaleBy…</c>, <see cref="Trace"/>, <see cref="Clip"/>, <see cref="ClipByGlobalNorm"/>, …), <see cref="Chain"/>,
/// the usual optimizers (<see cref="Adam"/>, <see cref="Sgd"/>, …) and learning-rate schedules. Names, parameters,
/// defaults and update formulas are optax's. Every function is pure and works on traced values, so an update runs
/// under <see cref="Jax.Jit{TIn, TOut}(Func{TIn, TOut})"/> together with the gradient.
/// </summary>
public static partial class Optim
{
    // ------------------------------------------------------------------ helpers

    /// <summary>Adds one to an i32 step count, staying at the largest value instead of wrapping (optax's safe_increment).</summary>
    internal static NDArray SafeIncrement(NDArray count) => Np.Where(count < int.MaxValue, count + 1, count);

    private static NDArray ZeroCount() => Np.Scalar(0);

    private static NDArray ZerosLike(NDArray x, DType? dtype = null) => Np.Zeros(x.Shape.ToArray(), dtype ?? x.DType);

    private static NDArray FullLike(NDArray x, double value) => Np.Full(x.Shape.ToArray(), value, x.DType);

    private static ImmutableArray<NDArray> Leaves(IReadOnlyList<NDArray> xs, Func<NDArray, NDArray> f)
    {
        var result = ImmutableArray.CreateBuilder<NDArray>(xs.Count);
        for (int i = 0; i < xs.Count; i++) result.Add(f(xs[i]));
        return result.MoveToImmutable();
    }

    private static ImmutableArray<NDArray> Leaves(IReadOnlyList<NDArray> xs, IReadOnlyList<NDArray> ys, Func<NDArray, NDArray, NDArray> f)
    {
        var result = ImmutableArray.CreateBuilder<NDArray>(xs.Count);
        for (int i = 0; i < xs.Count; i++) result.Add(f(xs[i], ys[i]));
        return result.MoveToImmutable();
    }

    private static ImmutableArray<NDArray> Leaves(IReadOnlyList<NDArray> xs, IReadOnlyList<NDArray> ys, IReadOnlyList<NDArray> zs, Func<NDArray, NDArray, NDArray, NDArray> f)
    {
        var result = ImmutableArray.CreateBuilder<NDArray>(xs.Count);
        for (int i = 0; i < xs.Count; i++) result.Add(f(xs[i], ys[i], zs[i]));
        return result.MoveToImmutable();
    }

    private static ImmutableArray<NDArray> CastAll(ImmutableArray<NDArray> xs, DType? dtype) =>
        dtype is { } d ? Leaves(xs, x => x.DType == d ? x : x.AsType(d)) : xs;

    /// <summary>The step count as an f64 0-d array.</summary>
    private static NDArray AsFloat(NDArray count) => count.AsType(DType.Float64);

    /// <summary><paramref name="scalar"/> cast to each dtype of <paramref name="leaves"/> (and to the dtypes a mixed op may promote to), staged before any elementwise work.</summary>
    private static Dictionary<DType, NDArray> InDTypes(NDArray scalar, IReadOnlyList<NDArray> leaves)
    {
        var result = new Dictionary<DType, NDArray>();
        foreach (var d in new[] { DType.Float32, DType.Float64 })
            foreach (var x in leaves)
                if (x.DType == d) { result[d] = scalar.DType == d ? scalar : scalar.AsType(d); break; }
        foreach (var d in new[] { DType.Float32, DType.Float64 })
            if (!result.ContainsKey(d)) result[d] = scalar.DType == d ? scalar : scalar.AsType(d);
        return result;
    }

    /// <summary><c>1 - decay^count</c>, an f64 0-d array.</summary>
    private static NDArray Correction(double decay, NDArray count) => 1.0 - Np.Power(Np.Scalar(decay), AsFloat(count));

    /// <summary><paramref name="moment"/> divided by <c>1 - decay^count</c> (in the moment's dtype).</summary>
    private static NDArray BiasCorrection(NDArray moment, double decay, NDArray count)
    {
        var correction = 1.0 - Np.Power(Np.Scalar(decay), AsFloat(count));
        return moment / correction.AsType(moment.DType);
    }

    /// <summary><c>(1 - decay) g^order + decay t</c>, optax's update_moment.</summary>
    private static NDArray Moment(NDArray g, NDArray t, double decay, int order) =>
        (1.0 - decay) * (order == 1 ? g : order == 2 ? Np.Square(g) : Np.Power(g, order)) + decay * t;

    private static TState StateAs<TState>(OptState state, string operation) where TState : OptState =>
        state as TState ?? throw new ArgumentException(
            $"Optim.{operation}: expected a {typeof(TState).Name} but got a {state.GetType().Name}; pass the state this transformation's Init (or its last Update) returned");

    private static IReadOnlyList<NDArray> NeedParams(IReadOnlyList<NDArray>? @params, string operation) =>
        @params ?? throw new ArgumentException($"Optim.{operation}: this transformation reads the parameters; call Update(updates, state, params)");

    private static GradientTransformation Stateless(Func<IReadOnlyList<NDArray>, IReadOnlyList<NDArray>?, IReadOnlyList<NDArray>> f) =>
        new(_ => new EmptyState(), (u, s, p) => (f(u, p), s));

    private static NDArray Norm(NDArray x) => Np.Sqrt(Np.Sum(Np.Square(x)));

    /// <summary>optax's safe_norm: <c>max(‖x‖, minNorm)</c> with a gradient that stays finite at zero.</summary>
    private static NDArray SafeNorm(NDArray x, double minNorm)
    {
        var norm = Norm(x);
        var small = norm <= minNorm;
        var masked = Norm(Np.Where(small, Np.OnesLike(x), x));
        return Np.Where(small, Np.Scalar(minNorm).AsType(masked.DType), masked);
    }

    // ------------------------------------------------------------------ combinators

    /// <summary>optax's <c>identity</c>: leaves the updates unchanged.</summary>
    public static GradientTransformation Identity() => Stateless((u, _) => u);

    /// <summary>
    /// optax's <c>chain</c>: applies the transformations in order, each to the updates the previous one produced;
    /// the state is a <see cref="ChainState"/> holding theirs.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="args"/> or one of its elements is null.</exception>
    public static GradientTransformation Chain(params GradientTransformation[] args)
    {
        var parts = (GradientTransformation[])Guard.NoNulls(args, "Optim.Chain").Clone();
        return new GradientTransformation(
            p =>
            {
                var states = ImmutableArray.CreateBuilder<OptState>(parts.Length);
                foreach (var t in parts) states.Add(t.InitLeaves(p));
                return new ChainState(states.MoveToImmutable());
            },
            (u, s, p) =>
            {
                var chain = StateAs<ChainState>(s, "Chain");
                if (chain.States.Length != parts.Length)
                    throw new ArgumentException($"Optim.Chain: the state holds {chain.States.Length} states for {parts.Length} transformations");
                var states = ImmutableArray.CreateBuilder<OptState>(parts.Length);
                for (int i = 0; i < parts.Length; i++)
                {
                    var (next, state) = parts[i].UpdateLeaves(u, chain.States[i], p);
                    u = next;
                    states.Add(state);
                }
                return (u, new ChainState(states.MoveToImmutable()));
            });
    }

    /// <summary>
    /// optax's <c>masked</c>: applies <paramref name="inner"/> only to the leaves for which <paramref name="mask"/>
    /// returns true (asked of the parameters at init and of the updates at each update; typically a shape test such
    /// as <c>p =&gt; p.Rank &gt; 1</c>); the other updates pass through unchanged.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static GradientTransformation Masked(GradientTransformation inner, Func<NDArray, bool> mask)
    {
        Guard.NotNull(inner, "Optim.Masked");
        Guard.NotNull(mask, "Optim.Masked");
        return MaskedBy(inner, xs =>
        {
            var m = new bool[xs.Count];
            for (int i = 0; i < m.Length; i++) m[i] = mask(xs[i]);
            return m;
        });
    }

    /// <summary>
    /// optax's <c>masked</c> with a fixed mask: one flag per parameter leaf, in <see cref="Tree.Leaves{T}"/> order.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static GradientTransformation Masked(GradientTransformation inner, bool[] mask)
    {
        Guard.NotNull(inner, "Optim.Masked");
        var flags = (bool[])Guard.NotNull(mask, "Optim.Masked").Clone();
        return MaskedBy(inner, xs => xs.Count == flags.Length ? flags
            : throw new ArgumentException($"Optim.Masked: the mask has {flags.Length} flags for {xs.Count} leaves"));
    }

    private static GradientTransformation MaskedBy(GradientTransformation inner, Func<IReadOnlyList<NDArray>, bool[]> mask)
    {
        static List<NDArray> Select(IReadOnlyList<NDArray> xs, bool[] m)
        {
            var kept = new List<NDArray>();
            for (int i = 0; i < xs.Count; i++) if (m[i]) kept.Add(xs[i]);
            return kept;
        }
        return new GradientTransformation(
            p => new MaskedState(inner.InitLeaves(Select(p, mask(p)))),
            (u, s, p) =>
            {
                var state = StateAs<MaskedState>(s, "Masked");
                var m = mask(u);
                var (inner2, next) = inner.UpdateLeaves(Select(u, m), state.InnerState, p is null ? null : Select(p, m));
                var result = new NDArray[u.Count];
                for (int i = 0, j = 0; i < u.Count; i++) result[i] = m[i] ? inner2[j++] : u[i];
                return (result, new MaskedState(next));
            });
    }

    /// <summary>optax's <c>apply_updates</c>: <c>params + updates</c> leaf by leaf, each result in its parameter's dtype.</summary>
    /// <exception cref="ArgumentException">The two trees have different structures.</exception>
    public static T ApplyUpdates<T>(T @params, T updates) =>
        Tree.Map((p, u) =>
        {
            var sum = p + u;
            return sum.DType == p.DType ? sum : sum.AsType(p.DType);
        }, @params, updates);

    /// <summary>optax's <c>global_norm</c>: the l2 norm of all leaves together, <c>sqrt(Σ x²)</c>.</summary>
    public static NDArray GlobalNorm<T>(T updates)
    {
        var leaves = Tree.Leaves(updates);
        return GlobalNormOf(leaves);
    }

    private static NDArray GlobalNormOf(IReadOnlyList<NDArray> leaves)
    {
        NDArray? total = null;
        foreach (var x in leaves)
        {
            var s = Np.Sum(Np.Square(x));
            total = total is null ? s : total + s;
        }
        return Np.Sqrt(total ?? Np.Scalar(0.0));
    }

    // ------------------------------------------------------------------ scaling

    /// <summary>optax's <c>scale</c>: multiplies the updates by <paramref name="stepSize"/>.</summary>
    public static GradientTransformation Scale(double stepSize) => Stateless((u, _) => Leaves(u, g => stepSize * g));

    /// <summary>optax's <c>scale_by_schedule</c>: multiplies the updates by <paramref name="stepSizeFn"/> at the step count, which the state keeps.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="stepSizeFn"/> is null.</exception>
    public static GradientTransformation ScaleBySchedule(Schedule stepSizeFn)
    {
        Guard.NotNull(stepSizeFn, "Optim.ScaleBySchedule");
        return new GradientTransformation(
            _ => new ScaleByScheduleState(ZeroCount()),
            (u, s, _) =>
            {
                var count = StateAs<ScaleByScheduleState>(s, "ScaleBySchedule").Count;
                var step = stepSizeFn(count);
                return (Leaves(u, g => step.AsType(g.DType) * g), new ScaleByScheduleState(SafeIncrement(count)));
            });
    }

    /// <summary>
    /// optax's <c>scale_by_learning_rate</c>: multiplies the updates by <c>-learningRate</c> (by <c>learningRate</c>
    /// when <paramref name="flipSign"/> is false); a schedule is evaluated at the step count kept in the state.
    /// </summary>
    public static GradientTransformation ScaleByLearningRate(ScalarOrSchedule learningRate, bool flipSign = true)
    {
        double m = flipSign ? -1 : 1;
        if (learningRate.Schedule is { } schedule) return ScaleBySchedule(count => m * schedule(count));
        return Scale(m * learningRate.Value);
    }

    /// <summary>
    /// optax's <c>trace</c> (momentum): <c>t ← g + decay·t</c>; the update is <c>t</c>, or <c>g + decay·t</c> with
    /// <paramref name="nesterov"/>. The trace is kept in <paramref name="accumulatorDtype"/> when given.
    /// </summary>
    public static GradientTransformation Trace(double decay, bool nesterov = false, DType? accumulatorDtype = null) =>
        new(p => new TraceState(Leaves(p, x => ZerosLike(x, accumulatorDtype))),
            (u, s, _) =>
            {
                var state = StateAs<TraceState>(s, "Trace");
                var trace = Leaves(u, state.Trace, (g, t) => g + decay * t);
                IReadOnlyList<NDArray> updates = nesterov ? Leaves(u, trace, (g, t) => g + decay * t) : trace;
                return (updates, new TraceState(CastAll(trace, accumulatorDtype)));
            });

    /// <summary>
    /// optax's <c>scale_by_adam</c>: moments <c>m ← b1·m + (1-b1)·g</c>, <c>v ← b2·v + (1-b2)·g²</c>, bias-corrected
    /// by <c>1 - b^t</c>, update <c>m̂ / (sqrt(v̂ + epsRoot) + eps)</c>. With <paramref name="nesterov"/>, m̂ is
    /// <c>b1·m/(1-b1^(t+1)) + (1-b1)·g/(1-b1^t)</c> (NAdam).
    /// </summary>
    public static GradientTransformation ScaleByAdam(double b1 = 0.9, double b2 = 0.999, double eps = 1e-8, double epsRoot = 0.0, DType? muDtype = null, bool nesterov = false) =>
        new(p => new ScaleByAdamState(ZeroCount(), Leaves(p, x => ZerosLike(x, muDtype)), Leaves(p, x => ZerosLike(x))),
            (u, s, _) =>
            {
                var state = StateAs<ScaleByAdamState>(s, "ScaleByAdam");
                // The scalar work first, so that each leaf's elementwise chain (moments, corrections, quotient) stays
                // contiguous in the staged program and the compiler fuses it into one pass over memory.
                var count = SafeIncrement(state.Count);
                // Reciprocals of the bias corrections, so each element multiplies instead of dividing (two divisions fewer per
                // element; the result differs from optax's quotient by at most one rounding).
                var c1 = InDTypes(1.0 / Correction(b1, count), u);
                var c2 = InDTypes(1.0 / Correction(b2, count), state.Nu);
                var c1Next = nesterov ? InDTypes(1.0 / Correction(b1, SafeIncrement(count)), state.Mu) : null;
                var c1Mu = InDTypes(1.0 / Correction(b1, count), state.Mu);
                var mu = new NDArray[u.Count];
                var nu = new NDArray[u.Count];
                var updates = new NDArray[u.Count];
                for (int i = 0; i < u.Count; i++)
                {
                    var g = u[i];
                    mu[i] = Moment(g, state.Mu[i], b1, 1);
                    nu[i] = Moment(g, state.Nu[i], b2, 2);
                    var muHat = c1Next is null
                        ? mu[i] * c1Mu[mu[i].DType]
                        : b1 * (mu[i] * c1Next[mu[i].DType]) + (1.0 - b1) * (g * c1[g.DType]);
                    updates[i] = muHat / (Np.Sqrt(nu[i] * c2[nu[i].DType] + epsRoot) + eps);
                }
                return (updates, new ScaleByAdamState(count, CastAll([.. mu], muDtype), [.. nu]));
            });

    private static ImmutableArray<NDArray> MuHat(IReadOnlyList<NDArray> g, ImmutableArray<NDArray> mu, double b1, NDArray count, bool nesterov)
    {
        if (!nesterov) return Leaves(mu, m => BiasCorrection(m, b1, count));
        var next = SafeIncrement(count);
        return Leaves(mu, g, (m, gi) => b1 * BiasCorrection(m, b1, next) + (1.0 - b1) * BiasCorrection(gi, b1, count));
    }

    /// <summary>
    /// optax's <c>scale_by_adamax</c>: <c>m ← b1·m + (1-b1)·g</c>, <c>u ← max(|g| + eps, b2·u)</c>, update
    /// <c>m / (1 - b1^t) / u</c>.
    /// </summary>
    public static GradientTransformation ScaleByAdamax(double b1 = 0.9, double b2 = 0.999, double eps = 1e-8) =>
        new(p => new ScaleByAdamState(ZeroCount(), Leaves(p, x => ZerosLike(x)), Leaves(p, x => ZerosLike(x))),
            (u, s, _) =>
            {
                var state = StateAs<ScaleByAdamState>(s, "ScaleByAdamax");
                var count = SafeIncrement(state.Count);
                var mu = Leaves(u, state.Mu, (g, t) => Moment(g, t, b1, 1));
                var nu = Leaves(u, state.Nu, (g, t) => Np.Maximum(Np.Abs(g) + eps, b2 * t));
                var updates = Leaves(mu, nu, (m, v) => BiasCorrection(m, b1, count) / v);
                return (updates, new ScaleByAdamState(count, mu, nu));
            });

    /// <summary>
    /// optax's <c>scale_by_radam</c> (rectified Adam): Adam's bias-corrected moments; while the length of the
    /// approximated simple moving average <c>ρ_t = ρ∞ - 2t·b2^t/(1 - b2^t)</c> is below <paramref name="threshold"/>
    /// the update is <c>m̂</c>, afterwards <c>r_t·m̂ / (sqrt(v̂ + epsRoot) + eps)</c> with the variance rectification r_t.
    /// </summary>
    public static GradientTransformation ScaleByRadam(double b1 = 0.9, double b2 = 0.999, double eps = 1e-8, double epsRoot = 0.0, double threshold = 5.0, bool nesterov = false)
    {
        double roInf = 2.0 / (1.0 - b2) - 1.0;
        return new GradientTransformation(
            p => new ScaleByAdamState(ZeroCount(), Leaves(p, x => ZerosLike(x)), Leaves(p, x => ZerosLike(x))),
            (u, s, _) =>
            {
                var state = StateAs<ScaleByAdamState>(s, "ScaleByRadam");
                var mu = Leaves(u, state.Mu, (g, t) => Moment(g, t, b1, 1));
                var nu = Leaves(u, state.Nu, (g, t) => Moment(g, t, b2, 2));
                var count = SafeIncrement(state.Count);
                var t = AsFloat(count);
                var b2t = Np.Power(Np.Scalar(b2), t);
                var ro = roInf - 2.0 * t * b2t / (1.0 - b2t);
                var r = Np.Sqrt((ro - 4.0) * (ro - 2.0) * roInf / ((roInf - 4.0) * (roInf - 2.0) * ro));
                var rectified = ro >= threshold;
                var muHat = MuHat(u, mu, b1, count, nesterov);
                var updates = Leaves(muHat, nu, (m, v) =>
                    Np.Where(rectified, r.AsType(m.DType) * m / (Np.Sqrt(BiasCorrection(v, b2, count) + epsRoot) + eps), m));
                return (updates, new ScaleByAdamState(count, mu, nu));
            });
    }

    /// <summary>
    /// optax's <c>scale_by_rms</c>: <c>v ← decay·v + (1-decay)·g²</c> (starting at <paramref name="initialScale"/>),
    /// update <c>g / sqrt(v + eps)</c>, or <c>g / (sqrt(v) + eps)</c> when <paramref name="epsInSqrt"/> is false;
    /// with <paramref name="biasCorrection"/>, v is divided by <c>1 - decay^t</c> first.
    /// </summary>
    public static GradientTransformation ScaleByRms(double decay = 0.9, double eps = 1e-8, double initialScale = 0.0, bool epsInSqrt = true, bool biasCorrection = false) =>
        new(p => biasCorrection
                ? new ScaleByRmsWithCountState(ZeroCount(), Leaves(p, x => FullLike(x, initialScale)))
                : new ScaleByRmsState(Leaves(p, x => FullLike(x, initialScale))),
            (u, s, _) =>
            {
                ImmutableArray<NDArray> previous;
                NDArray? count = null;
                if (biasCorrection)
                {
                    var st = StateAs<ScaleByRmsWithCountState>(s, "ScaleByRms");
                    previous = st.Nu;
                    count = SafeIncrement(st.Count);
                }
                else previous = StateAs<ScaleByRmsState>(s, "ScaleByRms").Nu;
                var nu = Leaves(u, previous, (g, t) => Moment(g, t, decay, 2));
                var updates = Leaves(u, nu, (g, n) =>
                {
                    var nHat = count is null ? n : BiasCorrection(n, decay, count);
                    return (epsInSqrt ? Lax.Rsqrt(nHat + eps) : 1.0 / (Np.Sqrt(nHat) + eps)) * g;
                });
                return (updates, count is null ? new ScaleByRmsState(nu) : new ScaleByRmsWithCountState(count, nu));
            });

    /// <summary>
    /// optax's <c>scale_by_stddev</c> (centered RMSProp): running means m of g and v of g², update
    /// <c>g / sqrt(v - m² + eps)</c> (or <c>g / (sqrt(v - m²) + eps)</c>), optionally bias-corrected.
    /// </summary>
    public static GradientTransformation ScaleByStddev(double decay = 0.9, double eps = 1e-8, double initialScale = 0.0, bool epsInSqrt = true, bool biasCorrection = false) =>
        new(p => biasCorrection
                ? new ScaleByRStdDevWithCountState(ZeroCount(), Leaves(p, x => ZerosLike(x)), Leaves(p, x => FullLike(x, initialScale)))
                : new ScaleByRStdDevState(Leaves(p, x => ZerosLike(x)), Leaves(p, x => FullLike(x, initialScale))),
            (u, s, _) =>
            {
                ImmutableArray<NDArray> mu0, nu0;
                NDArray? count = null;
                if (biasCorrection)
                {
                    var st = StateAs<ScaleByRStdDevWithCountState>(s, "ScaleByStddev");
                    (mu0, nu0, count) = (st.Mu, st.Nu, SafeIncrement(st.Count));
                }
                else
                {
                    var st = StateAs<ScaleByRStdDevState>(s, "ScaleByStddev");
                    (mu0, nu0) = (st.Mu, st.Nu);
                }
                var mu = Leaves(u, mu0, (g, t) => Moment(g, t, decay, 1));
                var nu = Leaves(u, nu0, (g, t) => Moment(g, t, decay, 2));
                var updates = Leaves(u, mu, nu, (g, m, n) =>
                {
                    var mHat = count is null ? m : BiasCorrection(m, decay, count);
                    var nHat = count is null ? n : BiasCorrection(n, decay, count);
                    var variance = nHat - Np.Square(mHat);
                    return (epsInSqrt ? Lax.Rsqrt(variance + eps) : 1.0 / (Np.Sqrt(variance) + eps)) * g;
                });
                return (updates, count is null ? new ScaleByRStdDevState(mu, nu) : new ScaleByRStdDevWithCountState(count, mu, nu));
            });

    /// <summary>
    /// optax's <c>scale_by_rss</c> (Adagrad): <c>s ← s + g²</c> (starting at <paramref name="initialAccumulatorValue"/>),
    /// update <c>g / sqrt(s + eps)</c> where s &gt; 0, else 0.
    /// </summary>
    public static GradientTransformation ScaleByRss(double initialAccumulatorValue = 0.1, double eps = 1e-7) =>
        new(p => new ScaleByRssState(Leaves(p, x => FullLike(x, initialAccumulatorValue))),
            (u, s, _) =>
            {
                var sum = Leaves(u, StateAs<ScaleByRssState>(s, "ScaleByRss").SumOfSquares, (g, t) => Np.Square(g) + t);
                var updates = Leaves(u, sum, (g, t) => Np.Where(t > 0, Lax.Rsqrt(t + eps), Np.ZerosLike(t)) * g);
                return (updates, new ScaleByRssState(sum));
            });

    /// <summary>
    /// optax's <c>scale_by_adadelta</c>: <c>E[g²] ← rho·E[g²] + (1-rho)·g²</c>, update
    /// <c>sqrt(E[x²] + eps) / sqrt(E[g²] + eps) · g</c>, then <c>E[x²] ← rho·E[x²] + (1-rho)·update²</c>.
    /// </summary>
    public static GradientTransformation ScaleByAdadelta(double rho = 0.9, double eps = 1e-6) =>
        new(p => new ScaleByAdaDeltaState(Leaves(p, x => ZerosLike(x)), Leaves(p, x => ZerosLike(x))),
            (u, s, _) =>
            {
                var state = StateAs<ScaleByAdaDeltaState>(s, "ScaleByAdadelta");
                var eg = Leaves(u, state.EG, (g, t) => Moment(g, t, rho, 2));
                var updates = Leaves(u, eg, state.EX, (g, e, x) => Np.Sqrt(x + eps) / Np.Sqrt(e + eps) * g);
                var ex = Leaves(updates, state.EX, (d, t) => Moment(d, t, rho, 2));
                return (updates, new ScaleByAdaDeltaState(eg, ex));
            });

    /// <summary>
    /// optax's <c>scale_by_lion</c> (sign mode): update <c>sign((1-b1)·g + b1·m)</c>, then <c>m ← b2·m + (1-b2)·g</c>.
    /// </summary>
    public static GradientTransformation ScaleByLion(double b1 = 0.9, double b2 = 0.99, DType? muDtype = null) =>
        new(p => new ScaleByLionState(ZeroCount(), Leaves(p, x => ZerosLike(x, muDtype))),
            (u, s, _) =>
            {
                var state = StateAs<ScaleByLionState>(s, "ScaleByLion");
                var updates = Leaves(u, state.Mu, (g, m) => Np.Sign((1.0 - b1) * g + b1 * m));
                var mu = CastAll(Leaves(u, state.Mu, (g, t) => Moment(g, t, b2, 1)), muDtype);
                return (updates, new ScaleByLionState(SafeIncrement(state.Count), mu));
            });

    /// <summary>
    /// optax's <c>scale_by_trust_ratio</c> (LARS/LAMB): each leaf's update times
    /// <c>trustCoefficient·‖p‖ / (‖u‖ + eps)</c> (norms at least <paramref name="minNorm"/>), or 1 when either norm is 0.
    /// </summary>
    public static GradientTransformation ScaleByTrustRatio(double minNorm = 0.0, double trustCoefficient = 1.0, double eps = 0.0) =>
        Stateless((u, p) => Leaves(u, NeedParams(p, "ScaleByTrustRatio"), (g, x) =>
        {
            var paramNorm = SafeNorm(x, minNorm);
            var updateNorm = SafeNorm(g, minNorm);
            var ratio = trustCoefficient * paramNorm / (updateNorm + eps);
            var zero = Np.LogicalOr(Np.Equal(paramNorm, 0.0), Np.Equal(updateNorm, 0.0));
            return g * Np.Where(zero, Np.OnesLike(ratio), ratio).AsType(g.DType);
        }));

    // ------------------------------------------------------------------ weight decay and clipping

    /// <summary>
    /// optax's <c>add_decayed_weights</c>: adds <c>weightDecay·params</c> to the updates (of the leaves for which
    /// <paramref name="mask"/> is true, when given).
    /// </summary>
    public static GradientTransformation AddDecayedWeights(double weightDecay = 0.0, Func<NDArray, bool>? mask = null)
    {
        var t = weightDecay == 0.0
            ? Stateless((u, p) => { NeedParams(p, "AddDecayedWeights"); return u; })
            : Stateless((u, p) => Leaves(u, NeedParams(p, "AddDecayedWeights"), (g, x) => g + weightDecay * x));
        return mask is null ? t : Masked(t, mask);
    }

    /// <summary>optax's <c>add_decayed_weights</c> with a scheduled weight decay (the step count kept in a <see cref="WeightDecaySchedule"/> state).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="weightDecay"/> is null.</exception>
    public static GradientTransformation AddDecayedWeights(Schedule weightDecay, Func<NDArray, bool>? mask = null)
    {
        Guard.NotNull(weightDecay, "Optim.AddDecayedWeights");
        var t = new GradientTransformation(
            _ => new WeightDecaySchedule(ZeroCount()),
            (u, s, p) =>
            {
                var count = StateAs<WeightDecaySchedule>(s, "AddDecayedWeights").Count;
                var decay = weightDecay(count);
                return (Leaves(u, NeedParams(p, "AddDecayedWeights"), (g, x) => g + decay.AsType(x.DType) * x),
                    new WeightDecaySchedule(SafeIncrement(count)));
            });
        return mask is null ? t : Masked(t, mask);
    }

    /// <summary>optax's <c>clip</c>: clips every update to <c>[-maxDelta, maxDelta]</c>.</summary>
    public static GradientTransformation Clip(double maxDelta) =>
        Stateless((u, _) => Leaves(u, g => Np.Clip(g, -maxDelta, maxDelta)));

    /// <summary>
    /// optax's <c>clip_by_global_norm</c>: when the global norm of the updates (all leaves together) is at least
    /// <paramref name="maxNorm"/>, scales them by <c>maxNorm / norm</c>.
    /// </summary>
    public static GradientTransformation ClipByGlobalNorm(double maxNorm) =>
        Stateless((u, _) =>
        {
            var norm = GlobalNormOf(u);
            var keep = norm < maxNorm;
            return Leaves(u, g => Np.Where(keep, g, g / norm.AsType(g.DType) * maxNorm));
        });
}
