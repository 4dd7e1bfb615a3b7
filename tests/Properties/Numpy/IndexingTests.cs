using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck.Fluent;
using Functional.AD.Testing;
using Xunit;

namespace Functional.AD.Properties.Numpy;

/// <summary>
/// numpy indexing (<c>x[items]</c>) and the functional <c>At[...]</c> updates against a loop reference that walks the
/// result positions and works out each source element by numpy's rules; plus gradients, Vmap, Jit and errors.
/// </summary>
public class IndexingTests
{
    /// <summary>One generated index item, kept as plain data so the case prints readably.</summary>
    public sealed record Item(char Kind, int Value = 0, int? Start = null, int? Stop = null, int? Step = null, int[]? Data = null, int[]? Shape = null, bool[]? Mask = null)
    {
        public override string ToString() => Kind switch
        {
            'i' => Value.ToString(),
            's' => $"{Start}:{Stop}:{Step}",
            'e' => "...",
            'n' => "None",
            'a' => $"i32{Fmt(Shape!)}{{{string.Join(",", Data!)}}}",
            _ => $"mask{{{string.Join(",", Mask!.Select(b => b ? 1 : 0))}}}",
        };

        public Ix ToIx() => Kind switch
        {
            'i' => Value,
            's' => Ix.Slice(Start, Stop, Step),
            'e' => Ix.Ellipsis,
            'n' => Ix.NewAxis,
            'a' => Np.FromFlat(Data!, Shape!),
            _ => Np.FromFlat(Mask!.Select(b => b ? 1 : 0).ToArray(), new[] { Mask!.Length }).AsType(DType.Bool),
        };
    }

    public sealed record Case(int[] XShape, Item[] Items, int Seed)
    {
        public override string ToString() => $"x{Fmt(XShape)}[{string.Join(", ", Items.Select(i => i.ToString()))}]";
        public Ix[] Ix => Items.Select(i => i.ToIx()).ToArray();
    }

    private static string Fmt(int[] s) => "[" + string.Join(",", s) + "]";

    /// <summary>Random arrays of rank 1..4 and random numpy indices on them (in bounds unless <paramref name="outOfBounds"/>).</summary>
    private static FsCheck.Gen<Case> Cases(bool allowArrays = true, bool outOfBounds = false) =>
        Gen.Choose(0, int.MaxValue).Select(seed => MakeCase(new System.Random(seed), seed, allowArrays, outOfBounds));

    private static Case MakeCase(System.Random r, int seed, bool allowArrays, bool outOfBounds)
    {
        int rank = r.Next(1, 5);
        var shape = Enumerable.Range(0, rank).Select(_ => r.Next(r.Next(8) == 0 ? 0 : 1, 5)).ToArray();
        var items = new List<Item>();
        int axis = 0;
        bool ellipsis = false, mustFinish = false, masked = false;
        var batch = Enumerable.Range(0, r.Next(0, 3)).Select(_ => r.Next(1, 4)).ToArray();
        while (axis < rank && (mustFinish || r.Next(6) != 0))
        {
            int n = shape[axis];
            int kind = r.Next(allowArrays ? 7 : 5);
            if (kind == 0 && n > 0) { items.Add(new Item('i', Value: r.Next(-n, n))); axis++; }
            else if (kind == 1) items.Add(new Item('n'));
            else if (kind == 2 && !ellipsis)
            {
                ellipsis = true;
                items.Add(new Item('e'));
                axis = rank - r.Next(0, rank - axis + 1);   // the ellipsis stands for some axes; items for the rest follow
                mustFinish = true;
            }
            else if (kind == 5 && n > 0 && !masked)
            {
                var bshape = batch.Select(b => r.Next(3) == 0 ? 1 : b).ToArray();
                int size = bshape.Aggregate(1, (a, b) => a * b);
                int lo = outOfBounds ? -n - 2 : -n, hi = outOfBounds ? n + 2 : n;
                items.Add(new Item('a', Data: Enumerable.Range(0, size).Select(_ => r.Next(lo, hi)).ToArray(), Shape: bshape));
                axis++;
            }
            else if (kind == 6 && !ellipsis && !items.Any(i => i.Kind is 'a' or 'm')) { masked = true; items.Add(new Item('m', Mask: Enumerable.Range(0, n).Select(_ => r.Next(2) == 0).ToArray())); axis++; }
            else
            {
                int? B() => r.Next(3) == 0 ? null : r.Next(-n - 2, n + 3);
                int? step = r.Next(3) == 0 ? null : (r.Next(2) == 0 ? 1 : -1) * r.Next(1, 4);
                items.Add(new Item('s', Start: B(), Stop: B(), Step: step));
                axis++;
            }
        }
        return new Case(shape, items.ToArray(), seed);
    }

