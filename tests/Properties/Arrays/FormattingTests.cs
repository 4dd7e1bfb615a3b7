using Xunit;

namespace Functional.AD.Properties.Arrays;

/// <summary>ToString as numpy's str() prints (default print options), plus a dtype suffix when not f64.</summary>
public class FormattingTests
{
    [Fact]
    public void Float_vectors_and_matrices()
    {
        Assert.Equal("[1. 2. 3.]", Np.Array(1.0, 2.0, 3.0).ToString());
        Assert.Equal("[[1. 2.]\n [3. 4.]]", Np.Array(new double[,] { { 1, 2 }, { 3, 4 } }).ToString());
        Assert.Equal("[1.5  2.25]", Np.Array(1.5, 2.25).ToString());
        Assert.Equal("[-1.   2.5]", Np.Array(-1.0, 2.5).ToString());
        Assert.Equal("[0.33333333]", Np.Array(1.0 / 3.0).ToString());
        Assert.Equal("[1.e-03 1.e+03]", Np.Array(0.001, 1000.0).ToString());
        Assert.Equal("[ nan  inf -inf]", Np.Array(double.NaN, double.PositiveInfinity, double.NegativeInfinity).ToString());
        Assert.Equal("[[[0. 0.]]\n\n [[0. 0.]]]", Np.Zeros(new[] { 2, 1, 2 }).ToString());
    }

    [Fact]
    public void Summarised_arrays_use_an_ellipsis()
    {
        Assert.Equal("[   0    1    2 ...  998  999 1000] dtype=i32", Np.Arange(1001).ToString());
        Assert.Equal("[   0.    1.    2. ...  998.  999. 1000.]", Np.Arange(1001).AsType(DType.Float64).ToString());
        // at the threshold (1000 elements) numpy does not summarise
        Assert.DoesNotContain("...", Np.Arange(1000).ToString());
    }

    [Fact]
    public void Ints_bools_and_f32_carry_a_dtype_suffix()
    {
        Assert.Equal("[1 2 3] dtype=i32", Np.Array(1, 2, 3).ToString());
        Assert.Equal("[[1 2]\n [3 4]] dtype=i32", Np.FromFlat(new[] { 1, 2, 3, 4 }, new[] { 2, 2 }).ToString());
        Assert.Equal("[ True False] dtype=bool", (Np.Array(1.0, -1.0) > 0.0).ToString());
        Assert.Equal("[1. 2.] dtype=f32", Np.Array(1f, 2f).ToString());
        Assert.Equal("[0.5 2. ] dtype=f32", Np.Array(0.5f, 2f).ToString());
    }

    [Fact]
    public void Zero_d_and_empty_arrays()
    {
        Assert.Equal("2.0", Np.Scalar(2.0).ToString());
        Assert.Equal("3 dtype=i32", Np.Scalar(3).ToString());
        Assert.Equal("[]", Np.Zeros(new[] { 0 }).ToString());
        Assert.Equal("[] dtype=f32", Np.Zeros(new[] { 2, 0 }, DType.Float32).ToString());
    }
}
