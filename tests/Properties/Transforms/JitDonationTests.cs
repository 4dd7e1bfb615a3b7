using System;
using FsCheck;
using FsCheck.Fluent;
using Xunit;
using static Functional.AD.Jax;

namespace Functional.AD.Properties.Transforms;

using Optim = Functional.AD.Optim;

/// <summary>
/// Buffer donation (<c>Jax.Jit(f, donateArgnums: ...)</c>): the donated arguments' buffers are reused, the results are
/// those of the same function without donation, a donated array is deleted (every use throws), and what must stay
/// valid (arguments not donated, arrays over the caller's memory, shared buffers, calls under transforms) does.
/// </summary>
[Collection(ProcessWideState.Name)]
public class JitDonationTests
{
    // Odd sizes of at least 64 KiB (pooled buffers), so that tests running in parallel do not share pool buckets.
    private const int Size = 20011;

    private static NDArray Pooled(double start, int n = Size) => Np.Linspace(start, start + 1, n).AsType(DType.Float32) * 1f;

    private static (NDArray, OptState) AdamStep(GradientTransformation opt, (NDArray P, OptState S) state, NDArray g)
    {
        var (u, s) = opt.Update(g, state.S, state.P);
        return (Optim.ApplyUpdates(state.P, u), s);
    }

