using System;
using System.Collections.Generic;

namespace Functional.AD;

/// <summary>A JVP rule over flat leaves: (primal operands, their tangents) to (primal outputs, their tangents).</summary>
internal delegate (NDArray[] Primals, NDArray[] Tangents) FlatJvpRule(NDArray[] primals, NDArray[] tangents);

/// <summary>
/// Parameters of <c>custom_jvp_call</c>: the function's jaxpr (closed-over constants first), its name, the user's
/// JVP rule over the operand leaves (not the constants) and the number of constants.
/// </summary>
/// <param name="Call">The function.</param>
/// <param name="Name">Its name (for messages and printing).</param>
/// <param name="Rule">The user's rule, flattened.</param>
/// <param name="NumConsts">How many leading inputs are constants the function closes over.</param>
internal sealed record CustomJvpParams(ClosedJaxpr Call, string Name, FlatJvpRule Rule, int NumConsts) : CallParams(Call)
{
    public override IEnumerable<(string Name, object? Value)> Entries()
    {
        yield return ("call_jaxpr", Call);
        yield return ("jvp_jaxpr_fun", $"jvp({Name})");
        yield return ("num_consts", NumConsts);
        yield return ("symbolic_zeros", false);
    }

    public bool Equals(CustomJvpParams? other) =>
        other is not null && ReferenceEquals(Call, other.Call) && ReferenceEquals(Rule, other.Rule) && NumConsts == other.NumConsts;

    public override int GetHashCode() => HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Call), NumConsts);
}

/// <summary>
/// <c>custom_jvp_call</c>: evaluates the function; differentiated, it uses the user's JVP rule instead of
/// differentiating the function (reverse mode transposes the rule's tangent computation, which must be linear in
/// the tangents, as in JAX). Batching batches the function and maps the rule with <c>Vmap</c>. A rule may apply
/// the function itself to the tangents (a linear custom function): the call is then linear in those operands and
/// is transposed through its jaxpr, as JAX transposes <c>custom_jvp_call</c>.
/// </summary>
internal sealed class CustomJvpPrimitive : Primitive<CustomJvpParams>, ILinearPrimitive<CustomJvpParams>
{
    internal static readonly CustomJvpPrimitive Instance = new();

    private CustomJvpPrimitive() : base("custom_jvp_call") { }

    protected override ArrayType[] ShapeRule(ArrayType[] inputs, CustomJvpParams p) => CallRules.ShapeRule(Name, $"the function {p.Name}", p.Call, inputs);

    protected override NDArray[] Kernel(NDArray[] args, CustomJvpParams p, ArrayType[] outTypes) => p.Executable.Run(args);

    protected override (NDArray[] Primals, NDArray?[] Tangents) Jvp(NDArray[] primals, NDArray?[] tangents, CustomJvpParams p)
    {
        CustomCalls.RefuseClosedOverTangents($"Jax.CustomJvp({p.Name})", primals, tangents, p.NumConsts);
        var ops = primals[p.NumConsts..];
        var ts = CustomCalls.Instantiate(ops, tangents[p.NumConsts..]);
        var (po, to) = p.Rule(ops, ts);
        return (po, to);
    }

    /// <summary>
    /// The transpose rule: the function's jaxpr transposed with respect to the linear operands (the known ones, and
    /// the constants it closes over, are read as they are). Fails naming the primitive inside that is not linear
    /// when the function is not linear in those operands.
    /// </summary>
    public NDArray?[] Transpose(NDArray?[] cotangents, TransposeArg[] args, CustomJvpParams p)
    {
        var known = new NDArray?[args.Length];
        for (int i = 0; i < args.Length; i++) known[i] = args[i].Value;
        return BackwardPass.Run(p.Call.Jaxpr, p.Call.ConstList, known, cotangents, $"transpose of custom_jvp_call ({p.Name})");
    }

    /// <summary>Batches with the batch trace marked, so the user's rules see the values it maps that they close over.</summary>
    internal override (NDArray[] Outputs, int[] OutDims) BatchWithin(Trace batchTrace, NDArray[] args, int[] dims, PrimitiveParams parameters, int axisSize)
    {
        using (CustomCalls.WithinBatch(batchTrace)) return Batch(args, dims, parameters, axisSize);
    }

    protected override (NDArray[] Outputs, int[] OutDims) Batch(NDArray[] args, int[] dims, CustomJvpParams p, int axisSize)
    {
        var (moved, batched) = CustomCalls.MoveToFront(args, dims);
        var call = p.Memo($"vmap:{axisSize}:" + MemoizingParams.Key(batched), () =>
        {
            var j = CustomCalls.BatchedCall(p, p.Call, batched, axisSize);
            var opsBatched = batched[p.NumConsts..];
            FlatJvpRule rule = (ps, ts) =>
            {
                var (po, to) = CustomCalls.VmapPairs(ps, ts, opsBatched, axisSize, (a, b) => p.Rule(a, b));
                return (po, to);
            };
            return new CustomJvpParams(j, p.Name, rule, p.NumConsts);
        });
        var results = Instance.Bind(moved, call);
        return (results, new int[results.Length]);
    }
}
