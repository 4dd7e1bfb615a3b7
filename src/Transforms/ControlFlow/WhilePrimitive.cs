using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace Functional.AD;

/// <summary>
/// Parameters of <c>while</c>: the condition jaxpr (cond consts, carry) to a bool, the body jaxpr (body consts,
/// carry) to the next carry, and how many consts each takes. Operands: cond consts, body consts, initial carry.
/// </summary>
/// <param name="Cond">The condition.</param>
/// <param name="Body">The body (the executable of the base record).</param>
/// <param name="CondNConsts">How many leading operands are the condition's consts.</param>
/// <param name="BodyNConsts">How many operands after those are the body's consts.</param>
internal sealed record WhileParams(ClosedJaxpr Cond, ClosedJaxpr Body, int CondNConsts, int BodyNConsts) : CallParams(Body)
{
    private JaxprExecutable? _condExecutable;

    /// <summary>The compiled condition.</summary>
    internal JaxprExecutable CondExecutable =>
        _condExecutable ?? Interlocked.CompareExchange(ref _condExecutable, JaxprCompiler.Compile(Cond), null) ?? _condExecutable!;

    /// <summary>How many carries.</summary>
    internal int NumCarry => Body.Jaxpr.InVarList.Length - BodyNConsts;

    public override IEnumerable<(string Name, object? Value)> Entries()
    {
        yield return ("body_jaxpr", Body);
        yield return ("body_nconsts", BodyNConsts);
        yield return ("cond_jaxpr", Cond);
        yield return ("cond_nconsts", CondNConsts);
    }

    public bool Equals(WhileParams? other) =>
        other is not null && ReferenceEquals(Cond, other.Cond) && ReferenceEquals(Body, other.Body)
        && CondNConsts == other.CondNConsts && BodyNConsts == other.BodyNConsts;

    public override int GetHashCode() =>
        HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Cond), System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Body), CondNConsts, BodyNConsts);
}

/// <summary>
/// The <c>while</c> primitive: repeats the body while the condition holds. Forward-mode differentiable (the JVP
/// loops over primals and tangents together) and batchable (with a batched condition, the loop runs while any
/// example's condition holds and each example keeps its carry once its own condition fails). It can be linearized
/// (the tangent loop is staged whole), but the linearized loop cannot be transposed, so reverse mode is not
/// supported: the number of iterations is not known before the loop runs, so there is nowhere to stack the
/// residuals; the error, raised by the backward pass, points to <c>Lax.Scan</c> and <c>Lax.ForiLoop</c>.
/// </summary>
internal sealed class WhilePrimitive : Primitive<WhileParams>, IPartialEvaluationRule, IDeadCodeRule
{
    internal static readonly WhilePrimitive Instance = new();

    private WhilePrimitive() : base("while") { }

    /// <summary>The message of reverse-mode differentiation through a while loop.</summary>
    internal const string ReverseModeMessage =
        "Lax.WhileLoop: reverse-mode differentiation (Grad, Vjp, ValueAndGrad, Jacrev, Hessian) of a while loop is not supported, " +
        "because its number of iterations is only known once it has run. Use Lax.ForiLoop with static bounds or Lax.Scan, " +
        "which are reverse-differentiable; forward mode (Jvp, Jacfwd) works with Lax.WhileLoop.";

    protected override ArrayType[] ShapeRule(ArrayType[] inputs, WhileParams p)
    {
        int start = p.CondNConsts + p.BodyNConsts;
        var body = p.Body.Jaxpr;
        if (inputs.Length != start + p.NumCarry)
            throw ShapeErrors.Error(Name, $"expected {start} consts and {p.NumCarry} carries, got {inputs.Length} operands", inputs);
        for (int i = 0; i < p.NumCarry; i++)
            if (!inputs[start + i].SameShapeAndDType(body.InVarList[p.BodyNConsts + i].Type))
                throw ShapeErrors.Error(Name, $"carry {i} must be {body.InVarList[p.BodyNConsts + i].Type}", inputs);
        return inputs[start..];
    }

    protected override NDArray[] Kernel(NDArray[] args, WhileParams p, ArrayType[] outTypes) =>
        Iterate(args, p, (a, _) => p.CondExecutable.Run(a)[0].ToArray<bool>()[0], (a, _) => p.Executable.Run(a));

