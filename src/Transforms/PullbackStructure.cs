using System;

namespace Functional.AD;

/// <summary>
/// The pytree structure of the pullbacks of one <c>Jax.Vjp</c> call (JAX's <c>Partial</c>): the leaves of a pullback
/// are the constants of its linear jaxpr (the residuals), so a pullback can be stored where a pytree is expected (the
/// residuals of a <c>CustomVjp</c>, a Jit or Vmap result) and is rebuilt around new values of them.
/// </summary>
/// <typeparam name="TIn">The primals' pytree (the pullback's result).</typeparam>
/// <typeparam name="TOut">The outputs' pytree (the pullback's argument).</typeparam>
internal sealed class PullbackStructure<TIn, TOut> : TreePartialStructure
{
    private readonly TreeDef _in;
    private readonly TreeDef _out;
    private readonly string _operation;
    private LinearFunction? _template;

    /// <summary>The structure of pullbacks from primals of structure <paramref name="inDef"/> to outputs of structure <paramref name="outDef"/>.</summary>
    internal PullbackStructure(TreeDef inDef, TreeDef outDef, string operation)
    {
        _in = inDef;
        _out = outDef;
        _operation = operation;
    }

    internal override string Description => $"{_operation} pullback";

    /// <summary>The pullback of <paramref name="linear"/>: output cotangents to input cotangents, registered as a pytree.</summary>
    internal Func<TOut, TIn> Make(LinearFunction linear)
    {
        _template ??= linear;
        Func<TOut, TIn> pullback = cotangent =>
        {
            var (cts, ctDef) = Tree.Flatten(cotangent);
            if (!ctDef.Equals(_out))
                throw new ArgumentException($"{_operation} pullback: the cotangent's structure {ctDef} does not match the output's structure {_out}");
            var nullable = new NDArray?[cts.Count];
            for (int i = 0; i < nullable.Length; i++) nullable[i] = cts[i];
            return _in.UnflattenArray<TIn>(linear.Transpose(nullable));
        };
        var consts = linear.Jaxpr.ConstList;
        var leaves = new NDArray[consts.Length];
        consts.CopyTo(leaves);
        return TreePartials.Register(pullback, this, leaves);
    }

    internal override Delegate Rebuild(NDArray[] leaves)
    {
        var template = _template!;
        var consts = template.Jaxpr.Jaxpr.ConstVarList;
        if (leaves.Length != consts.Length)
            throw new ArgumentException($"{_operation} pullback: rebuilt from {leaves.Length} arrays, but it holds {consts.Length}");
        for (int i = 0; i < leaves.Length; i++)
            if (!leaves[i].Type.SameShapeAndDType(consts[i].Type))
                throw new ArgumentException($"{_operation} pullback: array {i} is {leaves[i].Type}, but the pullback holds {consts[i].Type}");
        return Make(template.WithConstants(leaves));
    }
}
