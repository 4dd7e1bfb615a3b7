using System.Collections.Immutable;

namespace Functional.AD;

/// <summary>
/// A higher-order primitive's own dead-code rule (JAX's per-primitive dce rules): given which of an equation's outputs
/// are read, the equation computing only those (and whatever they need, such as loop carries they depend on), with the
/// jaxprs it carries pruned and the operands nothing reads dropped.
/// </summary>
internal interface IDeadCodeRule
{
    /// <summary>
    /// The pruned equation, whose outputs are a subset of <paramref name="eqn"/>'s (including at least those marked in
    /// <paramref name="usedOutputs"/>) and whose operands are all read; or null when <paramref name="eqn"/> stays as it is.
    /// </summary>
    Equation? Prune(Equation eqn, bool[] usedOutputs);
}

/// <summary>
/// Dead-code elimination: drops equations none of whose outputs is used (except those with side effects, see
/// <see cref="Effects"/>), and prunes
/// the equations of higher-order primitives (<see cref="IDeadCodeRule"/>: cond, scan, while, jit, checkpoint) down to
/// the outputs that are read, recursively through the jaxprs they carry.
/// </summary>
internal static class DeadCodeElimination
{
    /// <summary>The jaxpr without equations whose results are never read (variables keep their numbers; inputs and outputs stay).</summary>
    internal static ClosedJaxpr Run(ClosedJaxpr closed)
    {
        var used = new bool[closed.Jaxpr.OutVarList.Length];
        System.Array.Fill(used, true);
        var keep = new bool[closed.Jaxpr.InVarList.Length];
        System.Array.Fill(keep, true);
        return Prune(closed, used, keep).Jaxpr;
    }

    /// <summary>
    /// The jaxpr computing only the outputs marked in <paramref name="usedOutputs"/> and taking only the inputs it reads
    /// (and those marked in <paramref name="keepInputs"/>), returned with the mask of the inputs it takes. Returns
    /// <paramref name="closed"/> itself when nothing is pruned.
    /// </summary>
    internal static (ClosedJaxpr Jaxpr, bool[] UsedInputs) Prune(ClosedJaxpr closed, bool[] usedOutputs, bool[]? keepInputs = null)
    {
        var j = closed.Jaxpr;
        var live = new bool[j.VarCount];
        bool changed = false;
        for (int i = 0; i < j.OutVarList.Length; i++)
            if (usedOutputs[i]) { if (j.OutVarList[i] is Var v) live[v.Index] = true; }
            else changed = true;
        var kept = new Equation?[j.EquationList.Length];
        for (int e = j.EquationList.Length - 1; e >= 0; e--)
        {
            var eqn = j.EquationList[e];
            var usedOuts = new bool[eqn.Outputs.Length];
            bool any = false, all = true;
            for (int o = 0; o < usedOuts.Length; o++)
            {
                usedOuts[o] = live[eqn.Outputs[o].Index];
                any |= usedOuts[o];
                all &= usedOuts[o];
            }
            bool effectful = false;
            if (!any && !(effectful = Effects.Of(eqn)))
            {
                changed = true;
                continue;
            }
            var keptEqn = eqn;
            if (!effectful && eqn.Primitive is IDeadCodeRule rule && rule.Prune(eqn, usedOuts) is { } pruned)
            {
                keptEqn = pruned;
                changed = true;
            }
            kept[e] = keptEqn;
            foreach (var a in keptEqn.Inputs) if (a is Var v) live[v.Index] = true;
        }

        var usedInputs = new bool[j.InVarList.Length];
        var inVars = ImmutableArray.CreateBuilder<Var>();
        for (int i = 0; i < usedInputs.Length; i++)
        {
            usedInputs[i] = live[j.InVarList[i].Index] || (keepInputs is not null && keepInputs[i]);
            if (usedInputs[i]) inVars.Add(j.InVarList[i]);
            else changed = true;
        }
        var constVars = ImmutableArray.CreateBuilder<Var>();
        var consts = ImmutableArray.CreateBuilder<NDArray>();
        for (int i = 0; i < j.ConstVarList.Length; i++)
            if (live[j.ConstVarList[i].Index])
            {
                constVars.Add(j.ConstVarList[i]);
                consts.Add(closed.ConstList[i]);
            }
            else changed = true;
        if (!changed) return (closed, usedInputs);

        var equations = ImmutableArray.CreateBuilder<Equation>();
        foreach (var e in kept) if (e is not null) equations.Add(e);
        var outs = ImmutableArray.CreateBuilder<Atom>();
        for (int i = 0; i < j.OutVarList.Length; i++) if (usedOutputs[i]) outs.Add(j.OutVarList[i]);
        var jaxpr = new Jaxpr(constVars.ToImmutable(), inVars.ToImmutable(), equations.ToImmutable(), outs.ToImmutable(), j.VarCount);
        return (new ClosedJaxpr(jaxpr, consts.ToImmutable()), usedInputs);
    }

    /// <summary>The atoms of <paramref name="all"/> marked in <paramref name="mask"/> (from <paramref name="start"/> on).</summary>
    internal static ImmutableArray<T> Select<T>(ImmutableArray<T> all, bool[] mask, int start = 0)
    {
        var b = ImmutableArray.CreateBuilder<T>();
        for (int i = 0; i < mask.Length; i++) if (mask[i]) b.Add(all[start + i]);
        return b.ToImmutable();
    }
}
