using System;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Functional.AD;
using Functional.AD.Testing;
using Xunit;

namespace CustomPrimitiveSample.Tests;

/// <summary>The spmv primitive obeys the laws every Functional.AD primitive obeys, on random patterns and values.</summary>
public class SparseMatVecLaws
{
    /// <summary>A random pattern (from a seed) and values and x for it.</summary>
    private static Gen<(SparsePattern Pattern, NDArray[] Args)> Cases =>
        from rows in Gen.Choose(1, 6)
        from cols in Gen.Choose(1, 6)
        from seed in Gen.Choose(0, 100_000)
        let pattern = SparsePattern.Random(rows, cols, 0.4, new System.Random(seed))
        from values in Gen.ArrayOf(Gen.Choose(-1000, 1000).Select(i => i / 500.0), pattern.Count)
        from x in Gen.ArrayOf(Gen.Choose(-1000, 1000).Select(i => i / 500.0), cols)
        select (pattern, new[] { Np.FromFlat(values, new[] { pattern.Count }), Np.FromFlat(x, new[] { cols }) });

    /// <summary>Values and x for one pattern.</summary>
    private static Gen<NDArray[]> InputsFor(SparsePattern pattern) =>
        from values in Gen.ArrayOf(Gen.Choose(-1000, 1000).Select(i => i / 500.0), pattern.Count)
        from x in Gen.ArrayOf(Gen.Choose(-1000, 1000).Select(i => i / 500.0), pattern.Cols)
        select new[] { Np.FromFlat(values, new[] { pattern.Count }), Np.FromFlat(x, new[] { pattern.Cols }) };

    [Theory]
    [InlineData(5, 7, 11)]
    [InlineData(1, 4, 2)]
    [InlineData(6, 1, 3)]
    [InlineData(4, 4, 5)]
    public void Spmv_satisfies_every_law(int rows, int cols, int seed)
    {
        // JVP and VJP against finite differences, the transpose identity, Vmap = loop, Jit = eager, shape rule = kernel.
        var pattern = SparsePattern.Random(rows, cols, 0.35, new System.Random(seed));
        PrimitiveLaws.Check(SparseMatVec.Primitive, InputsFor(pattern), pattern, new LawOptions { MaxTest = 25 });
    }

    [Fact]
    public void Spmv_equals_the_dense_product()
    {
        Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            var dense = new double[c.Pattern.Rows, c.Pattern.Cols];
            var v = c.Args[0].ToArray<double>();
            var rows = c.Pattern.RowOf();
            for (int k = 0; k < v.Length; k++) dense[rows[k], c.Pattern.Columns[k]] += v[k];
            var expected = Np.Matmul(Np.Array(dense), c.Args[1]).ToArray<double>();
            var actual = SparseMatVec.Apply(c.Pattern, c.Args[0], c.Args[1]).ToArray<double>();
            for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 12);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Wrong_inputs_fail_with_the_primitive_name_and_the_types()
    {
        var pattern = SparsePattern.Random(3, 4, 0.5, new System.Random(1));
        var ex = Assert.ThrowsAny<ArgumentException>(() => SparseMatVec.Apply(pattern, Np.Zeros(new[] { pattern.Count }), Np.Zeros(new[] { 5 })));
        Assert.Contains("spmv", ex.Message);
        Assert.Contains("f64[5]", ex.Message);
    }
}