    // ---------- the reference: numpy's rules, one result element at a time ----------

    /// <summary>Result shape and, per result element, the flat source position (-1 where an array index is out of range).</summary>
    private static (int[] Shape, int[] Source) Reference(int[] xShape, Item[] items, bool clampArrays)
    {
        int rank = xShape.Length;
        // expand masks to index arrays and the ellipsis to whole slices
        var expanded = new List<Item>();
        int consumed = items.Count(i => i.Kind is 'i' or 's' or 'a' or 'm');
        foreach (var it in items)
        {
            if (it.Kind == 'e') { for (int k = consumed; k < rank; k++) expanded.Add(new Item('s')); }
            else if (it.Kind == 'm')
            {
                var hits = Enumerable.Range(0, it.Mask!.Length).Where(k => it.Mask[k]).ToArray();
                expanded.Add(new Item('a', Data: hits, Shape: new[] { hits.Length }));
            }
            else expanded.Add(it);
        }
        while (expanded.Count(i => i.Kind is 'i' or 's' or 'a') < rank) expanded.Add(new Item('s'));
        bool advanced = expanded.Any(i => i.Kind == 'a');
        if (advanced)
            for (int k = 0; k < expanded.Count; k++)
                if (expanded[k].Kind == 'i') expanded[k] = new Item('a', Data: new[] { expanded[k].Value }, Shape: Array.Empty<int>());
        var advPositions = Enumerable.Range(0, expanded.Count).Where(k => expanded[k].Kind == 'a').ToArray();
        bool adjacent = advPositions.Length > 0 && advPositions[^1] - advPositions[0] + 1 == advPositions.Length;
        var batch = new int[0];
        foreach (var k in advPositions) batch = BroadcastShape(batch, expanded[k].Shape!);
        // slots: each basic item's coordinate list, or the advanced block
        var slots = new List<(int Axis, int[]? Coords, bool Block)>();
        int axis = 0;
        var fixedCoord = new Dictionary<int, int>();
        var advAxes = new List<(int Axis, Item Item)>();
        bool blockPlaced = false;
        if (advanced && !adjacent) { slots.Add((-1, null, true)); blockPlaced = true; }
        foreach (var it in expanded)
        {
            switch (it.Kind)
            {
                case 'n': slots.Add((-1, new[] { -1 }, false)); break;
                case 'i': fixedCoord[axis] = it.Value < 0 ? it.Value + xShape[axis] : it.Value; axis++; break;
                case 's': slots.Add((axis, SliceCoords(it, xShape[axis]), false)); axis++; break;
                case 'a':
                    if (!blockPlaced) { slots.Add((-1, null, true)); blockPlaced = true; }
                    advAxes.Add((axis, it));
                    axis++;
                    break;
            }
        }
        var shape = new List<int>();
        foreach (var s in slots)
            if (s.Block) shape.AddRange(batch);
            else shape.Add(s.Coords!.Length);
        int total = shape.Aggregate(1, (a, b) => a * b);
        var source = new int[total];
        var pos = new int[shape.Count];
        for (int e = 0; e < total; e++)
        {
            var src = new int[rank];
            foreach (var (a, c) in fixedCoord) src[a] = c;
            int d = 0;
            bool dropped = false;
            foreach (var s in slots)
            {
                if (s.Block)
                {
                    var bpos = pos.Skip(d).Take(batch.Length).ToArray();
                    foreach (var (a, it) in advAxes)
                    {
                        int n = xShape[a];
                        int v = it.Data![BroadcastIndex(it.Shape!, bpos)];
                        if (v < 0) v += n;
                        if (v < 0 || v >= n)
                        {
                            if (clampArrays) v = Math.Clamp(v, 0, n - 1);
                            else dropped = true;
                        }
                        src[a] = v;
                    }
                    d += batch.Length;
                }
                else
                {
                    if (s.Axis >= 0) src[s.Axis] = s.Coords![pos[d]];
                    d++;
                }
            }
            int flat = 0;
            for (int k = 0; k < rank; k++) flat = flat * xShape[k] + src[k];
            source[e] = dropped ? -1 : flat;
            for (int k = pos.Length - 1; k >= 0; k--)
            {
                if (++pos[k] < shape[k]) break;
                pos[k] = 0;
            }
        }
        return (shape.ToArray(), source);
    }

