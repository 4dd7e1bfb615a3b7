using System;
using System.Collections.Generic;

namespace Functional.AD;

/// <summary>
/// Partial evaluation of <c>while</c> (the step of <c>Linearize</c>, and of the remat and jit splits, through a while
/// loop), as JAX's rule: the carries that stay known through the body are found by a fixed point (a carry is unknown
/// when its initial value is, or when the body computes it from an unknown value). When the condition reads only
/// known values, a loop over the known carries alone runs now and gives the known outputs; the unknown outputs come
/// from the whole loop, staged with the known values as residuals (it recomputes the known carries, as a
/// rematerialization would). Otherwise the whole loop is staged. The staged loop has no transpose rule: reverse mode
/// fails when the backward pass reaches it, with <see cref="WhilePrimitive.ReverseModeMessage"/>.
/// </summary>
internal static class WhilePartialEvaluation
{
    /// <summary>The split of one loop for one known-mask.</summary>
    /// <param name="KnownLoop">The loop over the known carries (operands: cond consts, known body consts, known carries), or null to stage everything.</param>
    /// <param name="CarryKnown">Per carry: whether the known loop computes it.</param>
    /// <param name="KnownBodyConsts">Per body const: whether the known loop reads it.</param>
    internal sealed record WhilePlan(WhileParams? KnownLoop, bool[] CarryKnown, bool[] KnownBodyConsts);

    /// <summary>Plans the split of <paramref name="p"/> for the operands marked <paramref name="known"/>.</summary>
    internal static WhilePlan Plan(WhileParams p, bool[] known)
    {
        int cn = p.CondNConsts, bn = p.BodyNConsts, n = p.NumCarry;
        var carryKnown = known[(cn + bn)..];
        var bodyConstsKnown = known[cn..(cn + bn)];
        var none = new WhilePlan(null, new bool[n], bodyConstsKnown);
        for (int i = 0; i < cn; i++) if (!known[i]) return none;

        JaxprTransforms.PartialEvalResult body;
        while (true)
        {
            var bodyKnown = known[cn..];
            Array.Copy(carryKnown, 0, bodyKnown, bn, n);
            var instantiate = new bool[n];
            for (int i = 0; i < n; i++) instantiate[i] = !carryKnown[i];
            body = JaxprTransforms.PartialEvalDetailed(p.Body, bodyKnown, instantiate);
            bool changed = false;
            for (int i = 0; i < n; i++)
                if (carryKnown[i] && !body.KnownOutputs[i]) { carryKnown[i] = false; changed = true; }
            if (!changed) break;
        }
        int knownCarries = 0;
        foreach (bool k in carryKnown) if (k) knownCarries++;
        if (knownCarries == 0) return none;

        var condKnown = new bool[cn + n];
        Array.Fill(condKnown, true, 0, cn);
        Array.Copy(carryKnown, 0, condKnown, cn, n);
        var cond = JaxprTransforms.PartialEvalDetailed(p.Cond, condKnown);
        if (!cond.KnownOutputs[0]) return none;

        // The known sides return their known outputs first; the residuals after them are dropped.
        var knownCond = DeadCodeElimination.Run(FirstOutputs(cond.Known, 1));
        var knownBody = DeadCodeElimination.Run(FirstOutputs(body.Known, knownCarries));
        int knownBodyConsts = 0;
        foreach (bool k in bodyConstsKnown) if (k) knownBodyConsts++;
        return new WhilePlan(new WhileParams(knownCond, knownBody, cn, knownBodyConsts), carryKnown, bodyConstsKnown);
    }

    /// <summary>Runs the known loop in the known trace and stages the whole loop for the unknown outputs.</summary>
    internal static NDArray[] Apply(Primitive loop, JaxprTrace trace, NDArray[] args, WhileParams p, WhilePlan plan)
    {
        var staged = trace.Stage(loop, args, p);
        if (plan.KnownLoop is null) return staged;
        int cn = p.CondNConsts, bn = p.BodyNConsts, n = p.NumCarry;
        var knownArgs = new List<NDArray>();
        for (int i = 0; i < cn; i++) knownArgs.Add(args[i]);
        for (int i = 0; i < bn; i++) if (plan.KnownBodyConsts[i]) knownArgs.Add(args[cn + i]);
        for (int i = 0; i < n; i++) if (plan.CarryKnown[i]) knownArgs.Add(args[cn + bn + i]);
        var knownResults = trace.KnownTrace!.Process(loop, knownArgs.ToArray(), plan.KnownLoop);
        var outputs = new NDArray[n];
        for (int i = 0, k = 0; i < n; i++) outputs[i] = plan.CarryKnown[i] ? knownResults[k++] : staged[i];
        return outputs;
    }

    /// <summary>The jaxpr returning only its first <paramref name="count"/> outputs.</summary>
    private static ClosedJaxpr FirstOutputs(ClosedJaxpr closed, int count)
    {
        var j = closed.Jaxpr;
        var outs = j.OutVarList.RemoveRange(count, j.OutVarList.Length - count);
        return new ClosedJaxpr(new Jaxpr(j.ConstVarList, j.InVarList, j.EquationList, outs, j.VarCount), closed.ConstList);
    }
}
