using System;
using System.Linq;
using System.Text;

namespace Functional.AD.Testing;

/// <summary>
/// Checks the derivatives of a function in the spirit of JAX's <c>check_grads</c>: forward mode against
/// fourth-order central finite differences, reverse mode by the transpose identity &lt;u, J v&gt; = &lt;Jᵀ u, v&gt;, and
/// recursively the derivatives of those derivatives up to the requested order.
/// </summary>
public static class GradientCheck
{
    /// <summary>Checks a function of one array. See <see cref="CheckGrads(Func{NDArray[], NDArray}, NDArray[], int, GradientCheckModes, GradientTolerance?, int)"/>.</summary>
    public static void CheckGrads(Func<NDArray, NDArray> f, NDArray x, int order, GradientCheckModes modes = GradientCheckModes.Both,
        GradientTolerance? tolerance = null, int seed = 0) =>
        CheckGrads(args => f(args[0]), new[] { x }, order, modes, tolerance, seed);

    /// <summary>
    /// Checks the derivatives of <paramref name="f"/> at <paramref name="args"/> (floating-point arrays) up to
    /// <paramref name="order"/>, in the given modes, with random directions drawn from <paramref name="seed"/>.
    /// Throws <see cref="GradientCheckException"/> on a mismatch.
    /// </summary>
    public static void CheckGrads(Func<NDArray[], NDArray> f, NDArray[] args, int order, GradientCheckModes modes = GradientCheckModes.Both,
        GradientTolerance? tolerance = null, int seed = 0)
    {
        if (order < 1) throw new ArgumentOutOfRangeException(nameof(order), "order must be at least 1");
        foreach (var a in args)
            if (!a.DType.IsFloat()) throw new ArgumentException($"CheckGrads: every argument must be floating point, got {a.ArrayType}");
        var tol = tolerance ?? GradientTolerance.For(args.Length == 0 ? DType.Float64 : args.Min(a => a.DType));
        var rng = new System.Random(seed);
        Check(f, args, order, modes, tol, rng, "");
    }

    private static void Check(Func<NDArray[], NDArray> f, NDArray[] args, int order, GradientCheckModes modes,
        GradientTolerance tol, System.Random rng, string path)
    {
        if (modes.HasFlag(GradientCheckModes.Forward))
        {
            string where = path + "jvp";
            CheckJvp(f, args, tol, rng, where);
            if (order > 1)
            {
                // The function (x, v) -> J(x) v, checked one order lower.
                int n = args.Length;
                NDArray JvpFn(NDArray[] xv) =>
                    Jax.Jvp<NDArray[], NDArray>(a => f(a), xv[..n], xv[n..]).Tangent;
                var tangents = args.Select(a => RandomLike(a, rng)).ToArray();
                Check(JvpFn, args.Concat(tangents).ToArray(), order - 1, modes, tol, rng, where + " of ");
            }
        }
        if (modes.HasFlag(GradientCheckModes.Reverse))
        {
            string where = path + "vjp";
            CheckVjp(f, args, tol, rng, where);
            if (order > 1)
            {
                // The function x -> J(x)^T f(x) (the pullback of the output itself), flattened into one array.
                NDArray VjpFn(NDArray[] xs)
                {
                    var (y, pullback) = Jax.Vjp<NDArray[], NDArray>(a => f(a), xs);
                    var cts = pullback(y);
                    return cts.Length == 1 ? cts[0] : Np.Concatenate(cts.Select(c => c.Reshape(-1)).ToArray());
                }
                Check(VjpFn, args, order - 1, modes, tol, rng, where + " of ");
            }
        }
    }

    private static void CheckJvp(Func<NDArray[], NDArray> f, NDArray[] args, GradientTolerance tol, System.Random rng, string where)
    {
        var v = args.Select(a => RandomLike(a, rng)).ToArray();
        var (y, ty) = Jax.Jvp<NDArray[], NDArray>(a => f(a), args, v);
        var yDirect = f(args);
        Compare(y, yDirect, tol, where + ": primal output vs f(x)", args);
        var numeric = NumericJvp(f, args, v, tol.Eps);
        Compare(ty, numeric, tol, where + ": tangent vs central finite differences", args);
    }

