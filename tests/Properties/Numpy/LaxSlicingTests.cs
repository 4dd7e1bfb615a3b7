using System;
using System.Linq;
using FsCheck.Fluent;
using Xunit;

namespace Functional.AD.Properties.Numpy;

/// <summary>Lax.Slice, SliceInDim, IndexInDim and Squeeze against index arithmetic on the flat data, and their errors.</summary>
public class LaxSlicingTests
{
    /// <summary>A random array of rank 1..4 with dims 1..4 holding 0, 1, 2, ... (so every element is identifiable).</summary>
    private static FsCheck.Gen<int[]> Shapes() =>
        Gen.Choose(1, 4).SelectMany(rank => Gen.ArrayOf(Gen.Choose(1, 4), rank));

    private static NDArray Iota(int[] shape) =>
        Np.FromFlat(Enumerable.Range(0, shape.Aggregate(1, (a, b) => a * b)).Select(i => (double)i).ToArray(), shape);

    /// <summary>Flat row-major index of <paramref name="index"/> in <paramref name="shape"/>.</summary>
    private static int Flat(int[] shape, int[] index)
    {
        int f = 0;
        for (int i = 0; i < shape.Length; i++) f = f * shape[i] + index[i];
        return f;
    }

    [Fact]
    public void Slice_takes_the_strided_box_and_its_gradient_scatters_ones_into_it()
    {
        var cases = Shapes().SelectMany(shape =>
            Gen.ArrayOf(Gen.Choose(0, 100), shape.Length * 3).Select(r => (shape, r)));
        PropertyCheck.ForAll(cases, c =>
        {
            var (shape, r) = c;
            int rank = shape.Length;
            var start = new int[rank];
            var limit = new int[rank];
            var stride = new int[rank];
            for (int i = 0; i < rank; i++)
            {
                start[i] = r[i] % (shape[i] + 1);
                limit[i] = start[i] + r[rank + i] % (shape[i] - start[i] + 1);
                stride[i] = 1 + r[2 * rank + i] % 3;
            }
            var x = Iota(shape);
            var y = Lax.Slice(x, start, limit, stride);
            var expectedShape = Enumerable.Range(0, rank).Select(i => limit[i] == start[i] ? 0 : (limit[i] - start[i] - 1) / stride[i] + 1).ToArray();
            Assert.Equal(new Shape(expectedShape), y.Shape);
            var got = y.ToArray<double>();
            var index = new int[rank];
            for (int k = 0; k < got.Length; k++)
            {
                int rem = k;
                for (int i = rank - 1; i >= 0; i--)
                {
                    index[i] = start[i] + rem % expectedShape[i] * stride[i];
                    rem /= expectedShape[i];
                }
                Assert.Equal(Flat(shape, index), got[k]);
            }
            var g = Jax.Grad((NDArray v) => Np.Sum(Lax.Slice(v, start, limit, stride)))(x).ToArray<double>();
            Assert.Equal(got.Length, g.Sum());
            foreach (var v in got) Assert.Equal(1.0, g[(int)v]);
        });
    }

    [Fact]
    public void SliceInDim_and_IndexInDim_agree_with_Slice_on_one_axis_with_negative_bounds_and_axes()
    {
        var cases = Shapes().SelectMany(shape => Gen.Choose(0, shape.Length - 1).SelectMany(axis =>
            Gen.Choose(0, shape[axis] - 1).SelectMany(i => Gen.Choose(i, shape[axis]).Select(l => (shape, axis, i, l)))));
        PropertyCheck.ForAll(cases, c =>
        {
            var (shape, axis, i, l) = c;
            var x = Iota(shape);
            var start = new int[shape.Length];
            var limit = (int[])shape.Clone();
            start[axis] = i;
            limit[axis] = l;
            var reference = Lax.Slice(x, start, limit).ToArray<double>();
            Assert.Equal(reference, Lax.SliceInDim(x, i, l, 1, axis).ToArray<double>());
            Assert.Equal(reference, Lax.SliceInDim(x, i - shape[axis], l == shape[axis] ? null : l - shape[axis], 1, axis - shape.Length).ToArray<double>());
            limit[axis] = i + 1;
            var one = Lax.Slice(x, start, limit);
            Assert.Equal(one.Shape, Lax.IndexInDim(x, i, axis).Shape);
            var dropped = Lax.IndexInDim(x, i - shape[axis], axis, keepDims: false);
            Assert.Equal(shape.Length - 1, dropped.Rank);
            Assert.Equal(one.ToArray<double>(), dropped.ToArray<double>());
            Assert.Equal(dropped.Shape, Lax.Squeeze(one, axis).Shape);
        });
    }

    [Fact]
    public void Bad_bounds_name_the_operation_and_the_typed_shape()
    {
        var x = Np.Zeros([3, 4]);
        Assert.Contains("f64[3,4]", Assert.Throws<ArgumentException>(() => Lax.Slice(x, [0], [3])).Message);
        Assert.Contains("Lax.Slice", Assert.Throws<ArgumentException>(() => Lax.Slice(x, [0, 0], [3, 5])).Message);
        Assert.Contains("Lax.SliceInDim", Assert.Throws<ArgumentException>(() => Lax.SliceInDim(x, 2, 1, 1, 1)).Message);
        Assert.Contains("Lax.IndexInDim", Assert.Throws<ArgumentException>(() => Lax.IndexInDim(x, 4, 1)).Message);
        Assert.Contains("not 1", Assert.Throws<ArgumentException>(() => Lax.Squeeze(x, 0)).Message);
    }

    [Fact]
    public void Slices_batch_under_Vmap_as_a_loop_would()
    {
        var x = Iota([3, 4, 5]);
        var batched = Jax.Vmap((NDArray v) => Lax.SliceInDim(v, 1, 4, 2, axis: 1))(x);
        for (int b = 0; b < 3; b++)
            Assert.Equal(Lax.SliceInDim(x[b], 1, 4, 2, axis: 1).ToArray<double>(), batched[b].ToArray<double>());
    }
}
