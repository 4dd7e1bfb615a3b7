using System.Collections.Generic;

namespace Functional.AD;

/// <summary>
/// Algebraic simplification: identity operations (a reshape, transpose, broadcast or conversion that changes
/// nothing; stop_gradient, which only matters to differentiation), double negation, chains of reshapes and
/// of lossless conversions, and the symbolic zeros and ones that differentiation leaves behind (x + 0, x · 1,
/// x / 1, selecting between equal cases).
/// </summary>
internal static class Simplification
{
    private readonly record struct Producer(Primitive Primitive, PrimitiveParams Params, NDArray[] Inputs);

    /// <summary>The simplified jaxpr.</summary>
    internal static ClosedJaxpr Run(ClosedJaxpr closed)
    {
        var producers = new Dictionary<NDArray, Producer>(ReferenceEqualityComparer.Instance);
        return JaxprRewriter.Rewrite(closed, (e, ins) =>
        {
            if (e.Outputs.Length == 1 && Simplify(e, ins, producers) is { } replacement)
                return new[] { replacement };
            var outs = e.Primitive.Bind(ins, e.Params);
            if (outs.Length == 1) producers[outs[0]] = new Producer(e.Primitive, e.Params, ins);
            return outs;
        });
    }

    private static NDArray? Simplify(Equation e, NDArray[] ins, Dictionary<NDArray, Producer> producers)
    {
        var outType = e.Outputs[0].Type;
        NDArray? SameAs(NDArray x) => x.Type == outType ? x : null;
        switch (e.Params)
        {
            case ReshapeParams p:
                if (ins[0].Shape == p.NewSizes) return SameAs(ins[0]);
                if (producers.TryGetValue(ins[0], out var inner) && inner.Params is ReshapeParams)
                    return Ops.Reshape(inner.Inputs[0], p.NewSizes);
                return null;
            case TransposeParams p:
                for (int i = 0; i < p.Permutation.Count; i++) if (p.Permutation[i] != i) return null;
                return SameAs(ins[0]);
            case BroadcastInDimParams p:
                if (ins[0].Shape != p.Shape) return null;
                for (int i = 0; i < p.BroadcastDimensions.Count; i++) if (p.BroadcastDimensions[i] != i) return null;
                return SameAs(ins[0]);
            case SqueezeParams p when p.Dimensions.Count == 0:
                return SameAs(ins[0]);
            case ExpandDimsParams p when p.Dimensions.Count == 0:
                return SameAs(ins[0]);
            case ConvertElementTypeParams p:
                if (ins[0].DType == p.NewDType && ins[0].IsWeaklyTyped == p.WeakType) return ins[0];
                if (producers.TryGetValue(ins[0], out var conv) && conv.Params is ConvertElementTypeParams && Lossless(conv.Inputs[0].DType, ins[0].DType))
                    return Ops.ConvertElementType(conv.Inputs[0], p.NewDType, p.WeakType);
                return null;
        }
        var name = e.Primitive.Name;
        switch (name)
        {
            case "stop_gradient":
                return ins[0];
            case "neg" when producers.TryGetValue(ins[0], out var n) && n.Primitive.Name == "neg":
                return SameAs(n.Inputs[0]);
            case "add":
                if (IsConstant(ins[1], 0, producers)) return SameAs(ins[0]);
                if (IsConstant(ins[0], 0, producers)) return SameAs(ins[1]);
                return null;
            case "sub":
                return IsConstant(ins[1], 0, producers) ? SameAs(ins[0]) : null;
            case "mul":
                if (IsConstant(ins[1], 1, producers)) return SameAs(ins[0]);
                if (IsConstant(ins[0], 1, producers)) return SameAs(ins[1]);
                return null;
            case "div":
                return IsConstant(ins[1], 1, producers) ? SameAs(ins[0]) : null;
            case "select_n":
                for (int i = 2; i < ins.Length; i++) if (!ReferenceEquals(ins[i], ins[1])) return null;
                return SameAs(ins[1]);
        }
        return null;
    }

    /// <summary>True for a conversion that loses nothing, so converting through it and then on equals converting directly.</summary>
    private static bool Lossless(DType from, DType to) =>
        from == to || from == DType.Bool || (from == DType.Int32 && to == DType.Float64) || (from == DType.Float32 && to == DType.Float64);

    /// <summary>True when <paramref name="x"/> is the constant <paramref name="value"/> everywhere: a 0-d constant or a broadcast of one.</summary>
    private static bool IsConstant(NDArray x, double value, Dictionary<NDArray, Producer> producers)
    {
        if (x is ConcreteArray c) return c.Rank == 0 && c.GetDouble(0) == value;
        return producers.TryGetValue(x, out var p) && p.Params is BroadcastInDimParams && p.Inputs[0] is ConcreteArray s
            && s.Rank == 0 && s.GetDouble(0) == value;
    }
}
