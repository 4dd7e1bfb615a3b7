using System.Runtime.CompilerServices;
using System.Collections.Generic;

namespace Functional.AD;

/// <summary>
/// Transformations of whole jaxprs, which higher-order primitives (jit, checkpoint, control flow, custom
/// derivatives) use to transform the computation they carry: each is obtained by staging the ordinary transform
/// (the JVP trace, the backward pass, the batch trace) over an evaluation of the jaxpr.
/// </summary>
internal static class JaxprTransforms
{
    /// <summary>The input types of a jaxpr.</summary>
    internal static ArrayType[] InputTypes(Jaxpr j)
    {
        var types = new ArrayType[j.InVarList.Length];
        for (int i = 0; i < types.Length; i++) types[i] = j.InVarList[i].Type;
        return types;
    }

    /// <summary>The output types of a jaxpr.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static ArrayType[] OutputTypes(Jaxpr j)
    {
        var types = new ArrayType[j.OutVarList.Length];
        for (int i = 0; i < types.Length; i++) types[i] = j.OutVarList[i].Type;
        return types;
    }

    /// <summary>
    /// The JVP of a jaxpr: inputs are its inputs followed by the tangents of those marked in
    /// <paramref name="tangentNonZero"/>; outputs are its outputs followed by the output tangents that are
    /// not symbolically zero (marked in the returned mask). Outputs marked in <paramref name="instantiate"/> always
    /// get a tangent (zeros when it is symbolically zero), so that callers can require a fixed tangent layout.
    /// </summary>
    internal static (ClosedJaxpr Jaxpr, bool[] OutTangentNonZero) Jvp(ClosedJaxpr j, bool[] tangentNonZero, bool[]? instantiate = null)
    {
        var primalTypes = InputTypes(j.Jaxpr);
        var types = new List<ArrayType>(primalTypes);
        for (int i = 0; i < primalTypes.Length; i++) if (tangentNonZero[i]) types.Add(primalTypes[i].Strong);
        bool[]? outMask = null;
        var jvp = JaxprTrace.StageFunction("Jvp", types, ins =>
        {
            int n = primalTypes.Length;
            var primals = ins[..n];
            var tangents = new NDArray?[n];
            for (int i = 0, k = n; i < n; i++) if (tangentNonZero[i]) tangents[i] = ins[k++];
            var (ps, ts) = Differentiation.Jvp(args => JaxprInterpreter.Eval(j.Jaxpr, j.ConstList, args), primals, tangents, "Jvp");
            outMask = new bool[ps.Length];
            var outs = new List<NDArray>(ps);
            for (int i = 0; i < ts.Length; i++)
            {
                var t = ts[i] ?? (instantiate is not null && instantiate[i] ? Ops.Zeros(ps[i].Type.Strong) : null);
                if (t is not null) { outMask[i] = true; outs.Add(t); }
            }
            return outs.ToArray();
        });
        return (jvp, outMask!);
    }

    /// <summary>
    /// Splits a jaxpr (without constants) by which inputs are known: the known jaxpr maps the known inputs to
    /// the known outputs followed by residuals; the unknown jaxpr maps the residuals followed by the unknown
    /// inputs to the unknown outputs. An equation is known when all its inputs are. Outputs marked in
    /// <paramref name="instantiate"/> are produced by the unknown side even when known (passed across as residuals).
    /// </summary>
    internal static (ClosedJaxpr Known, ClosedJaxpr Unknown, bool[] KnownOutputs, int Residuals) PartialEval(ClosedJaxpr j, bool[] knownInputs, bool[]? instantiate = null)
    {
        var r = PartialEvalDetailed(j, knownInputs, instantiate);
        return (r.Known, r.Unknown, r.KnownOutputs, r.ResidualInputs.Length);
    }

    /// <summary>
    /// The result of <see cref="PartialEvalDetailed"/>: the two sides, which outputs are known, and for each
    /// residual the index of the jaxpr input it is (or -1 when an equation computes it).
    /// </summary>
    /// <param name="Known">Known inputs to known outputs followed by the residuals.</param>
    /// <param name="Unknown">Residuals followed by the unknown inputs to the unknown outputs.</param>
    /// <param name="KnownOutputs">Which outputs the known side computes.</param>
    /// <param name="ResidualInputs">Per residual: the jaxpr input it is, or -1.</param>
    internal sealed record PartialEvalResult(ClosedJaxpr Known, ClosedJaxpr Unknown, bool[] KnownOutputs, int[] ResidualInputs);

