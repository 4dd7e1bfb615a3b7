using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;

namespace Functional.AD;

/// <summary>Parameters of <c>cond</c>: one jaxpr per branch, all of the same input and output types (constants as leading inputs).</summary>
/// <param name="Branches">The branches; the index operand picks one (0: the false branch of <c>Lax.Cond</c>).</param>
internal sealed record CondParams(ImmutableArray<ClosedJaxpr> Branches) : MemoizingParams
{
    private JaxprExecutable?[]? _executables;

    public override IEnumerable<(string Name, object? Value)> Entries()
    {
        yield return ("branches", (IReadOnlyList<ClosedJaxpr>)Branches);
    }

    /// <summary>The compiled executable of branch <paramref name="i"/> (compiled on first use, thread-safe).</summary>
    internal JaxprExecutable Executable(int i)
    {
        var all = _executables ?? Interlocked.CompareExchange(ref _executables, new JaxprExecutable?[Branches.Length], null) ?? _executables!;
        return all[i] ?? Interlocked.CompareExchange(ref all[i], JaxprCompiler.Compile(Branches[i]), null) ?? all[i]!;
    }

    public bool Equals(CondParams? other)
    {
        if (other is null || other.Branches.Length != Branches.Length) return false;
        for (int i = 0; i < Branches.Length; i++) if (!ReferenceEquals(Branches[i], other.Branches[i])) return false;
        return true;
    }

    public override int GetHashCode() => HashCode.Combine(Branches.Length, System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Branches[0]));
}

/// <summary>
/// The <c>cond</c> primitive: <c>cond(index, operands...)</c> runs the branch <c>index</c> (clamped to the
/// branches) on the operands. The JVP differentiates every branch with one common tangent layout; partial
/// evaluation with a known index splits every branch and gives every branch a slot for each branch's residuals
/// (zeros in the slots of the branches not taken); the transpose transposes every branch; batching with a batched
/// index evaluates every branch and selects per example with <c>select_n</c>.
/// </summary>
internal sealed class CondPrimitive : Primitive<CondParams>, IPartialEvaluationRule, ILinearPrimitive<CondParams>, IDeadCodeRule
{
    internal static readonly CondPrimitive Instance = new();

    private CondPrimitive() : base("cond") { }

    protected override ArrayType[] ShapeRule(ArrayType[] inputs, CondParams p)
    {
        if (inputs.Length == 0 || inputs[0].DType != DType.Int32 || inputs[0].Shape.Rank != 0)
            throw ShapeErrors.Error(Name, "the first operand must be the branch index, an i32[] scalar", inputs);
        var j = p.Branches[0].Jaxpr;
        if (inputs.Length - 1 != j.InVarList.Length)
            throw ShapeErrors.Error(Name, $"the branches take {j.InVarList.Length} operands, got {inputs.Length - 1}", inputs);
        for (int i = 0; i < j.InVarList.Length; i++)
            if (!inputs[i + 1].SameShapeAndDType(j.InVarList[i].Type))
                throw ShapeErrors.Error(Name, $"operand {i} of the branches must be {j.InVarList[i].Type}", inputs);
        return JaxprTransforms.OutputTypes(j);
    }

    protected override NDArray[] Kernel(NDArray[] args, CondParams p, ArrayType[] outTypes)
    {
        int index = Math.Clamp(args[0].ToArray<int>()[0], 0, p.Branches.Length - 1);
        return p.Executable(index).Run(args[1..]);
    }

    /// <summary>
    /// Re-runs the branch taken one primitive at a time, to name its equation that made a NaN or infinity the
    /// <see cref="NumericChecks"/> look for.
    /// </summary>
    internal override Exception? LocateNonFinite(NDArray[] args, PrimitiveParams parameters)
    {
        var p = (CondParams)parameters;
        int index = Math.Clamp(args[0].ToArray<int>()[0], 0, p.Branches.Length - 1);
        return NonFiniteLocator.Locate(() => NonFiniteLocator.Run($"branch {index} of cond", p.Branches[index], args[1..]));
    }

