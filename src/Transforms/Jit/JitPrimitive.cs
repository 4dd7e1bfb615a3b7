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

    internal override string ProgramName => $"Jit({Name})";

    /// <summary>JAX prints <c>name</c> first, then the jaxpr.</summary>
    internal override bool KeepEntryOrder => true;

    /// <summary>As JAX prints jit, the carried jaxpr's variables take the names of the equation's operands and results.</summary>
    internal override Jaxpr? SharesVariableNamesWith => Jaxpr.Jaxpr;

    public bool Equals(JitParams? other) => other is not null && ReferenceEquals(Jaxpr, other.Jaxpr) && Name == other.Name;

    public override int GetHashCode() => HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Jaxpr), Name);
}

/// <summary>
/// The <c>jit</c> primitive: a call of a staged (and, when evaluated, compiled) jaxpr. Its rules transform
/// the carried jaxpr, so every transform composes with <c>Jit</c>: Grad(Jit(f)) differentiates the jaxpr,
/// Jit(Grad(f)) stages the gradient, Vmap(Jit(f)) batches the jaxpr, and nested Jit stays nested.
/// </summary>
internal sealed class JitPrimitive : Primitive<JitParams>, IPartialEvaluationRule, ILinearPrimitive<JitParams>, IDeadCodeRule
{
    internal static readonly JitPrimitive Instance = new();

    private JitPrimitive() : base("jit") { }

    protected override ArrayType[] ShapeRule(ArrayType[] inputs, JitParams p) => CallRules.ShapeRule(Name, p.Name, p.Jaxpr, inputs);

    protected override NDArray[] Kernel(NDArray[] args, JitParams p, ArrayType[] outTypes) => p.Executable.Run(args, JitDonation.Take(args));

    /// <summary>Re-runs the jaxpr one primitive at a time to name the equation that made a NaN or infinity.</summary>
    internal override Exception? LocateNonFinite(NDArray[] args, PrimitiveParams parameters)
    {
        var p = (JitParams)parameters;
        return NonFiniteLocator.ReRun(p.Name, p.Jaxpr, args);
    }

    protected override (NDArray[] Primals, NDArray?[] Tangents) Jvp(NDArray[] primals, NDArray?[] tangents, JitParams p) =>
        CallRules.Jvp(this, p, primals, tangents, (j, transform) => new JitParams(j, $"{transform}({p.Name})"));

    /// <summary>Partial evaluation: runs the known part of the jaxpr now and stages the unknown part (with the residuals it needs).</summary>
    public NDArray[] PartialEvaluate(JaxprTrace trace, NDArray[] args, bool[] known, PrimitiveParams parameters)
    {
        var p = (JitParams)parameters;
        var split = p.Memo("pe:" + CallParams.Key(known), () =>
        {
            var (k, u, ko, r) = JaxprTransforms.PartialEval(p.Jaxpr, known);
            // Every residual, arguments included, comes out of the known call.
            var residualInputs = new int[r];
            Array.Fill(residualInputs, -1);
            return new CallRules.CallSplit<JitParams>(new JitParams(k, p.Name), new JitParams(u, p.Name), ko, residualInputs);
        });
        return CallRules.PartialEvaluate(this, trace, args, known, split);
    }

    public NDArray?[] Transpose(NDArray?[] cotangents, TransposeArg[] args, JitParams p) =>
        CallRules.Transpose(this, p, cotangents, args, (j, transform) => new JitParams(j, $"{transform}({p.Name})"));

    protected override (NDArray[] Outputs, int[] OutDims) Batch(NDArray[] args, int[] dims, JitParams p, int axisSize) =>
        CallRules.Batch(this, p, args, dims, axisSize, (j, transform) => new JitParams(j, $"{transform}({p.Name})"));

    /// <summary>Dead code: the call pruned to its used outputs, as JAX's dce rule of pjit.</summary>
    public Equation? Prune(Equation eqn, bool[] usedOutputs)
    {
        var p = (JitParams)eqn.Params;
        return CallRules.Prune(eqn, usedOutputs, p, j => new JitParams(j, p.Name));
    }
}
