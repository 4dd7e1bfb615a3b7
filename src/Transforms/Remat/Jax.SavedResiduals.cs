using System;
using System.Collections.Generic;

namespace Functional.AD;

/// <summary>One value that a reverse-mode pullback keeps alive for its backward pass.</summary>
/// <param name="Type">The typed shape, e.g. <c>f32[256,512]</c>.</param>
/// <param name="Bytes">Its size in bytes.</param>
/// <param name="Source">Where it comes from: <c>argument i</c>, <c>output of p</c> for a primitive <c>p</c>, or <c>constant</c>.</param>
public sealed record SavedResidual(string Type, long Bytes, string Source)
{
    /// <summary>A line such as <c>f32[256,512] (512.0 KiB) output of tanh</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"{Type} ({FormatBytes(Bytes)}) {Source}";

    /// <summary>A byte count in B, KiB or MiB.</summary>
    internal static string FormatBytes(long bytes) =>
        bytes < 1024 ? $"{bytes} B" : bytes < 1024 * 1024 ? $"{bytes / 1024.0:F1} KiB" : $"{bytes / (1024.0 * 1024.0):F1} MiB";
}

public static partial class Jax
{
    /// <summary>
    /// The residuals that <c>Vjp(f, primals)</c> (and so <c>Grad</c>) keeps for the backward pass: one entry per
    /// distinct value, with its type, size and the primitive that produced it. Use it to see what
    /// <see cref="Checkpoint{TIn, TOut}(Func{TIn, TOut}, CheckpointPolicy?)"/> saves: a checkpointed block keeps
    /// only its inputs (and what its policy allows) and recomputes the rest.
    /// </summary>
    /// <typeparam name="TIn">The argument pytree.</typeparam>
    /// <typeparam name="TOut">The result pytree.</typeparam>
    /// <param name="f">The function.</param>
    /// <param name="primals">The point of linearization (only the types matter: the function is traced, not run).</param>
    /// <returns>The saved residuals, in the order the backward pass reads them.</returns>
    public static IReadOnlyList<SavedResidual> SavedResiduals<TIn, TOut>(Func<TIn, TOut> f, TIn primals)
    {
        Guard.NotNull(f, "Jax.SavedResiduals");
        const string Operation = "SavedResiduals";
        var (ps, def) = Tree.FlattenArgs(primals, Operation, allowNumberLeaves: false);
        var types = new ArrayType[ps.Length];
        for (int i = 0; i < ps.Length; i++) types[i] = ps[i].Type;
        // Linearize under a staging trace: the known side is recorded too, so every residual (a constant of the
        // linear jaxpr) is a variable of the staged jaxpr whose producing equation names its source.
        var staged = JaxprTrace.StageFunction(Operation, types, ins =>
        {
            var (_, linear) = Differentiation.Linearize(ls => Tree.FlattenResult(f(def.UnflattenArray<TIn>(ls)), Operation).Leaves, ins, Operation);
            var residuals = new NDArray[linear.Jaxpr.ConstList.Length];
            for (int i = 0; i < residuals.Length; i++) residuals[i] = linear.Jaxpr.ConstList[i];
            return residuals;
        });
        var j = staged.Jaxpr;
        var sources = new Dictionary<Var, string>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < j.InVarList.Length; i++) sources[j.InVarList[i]] = $"argument {i}";
        foreach (var v in j.ConstVarList) sources[v] = "constant";
        foreach (var e in j.EquationList)
            foreach (var o in e.Outputs) sources[o] = $"output of {e.Primitive.Name}";
        var seen = new HashSet<Var>(ReferenceEqualityComparer.Instance);
        var result = new List<SavedResidual>();
        foreach (var a in j.OutVarList)
        {
            if (a is Var v && !seen.Add(v)) continue;
            var t = a.Type;
            string source = a is Var var ? sources[var] : "constant";
            result.Add(new SavedResidual(t.ToString(), (long)t.Shape.Size * t.DType.ItemSize(), source));
        }
        return result;
    }
}
