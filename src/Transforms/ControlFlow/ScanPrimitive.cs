using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace Functional.AD;

/// <summary>
/// Parameters of <c>scan</c>: the body jaxpr, mapping (consts, carry, x slices) to (carry, y slices), the trip
/// count, the direction, how many of its inputs are consts and carries, and which inputs are linear.
/// </summary>
/// <param name="Jaxpr">The body.</param>
/// <param name="Length">The number of iterations (the leading size of every xs and ys).</param>
/// <param name="Reverse">Whether the iterations run from the last slice to the first.</param>
/// <param name="NumConsts">How many leading inputs are loop-invariant consts.</param>
/// <param name="NumCarry">How many inputs (after the consts) and outputs (first) are carries.</param>
/// <param name="Linear">Per input: whether the scan is known to be linear in it (printed, as JAX does).</param>
internal sealed record ScanParams(ClosedJaxpr Jaxpr, int Length, bool Reverse, int NumConsts, int NumCarry, ImmutableArray<bool> Linear)
    : CallParams(Jaxpr)
{
    /// <summary>How many inputs are stacked xs.</summary>
    internal int NumXs => Jaxpr.Jaxpr.InVarList.Length - NumConsts - NumCarry;

    /// <summary>How many outputs are stacked ys.</summary>
    internal int NumYs => Jaxpr.Jaxpr.OutVarList.Length - NumCarry;

    public override IEnumerable<(string Name, object? Value)> Entries()
    {
        yield return ("_split_transpose", false);
        yield return ("jaxpr", Jaxpr);
        yield return ("length", Length);
        yield return ("linear", "(" + string.Join(", ", Linear.Select(l => l ? "True" : "False")) + (Linear.Length == 1 ? ",)" : ")"));
        yield return ("num_carry", NumCarry);
        yield return ("num_consts", NumConsts);
        yield return ("reverse", Reverse);
        yield return ("unroll", 1);
    }

    public bool Equals(ScanParams? other) =>
        other is not null && ReferenceEquals(Jaxpr, other.Jaxpr) && Length == other.Length && Reverse == other.Reverse
        && NumConsts == other.NumConsts && NumCarry == other.NumCarry && Linear.SequenceEqual(other.Linear);

    public override int GetHashCode() => HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Jaxpr), Length, Reverse, NumConsts, NumCarry);

    /// <summary>Parameters for a derived body with no input marked linear.</summary>
    internal static ScanParams Make(ClosedJaxpr body, int length, bool reverse, int numConsts, int numCarry) =>
        new(body, length, reverse, numConsts, numCarry, ImmutableArray.CreateRange(new bool[body.Jaxpr.InVarList.Length]));
}

/// <summary>
/// The <c>scan</c> primitive: a loop of a fixed number of iterations over the leading axis of its xs, threading
/// a carry and stacking per-iteration outputs. Its rules transform the body: the JVP scans the JVP of the body
/// (carry tangents found by a fixed point); partial evaluation splits it into a known scan, which also stacks
/// the residuals of every iteration, and an unknown scan that consumes them; the transpose is a scan in the
/// opposite direction over the transposed body, accumulating the cotangents of linear consts in its carry;
/// batching scans the batched body.
/// </summary>
internal sealed class ScanPrimitive : Primitive<ScanParams>, IPartialEvaluationRule, ILinearPrimitive<ScanParams>, IDeadCodeRule
{
    internal static readonly ScanPrimitive Instance = new();

    private ScanPrimitive() : base("scan") { }

