using System;
using Functional.AD;
using static Functional.AD.Jax;

namespace Functional.AD.Samples.Tour;

/// <summary>Parameters of a one-layer network. A positional record is a pytree: Grad returns another Params.</summary>
public sealed record Params(NDArray W, NDArray B);

internal static partial class Sections
{
    // Four examples with three features, and two targets each; fixed numbers, no randomness.
    private static readonly double[,] Inputs =
    {
        { 0.5, -1.0, 2.0 },
        { 1.5, 0.0, -0.5 },
        { -1.0, 1.0, 0.5 },
        { 0.0, 2.0, -1.5 },
    };

    private static readonly double[,] Targets =
    {
        { 0.2, -0.4 },
        { 0.9, 0.1 },
        { -0.6, 0.5 },
        { 0.3, -0.8 },
    };

    // ---------------------------------------------------------------------------------------
    // 6. A slightly larger program: a tiny network's loss and its gradient, as jaxprs.
    // ---------------------------------------------------------------------------------------
    public static void TinyNetwork()
    {
        Out.Section(6, "A tiny network: loss(W, b) = mean((tanh(X W + b) - Y)^2)");
        Out.Text(
            """
            X is 4x3 (four examples), W is 3x2, b has 2 entries, Y is 4x2. The parameters are a
            C# record, Params(W, B); Grad<Params>(loss) returns the gradient as a Params too.
            X and Y are captured by the lambda, so in the jaxpr they appear as constants (the
            variables before the ';'), while the parameters are the inputs.
            """);

        NDArray x = Np.Array(Inputs), y = Np.Array(Targets);
        Func<Params, NDArray> loss = p => Np.Mean(Np.Square(Np.Tanh(Np.Matmul(x, p.W) + p.B) - y));

        var p0 = new Params(
            Np.Array(new[,] { { 0.1, -0.2 }, { 0.3, 0.05 }, { -0.15, 0.25 } }),
            Np.Array(0.05, -0.1));

        Out.SubHeading("jaxpr of the loss");
        Out.Block("", MakeJaxpr<Params, NDArray>(loss)(p0));

        Out.SubHeading("jaxpr of Grad(loss): forward pass, then the backward pass");
        Out.Text(
            """
            Reading the backward part: the mean's pullback spreads the cotangent evenly (a
            broadcast and a division by 8), the square's pullback multiplies by 2 (pred - Y),
            tanh's by 1 - tanh^2, the bias gradient is a reduce_sum over the examples, and the
            weight gradient is a dot_general contracting X with the incoming cotangent (then a
            transpose to W's shape).
            """);
        Out.Block("", MakeJaxpr<Params, Params>(Grad<Params>(loss))(p0));

        Out.SubHeading("The numbers, against central finite differences of a plain C# loss");
        Out.Text(
            """
            The loss has 8 inputs and 1 output: one reverse pass yields all 8 partial derivatives,
            where forward mode would need 8 Jvps (one per parameter) and central finite
            differences 16 evaluations of the loss (two per parameter).
            """);
        Out.Blank();
        var (value, grad) = ValueAndGrad(loss)(p0);
        double[,] w0 = Out.ToMatrix(p0.W);
        double[] b0 = p0.B.ToArray<double>();
        double plain = PlainLoss(w0, b0);
        var (fdW, fdB) = FiniteDifferenceGradient(w0, b0);

        Out.Line("loss: library", $"{Out.N(Out.D(value))}   plain C#: {Out.N(plain)}   {Out.Check(Out.D(value), plain)}", 14);
        Out.Blank();
        Out.SideBySide(("Grad(loss).W", Out.Rows(grad.W)), ("finite differences", Out.Rows(fdW)));
        Out.Line("W: gradient vs finite differences:", Out.Check(grad.W, fdW, 1e-7));
        Out.Blank();
        Out.SideBySide(("Grad(loss).B", new[] { Out.Vec(grad.B) }), ("finite differences", new[] { Out.Vec(fdB) }));
        Out.Line("b: gradient vs finite differences:", Out.Check(grad.B.ToArray<double>(), fdB, 1e-7));

        Out.SubHeading("A few steps of gradient descent (learning rate 0.5), with Tree.Map");
        var table = new Table("step", "loss");
        Params p = p0;
        for (int step = 0; step <= 5; step++)
        {
            var (l, g) = ValueAndGrad(loss)(p);
            table.Add(step.ToString(System.Globalization.CultureInfo.InvariantCulture), Out.N(Out.D(l)));
            p = Tree.Map((param, gradient) => param - 0.5 * gradient, p, g);
        }
        table.Print();
    }

    /// <summary>The same loss in plain loops, as an independent reference.</summary>
    private static double PlainLoss(double[,] w, double[] b)
    {
        int n = Inputs.GetLength(0), features = Inputs.GetLength(1), outputs = Targets.GetLength(1);
        double total = 0;
        for (int i = 0; i < n; i++)
            for (int k = 0; k < outputs; k++)
            {
                double z = b[k];
                for (int j = 0; j < features; j++) z += Inputs[i, j] * w[j, k];
                double diff = Math.Tanh(z) - Targets[i, k];
                total += diff * diff;
            }
        return total / (n * outputs);
    }

    private static (double[,] W, double[] B) FiniteDifferenceGradient(double[,] w, double[] b)
    {
        const double h = 1e-6;
        var gw = new double[w.GetLength(0), w.GetLength(1)];
        var gb = new double[b.Length];
        for (int j = 0; j < w.GetLength(0); j++)
            for (int k = 0; k < w.GetLength(1); k++)
            {
                var plus = (double[,])w.Clone();
                var minus = (double[,])w.Clone();
                plus[j, k] += h;
                minus[j, k] -= h;
                gw[j, k] = (PlainLoss(plus, b) - PlainLoss(minus, b)) / (2 * h);
            }
        for (int k = 0; k < b.Length; k++)
        {
            var plus = (double[])b.Clone();
            var minus = (double[])b.Clone();
            plus[k] += h;
            minus[k] -= h;
            gb[k] = (PlainLoss(w, plus) - PlainLoss(w, minus)) / (2 * h);
        }
        return (gw, gb);
    }
}
