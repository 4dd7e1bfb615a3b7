using System;
using System.Collections.Generic;

namespace Functional.AD;

/// <summary>Primitives exposed directly, and structured control flow (staged as the higher-order primitives cond, while and scan).</summary>
public static partial class Lax
{
    /// <summary>The error function, elementwise (<c>jax.lax.erf</c>): floating-point operands only.</summary>
    public static NDArray Erf(NDArray x)
    {
        Guard.NotNull(x, "Lax.Erf");
        return Ops.Erf(x);
    }

    /// <summary>Elementwise floor (<c>jax.lax.floor</c>): floating-point operands only; the derivative is zero.</summary>
    public static NDArray Floor(NDArray x)
    {
        Guard.NotNull(x, "Lax.Floor");
        return Ops.Floor(x);
    }

    /// <summary>The identity, with a zero derivative: nothing flows back through it.</summary>
    public static NDArray StopGradient(NDArray x)
    {
        Guard.NotNull(x, "Lax.StopGradient");
        return Ops.StopGradient(x);
    }

    /// <summary>
    /// Calls <paramref name="onTrue"/> or <paramref name="onFalse"/> on <paramref name="operand"/> by the predicate (a
    /// 0-d bool, or integer: non-zero is true). Both branches are traced (once per pair of delegates and operand signature: the traces are cached
    /// as Jit's, by delegate identity) and must return the same
    /// structure and types; the call stages as the <c>cond</c> primitive, so the predicate may be a traced value
    /// (inside Jit, Grad, Vmap...). Under Vmap with a batched predicate both branches run and each example takes
    /// its branch's result (<c>select_n</c>).
    /// </summary>
    /// <typeparam name="TIn">The operand pytree.</typeparam>
    /// <typeparam name="TOut">The result pytree.</typeparam>
    /// <param name="predicate">Which branch: a 0-d bool or integer array.</param>
    /// <param name="onTrue">The branch taken when the predicate is true (non-zero).</param>
    /// <param name="onFalse">The branch taken otherwise.</param>
    /// <param name="operand">The operand passed to the branch.</param>
    /// <returns>The branch's result.</returns>
    public static TOut Cond<TIn, TOut>(NDArray predicate, Func<TIn, TOut> onTrue, Func<TIn, TOut> onFalse, TIn operand)
    {
        Guard.NotNull(predicate, "Lax.Cond");
        Guard.NotNull(onTrue, "Lax.Cond");
        Guard.NotNull(onFalse, "Lax.Cond");
        const string Operation = "Lax.Cond";
        if (predicate.Rank != 0 || predicate.DType.IsFloat())
            throw new ArgumentException($"{Operation}: the predicate must be a 0-d bool or integer array, got {predicate.Type}");
        var (leaves, def) = Tree.FlattenArgs(operand, Operation, allowNumberLeaves: false);
        var signature = new ControlFlowSignature(ControlFlowKind.Cond, def, null, leaves, null, 0);
        var traced = ControlFlowCache.GetOrTrace(onTrue, onFalse, signature, () => TraceCond(onTrue, onFalse, leaves, def));
        var index = predicate.DType == DType.Bool
            ? Ops.ConvertElementType(predicate, DType.Int32)
            : Ops.ConvertElementType(Ops.Ne(predicate, ConcreteArray.Scalar(0, predicate.DType)), DType.Int32);
        var operands = new NDArray[traced.Consts.Length + leaves.Length];
        traced.Consts.CopyTo(operands, 0);
        leaves.CopyTo(operands, traced.Consts.Length);
        var outs = CondPrimitive.Call((CondParams)traced.Params, index, operands);
        return traced.OutDef.UnflattenArray<TOut>(outs);
    }

