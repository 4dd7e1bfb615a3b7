using System;
using Functional.AD.Samples.Support;
using static Functional.AD.Jax;

namespace Functional.AD.Samples.Tour;

internal static partial class Sections
{
    // ---------------------------------------------------------------------------------------
    // 3. A function of two inputs: the gradient as a tuple, or as an array.
    // ---------------------------------------------------------------------------------------
    public static void TwoInputs()
    {
        Report.Section("3. The gradient of f(x1, x2) = log((x1 + x2)^2 + sin(x1 x2))");
        Report.Text(
            """
            With u = x1 + x2, w = x1 x2 and s = u^2 + sin(w), the chain rule gives

                ∂f/∂x1 = (2u + x2 cos(w)) / s        ∂f/∂x2 = (2u + x1 cos(w)) / s

            Grad accepts any pytree of arrays and returns a gradient of the same shape. Below the
            inputs are passed three ways: a tuple (x1, x2), one array [x1, x2], and two arguments
            (Grad of a two-argument function differentiates the first one, as in JAX; JAX's argnums
            is a typed marker: Argnums.Second differentiates the second, Argnums.All both, as a tuple).
            """);

        const double a = 1.5, b = 0.5;
        static NDArray F(NDArray x1, NDArray x2) => Np.Log((x1 + x2) * (x1 + x2) + Np.Sin(x1 * x2));

        double u = a + b, w = a * b, s = u * u + Math.Sin(w);
        double value = Math.Log(s);
        double d1 = (2 * u + b * Math.Cos(w)) / s, d2 = (2 * u + a * Math.Cos(w)) / s;
        Report.Blank();
        Report.Text($"At (x1, x2) = ({a}, {b}):  f = {Fmt.N(value)},  ∂f/∂x1 = {Fmt.N(d1)},  ∂f/∂x2 = {Fmt.N(d2)}   (by hand)");

        // A tuple of arrays: the gradient is a tuple of the same shape.
        var (tupleValue, tupleGrad) = ValueAndGrad<(NDArray X1, NDArray X2)>(p => F(p.X1, p.X2))((Np.Scalar(a), Np.Scalar(b)));

        // One array holding both inputs: the gradient is an array.
        NDArray arrayGrad = Grad(x => F(x[0], x[1]))(Np.Array(a, b));

        // Two arguments: Grad differentiates the first.
        NDArray firstOnly = Grad((NDArray x1, NDArray x2) => F(x1, x2))(Np.Scalar(a), Np.Scalar(b));

        // argnums: the second argument, or both (a tuple of gradients).
        NDArray secondOnly = Grad((NDArray x1, NDArray x2) => F(x1, x2), Argnums.Second)(Np.Scalar(a), Np.Scalar(b));
        var (both1, both2) = Grad((NDArray x1, NDArray x2) => F(x1, x2), Argnums.All)(Np.Scalar(a), Np.Scalar(b));

        Report.Blank();
        var table = new Table("call", "result", "check");
        table.Add("ValueAndGrad<(NDArray X1, NDArray X2)>(...).Value", Fmt.N(Show.D(tupleValue)), Show.Check(Show.D(tupleValue), value));
        table.Add("                                       .Grad.X1", Fmt.N(Show.D(tupleGrad.X1)), Show.Check(Show.D(tupleGrad.X1), d1));
        table.Add("                                       .Grad.X2", Fmt.N(Show.D(tupleGrad.X2)), Show.Check(Show.D(tupleGrad.X2), d2));
        table.Add("Grad(x => F(x[0], x[1]))(Np.Array(x1, x2))", Fmt.Vec(arrayGrad, 8), Show.Check(arrayGrad.ToArray<double>(), new[] { d1, d2 }));
        table.Add("Grad((x1, x2) => F(x1, x2))(x1, x2)", Fmt.N(Show.D(firstOnly)), Show.Check(Show.D(firstOnly), d1));
        table.Add("Grad(..., Argnums.Second)(x1, x2)", Fmt.N(Show.D(secondOnly)), Show.Check(Show.D(secondOnly), d2));
        table.Add("Grad(..., Argnums.All)(x1, x2)", Fmt.Vec(Np.Stack([both1, both2]), 8), Show.Check(new[] { Show.D(both1), Show.D(both2) }, new[] { d1, d2 }));
        table.Print();
    }

    // ---------------------------------------------------------------------------------------
    // 4. A value used twice: its adjoint is a sum.
    // ---------------------------------------------------------------------------------------
    public static void FanOut()
    {
        Report.Section("4. Gradient accumulation: f(x) = x sin(x) uses x twice");
        Report.Text(
            """
            x feeds both factors of the product, so in reverse mode x̄ collects one contribution
            from each use, and they are added:

                x̄ = ȳ · sin(x)      (through the left factor)
                  + ȳ · x cos(x)    (through sin, in the right factor)

            To see the two contributions separately, give each use its own name,
            g(a, b) = a sin(b), and take the gradient with respect to both at a = b = x.
            """);

        const double x = 2.0;
        Func<NDArray, NDArray> f = v => v * Np.Sin(v);
        double left = Math.Sin(x), right = x * Math.Cos(x);

        var (ga, gb) = Grad<(NDArray A, NDArray B)>(p => p.A * Np.Sin(p.B))((Np.Scalar(x), Np.Scalar(x)));
        double total = Show.D(Grad(f)(Np.Scalar(x)));

        Report.Blank();
        var table = new Table("at x = 2", "library", "by hand", "check");
        table.Add("∂g/∂a  (left use)", Fmt.N(Show.D(ga)), Fmt.N(left), Show.Check(Show.D(ga), left));
        table.Add("∂g/∂b  (right use)", Fmt.N(Show.D(gb)), Fmt.N(right), Show.Check(Show.D(gb), right));
        table.Add("sum of the two", Fmt.N(Show.D(ga) + Show.D(gb)), Fmt.N(left + right), Show.Check(Show.D(ga) + Show.D(gb), left + right));
        table.Add("Grad(f)(2)", Fmt.N(total), Fmt.N(left + right), Show.Check(total, left + right));
        table.Print();

        Report.Blank();
        Report.Text(
            """
            In the jaxpr of Grad(f) the backward part computes one term per use of x (one times
            sin x, and x times cos x) and its last equation adds them:
            """);
        Report.Block("", MakeJaxpr(Grad(f))(Np.Scalar(x)));
    }
}
