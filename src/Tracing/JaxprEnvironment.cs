using System;
using System.Runtime.CompilerServices;
using System.Collections.Generic;
using System.Collections.Immutable;

namespace Functional.AD;

/// <summary>
/// The values of a jaxpr's variables while something walks its equations in order: the interpreter, the backward
/// pass's forward sweep, the compiler's rewriting walk and the jaxpr transforms all read operands, bind equations and
/// write results through this one environment.
/// </summary>
internal sealed class JaxprEnvironment
{
    private readonly NDArray?[] _values;
    private readonly string _operation;

    /// <summary>An empty environment for the variables of <paramref name="jaxpr"/>; <paramref name="operation"/> names the walk in errors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal JaxprEnvironment(Jaxpr jaxpr, string operation)
    {
        _values = new NDArray?[jaxpr.VarCount];
        _operation = operation;
    }

    /// <summary>An environment with the constants of <paramref name="jaxpr"/> bound to <paramref name="consts"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static JaxprEnvironment WithConstants(Jaxpr jaxpr, IReadOnlyList<NDArray> consts, string operation)
    {
        if (consts.Count != jaxpr.ConstVarList.Length)
            throw new ArgumentException($"{operation}: {consts.Count} constants given, {jaxpr.ConstVarList.Length} expected");
        var env = new JaxprEnvironment(jaxpr, operation);
        for (int i = 0; i < consts.Count; i++) env.Write(jaxpr.ConstVarList[i], consts[i]);
        return env;
    }

    /// <summary>The value of an atom: a literal's value, or the variable's bound value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal NDArray Read(Atom a) => a switch
    {
        Literal lit => lit.Value,
        Var v => _values[v.Index] ?? throw new InvalidOperationException($"{_operation}: variable {v} is read before it is bound"),
        _ => throw new InvalidOperationException($"{_operation}: unknown atom {a}"),
    };

    /// <summary>Every variable's value, indexed by variable number (null where none is bound).</summary>
    internal ReadOnlySpan<NDArray?> Values => _values;

    /// <summary>The values of <paramref name="atoms"/> (an equation's operands, a jaxpr's outputs).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal NDArray[] Read(ImmutableArray<Atom> atoms)
    {
        var values = new NDArray[atoms.Length];
        for (int i = 0; i < values.Length; i++) values[i] = Read(atoms[i]);
        return values;
    }

    /// <summary>Binds <paramref name="v"/> to <paramref name="value"/>.</summary>
    internal void Write(Var v, NDArray value) => _values[v.Index] = value;

    /// <summary>Binds the variables <paramref name="vars"/> to <paramref name="values"/>, in order.</summary>
    internal void Write(ImmutableArray<Var> vars, IReadOnlyList<NDArray> values)
    {
        for (int i = 0; i < values.Count; i++) _values[vars[i].Index] = values[i];
    }

    /// <summary>
    /// Walks <paramref name="equations"/> in order: each one's operands are read, <paramref name="apply"/> gives its
    /// results (binding its primitive, or anything equivalent), and they are written to its outputs.
    /// </summary>
    internal void Run(IEnumerable<Equation> equations, Func<Equation, NDArray[], NDArray[]> apply)
    {
        foreach (var e in equations) Write(e.Outputs, apply(e, Read(e.Inputs)));
    }

    /// <summary>Walks <paramref name="equations"/>, binding each primitive in the current trace.</summary>
    internal void Run(IEnumerable<Equation> equations) => Run(equations, static (e, ins) => e.Primitive.Bind(ins, e.Params));
}
