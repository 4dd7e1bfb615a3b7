using System;

namespace Functional.AD;

/// <summary>
/// Rebuilds a jaxpr equation by equation onto a fresh staging trace, letting a pass replace equations.
/// Values a pass computes concretely become literals (0-d) or constants; everything else is re-staged.
/// </summary>
internal static class JaxprRewriter
{
    /// <summary>
    /// The jaxpr rebuilt: for each equation, <paramref name="rewrite"/>(equation, operands) returns the values to
    /// use for its outputs, or null to stage the equation unchanged. Operands are tracers of the new jaxpr or
    /// concrete values (literals, constants, folded results). The staging trace is current while the pass
    /// runs, so a pass stages replacement equations simply by binding primitives.
    /// </summary>
    internal static ClosedJaxpr Rewrite(ClosedJaxpr closed, Func<Equation, NDArray[], NDArray[]?> rewrite)
    {
        var j = closed.Jaxpr;
        var trace = new JaxprTrace("Jit compiler");
        var env = new NDArray?[j.VarCount];
        for (int i = 0; i < j.ConstVarList.Length; i++) env[j.ConstVarList[i].Index] = closed.ConstList[i];
        foreach (var v in j.InVarList) env[v.Index] = trace.NewInput(v.Type);
        try
        {
            using var scope = TraceContext.Enter(trace);
            foreach (var e in j.EquationList)
            {
                var ins = new NDArray[e.Inputs.Length];
                for (int i = 0; i < ins.Length; i++) ins[i] = Read(env, e.Inputs[i]);
                var outs = rewrite(e, ins) ?? trace.Stage(e.Primitive, ins, e.Params);
                for (int i = 0; i < outs.Length; i++) env[e.Outputs[i].Index] = outs[i];
            }
            var results = new NDArray[j.OutVarList.Length];
            for (int i = 0; i < results.Length; i++) results[i] = Read(env, j.OutVarList[i]);
            return trace.Build(results);
        }
        finally
        {
            trace.End();
        }
    }

    private static NDArray Read(NDArray?[] env, Atom a) => a is Literal lit ? lit.Value : env[((Var)a).Index]!;
}