    /// <summary>Binds <c>cond</c> with <paramref name="p"/> on the index and the operands in the current trace.</summary>
    internal static NDArray[] Call(CondParams p, NDArray index, IReadOnlyList<NDArray> operands)
    {
        var args = new NDArray[operands.Count + 1];
        args[0] = index;
        for (int i = 0; i < operands.Count; i++) args[i + 1] = operands[i];
        return Instance.Bind(args, p);
    }

    protected override (NDArray[] Primals, NDArray?[] Tangents) Jvp(NDArray[] primals, NDArray?[] tangents, CondParams p)
    {
        int n = primals.Length - 1;
        var mask = new bool[n];
        for (int i = 0; i < n; i++) mask[i] = tangents[i + 1] is not null && primals[i + 1].DType.IsFloat();
        var (jvp, outMask) = p.Memo("jvp:" + MemoizingParams.Key(mask), () =>
        {
            // One tangent layout for all branches: an output has a tangent if any branch gives it one.
            var union = new bool[JaxprTransforms.OutputTypes(p.Branches[0].Jaxpr).Length];
            foreach (var b in p.Branches)
            {
                var (_, m) = JaxprTransforms.Jvp(b, mask);
                for (int i = 0; i < union.Length; i++) union[i] |= m[i];
            }
            var branches = p.Branches.Select(b => JaxprTransforms.Jvp(b, mask, union).Jaxpr).ToImmutableArray();
            return Tuple.Create(new CondParams(branches), union);
        });
        var operands = new List<NDArray>(primals[1..]);
        for (int i = 0; i < n; i++) if (mask[i]) operands.Add(tangents[i + 1]!);
        var outs = Call(jvp, primals[0], operands);
        int m = outMask.Length;
        var ts = new NDArray?[m];
        for (int i = 0, k = m; i < m; i++) if (outMask[i]) ts[i] = outs[k++];
        return (outs[..m], ts);
    }

    /// <summary>
    /// With a known index: a known cond computes the known outputs and every branch's residuals (in per-branch
    /// slots), and an unknown cond, staged, picks its branch's slots. With an unknown index the whole cond is staged.
    /// </summary>
    public NDArray[] PartialEvaluate(JaxprTrace trace, NDArray[] args, bool[] known, PrimitiveParams parameters)
    {
        var p = (CondParams)parameters;
        if (!known[0]) return trace.Stage(this, args, p);
        var knownOps = known[1..];
        var (knownCond, unknownCond, knownOutputs, residuals) = p.Memo("pe:" + MemoizingParams.Key(knownOps), () => Split(p, knownOps));
        var knownArgs = new List<NDArray>();
        var unknownArgs = new List<NDArray>();
        for (int i = 0; i < knownOps.Length; i++) (knownOps[i] ? knownArgs : unknownArgs).Add(args[i + 1]);
        var knownResults = trace.KnownTrace!.Process(this, Prepend(args[0], knownArgs), knownCond);
        int knownCount = knownResults.Length - residuals;
        var staged = new List<NDArray> { args[0] };
        for (int i = knownCount; i < knownResults.Length; i++) staged.Add(knownResults[i]);
        staged.AddRange(unknownArgs);
        var unknownResults = trace.Stage(this, staged.ToArray(), unknownCond);
        var outputs = new NDArray[knownOutputs.Length];
        for (int i = 0, ki = 0, ui = 0; i < outputs.Length; i++)
            outputs[i] = knownOutputs[i] ? knownResults[ki++] : unknownResults[ui++];
        return outputs;
    }

    private static NDArray[] Prepend(NDArray first, List<NDArray> rest)
    {
        var all = new NDArray[rest.Count + 1];
        all[0] = first;
        rest.CopyTo(all, 1);
        return all;
    }

