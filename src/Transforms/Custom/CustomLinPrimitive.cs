using System;
using System.Collections.Generic;
using System.Linq;

namespace Functional.AD;

/// <summary>
/// Parameters of <c>custom_lin</c>: the custom-VJP function it linearizes (for its backward pass, and for the
/// forward-mode fallback) and the layout of its operands: the function's constants and operands, the residuals
/// of the user's forward pass, then one tangent per operand. The carried jaxpr (the base record's) computes the
/// forward-mode value: the JVP of the function along the tangents.
/// </summary>
/// <param name="ForwardTangent">(constants, operands, residuals, tangents) to the output tangents: the JVP of the function.</param>
/// <param name="Vjp">The custom-VJP call it belongs to.</param>
/// <param name="NumResiduals">How many residuals.</param>
internal sealed record CustomLinParams(ClosedJaxpr ForwardTangent, CustomVjpParams Vjp, int NumResiduals) : CallParams(ForwardTangent)
{
    /// <summary>How many operands (and tangents).</summary>
    internal int NumOperands => Vjp.Call.Jaxpr.InVarList.Length - Vjp.NumConsts;

    public override IEnumerable<(string Name, object? Value)> Entries()
    {
        yield return ("bwd", $"bwd({Vjp.Name})");
        yield return ("num_res", NumResiduals);
    }

    public bool Equals(CustomLinParams? other) =>
        other is not null && ReferenceEquals(ForwardTangent, other.ForwardTangent) && ReferenceEquals(Vjp, other.Vjp) && NumResiduals == other.NumResiduals;

    public override int GetHashCode() => HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(ForwardTangent), NumResiduals);

    /// <summary>The parameters for residuals like <paramref name="residuals"/>.</summary>
    internal static CustomLinParams Make(CustomVjpParams vjp, NDArray[] residuals)
    {
        var call = vjp.Call;
        var inTypes = JaxprTransforms.InputTypes(call.Jaxpr);
        int nc = vjp.NumConsts, nOps = inTypes.Length - nc;
        var types = new List<ArrayType>(inTypes);
        types.AddRange(residuals.Select(r => r.Type));
        for (int i = nc; i < inTypes.Length; i++) types.Add(inTypes[i].Strong);
        var outTypes = JaxprTransforms.OutputTypes(call.Jaxpr);
        var forwardTangent = JaxprTrace.StageFunction("custom_lin (forward mode)", types, ins =>
        {
            var primals = ins[..inTypes.Length];
            var tangents = new NDArray?[inTypes.Length];
            for (int i = 0; i < nOps; i++) tangents[nc + i] = ins[inTypes.Length + residuals.Length + i];
            var (_, ts) = Differentiation.Jvp(xs => JaxprInterpreter.Eval(call.Jaxpr, call.ConstList, xs), primals, tangents, "custom_lin");
            var result = new NDArray[ts.Length];
            for (int i = 0; i < ts.Length; i++) result[i] = ts[i] ?? Ops.Zeros(outTypes[i].Strong);
            return result;
        });
        return new CustomLinParams(forwardTangent, vjp, residuals.Length);
    }
}

/// <summary>
/// <c>custom_lin</c>: the tangent of a custom-VJP function, linear in its tangent operands. Transposed (reverse
/// mode), it calls the user's backward pass on the residuals. Evaluated (forward mode: Jvp, Jacfwd, Hessian),
/// the user gave no rule for it, so it falls back to differentiating the function itself: its value is the JVP
/// of the function along the tangents (documented on <see cref="Jax.CustomVjp{TIn, TOut, TRes}"/>).
/// </summary>
internal sealed class CustomLinPrimitive : Primitive<CustomLinParams>, ILinearPrimitive<CustomLinParams>
{
    internal static readonly CustomLinPrimitive Instance = new();

    private CustomLinPrimitive() : base("custom_lin") { }

    protected override ArrayType[] ShapeRule(ArrayType[] inputs, CustomLinParams p)
    {
        var expected = JaxprTransforms.InputTypes(p.ForwardTangent.Jaxpr);
        if (inputs.Length != expected.Length)
            throw ShapeErrors.Error(Name, $"expected {expected.Length} operands, got {inputs.Length}", inputs);
        for (int i = 0; i < inputs.Length; i++)
            if (!inputs[i].SameShapeAndDType(expected[i]))
                throw ShapeErrors.Error(Name, $"operand {i} must be {expected[i]}", inputs);
        return JaxprTransforms.OutputTypes(p.ForwardTangent.Jaxpr);
    }

    protected override NDArray[] Kernel(NDArray[] args, CustomLinParams p, ArrayType[] outTypes) => p.Executable.Run(args);

    protected override (NDArray[] Primals, NDArray?[] Tangents) Jvp(NDArray[] primals, NDArray?[] tangents, CustomLinParams p) =>
        Differentiation.Jvp(xs => JaxprInterpreter.Eval(p.ForwardTangent.Jaxpr, p.ForwardTangent.ConstList, xs), primals, tangents, "custom_lin");

    public NDArray?[] Transpose(NDArray?[] cotangents, TransposeArg[] args, CustomLinParams p)
    {
        int nc = p.Vjp.NumConsts, nOps = p.NumOperands, nRes = p.NumResiduals;
        int tangentStart = nc + nOps + nRes;
        for (int i = 0; i < tangentStart; i++)
            if (args[i].IsLinear)
                throw new InvalidOperationException($"Jax.CustomVjp({p.Vjp.Name}): transpose of custom_lin: operand {i} is not a tangent but depends linearly on one");
        var outTypes = JaxprTransforms.OutputTypes(p.Vjp.Call.Jaxpr);
        var res = new NDArray[nRes];
        for (int i = 0; i < nRes; i++) res[i] = args[nc + nOps + i].KnownValue;
        var cts = new NDArray[cotangents.Length];
        for (int i = 0; i < cts.Length; i++) cts[i] = cotangents[i] ?? Ops.Zeros(outTypes[i].Strong);
        var inCts = p.Vjp.Backward(res, cts);
        var result = new NDArray?[args.Length];
        for (int i = 0; i < nOps; i++) result[tangentStart + i] = inCts[i];
        return result;
    }

    protected override (NDArray[] Outputs, int[] OutDims) Batch(NDArray[] args, int[] dims, CustomLinParams p, int axisSize)
    {
        var (moved, batched) = CustomCalls.MoveToFront(args, dims);
        var batchedJaxpr = CustomCalls.BatchedCall(p, batched, axisSize);
        var results = JaxprInterpreter.Eval(batchedJaxpr.Jaxpr, batchedJaxpr.ConstList, moved);
        return (results, new int[results.Length]);
    }
}
