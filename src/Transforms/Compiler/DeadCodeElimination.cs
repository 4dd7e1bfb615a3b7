using System.Collections.Immutable;

namespace Functional.AD;

/// <summary>Dead-code elimination: drops equations none of whose outputs is used (primitives have no side effects).</summary>
internal static class DeadCodeElimination
{
    /// <summary>The jaxpr without equations whose results are never read (variables keep their numbers).</summary>
    internal static ClosedJaxpr Run(ClosedJaxpr closed)
    {
        var j = closed.Jaxpr;
        var live = new bool[j.VarCount];
        foreach (var o in j.OutVarList) if (o is Var v) live[v.Index] = true;
        var keep = new bool[j.EquationList.Length];
        for (int e = j.EquationList.Length - 1; e >= 0; e--)
        {
            var eqn = j.EquationList[e];
            foreach (var o in eqn.Outputs) keep[e] |= live[o.Index];
            if (!keep[e]) continue;
            foreach (var a in eqn.Inputs) if (a is Var v) live[v.Index] = true;
        }
        var equations = ImmutableArray.CreateBuilder<Equation>();
        for (int e = 0; e < keep.Length; e++) if (keep[e]) equations.Add(j.EquationList[e]);
        if (equations.Count == j.EquationList.Length) return closed;
        // Constants nothing reads any more are dropped too.
        var constVars = ImmutableArray.CreateBuilder<Var>();
        var consts = ImmutableArray.CreateBuilder<NDArray>();
        for (int i = 0; i < j.ConstVarList.Length; i++)
            if (live[j.ConstVarList[i].Index])
            {
                constVars.Add(j.ConstVarList[i]);
                consts.Add(closed.ConstList[i]);
            }
        var jaxpr = new Jaxpr(constVars.ToImmutable(), j.InVarList, equations.ToImmutable(), j.OutVarList, j.VarCount);
        return new ClosedJaxpr(jaxpr, consts.ToImmutable());
    }
}