    /// <summary>Python's range(*slice(start, stop, step).indices(n)), spelled out.</summary>
    private static int[] SliceCoords(Item it, int n)
    {
        int step = it.Step ?? 1;
        int Norm(int? v, int dflt, int lo, int hi) => v is null ? dflt : Math.Min(Math.Max(v.Value < 0 ? v.Value + n : v.Value, lo), hi);
        int start = step > 0 ? Norm(it.Start, 0, 0, n) : Norm(it.Start, n - 1, -1, n - 1);
        int stop = step > 0 ? Norm(it.Stop, n, 0, n) : Norm(it.Stop, -1, -1, n - 1);
        var coords = new List<int>();
        for (int i = start; step > 0 ? i < stop : i > stop; i += step) coords.Add(i);
        return coords.ToArray();
    }

    private static int[] BroadcastShape(int[] a, int[] b)
    {
        int n = Math.Max(a.Length, b.Length);
        var s = new int[n];
        for (int i = 0; i < n; i++)
        {
            int da = i - (n - a.Length) >= 0 ? a[i - (n - a.Length)] : 1;
            int db = i - (n - b.Length) >= 0 ? b[i - (n - b.Length)] : 1;
            s[i] = da == 1 ? db : da;
        }
        return s;
    }

    private static int BroadcastIndex(int[] shape, int[] batchPos)
    {
        int off = batchPos.Length - shape.Length, flat = 0;
        for (int i = 0; i < shape.Length; i++) flat = flat * shape[i] + (shape[i] == 1 ? 0 : batchPos[off + i]);
        return flat;
    }

    private static NDArray Values(int[] shape, int seed)
    {
        var r = new System.Random(seed);
        int n = shape.Aggregate(1, (a, b) => a * b);
        return Np.FromFlat(Enumerable.Range(0, n).Select(_ => Math.Round(r.NextDouble() * 8 - 4, 3)).ToArray(), shape);
    }

    // ---------- properties ----------

    [Fact]
    public void Indexing_matches_numpy_rules_element_by_element()
    {
        PropertyCheck.ForAll(Cases(), c =>
        {
            var x = Values(c.XShape, c.Seed);
            var flat = x.ToArray<double>();
            var (shape, source) = Reference(c.XShape, c.Items, clampArrays: true);
            var y = x[c.Ix];
            Assert.Equal(new Shape(shape), y.Shape);
            Assert.Equal(source.Select(s => flat[s]).ToArray(), y.ToArray<double>());
            Assert.Equal(y.ToArray<double>(), x.At[c.Ix].Get().ToArray<double>());
        }, maxTest: 300);
    }

    [Fact]
    public void Indexing_under_Jit_and_Vmap_equals_eager_and_a_loop()
    {
        PropertyCheck.ForAll(Cases(), c =>
        {
            var x = Values(c.XShape, c.Seed);
            var items = c.Ix;
            var eager = x[items];
            Assert.Equal(eager.ToArray<double>(), Jax.Jit((NDArray v) => v[items])(x).ToArray<double>());
            var xs = Np.Stack(new[] { x, x * 2.0, x - 1.0 });
            var mapped = Jax.Vmap((NDArray v) => v[items])(xs);
            var loop = Np.Stack(new[] { x[items], (x * 2.0)[items], (x - 1.0)[items] });
            Assert.Equal(loop.Shape, mapped.Shape);
            Assert.Equal(loop.ToArray<double>(), mapped.ToArray<double>());
        });
    }

    [Fact]
    public void Indexing_gradient_matches_finite_differences()
    {
        PropertyCheck.ForAll(Cases(), c =>
        {
            var x = Values(c.XShape, c.Seed);
            var items = c.Ix;
            GradientCheck.CheckGrads(v => v[items], x, order: 2);
        }, maxTest: 40);
    }

