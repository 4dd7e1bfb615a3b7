using System;
using System.Runtime.CompilerServices;
using System.Threading;

namespace Functional.AD;

/// <summary>
/// Transforms called eagerly that run as one compiled program instead of op by op (forward over reverse, see
/// <see cref="StagedJvp"/>; Jacobians, see <see cref="StagedJacobian"/>): the transformed function is traced into one
/// jaxpr on every call, so its side effects happen once per call and the values it captures are read afresh
/// (closed-over arrays become inputs of the compiled program, not baked into it); only the compiled program is
/// cached, by the jaxpr's structure (<see cref="JaxprStructure"/>), so an unchanged function at unchanged types
/// compiles once. This class owns that cache, the memory of user functions whose trace needed a concrete value, and the
/// memory of user code whose staged programs keep changing (see <see cref="KeepsRecompiling"/>).
/// </summary>
internal static class EagerStaging
{
    /// <summary>How many compiled programs are kept, across all functions (least recently used dropped first).</summary>
    internal const int ProgramCapacity = 64;

    private static readonly SignatureCache<JaxprStructure, JaxprExecutable> Programs = new(ProgramCapacity);

    /// <summary>
    /// The user functions whose staging needed a concrete value (C# control flow on a traced value), so that later
    /// staged transforms of the same delegate (<c>Hvp(f, x, v)</c> builds a new gradient per call) go op by op at
    /// once. Weak: it keeps no function alive.
    /// </summary>
    private static readonly ConditionalWeakTable<Delegate, object> NeedConcreteValues = new();

    /// <summary>The value stored for a function in <see cref="NeedConcreteValues"/> (only the key matters).</summary>
    private static readonly object Remembered = new();

    /// <summary>
    /// After this many compilations in a row for the same user code, its later calls go op by op: the programs it stages
    /// keep changing (a number it captures, such as a time step, differs on every call and is a literal of the jaxpr, or
    /// its shapes do), and compiling costs far more than running op by op (3.6 ms against 0.45 ms per call measured for
    /// the Jacobian of a 256-element function capturing a changing double). Settable for tests.
    /// </summary>
    internal static int MaxConsecutiveCompilations { get; set; } = 3;

    /// <summary>How many compilations in a row each piece of user code has caused, and whether it now goes op by op.</summary>
    private sealed class CompilationRecord
    {
        internal int Consecutive;
        internal volatile bool OpByOp;
    }

    /// <summary>
    /// The records of <see cref="MaxConsecutiveCompilations"/>, keyed by the user's method (so that the new closure a
    /// loop makes on every iteration counts as the same code) or, for a delegate the library made (a gradient, a
    /// Jacobian), by the delegate itself. Weak: it keeps nothing alive.
    /// </summary>
    private static readonly ConditionalWeakTable<object, CompilationRecord> Compilations = new();

    /// <summary>The key of <paramref name="f"/> in <see cref="Compilations"/>.</summary>
    private static object CodeOf(Delegate f) =>
        f.Method.Module.Assembly == typeof(EagerStaging).Assembly ? f : f.Method;

    /// <summary>
    /// True once staged transforms of <paramref name="f"/>'s code compiled a new program on
    /// <see cref="MaxConsecutiveCompilations"/> calls in a row: its calls go op by op from then on.
    /// </summary>
    internal static bool KeepsRecompiling(Delegate f) => Compilations.TryGetValue(CodeOf(f), out var r) && r.OpByOp;

    /// <summary>Counts a staged call of <paramref name="f"/> that compiled a program (or reset the count when it found one).</summary>
    private static void RecordCompilation(Delegate f, bool compiled)
    {
        var record = Compilations.GetValue(CodeOf(f), static _ => new CompilationRecord());
        if (!compiled) Volatile.Write(ref record.Consecutive, 0);
        else if (Interlocked.Increment(ref record.Consecutive) >= MaxConsecutiveCompilations) record.OpByOp = true;
    }

    /// <summary>How many compiled programs are cached (for tests).</summary>
    internal static int CachedPrograms => Programs.Count;

    /// <summary>
    /// True when a call made here may be staged: no transform is running (under one, staging is the outer transform's
    /// business), and neither <c>Jax.DebugNans</c> nor <c>Jax.DebugInfs</c> is on (the op-by-op call computes every
    /// primal value, as JAX's eager transforms do, so a NaN in a value the derivative does not need still stops it;
    /// a compiled program drops such values as dead code).
    /// </summary>
    internal static bool MayStage => TraceContext.Current == EvalTrace.Instance && !NumericChecks.Nans && !NumericChecks.Infs;

    /// <summary>True once staging a transform of <paramref name="f"/> needed a concrete value.</summary>
    internal static bool NeedsConcreteValues(Delegate f) => NeedConcreteValues.TryGetValue(f, out _);

    /// <summary>Remembers that staging a transform of <paramref name="f"/> needed a concrete value.</summary>
    internal static void RememberNeedsConcreteValues(Delegate f) => NeedConcreteValues.AddOrUpdate(f, Remembered);

    /// <summary>
    /// The outputs of <paramref name="f"/> at the concrete <paramref name="args"/>, computed by tracing it at their
    /// types and running the compiled program; null when the trace needed a concrete value (the function has then run
    /// partly once). Other exceptions of the trace propagate as the op-by-op call would throw them.
    /// </summary>
    /// <param name="operation">The transform, for the jaxpr's description and errors.</param>
    /// <param name="user">The user's function being transformed (for <see cref="KeepsRecompiling"/>).</param>
    /// <param name="args">The arguments (concrete arrays).</param>
    /// <param name="f">The transformed function over the arguments' leaves.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static NDArray[]? TryRun(string operation, Delegate user, NDArray[] args, Func<NDArray[], NDArray[]> f)
    {
        var types = new ArrayType[args.Length];
        for (int i = 0; i < args.Length; i++) types[i] = args[i].Type;
        ClosedJaxpr closed;
        try
        {
            closed = JaxprTrace.StageFunction(operation, types, f);
        }
        catch (ConcretizationException)
        {
            return null;
        }
        var program = closed.WithConstantsAsInputs();
        var executable = Programs.GetOrBuild(new JaxprStructure(program.Jaxpr), () => JaxprCompiler.Compile(program),
            static _ => true, out bool compiled, out _);
        RecordCompilation(user, compiled);
        var inputs = args;
        if (closed.ConstList.Length > 0)
        {
            inputs = new NDArray[closed.ConstList.Length + args.Length];
            closed.ConstList.CopyTo(inputs);
            args.CopyTo(inputs, closed.ConstList.Length);
        }
        return executable.Run(inputs);
    }
}