    /// <summary>
    /// <see cref="PartialEval"/>, also telling which residuals are inputs of the jaxpr. Runs the jaxpr once in a
    /// partial-evaluation trace over a staging trace, the way <c>Linearize</c> works: an equation with only known
    /// inputs is recorded on the known side, one with unknown inputs on the unknown side, and a higher-order
    /// primitive with mixed inputs (jit, checkpoint, scan, cond) splits itself by its own partial-evaluation rule,
    /// so known work nested inside it stays known.
    /// </summary>
    internal static PartialEvalResult PartialEvalDetailed(ClosedJaxpr closed, bool[] knownInputs, bool[]? instantiate = null)
    {
        var j = closed.Jaxpr;
        var knownTrace = new JaxprTrace("partial eval (known)");
        var unknownTrace = new JaxprTrace("partial eval (unknown)", forwardKnownTo: knownTrace);
        var args = new NDArray[j.InVarList.Length];
        var inputOf = new Dictionary<NDArray, int>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < args.Length; i++)
        {
            var t = j.InVarList[i].Type;
            args[i] = knownInputs[i] ? knownTrace.NewInput(t) : unknownTrace.NewInput(t);
            if (knownInputs[i]) inputOf[args[i]] = i;
        }
        NDArray[] outs;
        try
        {
            using (TraceContext.Enter(unknownTrace)) outs = JaxprInterpreter.Eval(j, closed.ConstList, args);
        }
        catch
        {
            unknownTrace.End();
            knownTrace.End();
            throw;
        }
        var knownOutputs = new bool[outs.Length];
        var unknownOuts = new List<NDArray>();
        var knownOuts = new List<NDArray>();
        for (int i = 0; i < outs.Length; i++)
        {
            knownOutputs[i] = !unknownTrace.Owns(outs[i]) && !(instantiate is not null && instantiate[i]);
            (knownOutputs[i] ? knownOuts : unknownOuts).Add(outs[i]);
        }
        var unknownClosed = unknownTrace.Build(unknownOuts);
        unknownTrace.End();
        var residuals = unknownClosed.ConstList;
        knownOuts.AddRange(residuals);
        var knownClosed = knownTrace.Build(knownOuts);
        knownTrace.End();
        // The unknown side takes its residuals (its constants) as leading inputs.
        var unknownJaxpr = unknownClosed.WithConstantsAsInputs();
        var residualInputs = new int[residuals.Length];
        for (int i = 0; i < residualInputs.Length; i++) residualInputs[i] = inputOf.TryGetValue(residuals[i], out int k) ? k : -1;
        return new PartialEvalResult(knownClosed, unknownJaxpr, knownOutputs, residualInputs);
    }

    /// <summary>
    /// The transpose of a jaxpr linear in the inputs marked <paramref name="linearInputs"/>: inputs are the
    /// non-linear inputs followed by one cotangent per output; outputs are the cotangents of the linear inputs.
    /// </summary>
    internal static ClosedJaxpr Transpose(ClosedJaxpr j, bool[] linearInputs)
    {
        var inTypes = InputTypes(j.Jaxpr);
        var outTypes = OutputTypes(j.Jaxpr);
        var types = new List<ArrayType>();
        for (int i = 0; i < inTypes.Length; i++) if (!linearInputs[i]) types.Add(inTypes[i]);
        foreach (var t in outTypes) types.Add(t.Strong);
        return JaxprTrace.StageFunction("transpose", types, ins =>
        {
            var values = new NDArray?[inTypes.Length];
            int k = 0;
            for (int i = 0; i < inTypes.Length; i++) if (!linearInputs[i]) values[i] = ins[k++];
            var cts = new NDArray?[outTypes.Length];
            for (int i = 0; i < cts.Length; i++) cts[i] = ins[k++];
            var inCts = BackwardPass.Run(j.Jaxpr, j.ConstList, values, cts, "transpose");
            var outs = new List<NDArray>();
            for (int i = 0; i < inTypes.Length; i++)
                if (linearInputs[i]) outs.Add(inCts[i] ?? Ops.Zeros(inTypes[i].Strong));
            return outs.ToArray();
        });
    }

    /// <summary>
    /// A jaxpr batched over the inputs marked <paramref name="batchedInputs"/> (batch axis first, size
    /// <paramref name="axisSize"/>); each output is batched along axis 0 or not batched (returned dims). Outputs
    /// marked in <paramref name="instantiate"/> are always batched (an unbatched one is broadcast).
    /// </summary>
    internal static (ClosedJaxpr Jaxpr, int[] OutDims) Batch(ClosedJaxpr j, bool[] batchedInputs, int axisSize, bool[]? instantiate = null)
    {
        var inTypes = InputTypes(j.Jaxpr);
        var types = new ArrayType[inTypes.Length];
        for (int i = 0; i < types.Length; i++)
            types[i] = batchedInputs[i] ? inTypes[i] with { Shape = Batching.Prepend(axisSize, inTypes[i].Shape) } : inTypes[i];
        int[]? outDims = null;
        var axisName = AxisEnv.BatchingName;   // the Vmap axis whose batching rule batches this jaxpr (collectives name it)
        var batched = JaxprTrace.StageFunction("Vmap", types, ins =>
        {
            var trace = new BatchTrace(TraceContext.Current, axisSize, axisName);
            var args = new NDArray[ins.Length];
            for (int i = 0; i < ins.Length; i++) args[i] = batchedInputs[i] ? new BatchTracer(trace, ins[i], 0) : ins[i];
            NDArray[] outs;
            try
            {
                using (TraceContext.Enter(trace)) outs = JaxprInterpreter.Eval(j.Jaxpr, j.ConstList, args);
            }
            finally
            {
                trace.End();
            }
            outDims = new int[outs.Length];
            var results = new NDArray[outs.Length];
            for (int i = 0; i < outs.Length; i++)
            {
                var (value, dim) = trace.UnpackOrUnbatched(outs[i]);
                if (dim == Batching.NotMapped && instantiate is not null && instantiate[i])
                {
                    value = Batching.BroadcastBatch(value, axisSize);
                    dim = 0;
                }
                results[i] = dim == Batching.NotMapped ? value : Batching.MoveAxis(value, dim, 0);
                outDims[i] = dim == Batching.NotMapped ? Batching.NotMapped : 0;
            }
            return results;
        });
        return (batched, outDims!);
    }

}
