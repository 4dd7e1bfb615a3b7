using System;
using System.Linq;
using System.Numerics.Tensors;
using Xunit;

namespace Functional.AD.Properties.Serialization;

public sealed class TensorInteropTests
{
    [Fact]
    public void FromSpan_copies_the_data_with_a_shape_and_checks_its_length()
    {
        var data = new[] { 1.0, 2, 3, 4, 5, 6 };
        var x = NDArray.FromSpan<double>(data, 2, 3);
        Arrays.Same(Np.FromFlat(data, [2, 3]), x);
        data[0] = 99;
        Assert.Equal(1.0, x.ToArray<double>()[0]);
        Arrays.Same(Np.Scalar(7), NDArray.FromSpan<int>(new[] { 7 }));
        Assert.Equal(new Shape(0, 3), NDArray.FromSpan<float>(ReadOnlySpan<float>.Empty, 0, 3).Shape);
        Assert.Equal(DType.Bool, NDArray.FromSpan<bool>(new[] { true, false }, 2).DType);
        Assert.Contains("5 elements do not fill shape [2,3]", Assert.Throws<ArgumentException>(() => NDArray.FromSpan<double>(data.AsSpan(1), 2, 3)).Message);
        Assert.Throws<ArgumentException>(() => NDArray.FromSpan<double>(data, -2, -3));
        Assert.Equal(DType.Int64, NDArray.FromSpan<long>(new long[] { 1 }, 1).DType);
        Assert.Contains("no dtype stores UInt16", Assert.Throws<NotSupportedException>(() => NDArray.FromSpan<ushort>(new ushort[] { 1 }, 1)).Message);
    }

    [Fact]
    public void Tensors_convert_both_ways_with_their_shape()
    {
        var data = Enumerable.Range(0, 24).Select(i => (float)i / 3).ToArray();
        var tensor = Tensor.Create((float[])data.Clone(), [2, 3, 4]);
        var x = NDArray.FromTensor(tensor);
        Arrays.Same(Np.FromFlat(data, [2, 3, 4]), x);
        tensor[0, 0, 0] = -1;   // the array owns its copy
        Assert.Equal(0f, x.ToArray<float>()[0]);

        var back = x.ToTensor<float>();
        Assert.Equal(new nint[] { 2, 3, 4 }, back.Lengths.ToArray());
        Assert.Equal(data, back.ToArray());
        Assert.Equal(x.ToArray<double>(), x.ToTensor<double>().ToArray());   // converted on the way out
        Assert.Equal(new nint[] { 1 }, Np.Scalar(2.5).ToTensor<double>().Lengths.ToArray());
        Assert.Equal(new nint[] { 0, 2 }, Np.Zeros([0, 2]).ToTensor<double>().Lengths.ToArray());
    }

    [Fact]
    public void A_strided_tensor_span_is_read_in_its_logical_order()
    {
        // A 3x2 view that walks a 2x3 buffer column by column: the transpose.
        var buffer = new[] { 1, 2, 3, 4, 5, 6 };
        var transposed = new ReadOnlyTensorSpan<int>(buffer, [3, 2], [1, 3]);
        Arrays.Same(Np.FromFlat(new[] { 1, 4, 2, 5, 3, 6 }, [3, 2]), NDArray.FromTensor(transposed));
        // A dense span over the same buffer.
        Arrays.Same(Np.FromFlat(buffer, [2, 3]), NDArray.FromTensor(new ReadOnlyTensorSpan<int>(buffer, [2, 3])));
    }

    [Fact]
    public void CopyTo_fills_the_start_of_a_span_converting_and_checks_its_length()
    {
        var x = Np.FromFlat([1.5, -2.5, 3.0, 4.0], [2, 2]);
        var doubles = new double[6];
        x.CopyTo<double>(doubles);
        Assert.Equal(new[] { 1.5, -2.5, 3, 4, 0, 0 }, doubles);
        Span<int> ints = stackalloc int[4];
        x.CopyTo(ints);
        Assert.Equal(new[] { 1, -2, 3, 4 }, ints.ToArray());
        Assert.Contains("holds 3 elements", Assert.Throws<ArgumentException>(() => x.CopyTo(new double[3].AsSpan())).Message);
        Assert.Throws<ConcretizationException>(() => Jax.Jit((NDArray a) => { a.CopyTo(new double[4].AsSpan()); return a; })(x));
    }
}