    private delegate double Combine(double old, double update);

    private static readonly (string Name, Func<IndexUpdateRef, NDArray, IndexingMode?, NDArray> Update, Combine Op)[] Updates =
    {
        ("Set", (r, v, m) => r.Set(v, m), (o, u) => u),
        ("Add", (r, v, m) => r.Add(v, m), (o, u) => o + u),
        ("Multiply", (r, v, m) => r.Multiply(v, m), (o, u) => o * u),
        ("Subtract", (r, v, m) => r.Subtract(v, m), (o, u) => o - u),
        ("Min", (r, v, m) => r.Min(v, m), Math.Min),
        ("Max", (r, v, m) => r.Max(v, m), Math.Max),
    };

    [Fact]
    public void At_updates_match_a_loop_drop_out_of_range_indices_and_leave_the_input_alone()
    {
        PropertyCheck.ForAll(Cases(outOfBounds: true), c =>
        {
            var x = Values(c.XShape, c.Seed);
            var before = x.ToArray<double>();
            var (shape, source) = Reference(c.XShape, c.Items, clampArrays: false);
            var values = Values(shape, c.Seed + 1);
            var v = values.ToArray<double>();
            foreach (var (name, update, op) in Updates)
            {
                var expected = (double[])before.Clone();
                for (int k = 0; k < source.Length; k++)
                    if (source[k] >= 0) expected[source[k]] = op(expected[source[k]], v[k]);
                var got = update(x.At[c.Ix], values, null);
                Assert.Equal(x.Shape, got.Shape);
                Assert.True(expected.SequenceEqual(got.ToArray<double>()), $"{name}: expected [{string.Join(",", expected)}], got [{string.Join(",", got.ToArray<double>())}]");
                Assert.Equal(before, x.ToArray<double>());
            }
            // clip mode: out-of-range indices land on the nearest element
            var (_, clipped) = Reference(c.XShape, c.Items, clampArrays: true);
            var add = (double[])before.Clone();
            for (int k = 0; k < clipped.Length; k++) add[clipped[k]] += v[k];
            Assert.Equal(add, x.At[c.Ix].Add(values, IndexingMode.Clip).ToArray<double>());
        }, maxTest: 200);
    }

    [Fact]
    public void At_Get_fill_gives_the_fill_value_out_of_range_and_clip_clamps()
    {
        PropertyCheck.ForAll(Cases(outOfBounds: true), c =>
        {
            var x = Values(c.XShape, c.Seed);
            var flat = x.ToArray<double>();
            var (shape, dropped) = Reference(c.XShape, c.Items, clampArrays: false);
            var (_, clamped) = Reference(c.XShape, c.Items, clampArrays: true);
            Assert.Equal(dropped.Select(s => s < 0 ? double.NaN : flat[s]).ToArray(), x.At[c.Ix].Get(IndexingMode.Fill).ToArray<double>());
            Assert.Equal(dropped.Select(s => s < 0 ? 7.0 : flat[s]).ToArray(), x.At[c.Ix].Get(IndexingMode.Drop, 7.0).ToArray<double>());
            Assert.Equal(clamped.Select(s => flat[s]).ToArray(), x.At[c.Ix].Get(IndexingMode.Clip).ToArray<double>());
            Assert.Equal(new Shape(shape), x.At[c.Ix].Get(IndexingMode.Fill).Shape);
        }, maxTest: 200);
    }

    [Fact]
    public void At_updates_under_Jit_and_Vmap_equal_eager_and_a_loop()
    {
        PropertyCheck.ForAll(Cases(outOfBounds: true), c =>
        {
            var x = Values(c.XShape, c.Seed);
            var items = c.Ix;
            var (shape, _) = Reference(c.XShape, c.Items, clampArrays: false);
            var values = Values(shape, c.Seed + 1);
            foreach (var (name, update, _) in Updates)
            {
                var eager = update(x.At[items], values, null).ToArray<double>();
                Assert.Equal(eager, Jax.Jit((NDArray a, NDArray b) => update(a.At[items], b, null))(x, values).ToArray<double>());
                var xs = Np.Stack(new[] { x, x * 3.0 });
                var vs = Np.Stack(new[] { values, values - 1.0 });
                var mapped = Jax.Vmap((NDArray a, NDArray b) => update(a.At[items], b, null), (0, 0))(xs, vs);
                var loop = Np.Stack(new[] { update(x.At[items], values, null), update((x * 3.0).At[items], values - 1.0, null) });
                Assert.Equal(loop.ToArray<double>(), mapped.ToArray<double>());
                // values shared across the batch
                var shared = Jax.Vmap((NDArray a) => update(a.At[items], values, null))(xs);
                Assert.Equal(Np.Stack(new[] { update(x.At[items], values, null), update((x * 3.0).At[items], values, null) }).ToArray<double>(), shared.ToArray<double>());
            }
        }, maxTest: 40);
    }

