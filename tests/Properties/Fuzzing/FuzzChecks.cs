using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using static Functional.AD.Properties.Fuzzing.FuzzTolerance;

namespace Functional.AD.Properties.Fuzzing;

/// <summary>The thirteen ways a program is checked.</summary>
public enum CheckKind
{
    /// <summary>Jit(f)(x) (first and second call) against f(x).</summary>
    EagerVsJit,

    /// <summary>Jit(Grad(f)) against Grad(f).</summary>
    GradVsJitGrad,

    /// <summary>Grad of f with its segment (or all of it) under Jit, against Grad(f).</summary>
    GradOfJitVsGrad,

    /// <summary>Jvp(Jit(f)) against Jvp(f): primal and tangent.</summary>
    JvpOfJitVsJvp,

    /// <summary>Vmap(f) with the batch axis first against the loop over the examples.</summary>
    VmapVsLoopFirstAxis,

    /// <summary>Vmap(f) with the batch axis last against the loop.</summary>
    VmapVsLoopLastAxis,

    /// <summary>Jit(Vmap(f)) against Vmap(f).</summary>
    JitOfVmapVsVmap,

    /// <summary>Vmap(Grad(f)) against the loop of gradients.</summary>
    VmapOfGradVsLoop,

    /// <summary>f with its segment (or all of it) under Checkpoint, against f.</summary>
    CheckpointValue,

    /// <summary>Grad of that checkpointed f against Grad(f).</summary>
    CheckpointGradient,

    /// <summary>The JVP's tangent against the gradient's inner product with the tangent direction.</summary>
    JvpVsGradDotTangent,

    /// <summary>The JVP's tangent (f64) against central finite differences (stop_gradient values held), away from kinks.</summary>
    JvpVsFiniteDifferences,

    /// <summary>Hessian-vector products: Jvp(Grad(f)) against Grad of x ↦ Jvp(f)(x, v).</summary>
    ForwardOverReverseVsReverseOverForward,
}

/// <summary>How a check ended.</summary>
public enum Outcome
{
    /// <summary>The two sides agree.</summary>
    Passed,

    /// <summary>
    /// The two sides differ, but near a kink or a tie (of a max, relu, where, argmax...) where two computations that
    /// round differently may legitimately take different sides.
    /// </summary>
    Excused,

    /// <summary>The two sides differ, or the transformed side threw.</summary>
    Mismatch,

    /// <summary>A known library bug, awaiting its fix.</summary>
    Known,

    /// <summary>The program itself fails eagerly: a generator bug (or an eager library bug).</summary>
    Invalid,
}

/// <summary>The result of one check of one program.</summary>
/// <param name="Kind">The check.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="Detail">Why it was skipped, what differed, or what threw.</param>
/// <param name="Ratio">The largest ratio of a difference to its tolerance among the check's comparisons (below 1 when it passed).</param>
public sealed record CheckResult(CheckKind Kind, Outcome Outcome, string Detail, double Ratio = 0);

/// <summary>Runs the thirteen checks on a <see cref="FuzzCase"/>.</summary>
public static class FuzzChecks
{
    /// <summary>
    /// Library bugs known and awaiting their fix, so that a long run counts them apart instead of stopping on them: a
    /// fragment of the exception's text and the bug's name. Empty while none is open (the last one, "broadcast_in_dim:
    /// broadcast_dimensions (-1, 0) must be increasing axes" after BroadcastTo + Reshape under Jit, is fixed).
    /// </summary>
    public static readonly (string Fragment, string Bug)[] KnownBugs = [];

    /// <summary>Every check, in order.</summary>
    public static readonly CheckKind[] All = Enum.GetValues<CheckKind>();

    private const double FiniteDifferenceStep = 1e-3;

    /// <summary>
    /// The kink or tie near which the running check's sides may legitimately differ, set by the helpers that fetch
    /// its references (<see cref="Values"/>, <see cref="Derivatives"/>, <see cref="ExamplesHazard"/>) and by the
    /// finite-difference check; a mismatch with a hazard is excused, not reported.
    /// </summary>
    [ThreadStatic] private static string? hazard;

