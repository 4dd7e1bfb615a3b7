using System.Linq;
using FsCheck.Fluent;
using Xunit;

namespace Functional.AD.Properties.Kernels;

/// <summary>Large transposes (full vector tiles, partial edge tiles, batched axes) equal a naive index computation, for every dtype.</summary>
public class TransposeKernelTests
{
    private static double[] Naive(double[] x, int[] shape, int[] perm)
    {
        int rank = shape.Length;
        var outShape = perm.Select(p => shape[p]).ToArray();
        var inStrides = new int[rank];
        for (int i = rank - 1, s = 1; i >= 0; i--) { inStrides[i] = s; s *= shape[i]; }
        var result = new double[x.Length];
        var index = new int[rank];
        for (int o = 0; o < result.Length; o++)
        {
            int rem = o, src = 0;
            for (int i = rank - 1; i >= 0; i--) { index[i] = rem % outShape[i]; rem /= outShape[i]; }
            for (int i = 0; i < rank; i++) src += index[i] * inStrides[perm[i]];
            result[o] = x[src];
        }
        return result;
    }

    [Fact]
    public void Transposes_of_large_arrays_equal_the_naive_index_computation()
    {
        var cases =
            from rank in Gen.Choose(2, 3)
            from dims in Gen.ArrayOf(Gen.Elements(1, 3, 8, 31, 32, 33, 40, 64, 70), rank)
            where dims.Aggregate(1, (a, b) => a * b) <= 200_000
            from perm in Gen.Shuffle(Enumerable.Range(0, rank).ToArray())
            from dtype in Gen.Elements(DType.Float32, DType.Float64, DType.Int32, DType.Bool)
            select (dims, perm: perm.ToArray(), dtype);
        PropertyCheck.ForAll(cases, t =>
        {
            int n = t.dims.Aggregate(1, (a, b) => a * b);
            var values = Enumerable.Range(0, n).Select(i => (double)((i * 7919) % 1000)).ToArray();
            var x = Np.FromFlat(values, t.dims).AsType(t.dtype);
            var expected = Naive(x.ToArray<double>(), t.dims, t.perm);
            var actual = Np.Transpose(x, t.perm);
            Assert.Equal(t.perm.Select(p => t.dims[p]).ToArray(), actual.Shape.ToArray());
            Assert.Equal(expected, actual.ToArray<double>());
        }, maxTest: 80);
    }
}