    /// <summary>Traces both branches of <c>Lax.Cond</c> on operands of the types of <paramref name="leaves"/>.</summary>
    private static TracedControlFlow TraceCond<TIn, TOut>(Func<TIn, TOut> onTrue, Func<TIn, TOut> onFalse, NDArray[] leaves, TreeDef def)
    {
        const string Operation = "Lax.Cond";
        var types = Array.ConvertAll(leaves, l => l.Type);
        TreeDef? falseDef = null, trueDef = null;
        var (falseJaxpr, falseConsts) = ControlFlowJaxprs.TraceBody(Operation, types, ins =>
        {
            var (o, d) = Tree.FlattenResult(onFalse(def.UnflattenArray<TIn>(ins)), $"{Operation} (onFalse)");
            falseDef = d;
            return ToArray(o);
        });
        var (trueJaxpr, trueConsts) = ControlFlowJaxprs.TraceBody(Operation, types, ins =>
        {
            var (o, d) = Tree.FlattenResult(onTrue(def.UnflattenArray<TIn>(ins)), $"{Operation} (onTrue)");
            trueDef = d;
            return ToArray(o);
        });
        var falseOut = JaxprTransforms.OutputTypes(falseJaxpr.Jaxpr);
        var trueOut = JaxprTransforms.OutputTypes(trueJaxpr.Jaxpr);
        bool same = falseDef!.Equals(trueDef) && falseOut.Length == trueOut.Length;
        for (int i = 0; same && i < falseOut.Length; i++) same = falseOut[i].SameShapeAndDType(trueOut[i]);
        if (!same)
            throw new ArgumentException(
                $"{Operation}: the branches must return the same structure and types, but onTrue returns {trueDef} " +
                $"({string.Join(", ", trueOut)}) and onFalse returns {falseDef} ({string.Join(", ", falseOut)})");
        // Both branches take (the constants of onFalse then onTrue, each value once, as JAX's merge of common
        // constants), then the operands.
        var operands = new List<NDArray>();
        var slot = new Dictionary<NDArray, int>(ReferenceEqualityComparer.Instance);
        int[] Slots(NDArray[] consts) => Array.ConvertAll(consts, c =>
        {
            if (!slot.TryGetValue(c, out int k)) { k = operands.Count; slot.Add(c, k); operands.Add(c); }
            return k;
        });
        int[] falseSlots = Slots(falseConsts), trueSlots = Slots(trueConsts);
        int numConsts = operands.Count;
        var allTypes = operands.ConvertAll(o => o.Type);
        foreach (var t in types) allTypes.Add(t);
        ClosedJaxpr Widen(ClosedJaxpr branch, int[] slots) => JaxprTrace.StageFunction(Operation, allTypes, ins =>
        {
            var args = new List<NDArray>(Array.ConvertAll(slots, k => ins[k]));
            args.AddRange(ins[numConsts..]);
            return JaxprInterpreter.Eval(branch.Jaxpr, branch.ConstList, args.ToArray());
        });
        var branches = System.Collections.Immutable.ImmutableArray.Create(
            Widen(falseJaxpr, falseSlots), Widen(trueJaxpr, trueSlots));
        return new TracedControlFlow(new CondParams(branches), operands.ToArray(), falseDef);
    }

    private static NDArray[] ToArray(IReadOnlyList<NDArray> list)
    {
        var a = new NDArray[list.Count];
        for (int i = 0; i < a.Length; i++) a[i] = list[i];
        return a;
    }

    /// <summary>
    /// Repeats <paramref name="body"/> while <paramref name="condition"/> (a 0-d bool) holds, starting from
    /// <paramref name="init"/>, and returns the final carry. Stages as the <c>while</c> primitive (condition and
    /// body traced once per delegates and carry signature, cached as Jit's traces), so it works under Jit, Vmap and forward
    /// mode (Jvp, Jacfwd, Linearize); reverse mode is refused
    /// (the trip count is unknown in advance): use <see cref="ForiLoop{T}"/> or <see cref="Scan{TCarry, TX, TY}"/>.
    /// </summary>
    /// <typeparam name="T">The carry pytree.</typeparam>
    /// <param name="condition">Whether to run the body again: a 0-d bool array.</param>
    /// <param name="body">The step: the next carry (same structure, shapes and dtypes).</param>
    /// <param name="init">The initial carry.</param>
    /// <returns>The carry once the condition fails.</returns>
    public static T WhileLoop<T>(Func<T, NDArray> condition, Func<T, T> body, T init)
    {
        Guard.NotNull(condition, "Lax.WhileLoop");
        Guard.NotNull(body, "Lax.WhileLoop");
        const string Operation = "Lax.WhileLoop";
        var (leaves, def) = Tree.FlattenArgs(init, Operation, allowNumberLeaves: false);
        var signature = new ControlFlowSignature(ControlFlowKind.While, def, null, leaves, null, 0);
        var traced = ControlFlowCache.GetOrTrace(condition, body, signature, () => TraceWhile(condition, body, leaves, def));
        var args = new NDArray[traced.Consts.Length + leaves.Length];
        traced.Consts.CopyTo(args, 0);
        leaves.CopyTo(args, traced.Consts.Length);
        var outs = WhilePrimitive.Call((WhileParams)traced.Params, args);
        return def.UnflattenArray<T>(outs);
    }