    /// <summary>The known and unknown conds, the known outputs and the number of residual slots.</summary>
    private static Tuple<CondParams, CondParams, bool[], int> Split(CondParams p, bool[] knownOps)
    {
        int outs = JaxprTransforms.OutputTypes(p.Branches[0].Jaxpr).Length;
        var knownOut = Enumerable.Repeat(true, outs).ToArray();
        JaxprTransforms.PartialEvalResult[] splits;
        while (true)
        {
            var instantiate = knownOut.Select(k => !k).ToArray();
            splits = p.Branches.Select(b => JaxprTransforms.PartialEvalDetailed(b, knownOps, instantiate)).ToArray();
            var next = new bool[outs];
            for (int i = 0; i < outs; i++) next[i] = splits.All(s => s.KnownOutputs[i]);
            if (next.SequenceEqual(knownOut)) break;
            knownOut = next;
        }
        int knownCount = knownOut.Count(k => k);
        var slotTypes = new List<ArrayType>();
        var slotStart = new int[splits.Length];
        for (int b = 0; b < splits.Length; b++)
        {
            slotStart[b] = slotTypes.Count;
            var uIn = JaxprTransforms.InputTypes(splits[b].Unknown.Jaxpr);
            for (int r = 0; r < splits[b].ResidualInputs.Length; r++) slotTypes.Add(uIn[r].Strong);
        }
        var knownInTypes = JaxprTransforms.InputTypes(splits[0].Known.Jaxpr);
        var unknownOpTypes = new List<ArrayType>();
        var opTypes = JaxprTransforms.InputTypes(p.Branches[0].Jaxpr);
        for (int i = 0; i < knownOps.Length; i++) if (!knownOps[i]) unknownOpTypes.Add(opTypes[i]);

        var knownBranches = ImmutableArray.CreateBuilder<ClosedJaxpr>();
        var unknownBranches = ImmutableArray.CreateBuilder<ClosedJaxpr>();
        for (int b = 0; b < splits.Length; b++)
        {
            var s = splits[b];
            int start = slotStart[b], count = s.ResidualInputs.Length;
            knownBranches.Add(JaxprTrace.StageFunction("cond (known)", knownInTypes, ins =>
            {
                var res = JaxprInterpreter.Eval(s.Known.Jaxpr, s.Known.ConstList, ins);
                var result = new List<NDArray>(res[..knownCount]);
                for (int slot = 0; slot < slotTypes.Count; slot++)
                {
                    var value = slot >= start && slot < start + count ? res[knownCount + slot - start] : Ops.Zeros(slotTypes[slot]);
                    result.Add(value.Type.Weak ? Ops.ConvertElementType(value, value.DType) : value);
                }
                return result.ToArray();
            }));
            var uTypes = new List<ArrayType>(slotTypes);
            uTypes.AddRange(unknownOpTypes);
            unknownBranches.Add(JaxprTrace.StageFunction("cond (unknown)", uTypes, ins =>
            {
                var uArgs = new List<NDArray>(ins[start..(start + count)]);
                uArgs.AddRange(ins[slotTypes.Count..]);
                return JaxprInterpreter.Eval(s.Unknown.Jaxpr, s.Unknown.ConstList, uArgs.ToArray());
            }));
        }
        return Tuple.Create(new CondParams(knownBranches.ToImmutable()), new CondParams(unknownBranches.ToImmutable()), knownOut, slotTypes.Count);
    }

    /// <summary>
    /// Dead code, as JAX's dce rule of cond: every branch is pruned to the used outputs; the operands kept are those
    /// any branch reads, and every branch takes them all (the index is always read).
    /// </summary>
    public Equation? Prune(Equation eqn, bool[] usedOutputs)
    {
        var p = (CondParams)eqn.Params;
        var read = new bool[eqn.Inputs.Length - 1];
        foreach (var b in p.Branches)
        {
            var (_, used) = DeadCodeElimination.Prune(b, usedOutputs);
            for (int i = 0; i < read.Length; i++) read[i] |= used[i];
        }
        var branches = ImmutableArray.CreateBuilder<ClosedJaxpr>(p.Branches.Length);
        bool same = true;
        foreach (var b in p.Branches)
        {
            var (pruned, _) = DeadCodeElimination.Prune(b, usedOutputs, read);
            same &= ReferenceEquals(pruned, b);
            branches.Add(pruned);
        }
        if (same) return null;
        var inputs = DeadCodeElimination.Select(eqn.Inputs, read, 1).Insert(0, eqn.Inputs[0]);
        return new Equation(this, inputs, DeadCodeElimination.Select(eqn.Outputs, usedOutputs), new CondParams(branches.MoveToImmutable()));
    }