    /// <summary>Runs one check.</summary>
    public static CheckResult Run(FuzzCase c, CheckKind kind)
    {
        TakeLargestRatio();
        hazard = null;
        try
        {
            string? mismatch = kind switch
            {
                CheckKind.EagerVsJit => EagerVsJit(c),
                CheckKind.GradVsJitGrad => Leaves("Jit(Grad)", Derivatives(c).Gradient, Jax.Jit<NDArray[], NDArray[]>(Jax.Grad<NDArray[]>(c.Loss))(c.X), c.DType),
                CheckKind.GradOfJitVsGrad => Leaves("Grad of the jitted " + Segment(c), Derivatives(c).Gradient,
                    Jax.Grad<NDArray[]>(ProgramInterpreter.Loss(c.Program, ProgramInterpreter.Body(c.Program, Wrap.Jit)))(c.X), c.DType),
                CheckKind.JvpOfJitVsJvp => JvpOfJit(c),
                CheckKind.VmapVsLoopFirstAxis => VmapVsLoop(c, 0),
                CheckKind.VmapVsLoopLastAxis => VmapVsLoop(c, -1),
                CheckKind.JitOfVmapVsVmap => JitOfVmap(c),
                CheckKind.VmapOfGradVsLoop => VmapOfGrad(c),
                CheckKind.CheckpointValue => Values(c).Base is var b
                    ? Differ("checkpointed " + Segment(c), b.Out, ProgramInterpreter.Body(c.Program, Wrap.Checkpoint)(c.X), Tolerance(c.DType, b.ErrorScale, b.Magnitude, c.Program.MaxTerms, c.Program.Instructions.Length))
                    : null,
                CheckKind.CheckpointGradient => Leaves("Grad of the checkpointed " + Segment(c), Derivatives(c).Gradient,
                    Jax.Grad<NDArray[]>(ProgramInterpreter.Loss(c.Program, ProgramInterpreter.Body(c.Program, Wrap.Checkpoint)))(c.X), c.DType),
                CheckKind.JvpVsGradDotTangent => JvpVsGradDot(c),
                CheckKind.JvpVsFiniteDifferences => JvpVsFiniteDifferences(c),
                CheckKind.ForwardOverReverseVsReverseOverForward => ForwardOverReverse(c),
                _ => throw new ArgumentOutOfRangeException(nameof(kind)),
            };
            // How close a pass came to failing is only of interest away from hazards.
            double ratio = TakeLargestRatio();
            if (mismatch is null) return new CheckResult(kind, Outcome.Passed, "", hazard is null ? ratio : 0);
            return hazard is null ? new CheckResult(kind, Outcome.Mismatch, mismatch, ratio) : new CheckResult(kind, Outcome.Excused, $"{hazard}: {mismatch}", ratio);
        }
        catch (Exception e)
        {
            var known = KnownBugs.FirstOrDefault(k => e.ToString().Contains(k.Fragment, StringComparison.Ordinal));
            if (known.Bug is not null) return new CheckResult(kind, Outcome.Known, known.Bug);
            if (e is ReferenceFailure { What: "the eager result" })
                return new CheckResult(kind, Outcome.Invalid, e.Message);
            return new CheckResult(kind, Outcome.Mismatch, $"threw {Describe(e)}");
        }
    }

    /// <summary>An exception's type and message, the inner exception's when it wraps one (first line of each).</summary>
    public static string Describe(Exception e)
    {
        var inner = e is ReferenceFailure && e.InnerException is { } i ? i : e;
        string first = inner.Message.Split('\n')[0];
        string where = inner.StackTrace?.Split('\n').FirstOrDefault(l => l.Contains("Functional.AD.", StringComparison.Ordinal) && !l.Contains(".Properties.", StringComparison.Ordinal))?.Trim() ?? "";
        return $"{(e is ReferenceFailure r ? r.What + ": " : "")}{inner.GetType().Name}: {first}{(where.Length > 0 ? " " + where : "")}";
    }

    private static string Segment(FuzzCase c) =>
        c.Program.SegmentFrom == c.Program.SegmentTo ? "program" : $"segment (steps {c.Program.SegmentFrom}..{c.Program.SegmentTo - 1})";

    /// <summary>The case, noting a discontinuity close to its input as the check's hazard.</summary>
    private static FuzzCase Values(FuzzCase c)
    {
        if (c.Base.ValueHazard is { } h) hazard ??= "value jump near " + h;
        return c;
    }

