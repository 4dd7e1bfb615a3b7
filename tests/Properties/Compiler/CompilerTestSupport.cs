using System;
using System.Collections.Immutable;
using System.Linq;

namespace Functional.AD.Properties.Compiler;

/// <summary>Helpers: stage a function into a jit-style jaxpr (constants as inputs) and run compiler passes on it.</summary>
internal static class CompilerTestSupport
{
    /// <summary>The staged jaxpr of <paramref name="f"/> at <paramref name="x"/>, constants turned into leading inputs, and those inputs' values.</summary>
    internal static (ClosedJaxpr Jaxpr, NDArray[] Args) Stage(Func<NDArray, NDArray> f, NDArray x)
    {
        var closed = Jax.MakeJaxpr(f)(x);
        var j = closed.Jaxpr;
        var jaxpr = new Jaxpr(ImmutableArray<Var>.Empty, ((ImmutableArray<Var>)closed.Jaxpr.ConstVarList).AddRange(j.InVarList),
            j.EquationList, j.OutVarList, j.VarCount);
        return (new ClosedJaxpr(jaxpr, ImmutableArray<NDArray>.Empty), closed.Consts.Append(x).ToArray());
    }

    internal static int Count(ClosedJaxpr j, string primitive) => j.Jaxpr.Equations.Count(e => e.Primitive.Name == primitive);

    internal static NDArray Eval(ClosedJaxpr j, NDArray[] args) => JaxprInterpreter.Eval(j.Jaxpr, j.Consts, args)[0];
}
