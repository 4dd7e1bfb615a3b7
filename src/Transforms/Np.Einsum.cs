using System;
using System.Collections.Generic;
using System.Linq;

namespace Functional.AD;

/// <summary><c>jnp.einsum</c>: Einstein summation parsed into diagonals, sums and pairwise <c>dot_general</c>s in a greedy order.</summary>
public static partial class Np
{
    /// <summary>
    /// Einstein summation over <paramref name="operands"/> as <c>jnp.einsum</c>: <paramref name="subscripts"/> names each
    /// operand's axes by letters ("ij,jk->ik"); a letter repeated within one operand takes its diagonal, a letter absent
    /// from the output is summed, "..." stands for the remaining (broadcast) axes, and without "->" the output is the
    /// letters used once, in alphabetical order, after the "..." axes. Contractions run pairwise through
    /// <c>dot_general</c>, the pair whose result is smallest first.
    /// </summary>
    /// <exception cref="ArgumentException">The subscripts do not match the operands, or a letter has two sizes.</exception>
    public static NDArray Einsum(string subscripts, params NDArray[] operands)
    {
        Guard.NotNull(subscripts, "Np.Einsum");
        Guard.NoNulls(operands, "Np.Einsum");
        var types = System.Array.ConvertAll(operands, x => x.Type);
        var spec = subscripts.Replace(" ", "");
        int arrow = spec.IndexOf("->", StringComparison.Ordinal);
        var inputs = (arrow >= 0 ? spec[..arrow] : spec).Split(',');
        if (inputs.Length != operands.Length)
            throw ShapeErrors.Error("Np.Einsum", $"\"{subscripts}\" names {inputs.Length} operands, got {operands.Length}", types);
        // Each operand's labels, "..." expanded to labels U+0100.. aligned on the right.
        var ellipsisLength = new int[operands.Length];
        for (int i = 0; i < inputs.Length; i++)
        {
            int letters = inputs[i].Replace("...", "").Length;
            if (inputs[i].Contains("...", StringComparison.Ordinal)) ellipsisLength[i] = operands[i].Rank - letters;
            if (ellipsisLength[i] < 0 || (!inputs[i].Contains("...", StringComparison.Ordinal) && letters != operands[i].Rank))
                throw ShapeErrors.Error("Np.Einsum", $"\"{inputs[i]}\" does not name the {operands[i].Rank} axes of operand {i}", types);
        }
        int maxEllipsis = ellipsisLength.Length == 0 ? 0 : ellipsisLength.Max();
        string Ellipsis(int length) => new(Enumerable.Range(maxEllipsis - length, length).Select(t => (char)(0x100 + t)).ToArray());
        var labels = new List<char>[operands.Length];
        for (int i = 0; i < inputs.Length; i++)
        {
            var expanded = inputs[i].Replace("...", Ellipsis(ellipsisLength[i]));
            foreach (var ch in expanded)
                if (ch < 0x100 && !char.IsAsciiLetter(ch))
                    throw ShapeErrors.Error("Np.Einsum", $"'{ch}' in \"{subscripts}\" is not a letter", types);
            labels[i] = expanded.ToList();
        }
        // The output labels.
        string output;
        if (arrow >= 0)
        {
            var o = spec[(arrow + 2)..];
            output = o.Replace("...", Ellipsis(maxEllipsis));
            foreach (var ch in output)
            {
                if (output.IndexOf(ch) != output.LastIndexOf(ch))
                    throw ShapeErrors.Error("Np.Einsum", $"output label '{ch}' is repeated in \"{subscripts}\"", types);
                if (!labels.Any(l => l.Contains(ch)))
                    throw ShapeErrors.Error("Np.Einsum", $"output label '{ch}' of \"{subscripts}\" names no input axis", types);
            }
        }
        else
        {
            var counts = new Dictionary<char, int>();
            foreach (var l in labels) foreach (var ch in l) counts[ch] = counts.GetValueOrDefault(ch) + 1;
            output = Ellipsis(maxEllipsis) + new string(counts.Where(kv => kv.Value == 1 && kv.Key < 0x100).Select(kv => kv.Key).OrderBy(c => c).ToArray());
        }
        // The size of each label; a size-1 "..." axis broadcasts against a larger one.
        var size = new Dictionary<char, int>();
        for (int i = 0; i < operands.Length; i++)
            for (int a = 0; a < labels[i].Count; a++)
            {
                char ch = labels[i][a];
                int d = operands[i].Shape[a];
                if (!size.TryGetValue(ch, out int known) || (known == 1 && ch >= 0x100)) size[ch] = d;
                else if (known != d && !(d == 1 && ch >= 0x100))
                    throw ShapeErrors.Error("Np.Einsum", $"label '{(ch >= 0x100 ? "..." : ch.ToString())}' has sizes {known} and {d}", types);
            }
        var dtypeSource = Promotion.Common(operands);
        var dtype = dtypeSource.Length == 0 ? DType.Float64 : dtypeSource[0].DType;
        if (dtype == DType.Bool) dtype = DType.Int32;
        var outDims = output.Select(ch => size[ch]).ToArray();
        ShapeSize.Check("Np.Einsum", outDims, types);
        var terms = new List<(NDArray X, List<char> L)>();
        for (int i = 0; i < operands.Length; i++)
        {
            var x = Promotion.Coerce(dtypeSource[i], dtype);
            var l = labels[i];
            // Squeeze size-1 "..." axes that broadcast against larger ones.
            for (int a = l.Count - 1; a >= 0; a--)
                if (x.Shape[a] == 1 && size[l[a]] != 1)
                {
                    x = Ops.Squeeze(x, new IntTuple(a));
                    l.RemoveAt(a);
                }
            // Repeated labels: take the diagonal (it becomes the last axis).
            for (bool found = true; found;)
            {
                found = false;
                for (int a = 0; a < l.Count && !found; a++)
                {
                    int b = l.IndexOf(l[a], a + 1);
                    if (b < 0) continue;
                    char ch = l[a];
                    x = Diagonal(x, 0, a, b);
                    l.RemoveAt(b);
                    l.RemoveAt(a);
                    l.Add(ch);
                    found = true;
                }
            }
            terms.Add((x, l));
        }
        if (terms.Count == 0) return ConcreteArray.Filled(new ArrayType(Shape.Scalar, dtype), 1);
        // Sum out labels used by one term only and not in the output; then contract pairs, smallest result first.
        terms = terms.Select((t, i) => SumUnused(t, terms.Where((_, j) => j != i).Select(u => u.L), output)).ToList();
        while (terms.Count > 1)
        {
            int bi = 0, bj = 1;
            double best = double.MaxValue;
            for (int i = 0; i < terms.Count; i++)
                for (int j = i + 1; j < terms.Count; j++)
                {
                    var keep = Kept(terms, i, j, output);
                    double cost = keep.Aggregate(1.0, (p, ch) => p * size[ch]);
                    if (cost < best) (best, bi, bj) = (cost, i, j);
                }
            var merged = Contract(terms, bi, bj, output);
            terms.RemoveAt(bj);
            terms.RemoveAt(bi);
            terms.Add(SumUnused(merged, terms.Select(u => u.L), output));
        }
        var (result, rl) = SumUnused(terms[0], [], output);
        var perm = output.Select(ch => rl.IndexOf(ch)).ToArray();
        var transposed = perm.Select((p, i) => p != i).Any(b => b) ? Ops.Transpose(result, new IntTuple(perm)) : result;
        return transposed.Shape == new Shape(outDims) ? transposed : Ops.BroadcastTo(transposed, new Shape(outDims));
    }