    [Fact]
    public void At_update_gradients_match_finite_differences()
    {
        // basic indices only: the updated positions are distinct, which Multiply's gradient in the values needs
        PropertyCheck.ForAll(Cases(allowArrays: false), c =>
        {
            var x = Values(c.XShape, c.Seed);
            var items = c.Ix;
            var (shape, _) = Reference(c.XShape, c.Items, clampArrays: false);
            var values = Values(shape, c.Seed + 1) + 0.0137;   // no ties with x for Min/Max
            foreach (var (name, update, _) in Updates)
                GradientCheck.CheckGrads(a => update(a[0].At[items], a[1], null), new[] { x, values }, order: 2);
        }, maxTest: 25);
    }

    [Fact]
    public void Set_and_Add_gradients_with_repeated_indices_match_finite_differences()
    {
        PropertyCheck.ForAll(Cases(outOfBounds: true), c =>
        {
            var x = Values(c.XShape, c.Seed);
            var items = c.Ix;
            var (shape, _) = Reference(c.XShape, c.Items, clampArrays: false);
            var values = Values(shape, c.Seed + 1);
            GradientCheck.CheckGrads(a => a[0].At[items].Set(a[1]), new[] { x, values }, order: 1);
            GradientCheck.CheckGrads(a => a[0].At[items].Add(a[1]), new[] { x, values }, order: 1);
            GradientCheck.CheckGrads(a => a[0].At[items].Max(a[1] + 0.0137), new[] { x, values }, order: 1);
        }, maxTest: 40);
    }

    [Fact]
    public void Traced_index_arrays_under_Jit_and_Vmap_equal_eager_and_a_loop()
    {
        PropertyCheck.ForAll(Gen.Choose(0, int.MaxValue), seed =>
        {
            var r = new System.Random(seed);
            var x = Values(new[] { r.Next(1, 5), r.Next(1, 4), r.Next(1, 4) }, seed);
            int n0 = x.Shape[0], n2 = x.Shape[2];
            var i0 = Np.FromFlat(Enumerable.Range(0, 6).Select(_ => r.Next(-n0 - 1, n0 + 1)).ToArray(), new[] { 3, 2 });
            var i2 = Np.FromFlat(Enumerable.Range(0, 2).Select(_ => r.Next(-n2, n2)).ToArray(), new[] { 2 });
            Func<NDArray, NDArray, NDArray, NDArray> get = (v, a, b) => v[a, 1..^0, b];
            Func<NDArray, NDArray, NDArray, NDArray> add = (v, a, b) => v.At[a, .., b].Add(1.5);
            foreach (var f in new[] { get, add })
            {
                var eager = f(x, i0, i2).ToArray<double>();
                Assert.Equal(eager, Jax.Jit((NDArray a, NDArray b) => f(x, a, b))(i0, i2).ToArray<double>());
                // Vmap over the rows of the first index array
                var mapped = Jax.Vmap((NDArray a) => f(x, a, i2))(i0);
                var loop = Np.Stack(Enumerable.Range(0, 3).Select(k => f(x, i0[k], i2)).ToArray());
                Assert.Equal(loop.ToArray<double>(), mapped.ToArray<double>());
                // and over both operand and indices
                var xs = Np.Stack(new[] { x, x + 1.0, x * 2.0 });
                var both = Jax.Vmap((NDArray v, NDArray a) => f(v, a, i2), (0, 0))(xs, i0);
                var loop2 = Np.Stack(Enumerable.Range(0, 3).Select(k => f(xs[k], i0[k], i2)).ToArray());
                Assert.Equal(loop2.ToArray<double>(), both.ToArray<double>());
            }
        });
    }

