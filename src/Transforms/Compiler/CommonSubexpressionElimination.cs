using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace Functional.AD;

/// <summary>
/// Common-subexpression elimination: an equation that applies the same primitive with equal parameters to
/// the same operands as an earlier one reuses that equation's results.
/// </summary>
internal static class CommonSubexpressionElimination
{
    private sealed record Key(Primitive Primitive, PrimitiveParams Params, NDArray[] Operands);

    /// <summary>Operands are the same when they are the same value (tracers, arrays) or equal 0-d constants.</summary>
    private sealed class KeyComparer : IEqualityComparer<Key>
    {
        public bool Equals(Key? a, Key? b)
        {
            if (a is null || b is null) return ReferenceEquals(a, b);
            if (!ReferenceEquals(a.Primitive, b.Primitive) || a.Operands.Length != b.Operands.Length || !a.Params.Equals(b.Params)) return false;
            for (int i = 0; i < a.Operands.Length; i++)
                if (!SameOperand(a.Operands[i], b.Operands[i])) return false;
            return true;
        }

        public int GetHashCode(Key k)
        {
            var h = new HashCode();
            h.Add(RuntimeHelpers.GetHashCode(k.Primitive));
            h.Add(k.Params);
            foreach (var x in k.Operands) h.Add(x is ConcreteArray c && c.Rank == 0 ? c.GetDouble(0).GetHashCode() : RuntimeHelpers.GetHashCode(x));
            return h.ToHashCode();
        }

        private static bool SameOperand(NDArray x, NDArray y)
        {
            if (ReferenceEquals(x, y)) return true;
            return x is ConcreteArray a && y is ConcreteArray b && a.Rank == 0 && b.Rank == 0 && a.Type == b.Type
                && BitConverter.DoubleToInt64Bits(a.GetDouble(0)) == BitConverter.DoubleToInt64Bits(b.GetDouble(0));
        }
    }

    /// <summary>The jaxpr with repeated computations computed once.</summary>
    internal static ClosedJaxpr Run(ClosedJaxpr closed)
    {
        var seen = new Dictionary<Key, NDArray[]>(new KeyComparer());
        return JaxprRewriter.Rewrite(closed, (e, ins) =>
        {
            var key = new Key(e.Primitive, e.Params, ins);
            if (seen.TryGetValue(key, out var previous)) return previous;
            var outs = e.Primitive.Bind(ins, e.Params);
            seen[key] = outs;
            return outs;
        });
    }
}
