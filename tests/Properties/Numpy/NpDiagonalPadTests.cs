using System;
using System.Linq;
using FsCheck.Fluent;
using Xunit;
using static Functional.AD.Properties.Numpy.NpLayoutTests;
using Gen = FsCheck.Fluent.Gen;

namespace Functional.AD.Properties.Numpy;

/// <summary>diag, diagonal, trace, tril, triu, eye, identity, pad, arange, linspace, logspace, meshgrid, tensordot, inner, kron and cross against numpy's definitions as index loops.</summary>
public class NpDiagonalPadTests
{
    [Fact]
    public void Diagonal_and_Trace_read_elements_i_i_plus_offset_of_any_plane()
    {
        var cases = Shapes(2).SelectMany(s => Gen.Choose(-4, 4).SelectMany(offset => Gen.Choose(0, s.Length - 1).SelectMany(p =>
            Gen.Choose(0, s.Length - 1).Where(q => q != p).Select(q => (s, offset, p, q)))));
        PropertyCheck.ForAll(cases, c =>
        {
            var (s, offset, p, q) = c;
            var x = Iota(s);
            var xs = x.ToArray<double>();
            var rest = Enumerable.Range(0, s.Length).Where(i => i != p && i != q).ToArray();
            int len = Math.Max(0, offset >= 0 ? Math.Min(s[p], s[q] - offset) : Math.Min(s[p] + offset, s[q]));
            var shape = rest.Select(i => s[i]).Append(len).ToArray();
            double Elem(int[] idx)
            {
                var k = new int[s.Length];
                for (int t = 0; t < rest.Length; t++) k[rest[t]] = idx[t];
                int i = idx[^1] + Math.Max(0, -offset);
                k[p] = i;
                k[q] = i + offset;
                return xs[Flat(s, k)];
            }
            Same(shape, Build(shape, Elem), Np.Diagonal(x, offset, p - s.Length, q));
            var batch = shape[..^1];
            Same(batch, Build(batch, idx => Enumerable.Range(0, len).Sum(i => Elem([.. idx, i]))), Np.Trace(x, offset, p, q));
        });
    }

    [Fact]
    public void Diag_builds_a_matrix_with_the_vector_on_diagonal_k_and_reads_it_back()
    {
        PropertyCheck.ForAll(Gen.Choose(0, 4).SelectMany(n => Gen.Choose(-3, 3).Select(k => (n, k))), c =>
        {
            var (n, k) = c;
            var v = Iota([n]);
            int m = n + Math.Abs(k);
            Same([m, m], Build([m, m], idx => idx[1] - idx[0] == k ? idx[0] - Math.Max(0, -k) + 1 : 0), Np.Diag(v, k));
            Same([n], v.ToArray<double>(), Np.Diag(Np.Diag(v, k), k));
        });
    }

    [Fact]
    public void Tril_Triu_and_Eye_keep_the_elements_on_their_side_of_diagonal_k()
    {
        var cases = Shapes(2).SelectMany(s => Gen.Choose(-4, 4).Select(k => (s, k)));
        PropertyCheck.ForAll(cases, c =>
        {
            var (s, k) = c;
            var x = Iota(s);
            var xs = x.ToArray<double>();
            Same(s, Build(s, idx => idx[^1] <= idx[^2] + k ? xs[Flat(s, idx)] : 0), Np.Tril(x, k));
            Same(s, Build(s, idx => idx[^1] >= idx[^2] + k ? xs[Flat(s, idx)] : 0), Np.Triu(x, k));
            Same([s[0], s[1]], Build([s[0], s[1]], idx => idx[1] - idx[0] == k ? 1 : 0), Np.Eye(s[0], s[1], k));
        });
        Same([3, 3], Np.Eye(3).ToArray<double>(), Np.Identity(3));
        Assert.Equal(DType.Int32, Np.Identity(2, DType.Int32).DType);
        Assert.Equal(DType.Float32, Np.Eye(2, null, 1, DType.Float32).DType);
    }

    /// <summary>numpy's pad index for position j (relative to the first original element) by repeated mirroring, wrapping or clamping.</summary>
    private static int PadIndex(string mode, int j, int n)
    {
        while (j < 0 || j >= n)
        {
            switch (mode)
            {
                case "edge": j = Math.Clamp(j, 0, n - 1); break;
                case "wrap": j = j < 0 ? j + n : j - n; break;
                case "symmetric": j = j < 0 ? -j - 1 : 2 * n - 1 - j; break;
                default: j = n == 1 ? 0 : j < 0 ? -j : 2 * (n - 1) - j; break;
            }
        }
        return j;
    }

