using System;
using Functional.AD.Samples.Support;
using static Functional.AD.Jax;

namespace Functional.AD.Samples.Tour;

internal static partial class Sections
{
    // ---------------------------------------------------------------------------------------
    // 1. One function, both modes.
    // ---------------------------------------------------------------------------------------
    public static void ForwardAndReverse()
    {
        Report.Section("1. Forward mode and reverse mode on f(x) = x^2 + 2x");
        Report.Text(
            """
            A function on NDArray is written once and every transform accepts it:

                Func<NDArray, NDArray> f = x => x * x + 2 * x;

            Forward mode pushes a tangent through f alongside the value: Jvp(f, x, 1) returns
            (f(x), f'(x) * 1). Reverse mode runs f, then pulls a cotangent of 1 back from the
            output: Grad(f)(x). Both must give f'(x) = 2x + 2.
            """);
        Report.Blank();

        Func<NDArray, NDArray> f = x => x * x + 2 * x;
        Func<NDArray, NDArray> df = Grad(f);

        var table = new Table("x", "f(x)", "Jvp tangent", "Grad(f)(x)", "2x + 2 (hand)", "check");
        foreach (double x0 in new[] { -2.0, -0.5, 0.0, 1.0, 3.0 })
        {
            NDArray x = Np.Scalar(x0);
            var (value, tangent) = Jvp(f, x, Np.Scalar(1.0));
            double forward = Show.D(tangent), reverse = Show.D(df(x)), exact = 2 * x0 + 2;
            string check = Show.Check(new[] { forward, reverse }, new[] { exact, exact });
            table.Add(Fmt.N(x0, 2), Fmt.N(Show.D(value), 4), Fmt.N(forward, 8), Fmt.N(reverse, 8), Fmt.N(exact, 8), check);
        }
        table.Print();
        Report.Blank();
        Report.Text(
            """
            Forward mode costs one pass per input direction, reverse mode one pass per output.
            For a scalar function of a scalar they cost the same; sections 5 and 6 show where
            the difference matters.
            """);
    }