    [Fact]
    public void Ranges_and_System_Index_items_agree_with_slices_and_ints()
    {
        var x = Values(new[] { 4, 5, 3 }, 1);
        Assert.Equal(x[Ix.Slice(1, -1), 2].ToArray<double>(), x[1..^1, 2].ToArray<double>());
        Assert.Equal(x[Ix.Slice(), Ix.Slice(), -1].ToArray<double>(), x[.., .., ^1].ToArray<double>());
        Assert.Equal(x[2].ToArray<double>(), x[2, ..].ToArray<double>());
        Assert.Equal(x[1..3].ToArray<double>(), x[Ix.Slice(1, 3), Ix.Ellipsis].ToArray<double>());
    }

    [Fact]
    public void Updates_keep_the_dtype_and_work_on_bool_int_and_0d_arrays()
    {
        var b = Np.Array(new[] { true, false, true });
        Assert.Equal(new[] { true, true, false }, b.At[Np.Array(new[] { 1, 2 })].Set(Np.Array(new[] { true, false })).ToArray<bool>());
        var i = Np.Array(new[] { 1, 2, 3 });
        var added = i.At[Np.Array(new[] { 0, 0, -1 })].Add(2);
        Assert.Equal(DType.Int32, added.DType);
        Assert.Equal(new[] { 5, 2, 5 }, added.ToArray<int>());
        Assert.Equal(new[] { int.MinValue, 3 }, i.At[Np.Array(new[] { 7, 2 })].Get(IndexingMode.Fill).ToArray<int>());
        var s = Np.Scalar(2.5);
        Assert.Equal(new Shape(1), s[Ix.NewAxis].Shape);
        Assert.Equal(2.5, s[Ix.Ellipsis].ToArray<double>()[0]);
        Assert.Equal(4.0, s.At[Ix.Ellipsis].Set(4.0).ToArray<double>()[0]);
        var f = Np.Zeros(new[] { 2, 3 }, DType.Float32);
        var set = f.At[1].Set(7.0);
        Assert.Equal(DType.Float32, set.DType);
        Assert.Equal(new float[] { 0, 0, 0, 7, 7, 7 }, set.ToArray<float>());
        // every combining update on f32 and i64, repeated indices included (f32 once recursed forever in the kernel)
        var fi = Np.Array(new[] { 0.5f, 1.5f, -2f });
        var at = Np.Array(new[] { 1, 1, 2 });
        Assert.Equal(new[] { 0.5f, 1.5f + 3f + 3f, 1f }, fi.At[at].Add(Np.Array(new[] { 3f, 3f, 3f })).ToArray<float>());
        Assert.Equal(new[] { 0.5f, 1.5f * 2f * 2f, -4f }, fi.At[at].Multiply(2f).ToArray<float>());
        Assert.Equal(new[] { 0.5f, 1f, -2f }, fi.At[at].Min(1f).ToArray<float>());
        Assert.Equal(new[] { 0.5f, 1.5f, 1f }, fi.At[at].Max(1f).ToArray<float>());
        Assert.Equal(new[] { 1L, 2L + 5L + 5L, long.MaxValue }, Np.Array(1L, 2L, long.MaxValue).At[Np.Array(1, 1)].Add(Np.Scalar(5L)).ToArray<long>());
        Assert.Equal(new[] { 0f, 2f, 1f }, Jax.Grad((NDArray v) => Np.Sum(v[at] * 1f))(fi).ToArray<float>());
        var divided = i.At[Np.Array(new[] { 1, 1 })].Divide(2);
        Assert.Equal(new[] { 1.0, 0.5, 3.0 }, divided.ToArray<double>());
        Assert.Equal(new[] { 1.0, 2.0 / 3.0, 4.0 }, Np.Array(new[] { 1.0, 2.0, 4.0 }).At[1].Divide(3.0).ToArray<double>());
        Assert.Equal(new Shape(0, 3), f[Np.FromFlat(Array.Empty<int>(), new[] { 0 })].Shape);
        Assert.Equal(new Shape(2, 0), f[.., Ix.Slice(2, 0)].Shape);
    }