    protected override ArrayType[] ShapeRule(ArrayType[] inputs, ScanParams p)
    {
        var j = p.Jaxpr.Jaxpr;
        if (inputs.Length != j.InVarList.Length)
            throw ShapeErrors.Error(Name, $"the body takes {j.InVarList.Length} inputs, got {inputs.Length}", inputs);
        int carryStart = p.NumConsts, xsStart = p.NumConsts + p.NumCarry;
        for (int i = 0; i < xsStart; i++)
            if (!inputs[i].SameShapeAndDType(j.InVarList[i].Type))
                throw ShapeErrors.Error(Name, $"{(i < carryStart ? "const" : "carry")} {(i < carryStart ? i : i - carryStart)} must be {j.InVarList[i].Type}", inputs);
        for (int i = xsStart; i < inputs.Length; i++)
        {
            var slice = j.InVarList[i].Type;
            var t = inputs[i];
            if (t.Shape.Rank != slice.Shape.Rank + 1 || t.Shape[0] != p.Length || t.DType != slice.DType
                || !Batching.Prepend(p.Length, slice.Shape).Equals(t.Shape))
                throw ShapeErrors.Error(Name, $"xs {i - xsStart} must be {new ArrayType(Batching.Prepend(p.Length, slice.Shape), slice.DType)} (length {p.Length}, slices {slice})", inputs);
        }
        var outs = new ArrayType[j.OutVarList.Length];
        for (int i = 0; i < outs.Length; i++)
        {
            var o = j.OutVarList[i].Type;
            outs[i] = i < p.NumCarry ? inputs[carryStart + i] : new ArrayType(Batching.Prepend(p.Length, o.Shape), o.DType, false);
        }
        return outs;
    }

    protected override NDArray[] Kernel(NDArray[] args, ScanParams p, ArrayType[] outTypes)
    {
        using var scope = TraceContext.Enter(EvalTrace.Instance);
        // Slicing the xs and stacking the ys are bookkeeping: a NaN they carry was made by the body, and the check of
        // the scan's own outputs locates it there (LocateNonFinite).
        using var quiet = NumericChecks.Suspend();
        var exe = p.Executable;
        int nc = p.NumConsts, ncarry = p.NumCarry, nx = p.NumXs, ny = p.NumYs;
        var bodyArgs = new NDArray[nc + ncarry + nx];
        Array.Copy(args, bodyArgs, nc + ncarry);
        var ys = new NDArray[ny][];
        for (int k = 0; k < ny; k++) ys[k] = new NDArray[p.Length];
        for (int step = 0; step < p.Length; step++)
        {
            int i = p.Reverse ? p.Length - 1 - step : step;
            for (int k = 0; k < nx; k++) bodyArgs[nc + ncarry + k] = args[nc + ncarry + k][i];
            var outs = exe.Run(bodyArgs);
            Array.Copy(outs, 0, bodyArgs, nc, ncarry);
            for (int k = 0; k < ny; k++) ys[k][i] = outs[ncarry + k];
        }
        var results = new NDArray[ncarry + ny];
        for (int k = 0; k < ncarry; k++) results[k] = bodyArgs[nc + k];
        for (int k = 0; k < ny; k++)
            results[ncarry + k] = p.Length == 0 ? Ops.Zeros(outTypes[ncarry + k]) : Np.Stack(ys[k]);
        return results;
    }

    /// <summary>
    /// Re-runs the iterations with the body evaluated one primitive at a time, to name the body's equation (and the
    /// iteration) that made a NaN or infinity the <see cref="NumericChecks"/> look for.
    /// </summary>
    internal override Exception? LocateNonFinite(NDArray[] args, PrimitiveParams parameters)
    {
        var p = (ScanParams)parameters;
        int nc = p.NumConsts, ncarry = p.NumCarry, nx = p.NumXs;
        var bodyArgs = new NDArray[nc + ncarry + nx];
        Array.Copy(args, bodyArgs, nc + ncarry);
        return NonFiniteLocator.Locate(() =>
        {
            for (int step = 0; step < p.Length; step++)
            {
                int i = p.Reverse ? p.Length - 1 - step : step;
                using (TraceContext.Enter(EvalTrace.Instance))
                using (NumericChecks.Suspend())
                    for (int k = 0; k < nx; k++) bodyArgs[nc + ncarry + k] = args[nc + ncarry + k][i];
                var outs = NonFiniteLocator.Run($"the body of scan, iteration {step + 1} of {p.Length} (xs index {i})", p.Jaxpr, bodyArgs);
                Array.Copy(outs, 0, bodyArgs, nc, ncarry);
            }
        });
    }

