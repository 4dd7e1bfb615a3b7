using System;
using System.Collections.Generic;
using System.Text;

namespace Functional.AD;

public static partial class Jax
{
    /// <summary>
    /// Evaluates a closed jaxpr on arguments (<c>jax.core.eval_jaxpr(jaxpr.jaxpr, jaxpr.consts, *args)</c>): binds each
    /// equation's primitive in turn, so it runs eagerly on concrete arrays and composes with every transform
    /// (<c>Grad</c>, <c>Vmap</c>, <c>Jit</c> of a function that calls it). <c>EvalJaxpr(MakeJaxpr(f)(x), x)</c> returns the
    /// leaves of <c>f(x)</c>, in order.
    /// </summary>
    /// <param name="closedJaxpr">The jaxpr and its constants, as <see cref="MakeJaxpr{TIn, TOut}"/> returns them.</param>
    /// <param name="args">One array per input variable, in order, of the variable's shape and dtype (weak types may differ).</param>
    /// <returns>The values of the jaxpr's output atoms, in order.</returns>
    /// <exception cref="ArgumentException">The number of arguments, or an argument's shape or dtype, does not match the jaxpr's inputs.</exception>
    public static NDArray[] EvalJaxpr(ClosedJaxpr closedJaxpr, params NDArray[] args)
    {
        Guard.NotNull(closedJaxpr, "Jax.EvalJaxpr");
        return EvalJaxpr(closedJaxpr.Jaxpr, closedJaxpr.ConstList, args);
    }

    /// <summary>
    /// Evaluates an open jaxpr given the values of its constant variables and its arguments
    /// (<c>jax.core.eval_jaxpr(jaxpr, consts, *args)</c>); see <see cref="EvalJaxpr(ClosedJaxpr, NDArray[])"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The number of constants or arguments, or the shape or dtype of one, does not match the jaxpr.</exception>
    public static NDArray[] EvalJaxpr(Jaxpr jaxpr, IReadOnlyList<NDArray> consts, params NDArray[] args)
    {
        const string operation = "Jax.EvalJaxpr";
        Guard.NotNull(jaxpr, operation);
        Guard.NotNull(consts, operation);
        Guard.NoNulls(args, operation);
        for (int i = 0; i < consts.Count; i++) Guard.NotNull(consts[i], operation, $"consts[{i}]");
        CheckAtoms(operation, "constant", jaxpr.ConstVarList, consts);
        CheckAtoms(operation, "argument", jaxpr.InVarList, args);
        return JaxprInterpreter.Eval(jaxpr, consts, args, operation);
    }

    /// <summary>Fails with the expected and given types when <paramref name="values"/> do not match <paramref name="vars"/> in count, shape and dtype.</summary>
    private static void CheckAtoms(string operation, string what, IReadOnlyList<Var> vars, IReadOnlyList<NDArray> values)
    {
        bool ok = vars.Count == values.Count;
        for (int i = 0; ok && i < vars.Count; i++) ok = values[i].Type.SameShapeAndDType(vars[i].Type);
        if (ok) return;
        string expected = Types(vars.Count, i => vars[i].Type), given = Types(values.Count, i => values[i].Type);
        if (vars.Count != values.Count)
            throw new ArgumentException($"{operation}: the jaxpr takes {vars.Count} {what}(s) {expected}, {values.Count} given {given}");
        for (int i = 0; i < vars.Count; i++)
            if (!values[i].Type.SameShapeAndDType(vars[i].Type))
                throw new ArgumentException($"{operation}: {what} {i} is {values[i].Type}, the jaxpr expects {vars[i].Type} (it takes {expected}, given {given})");
    }

    private static string Types(int count, Func<int, ArrayType> type)
    {
        var sb = new StringBuilder("(");
        for (int i = 0; i < count; i++) sb.Append(i == 0 ? "" : ", ").Append(type(i));
        return sb.Append(')').ToString();
    }
}
