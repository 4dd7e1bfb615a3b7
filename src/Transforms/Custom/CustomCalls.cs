using System;
using System.Collections.Generic;

namespace Functional.AD;

/// <summary>Plumbing shared by the custom-derivative primitives (<c>custom_jvp_call</c>, <c>custom_vjp_call</c>, <c>custom_lin</c>).</summary>
internal static class CustomCalls
{
    /// <summary>
    /// The batched form of a custom call's function: batched over the inputs marked <paramref name="batched"/>
    /// (batch axis first), every output batched along axis 0 (a custom rule mapped with Vmap always returns
    /// batched values, so the function must too). Memoized in <paramref name="p"/>, the parameters carrying <paramref name="call"/>.
    /// </summary>
    internal static ClosedJaxpr BatchedCall(MemoizingParams p, ClosedJaxpr call, bool[] batched, int axisSize) =>
        p.Memo($"vmap-call:{axisSize}:" + MemoizingParams.Key(batched), () =>
        {
            var all = new bool[call.Jaxpr.OutVarList.Length];
            Array.Fill(all, true);
            return JaxprTransforms.Batch(call, batched, axisSize, all).Jaxpr;
        });

    /// <summary>
    /// A custom rule cannot see the tangent of a value the function closes over: differentiating with respect to
    /// one would silently give a wrong derivative, so it is refused.
    /// </summary>
    internal static void RefuseClosedOverTangents(string operation, NDArray[] primals, NDArray?[] tangents, int numConsts)
    {
        for (int i = 0; i < numConsts; i++)
            if (tangents[i] is not null && primals[i].DType.IsFloat())
                throw new ArgumentException(
                    $"{operation}: the function closes over a value that is being differentiated ({primals[i].Type}); its custom " +
                    "rule cannot see that value's tangent, so the derivative would be wrong. Pass the value as an argument of the function instead.");
    }

    /// <summary>Tangents with zeros in place of symbolic zeros.</summary>
    internal static NDArray[] Instantiate(NDArray[] primals, NDArray?[] tangents)
    {
        var result = new NDArray[primals.Length];
        for (int i = 0; i < result.Length; i++) result[i] = tangents[i] ?? Ops.Zeros(primals[i].Type.Strong);
        return result;
    }

    /// <summary>The arguments with their batch axes moved to the front, and which are batched.</summary>
    internal static (NDArray[] Moved, bool[] Batched) MoveToFront(NDArray[] args, int[] dims)
    {
        var moved = new NDArray[args.Length];
        var batched = new bool[args.Length];
        for (int i = 0; i < args.Length; i++)
        {
            batched[i] = dims[i] != Batching.NotMapped;
            moved[i] = batched[i] ? Batching.MoveAxis(args[i], dims[i], 0) : args[i];
        }
        return (moved, batched);
    }

    /// <summary>The batch trace whose batching rule for a custom call is running on this thread (read by the rules it maps).</summary>
    [ThreadStatic] private static Trace? t_batchTrace;

    /// <summary>
    /// Marks <paramref name="batchTrace"/> as the trace batching a custom call until the scope is disposed: the
    /// user's rules the call runs meanwhile are mapped in a batch trace with its identity, so values they close over
    /// that the trace maps are seen as batched (JAX's batch subtrace for custom rules).
    /// </summary>
    internal static BatchScope WithinBatch(Trace batchTrace)
    {
        var previous = t_batchTrace;
        t_batchTrace = batchTrace;
        return new BatchScope(previous);
    }

    /// <summary>Restores the previous batching trace when disposed.</summary>
    internal readonly struct BatchScope : IDisposable
    {
        private readonly Trace? _previous;
        internal BatchScope(Trace? previous) => _previous = previous;
        public void Dispose() => t_batchTrace = _previous;
    }

    /// <summary>
    /// Runs a rule over two lists of arrays on a batch: <paramref name="first"/>[i] is batched along axis 0 when
    /// <paramref name="firstBatched"/>[i]; an array of <paramref name="second"/> (tangents or cotangents of the
    /// first) is batched when its rank is one more than its example's. Every output is batched along axis 0. The
    /// rule runs in a batch trace with the identity of the trace batching the call (<see cref="WithinBatch"/>), so
    /// a value it closes over that this Vmap maps is batched too, even when none of the rule's inputs is.
    /// </summary>
    internal static (NDArray[] A, NDArray[] B) VmapPairs(
        NDArray[] first, NDArray[] second, bool[] firstBatched, int axisSize, Func<NDArray[], NDArray[], (NDArray[] A, NDArray[] B)> rule,
        IReadOnlyList<int>? secondExampleRanks = null)
    {
        var outer = t_batchTrace;
        var trace = new BatchTrace(TraceContext.Current, axisSize, (outer as BatchTrace)?.AxisName, outer?.Tag);
        int n = first.Length;
        var a = new NDArray[n];
        var b = new NDArray[second.Length];
        for (int i = 0; i < n; i++) a[i] = firstBatched[i] ? new BatchTracer(trace, first[i], 0) : first[i];
        for (int i = 0; i < second.Length; i++)
        {
            int exampleRank = secondExampleRanks?[i] ?? (first[i].Rank - (firstBatched[i] ? 1 : 0));
            b[i] = second[i].Rank == exampleRank + 1 ? new BatchTracer(trace, second[i], 0) : second[i];
        }
        (NDArray[] A, NDArray[] B) results;
        t_batchTrace = null;   // custom calls inside the rule are batched by traces of their own
        try
        {
            using (TraceContext.EnterUserFunction(trace)) results = rule(a, b);
        }
        finally
        {
            t_batchTrace = outer;
            trace.End();
        }
        var ra = new NDArray[results.A.Length];
        var rb = new NDArray[results.B.Length];
        for (int i = 0; i < ra.Length; i++) ra[i] = trace.Unpack(results.A[i], 0);
        for (int i = 0; i < rb.Length; i++) rb[i] = trace.Unpack(results.B[i], 0);
        return (ra, rb);
    }
}
