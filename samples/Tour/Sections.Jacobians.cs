using System;
using Functional.AD.Samples.Support;
using static Functional.AD.Jax;

namespace Functional.AD.Samples.Tour;

internal static partial class Sections
{
    // ---------------------------------------------------------------------------------------
    // 5. Jacobians: forward mode gives columns, reverse mode gives rows.
    // ---------------------------------------------------------------------------------------
    public static void ColumnsAndRows()
    {
        Report.Section("5. Jacobian columns (forward) and rows (reverse) of f: R^3 -> R^2");
        Report.Text(
            """
                f(x) = [ x0 x1 + sin(x2),  exp(x0) x2 - x1^2 ]

                J(x) = [ x1          x0      cos(x2) ]
                       [ exp(x0) x2  -2 x1   exp(x0) ]

            One Jvp with tangent e_j (the j-th unit vector) gives the column J e_j.
            One Vjp pullback of the cotangent e_i gives the row e_i^T J.
            So forward mode needs n = 3 passes for the whole matrix and reverse mode m = 2.
            """);

        double[] x = { 1.0, 2.0, 0.5 };
        Func<NDArray, NDArray> f = v => Np.Stack(new[]
        {
            v[0] * v[1] + Np.Sin(v[2]),
            Np.Exp(v[0]) * v[2] - v[1] * v[1],
        });
        double[,] jHand =
        {
            { x[1], x[0], Math.Cos(x[2]) },
            { Math.Exp(x[0]) * x[2], -2 * x[1], Math.Exp(x[0]) },
        };

        NDArray xs = Np.Array(x);
        Report.Blank();
        Report.Line("x    =", Fmt.Vec(xs), 7);
        Report.Line("f(x) =", Fmt.Vec(f(xs)), 7);

        Report.SubHeading("One column and one row");
        var (_, column) = Jvp(f, xs, Np.Array(0.0, 0.0, 1.0));
        var (_, pullback) = Vjp(f, xs);
        NDArray row = pullback(Np.Array(0.0, 1.0));
        double[] columnHand = { jHand[0, 2], jHand[1, 2] };
        double[] rowHand = { jHand[1, 0], jHand[1, 1], jHand[1, 2] };
        var table = new Table("computed as", "value", "check");
        table.Add("Jvp(f, x, e_2).Tangent    (column J e_2)", Fmt.Vec(column), Show.Check(column.ToArray<double>(), columnHand));
        table.Add("  by hand: column 2 of J", Fmt.Vec(columnHand), "");
        table.Add("Vjp pullback of e_1       (row e_1^T J)", Fmt.Vec(row), Show.Check(row.ToArray<double>(), rowHand));
        table.Add("  by hand: row 1 of J", Fmt.Vec(rowHand), "");
        table.Print();

        Report.SubHeading("The whole matrix, both ways");
        NDArray jf = Jacfwd(f)(xs), jr = Jacrev(f)(xs);
        Report.Text($"Jacfwd(f)(x) has shape {jf.Shape} (outputs, then inputs); so does Jacrev(f)(x): {jr.Shape}.");
        Report.Blank();
        Show.SideBySide(("Jacfwd (3 Jvp columns)", Show.Rows(jf, 4)), ("Jacrev (2 Vjp rows)", Show.Rows(jr, 4)), ("by hand", Show.Rows(jHand, 4)));
        Report.Blank();
        Report.Line("Jacfwd vs by hand:", Show.Check(jf, jHand), 19);
        Report.Line("Jacrev vs by hand:", Show.Check(jr, jHand), 19);
    }
}
