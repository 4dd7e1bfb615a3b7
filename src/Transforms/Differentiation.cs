using System;
using System.Runtime.CompilerServices;
using System.Collections.Immutable;

namespace Functional.AD;

/// <summary>
/// A linear function recorded by linearization: a linear jaxpr over the tangents of the float inputs,
/// with the residuals it needs as constants. It can be applied (forward mode) or transposed (reverse
/// mode); both run in the current trace.
/// </summary>
internal sealed class LinearFunction
{
    private readonly ClosedJaxpr _jaxpr;
    private readonly int[] _inputSlots;       // jaxpr input k is the tangent of flat input _inputSlots[k]
    private readonly int[] _outputSlots;      // jaxpr output k is the tangent of flat output _outputSlots[k]
    private readonly ArrayType[] _inputTypes;
    private readonly ArrayType[] _outputTypes;
    private readonly string _operation;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal LinearFunction(ClosedJaxpr jaxpr, int[] inputSlots, int[] outputSlots, ArrayType[] inputTypes, ArrayType[] outputTypes, string operation)
    {
        _jaxpr = jaxpr;
        _inputSlots = inputSlots;
        _outputSlots = outputSlots;
        _inputTypes = inputTypes;
        _outputTypes = outputTypes;
        _operation = operation;
    }

    /// <summary>The linear jaxpr (tangents in, tangents out).</summary>
    internal ClosedJaxpr Jaxpr => _jaxpr;

    /// <summary>The same linear function with other values of the jaxpr's constants (its residuals), of the same types.</summary>
    internal LinearFunction WithConstants(NDArray[] consts) =>
        new(new ClosedJaxpr(_jaxpr.Jaxpr, ImmutableArray.Create(consts)), _inputSlots, _outputSlots, _inputTypes, _outputTypes, _operation);

    /// <summary>Types of the flat inputs.</summary>
    internal ArrayType[] InputTypes => _inputTypes;

    /// <summary>Types of the flat outputs.</summary>
    internal ArrayType[] OutputTypes => _outputTypes;

    /// <summary>Output tangents for input tangents (every entry materialised; zeros where there is no dependence, weakly typed where the output is, as JAX's).</summary>
    internal NDArray[] Apply(NDArray?[] tangents)
    {
        CheckTypes(tangents, _inputTypes, "tangent");
        var args = new NDArray[_inputSlots.Length];
        for (int k = 0; k < args.Length; k++)
            args[k] = tangents[_inputSlots[k]] ?? Ops.Zeros(_inputTypes[_inputSlots[k]]);
        var outs = JaxprInterpreter.Eval(_jaxpr.Jaxpr, _jaxpr.ConstList, args);
        var result = new NDArray[_outputTypes.Length];
        for (int k = 0; k < outs.Length; k++) result[_outputSlots[k]] = outs[k];
        for (int i = 0; i < result.Length; i++) result[i] ??= Ops.Zeros(_outputTypes[i]);
        return result;
    }

    /// <summary>Input cotangents for output cotangents (null: zero); every entry materialised (a zero weakly typed where the input is, as JAX's).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal NDArray[] Transpose(NDArray?[] cotangents)
    {
        CheckTypes(cotangents, _outputTypes, "cotangent");
        var outCts = new NDArray?[_outputSlots.Length];
        for (int k = 0; k < outCts.Length; k++) outCts[k] = cotangents[_outputSlots[k]];
        var inCts = BackwardPass.Run(_jaxpr.Jaxpr, _jaxpr.ConstList, outCts, _operation);
        var result = new NDArray[_inputTypes.Length];
        for (int k = 0; k < inCts.Length; k++)
            if (inCts[k] is { } ct) result[_inputSlots[k]] = ct;
        for (int i = 0; i < result.Length; i++) result[i] ??= Ops.Zeros(_inputTypes[i]);
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void CheckTypes(NDArray?[] values, ArrayType[] expected, string what)
    {
        if (values.Length != expected.Length)
            throw new ArgumentException($"{_operation}: expected {expected.Length} {what}s, got {values.Length}");
        for (int i = 0; i < values.Length; i++)
            if (values[i] is { } v && !v.Type.SameShapeAndDType(expected[i]))
                throw new ArgumentException($"{_operation}: {what} {i} is {v.Type}, but it must match {expected[i]}");
    }
}

/// <summary>Forward mode and linearization over flat lists of arrays: the core that every differentiation transform calls.</summary>
internal static class Differentiation
{
    /// <summary>Runs <paramref name="f"/> in a new JVP trace: outputs and their tangents (null: zero).</summary>
    internal static (NDArray[] Primals, NDArray?[] Tangents) Jvp(Func<NDArray[], NDArray[]> f, NDArray[] primals, NDArray?[] tangents, string operation)
    {
        var parent = TraceContext.Current;
        var trace = new JvpTrace(parent, parent, operation);
        var inputs = new NDArray[primals.Length];
        for (int i = 0; i < primals.Length; i++)
        {
            var t = tangents[i];
            if (t is not null && !t.Type.SameShapeAndDType(primals[i].Type))
                throw new ArgumentException($"{operation}: tangent {i} is {t.Type}, but it must have the primal's type {primals[i].Type}");
            inputs[i] = t is null || !primals[i].DType.IsFloat() ? primals[i] : new JvpTracer(trace, primals[i], t);
        }
        NDArray[] outs;
        try
        {
            using (TraceContext.EnterUserFunction(trace)) outs = f(inputs);
        }
        finally
        {
            trace.End();
        }
        var ps = new NDArray[outs.Length];
        var ts = new NDArray?[outs.Length];
        for (int i = 0; i < outs.Length; i++) (ps[i], ts[i]) = trace.Unpack(outs[i]);
        return (ps, ts);
    }

