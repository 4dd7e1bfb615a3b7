using System;

namespace Functional.AD;

/// <summary>
/// Finds where a jitted function made a NaN or infinity (<see cref="NumericChecks"/>): its compiled program is checked
/// only on its outputs, so, as JAX does, the jaxpr is run again one primitive at a time, each checked, and the first
/// equation whose result holds one is named.
/// </summary>
internal static class NonFiniteLocator
{
    /// <summary>
    /// Re-runs <paramref name="closed"/> (the jaxpr of the function <paramref name="name"/>) eagerly on
    /// <paramref name="args"/>; returns the report for the first equation producing a value the checks look for, or
    /// null when none does one primitive at a time (the compiled program's fused kernels may round differently).
    /// </summary>
    internal static Exception? ReRun(string name, ClosedJaxpr closed, NDArray[] args) =>
        Locate(() => Run($"Jit({name})", closed, args));

    /// <summary>
    /// Runs <paramref name="rerun"/> (a primitive's jaxprs re-run through <see cref="Run"/>) and returns the located
    /// report it throws, or null when it finishes without one.
    /// </summary>
    internal static Exception? Locate(Action rerun)
    {
        try
        {
            rerun();
        }
        catch (NonFiniteValueException located) when (located.Equation is not null)
        {
            return located;
        }
        return null;
    }

    /// <summary>
    /// Runs <paramref name="closed"/> eagerly on <paramref name="args"/>, one equation at a time with the checks on,
    /// and returns its outputs. The first equation producing a value the checks look for throws a
    /// <see cref="NonFiniteValueException"/> naming it as "equation k of n in <paramref name="where"/>"; when that
    /// equation runs a jaxpr of its own (a nested jit, a scan) whose report already names an inner equation, the
    /// report keeps the inner equation and adds where it sits.
    /// </summary>
    internal static NDArray[] Run(string where, ClosedJaxpr closed, NDArray[] args)
    {
        var j = closed.Jaxpr;
        var env = JaxprEnvironment.WithConstants(j, closed.ConstList, where);
        env.Write(j.InVarList, args);
        using (TraceContext.Enter(EvalTrace.Instance))
        {
            for (int k = 0; k < j.EquationList.Length; k++)
            {
                var e = j.EquationList[k];
                var ins = env.Read(e.Inputs);
                NDArray[] outs;
                try
                {
                    outs = e.Primitive.Bind(ins, e.Params);
                }
                catch (NonFiniteValueException found)
                {
                    string here = $"equation {k + 1} of {j.EquationList.Length} in {where}: {Describe(e)}";
                    string equation = found.Equation is null ? here : $"{found.Equation}, inside {here}";
                    throw new NonFiniteValueException($"{FirstReport(found).Message} It happened at {equation}.", found.Primitive, equation, found);
                }
                env.Write(e.Outputs, outs);
            }
            return env.Read(j.OutVarList);
        }
    }

    /// <summary>The check's own report (the innermost one, naming no equation) under the located reports that wrap it.</summary>
    private static NonFiniteValueException FirstReport(NonFiniteValueException e)
    {
        while (e.Equation is not null && e.InnerException is NonFiniteValueException inner) e = inner;
        return e;
    }

    /// <summary>An equation in words: <c>log f32[3] -> f32[3]</c>.</summary>
    private static string Describe(Equation e)
    {
        var ins = new string[e.Inputs.Length];
        for (int i = 0; i < ins.Length; i++) ins[i] = e.Inputs[i].Type.ToString();
        var outs = new string[e.Outputs.Length];
        for (int i = 0; i < outs.Length; i++) outs[i] = e.Outputs[i].Type.ToString();
        return $"{e.Primitive.Name} {string.Join(", ", ins)} -> {string.Join(", ", outs)}";
    }
}