    [Fact]
    public void Pad_extends_every_axis_by_constant_edge_reflect_symmetric_or_wrap()
    {
        var cases = Shapes(0, empty: false).SelectMany(s => Gen.ArrayOf(Gen.Choose(0, 5), 2 * s.Length).SelectMany(w =>
            Gen.Elements("constant", "edge", "reflect", "symmetric", "wrap").Select(mode => (s, w, mode))));
        PropertyCheck.ForAll(cases, c =>
        {
            var (s, w, mode) = c;
            var x = Iota(s);
            var xs = x.ToArray<double>();
            var widths = Enumerable.Range(0, s.Length).Select(i => (w[2 * i], w[2 * i + 1])).ToArray();
            var shape = s.Select((d, i) => d + widths[i].Item1 + widths[i].Item2).ToArray();
            var expected = Build(shape, idx =>
            {
                var k = new int[s.Length];
                for (int i = 0; i < s.Length; i++)
                {
                    int j = idx[i] - widths[i].Item1;
                    if (mode == "constant" && (j < 0 || j >= s[i])) return -7;
                    k[i] = mode == "constant" ? j : PadIndex(mode, j, s[i]);
                }
                return xs[Flat(s, k)];
            });
            Same(shape, expected, Np.Pad(x, widths, mode, mode == "constant" ? Np.Scalar(-7.0) : null));
            if (s.Length > 0 && mode != "constant")
            {
                var uniform = s.Select(d => d + 2 * w[0]).ToArray();
                Same(uniform, Build(uniform, idx => xs[Flat(s, idx.Select((v, i) => PadIndex(mode, v - w[0], s[i])).ToArray())]), Np.Pad(x, w[0], mode));
                Same(uniform, Np.Pad(x, w[0], mode).ToArray<double>(), Np.Pad(x, (w[0], w[0]), mode));
            }
        });
        Assert.Contains("Np.Pad", Assert.ThrowsAny<ArgumentException>(() => Np.Pad(Np.Zeros([0, 2]), 1, "reflect")).Message);
        Assert.Contains("f64[2]", Assert.ThrowsAny<ArgumentException>(() => Np.Pad(Iota([2]), new[] { (1, 1), (1, 1) })).Message);
        Assert.Throws<ArgumentException>(() => Np.Pad(Iota([2]), 1, "mean"));
    }

    [Fact]
    public void Ranges_follow_numpys_formulas()
    {
        PropertyCheck.ForAll(Gen.Choose(-10, 10).SelectMany(a => Gen.Choose(-10, 10).SelectMany(b => Gen.Choose(-4, 4).Where(t => t != 0).Select(t => (a, b, t)))), c =>
        {
            var (a, b, t) = c;
            var expected = new System.Collections.Generic.List<int>();
            for (int v = a; t > 0 ? v < b : v > b; v += t) expected.Add(v);
            var r = Np.Arange(a, b, t);
            Assert.Equal(DType.Int32, r.DType);
            Assert.Equal(expected.ToArray(), r.ToArray<int>());
            var f = Np.Arange(a / 2.0, b / 2.0, t / 4.0);
            var fe = new System.Collections.Generic.List<double>();
            for (int i = 0; t > 0 ? a / 2.0 + i * (t / 4.0) < b / 2.0 : a / 2.0 + i * (t / 4.0) > b / 2.0; i++) fe.Add(a / 2.0 + i * (t / 4.0));
            Assert.Equal(fe.ToArray(), f.ToArray<double>());
            int num = Math.Abs(t) + Math.Abs(b) % 3;
            var noEnd = Np.Linspace(a, b, num, false).ToArray<double>();
            Assert.Equal(num, noEnd.Length);
            for (int i = 0; i < num; i++) Assert.Equal(a + i * (b - a) / (double)num, noEnd[i], 1e-12);
            var withEnd = Np.Linspace(a, b, num, true).ToArray<double>();
            for (int i = 0; i < num; i++) Assert.Equal(num == 1 ? a : a + i * (b - a) / (double)(num - 1), withEnd[i], 1e-12);
            var logs = Np.Logspace(a / 5.0, b / 5.0, num, true, 2.0).ToArray<double>();
            for (int i = 0; i < num; i++) Assert.Equal(Math.Pow(2.0, withEnd[i] / 5.0), logs[i], 1e-9);
        });
        Assert.Equal(50, Np.Logspace(0, 1).Size);
        Assert.ThrowsAny<ArgumentException>(() => Np.Arange(0, 5, 0));
    }