    // ---------------------------------------------------------------------------------------
    // 2. The evaluation trace of exp(x^2), forward and backward.
    // ---------------------------------------------------------------------------------------
    public static void EvaluationTraces()
    {
        Report.Section("2. Evaluation traces of f(x) = exp(x^2) at x = 2");
        Report.Text(
            """
            Automatic differentiation works on the evaluation trace: the sequence of elementary
            steps v_i that computes f. For f(x) = exp(x^2):

                v0 = x,   v1 = v0^2,   v2 = exp(v1),   y = v2

            We run each step on its own through the library, so the tables below are real output,
            not text: Jvp of a step maps (v_{i-1}, v̇_{i-1}) to (v_i, v̇_i), and Vjp of a step
            returns v_i together with its pullback, which maps v̄_i back to v̄_{i-1}.
            Expected: f(2) = e^4 ≈ 54.59815 and f'(2) = 2x e^(x^2) = 4 e^4 ≈ 218.39260.
            """);

        Func<NDArray, NDArray> square = v => v * v;
        Func<NDArray, NDArray> exp = v => Np.Exp(v);
        const double x = 2.0;

        // Forward mode: carry (value, tangent) pairs through the steps, seeding ẋ = 1.
        Report.SubHeading("Forward tangent trace (seed ẋ = 1)");
        NDArray v0 = Np.Scalar(x), v0Dot = Np.Scalar(1.0);
        var (v1, v1Dot) = Jvp(square, v0, v0Dot);
        var (v2, v2Dot) = Jvp(exp, v1, v1Dot);

        double h0 = x, h1 = h0 * h0, h2 = Math.Exp(h1);     // the same trace by hand
        double h0Dot = 1, h1Dot = 2 * h0 * h0Dot, h2Dot = Math.Exp(h1) * h1Dot;

        var fwd = new Table("primal step", "v_i", "tangent step", "v̇_i (library)", "v̇_i (hand)", "check");
        fwd.Add("v0 = x", Fmt.N(Show.D(v0)), "v̇0 = ẋ", Fmt.N(Show.D(v0Dot)), Fmt.N(h0Dot), Show.Check(Show.D(v0Dot), h0Dot));
        fwd.Add("v1 = v0^2", Fmt.N(Show.D(v1)), "v̇1 = 2 v0 v̇0", Fmt.N(Show.D(v1Dot)), Fmt.N(h1Dot), Show.Check(Show.D(v1Dot), h1Dot));
        fwd.Add("v2 = exp(v1)", Fmt.N(Show.D(v2)), "v̇2 = exp(v1) v̇1", Fmt.N(Show.D(v2Dot)), Fmt.N(h2Dot), Show.Check(Show.D(v2Dot), h2Dot));
        fwd.Add("y  = v2", Fmt.N(Show.D(v2)), "ẏ  = v̇2", Fmt.N(Show.D(v2Dot)), Fmt.N(4 * Math.Exp(4)), Show.Check(Show.D(v2Dot), 4 * Math.Exp(4)));
        fwd.Print();
        Report.Blank();
        Report.Text($"Primal check: v2 = {Fmt.N(Show.D(v2))}, e^4 = {Fmt.N(h2)}   {Show.Check(Show.D(v2), h2)}");

        // Reverse mode: a forward sweep that records one pullback per step, then a backward
        // sweep that applies them in the opposite order, starting from ȳ = 1.
        Report.SubHeading("Reverse adjoint trace (forward sweep, then backward sweep with ȳ = 1)");
        NDArray r0 = Np.Scalar(x);
        var (r1, pullback1) = Vjp(square, r0);
        var (r2, pullback2) = Vjp(exp, r1);

        var primal = new Table("forward sweep", "v_i", "recorded for the backward sweep");
        primal.Add("v0 = x", Fmt.N(Show.D(r0)), "");
        primal.Add("v1 = v0^2", Fmt.N(Show.D(r1)), "pullback_1: v̄ ↦ v̄ · 2 v0");
        primal.Add("v2 = exp(v1)", Fmt.N(Show.D(r2)), "pullback_2: v̄ ↦ v̄ · exp(v1)");
        primal.Add("y  = v2", Fmt.N(Show.D(r2)), "");
        primal.Print();
        Report.Blank();

        NDArray v2Bar = Np.Scalar(1.0);
        NDArray v1Bar = pullback2(v2Bar);
        NDArray v0Bar = pullback1(v1Bar);
        double hb2 = 1, hb1 = hb2 * Math.Exp(h1), hb0 = hb1 * 2 * h0;

        var rev = new Table("backward sweep", "v̄_i (library)", "v̄_i (hand)", "check");
        rev.Add("v̄2 = ȳ", Fmt.N(Show.D(v2Bar)), Fmt.N(hb2), Show.Check(Show.D(v2Bar), hb2));
        rev.Add("v̄1 = pullback_2(v̄2) = v̄2 exp(v1)", Fmt.N(Show.D(v1Bar)), Fmt.N(hb1), Show.Check(Show.D(v1Bar), hb1));
        rev.Add("v̄0 = pullback_1(v̄1) = v̄1 · 2 v0", Fmt.N(Show.D(v0Bar)), Fmt.N(hb0), Show.Check(Show.D(v0Bar), hb0));
        rev.Add("x̄  = v̄0", Fmt.N(Show.D(v0Bar)), Fmt.N(4 * Math.Exp(4)), Show.Check(Show.D(v0Bar), 4 * Math.Exp(4)));
        rev.Print();

        Func<NDArray, NDArray> f = v => Np.Exp(v * v);
        double whole = Show.D(Grad(f)(Np.Scalar(x)));
        Report.Blank();
        Report.Text($"Grad(f)(2) on the whole function = {Fmt.N(whole)}   {Show.Check(whole, 4 * Math.Exp(4))}");

        Report.SubHeading("The same steps as a jaxpr");
        Report.Text(
            """
            Jax.MakeJaxpr traces a function into equations, one per primitive, in JAX's format.
            The jaxpr of f is the primal trace above:
            """);
        Report.Block("", MakeJaxpr(f)(Np.Scalar(x)));
        Report.Blank();
        Report.Text(
            """
            The jaxpr of Grad(f) is both sweeps in one program: first the primal steps, then the
            adjoints, last to first. exp's pullback multiplies by the saved exp(v1), and because
            v1 = v0 * v0 uses v0 twice, v0 receives two contributions that are then added up.
            """);
        Report.Block("", MakeJaxpr(Grad(f))(Np.Scalar(x)));
    }
}
