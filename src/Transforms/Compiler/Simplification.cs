using System.Collections.Generic;

namespace Functional.AD;

/// <summary>
/// Algebraic simplification: identity operations (a reshape, transpose, broadcast or conversion that changes
/// nothing; stop_gradient, which only matters to differentiation), double negation, chains of reshapes and
/// of lossless conversions, and the symbolic zeros and ones that differentiation leaves behind (x + 0, x · 1,
/// x / 1, selecting between equal cases).
/// </summary>
internal sealed class Simplification
{
    private readonly record struct Producer(Primitive Primitive, PrimitiveParams Params, NDArray[] Inputs);

    /// <summary>
    /// What simplifying an equation gives: its value (an operand, or an earlier value), or the same equation on other
    /// operands (a reshape of a reshape reads the inner one's operand), which the caller treats as a new equation;
    /// neither when nothing applies.
    /// </summary>
    internal readonly record struct Result(NDArray? Value, NDArray[]? Operands);

    private readonly Dictionary<NDArray, Producer> _producers = new(ReferenceEqualityComparer.Instance);

    /// <summary>Remembers that <paramref name="outs"/> are <paramref name="e"/> applied to <paramref name="ins"/> (for patterns over two equations).</summary>
    internal void Record(Equation e, NDArray[] ins, NDArray[] outs)
    {
        if (outs.Length == 1) _producers[outs[0]] = new Producer(e.Primitive, e.Params, ins);
    }

    /// <summary>Simplifies <paramref name="e"/> applied to <paramref name="ins"/> (see <see cref="Result"/>).</summary>
    internal Result Simplify(Equation e, NDArray[] ins)
    {
        if (e.Outputs.Length != 1) return default;
        var outType = e.Outputs[0].Type;
        Result SameAs(NDArray x) => x.Type == outType ? new Result(x, null) : default;
        Result OnOperand(NDArray x) => new(null, new[] { x });
        switch (e.Params)
        {
            case ReshapeParams p:
                if (ins[0].Shape == p.NewSizes) return SameAs(ins[0]);
                if (_producers.TryGetValue(ins[0], out var inner) && inner.Params is ReshapeParams)
                    return OnOperand(inner.Inputs[0]);
                return default;
            case TransposeParams p:
                for (int i = 0; i < p.Permutation.Count; i++) if (p.Permutation[i] != i) return default;
                return SameAs(ins[0]);
            case BroadcastInDimParams p:
                if (ins[0].Shape != p.Shape) return default;
                for (int i = 0; i < p.BroadcastDimensions.Count; i++) if (p.BroadcastDimensions[i] != i) return default;
                return SameAs(ins[0]);
            case SqueezeParams p when p.Dimensions.Count == 0:
                return SameAs(ins[0]);
            case ExpandDimsParams p when p.Dimensions.Count == 0:
                return SameAs(ins[0]);
            case ConvertElementTypeParams p:
                if (ins[0].DType == p.NewDType && ins[0].IsWeaklyTyped == p.WeakType) return new Result(ins[0], null);
                if (_producers.TryGetValue(ins[0], out var conv) && conv.Params is ConvertElementTypeParams && Lossless(conv.Inputs[0].DType, ins[0].DType))
                    return OnOperand(conv.Inputs[0]);
                return default;
        }
        switch (e.Primitive)
        {
            case StopGradientPrimitive:
                return new Result(ins[0], null);
            case UnaryElementwise { IsInvolution: true } u when _producers.TryGetValue(ins[0], out var inner2) && ReferenceEquals(inner2.Primitive, u):
                return SameAs(inner2.Inputs[0]);
            case BinaryElementwise b:
                if (b.RightIdentity is { } right && IsConstant(ins[1], right)) return SameAs(ins[0]);
                if (b.LeftIdentity is { } left && IsConstant(ins[0], left)) return SameAs(ins[1]);
                return default;
            case SelectNPrimitive:
                for (int i = 2; i < ins.Length; i++) if (!ReferenceEquals(ins[i], ins[1])) return default;
                return SameAs(ins[1]);
        }
        return default;
    }

    /// <summary>True for a conversion that loses nothing, so converting through it and then on equals converting directly.</summary>
    private static bool Lossless(DType from, DType to) =>
        from == to || from == DType.Bool || (from == DType.Int32 && to == DType.Float64) || (from == DType.Float32 && to == DType.Float64);

    /// <summary>True when <paramref name="x"/> is the constant <paramref name="value"/> everywhere: a 0-d constant or a broadcast of one.</summary>
    private bool IsConstant(NDArray x, double value)
    {
        if (x is ConcreteArray c) return c.Rank == 0 && c.GetDouble(0) == value;
        return _producers.TryGetValue(x, out var p) && p.Params is BroadcastInDimParams && p.Inputs[0] is ConcreteArray s
            && s.Rank == 0 && s.GetDouble(0) == value;
    }
}
