using System;
using System.Collections.Generic;

namespace Functional.AD;

/// <summary>
/// Partial evaluation of a checkpointed jaxpr under a <see cref="CheckpointPolicy"/>. First the ordinary split
/// (<see cref="JaxprTransforms.PartialEvalDetailed"/>, which lets nested higher-order primitives split
/// themselves): a known jaxpr computing the known outputs and the residuals, and an unknown jaxpr reading them.
/// Then, of those residuals, only the saveable ones are passed across. Every other one is recomputed on the
/// unknown side: the known equations that produce it, back to saveable values or known inputs, are copied there,
/// and dead-code elimination prunes the copied higher-order equations to the outputs the unknown side reads.
/// </summary>
internal static class RematPartialEvaluation
{
    /// <summary>
    /// The split of a jaxpr: <see cref="Known"/> maps the known inputs to the known outputs followed by the
    /// saved residuals it computes; <see cref="Unknown"/> maps the saved residuals followed by the unknown inputs
    /// to the unknown outputs (recomputing what was not saved). Saved residuals that are known inputs are not
    /// routed through the known side: the caller passes the argument itself.
    /// </summary>
    /// <param name="Known">The known side.</param>
    /// <param name="Unknown">The unknown side.</param>
    /// <param name="KnownOutputs">Which outputs of the jaxpr the known side computes.</param>
    /// <param name="ResidualInputs">Per saved residual: the index of the jaxpr input it is, or -1 when the known side computes it.</param>
    internal sealed record Result(ClosedJaxpr Known, ClosedJaxpr Unknown, bool[] KnownOutputs, int[] ResidualInputs);

    /// <summary>Splits <paramref name="closed"/> by which inputs are known, saving residuals by <paramref name="policy"/>.</summary>
    internal static Result Split(ClosedJaxpr closed, bool[] knownInputs, CheckpointPolicy policy)
    {
        // Outputs nested equations compute for nothing (a cond's unused output and its tangent) leave no residuals.
        var split = JaxprTransforms.PartialEvalDetailed(DeadCodeElimination.Run(closed), knownInputs);
        var k = split.Known.Jaxpr;
        int knownCount = 0;
        foreach (bool b in split.KnownOutputs) if (b) knownCount++;
        int residuals = k.OutVarList.Length - knownCount;

        // Known-side variables: which jaxpr input each known input is, and which equation produced each.
        var inputOf = new int[k.VarCount];
        Array.Fill(inputOf, -1);
        for (int i = 0, ki = 0; i < knownInputs.Length; i++) if (knownInputs[i]) inputOf[k.InVarList[ki++].Index] = i;
        var producer = new Equation?[k.VarCount];
        foreach (var e in k.EquationList) foreach (var o in e.Outputs) producer[o.Index] = e;

        // Walk back from the residuals: saveable values are passed across, the equations producing the others
        // are recomputed (and their inputs are needed in turn).
        var saved = new List<Var>();
        var visited = new bool[k.VarCount];
        var recompute = new HashSet<Equation>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<Var>();
        for (int r = 0; r < residuals; r++) if (k.OutVarList[knownCount + r] is Var v) pending.Push(v);
        while (pending.Count > 0)
        {
            var v = pending.Pop();
            if (visited[v.Index]) continue;
            visited[v.Index] = true;
            var e = producer[v.Index];
            if (e is null || Saveable(e, policy))
            {
                saved.Add(v);
                continue;
            }
            if (!recompute.Add(e)) continue;
            foreach (var a in e.Inputs) if (a is Var u) pending.Push(u);
        }
        saved.Sort((a, b) => a.Index.CompareTo(b.Index));
        var computedSaved = saved.FindAll(v => inputOf[v.Index] < 0);

        // Known side: the known outputs, then the saved residuals it computes (not the known inputs).
        var knownJaxpr = WithSavedOutputs(split.Known, knownCount, computedSaved);

        // Unknown side: (saved residuals, unknown inputs) -> recompute the rest of the residuals -> the unknown jaxpr.
        var unknownTypes = new List<ArrayType>();
        foreach (var v in saved) unknownTypes.Add(v.Type);
        var uIn = JaxprTransforms.InputTypes(split.Unknown.Jaxpr);
        for (int i = residuals; i < uIn.Length; i++) unknownTypes.Add(uIn[i]);
        var unknownJaxpr = JaxprTrace.StageFunction("checkpoint (recomputed)", unknownTypes, ins =>
        {
            var env = JaxprEnvironment.WithConstants(k, split.Known.ConstList, "checkpoint (recomputed)");
            for (int i = 0; i < saved.Count; i++) env.Write(saved[i], ins[i]);
            var eqns = new List<Equation>();
            foreach (var e in k.EquationList) if (recompute.Contains(e)) eqns.Add(e);
            env.Run(eqns);
            var uArgs = new NDArray[uIn.Length];
            for (int r = 0; r < residuals; r++) uArgs[r] = env.Read(k.OutVarList[knownCount + r]);
            for (int i = residuals; i < uIn.Length; i++) uArgs[i] = ins[saved.Count + i - residuals];
            return JaxprInterpreter.Eval(split.Unknown.Jaxpr, split.Unknown.ConstList, uArgs);
        });

        // Saved residuals in the unknown side's order: known inputs are passed by the caller, the rest come from
        // the known side (in order).
        var residualInputs = new int[saved.Count];
        for (int i = 0; i < saved.Count; i++) residualInputs[i] = inputOf[saved[i].Index];
        // Recomputed higher-order equations (cond, scan, while, calls) are pruned to the outputs the backward pass reads.
        return new Result(DeadCodeElimination.Run(knownJaxpr), DeadCodeElimination.Run(unknownJaxpr), split.KnownOutputs, residualInputs);
    }

    /// <summary>The known jaxpr returning its first <paramref name="knownCount"/> outputs followed by the given variables.</summary>
    private static ClosedJaxpr WithSavedOutputs(ClosedJaxpr known, int knownCount, List<Var> savedVars)
    {
        var j = known.Jaxpr;
        var outs = j.OutVarList.RemoveRange(knownCount, j.OutVarList.Length - knownCount);
        foreach (var v in savedVars) outs = outs.Add(v);
        return new ClosedJaxpr(new Jaxpr(j.ConstVarList, j.InVarList, j.EquationList, outs, j.VarCount), known.ConstList);
    }

    /// <summary>Whether the policy lets the backward pass keep the outputs of <paramref name="e"/>.</summary>
    private static bool Saveable(Equation e, CheckpointPolicy policy) =>
        ReferenceEquals(policy, CheckpointPolicy.EverythingSaveable)
        || (ReferenceEquals(policy, CheckpointPolicy.DotsSaveable) && e.Primitive is DotGeneralPrimitive);
}
