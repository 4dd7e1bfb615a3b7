using System;
using System.Runtime.CompilerServices;
using System.Threading;

namespace Functional.AD;

/// <summary>
/// Jacobians called eagerly, staged: <c>Jacfwd(f)(x)</c> and <c>Jacrev(f)(x)</c> (and so <c>Hessian</c>) are traced
/// into one jaxpr (the linearization of f and the batched push-forward or pullback of all basis vectors), compiled
/// like <c>Jit</c> compiles, and run (see <see cref="EagerStaging"/> for what is traced and what is cached). Run op by
/// op, the batched elementwise work on the [size, size] basis goes one operation at a time (four or five passes over
/// an n x n array for tanh(A x)); compiled, it is one fused pass.
/// Falls back to the op-by-op path (returns null) when a transform is already running, when x is not a concrete
/// array, when it has fewer than <see cref="MinElements"/> elements, when the trace needs a concrete value (f
/// branches on one): then f is remembered as such and not traced first again; or when f's code keeps compiling new
/// programs (<see cref="EagerStaging.KeepsRecompiling"/>).
/// </summary>
internal static class StagedJacobian
{
    private static long _staged;

    /// <summary>
    /// The least number of input elements for which the call is staged: below it, the staged call's extra tracing and
    /// program lookup cost more than fusion saves. Measured warm on one core (op by op against staged): 32 elements
    /// 26.9 / 27.5 µs for an elementwise function and 42.4 / 45.2 µs for tanh(A x) * x; 64 elements 44.5 / 31.9 and
    /// 55.6 / 51.8 µs; 192 elements 191 / 75.6 and 285 / 138 µs. Settable for tests.
    /// </summary>
    internal static int MinElements { get; set; } = 32;

    /// <summary>How many calls ran staged since the process started (for tests).</summary>
    internal static long Staged => Interlocked.Read(ref _staged);

    /// <summary>
    /// The Jacobian <paramref name="jacobian"/> computes at <paramref name="x"/> (op by op when called directly),
    /// computed by one compiled program, or null when the call should go op by op (see the type's summary).
    /// </summary>
    /// <param name="f">The user's function (the key of what staging remembers: functions that need concrete values, code that keeps recompiling).</param>
    /// <param name="x">The argument.</param>
    /// <param name="jacobian">The op-by-op Jacobian of f.</param>
    /// <param name="operation">The transform's name.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static NDArray? TryRun(Delegate f, NDArray x, Func<NDArray, NDArray> jacobian, string operation)
    {
        if (!EagerStaging.MayStage || x is not ConcreteArray || x.Size < MinElements || !x.DType.IsFloat()
            || EagerStaging.NeedsConcreteValues(f) || EagerStaging.KeepsRecompiling(f))
            return null;
        var outs = EagerStaging.TryRun(operation, f, [x], ins => [jacobian(ins[0])]);
        if (outs is null)
        {
            EagerStaging.RememberNeedsConcreteValues(f);
            return null;
        }
        Interlocked.Increment(ref _staged);
        return outs[0];
    }
}