    /// <summary>Binds <c>scan</c> with <paramref name="p"/> on <paramref name="args"/> in the current trace.</summary>
    internal static NDArray[] Call(ScanParams p, NDArray[] args) => Instance.Bind(args, p);

    // ------------------------------------------------------------------------------------------ JVP

    protected override (NDArray[] Primals, NDArray?[] Tangents) Jvp(NDArray[] primals, NDArray?[] tangents, ScanParams p)
    {
        int nc = p.NumConsts, ncarry = p.NumCarry, nx = p.NumXs, ny = p.NumYs;
        var mask = new bool[tangents.Length];
        for (int i = 0; i < mask.Length; i++) mask[i] = tangents[i] is not null && primals[i].DType.IsFloat();
        var (jvp, carryNZ, ysNZ) = p.Memo("jvp:" + CallParams.Key(mask), () => JvpScan(p, mask));

        // Arguments: consts, const tangents, init, carry tangents (zeros where the fixed point needs one), xs, xs tangents.
        var args = new List<NDArray>();
        for (int i = 0; i < nc; i++) args.Add(primals[i]);
        for (int i = 0; i < nc; i++) if (mask[i]) args.Add(tangents[i]!);
        for (int i = 0; i < ncarry; i++) args.Add(primals[nc + i]);
        for (int i = 0; i < ncarry; i++) if (carryNZ[i]) args.Add(tangents[nc + i] ?? Ops.Zeros(primals[nc + i].Type.Strong));
        for (int i = 0; i < nx; i++) args.Add(primals[nc + ncarry + i]);
        for (int i = 0; i < nx; i++) if (mask[nc + ncarry + i]) args.Add(tangents[nc + ncarry + i]!);
        var outs = Call(jvp, args.ToArray());

        var ps = new NDArray[ncarry + ny];
        var ts = new NDArray?[ncarry + ny];
        int k = 0;
        for (int i = 0; i < ncarry; i++) ps[i] = outs[k++];
        for (int i = 0; i < ncarry; i++) if (carryNZ[i]) ts[i] = outs[k++];
        for (int i = 0; i < ny; i++) ps[ncarry + i] = outs[k++];
        for (int i = 0; i < ny; i++) if (ysNZ[i]) ts[ncarry + i] = outs[k++];
        return (ps, ts);
    }