    public NDArray?[] Transpose(NDArray?[] cotangents, TransposeArg[] args, CondParams p)
    {
        if (args[0].IsLinear) throw new InvalidOperationException("transpose of cond: the branch index cannot be linear");
        int n = args.Length - 1;
        var linear = new bool[n];
        for (int i = 0; i < n; i++) linear[i] = args[i + 1].IsLinear;
        var transposed = p.Memo("transpose:" + MemoizingParams.Key(linear),
            () => new CondParams(p.Branches.Select(b => JaxprTransforms.Transpose(b, linear)).ToImmutableArray()));
        var outTypes = JaxprTransforms.OutputTypes(p.Branches[0].Jaxpr);
        var operands = new List<NDArray>();
        for (int i = 0; i < n; i++) if (!linear[i]) operands.Add(args[i + 1].KnownValue);
        for (int i = 0; i < cotangents.Length; i++) operands.Add(cotangents[i] ?? Ops.Zeros(outTypes[i].Strong));
        var cts = Call(transposed, args[0].KnownValue, operands);
        var result = new NDArray?[args.Length];
        for (int i = 0, k = 0; i < n; i++) if (linear[i]) result[i + 1] = cts[k++];
        return result;
    }

    protected override (NDArray[] Outputs, int[] OutDims) Batch(NDArray[] args, int[] dims, CondParams p, int axisSize)
    {
        int n = args.Length - 1;
        var batched = new bool[n];
        var moved = new NDArray[n];
        for (int i = 0; i < n; i++)
        {
            batched[i] = dims[i + 1] != Batching.NotMapped;
            moved[i] = batched[i] ? Batching.MoveAxis(args[i + 1], dims[i + 1], 0) : args[i + 1];
        }
        int outs = JaxprTransforms.OutputTypes(p.Branches[0].Jaxpr).Length;
        if (dims[0] == Batching.NotMapped)
        {
            var (call, outB) = p.Memo($"vmap:{axisSize}:" + MemoizingParams.Key(batched), () =>
            {
                var union = new bool[outs];
                foreach (var b in p.Branches)
                {
                    var (_, d) = JaxprTransforms.Batch(b, batched, axisSize);
                    for (int i = 0; i < outs; i++) union[i] |= d[i] != Batching.NotMapped;
                }
                var branches = p.Branches.Select(b => JaxprTransforms.Batch(b, batched, axisSize, union).Jaxpr).ToImmutableArray();
                return Tuple.Create(new CondParams(branches), union);
            });
            var results = Call(call, args[0], moved);
            return (results, outB.Select(b => b ? 0 : Batching.NotMapped).ToArray());
        }

        // A batched index: every branch runs on the whole batch and select_n picks each example's result.
        var all = Enumerable.Repeat(true, outs).ToArray();
        var batchedBranches = p.Memo($"vmap-select:{axisSize}:" + MemoizingParams.Key(batched),
            () => p.Branches.Select(b => JaxprTransforms.Batch(b, batched, axisSize, all).Jaxpr).ToArray());
        var index = Batching.MoveAxis(args[0], dims[0], 0);
        index = Ops.Max(Ops.Min(index, ConcreteArray.Scalar(p.Branches.Length - 1, DType.Int32)), ConcreteArray.Scalar(0, DType.Int32));
        var branchOuts = batchedBranches.Select(b => JaxprInterpreter.Eval(b.Jaxpr, b.ConstList, moved)).ToArray();
        var selected = new NDArray[outs];
        for (int i = 0; i < outs; i++)
        {
            var shape = branchOuts[0][i].Shape;
            var which = Ops.BroadcastInDim(index, shape, new IntTuple(0));
            selected[i] = Ops.SelectN(which, branchOuts.Select(o => o[i]).ToArray());
        }
        return (selected, Enumerable.Repeat(0, outs).ToArray());
    }
}