    /// <summary>Traces the condition and the body of <c>Lax.WhileLoop</c> on carries of the types of <paramref name="leaves"/>.</summary>
    private static TracedControlFlow TraceWhile<T>(Func<T, NDArray> condition, Func<T, T> body, NDArray[] leaves, TreeDef def)
    {
        const string Operation = "Lax.WhileLoop";
        var types = Array.ConvertAll(leaves, l => l.Type);
        var (condJaxpr, condConsts) = ControlFlowJaxprs.TraceBody(Operation, types, ins =>
        {
            var pred = condition(def.UnflattenArray<T>(ins));
            if (pred.Rank != 0 || pred.DType != DType.Bool)
                throw new ArgumentException($"{Operation}: the condition must return a 0-d bool array, got {pred.Type}");
            return new[] { pred };
        });
        var (bodyJaxpr, bodyConsts) = ControlFlowJaxprs.TraceBody(Operation, types, ins =>
        {
            var (outLeaves, outDef) = Tree.FlattenResult(body(def.UnflattenArray<T>(ins)), $"{Operation} (body)");
            ControlFlowJaxprs.CheckCarry(Operation, def, types, outDef, outLeaves);
            return ToArray(outLeaves);
        });
        var consts = new NDArray[condConsts.Length + bodyConsts.Length];
        condConsts.CopyTo(consts, 0);
        bodyConsts.CopyTo(consts, condConsts.Length);
        return new TracedControlFlow(new WhileParams(condJaxpr, bodyJaxpr, condConsts.Length, bodyConsts.Length), consts, def);
    }

    /// <summary>
    /// Applies <paramref name="body"/>(i, carry) for i from <paramref name="lower"/> to <paramref name="upper"/> - 1
    /// (i an int32 0-d array) and returns the final carry. The bounds are static, so the loop stages as a
    /// <c>scan</c> over the carry (i, carry) and is differentiable in both modes; the body is traced once per delegate,
    /// trip count and carry signature (cached as Jit's traces).
    /// </summary>
    /// <typeparam name="T">The carry pytree.</typeparam>
    /// <param name="lower">The first index.</param>
    /// <param name="upper">One past the last index (no iterations when not above <paramref name="lower"/>).</param>
    /// <param name="body">The step: index and carry to the next carry (same structure, shapes and dtypes).</param>
    /// <param name="init">The initial carry.</param>
    /// <returns>The carry after the last iteration.</returns>
    public static T ForiLoop<T>(int lower, int upper, Func<NDArray, T, T> body, T init)
    {
        Guard.NotNull(body, "Lax.ForiLoop");
        const string Operation = "Lax.ForiLoop";
        var (leaves, def) = Tree.FlattenArgs(init, Operation, allowNumberLeaves: false);
        if (upper <= lower) return init;
        var signature = new ControlFlowSignature(ControlFlowKind.Fori, def, null, leaves, null, upper - lower);
        var traced = ControlFlowCache.GetOrTrace(body, null, signature, () => TraceFori(body, upper - lower, leaves, def));
        var args = new NDArray[traced.Consts.Length + 1 + leaves.Length];
        traced.Consts.CopyTo(args, 0);
        args[traced.Consts.Length] = ConcreteArray.Scalar(lower, DType.Int32);
        leaves.CopyTo(args, traced.Consts.Length + 1);
        var results = ScanPrimitive.Call((ScanParams)traced.Params, args);
        return def.UnflattenArray<T>(results[1..]);
    }

    /// <summary>Traces the body of <c>Lax.ForiLoop</c> (of <paramref name="length"/> iterations) on carries of the types of <paramref name="leaves"/>.</summary>
    private static TracedControlFlow TraceFori<T>(Func<NDArray, T, T> body, int length, NDArray[] leaves, TreeDef def)
    {
        const string Operation = "Lax.ForiLoop";
        var types = new List<ArrayType> { new(Shape.Scalar, DType.Int32) };
        foreach (var l in leaves) types.Add(l.Type);
        var carryTypes = types.GetRange(1, leaves.Length);
        var (jaxpr, consts) = ControlFlowJaxprs.TraceBody(Operation, types, ins =>
        {
            var next = body(ins[0], def.UnflattenArray<T>(ins[1..]));
            var (outLeaves, outDef) = Tree.FlattenResult(next, $"{Operation} (body)");
            ControlFlowJaxprs.CheckCarry(Operation, def, carryTypes, outDef, outLeaves);
            var outs = new NDArray[outLeaves.Length + 1];
            outs[0] = Ops.Add(ins[0], ConcreteArray.Scalar(1, DType.Int32));
            for (int i = 0; i < outLeaves.Length; i++) outs[i + 1] = outLeaves[i];
            return outs;
        });
        return new TracedControlFlow(ScanParams.Make(jaxpr, length, reverse: false, consts.Length, leaves.Length + 1), consts, def);
    }

