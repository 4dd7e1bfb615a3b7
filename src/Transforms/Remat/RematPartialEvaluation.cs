using System;
using System.Collections.Generic;

namespace Functional.AD;

/// <summary>
/// Partial evaluation of a checkpointed jaxpr under a <see cref="CheckpointPolicy"/>. As in ordinary partial
/// evaluation, an equation is known when all its inputs are; but of the known values that the unknown side
/// reads (the residuals), only the saveable ones are passed across. Every other one is recomputed on the
/// unknown side: the known equations that produce it, back to saveable values or known inputs, are copied
/// there.
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

    /// <summary>Splits <paramref name="j"/> (without constants) by which inputs are known, saving residuals by <paramref name="policy"/>.</summary>
    internal static Result Split(Jaxpr j, bool[] knownInputs, CheckpointPolicy policy)
    {
        if (j.ConstVarList.Length > 0) throw new InvalidOperationException("partial evaluation expects a jaxpr whose constants are inputs");
        var known = new bool[j.VarCount];
        var producer = new Equation?[j.VarCount];
        var inputIndex = new int[j.VarCount];
        Array.Fill(inputIndex, -1);
        for (int i = 0; i < j.InVarList.Length; i++)
        {
            known[j.InVarList[i].Index] = knownInputs[i];
            inputIndex[j.InVarList[i].Index] = i;
        }
        var unknownEqns = new List<Equation>();
        var knownEqns = new List<Equation>();
        foreach (var e in j.EquationList)
        {
            bool all = true;
            foreach (var a in e.Inputs) if (a is Var v && !known[v.Index]) { all = false; break; }
            (all ? knownEqns : unknownEqns).Add(e);
            foreach (var o in e.Outputs)
            {
                known[o.Index] = all;
                producer[o.Index] = e;
            }
        }
        var knownOutputs = new bool[j.OutVarList.Length];
        for (int i = 0; i < knownOutputs.Length; i++) knownOutputs[i] = j.OutVarList[i] is not Var ov || known[ov.Index];

        // Walk back from the known values the unknown side reads: saveable ones become residuals, the
        // equations producing the others are recomputed (and their known inputs are needed in turn).
        var saved = new List<Var>();
        var isSaved = new bool[j.VarCount];
        var visited = new bool[j.VarCount];
        var recompute = new HashSet<Equation>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<Var>();
        foreach (var e in unknownEqns)
            foreach (var a in e.Inputs)
                if (a is Var v && known[v.Index]) pending.Push(v);
        while (pending.Count > 0)
        {
            var v = pending.Pop();
            if (visited[v.Index]) continue;
            visited[v.Index] = true;
            var e = producer[v.Index];
            if (inputIndex[v.Index] >= 0 || e is null || Saveable(e, policy))
            {
                isSaved[v.Index] = true;
                saved.Add(v);
                continue;
            }
            if (!recompute.Add(e)) continue;
            foreach (var a in e.Inputs) if (a is Var u) pending.Push(u);
        }
        saved.Sort((a, b) => a.Index.CompareTo(b.Index));
        var unknownSet = new HashSet<Equation>(unknownEqns, ReferenceEqualityComparer.Instance);

        var knownInTypes = new List<ArrayType>();
        var unknownInTypes = new List<ArrayType>();
        foreach (var r in saved) unknownInTypes.Add(r.Type);
        for (int i = 0; i < j.InVarList.Length; i++) (knownInputs[i] ? knownInTypes : unknownInTypes).Add(j.InVarList[i].Type);

        var knownJaxpr = JaxprTransforms.Stage("checkpoint (known)", knownInTypes, ins =>
        {
            var env = new NDArray?[j.VarCount];
            for (int i = 0, k = 0; i < j.InVarList.Length; i++) if (knownInputs[i]) env[j.InVarList[i].Index] = ins[k++];
            JaxprTransforms.Run(knownEqns, env);
            var outs = new List<NDArray>();
            for (int i = 0; i < knownOutputs.Length; i++) if (knownOutputs[i]) outs.Add(JaxprTransforms.Read(env, j.OutVarList[i]));
            foreach (var r in saved) if (inputIndex[r.Index] < 0) outs.Add(env[r.Index]!);
            return outs.ToArray();
        });
        var unknownJaxpr = JaxprTransforms.Stage("checkpoint (recomputed)", unknownInTypes, ins =>
        {
            var env = new NDArray?[j.VarCount];
            int k = 0;
            foreach (var r in saved) env[r.Index] = ins[k++];
            for (int i = 0; i < j.InVarList.Length; i++) if (!knownInputs[i]) env[j.InVarList[i].Index] = ins[k++];
            var eqns = new List<Equation>();
            foreach (var e in j.EquationList) if (recompute.Contains(e) || unknownSet.Contains(e)) eqns.Add(e);
            JaxprTransforms.Run(eqns, env);
            var outs = new List<NDArray>();
            for (int i = 0; i < knownOutputs.Length; i++) if (!knownOutputs[i]) outs.Add(JaxprTransforms.Read(env, j.OutVarList[i]));
            return outs.ToArray();
        });
        // The known side computed every known equation; those that only fed tangents are dropped.
        var residualInputs = new int[saved.Count];
        for (int i = 0; i < residualInputs.Length; i++) residualInputs[i] = inputIndex[saved[i].Index];
        return new Result(DeadCodeElimination.Run(knownJaxpr), unknownJaxpr, knownOutputs, residualInputs);
    }

    /// <summary>Whether the policy lets the backward pass keep the outputs of <paramref name="e"/>.</summary>
    private static bool Saveable(Equation e, CheckpointPolicy policy) =>
        ReferenceEquals(policy, CheckpointPolicy.EverythingSaveable)
        || (ReferenceEquals(policy, CheckpointPolicy.DotsSaveable) && e.Primitive is DotGeneralPrimitive);
}
