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
        return JaxprTrace.StageFunction("Jit compiler", JaxprTransforms.InputTypes(j), inputs =>
        {
            var trace = (JaxprTrace)TraceContext.Current;
            var env = JaxprEnvironment.WithConstants(j, closed.ConstList, "Jit compiler");
            env.Write(j.InVarList, inputs);
            env.Run(j.EquationList, (e, ins) => rewrite(e, ins) ?? trace.Stage(e.Primitive, ins, e.Params));
            return env.Read(j.OutVarList);
        });
    }
}
