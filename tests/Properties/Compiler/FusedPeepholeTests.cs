using System;
using System.Collections.Immutable;
using System.Linq;
using FsCheck.Fluent;
using Xunit;

namespace Functional.AD.Properties.Compiler;

/// <summary>
/// <see cref="FusedPeephole"/>: a multiply or a negation read only by an add or subtract runs as one pass with it, and
/// the sine and cosine of one single-precision value as one; each gives the same bits as the operations run eagerly. A
/// product or negation that is read elsewhere stays.
/// </summary>
public class FusedPeepholeTests
{
    /// <summary>
    /// A pattern over x, y, w (arrays) and the scalar c, with the tile passes it should compile to (in f64 when that
    /// differs: sine and cosine share a pass in f32 only).
    /// </summary>
    private sealed record Pattern(string Name, Func<NDArray, NDArray, NDArray, NDArray, NDArray[]> F, int Passes, int? Passes64 = null)
    {
        public override string ToString() => Name;
    }

    private static readonly Pattern[] Patterns =
    {
        new("x*y + w", (x, y, w, c) => [x * y + w], 1),
        new("w + x*y", (x, y, w, c) => [w + x * y], 1),
        new("w - x*y", (x, y, w, c) => [w - x * y], 1),
        new("x*y - w", (x, y, w, c) => [x * y - w], 1),
        new("x*c + w", (x, y, w, c) => [x * c + w], 1),
        new("w - c*x", (x, y, w, c) => [w - c * x], 1),
        new("w + (-x)", (x, y, w, c) => [w + (-x)], 1),
        new("(-x) + w", (x, y, w, c) => [-x + w], 1),
        new("w - (-x)", (x, y, w, c) => [w - (-x)], 1),
        new("w - (-(x*y))", (x, y, w, c) => [w - (-(x * y))], 1),
        new("(x*y + w) * y - x", (x, y, w, c) => [(x * y + w) * y - x], 2),
        new("x*y + w, and x*y read again", (x, y, w, c) => { var p = x * y; return [p + w, Np.Sin(p)]; }, 3),
        new("x*y + w, and x*y an output", (x, y, w, c) => { var p = x * y; return [p + w, p]; }, 2),
        new("w + (-x), and -x an output", (x, y, w, c) => { var n = -x; return [w + n, n]; }, 2),
        new("x*y + x*y", (x, y, w, c) => { var p = x * y; return [p + p]; }, 2),
        new("sum(x*y + w)", (x, y, w, c) => [Np.Sum(x * y + w)], 1),
        new("sin x, cos x", (x, y, w, c) => [Np.Sin(x), Np.Cos(x)], 1, 2),
        new("cos x * w + sin x", (x, y, w, c) => [Np.Cos(x) * w + Np.Sin(x)], 2, 3),
        new("sin x + cos y", (x, y, w, c) => [Np.Sin(x) + Np.Cos(y)], 3),
        new("sin(x*8000) and cos(x*8000), some lanes past the common range", (x, y, w, c) => { var b = x * 8000.0; return [Np.Sin(b), Np.Cos(b)]; }, 2, 3),
    };

    [Fact]
    public void Combined_passes_equal_eager_bit_for_bit_and_compile_to_fewer_passes()
    {
        var cases =
            from pattern in Gen.Elements(Patterns)
            from n in Gen.Elements(1, 17, FusedStep.Tile - 1, FusedStep.Tile + 33)
            from f32 in Gen.Elements(false, true)
            from seed in Gen.Choose(0, int.MaxValue - 1)
            select (pattern, n, f32, seed);
        PropertyCheck.ForAll(cases, t =>
        {
            var rng = new System.Random(t.seed);
            var dtype = t.f32 ? DType.Float32 : DType.Float64;
            NDArray Random() => Np.FromFlat(Enumerable.Range(0, t.n).Select(_ => (rng.NextDouble() - 0.5) * 8).ToArray(), new[] { t.n }).AsType(dtype);
            var (x, y, w) = (Random(), Random(), Random());
            var c = Np.FromFlat(new[] { rng.NextDouble() * 4 - 2 }, Array.Empty<int>()).AsType(dtype);
            var eager = t.pattern.F(x, y, w, c);
            var jitted = Jax.Jit<(NDArray, NDArray, NDArray, NDArray), NDArray[]>(a => t.pattern.F(a.Item1, a.Item2, a.Item3, a.Item4))((x, y, w, c));
            Assert.Equal(eager.Length, jitted.Length);
            for (int i = 0; i < eager.Length; i++)
            {
                if (eager[i].Rank == 0) continue;   // a sum adds in another order when fused; elementwise values must match exactly
                Assert.Equal(eager[i].ToArray<double>(), jitted[i].ToArray<double>());
            }
            if (t.n > 1) Assert.Equal(t.f32 ? t.pattern.Passes : t.pattern.Passes64 ?? t.pattern.Passes, TilePasses(t.pattern, x, y, w, c));
        });
    }

    /// <summary>The instructions of the one fused step the pattern compiles to.</summary>
    private static int TilePasses(Pattern pattern, NDArray x, NDArray y, NDArray w, NDArray c)
    {
        var closed = Jax.MakeJaxpr<(NDArray, NDArray, NDArray, NDArray), NDArray[]>(a => pattern.F(a.Item1, a.Item2, a.Item3, a.Item4))((x, y, w, c));
        var j = closed.Jaxpr;
        var jaxpr = new Jaxpr(ImmutableArray<Var>.Empty, ((ImmutableArray<Var>)j.ConstVarList).AddRange(j.InVarList), j.EquationList, j.OutVarList, j.VarCount);
        var exe = JaxprCompiler.Compile(jaxpr);
        return Assert.IsType<FusedStep>(Assert.Single(exe.Steps)).InstructionCount;
    }
}
