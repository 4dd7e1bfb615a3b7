using System;
using System.Linq;
using Functional.AD.Samples.Support;
using static Functional.AD.Jax;

namespace Functional.AD.Samples.Tour;

internal static partial class Sections
{
    // ---------------------------------------------------------------------------------------
    // 7. Hessian-vector products without forming the Hessian.
    // ---------------------------------------------------------------------------------------
    public static void HessianVectorProduct()
    {
        Report.Section("7. Hessian-vector products: forward-over-reverse");
        Report.Text(
            """
                f(x) = (x0^3 + x1^3 + x2^3) / 3 + x0 x1 x2

                H(x) = [ 2 x0   x2     x1   ]
                       [ x2     2 x1   x0   ]
                       [ x1     x0     2 x2 ]

            H v is the directional derivative of the gradient along v, so a Jvp of Grad(f) computes
            it at the cost of a few gradients, never building the n x n matrix. Jax.Hvp(f, x, v) is
            exactly Jvp(Grad(f))(x, v).Tangent; Hessian(f) = Jacfwd(Jacrev(f)) builds the matrix.
            """);

        Func<NDArray, NDArray> f = v => (v * v * v).Sum() / 3 + v[0] * v[1] * v[2];
        double[] x = { 0.5, -1.0, 2.0 };
        double[] v = { 1.0, 0.5, -2.0 };
        double[,] hHand =
        {
            { 2 * x[0], x[2], x[1] },
            { x[2], 2 * x[1], x[0] },
            { x[1], x[0], 2 * x[2] },
        };
        double[] hvHand = Enumerable.Range(0, 3).Select(i => Enumerable.Range(0, 3).Sum(j => hHand[i, j] * v[j])).ToArray();

        NDArray xs = Np.Array(x), vs = Np.Array(v);
        NDArray hvp = Hvp(f, xs, vs);
        NDArray jvpOfGrad = Jvp(Grad(f))(xs, vs).Tangent;
        NDArray hessian = Hessian(f)(xs);
        NDArray hessianTimesV = Np.Matmul(hessian, vs);

        Report.Blank();
        Report.Line("x =", Fmt.Vec(xs), 4);
        Report.Line("v =", Fmt.Vec(vs), 4);
        Report.Blank();
        Show.SideBySide(("Hessian(f)(x)", Show.Rows(hessian)), ("by hand", Show.Rows(hHand)));
        Report.Line("Hessian vs by hand:", Show.Check(hessian, hHand), 20);
        Report.Blank();
        var table = new Table("H v computed as", "value", "check vs H v by hand");
        table.Add("Jax.Hvp(f, x, v)", Fmt.Vec(hvp), Show.Check(hvp.ToArray<double>(), hvHand));
        table.Add("Jax.Jvp(Jax.Grad(f))(x, v).Tangent", Fmt.Vec(jvpOfGrad), Show.Check(jvpOfGrad.ToArray<double>(), hvHand));
        table.Add("Np.Matmul(Hessian(f)(x), v)", Fmt.Vec(hessianTimesV), Show.Check(hessianTimesV.ToArray<double>(), hvHand));
        table.Add("H v by hand", Fmt.Vec(hvHand), "");
        table.Print();
    }

    // ---------------------------------------------------------------------------------------
    // 8. Higher order, and nested derivatives that must not get confused.
    // ---------------------------------------------------------------------------------------
    public static void HigherOrder()
    {
        Report.Section("8. Higher order, and perturbation confusion");
        Report.Text(
            """
            Grad returns an ordinary function, so it can be differentiated again. The derivatives
            of sin cycle through cos, -sin, -cos, sin. Each Grad also records its backward pass as
            primitives, so the traced program grows with the order (last column).
            """);

        const double x = 0.5;
        Func<NDArray, NDArray> d = v => Np.Sin(v);
        Func<double, double>[] exact = { Math.Sin, Math.Cos, t => -Math.Sin(t), t => -Math.Cos(t), Math.Sin };
        string[] names = { "sin x", "cos x", "-sin x", "-cos x", "sin x" };
        Report.Blank();
        var table = new Table("k", "d^k/dx^k sin(x)", "at x = 0.5", "by hand", "check", "jaxpr equations");
        for (int k = 0; k <= 4; k++)
        {
            double got = Show.D(d(Np.Scalar(x)));
            int equations = MakeJaxpr(d)(Np.Scalar(x)).Jaxpr.Equations.Count;
            table.Add(k.ToString(System.Globalization.CultureInfo.InvariantCulture), names[k], Fmt.N(got), Fmt.N(exact[k](x)),
                Show.Check(got, exact[k](x)), equations.ToString(System.Globalization.CultureInfo.InvariantCulture));
            d = Grad(d);
        }
        table.Print();

        Report.SubHeading("Perturbation confusion");
        Report.Text(
            """
            A nested derivative must keep the inner and outer perturbations apart:

                d/dx [ x · d/dy (x + y) ]  at y = 1

            The inner derivative d/dy (x + y) is 1 for every x, so the answer is d/dx [x] = 1.
            An implementation that mixes up the two derivatives (for instance by letting the
            inner one also see the perturbation of x) answers 2.
            """);
        Func<NDArray, NDArray> outer = xv => xv * Grad(yv => xv + yv)(Np.Scalar(1.0));
        double forwardAnswer = Show.D(Jvp(outer, Np.Scalar(3.0), Np.Scalar(1.0)).Tangent);
        double reverseAnswer = Show.D(Grad(outer)(Np.Scalar(3.0)));
        Report.Blank();
        Report.Line("Grad(outer)(3)             (reverse)", $"{Fmt.N(reverseAnswer)}   {Show.Check(reverseAnswer, 1.0)}", 40);
        Report.Line("Jvp(outer, 3, 1).Tangent   (forward)", $"{Fmt.N(forwardAnswer)}   {Show.Check(forwardAnswer, 1.0)}", 40);
    }
}
