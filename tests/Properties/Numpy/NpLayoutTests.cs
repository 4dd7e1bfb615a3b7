using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck.Fluent;
using Xunit;
using Gen = FsCheck.Fluent.Gen;

namespace Functional.AD.Properties.Numpy;

/// <summary>
/// The jax.numpy layout functions (flip, roll, rot90, swapaxes, moveaxis, tile, repeat, split, stacks, atleast_nd,
/// squeeze/expand_dims with axes, broadcast_arrays) against references written from numpy's definitions as index loops.
/// </summary>
public class NpLayoutTests
{
    internal static int Count(int[] shape) => shape.Aggregate(1, (a, b) => a * b);

    /// <summary>Row-major flat index of <paramref name="index"/>.</summary>
    internal static int Flat(int[] shape, int[] index)
    {
        int f = 0;
        for (int i = 0; i < shape.Length; i++) f = f * shape[i] + index[i];
        return f;
    }

    /// <summary>Every multi-index of <paramref name="shape"/> in row-major order (one empty index for a 0-d shape).</summary>
    internal static IEnumerable<int[]> Indices(int[] shape)
    {
        int n = Count(shape);
        for (int k = 0; k < n; k++)
        {
            var idx = new int[shape.Length];
            int rem = k;
            for (int i = shape.Length - 1; i >= 0; i--) { idx[i] = rem % shape[i]; rem /= shape[i]; }
            yield return idx;
        }
    }

    /// <summary>The array of <paramref name="shape"/> whose element at each index is <paramref name="f"/> of it.</summary>
    internal static double[] Build(int[] shape, Func<int[], double> f) => Indices(shape).Select(f).ToArray();

    /// <summary>An f64 array holding 1, 2, 3, ... (every element identifiable, none zero).</summary>
    internal static NDArray Iota(int[] shape) => Np.FromFlat(Enumerable.Range(1, Count(shape)).Select(i => (double)i).ToArray(), shape);

    internal static double At(NDArray x, int[] index) => x.ToArray<double>()[Flat(x.Shape.ToArray(), index)];

    /// <summary>Shapes of rank <paramref name="minRank"/>..4 with sizes 0..3 (size 0 only when <paramref name="empty"/>).</summary>
    internal static FsCheck.Gen<int[]> Shapes(int minRank = 0, bool empty = true) =>
        Gen.Choose(minRank, 4).SelectMany(rank => Gen.ArrayOf(Gen.Choose(empty ? 0 : 1, 3), rank));

    internal static void Same(int[] shape, double[] expected, NDArray actual)
    {
        Assert.Equal(new Shape(shape), actual.Shape);
        Assert.Equal(expected, actual.ToArray<double>());
    }

    [Fact]
    public void Flip_reverses_each_listed_axis_and_all_axes_by_default()
    {
        var cases = Shapes().SelectMany(s => Gen.ArrayOf(Gen.Elements(true, false), s.Length).SelectMany(pick =>
            Gen.ArrayOf(Gen.Elements(true, false), s.Length).Select(neg => (s, pick, neg))));
        PropertyCheck.ForAll(cases, c =>
        {
            var (s, pick, neg) = c;
            var x = Iota(s);
            var axes = Enumerable.Range(0, s.Length).Where(i => pick[i]).Select(i => neg[i] ? i - s.Length : i).ToArray();
            var xs = x.ToArray<double>();
            double Rev(int[] idx, Func<int, bool> flipped) =>
                xs[Flat(s, idx.Select((v, i) => flipped(i) ? s[i] - 1 - v : v).ToArray())];
            Same(s, Build(s, idx => Rev(idx, i => pick[i])), Np.Flip(x, axes));
            Same(s, Build(s, idx => Rev(idx, _ => true)), Np.Flip(x));
            if (s.Length > 0) Same(s, Build(s, idx => Rev(idx, i => i == s.Length - 1)), Np.Flip(x, -1));
        });
    }

    [Fact]
    public void Roll_moves_elements_cyclically_along_an_axis_and_over_the_flattened_array()
    {
        var cases = Shapes(1).SelectMany(s => Gen.Choose(-s.Length, s.Length - 1).SelectMany(axis =>
            Gen.Choose(-9, 9).SelectMany(shift => Gen.Choose(-9, 9).Select(shift2 => (s, axis, shift, shift2)))));
        PropertyCheck.ForAll(cases, c =>
        {
            var (s, axis, shift, shift2) = c;
            var x = Iota(s);
            var xs = x.ToArray<double>();
            int a = axis < 0 ? axis + s.Length : axis;
            int Mod(int v, int n) => ((v % n) + n) % n;
            Same(s, Build(s, idx => { var j = (int[])idx.Clone(); j[a] = Mod(idx[a] - shift, s[a]); return xs[Flat(s, j)]; }), Np.Roll(x, shift, axis));
            int n = xs.Length;
            Same(s, Enumerable.Range(0, n).Select(k => xs[Mod(k - shift, n)]).ToArray(), Np.Roll(x, shift));
            // Two shifts on the same axis add up.
            Same(s, Np.Roll(x, shift + shift2, axis).ToArray<double>(), Np.Roll(x, [shift, shift2], [axis, a]));
        });
    }

