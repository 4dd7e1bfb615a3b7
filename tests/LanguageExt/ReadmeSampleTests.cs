using static Functional.AD.Jax;
using static LanguageExt.Prelude;

namespace Functional.AD.LanguageExt.Tests;

/// <summary>The sample of the README's LanguageExt section and of the package's PACKAGE.md, run.</summary>
public sealed class ReadmeSampleTests
{
    private static NDArray Loss(Lst<Layer> layers, NDArray x, NDArray y) =>
        Np.Mean(Np.Square(layers.Fold(x, (h, l) => Np.Tanh(Np.Matmul(h, l.W) + l.B)) - y));

    [Fact]
    public void The_sample_runs()
    {
        LanguageExtTrees.Register();   // once, at start-up

        var x = Np.Array(new double[,] { { 0.0, 1.0 }, { 1.0, 0.0 }, { 1.0, 1.0 } });
        var y = Np.Array(new double[,] { { 1.0 }, { 1.0 }, { 0.0 } });
        var layers = List(new Layer(Np.Full([2, 3], 0.1), Np.Zeros([3])), new Layer(Np.Full([3, 1], 0.1), Np.Zeros([1])));

        Lst<Layer> grads = Grad((Lst<Layer> ps) => Loss(ps, x, y))(layers);   // an Lst of Layers of gradients
        Lst<Layer> updated = Tree.Map((p, g) => p - 0.5 * g, layers, grads);

        Fin<Lst<Layer>> ok = Grad((Lst<Layer> ps) => Loss(ps, x, y)).Try()(layers);
        Fin<Lst<Layer>> wrong = Grad((Lst<Layer> ps) => Loss(ps, Np.Ones([3, 5]), y)).Try()(layers);
        string message = wrong.Match(Succ: _ => "no error", Fail: e => e.Message);

        Assert.True(ok.IsSucc);
        Assert.True((double)Loss(updated, x, y) < (double)Loss(layers, x, y));
        Assert.Equal("Np.Matmul: cannot contract f64[3,5] with f64[2,3]: 5 != 2", message);
    }
}