    /// <summary>The scan of the body's JVP, with the carries that need tangents found by a fixed point.</summary>
    private static Tuple<ScanParams, bool[], bool[]> JvpScan(ScanParams p, bool[] mask)
    {
        int nc = p.NumConsts, ncarry = p.NumCarry, nx = p.NumXs, ny = p.NumYs;
        var carryNZ = mask[nc..(nc + ncarry)];
        ClosedJaxpr jvp;
        bool[] outMask;
        while (true)
        {
            var inMask = (bool[])mask.Clone();
            Array.Copy(carryNZ, 0, inMask, nc, ncarry);
            var instantiate = new bool[ncarry + ny];
            Array.Copy(carryNZ, instantiate, ncarry);
            (jvp, outMask) = JaxprTransforms.Jvp(p.Jaxpr, inMask, instantiate);
            bool grew = false;
            for (int i = 0; i < ncarry; i++)
                if (outMask[i] && !carryNZ[i]) { carryNZ[i] = true; grew = true; }
            if (!grew) break;
        }
        var ysNZ = outMask[ncarry..];
        var finalMask = (bool[])mask.Clone();
        Array.Copy(carryNZ, 0, finalMask, nc, ncarry);
        int Count(bool[] m, int start, int n) { int c = 0; for (int i = 0; i < n; i++) if (m[start + i]) c++; return c; }
        int ncd = Count(finalMask, 0, nc), ncarryd = Count(carryNZ, 0, ncarry), nxd = Count(finalMask, nc + ncarry, nx);

        // The JVP jaxpr takes (primals..., non-zero tangents...) and returns (primal outs..., non-zero tangents...);
        // the scan body must take (consts, const tangents, carry, carry tangents, xs, xs tangents) and return
        // (carry, carry tangents, ys, ys tangents).
        var inTypes = JaxprTransforms.InputTypes(jvp.Jaxpr);
        var primalCount = nc + ncarry + nx;
        var order = new List<int>();   // body input position -> jvp input position
        int tangentPos = primalCount;
        var tangentIndex = new int[primalCount];
        for (int i = 0; i < primalCount; i++) tangentIndex[i] = finalMask[i] ? tangentPos++ : -1;
        for (int i = 0; i < nc; i++) order.Add(i);
        for (int i = 0; i < nc; i++) if (finalMask[i]) order.Add(tangentIndex[i]);
        for (int i = nc; i < nc + ncarry; i++) order.Add(i);
        for (int i = nc; i < nc + ncarry; i++) if (finalMask[i]) order.Add(tangentIndex[i]);
        for (int i = nc + ncarry; i < primalCount; i++) order.Add(i);
        for (int i = nc + ncarry; i < primalCount; i++) if (finalMask[i]) order.Add(tangentIndex[i]);
        var outOrder = new List<int>();
        int outTangent = ncarry + ny;
        var outTangentIndex = new int[ncarry + ny];
        for (int i = 0; i < ncarry + ny; i++) outTangentIndex[i] = outMask[i] ? outTangent++ : -1;
        for (int i = 0; i < ncarry; i++) outOrder.Add(i);
        for (int i = 0; i < ncarry; i++) if (outMask[i]) outOrder.Add(outTangentIndex[i]);
        for (int i = ncarry; i < ncarry + ny; i++) outOrder.Add(i);
        for (int i = ncarry; i < ncarry + ny; i++) if (outMask[i]) outOrder.Add(outTangentIndex[i]);
        var body = ControlFlowJaxprs.Permute("scan jvp body", jvp, order, outOrder);
        var linear = new List<bool>();
        for (int i = 0; i < nc; i++) linear.Add(p.Linear[i]);
        for (int i = 0; i < ncd; i++) linear.Add(true);
        for (int i = 0; i < ncarry; i++) linear.Add(p.Linear[nc + i]);
        for (int i = 0; i < ncarryd; i++) linear.Add(true);
        for (int i = 0; i < nx; i++) linear.Add(p.Linear[nc + ncarry + i]);
        for (int i = 0; i < nxd; i++) linear.Add(true);
        var result = new ScanParams(body, p.Length, p.Reverse, nc + ncd, ncarry + ncarryd, linear.ToImmutableArray());
        return Tuple.Create(result, carryNZ, ysNZ);
    }

    // ------------------------------------------------------------------------------------------ partial evaluation

    /// <summary>
    /// Splits the scan: a known scan computes the known carries and ys and stacks each iteration's residuals; an
    /// unknown scan (staged) consumes them as xs. Residuals that are known consts are passed as consts instead.
    /// </summary>
    public NDArray[] PartialEvaluate(JaxprTrace trace, NDArray[] args, bool[] known, PrimitiveParams parameters)
    {
        var p = (ScanParams)parameters;
        var plan = p.Memo("pe:" + CallParams.Key(known), () => ScanPartialEvaluation.Plan(p, known));
        return ScanPartialEvaluation.Apply(this, trace, args, known, p, plan);
    }

    // ------------------------------------------------------------------------------------------ dead code

    /// <summary>
    /// Dead code, as JAX's dce rule of scan: unused ys are dropped, and a carry is dropped when neither a used output
    /// nor a kept carry depends on it (a fixed point over the body); consts and xs nothing reads are dropped too.
    /// </summary>
    public Equation? Prune(Equation eqn, bool[] usedOutputs)
    {
        var p = (ScanParams)eqn.Params;
        int nc = p.NumConsts, ncarry = p.NumCarry;
        var used = (bool[])usedOutputs.Clone();
        while (true)
        {
            var (_, reads) = DeadCodeElimination.Prune(p.Jaxpr, used);
            bool grew = false;
            for (int i = 0; i < ncarry; i++) if (reads[nc + i] && !used[i]) { used[i] = true; grew = true; }
            if (!grew) break;
        }
        // A kept carry stays an input of the body even when the body does not read it.
        var keep = new bool[p.Jaxpr.Jaxpr.InVarList.Length];
        Array.Copy(used, 0, keep, nc, ncarry);
        var (body, inputs) = DeadCodeElimination.Prune(p.Jaxpr, used, keep);
        if (ReferenceEquals(body, p.Jaxpr)) return null;
        int consts = 0, carries = 0;
        for (int i = 0; i < nc; i++) if (inputs[i]) consts++;
        for (int i = 0; i < ncarry; i++) if (used[i]) carries++;
        var scan = new ScanParams(body, p.Length, p.Reverse, consts, carries, DeadCodeElimination.Select(p.Linear, inputs));
        return new Equation(this, DeadCodeElimination.Select(eqn.Inputs, inputs), DeadCodeElimination.Select(eqn.Outputs, used), scan);
    }