    /// <summary>numpy's rot90 with k = 1 in the plane (p, q), by its definition: out[.., i (at p), j (at q), ..] = m[.., j, n_q - 1 - i, ..].</summary>
    private static (int[] Shape, double[] Data) RotateOnce(int[] s, double[] data, int p, int q)
    {
        var outShape = (int[])s.Clone();
        (outShape[p], outShape[q]) = (s[q], s[p]);
        var result = Build(outShape, idx =>
        {
            var j = (int[])idx.Clone();
            j[p] = idx[q];
            j[q] = s[q] - 1 - idx[p];
            return data[Flat(s, j)];
        });
        return (outShape, result);
    }

    [Fact]
    public void Rot90_is_k_quarter_turns_from_the_first_axis_towards_the_second()
    {
        var cases = Shapes(2).SelectMany(s => Gen.Choose(-5, 5).SelectMany(k =>
            Gen.Choose(0, s.Length - 1).SelectMany(p => Gen.Choose(0, s.Length - 1).Where(q => q != p).Select(q => (s, k, p, q)))));
        PropertyCheck.ForAll(cases, c =>
        {
            var (s, k, p, q) = c;
            var x = Iota(s);
            var (shape, data) = (s, x.ToArray<double>());
            for (int t = 0; t < ((k % 4) + 4) % 4; t++) (shape, data) = RotateOnce(shape, data, p, q);
            Same(shape, data, Np.Rot90(x, k, [p - s.Length, q]));
        });
        var m = Iota([2, 3]);
        Same([3, 2], RotateOnce([2, 3], m.ToArray<double>(), 0, 1).Data, Np.Rot90(m));
    }

    [Fact]
    public void SwapAxes_and_MoveAxis_permute_the_axes_as_numpy_describes()
    {
        var cases = Shapes(1).SelectMany(s => Gen.Choose(0, s.Length - 1).SelectMany(i => Gen.Choose(0, s.Length - 1).Select(j => (s, i, j))));
        PropertyCheck.ForAll(cases, c =>
        {
            var (s, i, j) = c;
            var x = Iota(s);
            var xs = x.ToArray<double>();
            var swapped = (int[])s.Clone();
            (swapped[i], swapped[j]) = (s[j], s[i]);
            Same(swapped, Build(swapped, idx => { var k = (int[])idx.Clone(); (k[i], k[j]) = (idx[j], idx[i]); return xs[Flat(s, k)]; }), Np.SwapAxes(x, i - s.Length, j));
            // moveaxis: the order of the other axes is kept, source lands at destination.
            var order = Enumerable.Range(0, s.Length).Where(a => a != i).ToList();
            order.Insert(j, i);
            var moved = order.Select(a => s[a]).ToArray();
            Same(moved, Build(moved, idx => { var k = new int[s.Length]; for (int t = 0; t < s.Length; t++) k[order[t]] = idx[t]; return xs[Flat(s, k)]; }),
                Np.MoveAxis(x, i, j - s.Length));
        });
        var y = Iota([2, 3, 4, 1]);
        Assert.Equal(new Shape(4, 3, 1, 2), Np.MoveAxis(y, [0, 2], [-1, 0]).Shape);   // numpy: (4, 3, 1, 2)
    }

    [Fact]
    public void Ravel_Tile_and_Repeat_follow_numpy_index_rules()
    {
        var cases = Shapes().SelectMany(s => Gen.ArrayOf(Gen.Choose(0, 3), s.Length).SelectMany(r0 => Gen.Choose(0, 3).SelectMany(extra =>
            Gen.ArrayOf(Gen.Choose(0, 3), extra).SelectMany(pre => Gen.Choose(0, 3).Select(rep => (s, reps: pre.Concat(r0).Take(Math.Max(1, pre.Length + r0.Length - (rep % 2) * s.Length)).ToArray(), rep))))));
        PropertyCheck.ForAll(cases, c =>
        {
            var (s, reps, rep) = c;
            var x = Iota(s);
            var xs = x.ToArray<double>();
            Same([xs.Length], xs, Np.Ravel(x));
            // tile: pad the shorter of shape and reps with leading 1s; out[idx] = x[idx mod shape].
            int d = Math.Max(s.Length, reps.Length);
            var sp = Enumerable.Repeat(1, d - s.Length).Concat(s).ToArray();
            var rp = Enumerable.Repeat(1, d - reps.Length).Concat(reps).ToArray();
            var tiled = sp.Zip(rp, (a, b) => a * b).ToArray();
            Same(tiled, Build(tiled, idx => xs[Flat(sp, idx.Select((v, i) => v % sp[i]).ToArray())]), Np.Tile(x, reps));
            // repeat of the flattened array, and along the last axis.
            Same([xs.Length * rep], Enumerable.Range(0, xs.Length * rep).Select(k => xs[k / rep]).ToArray(), Np.Repeat(x, rep));
            if (s.Length > 0)
            {
                var rs = (int[])s.Clone();
                rs[^1] *= rep;
                Same(rs, Build(rs, idx => { var k = (int[])idx.Clone(); k[^1] /= rep; return xs[Flat(s, k)]; }), Np.Repeat(x, rep, -1));
            }
        });
    }

