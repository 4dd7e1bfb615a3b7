using System;
using System.Runtime.CompilerServices;
using System.Collections.Generic;

namespace Functional.AD;

/// <summary>
/// The JVP, transpose, batching and dead-code rules shared by the call primitives (<c>jit</c>, <c>checkpoint</c>): each
/// transforms the carried jaxpr once (memoized in the parameters) and calls the result with the same
/// primitive, with parameters made by <c>derive</c> from the transformed jaxpr and the transform's name.
/// </summary>
internal static class CallRules
{
    /// <summary>
    /// The shape rule of a call of <paramref name="callee"/> (described in messages as <paramref name="description"/>):
    /// the inputs must have its input types; the outputs are its output types.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static ArrayType[] ShapeRule(string primitive, string description, ClosedJaxpr callee, ArrayType[] inputs)
    {
        var j = callee.Jaxpr;
        if (inputs.Length != j.InVarList.Length)
            throw ShapeErrors.Error(primitive, $"{description} takes {j.InVarList.Length} arguments, got {inputs.Length}", inputs);
        for (int i = 0; i < inputs.Length; i++)
            if (!inputs[i].SameShapeAndDType(j.InVarList[i].Type))
                throw ShapeErrors.Error(primitive, $"argument {i} of {description} must be {j.InVarList[i].Type}", inputs);
        return JaxprTransforms.OutputTypes(j);
    }

    /// <summary>
    /// How a call splits under partial evaluation: <paramref name="KnownCall"/> maps the known arguments to the known
    /// outputs followed by the residuals it computes; <paramref name="UnknownCall"/> maps every residual followed by
    /// the unknown arguments to the unknown outputs. <paramref name="ResidualInputs"/> gives, per residual, the
    /// argument it is (passed straight through) or -1 when the known call computes it.
    /// </summary>
    internal sealed record CallSplit<TP>(TP KnownCall, TP UnknownCall, bool[] KnownOutputs, int[] ResidualInputs) where TP : CallParams;

    /// <summary>
    /// The partial-evaluation rule: runs the known call now (in the trace known values go to), stages the unknown
    /// call with the residuals it needs, and returns the outputs in their original order.
    /// </summary>
    internal static NDArray[] PartialEvaluate<TP>(Primitive primitive, JaxprTrace trace, NDArray[] args, bool[] known, CallSplit<TP> split)
        where TP : CallParams
    {
        var knownArgs = new List<NDArray>();
        var unknownArgs = new List<NDArray>();
        for (int i = 0; i < args.Length; i++) (known[i] ? knownArgs : unknownArgs).Add(args[i]);
        var knownResults = trace.KnownTrace!.Process(primitive, knownArgs.ToArray(), split.KnownCall);
        int residuals = split.ResidualInputs.Length;
        var stagedArgs = new NDArray[residuals + unknownArgs.Count];
        int next = knownResults.Length;
        foreach (int input in split.ResidualInputs) if (input < 0) next--;
        for (int r = 0; r < residuals; r++)
            stagedArgs[r] = split.ResidualInputs[r] >= 0 ? args[split.ResidualInputs[r]] : knownResults[next++];
        unknownArgs.CopyTo(stagedArgs, residuals);
        var unknownResults = trace.Stage(primitive, stagedArgs, split.UnknownCall);
        var outputs = new NDArray[split.KnownOutputs.Length];
        for (int i = 0, ki = 0, ui = 0; i < outputs.Length; i++)
            outputs[i] = split.KnownOutputs[i] ? knownResults[ki++] : unknownResults[ui++];
        return outputs;
    }

