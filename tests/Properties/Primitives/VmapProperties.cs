using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Functional.AD.Properties.Primitives;

/// <summary>For every line of <see cref="PrimitiveTable"/>: Vmap equals the loop that stacks per-example results.</summary>
public class VmapProperties
{
    public static IEnumerable<object[]> Rows => PrimitiveTable.All.Select(r => new object[] { r.Name });

    /// <summary>A batched application: per-example arguments (some shared), the in axis of each, the out axis.</summary>
    public sealed record BatchedCase(PrimitiveCase Case, NDArray[][] Examples, int?[] InAxes, int OutAxis)
    {
        public override string ToString() =>
            $"{Case.Description}, batch {Examples.Length}, in axes [{string.Join(",", InAxes.Select(a => a?.ToString() ?? "null"))}], " +
            $"out axis {OutAxis}, example 0: {string.Join("; ", Examples[0].Select(a => $"{a.ArrayType} {a}"))}";
    }

    /// <summary>The same values in another order (keeps domains, distinctness and ties; differs per example when size ≥ 2).</summary>
    private static NDArray Shuffled(NDArray x, int seed)
    {
        var values = x.ToArray<double>();
        var rng = new System.Random(seed);
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = rng.Next(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
        return Np.FromFlat(values, x.Shape.ToArray()).AsType(x.DType);
    }

    private static Gen<BatchedCase> Batched(Gen<PrimitiveCase> cases) =>
        from c in cases
        from batch in Gen.Choose(1, 3)
        from mapped in Gen.ArrayOf(Gen.Elements(true, true, false), c.Args.Length)
        from axes in Gen.CollectToArray(c.Args.Select(a => Gen.Choose(0, a.Rank)))
        from outChoice in Gen.Choose(0, 8)
        from seed in Gen.Choose(0, 10_000)
        let examples = Enumerable.Range(0, batch)
            .Select(b => c.Args.Select((a, i) => mapped[i] && b > 0 ? Shuffled(a, seed + 31 * b + i) : a).ToArray()).ToArray()
        select new BatchedCase(c, examples, c.Args.Select((_, i) => mapped[i] ? axes[i] : (int?)null).ToArray(), outChoice);

    [Theory]
    [MemberData(nameof(Rows))]
    public void Vmap_equals_stacking_the_function_over_the_batch(string name)
    {
        var row = PrimitiveTable.All.Single(r => r.Name == name);
        PropertyCheck.ForAll(Batched(row.Cases), t =>
        {
            var c = t.Case;
            int batch = t.Examples.Length;
            var perExample = t.Examples.Select(c.Apply).ToArray();
            int outRank = perExample[0].Rank + 1;
            int outAxis = t.OutAxis % (2 * outRank) - outRank;  // in [-outRank, outRank)
            int normalizedOut = outAxis < 0 ? outAxis + outRank : outAxis;
            var expected = Np.Stack(perExample, normalizedOut);

            // A dummy mapped argument guarantees something is mapped (and covers primitives without operands).
            var inAxes = t.InAxes.Append(0).ToArray();
            var stacked = c.Args.Select((a, i) => t.InAxes[i] is int axis ? Np.Stack(t.Examples.Select(e => e[i]).ToArray(), axis) : a)
                .Append(Np.Zeros(new[] { batch })).ToArray();
            var actual = Jax.Vmap(args => c.Apply(args[..^1]), inAxes, outAxis)(stacked);

            NumericAssert.AllClose(expected, actual, 1e-12, 1e-12, "Vmap against the loop");
        }, maxTest: 60);
    }
}