    /// <summary>
    /// Linearizes <paramref name="f"/> at <paramref name="primals"/>: runs it once, computing outputs now and
    /// recording the tangent computation as a linear jaxpr whose constants are the residuals.
    /// Non-float inputs get no tangent.
    /// </summary>
    internal static (NDArray[] Outputs, LinearFunction Linear) Linearize(Func<NDArray[], NDArray[]> f, NDArray[] primals, string operation)
    {
        var (outputs, linear, _) = LinearizeWithAux(ls => (f(ls), System.Array.Empty<NDArray>()), primals, operation);
        return (outputs, linear);
    }

    /// <summary>
    /// <see cref="Linearize"/> of a function that also returns auxiliary leaves (JAX's <c>has_aux</c>): the aux leaves
    /// come back as their primal values (the enclosing traces' values), with no tangent recorded for them.
    /// </summary>
    internal static (NDArray[] Outputs, LinearFunction Linear, NDArray[] Aux) LinearizeWithAux(
        Func<NDArray[], (NDArray[] Outs, NDArray[] Aux)> f, NDArray[] primals, string operation)
    {
        var parent = TraceContext.Current;
        var tangentTrace = new JaxprTrace(operation, forwardKnownTo: parent);
        var trace = new JvpTrace(parent, tangentTrace, operation);
        var inputs = new NDArray[primals.Length];
        var inputTypes = new ArrayType[primals.Length];
        var inputSlots = ImmutableArray.CreateBuilder<int>();
        for (int i = 0; i < primals.Length; i++)
        {
            inputTypes[i] = primals[i].Type;
            if (primals[i].DType.IsFloat())
            {
                inputs[i] = new JvpTracer(trace, primals[i], tangentTrace.NewInput(primals[i].Type));
                inputSlots.Add(i);
            }
            else inputs[i] = primals[i];
        }
        NDArray[] outs, auxOuts;
        try
        {
            using (TraceContext.EnterUserFunction(trace)) (outs, auxOuts) = f(inputs);
        }
        finally
        {
            trace.End();
        }
        var aux = new NDArray[auxOuts.Length];
        for (int i = 0; i < aux.Length; i++) aux[i] = trace.Unpack(auxOuts[i]).Primal;
        var outputs = new NDArray[outs.Length];
        var outputTypes = new ArrayType[outs.Length];
        var tangentOuts = new System.Collections.Generic.List<NDArray>();
        var outputSlots = ImmutableArray.CreateBuilder<int>();
        for (int i = 0; i < outs.Length; i++)
        {
            var (p, t) = trace.Unpack(outs[i]);
            outputs[i] = p;
            outputTypes[i] = p.Type;
            if (t is not null)
            {
                tangentOuts.Add(t);
                outputSlots.Add(i);
            }
        }
        var jaxpr = tangentTrace.Build(tangentOuts);
        tangentTrace.End();
        return (outputs, new LinearFunction(jaxpr, inputSlots.ToArray(), outputSlots.ToArray(), inputTypes, outputTypes, operation), aux);
    }

    /// <summary>
    /// Records a function the caller promises is linear: runs it on tracers of the example's types in a
    /// partial-evaluation trace (constant work is done now) and returns the linear jaxpr's transpose.
    /// </summary>
    internal static LinearFunction TraceLinear(Func<NDArray[], NDArray[]> f, ArrayType[] inputTypes, string operation)
    {
        var jaxpr = JaxprTrace.StageFunction(operation, inputTypes, f, forwardKnownTo: TraceContext.Current);
        var slots = new int[inputTypes.Length];
        for (int i = 0; i < slots.Length; i++) slots[i] = i;
        var outTypes = JaxprTransforms.OutputTypes(jaxpr.Jaxpr);
        var outSlots = new int[outTypes.Length];
        for (int i = 0; i < outSlots.Length; i++) outSlots[i] = i;
        return new LinearFunction(jaxpr, slots, outSlots, inputTypes, outTypes, operation);
    }
}