    [Fact]
    public void A_donated_training_step_gives_the_undonated_results_step_after_step() =>
        Prop.ForAll(Gen.Choose(0, 1000).ToArbitrary(), Gen.Choose(1, 6).ToArbitrary(), (seed, steps) =>
        {
            var opt = Optim.Adam(1e-2);
            var plain = Jit(((NDArray P, OptState S) st, NDArray g) => AdamStep(opt, st, g));
            var donating = Jit(((NDArray P, OptState S) st, NDArray g) => AdamStep(opt, st, g), donateArgnums: [0]);
            var g = Np.Sin(Pooled(seed) * 7f);
            var p0 = Pooled(seed * 0.5);
            (NDArray P, OptState S) a = (p0, opt.Init(p0)), b = (p0 * 1f, opt.Init(p0));
            for (int i = 0; i < steps; i++)
            {
                a = plain(a, g);
                b = donating(b, g);
                Assert.Equal(a.P.ToArray<float>(), b.P.ToArray<float>());
            }
            var (sa, sb) = (Tree.Leaves(a.S), Tree.Leaves(b.S));
            Assert.Equal(sa.Count, sb.Count);
            for (int i = 0; i < sa.Count; i++) Assert.Equal(sa[i].ToArray<double>(), sb[i].ToArray<double>());
            Assert.Equal(Np.Sin(Pooled(seed) * 7f).ToArray<float>(), g.ToArray<float>());   // the gradient, not donated, is intact
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void A_donated_array_is_deleted_and_every_use_names_the_donation()
    {
        var step = Jit((NDArray x) => Np.Tanh(x) * 2f, donateArgnums: [0]);
        var x = Pooled(0.25);
        var view = x.Reshape(1, Size);
        var y = step(x);
        NumericAssert.AllClose(Np.Tanh(Pooled(0.25)) * 2f, y, "value", 1e-6);
        var read = Assert.Throws<InvalidOperationException>(() => x.ToArray<float>());
        Assert.Contains("donated", read.Message);
        Assert.Contains($"f32[{Size}]", read.Message);
        var op = Assert.Throws<InvalidOperationException>(() => Np.Sum(x));
        Assert.Contains("reduce_sum", op.Message);
        Assert.Throws<InvalidOperationException>(() => view.ToArray<float>());   // a view shares its buffer's fate
        Assert.Throws<InvalidOperationException>(() => step(x));
        Assert.Contains("deleted", x.ToString());
    }

    [Fact]
    public void After_warming_up_a_donated_step_allocates_no_new_buffers()
    {
        var step = Jit(((NDArray A, NDArray B) s) => (s.A * 0.5f + s.B, s.B - s.A * 0.25f), donateArgnums: [0]);
        var state = (Pooled(1), Pooled(2));
        for (int i = 0; i < 4; i++) state = step(state);
        long before = GC.GetAllocatedBytesForCurrentThread();
        const int calls = 10;
        for (int i = 0; i < calls; i++) state = step(state);
        long perCall = (GC.GetAllocatedBytesForCurrentThread() - before) / calls;
        Assert.True(perCall < Size * sizeof(float) / 8, $"a donated step allocated {perCall} bytes per call; one state array is {Size * 4} bytes");
    }

    [Fact]
    public void A_compiled_loop_writes_its_results_over_dying_operands_with_the_same_bits() =>
        Prop.ForAll(Gen.Elements(4 * FusedStep.Tile + 5, Size, 6 * FusedStep.Tile - 1).ToArbitrary(),   // pooled (64 KiB and more) in f32 too
            Gen.Choose(0, 1000).ToArbitrary(), Gen.Elements(DType.Float32, DType.Float64).ToArbitrary(), (n, seed, dtype) =>
        {
            // Three results over two dying operands: two of them take the operands' buffers, the loop reading every operand of a vector first.
            Func<(NDArray A, NDArray B), (NDArray, NDArray, NDArray)> f = s =>
                (s.B * 3.0 - 1.0, s.A * 2.0 + s.B, Np.Tanh(s.A) * Np.Sqrt(s.B * s.B + 1.0));
            NDArray Make(double start) => (Np.Linspace(start, start + 3 + seed % 7, n) * 1.0).AsType(dtype) * 1.0;
            var plain = Jit(f)((Make(seed), Make(-seed)));
            var donating = Jit(f, donateArgnums: [0]);
            for (int call = 0; call < 2; call++)   // the first call compiles the loop, the second writes in place
            {
                var (a, b) = (Make(seed), Make(-seed));
                var (bufferA, bufferB) = (((ConcreteArray)a).Buffer, ((ConcreteArray)b).Buffer);
                var (r1, r2, r3) = donating((a, b));
                Assert.Equal(plain.Item1.ToArray<double>(), r1.ToArray<double>());
                Assert.Equal(plain.Item2.ToArray<double>(), r2.ToArray<double>());
                Assert.Equal(plain.Item3.ToArray<double>(), r3.ToArray<double>());
                if (call == 1 && FusedTileCompiler.IsAvailable)
                {
                    var used = new[] { ((ConcreteArray)r1).Buffer, ((ConcreteArray)r2).Buffer, ((ConcreteArray)r3).Buffer };
                    Assert.Contains(used, u => ReferenceEquals(u, bufferA));
                    Assert.Contains(used, u => ReferenceEquals(u, bufferB));
                }
            }
            // an intermediate (a cumulative sum) at its last use in a fused group: written over, same bits as eagerly
            Func<NDArray, (NDArray, NDArray)> g = x => { var c = Np.Cumsum(x); return (Np.Sin(c) * c, c + 1.0); };
            var x = Make(0.5);
            var eager = g(x);
            var jitted = Jit(g);
            for (int call = 0; call < 2; call++)
            {
                var (u, w) = jitted(x);
                Assert.Equal(eager.Item1.ToArray<double>(), u.ToArray<double>());
                Assert.Equal(eager.Item2.ToArray<double>(), w.ToArray<double>());
            }
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void What_is_not_donated_or_cannot_be_reused_stays_valid()
    {
        var f = Jit(((NDArray A, NDArray B) s) => s.A + s.B, donateArgnums: [0]);
        // an array over the caller's own memory
        var own = Np.FromFlat(new float[Size], [Size]);
        f((own, own));
        Assert.Equal(new float[Size], own.ToArray<float>());
        // the same buffer passed twice
        var twice = Pooled(3);
        f((twice, twice));
        Assert.Equal(Pooled(3).ToArray<float>(), twice.ToArray<float>());
        // an argument returned as it is
        var identity = Jit((NDArray x) => (x, x * 2f), donateArgnums: [0]);
        var kept = Pooled(4);
        var (same, _) = identity(kept);
        Assert.Equal(Pooled(4).ToArray<float>(), kept.ToArray<float>());
        Assert.Equal(Pooled(4).ToArray<float>(), same.ToArray<float>());
        // small arrays
        var small = Np.Array(1f, 2f, 3f);
        Jit((NDArray x) => x * 2f, donateArgnums: [0])(small);
        Assert.Equal(new[] { 1f, 2f, 3f }, small.ToArray<float>());
        // the second argument, not donated
        var two = Jit((NDArray a, NDArray b) => a * b, donateArgnums: [0]);
        var (x1, x2) = (Pooled(5), Pooled(6));
        two(x1, x2);
        Assert.Equal(Pooled(6).ToArray<float>(), x2.ToArray<float>());
        Assert.Throws<InvalidOperationException>(() => x1.ToArray<float>());
    }

    [Fact]
    public void Under_other_transforms_and_with_the_nan_checks_nothing_is_donated()
    {
        var f = Jit((NDArray x) => Np.Sum(Np.Sin(x)), donateArgnums: [0]);
        var x = Pooled(7);
        var g = Grad(f)(x);
        NumericAssert.AllClose(Np.Cos(x), g, "grad", 1e-6);
        var v = Vmap(f)(x.Reshape(1, Size));
        Assert.Equal(1, v.Shape[0]);
        var inner = Jit((NDArray t) => f(t) + Np.Sum(t));   // inside another jit
        inner(x);
        Assert.Equal(Pooled(7).ToArray<float>(), x.ToArray<float>());
        bool before = DebugNans;
        try
        {
            DebugNans = true;
            f(x);
        }
        finally { DebugNans = before; }
        Assert.Equal(Pooled(7).ToArray<float>(), x.ToArray<float>());
    }

    [Fact]
    public void A_static_argument_and_a_donated_one_combine()
    {
        var f = Jit((NDArray x, int power) => power == 2 ? x * x : x, staticArgnums: [1], donateArgnums: [0]);
        var x = Pooled(8);
        var y = f(x, 2);
        Assert.Equal((Pooled(8) * Pooled(8)).ToArray<float>(), y.ToArray<float>());
        Assert.Throws<InvalidOperationException>(() => x.ToArray<float>());
    }

    [Fact]
    public void Bad_positions_are_rejected_with_the_operation_named()
    {
        Func<NDArray, NDArray, NDArray> add = (a, b) => a + b;
        var range = Assert.Throws<ArgumentOutOfRangeException>(() => Jit(add, donateArgnums: [2]));
        Assert.Contains("Jax.Jit: donateArgnums 2 is out of range", range.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Jit((NDArray a) => a, donateArgnums: [1]));
        var twice = Assert.Throws<ArgumentException>(() => Jit(add, donateArgnums: [0, 0]));
        Assert.Contains("twice", twice.Message);
        var both = Assert.Throws<ArgumentException>(() => Jit(add, staticArgnums: [0], donateArgnums: [0]));
        Assert.Contains("both static and donated", both.Message);
        Assert.Throws<ArgumentNullException>(() => Jit((NDArray a) => a, donateArgnums: null!));
    }
}
