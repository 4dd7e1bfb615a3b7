using System.Linq;
using static Functional.AD.Jax;

namespace Functional.AD.Samples.PerExampleGradients;

// Parameters of a 2-32-1 tanh network. A positional record is a pytree, so Grad returns a Params
// and Tree.Map walks its four arrays.
public sealed record Params(NDArray W1, NDArray B1, NDArray W2, NDArray B2)
{
    // Weights from Nn.Initializers.LecunNormal() (variance 1 / fan_in, truncated at two standard deviations), each
    // matrix from its own key; biases zero.
    public static Params Init(int hidden, PRNGKey key)
    {
        Initializer lecun = Nn.Initializers.LecunNormal();
        var (k1, k2) = Random.Split(key);
        return new(
            lecun(k1, new[] { 2, hidden }, DType.Float64), Np.Zeros(new[] { hidden }),
            lecun(k2, new[] { hidden, 1 }, DType.Float64), Np.Zeros(new[] { 1 }));
    }

    public int ParameterCount => Tree.Leaves(this).Sum(leaf => leaf.Size);
}

internal static class Model
{
    // The logit for ONE example x of shape [2]. Written for a single example on purpose: Vmap adds the batch.
    public static NDArray Logit(Params p, NDArray x)
    {
        NDArray hidden = Np.Tanh(Np.Matmul(x, p.W1) + p.B1);    // [32]
        return Np.Sum(Np.Matmul(hidden, p.W2) + p.B2);          // [1] -> []
    }

    // Logistic loss of one example (x, y), y in {0, 1}:  -log sigmoid(z) for y = 1, -log(1 - sigmoid(z)) for y = 0,
    // which both equal softplus(z) - y z. Softplus is evaluated stably, so large |z| gives no overflow.
    public static NDArray ExampleLoss(Params p, (NDArray X, NDArray Y) example)
    {
        NDArray z = Logit(p, example.X);
        return Nn.Softplus(z) - example.Y * z;
    }

    // Whole-dataset quantities reuse the single-example functions through Vmap: parameters shared
    // (axis null), examples mapped along axis 0.
    public static NDArray MeanLoss(Params p, Dataset data) =>
        Np.Mean(Vmap<Params, (NDArray, NDArray), NDArray>(ExampleLoss, (null, 0))(p, (data.X, data.Y)));

    public static double Accuracy(Params p, Dataset data)
    {
        NDArray logits = Vmap<Params, NDArray, NDArray>(Logit, (null, 0))(p, data.X);
        NDArray predicted = (logits > 0.0).AsType(DType.Float64);
        return (double)Np.Mean(Np.Equal(predicted, data.Y).AsType(DType.Float64));
    }
}
