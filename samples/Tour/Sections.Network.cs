using System;
using Functional.AD.Samples.Support;
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
        Report.Section("6. A tiny network: loss(W, b) = mean((tanh(X W + b) - Y)^2)");
        Report.Text(
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

        Report.SubHeading("jaxpr of the loss");
        Report.Block("", MakeJaxpr<Params, NDArray>(loss)(p0));

        Report.SubHeading("jaxpr of Grad(loss): forward pass, then the backward pass");
        Report.Text(
            """
            Reading the backward part: the mean's pullback spreads the cotangent evenly (a
            broadcast and a division by 8), the square's pullback multiplies by 2 (pred - Y),
            tanh's by 1 - tanh^2, the bias gradient is a reduce_sum over the examples, and the
            weight gradient is a dot_general contracting X with the incoming cotangent (then a
            transpose to W's shape).
            """);
        Report.Block("", MakeJaxpr<Params, Params>(Grad<Params>(loss))(p0));

        Report.SubHeading("The numbers, against central finite differences of a plain C# loss");
        Report.Text(
            """
            The loss has 8 inputs and 1 output: one reverse pass yields all 8 partial derivatives,
            where forward mode would need 8 Jvps (one per parameter) and central finite
            differences 16 evaluations of the loss (two per parameter).
            """);
        Report.Blank();
        var (value, grad) = ValueAndGrad(loss)(p0);
        double[,] w0 = Show.ToMatrix(p0.W);
        double[] b0 = p0.B.ToArray<double>();
        double plain = PlainLoss(w0, b0);
        var (fdW, fdB) = FiniteDifferenceGradient(w0, b0);

        Report.Line("loss: library", $"{Fmt.N(Show.D(value))}   plain C#: {Fmt.N(plain)}   {Show.Check(Show.D(value), plain)}", 14);
        Report.Blank();
        Show.SideBySide(("Grad(loss).W", Show.Rows(grad.W)), ("finite differences", Show.Rows(fdW)));
        Report.Line("W: gradient vs finite differences:", Show.Check(grad.W, fdW, 1e-7));
        Report.Blank();
        Show.SideBySide(("Grad(loss).B", new[] { Fmt.Vec(grad.B) }), ("finite differences", new[] { Fmt.Vec(fdB) }));
        Report.Line("b: gradient vs finite differences:", Show.Check(grad.B.ToArray<double>(), fdB, 1e-7));

        Report.SubHeading("A few steps of gradient descent (learning rate 0.5), with Tree.Map");
        var table = new Table("step", "loss");
        Params p = p0;
        for (int step = 0; step <= 5; step++)
        {
            var (l, g) = ValueAndGrad(loss)(p);
            table.Add(step.ToString(System.Globalization.CultureInfo.InvariantCulture), Fmt.N(Show.D(l)));
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