    /// <summary>
    /// The loop on concrete operands: <paramref name="condition"/> and <paramref name="body"/> get their consts and the
    /// carry, and the 1-based iteration; returns the final carry.
    /// </summary>
    private static NDArray[] Iterate(NDArray[] args, WhileParams p, Func<NDArray[], long, bool> condition, Func<NDArray[], long, NDArray[]> body)
    {
        int cn = p.CondNConsts, bn = p.BodyNConsts, n = p.NumCarry;
        var condArgs = new NDArray[cn + n];
        var bodyArgs = new NDArray[bn + n];
        Array.Copy(args, 0, condArgs, 0, cn);
        Array.Copy(args, cn, bodyArgs, 0, bn);
        var carry = args[(cn + bn)..];
        for (long iteration = 1; ; iteration++)
        {
            Array.Copy(carry, 0, condArgs, cn, n);
            if (!condition(condArgs, iteration)) return carry;
            Array.Copy(carry, 0, bodyArgs, bn, n);
            carry = body(bodyArgs, iteration);
        }
    }

    /// <summary>
    /// Re-runs the loop with the condition and the body evaluated one primitive at a time, to name the equation (and
    /// the iteration) that made a NaN or infinity the <see cref="NumericChecks"/> look for.
    /// </summary>
    internal override Exception? LocateNonFinite(NDArray[] args, PrimitiveParams parameters)
    {
        var p = (WhileParams)parameters;
        return NonFiniteLocator.Locate(() => Iterate(args, p,
            (a, i) => NonFiniteLocator.Run($"the condition of while, iteration {i}", p.Cond, a)[0].ToArray<bool>()[0],
            (a, i) => NonFiniteLocator.Run($"the body of while, iteration {i}", p.Body, a)));
    }

    /// <summary>Binds <c>while</c> with <paramref name="p"/> on <paramref name="args"/> in the current trace.</summary>
    internal static NDArray[] Call(WhileParams p, NDArray[] args) => Instance.Bind(args, p);

    protected override (NDArray[] Primals, NDArray?[] Tangents) Jvp(NDArray[] primals, NDArray?[] tangents, WhileParams p)
    {
        int cn = p.CondNConsts, bn = p.BodyNConsts, n = p.NumCarry;
        var mask = new bool[bn + n];
        for (int i = 0; i < bn + n; i++) mask[i] = tangents[cn + i] is not null && primals[cn + i].DType.IsFloat();
        var (jvp, carryNZ) = p.Memo("jvp:" + MemoizingParams.Key(mask), () => JvpWhile(p, mask));
        var args = new List<NDArray>(primals[..(cn + bn)]);
        for (int i = 0; i < bn; i++) if (mask[i]) args.Add(tangents[cn + i]!);
        args.AddRange(primals[(cn + bn)..]);
        for (int i = 0; i < n; i++) if (carryNZ[i]) args.Add(tangents[cn + bn + i] ?? Ops.Zeros(primals[cn + bn + i].Type.Strong));
        var outs = Call(jvp, args.ToArray());
        var ts = new NDArray?[n];
        for (int i = 0, k = n; i < n; i++) if (carryNZ[i]) ts[i] = outs[k++];
        return (outs[..n], ts);
    }

    private static Tuple<WhileParams, bool[]> JvpWhile(WhileParams p, bool[] mask)
    {
        int bn = p.BodyNConsts, n = p.NumCarry, cn = p.CondNConsts;
        var carryNZ = mask[bn..];
        ClosedJaxpr jvp;
        while (true)
        {
            var inMask = (bool[])mask.Clone();
            Array.Copy(carryNZ, 0, inMask, bn, n);
            bool[] outMask;
            (jvp, outMask) = JaxprTransforms.Jvp(p.Body, inMask, carryNZ);
            bool grew = false;
            for (int i = 0; i < n; i++) if (outMask[i] && !carryNZ[i]) { carryNZ[i] = true; grew = true; }
            if (!grew) break;
        }
        var final = (bool[])mask.Clone();
        Array.Copy(carryNZ, 0, final, bn, n);
        // JVP inputs: (consts, carry, non-zero tangents); the loop body needs (consts, const tangents, carry, carry tangents).
        int t = bn + n;
        var tangentOf = new int[bn + n];
        for (int i = 0; i < bn + n; i++) tangentOf[i] = final[i] ? t++ : -1;
        var order = new List<int>();
        for (int i = 0; i < bn; i++) order.Add(i);
        for (int i = 0; i < bn; i++) if (final[i]) order.Add(tangentOf[i]);
        for (int i = bn; i < bn + n; i++) order.Add(i);
        for (int i = bn; i < bn + n; i++) if (final[i]) order.Add(tangentOf[i]);
        var outOrder = Enumerable.Range(0, n + carryNZ.Count(c => c)).ToList();
        var body = ControlFlowJaxprs.Permute("while jvp body", jvp, order, outOrder);
        // The condition ignores the tangents.
        var condTypes = new List<ArrayType>(JaxprTransforms.InputTypes(p.Cond.Jaxpr));
        var carryTypes = JaxprTransforms.InputTypes(p.Body.Jaxpr)[bn..];
        for (int i = 0; i < n; i++) if (carryNZ[i]) condTypes.Add(carryTypes[i].Strong);
        var cond = JaxprTrace.StageFunction("while jvp cond", condTypes,
            ins => JaxprInterpreter.Eval(p.Cond.Jaxpr, p.Cond.ConstList, ins[..(cn + n)]));
        int constTangents = 0;
        for (int i = 0; i < bn; i++) if (mask[i]) constTangents++;
        return Tuple.Create(new WhileParams(cond, body, cn, bn + constTangents), carryNZ);
    }

