using System;

namespace Functional.AD;

/// <summary>
/// JAX's type-promotion lattice (<c>jax._src.dtypes._type_promotion_lattice</c>), restricted to our dtypes plus the
/// nodes that shape it (u16, i16, i8, u64) and the two weak kinds: a weakly-typed int (<c>i*</c>, a C# int literal) and
/// a weakly-typed float (<c>f*</c>, a C# double literal). The join of two nodes is the least node above both; every
/// promotion in the library reads the tables built here once.
/// </summary>
internal static class TypeLattice
{
    // Nodes 0..8 are the DType members; the rest exist only to give the lattice JAX's shape.
    private const int WeakInt = 9, WeakFloat = 10, U16 = 11, I16 = 12, I8 = 13, U64 = 14, NodeCount = 15;

    /// <summary>The join of every pair of nodes.</summary>
    private static readonly int[,] JoinTable = Build();

    private static int[,] Build()
    {
        // Edges a -> b mean "a promotes to b" (JAX's lattice, x64 semantics).
        var up = new int[NodeCount][];
        up[(int)DType.Bool] = [WeakInt];
        up[WeakInt] = [(int)DType.UInt8, I8];
        up[(int)DType.UInt8] = [U16, I16];
        up[U16] = [(int)DType.UInt32, (int)DType.Int32];
        up[(int)DType.UInt32] = [U64, (int)DType.Int64];
        up[U64] = [WeakFloat];
        up[I8] = [I16];
        up[I16] = [(int)DType.Int32];
        up[(int)DType.Int32] = [(int)DType.Int64];
        up[(int)DType.Int64] = [WeakFloat];
        up[WeakFloat] = [(int)DType.BFloat16, (int)DType.Float16];
        up[(int)DType.BFloat16] = [(int)DType.Float32];
        up[(int)DType.Float16] = [(int)DType.Float32];
        up[(int)DType.Float32] = [(int)DType.Float64];
        up[(int)DType.Float64] = [];

        // above[n, m]: m is n or reachable from n.
        var above = new bool[NodeCount, NodeCount];
        for (int n = 0; n < NodeCount; n++) Mark(n, n);
        void Mark(int from, int node)
        {
            if (above[from, node]) return;
            above[from, node] = true;
            foreach (var next in up[node]) Mark(from, next);
        }

        var join = new int[NodeCount, NodeCount];
        for (int a = 0; a < NodeCount; a++)
            for (int b = 0; b < NodeCount; b++)
            {
                // The least common upper bound: the common upper bound that every other common upper bound is above.
                int best = -1;
                for (int c = 0; c < NodeCount && best < 0; c++)
                {
                    if (!above[a, c] || !above[b, c]) continue;
                    bool least = true;
                    for (int d = 0; d < NodeCount && least; d++)
                        if (above[a, d] && above[b, d] && !above[c, d]) least = false;
                    if (least) best = c;
                }
                join[a, b] = best >= 0 ? best : throw new InvalidOperationException("type lattice has no join");
            }
        return join;
    }

    /// <summary>The lattice node of a value: its dtype, or the weak kind for a weakly-typed int or float.</summary>
    private static int Node(DType dtype, bool weak) =>
        !weak || dtype == DType.Bool ? (int)dtype : dtype.IsFloat() ? WeakFloat : WeakInt;

    /// <summary>The join of two strongly-typed dtypes.</summary>
    internal static DType Join(DType a, DType b)
    {
        DTypes.Check("DTypes.Promote", a);
        DTypes.Check("DTypes.Promote", b);
        return (DType)JoinTable[(int)a, (int)b];
    }

    /// <summary>
    /// The result dtype and weak flag of a binary operation as JAX computes it: the join of the operands' nodes; a weak
    /// result (the join is <c>i*</c> or <c>f*</c>) keeps the dtype of the weak operand of that kind.
    /// </summary>
    internal static (DType DType, bool Weak) Result(DType a, bool weakA, DType b, bool weakB)
    {
        int j = JoinTable[Node(a, weakA), Node(b, weakB)];
        if (j < WeakInt) return ((DType)j, false);
        // A weak result: both weak, or one weak operand whose kind is at least the other's.
        if (weakA && weakB) return ((DType)JoinTable[(int)a, (int)b], true);
        return (weakA ? a : b, true);
    }
}