    /// <summary>The labels of terms i and j that survive their contraction: those in the output or in another term.</summary>
    private static List<char> Kept(List<(NDArray X, List<char> L)> terms, int i, int j, string output)
    {
        var others = new HashSet<char>(output);
        for (int k = 0; k < terms.Count; k++) if (k != i && k != j) others.UnionWith(terms[k].L);
        return terms[i].L.Union(terms[j].L).Where(others.Contains).ToList();
    }

    /// <summary>Sums the axes of a term whose labels appear neither in <paramref name="others"/> nor in the output.</summary>
    private static (NDArray X, List<char> L) SumUnused((NDArray X, List<char> L) term, IEnumerable<List<char>> others, string output)
    {
        var used = new HashSet<char>(output);
        foreach (var o in others) used.UnionWith(o);
        var axes = Enumerable.Range(0, term.L.Count).Where(a => !used.Contains(term.L[a])).ToArray();
        if (axes.Length == 0) return term;
        return (Ops.ReduceSum(term.X, new IntTuple(axes)), term.L.Where(ch => used.Contains(ch)).ToList());
    }

    /// <summary>Terms i and j through one <c>dot_general</c>: shared labels kept later are batch axes, other shared ones are contracted.</summary>
    private static (NDArray X, List<char> L) Contract(List<(NDArray X, List<char> L)> terms, int i, int j, string output)
    {
        var (a, la) = terms[i];
        var (b, lb) = terms[j];
        var keep = new HashSet<char>(Kept(terms, i, j, output));
        var shared = la.Where(lb.Contains).ToList();
        var batch = shared.Where(keep.Contains).ToList();
        var contract = shared.Where(ch => !keep.Contains(ch)).ToList();
        var result = Ops.DotGeneral(a, b,
            new IntTuple(contract.Select(ch => la.IndexOf(ch)).ToArray()), new IntTuple(contract.Select(ch => lb.IndexOf(ch)).ToArray()),
            new IntTuple(batch.Select(ch => la.IndexOf(ch)).ToArray()), new IntTuple(batch.Select(ch => lb.IndexOf(ch)).ToArray()));
        var labels = batch.Concat(la.Where(ch => !shared.Contains(ch))).Concat(lb.Where(ch => !shared.Contains(ch))).ToList();
        return (result, labels);
    }
}
