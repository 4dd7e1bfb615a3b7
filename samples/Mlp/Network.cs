using System.Linq;

namespace Functional.AD.Samples.Mlp;

/// <summary>
/// One fully connected layer, y = x W + b. A positional record is a pytree, and so is an array of them:
/// <c>Dense[]</c> is the parameter tree of the whole network, and <c>Grad</c> returns a <c>Dense[]</c> of gradients.
/// </summary>
/// <param name="W">Weights, f32[inputs, outputs].</param>
/// <param name="B">Biases, f32[outputs].</param>
public sealed record Dense(NDArray W, NDArray B);

/// <summary>
/// A multilayer perceptron with tanh hidden layers and a linear output layer producing one logit per class,
/// trained with the mean softmax cross-entropy on integer labels.
/// </summary>
public static class Network
{
    /// <summary>
    /// Fresh parameters: weights from <c>Nn.Initializers.GlorotUniform()</c> (uniform on ±sqrt(6 / (fan_in + fan_out)),
    /// which keeps activations and gradients at a similar scale from layer to layer for tanh units), biases zero.
    /// Each layer draws from its own key, split from <paramref name="key"/>.
    /// </summary>
    /// <param name="sizes">Layer widths from input to output, e.g. { 2, 64, 64, 3 }.</param>
    /// <param name="key">The random key of the initialization.</param>
    public static Dense[] Init(int[] sizes, PRNGKey key)
    {
        Initializer glorot = Nn.Initializers.GlorotUniform();
        PRNGKey layerKeys = Random.Split(key, sizes.Length - 1);
        return Enumerable.Range(0, sizes.Length - 1)
            .Select(l => new Dense(
                glorot(layerKeys[l], new[] { sizes[l], sizes[l + 1] }, DType.Float32),
                Np.Zeros(new[] { sizes[l + 1] }, DType.Float32)))
            .ToArray();
    }

    /// <summary>Total number of trainable numbers in the parameter tree.</summary>
    public static int ParameterCount(Dense[] layers) => Tree.Leaves(layers).Sum(leaf => leaf.Size);

    /// <summary>The layer widths, input first, e.g. "2-64-64-3".</summary>
    public static string Describe(Dense[] layers) =>
        string.Join("-", new[] { layers[0].W.Shape[0] }.Concat(layers.Select(l => l.W.Shape[1])));

    /// <summary>Forward pass: logits f32[n, classes] for a batch of points f32[n, 2].</summary>
    public static NDArray Logits(Dense[] layers, NDArray x)
    {
        NDArray h = x;
        for (int l = 0; l < layers.Length; l++)
        {
            h = Np.Matmul(h, layers[l].W) + layers[l].B;
            if (l < layers.Length - 1) h = Np.Tanh(h);   // hidden layers only; the last one gives raw logits
        }
        return h;
    }

    /// <summary>
    /// Mean softmax cross-entropy with integer labels, as in JAX:
    /// mean over the batch of logsumexp(logits) - logits[label]. LogSumExp subtracts the row maximum first,
    /// so large logits neither overflow nor lose precision; the label's logit is picked with a one-hot mask.
    /// </summary>
    public static NDArray Loss(Dense[] layers, Dataset batch)
    {
        NDArray logits = Logits(layers, batch.X);                                   // [n, K]
        int classes = logits.Shape[1];
        NDArray labelLogit = Np.Sum(logits * Nn.OneHot(batch.Y, classes, DType.Float32), axis: 1);   // [n]
        return Np.Mean(Nn.LogSumExp(logits, axis: 1) - labelLogit);
    }

    /// <summary>The predicted class of every point: argmax of the logits, i32[n].</summary>
    public static NDArray Predict(Dense[] layers, NDArray x) => Np.ArgMax(Logits(layers, x), axis: 1);
}