    [Fact]
    public void Bad_indices_fail_naming_the_operation_and_the_typed_shape()
    {
        var x = Np.Zeros(new[] { 3, 4 }, DType.Float32);
        var e = Assert.Throws<ArgumentException>(() => x[1, 2, 0]);
        Assert.Contains("too many indices", e.Message);
        Assert.Contains("f32[3,4]", e.Message);
        e = Assert.Throws<ArgumentException>(() => x[0, 4]);
        Assert.Contains("out of bounds for axis 1 with size 4", e.Message);
        Assert.Contains("f32[3,4]", e.Message);
        Assert.Contains("NDArray[0, 4]", e.Message);
        Assert.Throws<ArgumentException>(() => x[Ix.Ellipsis, 0, Ix.Ellipsis]);
        Assert.Throws<ArgumentException>(() => x[Np.Array(0.5f)]);
        Assert.Throws<ArgumentException>(() => Ix.Slice(step: 0));
        Assert.Throws<ArgumentException>(() => x.At[0].Set(Np.Zeros(new[] { 5 })));
        Assert.ThrowsAny<Exception>(() => Jax.Jit((NDArray m) => x[m])(Np.Array(new[] { true, false, true })));
    }
}

/// <summary>Lax.DynamicSlice family and Np.TakeAlongAxis / PutAlongAxis against loops and the static slices.</summary>
public class DynamicSliceTests
{
    private static NDArray Values(int[] shape, int seed)
    {
        var r = new System.Random(seed);
        int n = shape.Aggregate(1, (a, b) => a * b);
        return Np.FromFlat(Enumerable.Range(0, n).Select(_ => Math.Round(r.NextDouble() * 8 - 4, 3)).ToArray(), shape);
    }

    private static FsCheck.Gen<(int[] Shape, int[] Starts, int[] Sizes, int Seed)> Cases() =>
        Gen.Choose(0, int.MaxValue).Select(seed =>
        {
            var r = new System.Random(seed);
            var shape = Enumerable.Range(0, r.Next(1, 4)).Select(_ => r.Next(1, 5)).ToArray();
            var starts = shape.Select(n => r.Next(-n - 2, n + 3)).ToArray();
            var sizes = shape.Select(n => r.Next(0, n + 1)).ToArray();
            return (shape, starts, sizes, seed);
        });

    /// <summary>XLA's start: wrapped once if negative, then clamped so the box fits.</summary>
    private static int Clamp(int start, int n, int size) => Math.Clamp(start < 0 ? start + n : start, 0, n - size);

    [Fact]
    public void DynamicSlice_equals_the_static_slice_at_the_clamped_start_also_under_Jit_Vmap_and_Grad()
    {
        PropertyCheck.ForAll(Cases(), c =>
        {
            var (shape, starts, sizes, seed) = c;
            var x = Values(shape, seed);
            var clamped = shape.Select((n, i) => Clamp(starts[i], n, sizes[i])).ToArray();
            var expected = Lax.Slice(x, clamped, clamped.Select((s, i) => s + sizes[i]).ToArray());
            var startArrays = starts.Select(s => (NDArray)Np.FromFlat(new[] { s }, Array.Empty<int>())).ToArray();
            Assert.Equal(expected.ToArray<double>(), Lax.DynamicSlice(x, startArrays, sizes).ToArray<double>());
            Assert.Equal(new Shape(sizes), Lax.DynamicSlice(x, startArrays, sizes).Shape);
            // traced starts
            var jitted = Jax.Jit((NDArray[] a) => Lax.DynamicSlice(a[0], a.Skip(1).ToArray(), sizes));
            Assert.Equal(expected.ToArray<double>(), jitted(new[] { x }.Concat(startArrays).ToArray()).ToArray<double>());
            GradientCheck.CheckGrads(v => Lax.DynamicSlice(v, startArrays, sizes), x, order: 2);
            // update: the box replaced, the input unchanged
            var before = x.ToArray<double>();
            var update = Values(sizes, seed + 1);
            var got = Lax.DynamicUpdateSlice(x, update, startArrays);
            Assert.Equal(before, x.ToArray<double>());
            Assert.Equal(update.ToArray<double>(), Lax.DynamicSlice(got, startArrays, sizes).ToArray<double>());
            var items = clamped.Select((s, i) => (Ix)Ix.Slice(s, s + sizes[i])).ToArray();
            Assert.Equal(x.At[items].Set(update).ToArray<double>(), got.ToArray<double>());
            GradientCheck.CheckGrads(a => Lax.DynamicUpdateSlice(a[0], a[1], startArrays), new[] { x, update }, order: 2);
            // Vmap over the start of axis 0
            var firsts = Np.FromFlat(new[] { starts[0], starts[0] + 1, -1 }, new[] { 3 });
            var mapped = Jax.Vmap((NDArray s) => Lax.DynamicSliceInDim(x, s, sizes[0], 0))(firsts);
            var loop = Np.Stack(new[] { starts[0], starts[0] + 1, -1 }.Select(s => Lax.DynamicSliceInDim(x, Np.FromFlat(new[] { s }, Array.Empty<int>()), sizes[0], 0)).ToArray());
            Assert.Equal(loop.ToArray<double>(), mapped.ToArray<double>());
        });
    }

