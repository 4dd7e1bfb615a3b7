using System;
using System.Collections.Generic;

namespace Functional.AD;

/// <summary>Evaluates a jaxpr by binding each equation's primitive in the current trace.</summary>
internal static class JaxprInterpreter
{
    /// <summary>
    /// The jaxpr's outputs for the given constants and arguments (which must match its input types); errors name
    /// <paramref name="operation"/>.
    /// </summary>
    internal static NDArray[] Eval(Jaxpr jaxpr, IReadOnlyList<NDArray> consts, IReadOnlyList<NDArray> args, string operation = "jaxpr evaluation")
    {
        var env = JaxprEnvironment.WithConstants(jaxpr, consts, operation);
        if (args.Count != jaxpr.InVarList.Length)
            throw new ArgumentException($"{operation}: {args.Count} arguments given, {jaxpr.InVarList.Length} expected");
        for (int i = 0; i < args.Count; i++)
        {
            var v = jaxpr.InVarList[i];
            if (!args[i].Type.SameShapeAndDType(v.Type))
                throw new ArgumentException($"{operation}: argument {i} is {args[i].Type}, the jaxpr expects {v.Type}");
        }
        env.Write(jaxpr.InVarList, args);
        env.Run(jaxpr.EquationList);
        return env.Read(jaxpr.OutVarList);
    }
}