    /// <summary>The case, noting a kink close to its input as the check's hazard.</summary>
    private static FuzzCase Derivatives(FuzzCase c)
    {
        if (c.Base.DerivativeHazard is { } h) hazard ??= "kink near " + h;
        return c;
    }

    private static string? Leaves(string what, Measured expected, NDArray[] actual, DType dtype)
    {
        if (actual.Length != expected.Own.Length) return $"{what}: {actual.Length} leaves, expected {expected.Own.Length}";
        for (int i = 0; i < actual.Length; i++)
            if (Differ($"{what}, leaf {i}", expected.Own[i], actual[i], expected.Tolerance(i, dtype)) is { } d) return d;
        return null;
    }

    /// <summary>Two algorithms for one Hessian-vector product, each with its own measured rounding: the larger tolerance of the two.</summary>
    private static string? ForwardOverReverse(FuzzCase c)
    {
        var forward = Derivatives(c).Hvp;
        var reverse = c.ReverseOverForward;
        for (int i = 0; i < c.X.Length; i++)
        {
            double tol = Math.Max(forward.Tolerance(i, c.DType), reverse.Tolerance(i, c.DType));
            if (Differ($"reverse-over-forward HVP, leaf {i}", forward.Own[i], reverse.Own[i], tol) is { } d) return d;
        }
        return null;
    }

    private static string? EagerVsJit(FuzzCase c)
    {
        var b = Values(c).Base;
        var jitted = Jax.Jit<NDArray[], NDArray>(c.Body);
        double tol = Tolerance(c.DType, b.ErrorScale, b.Magnitude, c.Program.MaxTerms, c.Program.Instructions.Length);
        return Differ("Jit, first call", b.Out, jitted(c.X), tol) ?? Differ("Jit, second call", b.Out, jitted(c.X), tol);
    }

    private static string? JvpOfJit(FuzzCase c)
    {
        var expected = Derivatives(c).Jvp;
        var (primal, tangent) = Jax.Jvp<NDArray[], NDArray>(Jax.Jit<NDArray[], NDArray>(c.Body), c.X, c.V);
        return Leaves("Jvp(Jit) (primal, tangent)", expected, new[] { primal, tangent }, c.DType);
    }

    /// <summary>Notes a discontinuity (or, for derivatives, a kink) close to an example as the check's hazard.</summary>
    private static void ExamplesHazard(FuzzCase c, bool derivatives)
    {
        for (int b = 0; b < c.Examples.Length; b++)
        {
            var e = c.Example(b);
            if ((derivatives ? e.DerivativeHazard : e.ValueHazard) is { } h) hazard ??= $"example {b}: near {h}";
        }
    }

    private static double ExamplesTolerance(FuzzCase c) =>
        Enumerable.Range(0, c.Examples.Length).Max(b => Tolerance(c.DType, c.Example(b).ErrorScale, c.Example(b).Magnitude, c.Program.MaxTerms, c.Program.Instructions.Length));

    private static string? VmapVsLoop(FuzzCase c, int axis)
    {
        ExamplesHazard(c, derivatives: false);
        var loop = Np.Stack(Enumerable.Range(0, c.Examples.Length).Select(b => c.Example(b).Out).ToArray(), axis);
        var mapped = c.Vmapped(c.Body, axis)(c.Stacked(axis));
        return Differ($"Vmap (axis {axis}) against the loop", loop, mapped, ExamplesTolerance(c));
    }

    private static string? JitOfVmap(FuzzCase c)
    {
        ExamplesHazard(c, derivatives: false);
        var stacked = c.Stacked(0);
        var eager = c.Vmapped(c.Body, 0)(stacked);
        var jitted = Jax.Jit<NDArray[], NDArray>(c.Vmapped(c.Body, 0))(stacked);
        return Differ("Jit(Vmap) against Vmap", eager, jitted, 2 * ExamplesTolerance(c));
    }

    private static string? VmapOfGrad(FuzzCase c)
    {
        ExamplesHazard(c, derivatives: true);
        var mapped = c.Vmapped(x => Jax.Grad<NDArray[]>(c.Loss)(x), 0)(c.Stacked(0));
        if (mapped.Length != c.X.Length) return $"Vmap(Grad): {mapped.Length} leaves, expected {c.X.Length}";
        for (int i = 0; i < c.X.Length; i++)
        {
            var loop = Np.Stack(Enumerable.Range(0, c.Examples.Length).Select(b => c.ExampleGradient(b).Own[i]).ToArray());
            double tol = Enumerable.Range(0, c.Examples.Length).Max(b => c.ExampleGradient(b).Tolerance(i, c.DType));
            if (Differ($"Vmap(Grad) against the loop, leaf {i}", loop, mapped[i], tol) is { } d) return d;
        }
        return null;
    }

