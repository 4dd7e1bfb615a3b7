using System;
using FsCheck;
using FsCheck.Fluent;
using Functional.AD.Properties.Arrays;

namespace Functional.AD.Properties.Transforms;

/// <summary>Generators and checks shared by the has_aux and argnums tests.</summary>
internal static class AuxArgnumsSupport
{
    /// <summary>A vector of 1 to 5 doubles in [-2, 2].</summary>
    public static Gen<NDArray> Vector(int minSize = 1) =>
        Gen.Choose(minSize, 5).SelectMany(n => Ref.Values(n, -2, 2).Select(v => Np.Array(v)));

    /// <summary>Two vectors of the same length, 1 to 5, in [-2, 2].</summary>
    public static Gen<(NDArray A, NDArray B)> Vectors2() =>
        Gen.Choose(1, 5).SelectMany(n => Ref.Values(2 * n, -2, 2).Select(v => (Np.Array(v[..n]), Np.Array(v[n..]))));

    /// <summary>Three vectors of the same length, 1 to 4, in [-1.5, 1.5].</summary>
    public static Gen<(NDArray A, NDArray B, NDArray C)> Vectors3() =>
        Gen.Choose(1, 4).SelectMany(n => Ref.Values(3 * n, -1.5, 1.5).Select(v => (Np.Array(v[..n]), Np.Array(v[n..(2 * n)]), Np.Array(v[(2 * n)..]))));

    /// <summary>A batch of 1 to 4 vectors of 1 to 4 elements, as a matrix [batch, n].</summary>
    public static Gen<NDArray> Batch() =>
        Gen.Choose(1, 4).SelectMany(b => Gen.Choose(1, 4).SelectMany(n => Ref.Values(b * n, -2, 2).Select(v => Np.FromFlat(v, [b, n]))));

    /// <summary>The Jacobian of <paramref name="f"/> at <paramref name="x"/> by central differences: shape out ++ x.Shape.</summary>
    public static NDArray FiniteJacobian(Func<NDArray, NDArray> f, NDArray x, double eps = 1e-6)
    {
        var xs = x.ToArray<double>();
        var y = f(x);
        int m = y.Size, n = xs.Length;
        var jac = new double[m * n];
        for (int j = 0; j < n; j++)
        {
            var plus = (double[])xs.Clone();
            var minus = (double[])xs.Clone();
            plus[j] += eps;
            minus[j] -= eps;
            var yp = f(Np.FromFlat(plus, [.. x.Shape])).ToArray<double>();
            var ym = f(Np.FromFlat(minus, [.. x.Shape])).ToArray<double>();
            for (int i = 0; i < m; i++) jac[(i * n) + j] = (yp[i] - ym[i]) / (2 * eps);
        }
        return Np.FromFlat(jac, [.. y.Shape, .. x.Shape]);
    }

    /// <summary>A diagonal matrix with <paramref name="d"/> on its diagonal.</summary>
    public static NDArray Diag(NDArray d) => Np.Eye(d.Size) * d;

    /// <summary>Asserts two f64 arrays agree to <paramref name="tol"/> (relative and absolute).</summary>
    public static void Close(NDArray expected, NDArray actual, string what, double tol = 1e-10) =>
        NumericAssert.AllClose(expected, actual, what, tol);
}
