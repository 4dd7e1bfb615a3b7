using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;

namespace Functional.AD;

/// <summary>
/// A function whose forward-mode derivative <see cref="StagedJvp"/> runs as one compiled program when called eagerly:
/// a reverse-mode derivative (the functions <c>Grad</c> and <c>ValueAndGrad</c> return), so that <c>Jvp(Grad(f))</c>
/// and <c>Hvp</c> cost about a jitted call instead of two traced levels and a transposition per operation.
/// </summary>
internal interface IStagedUnderJvp
{
    /// <summary>
    /// Set once staging this function needed a concrete value (C# control flow on a traced value): its later forward
    /// derivatives (and those of other derivatives of the same user function) go op by op at once, without tracing first.
    /// </summary>
    bool NeedsConcreteValues { get; set; }

    /// <summary>The user's function this one differentiates.</summary>
    Delegate UserFunction { get; }
}

/// <summary>
/// Forward over reverse, staged: the eager <c>Jvp</c> of a reverse-mode derivative is traced into one jaxpr (the
/// function, its linearization, the transposition and the tangents of all three), compiled like <c>Jit</c> compiles,
/// and run (see <see cref="EagerStaging"/> for what is traced and what is cached).
/// Falls back to the op-by-op path (returns null) when a transform is already running (the caller is being traced,
/// batched or differentiated: staging there is the outer transform's business), when the inputs are too small for
/// the trace to pay (<see cref="MinElements"/>), when the trace needs a concrete value (the function branches on
/// one): then the function has run partly once more, and is remembered as one that needs concrete values, so it
/// does not again; or when the function's code keeps compiling new programs (<see cref="EagerStaging.KeepsRecompiling"/>).
/// Other exceptions of the trace (the function's own, a shape error) propagate as the op-by-op path would throw them.
/// </summary>
internal static class StagedJvp
{
    private static long _staged;

    /// <summary>
    /// The least number of primal elements (all leaves together) for which the call is staged: below it, tracing and
    /// looking the program up cost more than the op-by-op path's per-operation overhead saves. Settable for tests.
    /// </summary>
    internal static int MinElements { get; set; } = 1024;

    /// <summary>How many calls ran staged since the process started (for tests).</summary>
    internal static long Staged => Interlocked.Read(ref _staged);

    /// <summary>
    /// The outputs of <paramref name="jvp"/> (the op-by-op forward derivative of <paramref name="function"/>: primal
    /// and tangent leaves in, primal outputs then tangent outputs out) computed by one compiled program, or null when
    /// the call should go op by op (see the type's summary).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static NDArray[]? TryRun(IStagedUnderJvp function, Func<NDArray[], NDArray[], NDArray[]> jvp,
        NDArray[] primals, IReadOnlyList<NDArray> tangents)
    {
        if (!EagerStaging.MayStage || primals.Length != tangents.Count) return null;
        int n = primals.Length;
        var args = new NDArray[2 * n];
        long elements = 0;
        for (int i = 0; i < n; i++)
        {
            if (primals[i] is not ConcreteArray p || tangents[i] is not ConcreteArray t) return null;
            (args[i], args[n + i]) = (p, t);
            elements += p.Size;
        }
        if (elements < MinElements || function.NeedsConcreteValues || EagerStaging.KeepsRecompiling(function.UserFunction)) return null;
        var outs = EagerStaging.TryRun("Jvp", function.UserFunction, args, ins => jvp(ins[..n], ins[n..]));
        if (outs is null)
        {
            function.NeedsConcreteValues = true;
            return null;
        }
        Interlocked.Increment(ref _staged);
        return outs;
    }
}
