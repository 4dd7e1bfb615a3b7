using System;
using System.Collections.Generic;

namespace Functional.AD;

/// <summary>
/// Parameters of <c>checkpoint</c>: the carried jaxpr (constants as leading inputs), the policy that says which
/// of its intermediates the backward pass may keep, and whether the call was produced by differentiation
/// (the recomputing, linear side). Equal when they carry the same jaxpr object and agree on the rest.
/// </summary>
/// <param name="Jaxpr">The carried jaxpr.</param>
/// <param name="Policy">Which intermediates are saveable.</param>
/// <param name="Differentiated">Whether this call is the differentiated (tangent or transposed) side.</param>
internal sealed record CheckpointParams(ClosedJaxpr Jaxpr, CheckpointPolicy Policy, bool Differentiated) : CallParams(Jaxpr)
{
    public override IEnumerable<(string Name, object? Value)> Entries()
    {
        yield return ("differentiated", Differentiated);
        yield return ("jaxpr", Jaxpr);
        yield return ("policy", Policy.PrintedName);
        yield return ("prevent_cse", true);
    }

    /// <summary>Derived parameters: same policy, another jaxpr.</summary>
    internal CheckpointParams With(ClosedJaxpr jaxpr, bool differentiated) => new(jaxpr, Policy, differentiated);

    public bool Equals(CheckpointParams? other) =>
        other is not null && ReferenceEquals(Jaxpr, other.Jaxpr) && ReferenceEquals(Policy, other.Policy) && Differentiated == other.Differentiated;

    public override int GetHashCode() => HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Jaxpr), Policy, Differentiated);
}

/// <summary>
/// The <c>checkpoint</c> primitive (rematerialization): a call of a jaxpr whose partial-evaluation rule keeps,
/// for the backward pass, only the intermediates its policy allows, and moves the computation of the others
/// into the differentiated side, where they are recomputed from the saved values. Evaluated, it runs the
/// compiled jaxpr; its JVP, transpose and batching rules transform the jaxpr and call it again as
/// <c>checkpoint</c>, so the recomputation stays a separate call (never merged with the forward computation).
/// </summary>
internal sealed class CheckpointPrimitive : Primitive<CheckpointParams>, IPartialEvaluationRule, ILinearPrimitive<CheckpointParams>, IDeadCodeRule
{
    internal static readonly CheckpointPrimitive Instance = new();

    private CheckpointPrimitive() : base("checkpoint") { }

    protected override ArrayType[] ShapeRule(ArrayType[] inputs, CheckpointParams p) => CallRules.ShapeRule(Name, "the checkpointed function", p.Jaxpr, inputs);

    protected override NDArray[] Kernel(NDArray[] args, CheckpointParams p, ArrayType[] outTypes) => p.Executable.Run(args);

    protected override (NDArray[] Primals, NDArray?[] Tangents) Jvp(NDArray[] primals, NDArray?[] tangents, CheckpointParams p) =>
        CallRules.Jvp(this, p, primals, tangents, (j, _) => p.With(j, p.Differentiated));

    /// <summary>
    /// Partial evaluation by the policy: the known side computes the known outputs and the saveable residuals
    /// only; the unknown side (staged as a differentiated <c>checkpoint</c>) recomputes every other known value
    /// it needs from them.
    /// </summary>
    public NDArray[] PartialEvaluate(JaxprTrace trace, NDArray[] args, bool[] known, PrimitiveParams parameters)
    {
        var p = (CheckpointParams)parameters;
        var split = p.Memo("pe:" + CallParams.Key(known), () =>
        {
            var s = RematPartialEvaluation.Split(p.Jaxpr, known, p.Policy);
            return new CallRules.CallSplit<CheckpointParams>(
                p.With(s.Known, p.Differentiated), p.With(s.Unknown, differentiated: true), s.KnownOutputs, s.ResidualInputs);
        });
        return CallRules.PartialEvaluate(this, trace, args, known, split);
    }

    /// <summary>The transposed jaxpr (recomputation first, then the backward pass) is called as a differentiated <c>checkpoint</c>.</summary>
    public NDArray?[] Transpose(NDArray?[] cotangents, TransposeArg[] args, CheckpointParams p) =>
        CallRules.Transpose(this, p, cotangents, args, (j, _) => p.With(j, differentiated: true));

    protected override (NDArray[] Outputs, int[] OutDims) Batch(NDArray[] args, int[] dims, CheckpointParams p, int axisSize) =>
        CallRules.Batch(this, p, args, dims, axisSize, (j, _) => p.With(j, p.Differentiated));

    /// <summary>Dead code: the call pruned to its used outputs (same policy, same side), as JAX's dce rule of remat.</summary>
    public Equation? Prune(Equation eqn, bool[] usedOutputs)
    {
        var p = (CheckpointParams)eqn.Params;
        return CallRules.Prune(eqn, usedOutputs, p, j => p.With(j, p.Differentiated));
    }
}
