using System;
using System.Runtime.CompilerServices;
using System.Collections.Generic;

namespace Functional.AD;

/// <summary>
/// Evaluates the transpose of a linear jaxpr: equations that do not depend on the linear inputs are
/// evaluated forward first; then the linear equations are walked in reverse, each primitive's
/// transpose rule turns output cotangents into input cotangents, and cotangents of a variable used
/// more than once are summed with <c>add</c>. As in JAX after dead-code elimination, only equations that
/// receive a cotangent are transposed (an unused comparison of a linear value needs no rule), and a bool
/// value never carries one (its cotangent is JAX's float0). Runs in the current trace, so the backward pass can
/// itself be differentiated, batched or staged. When it runs eagerly, the cotangents it makes itself are
/// temporaries: their buffers go back to the pool at their last use, and the last elementwise kernel reading one
/// may write over it (<see cref="TemporaryBuffers"/>, <see cref="BufferDonation"/>).
/// </summary>
internal static class BackwardPass
{
    /// <summary>Cotangents of the jaxpr's inputs (null: zero) given cotangents of its outputs (null: zero); every input is linear.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static NDArray?[] Run(Jaxpr jaxpr, IReadOnlyList<NDArray> consts, NDArray?[] outputCotangents, string operation) =>
        Run(jaxpr, consts, new NDArray?[jaxpr.InVarList.Length], outputCotangents, operation);

    /// <summary>
    /// Like <see cref="Run(Jaxpr, IReadOnlyList{NDArray}, NDArray?[], string)"/>, with some inputs known:
    /// <paramref name="inputValues"/>[i] is the value of a known input, or null for a linear one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static NDArray?[] Run(Jaxpr jaxpr, IReadOnlyList<NDArray> consts, NDArray?[] inputValues, NDArray?[] outputCotangents, string operation)
    {
        var values = JaxprEnvironment.WithConstants(jaxpr, consts, operation);
        var linear = new bool[jaxpr.VarCount];
        for (int i = 0; i < jaxpr.InVarList.Length; i++)
        {
            var v = jaxpr.InVarList[i];
            if (inputValues[i] is { } known) values.Write(v, known);
            else linear[v.Index] = true;
        }

        var linearEquations = new List<Equation>();
        foreach (var eqn in jaxpr.EquationList)
        {
            bool isLinear = false;
            foreach (var a in eqn.Inputs)
                if (a is Var v && linear[v.Index]) { isLinear = true; break; }
            if (isLinear)
            {
                foreach (var o in eqn.Outputs) linear[o.Index] = true;
                linearEquations.Add(eqn);
            }
            else values.Write(eqn.Outputs, eqn.Primitive.Bind(values.Read(eqn.Inputs), eqn.Params));
        }

        // Eagerly, the buffers of cotangents the pass made itself go back to the pool at their last use.
        var temporaries = TemporaryBuffers.ForCurrentTrace();
        if (temporaries is not null)
        {
            foreach (var value in values.Values) temporaries.Foreign(value);
            foreach (var ct in outputCotangents) temporaries.Foreign(ct);
        }

        var cts = new NDArray?[jaxpr.VarCount];
        for (int i = 0; i < outputCotangents.Length; i++)
            if (jaxpr.OutVarList[i] is Var v && linear[v.Index] && CarriesCotangent(v.Type) && outputCotangents[i] is { } ct)
            {
                temporaries?.Hold(ct, trusted: false);
                Accumulate(cts, v, ct, "output", temporaries);
            }

        for (int e = linearEquations.Count - 1; e >= 0; e--)
        {
            var eqn = linearEquations[e];
            var outCts = new NDArray?[eqn.Outputs.Length];
            bool any = false;
            for (int i = 0; i < outCts.Length; i++)
            {
                int idx = eqn.Outputs[i].Index;
                outCts[i] = cts[idx];
                cts[idx] = null;
                temporaries?.Drop(outCts[i]);
                any |= outCts[i] is not null;
            }
            if (!any) continue;
            if (!eqn.Primitive.HasTransposeRule) throw eqn.Primitive.MissingTransposeRule(operation);
            var args = new TransposeArg[eqn.Inputs.Length];
            for (int i = 0; i < args.Length; i++)
            {
                var a = eqn.Inputs[i];
                args[i] = a is Var v && linear[v.Index] ? TransposeArg.Linear(v.Type) : TransposeArg.Known(values.Read(a));
            }
            bool trusted = eqn.Primitive.IsFirstOrder;
            if (!trusted && temporaries is not null)
                foreach (var ct in outCts) temporaries.Foreign(ct);
            // A rule that reads its cotangent once may write its result over it when the cotangent dies here.
            var donated = trusted && eqn.Primitive.TransposeReadsCotangentOnce && outCts.Length == 1
                ? temporaries?.Donatable(outCts[0], storedUses: 0) : null;
            NDArray?[] inCts;
            using (BufferDonation.Offer(donated))
                inCts = eqn.Primitive.Transpose(outCts, args, eqn.Params);
            // Every result is counted before any is stored: a rule may return one array for several inputs (add's
            // transpose returns its cotangent twice), and storing the first must not free what the second still needs.
            if (temporaries is not null)
                for (int i = 0; i < args.Length; i++)
                    if (args[i].IsLinear && CarriesCotangent(args[i].Type) && inCts[i] is { } ct)
                        temporaries.Hold(ct, trusted);
            for (int i = 0; i < args.Length; i++)
                if (args[i].IsLinear && CarriesCotangent(args[i].Type) && inCts[i] is { } ct)
                    Accumulate(cts, (Var)eqn.Inputs[i], ct, eqn.Primitive.Name, temporaries);
            if (temporaries is not null)
                foreach (var ct in outCts) temporaries.ReleaseIfDead(ct);
        }

        var result = new NDArray?[jaxpr.InVarList.Length];
        for (int i = 0; i < result.Length; i++) result[i] = cts[jaxpr.InVarList[i].Index];
        return result;
    }

