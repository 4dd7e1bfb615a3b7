using System;
using System.Linq;
using Xunit;

namespace Functional.AD.Properties.Numpy;

/// <summary>Nn.Initializers' random factories: JAX's fans and variances, bounds, orthogonality, dtypes, Jit and Vmap.</summary>
public class InitializerTests
{
    private static double Variance(double[] xs)
    {
        double mean = xs.Average();
        return xs.Sum(x => (x - mean) * (x - mean)) / (xs.Length - 1);
    }

    [Fact]
    public void Variance_scaling_factories_have_JAXs_variances_and_bounds()
    {
        var key = Random.Key(0);
        int[] dense = [400, 300];
        int[] conv = [3, 3, 16, 32];   // JAX: receptive field 9, fan_in 144, fan_out 288
        var cases = new (string Name, Initializer Init, int[] Shape, double Variance, double Bound)[]
        {
            ("GlorotUniform", Nn.Initializers.GlorotUniform(), dense, 2.0 / 700, Math.Sqrt(6.0 / 700)),
            ("GlorotNormal", Nn.Initializers.GlorotNormal(), dense, 2.0 / 700, 2 * Math.Sqrt(2.0 / 700) / .87962566103423978),
            ("HeUniform", Nn.Initializers.HeUniform(), dense, 2.0 / 400, Math.Sqrt(6.0 / 400)),
            ("HeNormal", Nn.Initializers.HeNormal(), conv, 2.0 / 144, 2 * Math.Sqrt(2.0 / 144) / .87962566103423978),
            ("LecunNormal", Nn.Initializers.LecunNormal(), conv, 1.0 / 144, 2 * Math.Sqrt(1.0 / 144) / .87962566103423978),
            ("LecunUniform", Nn.Initializers.LecunUniform(), conv, 1.0 / 144, Math.Sqrt(3.0 / 144)),
            ("fan_out normal", Nn.Initializers.VarianceScaling(3.0, "fan_out", "normal"), conv, 3.0 / 288, double.PositiveInfinity),
            ("Normal", Nn.Initializers.Normal(0.5), dense, 0.25, double.PositiveInfinity),
            ("Uniform", Nn.Initializers.Uniform(0.5), dense, 0.25 / 12, 0.5),
            ("TruncatedNormal", Nn.Initializers.TruncatedNormal(0.5), dense, 0.25 * .87962566103423978 * .87962566103423978, 1.0),
        };
        foreach (var c in cases)
        {
            var x = c.Init(key, c.Shape, DType.Float64);
            Assert.Equal(c.Shape, x.Shape.ToArray());
            var xs = x.ToArray<double>();
            double v = Variance(xs);
            Assert.True(Math.Abs(v / c.Variance - 1) < 0.05, $"{c.Name}: variance {v}, expected {c.Variance}");
            Assert.True(xs.All(e => Math.Abs(e) <= c.Bound), $"{c.Name}: a value beyond {c.Bound}");
        }
        Assert.Equal(DType.Float32, Nn.Initializers.HeNormal()(key, dense, DType.Float32).DType);
    }

    [Fact]
    public void Orthogonal_gives_orthonormal_columns_or_rows_with_the_scale_along_any_column_axis()
    {
        var key = Random.Key(3);
        foreach (var (shape, axis) in new[] { (new[] { 6, 4 }, -1), (new[] { 3, 7 }, -1), (new[] { 2, 3, 5 }, 1), (new[] { 4, 4 }, 0) })
        {
            var q = Nn.Initializers.Orthogonal(2.0, axis)(key, shape, DType.Float64);
            Assert.Equal(shape, q.Shape.ToArray());
            int ax = axis < 0 ? axis + shape.Length : axis;
            var m = Np.Reshape(Np.MoveAxis(q, ax, -1), [-1, shape[ax]]) / 2.0;   // rows × columns, scale removed
            var gram = m.Shape[0] >= m.Shape[1] ? Np.Matmul(m.T, m) : Np.Matmul(m, m.T);
            var eye = Np.Eye(gram.Shape[0]).ToArray<double>();
            var got = gram.ToArray<double>();
            for (int i = 0; i < eye.Length; i++) Assert.True(Math.Abs(eye[i] - got[i]) < 1e-12, $"shape [{string.Join(",", shape)}] axis {axis}: gram {gram}");
        }
        Assert.Contains("2-d", Assert.Throws<ArgumentException>(() => Nn.Initializers.Orthogonal()(key, [5], DType.Float64)).Message);
    }

    [Fact]
    public void Initializers_run_under_Jit_and_Vmap_over_keys_and_zeros_and_ones_are_initializers()
    {
        var init = Nn.Initializers.GlorotUniform();
        var key = Random.Key(11);
        var eager = init(key, [5, 4], DType.Float32);
        var jitted = Jax.Jit((PRNGKey k) => init(k, [5, 4], DType.Float32))(key);
        Assert.Equal(eager.ToArray<float>(), jitted.ToArray<float>());
        var keys = Random.Split(key, 3);
        var batch = Jax.Vmap((PRNGKey k) => init(k, [5, 4], DType.Float32))(keys);
        Assert.Equal(new[] { 3, 5, 4 }, batch.Shape.ToArray());
        for (int i = 0; i < 3; i++)
            Assert.Equal(init(Random.Split(key, 3)[i], [5, 4], DType.Float32).ToArray<float>(), batch[i].ToArray<float>());
        Assert.NotEqual(batch[0].ToArray<float>(), batch[1].ToArray<float>());
        Initializer zeros = Nn.Initializers.Zeros, ones = Nn.Initializers.Ones;
        Assert.All(zeros(key, [2, 2], DType.Float32).ToArray<float>(), v => Assert.Equal(0f, v));
        Assert.All(ones(key, [3], DType.Int32).ToArray<int>(), v => Assert.Equal(1, v));
        Assert.Contains("at least 2", Assert.Throws<ArgumentException>(() => Nn.Initializers.LecunNormal()(key, [7], DType.Float64)).Message);
        Assert.Throws<ArgumentException>(() => Nn.Initializers.VarianceScaling(1.0, "fan_sideways", "normal"));
    }
}