    /// <summary>
    /// Linearization through the loop (see <see cref="WhilePartialEvaluation"/>): the known carries are computed now,
    /// the unknown ones by the whole loop, staged.
    /// </summary>
    public NDArray[] PartialEvaluate(JaxprTrace trace, NDArray[] args, bool[] known, PrimitiveParams parameters)
    {
        var p = (WhileParams)parameters;
        var plan = p.Memo("pe:" + MemoizingParams.Key(known), () => WhilePartialEvaluation.Plan(p, known));
        return WhilePartialEvaluation.Apply(this, trace, args, p, plan);
    }

    /// <summary>Reverse mode would need the residuals of an unknown number of iterations: the transpose is refused with a pointer to Scan.</summary>
    internal override Exception MissingTransposeRule(string operation) => new NotSupportedException(ReverseModeMessage);

    /// <summary>
    /// Dead code, as JAX's dce rule of while: a carry is kept when it is used after the loop, read by the condition,
    /// or needed by the body to compute a kept carry (a fixed point); the others are dropped with the body equations
    /// only they need, and consts nothing reads are dropped too.
    /// </summary>
    public Equation? Prune(Equation eqn, bool[] usedOutputs)
    {
        var p = (WhileParams)eqn.Params;
        int cn = p.CondNConsts, bn = p.BodyNConsts, n = p.NumCarry;
        var predicate = new[] { true };
        var (_, condReads) = DeadCodeElimination.Prune(p.Cond, predicate);
        var used = (bool[])usedOutputs.Clone();
        for (int i = 0; i < n; i++) used[i] |= condReads[cn + i];
        while (true)
        {
            var (_, reads) = DeadCodeElimination.Prune(p.Body, used);
            bool grew = false;
            for (int i = 0; i < n; i++) if (reads[bn + i] && !used[i]) { used[i] = true; grew = true; }
            if (!grew) break;
        }
        // Kept carries stay inputs of the condition and the body even where they are not read.
        var keepBody = new bool[bn + n];
        Array.Copy(used, 0, keepBody, bn, n);
        var keepCond = new bool[cn + n];
        Array.Copy(used, 0, keepCond, cn, n);
        var (body, bodyInputs) = DeadCodeElimination.Prune(p.Body, used, keepBody);
        var (cond, condInputs) = DeadCodeElimination.Prune(p.Cond, predicate, keepCond);
        if (ReferenceEquals(body, p.Body) && ReferenceEquals(cond, p.Cond)) return null;
        var inputs = new bool[cn + bn + n];
        Array.Copy(condInputs, 0, inputs, 0, cn);
        Array.Copy(bodyInputs, 0, inputs, cn, bn);
        Array.Copy(used, 0, inputs, cn + bn, n);
        int condConsts = 0, bodyConsts = 0;
        for (int i = 0; i < cn; i++) if (condInputs[i]) condConsts++;
        for (int i = 0; i < bn; i++) if (bodyInputs[i]) bodyConsts++;
        return new Equation(this, DeadCodeElimination.Select(eqn.Inputs, inputs), DeadCodeElimination.Select(eqn.Outputs, used),
            new WhileParams(cond, body, condConsts, bodyConsts));
    }