    [Fact]
    public void One_axis_forms_agree_with_the_static_ones()
    {
        var x = Values(new[] { 4, 3 }, 3);
        var two = Np.FromFlat(new[] { 2 }, Array.Empty<int>());
        Assert.Equal(Lax.IndexInDim(x, 2, 0).ToArray<double>(), Lax.DynamicIndexInDim(x, two, 0).ToArray<double>());
        Assert.Equal(Lax.IndexInDim(x, 2, 1, keepDims: false).ToArray<double>(), Lax.DynamicIndexInDim(x, two, 1, keepDims: false).ToArray<double>());
        Assert.Equal(Lax.SliceInDim(x, 1, 3, 1, 0).ToArray<double>(), Lax.DynamicSliceInDim(x, Np.FromFlat(new[] { 1 }, Array.Empty<int>()), 2, 0).ToArray<double>());
        var row = Values(new[] { 3 }, 4);
        Assert.Equal(x.At[2].Set(row).ToArray<double>(), Lax.DynamicUpdateIndexInDim(x, row, two, 0).ToArray<double>());
        var col = Values(new[] { 4, 1 }, 5);
        Assert.Equal(x.At[.., 2].Set(col[.., 0]).ToArray<double>(), Lax.DynamicUpdateSliceInDim(x, col, two, 1).ToArray<double>());
        Assert.Throws<ArgumentException>(() => Lax.DynamicSlice(x, new NDArray[] { two }, new[] { 1, 1 }));
        Assert.Throws<ArgumentException>(() => Lax.DynamicSlice(x, new NDArray[] { two, two }, new[] { 5, 1 }));
    }

    [Fact]
    public void TakeAlongAxis_and_PutAlongAxis_match_loops()
    {
        PropertyCheck.ForAll(Gen.Choose(0, int.MaxValue), seed =>
        {
            var r = new System.Random(seed);
            int rows = r.Next(1, 4), cols = r.Next(1, 4), k = r.Next(0, 4);
            var x = Values(new[] { rows, cols }, seed);
            var flat = x.ToArray<double>();
            var idxData = Enumerable.Range(0, rows * k).Select(_ => r.Next(-cols, cols)).ToArray();
            var idx = Np.FromFlat(idxData, new[] { rows, k });
            var got = Np.TakeAlongAxis(x, idx, 1).ToArray<double>();
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < k; j++)
                {
                    int c = idxData[i * k + j];
                    Assert.Equal(flat[i * cols + (c < 0 ? c + cols : c)], got[i * k + j]);
                }
            var values = Values(new[] { rows, k }, seed + 1);
            var v = values.ToArray<double>();
            var expected = (double[])flat.Clone();
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < k; j++)
                {
                    int c = idxData[i * k + j];
                    expected[i * cols + (c < 0 ? c + cols : c)] = v[i * k + j];
                }
            Assert.Equal(expected, Np.PutAlongAxis(x, idx, values, 1, inplace: false).ToArray<double>());
            Assert.Equal(flat, x.ToArray<double>());
            GradientCheck.CheckGrads(a => Np.TakeAlongAxis(a, idx, 1), x, order: 1);
            Assert.Throws<ArgumentException>(() => Np.PutAlongAxis(x, idx, values, 1));
        });
    }
}