    /// <summary>False for a bool value: whatever depends on it, it has no cotangent (JAX's float0), so none is stored for it.</summary>
    private static bool CarriesCotangent(ArrayType type) => type.DType != DType.Bool;

    /// <summary>
    /// Adds <paramref name="ct"/> to the cotangent of <paramref name="v"/>. The caller has counted <paramref name="ct"/>
    /// with <see cref="TemporaryBuffers.Hold"/> (trusted when it comes from a rule whose results are fresh arrays or
    /// views of the pass's own); this stores it or uncounts it once it is added in.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Accumulate(NDArray?[] cts, Var v, NDArray ct, string source, TemporaryBuffers? temporaries)
    {
        if (ct.Shape != v.Shape)
            throw new InvalidOperationException($"transpose of {source}: cotangent {ct.Type} does not match the variable's type {v.Type}");
        if (ct.DType != v.DType)
        {
            var converted = Ops.ConvertElementType(ct, v.DType, ct.IsWeaklyTyped);
            Replace(temporaries, ct, converted);
            ct = converted;
        }
        if (cts[v.Index] is not { } prev)
        {
            cts[v.Index] = ct;
            return;
        }
        // The previous sum dies here: when the pass owns it alone, the addition writes over it.
        NDArray sum;
        using (BufferDonation.Offer(temporaries?.Donatable(prev, storedUses: 1)))
            sum = Ops.Add(prev, ct);
        cts[v.Index] = sum;
        temporaries?.Hold(sum, trusted: true);
        Replace(temporaries, prev, null);
        Replace(temporaries, ct, null);
    }

    /// <summary>Uncounts <paramref name="old"/> (after counting <paramref name="replacement"/>, made from it by the pass) and releases its buffer if that was its last use.</summary>
    private static void Replace(TemporaryBuffers? temporaries, NDArray old, NDArray? replacement)
    {
        if (temporaries is null) return;
        if (replacement is not null) temporaries.Hold(replacement, trusted: true);
        temporaries.Drop(old);
        temporaries.ReleaseIfDead(old);
    }
}
