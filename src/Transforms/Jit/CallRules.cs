using System;
using System.Collections.Generic;

namespace Functional.AD;

/// <summary>
/// The JVP, transpose and batching rules shared by the call primitives (<c>jit</c>, <c>checkpoint</c>): each
/// transforms the carried jaxpr once (memoized in the parameters) and calls the result with the same
/// primitive, with parameters made by <c>derive</c> from the transformed jaxpr and the transform's name.
/// </summary>
internal static class CallRules
{
    /// <summary>
    /// The shape rule of a call of <paramref name="callee"/> (described in messages as <paramref name="description"/>):
    /// the inputs must have its input types; the outputs are its output types.
    /// </summary>
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
        var (call, outDims) = p.Memo($"vmap:{axisSize}:" + CallParams.Key(batched), () =>
        {
            var (j, d) = JaxprTransforms.Batch(p.Jaxpr, batched, axisSize);
            return Tuple.Create(derive(j, "vmap"), d);
        });
        return (primitive.Bind(moved, call), outDims);
    }
}