    private static void CheckVjp(Func<NDArray[], NDArray> f, NDArray[] args, GradientTolerance tol, System.Random rng, string where)
    {
        var (y, pullback) = Jax.Vjp<NDArray[], NDArray>(a => f(a), args);
        if (!y.DType.IsFloat()) return;
        var u = RandomLike(y, rng);
        var ctIn = pullback(u);
        var v = args.Select(a => RandomLike(a, rng)).ToArray();
        var tangentOut = NumericJvp(f, args, v, tol.Eps);
        double lhs = Inner(u, tangentOut);
        double rhs = 0;
        for (int i = 0; i < args.Length; i++) rhs += Inner(ctIn[i], v[i]);
        if (!(Math.Abs(lhs - rhs) <= tol.Atol + tol.Rtol * Math.Abs(lhs)))
            throw new GradientCheckException(
                $"{where}: transpose identity fails: <u, J v> = {lhs:R} (J v by finite differences) but <J^T u, v> = {rhs:R} " +
                $"(difference {Math.Abs(lhs - rhs):E3}, tolerance atol {tol.Atol} + rtol {tol.Rtol})\n" + Describe(args));
    }

    /// <summary>
    /// The directional derivative of f along v by the fourth-order central stencil
    /// (8 (f(x + h v) - f(x - h v)) - (f(x + 2h v) - f(x - 2h v))) / (12 h), differences taken in f64.
    /// Its truncation error falls as h⁴, so third and higher derivatives (whose own derivatives are large)
    /// are checked at the step's tolerance instead of drowning in the plain central difference's h² error.
    /// </summary>
    private static NDArray NumericJvp(Func<NDArray[], NDArray> f, NDArray[] args, NDArray[] v, double eps)
    {
        NDArray At(double step) => f(args.Select((a, i) => (a + v[i] * step).AsType(a.DType)).ToArray()).AsType(DType.Float64);
        var near = At(eps) - At(-eps);
        var far = At(2 * eps) - At(-2 * eps);
        return (near * 8.0 - far) / (12 * eps);
    }

    private static double Inner(NDArray a, NDArray b)
    {
        var x = a.ToArray<double>();
        var y = b.ToArray<double>();
        double s = 0;
        for (int i = 0; i < x.Length; i++) s += x[i] * y[i];
        return s;
    }

    private static NDArray RandomLike(NDArray like, System.Random rng)
    {
        var data = new double[like.Size];
        for (int i = 0; i < data.Length; i++)
        {
            // Box-Muller standard normal
            double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
            data[i] = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }
        return Np.FromFlat(data, like.Shape.ToArray()).AsType(like.DType);
    }

    /// <summary>
    /// Compares derivative arrays norm-wise: max |actual - expected| ≤ atol + rtol · max |expected|. Finite
    /// differences err in proportion to the function's overall scale, so an element near zero is judged
    /// against the size of the whole array, not its own.
    /// </summary>
    private static void Compare(NDArray actual, NDArray expected, GradientTolerance tol, string what, NDArray[] args)
    {
        if (actual.Shape != expected.Shape)
            throw new GradientCheckException($"{what}: shapes differ, {actual.ArrayType} vs {expected.ArrayType}\n" + Describe(args));
        var a = actual.ToArray<double>();
        var e = expected.ToArray<double>();
        double scale = 0;
        foreach (var v in e) if (double.IsFinite(v)) scale = Math.Max(scale, Math.Abs(v));
        double allowed = tol.Atol + tol.Rtol * scale;
        for (int i = 0; i < a.Length; i++)
        {
            double diff = Math.Abs(a[i] - e[i]);
            bool bothNaN = double.IsNaN(a[i]) && double.IsNaN(e[i]);
            bool sameInfinity = double.IsInfinity(a[i]) && a[i] == e[i];
            if (!bothNaN && !sameInfinity && !(diff <= allowed))
                throw new GradientCheckException(
                    $"{what}: element {i} is {a[i]:R}, expected {e[i]:R} (difference {diff:E3}; allowed atol {tol.Atol} + rtol {tol.Rtol} × max|expected| {scale:G4} = {allowed:E3})\n" +
                    $"actual:   {actual}\nexpected: {expected}\n" + Describe(args));
        }
    }

    private static string Describe(NDArray[] args)
    {
        var sb = new StringBuilder("at inputs:");
        for (int i = 0; i < args.Length; i++) sb.Append($"\n  arg {i}: {args[i].ArrayType} = {args[i]}");
        return sb.ToString();
    }
}