    /// <summary>
    /// Scans <paramref name="f"/> over the leading axis of <paramref name="xs"/>: <c>(carry, y) = f(carry, x)</c> for
    /// each slice x in order, threading the carry and stacking the ys along a new leading axis. Stages as the
    /// <c>scan</c> primitive (the body is traced once per delegate and signature, cached as Jit's traces), so it works under every transform; its reverse-mode
    /// derivative is a scan in the opposite direction that reads residuals stacked by the forward scan.
    /// </summary>
    /// <typeparam name="TCarry">The carry pytree.</typeparam>
    /// <typeparam name="TX">The pytree of stacked inputs (every leaf has the same leading size, the trip count).</typeparam>
    /// <typeparam name="TY">The pytree of per-iteration outputs.</typeparam>
    /// <param name="f">The step.</param>
    /// <param name="init">The initial carry.</param>
    /// <param name="xs">The stacked inputs.</param>
    /// <returns>The final carry and the stacked outputs.</returns>
    public static (TCarry Carry, TY Ys) Scan<TCarry, TX, TY>(Func<TCarry, TX, (TCarry, TY)> f, TCarry init, TX xs)
    {
        Guard.NotNull(f, "Lax.Scan");
        const string Operation = "Lax.Scan";
        var (carryLeaves, carryDef) = Tree.FlattenArgs(init, Operation, allowNumberLeaves: false);
        var (xsLeaves, xsDef) = Tree.FlattenArgs(xs, Operation, allowNumberLeaves: false);
        if (xsLeaves.Length == 0)
            throw new ArgumentException($"{Operation}: xs holds no arrays, so the number of iterations is unknown; use Lax.ForiLoop for a loop without inputs");
        int length = -1;
        foreach (var x in xsLeaves)
        {
            if (x.Rank == 0 || (length >= 0 && x.Shape[0] != length))
                throw new ArgumentException(
                    $"{Operation}: every leaf of xs must have the same leading size (the number of iterations), but got " +
                    string.Join(", ", Array.ConvertAll(xsLeaves, l => l.Type.ToString())));
            length = x.Shape[0];
        }
        var signature = new ControlFlowSignature(ControlFlowKind.Scan, carryDef, xsDef, carryLeaves, xsLeaves, length);
        var traced = ControlFlowCache.GetOrTrace(f, null, signature, () => TraceScan(f, carryLeaves, carryDef, xsLeaves, xsDef, length));
        int nCarry = carryLeaves.Length;
        var args = new NDArray[traced.Consts.Length + nCarry + xsLeaves.Length];
        traced.Consts.CopyTo(args, 0);
        carryLeaves.CopyTo(args, traced.Consts.Length);
        xsLeaves.CopyTo(args, traced.Consts.Length + nCarry);
        var results = ScanPrimitive.Call((ScanParams)traced.Params, args);
        return (carryDef.UnflattenArray<TCarry>(results[..nCarry]), traced.OutDef.UnflattenArray<TY>(results[nCarry..]));
    }

    /// <summary>Traces the step of <c>Lax.Scan</c> (of <paramref name="length"/> iterations) on a carry and slices of the types of the leaves.</summary>
    private static TracedControlFlow TraceScan<TCarry, TX, TY>(Func<TCarry, TX, (TCarry, TY)> f, NDArray[] carryLeaves, TreeDef carryDef,
        NDArray[] xsLeaves, TreeDef xsDef, int length)
    {
        const string Operation = "Lax.Scan";
        var types = new List<ArrayType>();
        foreach (var c in carryLeaves) types.Add(c.Type);
        var carryTypes = new List<ArrayType>(types);
        foreach (var x in xsLeaves)
        {
            var slice = x.Shape.Dims[1..].ToArray();
            ShapeSize.Check(Operation, slice, x.Type);   // a slice of an empty xs can be larger than xs
            types.Add(new ArrayType(Shape.Own(slice), x.DType, x.Type.Weak));
        }
        TreeDef? ysDef = null;
        int nCarry = carryLeaves.Length;
        var (jaxpr, consts) = ControlFlowJaxprs.TraceBody(Operation, types, ins =>
        {
            var (next, y) = f(carryDef.UnflattenArray<TCarry>(ins[..nCarry]), xsDef.UnflattenArray<TX>(ins[nCarry..]));
            var (outLeaves, outDef) = Tree.FlattenResult(next, $"{Operation} (body)");
            ControlFlowJaxprs.CheckCarry(Operation, carryDef, carryTypes, outDef, outLeaves);
            var (yLeaves, yDef) = Tree.FlattenResult(y, $"{Operation} (body)");
            ysDef = yDef;
            var outs = new NDArray[outLeaves.Length + yLeaves.Length];
            for (int i = 0; i < outLeaves.Length; i++) outs[i] = outLeaves[i];
            for (int i = 0; i < yLeaves.Length; i++) outs[nCarry + i] = yLeaves[i];
            return outs;
        });
        return new TracedControlFlow(ScanParams.Make(jaxpr, length, reverse: false, consts.Length, nCarry), consts, ysDef!);
    }
}