    // ------------------------------------------------------------------------------------------ transpose

    public NDArray?[] Transpose(NDArray?[] cotangents, TransposeArg[] args, ScanParams p)
    {
        int nc = p.NumConsts, ncarry = p.NumCarry, ny = p.NumYs;
        // Carries are transposed as linear whatever the argument (a known carry here is an instantiated zero tangent).
        var linear = new bool[args.Length];
        for (int i = 0; i < args.Length; i++) linear[i] = args[i].IsLinear || (i >= nc && i < nc + ncarry);
        var transposed = p.Memo("transpose:" + CallParams.Key(linear), () => TransposeScan(p, linear));
        var outTypes = JaxprTransforms.OutputTypes(p.Jaxpr.Jaxpr);
        var inputs = new List<NDArray>();
        for (int i = 0; i < nc; i++) if (!linear[i]) inputs.Add(args[i].KnownValue);
        for (int i = 0; i < nc; i++) if (linear[i]) inputs.Add(Ops.Zeros(args[i].Type.Strong));
        for (int i = 0; i < ncarry; i++) inputs.Add(cotangents[i] ?? Ops.Zeros(args[nc + i].Type.Strong));
        for (int i = nc + ncarry; i < args.Length; i++) if (!linear[i]) inputs.Add(args[i].KnownValue);
        for (int i = 0; i < ny; i++)
            inputs.Add(cotangents[ncarry + i] ?? Ops.Zeros(new ArrayType(Batching.Prepend(p.Length, outTypes[ncarry + i].Shape), outTypes[ncarry + i].DType, false)));
        var outs = Call(transposed, inputs.ToArray());
        var result = new NDArray?[args.Length];
        int k = 0;
        for (int i = 0; i < nc; i++) if (linear[i]) result[i] = outs[k++];
        for (int i = 0; i < ncarry; i++)
        {
            var ct = outs[k++];
            if (args[nc + i].IsLinear) result[nc + i] = ct;
        }
        for (int i = nc + ncarry; i < args.Length; i++) if (linear[i]) result[i] = outs[k++];
        return result;
    }