    protected override (NDArray[] Outputs, int[] OutDims) Batch(NDArray[] args, int[] dims, WhileParams p, int axisSize)
    {
        int cn = p.CondNConsts, bn = p.BodyNConsts, n = p.NumCarry;
        var batched = new bool[args.Length];
        for (int i = 0; i < args.Length; i++) batched[i] = dims[i] != Batching.NotMapped;
        var (call, carryB, repeatCondConsts) = p.Memo($"vmap:{axisSize}:" + MemoizingParams.Key(batched), () => BatchWhile(p, batched, axisSize));
        var moved = new List<NDArray>();
        for (int i = 0; i < args.Length; i++)
        {
            bool isCarry = i >= cn + bn;
            moved.Add(isCarry && carryB[i - cn - bn] ? Batching.ToFront(args[i], dims[i], axisSize)
                : batched[i] ? Batching.MoveAxis(args[i], dims[i], 0) : args[i]);
        }
        // With a batched predicate the body also reads the condition's consts (passed again, as body consts).
        if (repeatCondConsts) moved.InsertRange(cn, moved.GetRange(0, cn));
        var outs = Call(call, moved.ToArray());
        return (outs, carryB.Select(b => b ? 0 : Batching.NotMapped).ToArray());
    }

    private static Tuple<WhileParams, bool[], bool> BatchWhile(WhileParams p, bool[] batched, int axisSize)
    {
        int cn = p.CondNConsts, bn = p.BodyNConsts, n = p.NumCarry;
        var condConstsB = batched[..cn];
        var bodyConstsB = batched[cn..(cn + bn)];
        var carryB = batched[(cn + bn)..];
        bool predBatched;
        while (true)
        {
            var (_, predDims) = JaxprTransforms.Batch(p.Cond, Concat(condConstsB, carryB), axisSize);
            predBatched = predDims[0] != Batching.NotMapped;
            if (predBatched && carryB.Any(b => !b)) { Array.Fill(carryB, true); continue; }
            var (_, outDims) = JaxprTransforms.Batch(p.Body, Concat(bodyConstsB, carryB), axisSize, carryB);
            bool grew = false;
            for (int i = 0; i < n; i++) if (outDims[i] != Batching.NotMapped && !carryB[i]) { carryB[i] = true; grew = true; }
            if (!grew) break;
        }
        var (body, _) = JaxprTransforms.Batch(p.Body, Concat(bodyConstsB, carryB), axisSize, carryB);
        var (cond, _) = JaxprTransforms.Batch(p.Cond, Concat(condConstsB, carryB), axisSize);
        if (!predBatched) return Tuple.Create(new WhileParams(cond, body, cn, bn), carryB, false);

        // A batched predicate: loop while any example's holds; an example whose predicate fails keeps its carry.
        var condTypes = JaxprTransforms.InputTypes(cond.Jaxpr);
        var anyCond = JaxprTrace.StageFunction("while (batched predicate)", condTypes, ins =>
        {
            var pred = JaxprInterpreter.Eval(cond.Jaxpr, cond.ConstList, ins)[0];
            var any = Ops.ReduceMax(Ops.ConvertElementType(pred, DType.Int32), new IntTuple(0));
            return new[] { Ops.Gt(any, ConcreteArray.Scalar(0, DType.Int32)) };
        });
        var bodyTypes = JaxprTransforms.InputTypes(body.Jaxpr);
        var selectTypes = new List<ArrayType>(condTypes[..cn]);
        selectTypes.AddRange(bodyTypes);
        var selectBody = JaxprTrace.StageFunction("while (batched predicate)", selectTypes, ins =>
        {
            var carry = ins[(cn + bn)..];
            var condArgs = new List<NDArray>(ins[..cn]);
            condArgs.AddRange(carry);
            var pred = JaxprInterpreter.Eval(cond.Jaxpr, cond.ConstList, condArgs.ToArray())[0];
            var next = JaxprInterpreter.Eval(body.Jaxpr, body.ConstList, ins[cn..]);
            var result = new NDArray[n];
            for (int i = 0; i < n; i++)
                result[i] = Ops.Select(Ops.BroadcastInDim(pred, next[i].Shape, new IntTuple(0)), next[i], carry[i]);
            return result;
        });
        // The new body reads the condition's consts too: operands become (cond consts, cond consts, body consts, carry).
        return Tuple.Create(new WhileParams(anyCond, selectBody, cn, cn + bn), carryB, true);
    }

    private static bool[] Concat(bool[] a, bool[] b)
    {
        var r = new bool[a.Length + b.Length];
        a.CopyTo(r, 0);
        b.CopyTo(r, a.Length);
        return r;
    }
}
