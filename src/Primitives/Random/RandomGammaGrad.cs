using System;

namespace Functional.AD;

/// <summary>
/// The <c>random_gamma_grad</c> primitive (JAX's <c>lax.random_gamma_grad(a, x)</c>): the derivative of a Gamma(a)
/// sample x with respect to its shape parameter a by implicit reparameterization, dx/da = -(∂P(a, x)/∂a) / p(a, x)
/// with P the regularized lower incomplete gamma function and p the density. As in JAX (after XLA), ∂P/∂a comes from
/// the power series of P (x ≤ 1 or x ≤ a) or the continued fraction of 1 - P (otherwise), each differentiated term by
/// term; the factor x^a e^-x / Γ(a) that P and p share cancels, so nothing underflows in the tails. The kernel works in
/// double precision for both float dtypes. x = 0 gives 0; x &lt; 0, a ≤ 0 and NaN give NaN. Its derivative in x is
/// ψ(a) - log x - g ((a - 1)/x - 1); it has none in a (as in JAX), so a second derivative of a Gamma sample with
/// respect to a fails with an error naming this primitive.
/// </summary>
internal sealed class RandomGammaGradPrimitive : BinaryElementwise
{
    // (declared before Instance: static fields initialize in order)
    private static readonly ElementwiseKernels.BinaryKernels<double> F64Kernels = new(
        (a, x, y) => { for (int i = 0; i < y.Length; i++) y[i] = SampleDerivative(a[i], x[i]); },
        (a, x, y) => { for (int i = 0; i < y.Length; i++) y[i] = SampleDerivative(a[i], x); },
        (a, x, y) => { for (int i = 0; i < y.Length; i++) y[i] = SampleDerivative(a, x[i]); });

    private static readonly ElementwiseKernels.BinaryKernels<float> F32Kernels = new(
        (a, x, y) => { for (int i = 0; i < y.Length; i++) y[i] = (float)SampleDerivative(a[i], x[i]); },
        (a, x, y) => { for (int i = 0; i < y.Length; i++) y[i] = (float)SampleDerivative(a[i], x); },
        (a, x, y) => { for (int i = 0; i < y.Length; i++) y[i] = (float)SampleDerivative(a, x[i]); });

    internal static readonly RandomGammaGradPrimitive Instance = new();

    private RandomGammaGradPrimitive() : base("random_gamma_grad", F64Kernels, F32Kernels, null) { }

    protected override (NDArray Primal, NDArray? Tangent) Jvp(NDArray[] primals, NDArray?[] tangents, NoParams parameters)
    {
        var (a, x) = (primals[0], primals[1]);
        var g = Apply(a, x);
        if (tangents[0] is not null)
            throw new NotSupportedException(
                $"random_gamma_grad: no derivative with respect to the shape parameter a ({a.Type}), as in JAX; " +
                "so a Gamma, Beta or Dirichlet sample is differentiable once in its parameters, not twice");
        if (tangents[1] is not { } tx) return (g, null);
        var aFull = Ops.BroadcastTo(a, g.Shape);
        var xFull = Ops.BroadcastTo(x, g.Shape);
        var one = Ops.Const(g, 1);
        // d/dx of -(dP/da)/p: -d log p/da - g d log p/dx, with log p = (a - 1) log x - x - lgamma(a)
        var dlogpDx = Ops.Sub(Ops.Div(Ops.Sub(aFull, one), xFull), one);
        var jac = Ops.Sub(Ops.Sub(Ops.Digamma(aFull), Ops.Log(xFull)), Ops.Mul(g, dlogpDx));
        return (g, Ops.Mul(Ops.BroadcastTo(tx, g.Shape), jac));
    }

    /// <summary>dx/da for a Gamma(a) sample x: -(∂P(a, x)/∂a) / p(a, x).</summary>
    internal static double SampleDerivative(double a, double x)
    {
        if (double.IsNaN(a) || double.IsNaN(x) || x < 0 || a <= 0 || double.IsPositiveInfinity(x)) return double.NaN;
        if (x == 0) return 0;
        if (double.IsPositiveInfinity(a)) return double.NaN;
        return x > 1 && x > a ? ContinuedFraction(a, x) : Series(a, x);
    }

    /// <summary>
    /// P = (x^a e^-x / Γ(a + 1)) Σ c_n with c_0 = 1, c_n = c_(n-1) x / (a + n), differentiated in a term by term; the
    /// result in units where the shared factor has cancelled against the density.
    /// </summary>
    private static double Series(double a, double x)
    {
        double r = a, c = 1, sum = 1, dc = 0, dsum = 0;
        for (int n = 0; n < 1_000_000; n++)
        {
            r += 1;
            dc = dc * (x / r) - c * x / (r * r);
            dsum += dc;
            c *= x / r;
            sum += c;
            if (!(Math.Abs(dc / dsum) > Eps)) break;
        }
        double dLogFactor = Math.Log(x) - AccurateMath.Digamma(a + 1);
        return -(dsum + sum * dLogFactor) * x / a;
    }

    /// <summary>
    /// 1 - P = (x^a e^-x / Γ(a)) · K with K the continued fraction of the upper incomplete gamma function (as the
    /// Cephes recurrence of convergents p_k / q_k), its derivative in a carried along the recurrence.
    /// </summary>
    private static double ContinuedFraction(double a, double x)
    {
        double y = 1 - a, z = x + y + 1, c = 0;
        double pkm2 = 1, qkm2 = x, pkm1 = x + 1, qkm1 = z * x;
        double ans = pkm1 / qkm1;
        double dpkm2 = 0, dqkm2 = 0, dpkm1 = 0, dqkm1 = -x;
        double dans = (dpkm1 - ans * dqkm1) / qkm1;
        while (c < 2000)
        {
            c += 1;
            y += 1;
            z += 2;
            double yc = y * c;
            double pk = pkm1 * z - pkm2 * yc;
            double qk = qkm1 * z - qkm2 * yc;
            double dpk = dpkm1 * z - pkm1 - dpkm2 * yc + pkm2 * c;
            double dqk = dqkm1 * z - qkm1 - dqkm2 * yc + qkm2 * c;
            double change = 1;
            if (qk != 0)
            {
                ans = pk / qk;
                double next = (dpk - ans * dqk) / qk;
                change = Math.Abs(next - dans);
                dans = next;
            }
            (pkm2, pkm1, qkm2, qkm1) = (pkm1, pk, qkm1, qk);
            (dpkm2, dpkm1, dqkm2, dqkm1) = (dpkm1, dpk, dqkm1, dqk);
            if (Math.Abs(pk) > 1 / Eps)
            {
                pkm2 *= Eps; pkm1 *= Eps; qkm2 *= Eps; qkm1 *= Eps;
                dpkm2 *= Eps; dpkm1 *= Eps; dqkm2 *= Eps; dqkm1 *= Eps;
            }
            if (!(change > Eps)) break;
        }
        double dLogFactor = Math.Log(x) - AccurateMath.Digamma(a);
        return (dans + ans * dLogFactor) * x;
    }

    /// <summary>The f64 machine epsilon (2^-52), the convergence threshold.</summary>
    private const double Eps = 2.220446049250313e-16;
}

internal static partial class Ops
{
    /// <summary>d x / d a of Gamma(a) samples x by implicit reparameterization (same dtype; equal shapes or a 0-d operand).</summary>
    internal static NDArray RandomGammaGrad(NDArray a, NDArray x) => RandomGammaGradPrimitive.Instance.Apply(a, x);
}