    /// <summary>
    /// The transposed scan: consts are the non-linear consts; the carry holds the cotangent accumulators of the
    /// linear consts and the carry cotangents; xs are the non-linear xs and the ys cotangents; ys are the
    /// cotangents of the linear xs. It runs in the opposite direction.
    /// </summary>
    private static ScanParams TransposeScan(ScanParams p, bool[] linear)
    {
        int nc = p.NumConsts, ncarry = p.NumCarry, nx = p.NumXs, ny = p.NumYs;
        var bodyT = JaxprTransforms.Transpose(p.Jaxpr, linear);   // (non-linear ins, out cts) -> cts of linear ins
        var inTypes = JaxprTransforms.InputTypes(p.Jaxpr.Jaxpr);
        var outTypes = JaxprTransforms.OutputTypes(p.Jaxpr.Jaxpr);
        var nlConsts = Enumerable.Range(0, nc).Where(i => !linear[i]).ToArray();
        var lConsts = Enumerable.Range(0, nc).Where(i => linear[i]).ToArray();
        var nlXs = Enumerable.Range(nc + ncarry, nx).Where(i => !linear[i]).ToArray();
        var lXs = Enumerable.Range(nc + ncarry, nx).Where(i => linear[i]).ToArray();
        var types = new List<ArrayType>();
        foreach (int i in nlConsts) types.Add(inTypes[i]);
        foreach (int i in lConsts) types.Add(inTypes[i].Strong);
        for (int i = 0; i < ncarry; i++) types.Add(outTypes[i].Strong);
        foreach (int i in nlXs) types.Add(inTypes[i]);
        for (int i = 0; i < ny; i++) types.Add(outTypes[ncarry + i].Strong);
        var body = JaxprTrace.StageFunction("scan transpose body", types, ins =>
        {
            int k = 0;
            var consts = ins[k..(k += nlConsts.Length)];
            var accs = ins[k..(k += lConsts.Length)];
            var carryCts = ins[k..(k += ncarry)];
            var xs = ins[k..(k += nlXs.Length)];
            var yCts = ins[k..(k += ny)];
            var tArgs = new List<NDArray>(consts);
            tArgs.AddRange(xs);
            tArgs.AddRange(carryCts);
            tArgs.AddRange(yCts);
            var cts = JaxprInterpreter.Eval(bodyT.Jaxpr, bodyT.ConstList, tArgs.ToArray());
            var outs = new List<NDArray>();
            int c = 0;
            for (int i = 0; i < lConsts.Length; i++) outs.Add(Ops.Add(accs[i], cts[c++]));
            for (int i = 0; i < ncarry; i++) outs.Add(cts[c++]);
            for (int i = 0; i < lXs.Length; i++) outs.Add(cts[c++]);
            return outs.ToArray();
        });
        return ScanParams.Make(body, p.Length, !p.Reverse, nlConsts.Length, lConsts.Length + ncarry);
    }

    // ------------------------------------------------------------------------------------------ batching

    protected override (NDArray[] Outputs, int[] OutDims) Batch(NDArray[] args, int[] dims, ScanParams p, int axisSize)
    {
        int nc = p.NumConsts, ncarry = p.NumCarry, ny = p.NumYs;
        var batched = new bool[args.Length];
        for (int i = 0; i < args.Length; i++) batched[i] = dims[i] != Batching.NotMapped;
        var (body, carryB, ysB) = p.Memo($"vmap:{axisSize}:" + CallParams.Key(batched), () =>
        {
            var carry = batched[nc..(nc + ncarry)];
            while (true)
            {
                var inMask = (bool[])batched.Clone();
                Array.Copy(carry, 0, inMask, nc, ncarry);
                var instantiate = new bool[ncarry + ny];
                Array.Copy(carry, instantiate, ncarry);
                var (j, outDims) = JaxprTransforms.Batch(p.Jaxpr, inMask, axisSize, instantiate);
                bool grew = false;
                for (int i = 0; i < ncarry; i++)
                    if (outDims[i] != Batching.NotMapped && !carry[i]) { carry[i] = true; grew = true; }
                if (grew) continue;
                var ys = new bool[ny];
                for (int i = 0; i < ny; i++) ys[i] = outDims[ncarry + i] != Batching.NotMapped;
                return Tuple.Create(new ScanParams(j, p.Length, p.Reverse, nc, ncarry, p.Linear), carry, ys);
            }
        });
        var moved = new NDArray[args.Length];
        for (int i = 0; i < args.Length; i++)
        {
            if (i < nc) moved[i] = batched[i] ? Batching.MoveAxis(args[i], dims[i], 0) : args[i];
            else if (i < nc + ncarry) moved[i] = carryB[i - nc] ? Batching.ToFront(args[i], dims[i], axisSize) : args[i];
            else moved[i] = batched[i] ? Batching.MoveAxis(args[i], dims[i], 1) : args[i];   // axis 0 is the scan axis
        }
        var outs = Call(body, moved);
        var outDimsResult = new int[ncarry + ny];
        for (int i = 0; i < ncarry; i++) outDimsResult[i] = carryB[i] ? 0 : Batching.NotMapped;
        for (int i = 0; i < ny; i++) outDimsResult[ncarry + i] = ysB[i] ? 1 : Batching.NotMapped;
        return (outs, outDimsResult);
    }
}