    /// <summary>The JVP rule: calls the JVP of the jaxpr on the primals and the non-zero tangents.</summary>
    internal static (NDArray[] Primals, NDArray?[] Tangents) Jvp<TP>(
        Primitive primitive, TP p, NDArray[] primals, NDArray?[] tangents, Func<ClosedJaxpr, string, TP> derive)
        where TP : CallParams
    {
        var mask = new bool[tangents.Length];
        for (int i = 0; i < mask.Length; i++) mask[i] = tangents[i] is not null;
        var (jvp, outMask) = p.Memo("jvp:" + CallParams.Key(mask), () =>
        {
            var (j, m) = JaxprTransforms.Jvp(p.Jaxpr, mask);
            return Tuple.Create(derive(j, "jvp"), m);
        });
        var args = new List<NDArray>(primals);
        foreach (var t in tangents) if (t is not null) args.Add(t);
        var outs = primitive.Bind(args.ToArray(), jvp);
        int n = outMask.Length;
        var ps = outs[..n];
        var ts = new NDArray?[n];
        for (int i = 0, k = n; i < n; i++) if (outMask[i]) ts[i] = outs[k++];
        return (ps, ts);
    }

    /// <summary>The transpose rule: calls the transposed jaxpr on the known inputs and the output cotangents.</summary>
    internal static NDArray?[] Transpose<TP>(
        Primitive primitive, TP p, NDArray?[] cotangents, TransposeArg[] args, Func<ClosedJaxpr, string, TP> derive)
        where TP : CallParams
    {
        var linear = new bool[args.Length];
        for (int i = 0; i < args.Length; i++) linear[i] = args[i].IsLinear;
        var transposed = p.Memo("transpose:" + CallParams.Key(linear), () => derive(JaxprTransforms.Transpose(p.Jaxpr, linear), "transpose"));
        var outTypes = JaxprTransforms.OutputTypes(p.Jaxpr.Jaxpr);
        var inputs = new List<NDArray>();
        for (int i = 0; i < args.Length; i++) if (!linear[i]) inputs.Add(args[i].KnownValue);
        for (int i = 0; i < cotangents.Length; i++) inputs.Add(cotangents[i] ?? Ops.Zeros(outTypes[i].Strong));
        var cts = primitive.Bind(inputs.ToArray(), transposed);
        var result = new NDArray?[args.Length];
        for (int i = 0, k = 0; i < args.Length; i++) if (linear[i]) result[i] = cts[k++];
        return result;
    }

    /// <summary>The batching rule: moves batch axes to the front and calls the batched jaxpr.</summary>
    internal static (NDArray[] Outputs, int[] OutDims) Batch<TP>(
        Primitive primitive, TP p, NDArray[] args, int[] dims, int axisSize, Func<ClosedJaxpr, string, TP> derive)
        where TP : CallParams
    {
        var batched = new bool[args.Length];
        var moved = new NDArray[args.Length];
        for (int i = 0; i < args.Length; i++)
        {
            batched[i] = dims[i] != Batching.NotMapped;
            moved[i] = batched[i] ? Batching.MoveAxis(args[i], dims[i], 0) : args[i];
        }
        var (call, outDims) = p.Memo($"vmap:{axisSize}:{AxisEnv.BatchingName}:" + CallParams.Key(batched), () =>
        {
            var (j, d) = JaxprTransforms.Batch(p.Jaxpr, batched, axisSize);
            return Tuple.Create(derive(j, "vmap"), d);
        });
        return (primitive.Bind(moved, call), outDims);
    }

    /// <summary>
    /// The dead-code rule: the call of the jaxpr pruned to the used outputs (<see cref="DeadCodeElimination.Prune"/>),
    /// taking only the arguments it reads; null when nothing is pruned.
    /// </summary>
    internal static Equation? Prune<TP>(Equation eqn, bool[] usedOutputs, TP p, Func<ClosedJaxpr, TP> derive) where TP : CallParams
    {
        var (j, usedInputs) = DeadCodeElimination.Prune(p.Jaxpr, usedOutputs);
        if (ReferenceEquals(j, p.Jaxpr)) return null;
        return new Equation(eqn.Primitive, DeadCodeElimination.Select(eqn.Inputs, usedInputs),
            DeadCodeElimination.Select(eqn.Outputs, usedOutputs), derive(j));
    }
}
