using System;
using System.Collections.Generic;

namespace Functional.AD;

/// <summary>
/// Parameters of <c>jit</c>: the staged jaxpr (its constants are leading inputs) and the function's name.
/// Equal when they carry the same jaxpr object.
/// </summary>
internal sealed record JitParams(ClosedJaxpr Jaxpr, string Name) : CallParams(Jaxpr)
{
    public override IEnumerable<(string Name, object? Value)> Entries()
    {
        yield return ("name", Name);
        yield return ("jaxpr", Jaxpr);
    }

    /// <summary>JAX prints <c>name</c> first, then the jaxpr.</summary>
    internal override bool KeepEntryOrder => true;

    public bool Equals(JitParams? other) => other is not null && ReferenceEquals(Jaxpr, other.Jaxpr) && Name == other.Name;

    public override int GetHashCode() => HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Jaxpr), Name);
}

/// <summary>
/// The <c>jit</c> primitive: a call of a staged (and, when evaluated, compiled) jaxpr. Its rules transform
/// the carried jaxpr, so every transform composes with <c>Jit</c>: Grad(Jit(f)) differentiates the jaxpr,
/// Jit(Grad(f)) stages the gradient, Vmap(Jit(f)) batches the jaxpr, and nested Jit stays nested.
/// </summary>
internal sealed class JitPrimitive : Primitive<JitParams>, IPartialEvaluationRule
{
    internal static readonly JitPrimitive Instance = new();

    private JitPrimitive() : base("jit") { }

    internal override bool HasTransposeRule => true;

    protected override ArrayType[] ShapeRule(ArrayType[] inputs, JitParams p)
    {
        var j = p.Jaxpr.Jaxpr;
        if (inputs.Length != j.InVarList.Length)
            throw ShapeErrors.Error(Name, $"{p.Name} takes {j.InVarList.Length} arguments, got {inputs.Length}", inputs);
        for (int i = 0; i < inputs.Length; i++)
            if (!inputs[i].SameShapeAndDType(j.InVarList[i].Type))
                throw ShapeErrors.Error(Name, $"argument {i} of {p.Name} must be {j.InVarList[i].Type}", inputs);
        return JaxprTransforms.OutputTypes(j);
    }

    protected override NDArray[] Kernel(NDArray[] args, JitParams p, ArrayType[] outTypes) => p.Executable.Run(args);

    /// <summary>Binds <c>jit</c> with <paramref name="p"/> on <paramref name="args"/> in the current trace.</summary>
    internal static NDArray[] Call(JitParams p, NDArray[] args) => Instance.Bind(args, p);

    protected override (NDArray[] Primals, NDArray?[] Tangents) JvpRule(NDArray[] primals, NDArray?[] tangents, JitParams p)
    {
        var mask = new bool[tangents.Length];
        for (int i = 0; i < mask.Length; i++) mask[i] = tangents[i] is not null;
        var (jvp, outMask) = p.Memo("jvp:" + Key(mask), () =>
        {
            var (j, m) = JaxprTransforms.Jvp(p.Jaxpr, mask);
            return Tuple.Create(new JitParams(j, $"jvp({p.Name})"), m);
        });
        var args = new List<NDArray>(primals);
        foreach (var t in tangents) if (t is not null) args.Add(t);
        var outs = Call(jvp, args.ToArray());
        int n = outMask.Length;
        var ps = outs[..n];
        var ts = new NDArray?[n];
        for (int i = 0, k = n; i < n; i++) if (outMask[i]) ts[i] = outs[k++];
        return (ps, ts);
    }

    /// <summary>Partial evaluation: runs the known part of the jaxpr now and stages the unknown part (with the residuals it needs).</summary>
    public NDArray[] PartialEvaluate(JaxprTrace trace, NDArray[] args, bool[] known, PrimitiveParams parameters)
    {
        var p = (JitParams)parameters;
        var (knownCall, unknownCall, knownOutputs, residuals) = p.Memo("pe:" + Key(known), () =>
        {
            var (k, u, ko, r) = JaxprTransforms.PartialEval(p.Jaxpr.Jaxpr, known);
            return Tuple.Create(new JitParams(k, p.Name), new JitParams(u, p.Name), ko, r);
        });
        var knownArgs = new List<NDArray>();
        var unknownArgs = new List<NDArray>();
        for (int i = 0; i < args.Length; i++) (known[i] ? knownArgs : unknownArgs).Add(args[i]);
        var knownResults = trace.KnownTrace!.Process(this, knownArgs.ToArray(), knownCall);
        int knownCount = knownResults.Length - residuals;
        var stagedArgs = new NDArray[residuals + unknownArgs.Count];
        Array.Copy(knownResults, knownCount, stagedArgs, 0, residuals);
        unknownArgs.CopyTo(stagedArgs, residuals);
        var unknownResults = trace.Stage(this, stagedArgs, unknownCall);
        var outputs = new NDArray[knownOutputs.Length];
        for (int i = 0, ki = 0, ui = 0; i < outputs.Length; i++)
            outputs[i] = knownOutputs[i] ? knownResults[ki++] : unknownResults[ui++];
        return outputs;
    }

    protected override NDArray?[] TransposeRule(NDArray?[] cotangents, TransposeArg[] args, JitParams p)
    {
        var linear = new bool[args.Length];
        for (int i = 0; i < args.Length; i++) linear[i] = args[i].IsLinear;
        var transposed = p.Memo("transpose:" + Key(linear),
            () => new JitParams(JaxprTransforms.Transpose(p.Jaxpr, linear), $"transpose({p.Name})"));
        var outTypes = JaxprTransforms.OutputTypes(p.Jaxpr.Jaxpr);
        var inputs = new List<NDArray>();
        for (int i = 0; i < args.Length; i++) if (!linear[i]) inputs.Add(args[i].KnownValue);
        for (int i = 0; i < cotangents.Length; i++) inputs.Add(cotangents[i] ?? Ops.Zeros(outTypes[i].Strong));
        var cts = Call(transposed, inputs.ToArray());
        var result = new NDArray?[args.Length];
        for (int i = 0, k = 0; i < args.Length; i++) if (linear[i]) result[i] = cts[k++];
        return result;
    }

    protected override (NDArray[] Outputs, int[] OutDims) BatchRule(NDArray[] args, int[] dims, JitParams p, int axisSize)
    {
        var batched = new bool[args.Length];
        var moved = new NDArray[args.Length];
        for (int i = 0; i < args.Length; i++)
        {
            batched[i] = dims[i] != Batching.NotMapped;
            moved[i] = batched[i] ? Batching.MoveAxis(args[i], dims[i], 0) : args[i];
        }
        var (call, outDims) = p.Memo($"vmap:{axisSize}:" + Key(batched), () =>
        {
            var (j, d) = JaxprTransforms.Batch(p.Jaxpr, batched, axisSize);
            return Tuple.Create(new JitParams(j, $"vmap({p.Name})"), d);
        });
        return (Call(call, moved), outDims);
    }

    private static string Key(bool[] mask) => CallParams.Key(mask);
}
