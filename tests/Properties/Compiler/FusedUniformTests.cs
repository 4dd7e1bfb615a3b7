using Xunit;

namespace Functional.AD.Properties.Compiler;

/// <summary>
/// Values computed from uniforms inside a fused group (a scalar spread over the group, times a constant) have no
/// slot of their own: the group must not read one for them. It used to read slot 0, the program's first input or
/// constant, which crashed when that held an empty array or an i32 one (found by the program fuzzer, seed 68).
/// </summary>
public class FusedUniformTests
{
    [Fact]
    public void A_uniform_computed_in_a_group_does_not_read_an_empty_first_constant()
    {
        var f = Jax.Jit((NDArray x) => Np.Zeros(new[] { 0 }) + Np.Sum(Np.BroadcastTo(x, new[] { 2 }) * 2.0));
        var y = f(Np.Scalar(0.5));
        Assert.Equal(new Shape(0), y.Shape);
        Assert.Equal(DType.Float64, y.DType);
    }

    [Fact]
    public void A_uniform_computed_in_a_group_does_not_read_an_integer_first_input()
    {
        var f = Jax.Jit((NDArray i, NDArray x) => Np.Sum(Np.BroadcastTo(x, new[] { 3 }) * 2.0) + i);
        Assert.Equal(new[] { 10.0 }, f(Np.Array(7), Np.Scalar(0.5)).ToArray<double>());
    }
}
