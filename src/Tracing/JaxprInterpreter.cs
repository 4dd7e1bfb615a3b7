using System;
using System.Collections.Generic;

namespace Functional.AD;

/// <summary>Evaluates a jaxpr by binding each equation's primitive in the current trace.</summary>
internal static class JaxprInterpreter
{
    /// <summary>The jaxpr's outputs for the given constants and arguments (which must match its input types).</summary>
    internal static NDArray[] Eval(Jaxpr jaxpr, IReadOnlyList<NDArray> consts, IReadOnlyList<NDArray> args)
    {
        if (consts.Count != jaxpr.ConstVarList.Length)
            throw new ArgumentException($"jaxpr evaluation: {consts.Count} constants given, {jaxpr.ConstVarList.Length} expected");
        if (args.Count != jaxpr.InVarList.Length)
            throw new ArgumentException($"jaxpr evaluation: {args.Count} arguments given, {jaxpr.InVarList.Length} expected");
        var env = new NDArray?[jaxpr.VarCount];
        for (int i = 0; i < consts.Count; i++) env[jaxpr.ConstVarList[i].Index] = consts[i];
        for (int i = 0; i < args.Count; i++)
        {
            var v = jaxpr.InVarList[i];
            if (!args[i].Type.SameShapeAndDType(v.Type))
                throw new ArgumentException($"jaxpr evaluation: argument {i} is {args[i].Type}, the jaxpr expects {v.Type}");
            env[v.Index] = args[i];
        }
        foreach (var eqn in jaxpr.EquationList)
        {
            var ins = new NDArray[eqn.Inputs.Length];
            for (int i = 0; i < ins.Length; i++) ins[i] = Read(env, eqn.Inputs[i]);
            var outs = eqn.Primitive.Bind(ins, eqn.Params);
            for (int i = 0; i < outs.Length; i++) env[eqn.Outputs[i].Index] = outs[i];
        }
        var result = new NDArray[jaxpr.OutVarList.Length];
        for (int i = 0; i < result.Length; i++) result[i] = Read(env, jaxpr.OutVarList[i]);
        return result;
    }

    private static NDArray Read(NDArray?[] env, Atom a) => a switch
    {
        Literal lit => lit.Value,
        Var v => env[v.Index] ?? throw new InvalidOperationException($"jaxpr evaluation: variable {v} is read before it is bound"),
        _ => throw new InvalidOperationException(),
    };
}