    [Fact]
    public void Repeat_with_per_element_counts_and_a_total_length_truncates_or_pads_with_the_last()
    {
        var cases = Gen.Choose(1, 5).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 3), n).SelectMany(reps =>
            Gen.Choose(0, 12).Select(total => (n, reps, total))));
        PropertyCheck.ForAll(cases, c =>
        {
            var (n, reps, total) = c;
            var x = Iota([2, n]);
            var xs = x.ToArray<double>();
            var cols = new List<int>();
            for (int i = 0; i < n; i++) for (int r = 0; r < reps[i]; r++) cols.Add(i);
            Same([2, cols.Count], Build([2, cols.Count], idx => xs[idx[0] * n + cols[idx[1]]]), Np.Repeat(x, reps, 1));
            var padded = cols.Take(total).Concat(Enumerable.Repeat(n - 1, Math.Max(0, total - cols.Count))).ToList();
            Same([2, total], Build([2, total], idx => xs[idx[0] * n + padded[idx[1]]]), Np.Repeat(x, reps, -1, total));
            Same([2, 2 * total], Np.Repeat(x, [2], 1, 2 * total).ToArray<double>(), Np.Repeat(x, 2, 1, 2 * total));
        });
    }

    [Fact]
    public void Split_and_ArraySplit_cut_at_numpys_boundaries()
    {
        var cases = Shapes(1).SelectMany(s => Gen.Choose(0, s.Length - 1).SelectMany(axis => Gen.Choose(1, 5).SelectMany(sections =>
            Gen.ArrayOf(Gen.Choose(-5, 5), sections % 3).Select(indices => (s, axis, sections, indices)))));
        PropertyCheck.ForAll(cases, c =>
        {
            var (s, axis, sections, indices) = c;
            var x = Iota(s);
            var xs = x.ToArray<double>();
            int n = s[axis];
            // numpy.array_split: the first n % sections pieces have n // sections + 1 elements.
            var bounds = new List<int> { 0 };
            for (int i = 0; i < sections; i++) bounds.Add(bounds[^1] + n / sections + (i < n % sections ? 1 : 0));
            void Check(NDArray[] pieces, List<int> starts, List<int> ends)
            {
                Assert.Equal(starts.Count, pieces.Length);
                for (int p = 0; p < pieces.Length; p++)
                {
                    var ps = (int[])s.Clone();
                    ps[axis] = Math.Max(0, ends[p] - starts[p]);
                    Same(ps, Build(ps, idx => { var k = (int[])idx.Clone(); k[axis] += starts[p]; return xs[Flat(s, k)]; }), pieces[p]);
                }
            }
            Check(Np.ArraySplit(x, sections, axis), bounds.Take(sections).ToList(), bounds.Skip(1).ToList());
            if (n % sections == 0) Check(Np.Split(x, sections, axis - s.Length), bounds.Take(sections).ToList(), bounds.Skip(1).ToList());
            else Assert.Contains("Np.Split", Assert.ThrowsAny<ArgumentException>(() => Np.Split(x, sections, axis)).Message);
            // Indices behave as Python slice bounds: negative from the end, clamped.
            int Norm(int i) => i < 0 ? Math.Max(0, i + n) : Math.Min(i, n);
            var starts = new List<int> { 0 };
            starts.AddRange(indices.Select(Norm));
            var ends = indices.Select(Norm).ToList();
            ends.Add(n);
            Check(Np.Split(x, indices, axis), starts, ends);
            Check(Np.ArraySplit(x, indices, axis), starts, ends);
        });
    }

    [Fact]
    public void Stacks_place_their_pieces_as_numpy_defines()
    {
        var cases = Gen.Choose(0, 3).SelectMany(r => Gen.ArrayOf(Gen.Choose(1, 3), r).SelectMany(s => Gen.Choose(1, 3).Select(w => (s, w))));
        PropertyCheck.ForAll(cases, c =>
        {
            var (s, w) = c;
            var a = Iota(s);
            // vstack: as rows (at least 2-d), then along axis 0.
            var a2 = s.Length switch { 0 => new[] { 1, 1 }, 1 => new[] { 1, s[0] }, _ => s };
            var doubled = (int[])a2.Clone();
            doubled[0] *= 2;
            var xs = a.ToArray<double>();
            Same(doubled, Build(doubled, idx => { var k = (int[])idx.Clone(); k[0] %= a2[0]; return xs[Flat(a2, k)] * (idx[0] < a2[0] ? 1 : -1); }),
                Np.VStack([a, -a]));
            // hstack: 1-d (and 0-d) along axis 0, otherwise axis 1.
            var a1 = s.Length == 0 ? new[] { 1 } : s;
            int hAxis = a1.Length == 1 ? 0 : 1;
            var h = (int[])a1.Clone();
            h[hAxis] *= 2;
            Same(h, Build(h, idx => { var k = (int[])idx.Clone(); k[hAxis] %= a1[hAxis]; return xs[Flat(a1, k)] * (idx[hAxis] < a1[hAxis] ? 1 : -1); }),
                Np.HStack([a, -a]));
            // dstack: [n] -> [1,n,1], [m,n] -> [m,n,1], then axis 2.
            var a3 = s.Length switch { 0 => new[] { 1, 1, 1 }, 1 => new[] { 1, s[0], 1 }, 2 => new[] { s[0], s[1], 1 }, _ => s };
            var dd = (int[])a3.Clone();
            dd[2] *= 2;
            Same(dd, Build(dd, idx => { var k = (int[])idx.Clone(); k[2] %= a3[2]; return xs[Flat(a3, k)] * (idx[2] < a3[2] ? 1 : -1); }),
                Np.DStack([a, -a]));
            // column_stack: vectors become columns.
            var v = Iota([w]);
            var m = Iota([w, 2]);
            Same([w, 3], Build([w, 3], idx => idx[1] == 0 ? idx[0] + 1 : 2 * idx[0] + idx[1]), Np.ColumnStack([v, m]));
        });
    }

    [Fact]
    public void AtLeast_Squeeze_ExpandDims_and_BroadcastArrays_give_numpys_shapes()
    {
        Assert.Equal(new Shape(1), Np.AtLeast1d(Np.Scalar(2.0)).Shape);
        Assert.Equal(new Shape(1, 3), Np.AtLeast2d(Iota([3])).Shape);
        Assert.Equal(new Shape(1, 3, 1), Np.AtLeast3d(Iota([3])).Shape);
        Assert.Equal(new Shape(2, 3, 1), Np.AtLeast3d(Iota([2, 3])).Shape);
        Assert.Equal(new Shape(1, 1, 1), Np.AtLeast3d(Np.Scalar(1.0)).Shape);
        var many = Np.AtLeast2d(Np.Scalar(1.0), Iota([2, 2, 2]));
        Assert.Equal(new Shape(1, 1), many[0].Shape);
        Assert.Equal(new Shape(2, 2, 2), many[1].Shape);
        var cases = Shapes().SelectMany(s => Gen.ArrayOf(Gen.Choose(0, 3), s.Length + 2).Select(r => (s, r)));
        PropertyCheck.ForAll(cases, c =>
        {
            var (s, r) = c;
            var x = Iota(s);
            // expand_dims with several axes: size-1 axes at those positions of the result.
            int outRank = s.Length + 2;
            int p = r[0] % outRank, q = (p + 1 + r[1] % (outRank - 1)) % outRank;
            var expanded = new List<int>(s);
            foreach (var ax in new[] { p, q }.OrderBy(v => v)) expanded.Insert(ax, 1);
            var e = Np.ExpandDims(x, [q - outRank, p]);
            Same(expanded.ToArray(), x.ToArray<double>(), e);
            Same(s, x.ToArray<double>(), Np.Squeeze(e, [p, q - outRank]));
            Assert.Contains("Np.ExpandDims", Assert.ThrowsAny<ArgumentException>(() => Np.ExpandDims(x, [p, p])).Message);
            // broadcast_arrays: numpy's broadcast shape, each broadcast to it.
            var other = r.Take(s.Length).Select((v, i) => v % 2 == 0 ? 1 : s[i]).ToArray();
            var y = Iota(other);
            var z = Np.Scalar(5.0);
            var bs = Np.BroadcastArrays(x, y, z);
            foreach (var b in bs) Assert.Equal(new Shape(s), b.Shape);
            var ys = y.ToArray<double>();
            Same(s, Build(s, idx => ys[Flat(other, idx.Select((v, i) => other[i] == 1 ? 0 : v).ToArray())]), bs[1]);
            Same(s, Build(s, _ => 5.0), bs[2]);
        });
    }
}
