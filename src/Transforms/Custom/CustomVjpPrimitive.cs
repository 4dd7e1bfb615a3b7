using System;
using System.Collections.Generic;
using System.Linq;

namespace Functional.AD;

/// <summary>A forward pass over flat leaves: operands to (outputs, residuals).</summary>
internal delegate (NDArray[] Outputs, NDArray[] Residuals) FlatForward(NDArray[] operands);

/// <summary>A backward pass over flat leaves: (residuals, output cotangents) to one cotangent per operand.</summary>
internal delegate NDArray[] FlatBackward(NDArray[] residuals, NDArray[] cotangents);

/// <summary>
/// Parameters of <c>custom_vjp_call</c>: the function's jaxpr (closed-over constants first), its name, the
/// user's forward and backward passes over operand leaves, and the number of constants.
/// </summary>
/// <param name="Call">The function.</param>
/// <param name="Name">Its name.</param>
/// <param name="Forward">The user's forward pass, flattened.</param>
/// <param name="Backward">The user's backward pass, flattened.</param>
/// <param name="NumConsts">How many leading inputs are constants the function closes over.</param>
internal sealed record CustomVjpParams(ClosedJaxpr Call, string Name, FlatForward Forward, FlatBackward Backward, int NumConsts) : CallParams(Call)
{
    public override IEnumerable<(string Name, object? Value)> Entries()
    {
        yield return ("bwd", $"bwd({Name})");
        yield return ("call_jaxpr", Call);
        yield return ("fwd_jaxpr_thunk", $"fwd({Name})");
        yield return ("num_consts", NumConsts);
        yield return ("symbolic_zeros", false);
    }

    public bool Equals(CustomVjpParams? other) =>
        other is not null && ReferenceEquals(Call, other.Call) && ReferenceEquals(Forward, other.Forward)
        && ReferenceEquals(Backward, other.Backward) && NumConsts == other.NumConsts;

    public override int GetHashCode() => HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Call), NumConsts);
}

/// <summary>
/// <c>custom_vjp_call</c>: evaluates the function. Differentiated, it runs the user's forward pass (outputs and
/// residuals) and returns as tangent a <c>custom_lin</c> of the input tangents, whose transpose is the user's
/// backward pass; so reverse mode uses the user's rule. Batching batches the function and maps the forward and
/// backward passes with <c>Vmap</c>.
/// </summary>
internal sealed class CustomVjpPrimitive : Primitive<CustomVjpParams>
{
    internal static readonly CustomVjpPrimitive Instance = new();

    private CustomVjpPrimitive() : base("custom_vjp_call") { }

    protected override ArrayType[] ShapeRule(ArrayType[] inputs, CustomVjpParams p) => CallRules.ShapeRule(Name, $"the function {p.Name}", p.Call, inputs);

    protected override NDArray[] Kernel(NDArray[] args, CustomVjpParams p, ArrayType[] outTypes) => p.Executable.Run(args);

    protected override (NDArray[] Primals, NDArray?[] Tangents) Jvp(NDArray[] primals, NDArray?[] tangents, CustomVjpParams p)
    {
        CustomCalls.RefuseClosedOverTangents($"Jax.CustomVjp({p.Name})", primals, tangents, p.NumConsts);
        var ops = primals[p.NumConsts..];
        var (outs, res) = p.Forward(ops);
        var ts = CustomCalls.Instantiate(ops, tangents[p.NumConsts..]);
        var resTypes = new ArrayType[res.Length];
        for (int i = 0; i < res.Length; i++) resTypes[i] = res[i].Type;
        var lin = p.Memo("lin:" + string.Join(",", resTypes), () => new CustomLinParams(p, resTypes));
        var args = new List<NDArray>(primals);
        args.AddRange(res);
        args.AddRange(ts);
        var touts = CustomLinPrimitive.Instance.Bind(args.ToArray(), lin);
        return (outs, touts);
    }

    /// <summary>Batches with the batch trace marked, so the user's rules see the values it maps that they close over.</summary>
    internal override (NDArray[] Outputs, int[] OutDims) BatchWithin(Trace batchTrace, NDArray[] args, int[] dims, PrimitiveParams parameters, int axisSize)
    {
        using (CustomCalls.WithinBatch(batchTrace)) return Batch(args, dims, parameters, axisSize);
    }

    protected override (NDArray[] Outputs, int[] OutDims) Batch(NDArray[] args, int[] dims, CustomVjpParams p, int axisSize)
    {
        var (moved, batched) = CustomCalls.MoveToFront(args, dims);
        var call = p.Memo($"vmap:{axisSize}:" + MemoizingParams.Key(batched), () =>
        {
            var j = CustomCalls.BatchedCall(p, p.Call, batched, axisSize);
            var opsBatched = batched[p.NumConsts..];
            // The batched forward pass returns batched outputs and residuals; the batched backward pass reads
            // batched residuals and sums the cotangents of operands that are the same for every example.
            FlatForward forward = ops =>
            {
                var (o, r) = CustomCalls.VmapPairs(ops, Array.Empty<NDArray>(), opsBatched, axisSize, (a, _) => p.Forward(a));
                return (o, r);
            };
            FlatBackward backward = (res, cts) =>
            {
                var resBatched = Enumerable.Repeat(true, res.Length).ToArray();
                var ctRanks = JaxprTransforms.OutputTypes(p.Call.Jaxpr).Select(t => t.Shape.Rank).ToArray();
                var (inCts, _) = CustomCalls.VmapPairs(res, cts, resBatched, axisSize, (r, c) => (p.Backward(r, c), Array.Empty<NDArray>()), ctRanks);
                for (int i = 0; i < inCts.Length; i++)
                    if (!opsBatched[i]) inCts[i] = Ops.ReduceSum(inCts[i], new IntTuple(0));
                return inCts;
            };
            return new CustomVjpParams(j, p.Name, forward, backward, p.NumConsts);
        });
        var results = Instance.Bind(moved, call);
        return (results, new int[results.Length]);
    }
}
