using Xunit;

namespace Functional.AD.Properties;

public class SmokeTests
{
    [Fact]
    public void Grad_of_square_plus_linear_is_2x_plus_2() =>
        Assert.Equal(8.0, (double)Jax.Grad((NDArray x) => x * x + 2 * x)(3.0), 1e-12);
}
