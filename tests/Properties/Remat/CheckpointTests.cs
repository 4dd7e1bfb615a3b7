using System;
using System.Collections.Generic;
using System.Linq;
using Functional.AD.Properties.Transforms;
using Xunit;
using static Functional.AD.Jax;

namespace Functional.AD.Properties.Remat;

/// <summary>
/// Checkpoint: the same values and derivatives as the plain function under every transform and policy; the
/// pullback keeps only what the policy allows (SavedResiduals); the printed gradient shows the recomputation.
/// </summary>
public class CheckpointTests
{
    public static IEnumerable<object[]> Cases =>
        from c in CompositeFunctions.All
        from p in new[] { "nothing", "dots", "everything" }
        select new object[] { c.Name, p };

    private static CheckpointPolicy Policy(string name) => name switch
    {
        "nothing" => CheckpointPolicy.NothingSaveable,
        "dots" => CheckpointPolicy.DotsSaveable,
        _ => CheckpointPolicy.EverythingSaveable,
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Checkpointed_functions_agree_with_the_plain_function_under_every_transform(string name, string policy)
    {
        var c = CompositeFunctions.All.Single(x => x.Name == name);
        var f = c.F;
        var cf = Checkpoint(f, Policy(policy));
        PropertyCheck.ForAll(c.Inputs, x =>
        {
            var xs = Np.Stack(new[] { x, x * 0.5, x + 0.25 });
            NumericAssert.AllClose(f(x), cf(x), "value", 1e-11);
            NumericAssert.AllClose(Grad(f)(x), Grad(cf)(x), "Grad", 1e-11);
            NumericAssert.AllClose(Grad(f)(x), Jit(Grad(cf))(x), "Jit(Grad)", 1e-11);
            NumericAssert.AllClose(Grad(f)(x), Grad(Jit(cf))(x), "Grad(Jit)", 1e-11);
            NumericAssert.AllClose(Jvp(f, x, x).Tangent, Jvp(cf, x, x).Tangent, "Jvp", 1e-11);
            NumericAssert.AllClose(Vmap(Grad(f))(xs), Vmap(Grad(cf))(xs), "Vmap(Grad)", 1e-11);
            NumericAssert.AllClose(Hessian(f)(x), Hessian(cf)(x), "Hessian", 1e-9);
            NumericAssert.AllClose(Grad(f)(x), Grad((NDArray t) => Checkpoint(cf)(t))(x), "nested Checkpoint", 1e-11);
        }, maxTest: 8);
    }

    /// <summary>A chain of tanh(x @ W_i), as in W7, in segments of two layers.</summary>
    private sealed class Chain
    {
        internal const int Layers = 8, Width = 32, Batch = 4;
        private readonly NDArray[] _w;

        internal Chain()
        {
            var rng = new System.Random(7);
            _w = Enumerable.Range(0, Layers)
                .Select(_ => Np.FromFlat(Enumerable.Range(0, Width * Width).Select(_ => (rng.NextDouble() - 0.5) * 0.4).ToArray(), new[] { Width, Width }))
                .ToArray();
            X = Np.FromFlat(Enumerable.Range(0, Batch * Width).Select(_ => rng.NextDouble()).ToArray(), new[] { Batch, Width });
        }

        internal NDArray X { get; }

        private NDArray Layers_(NDArray x, int from, int to)
        {
            for (int i = from; i < to; i++) x = Np.Tanh(Np.Matmul(x, _w[i]));
            return x;
        }

        internal NDArray Plain(NDArray x) => Np.Sum(Layers_(x, 0, Layers));

        internal Func<NDArray, NDArray> Checkpointed(CheckpointPolicy policy) => x =>
        {
            for (int s = 0; s < Layers; s += 2)
            {
                int from = s;
                x = Checkpoint((NDArray y) => Layers_(y, from, from + 2), policy)(x);
            }
            return Np.Sum(x);
        };
    }

    [Fact]
    public void The_pullback_keeps_what_the_policy_allows_and_nothing_more()
    {
        var chain = new Chain();
        long activation = Chain.Batch * Chain.Width * 8L;
        long weights = Chain.Layers * Chain.Width * Chain.Width * 8L;

        static long Extra(IReadOnlyList<SavedResidual> r) => r.Where(x => x.Source != "constant").Sum(x => x.Bytes);

        var plain = SavedResiduals(chain.Plain, chain.X);
        var nothing = SavedResiduals(chain.Checkpointed(CheckpointPolicy.NothingSaveable), chain.X);
        var dots = SavedResiduals(chain.Checkpointed(CheckpointPolicy.DotsSaveable), chain.X);
        var everything = SavedResiduals(chain.Checkpointed(CheckpointPolicy.EverythingSaveable), chain.X);

        // The weights are held by every variant (closed over, listed once each as constants).
        foreach (var r in new[] { plain, nothing, dots, everything })
            Assert.Equal(weights, r.Where(x => x.Source == "constant").Sum(x => x.Bytes));
        // Plain: one activation-sized residual per layer (tanh's derivative); checkpointed with nothing saveable:
        // only the inputs of the four segments (the first is the argument itself).
        Assert.Equal(Chain.Layers * activation, Extra(plain));
        Assert.Equal(4 * activation, Extra(nothing));
        Assert.Contains(nothing, r => r.Source == "argument 0");
        Assert.All(nothing.Where(r => r.Source != "constant" && r.Source != "argument 0"), r => Assert.Equal("output of checkpoint", r.Source));
        // Dots saveable: the matmul outputs, from which tanh and its derivative are recomputed (the segment
        // inputs are not needed: the weights are constants, so x is not needed for a weight gradient).
        Assert.Equal(Chain.Layers * activation, Extra(dots));
        Assert.All(dots.Where(r => r.Source != "constant"), r => Assert.Equal("output of checkpoint", r.Source));
        // Everything saveable: as much as the plain function.
        Assert.Equal(Extra(plain), Extra(everything));
        Assert.All(plain.Concat(nothing), r => Assert.Matches(@"^f64\[\d+(,\d+)*\]$", r.Type));
    }

    [Fact]
    public void Gradients_of_the_checkpointed_chain_equal_the_plain_ones()
    {
        var chain = new Chain();
        var expected = Grad(chain.Plain)(chain.X);
        foreach (var p in new[] { CheckpointPolicy.NothingSaveable, CheckpointPolicy.DotsSaveable, CheckpointPolicy.EverythingSaveable })
        {
            NumericAssert.AllClose(expected, Grad(chain.Checkpointed(p))(chain.X), p.ToString(), 1e-11);
            NumericAssert.AllClose(expected, Jit(Grad(chain.Checkpointed(p)))(chain.X), "Jit " + p, 1e-11);
        }
    }

    [Fact]
    public void The_printed_gradient_shows_the_recomputation()
    {
        var f = Checkpoint((NDArray x) => Np.Sum(Np.Sin(Np.Sin(x))));
        var text = MakeJaxpr((NDArray x) => ValueAndGrad(f)(x).Grad)(Np.Array(0.5, 1.0)).ToString();
        // The forward call, and a differentiated call that evaluates sin again before using cos.
        Assert.Contains("checkpoint[\n      differentiated=False", text);
        var backward = text[text.IndexOf("differentiated=True", StringComparison.Ordinal)..];
        Assert.Contains("= sin ", backward);
        Assert.Contains("= cos ", backward);
        Assert.Contains("policy=None", text);
        Assert.Contains("prevent_cse=True", text);
        // The forward side keeps no sin or cos results for the backward pass: it passes the argument on.
        var residuals = SavedResiduals(f, Np.Array(0.5, 1.0));
        Assert.Equal(new[] { "argument 0" }, residuals.Select(r => r.Source));
    }

    [Fact]
    public void Checkpoint_works_on_pytrees_and_rejects_number_leaves()
    {
        var f = Checkpoint<(NDArray A, NDArray B), NDArray>(t => Np.Sum(Np.Sin(t.A) * t.B));
        var a = Np.Array(0.1, 0.2);
        var b = Np.Array(2.0, 3.0);
        var g = Grad(f)((a, b));
        NumericAssert.AllClose(Np.Cos(a) * b, g.A, "d/dA", 1e-11);
        NumericAssert.AllClose(Np.Sin(a), g.B, "d/dB", 1e-11);
        var ex = Assert.ThrowsAny<ArgumentException>(() => Checkpoint<double, NDArray>(x => Np.Sin(x))(1.0));
        Assert.Contains("Checkpoint", ex.Message);
    }
}