    [Fact]
    public void Meshgrid_puts_each_vector_along_its_axis_with_xy_swapping_the_first_two()
    {
        PropertyCheck.ForAll(Gen.Choose(1, 3).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 3), n)), lens =>
        {
            var xi = lens.Select((l, i) => Np.Add(Iota([l]), 10.0 * i)).ToArray();
            var ij = Np.Meshgrid(xi, false, "ij");
            var xy = Np.Meshgrid(xi);
            var sparse = Np.Meshgrid(xi, true, "ij");
            var xyShape = (int[])lens.Clone();
            if (lens.Length >= 2) (xyShape[0], xyShape[1]) = (lens[1], lens[0]);
            for (int i = 0; i < lens.Length; i++)
            {
                int axisXy = lens.Length >= 2 && i < 2 ? 1 - i : i;
                Same(lens, Build(lens, idx => idx[i] + 1 + 10.0 * i), ij[i]);
                Same(xyShape, Build(xyShape, idx => idx[axisXy] + 1 + 10.0 * i), xy[i]);
                var ss = lens.Select((l, a) => a == i ? l : 1).ToArray();
                Same(ss, xi[i].ToArray<double>(), sparse[i]);
            }
        });
    }

    [Fact]
    public void TensorDot_Inner_Kron_and_Cross_sum_as_their_index_formulas()
    {
        var cases = Gen.ArrayOf(Gen.Choose(0, 3), 3).SelectMany(free => Gen.ArrayOf(Gen.Choose(1, 3), 2).Select(k => (free, k)));
        PropertyCheck.ForAll(cases, c =>
        {
            var (free, k) = c;
            // a[f0, k0, k1] . b[k1, k0, f1, f2] over (a axes [1,2]) x (b axes [1,0]) -> [f0, f1, f2]
            var a = Iota([free[0], k[0], k[1]]);
            var b = Np.Subtract(Iota([k[1], k[0], free[1], free[2]]), 3.0);
            var (xa, xb) = (a.ToArray<double>(), b.ToArray<double>());
            int[] outShape = [free[0], free[1], free[2]];
            var expected = Build(outShape, idx =>
            {
                double sum = 0;
                for (int i = 0; i < k[0]; i++)
                    for (int j = 0; j < k[1]; j++)
                        sum += xa[Flat([free[0], k[0], k[1]], [idx[0], i, j])] * xb[Flat([k[1], k[0], free[1], free[2]], [j, i, idx[1], idx[2]])];
                return sum;
            });
            Same(outShape, expected, Np.TensorDot(a, b, ([1, -1], [1, 0])));
            // int axes: the last n of a against the first n of b.
            var b2 = Np.Transpose(b, [1, 0, 2, 3]);
            Same(outShape, expected, Np.TensorDot(a, b2, 2));
            // inner: over the last axes.
            var c2 = Iota([free[1], k[1]]);
            var xc = c2.ToArray<double>();
            Same([free[0], k[0], free[1]], Build([free[0], k[0], free[1]], idx =>
                Enumerable.Range(0, k[1]).Sum(j => xa[Flat([free[0], k[0], k[1]], [idx[0], idx[1], j])] * xc[Flat([free[1], k[1]], [idx[2], j])])),
                Np.Inner(a, c2));
            // kron: out[i*sb + j] = a[i] * b[j] on every axis, ranks padded with leading 1s.
            var ka = Iota([k[0], free[0] + 1]);
            var kb = Np.Subtract(Iota([2, k[1], free[1] + 1]), 4.0);
            var (sa, sb) = (new[] { 1, k[0], free[0] + 1 }, new[] { 2, k[1], free[1] + 1 });
            var (ya, yb) = (ka.ToArray<double>(), kb.ToArray<double>());
            var ks = sa.Zip(sb, (p, q) => p * q).ToArray();
            Same(ks, Build(ks, idx => ya[Flat(sa, idx.Select((v, i) => v / sb[i]).ToArray())] * yb[Flat(sb, idx.Select((v, i) => v % sb[i]).ToArray())]), Np.Kron(ka, kb));
        });
        // cross: the determinant formula, 2-vectors taken with a zero third component.
        PropertyCheck.ForAll(Gen.Elements(2, 3).SelectMany(na => Gen.Elements(2, 3).SelectMany(nb => Gen.Choose(0, 3).Select(batch => (na, nb, batch)))), c =>
        {
            var (na, nb, batch) = c;
            var a = Np.Subtract(Iota([na, batch]), 2.5);
            var b = Np.Multiply(Iota([batch, nb]), 0.5);
            var (xa, xb) = (a.ToArray<double>(), b.ToArray<double>());
            double A(int t, int i) => i < na ? xa[i * batch + t] : 0;
            double B(int t, int i) => i < nb ? xb[t * nb + i] : 0;
            double[] Cr(int t) => [A(t, 1) * B(t, 2) - A(t, 2) * B(t, 1), A(t, 2) * B(t, 0) - A(t, 0) * B(t, 2), A(t, 0) * B(t, 1) - A(t, 1) * B(t, 0)];
            var got = Np.Cross(a, b, 0, -1, 0);
            if (na == 2 && nb == 2) Same([batch], Enumerable.Range(0, batch).Select(t => Cr(t)[2]).ToArray(), got);
            else Same([3, batch], Build([3, batch], idx => Cr(idx[1])[idx[0]]), got);
        });
    }
}
