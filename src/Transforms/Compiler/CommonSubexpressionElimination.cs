using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace Functional.AD;

/// <summary>
/// Common-subexpression elimination: an equation that applies the same primitive with equal parameters to
/// the same operands as an earlier one reuses that equation's results.
/// </summary>
internal sealed class CommonSubexpressionElimination
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

    private readonly Dictionary<Key, NDArray[]> _seen = new(new KeyComparer());

    /// <summary>The results of an earlier equation applying the same primitive with equal parameters to the same operands, or null.</summary>
    internal NDArray[]? Find(Equation e, NDArray[] ins) => Effects.Of(e) ? null : _seen.GetValueOrDefault(new Key(e.Primitive, e.Params, ins));

    /// <summary>Remembers the results of <paramref name="e"/> staged on <paramref name="ins"/>.</summary>
    internal void Record(Equation e, NDArray[] ins, NDArray[] outs)
    {
        if (!Effects.Of(e)) _seen[new Key(e.Primitive, e.Params, ins)] = outs;
    }
}
