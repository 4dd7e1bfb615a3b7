using System;
using System.Collections.Generic;

namespace Functional.AD;

/// <summary>Jaxpr plumbing shared by the control-flow primitives: reordering a jaxpr's inputs and outputs.</summary>
internal static class ControlFlowJaxprs
{
    /// <summary>
    /// A jaxpr computing <paramref name="j"/> with its inputs and outputs reordered: input k of the result is
    /// input <paramref name="inputOrder"/>[k] of <paramref name="j"/>, output k is its output <paramref name="outputOrder"/>[k].
    /// </summary>
    internal static ClosedJaxpr Permute(string description, ClosedJaxpr j, IReadOnlyList<int> inputOrder, IReadOnlyList<int> outputOrder)
    {
        var inTypes = JaxprTransforms.InputTypes(j.Jaxpr);
        var types = new ArrayType[inputOrder.Count];
        for (int k = 0; k < types.Length; k++) types[k] = inTypes[inputOrder[k]];
        return JaxprTrace.StageFunction(description, types, ins =>
        {
            var args = new NDArray[inTypes.Length];
            for (int k = 0; k < ins.Length; k++) args[inputOrder[k]] = ins[k];
            var outs = JaxprInterpreter.Eval(j.Jaxpr, j.ConstList, args);
            var result = new NDArray[outputOrder.Count];
            for (int k = 0; k < result.Length; k++) result[k] = outs[outputOrder[k]];
            return result;
        });
    }

    /// <summary>
    /// Traces <paramref name="fn"/> on fresh inputs of <paramref name="inputTypes"/> into a jaxpr whose constants
    /// (the values the function closes over: arrays, or tracers of an enclosing transform) are leading inputs;
    /// returns it and those constants, which the caller passes as leading arguments.
    /// </summary>
    internal static (ClosedJaxpr Jaxpr, NDArray[] Consts) TraceBody(string operation, IReadOnlyList<ArrayType> inputTypes, Func<NDArray[], NDArray[]> fn)
    {
        var closed = JaxprTrace.StageFunction(operation, inputTypes, fn);
        var consts = new NDArray[closed.ConstList.Length];
        closed.ConstList.CopyTo(consts);
        return (closed.WithConstantsAsInputs(), consts);
    }

    /// <summary>Checks that a body returned a carry of the initial carry's structure and types; a mismatch names every differing leaf, as JAX's.</summary>
    internal static void CheckCarry(string operation, TreeDef expectedDef, IReadOnlyList<ArrayType> expected, TreeDef def, IReadOnlyList<NDArray> leaves)
    {
        if (!def.Equals(expectedDef))
            throw new ArgumentException($"{operation}: the body returned a carry of structure {def}, but the initial carry has structure {expectedDef}");
        List<string>? differences = null;
        string[]? paths = null;
        for (int i = 0; i < expected.Count; i++)
            if (!leaves[i].Type.SameShapeAndDType(expected[i]))
            {
                paths ??= expectedDef.LeafPaths();
                var component = paths[i].Length == 0 ? "the carry" : $"the carry component {paths[i]}";
                (differences ??= new List<string>()).Add($"{component} is {expected[i]} on entry but the body returned {leaves[i].Type}");
            }
        if (differences is null) return;
        var listed = differences.Count == 1 ? differences[0] : "\n  * " + string.Join(";\n  * ", differences);
        throw new ArgumentException(
            $"{operation}: the body must return a carry of the same shapes and dtypes as the initial carry, but they differ: {listed}. " +
            "Revise the body so that every carry output matches its input (convert dtypes with AsType).");
    }
}