    /// <summary>The loss tangent of the JVP (Σ tangent·W) in the program's precision, its measured rounding and its magnitude.</summary>
    private static (double Tangent, double Tangent64, double ErrorScale, double Magnitude) LossTangent(FuzzCase c, Measured jvp)
    {
        var own = c.Weighted(jvp.Own[1]);
        var other = c.Weighted(jvp.Other[1]);
        var t64 = c.DType == DType.Float64 ? own : other;
        return (own.Value, t64.Value, ErrorScale(c.DType, Math.Abs(own.Value - other.Value)), t64.AbsSum);
    }

    private static string? JvpVsGradDot(FuzzCase c)
    {
        var (tangent, _, scale, magnitude) = LossTangent(c, Derivatives(c).Jvp);
        var g = c.Gradient;
        double dot = 0;
        for (int i = 0; i < c.X.Length; i++)
        {
            var gi = g.Own[i].AsType(DType.Float64).ToArray<double>();
            var vi = c.V[i].AsType(DType.Float64).ToArray<double>();
            double vAbs = 0;
            for (int e = 0; e < gi.Length; e++)
            {
                dot += gi[e] * vi[e];
                vAbs += Math.Abs(vi[e]);
            }
            scale += vAbs * g.ErrorScales[i];
            magnitude += vAbs * g.Magnitudes[i];
        }
        double tol = Tolerance(c.DType, scale, magnitude, c.Program.MaxTerms, c.Program.Instructions.Length);
        double diff = Math.Abs(tangent - dot);
        Note(diff, tol);
        return diff <= tol || tangent.Equals(dot) ? null
            : string.Create(CultureInfo.InvariantCulture, $"Jvp tangent {tangent:R} against <Grad, v> = {dot:R}: difference {diff:G4} > tolerance {tol:G4}");
    }

    private static string? JvpVsFiniteDifferences(FuzzCase c)
    {
        var jvp = Derivatives(c).Jvp;
        var x = Inspection.Convert(c.X, DType.Float64);
        var v = Inspection.Convert(c.V, DType.Float64);
        double h = FiniteDifferenceStep;
        var frozen = ProgramInterpreter.Values(c.Program, x);
        var signature = Inspection.Signature(c.Program, frozen);
        var at = new Dictionary<double, double>();
        foreach (var s in new[] { h, -h, h / 2, -h / 2 })
        {
            var values = ProgramInterpreter.Values(c.Program, x.Select((a, i) => a + (v[i] * s)).ToArray(), frozen);
            var sig = Inspection.Signature(c.Program, values);
            if (sig.Count != signature.Count || sig.Where((k, i) => !k.AsSpan().SequenceEqual(signature[i])).Any())
                hazard ??= $"a kink lies within {s:G2}·v";
            at[s] = (double)ProgramInterpreter.LossOf(c.Program, values);
        }
        double fd1 = (at[h] - at[-h]) / (2 * h), fd2 = (at[h / 2] - at[-h / 2]) / h;
        var (_, tangent, _, _) = LossTangent(c, jvp);
        var own = c.Weighted(jvp.Own[0]);
        var other = c.Weighted(jvp.Other[0]);
        double valueError = ErrorScale(DType.Float64, Math.Abs(own.Value - other.Value)) + Tolerance(DType.Float64, 0, (c.DType == DType.Float64 ? own : other).AbsSum, c.Program.MaxTerms, c.Program.Instructions.Length);
        double tol = (4 * Math.Abs(fd1 - fd2)) + (1e-7 * (1 + Math.Abs(tangent))) + (8 * valueError / h);
        double diff = Math.Abs(tangent - fd2);
        Note(diff, tol);
        return diff <= tol ? null
            : string.Create(CultureInfo.InvariantCulture, $"f64 Jvp tangent {tangent:R} against finite differences {fd2:R} (step {h / 2}; {fd1:R} at step {h}): difference {diff:G4} > tolerance {tol:G4}");
    }
}
